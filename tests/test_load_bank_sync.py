"""load_bank never overwrites a teacher's work: what it loaded last is recorded (a hash per item); an item edited
since (admin, API, import) is kept and reported unless --force; --only-new (make run) only adds what is missing."""

import pytest

from quizzes.models import BankLoadRecord, Question, Quiz
from tests.conftest import run_command
from tests.factories import QuestionFactory, UserFactory
from tests.test_admin_bulk_actions import run_action
from tests.test_load_bank import valid_question, write_questions

pytestmark = pytest.mark.django_db

QUESTION = "trotsky-assassin-name"
CORRECTED = "The Wikipedia article names Ramón Mercader, a Stalinist agent."
CONFLICT = f"trotsky.yaml: {QUESTION}: edited in the admin since the last load; --force to overwrite"


@pytest.fixture
def corrected_by_a_teacher(cast, loaded_bank):
    """The teacher corrected the question's explanation through the API."""
    response = cast.client("teacher").patch(
        f"/api/v1/bank/questions/{QUESTION}/", {"explanation": CORRECTED}, format="json"
    )
    assert response.status_code == 200, response.json()


def explanation() -> str:
    return Question.objects.get(slug=QUESTION).explanation


def test_each_loaded_item_has_its_content_hash_recorded(loaded_bank):
    recorded = BankLoadRecord.objects.filter(kind="question", item=QUESTION).get()
    assert len(recorded.content_hash) == 64
    assert BankLoadRecord.objects.filter(kind="quiz").count() == Quiz.objects.count()


def test_an_edited_explanation_is_kept_and_reported_as_a_conflict(corrected_by_a_teacher):
    out, err = run_command("load_bank")
    assert explanation() == CORRECTED
    assert CONFLICT in err.splitlines()[0]
    assert "questions: 0 created, 0 updated" in out and "1 kept as edited" in out


def test_an_edit_is_kept_even_when_the_files_changed_too(corrected_by_a_teacher, bank_copy):
    path = bank_copy / "questions" / "trotsky.yaml"
    path.write_text(path.read_text().replace("Give the assassin's name.", "Give his name."))
    _, err = run_command("load_bank", str(bank_copy))
    question = Question.objects.get(slug=QUESTION)
    assert question.explanation == CORRECTED and question.prompt.endswith("the assassin's name.")
    assert CONFLICT in err


def test_an_item_nobody_edited_is_updated_from_the_files(loaded_bank, bank_copy):
    path = bank_copy / "questions" / "trotsky.yaml"
    path.write_text(path.read_text().replace("Give the assassin's name.", "Give his name."))
    out, err = run_command("load_bank", str(bank_copy))
    assert "questions: 0 created, 1 updated" in out and err == ""
    assert Question.objects.get(slug=QUESTION).prompt.endswith("Give his name.")
    # ...and what it loaded is recorded, so the next change to the files goes through as well.
    path.write_text(path.read_text().replace("Give his name.", "Name him."))
    assert "questions: 0 created, 1 updated" in run_command("load_bank", str(bank_copy))[0]


def test_force_overwrites_the_edit(corrected_by_a_teacher):
    out, err = run_command("load_bank", "--force")
    assert explanation().startswith("Only the Wikipedia article names him")
    assert "questions: 0 created, 1 updated" in out and err == ""
    assert "questions: 0 created, 0 updated" in run_command("load_bank")[0]


def test_a_question_a_teacher_added_to_a_shipped_quiz_stays(client, loaded_bank):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    quiz = Quiz.objects.get(slug="first-look")
    added = QuestionFactory()
    run_action(client, "add_to_quiz", [added], quiz=str(quiz.pk))
    assert quiz.questions.filter(pk=added.pk).exists()
    _, err = run_command("load_bank")
    assert quiz.questions.filter(pk=added.pk).exists()
    assert "first-look.yaml: first-look: edited in the admin since the last load; --force to overwrite" in err


def test_only_new_adds_what_is_missing_and_leaves_every_edit_without_a_report(corrected_by_a_teacher, bank_copy):
    path = bank_copy / "questions" / "trotsky.yaml"
    path.write_text(path.read_text().replace("Give the assassin's name.", "Give his name."))
    write_questions(bank_copy, "extra.yaml", [valid_question()])
    out, err = run_command("load_bank", str(bank_copy), "--only-new")
    assert Question.objects.filter(slug="extra-question").exists()
    assert explanation() == CORRECTED and Question.objects.get(slug=QUESTION).prompt.endswith("the assassin's name.")
    assert "questions: 1 created, 0 updated" in out and err == ""


def test_running_it_again_is_safe(loaded_bank):
    first = run_command("load_bank")
    second = run_command("load_bank")
    assert first == second
    assert "0 created, 0 updated" in second[0] and second[1] == ""

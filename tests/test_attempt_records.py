"""Attempts are records: versions, frozen slots, stable item keys, pools, regrade, check per question, publishing."""

from decimal import Decimal

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.models import (
    AttemptRegrade,
    AttemptSlot,
    Course,
    OrderingItem,
    Question,
    QuestionVersion,
    Quiz,
    QuizPool,
    QuizQuestion,
)
from quizzes.services import attempts
from quizzes.services.grading import correct_answer
from tests.conftest import run_command, run_failing_command
from tests.factories import QuestionFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db

BANK = "/api/v1/bank/questions/"
SINGLE = "stalin-death-revolupedia-account"
ORDERING = "chronology-stalin-era-milestones"


def a_quiz(*slugs, **settings) -> Quiz:
    """A published quiz of these shipped questions, in the API cast's course (its teacher may edit it)."""
    quiz = QuizFactory(slug="records", status=Quiz.Status.PUBLISHED, **settings)
    quiz.courses.set(Course.objects.filter(slug="history-101"))
    quiz.quiz_questions.all().delete()
    for position, slug in enumerate(slugs, start=1):
        QuizQuestion.objects.create(quiz=quiz, question=Question.objects.get(slug=slug), position=position)
    return quiz


def the_key(slug: str):
    return correct_answer(Question.objects.get(slug=slug))


def edit_in_the_bank(cast, slug: str, change) -> dict:
    """Change a question through the bank API (the same service as the admin and load_bank)."""
    teacher = cast.client("teacher")
    entry = teacher.get(f"{BANK}{slug}/").json()
    change(entry)
    response = teacher.put(f"{BANK}{slug}/", entry, format="json")
    assert response.status_code == 200, response.json()
    return entry


def start_and_answer(cast, quiz, answers: dict, role="student") -> int:
    client = cast.client(role)
    attempt_id = client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/").json()["id"]
    for slug, answer in answers.items():
        saved = client.put(f"/api/v1/attempts/{attempt_id}/answers/{slug}/", {"answer": answer}, format="json")
        assert saved.status_code == 200, saved.json()
    return attempt_id


def other_choice(entry: dict) -> str:
    return next(choice["key"] for choice in entry["choices"] if choice["key"] != entry["answer"])


def test_editing_the_key_after_submission_changes_neither_the_grade_nor_its_review(cast, loaded_bank):
    quiz = a_quiz(SINGLE)
    old_key = the_key(SINGLE)
    attempt_id = start_and_answer(cast, quiz, {SINGLE: old_key})
    cast.client("student").post(f"/api/v1/attempts/{attempt_id}/submit/")
    before = cast.client("student").get(f"/api/v1/attempts/{attempt_id}/result/").json()

    entry = edit_in_the_bank(cast, SINGLE, lambda e: e.update(answer=other_choice(e)))

    question = Question.objects.get(slug=SINGLE)
    assert question.current_version.number == 2 and question.versions.count() == 2
    after = cast.client("student").get(f"/api/v1/attempts/{attempt_id}/result/").json()
    assert after == before
    row = after["questions"][0]
    assert row["version"] == 1 and row["credit"] == 1.0
    new_key_text = next(c["text"] for c in entry["choices"] if c["key"] == entry["answer"])
    assert new_key_text not in row["review"]["answer"]


def test_an_open_attempt_is_graded_by_the_version_it_showed(cast, loaded_bank):
    quiz = a_quiz(SINGLE)
    attempt_id = start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)})
    edit_in_the_bank(cast, SINGLE, lambda e: e.update(answer=other_choice(e)))
    submitted = cast.client("student").post(f"/api/v1/attempts/{attempt_id}/submit/").json()
    assert submitted["score"] == "1.00"
    # A new attempt shows the new version and grades by it.
    second = start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)}, role="other_student")
    assert AttemptSlot.objects.get(attempt_id=second).version.number == 2


def test_a_typo_fix_in_an_ordering_item_keeps_its_key_and_the_saved_answer(cast, loaded_bank, client):
    quiz = a_quiz(ORDERING)
    keys_before = dict(OrderingItem.objects.filter(question__slug=ORDERING).values_list("position", "key"))
    old_text = OrderingItem.objects.get(question__slug=ORDERING, position=1).text
    attempt_id = start_and_answer(cast, quiz, {ORDERING: the_key(ORDERING)})

    edit_in_the_bank(cast, ORDERING, lambda e: e["answer"].__setitem__(0, e["answer"][0] + " (typo fixed)"))

    assert dict(OrderingItem.objects.filter(question__slug=ORDERING).values_list("position", "key")) == keys_before
    submitted = cast.client("student").post(f"/api/v1/attempts/{attempt_id}/submit/").json()
    assert submitted["score"] == "1.00"
    client.force_login(cast.student)
    page = client.get(f"/attempts/{attempt_id}/result/").content.decode()
    assert "1. ?" not in page and old_text in page and "(typo fixed)" not in page


def test_removing_a_question_from_a_quiz_keeps_its_attempts_whole(cast, loaded_bank):
    quiz = a_quiz(SINGLE, ORDERING)
    attempt_id = start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)})
    cast.client("student").post(f"/api/v1/attempts/{attempt_id}/submit/")
    quiz.quiz_questions.filter(question__slug=ORDERING).delete()
    result = cast.client("student").get(f"/api/v1/attempts/{attempt_id}/result/").json()
    assert [row["question"]["id"] for row in result["questions"]] == [SINGLE, ORDERING]
    assert (result["score"], result["max_score"]) == ("1.00", "2.00")


def test_the_type_of_an_answered_question_cannot_change(cast, loaded_bank, bank_copy):
    quiz = a_quiz(SINGLE)
    start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)})
    teacher = cast.client("teacher")
    entry = teacher.get(f"{BANK}{SINGLE}/").json()
    entry.update(type="multiple_choice", answer=[entry["answer"]])
    refused = teacher.put(f"{BANK}{SINGLE}/", entry, format="json")
    assert refused.status_code == 400 and "type can't change" in refused.json()["detail"]

    path = next(p for p in (bank_copy / "questions").glob("*.yaml") if f"id: {SINGLE}\n" in p.read_text())
    questions = yaml.safe_load(path.read_text())
    changed = next(q for q in questions if q["id"] == SINGLE)
    changed.update(type="multiple_choice", answer=[changed["answer"]])
    path.write_text(yaml.safe_dump(questions, allow_unicode=True, sort_keys=False))
    error, out, err = run_failing_command("load_bank", str(bank_copy))
    assert f"{SINGLE}: type can't change from single_choice to multiple_choice" in out + err
    assert Question.objects.get(slug=SINGLE).type == "single_choice"


def test_a_pool_draws_questions_the_student_has_not_seen_while_enough_remain(student):
    chosen = QuestionFactory.create_batch(4, status=Question.Status.PUBLISHED)
    quiz = QuizFactory(n_questions=1, status=Quiz.Status.PUBLISHED)
    pool = QuizPool.objects.create(quiz=quiz, position=2, draw_count=2, points=3)
    pool.questions.set(chosen)
    now = timezone.now()
    drawn = []
    for _ in range(3):
        attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
        slots = attempt.slots.order_by("position")
        assert [slot.points for slot in slots] == [1, 3, 3]
        drawn.append({slot.question_id for slot in slots if slot.pool_id == pool.pk})
        attempt = attempts.submit_attempt(attempt=attempt, now=now)
    assert len(drawn[0]) == len(drawn[1]) == len(drawn[2]) == 2
    assert drawn[0].isdisjoint(drawn[1]) and drawn[0] | drawn[1] == {q.pk for q in chosen}
    assert attempt.max_score == 7


def test_the_shipped_bank_has_a_pool_and_load_bank_round_trips_it(loaded_bank):
    pools = QuizPool.objects.select_related("quiz", "topic")
    assert pools.exists()
    exported, _ = run_command("export_bank", "-o", "-")
    assert '"draw":' in exported
    out, _ = run_command("load_bank")
    assert "quizzes: 0 created, 0 updated" in out
    pool = pools.first()
    fixed = pool.quiz.quiz_questions.values("question_id")
    assert attempts.pool_candidates(pool).exclude(pk__in=fixed).count() >= pool.draw_count


def test_regrade_lists_the_changes_first_then_applies_and_records_them(cast, loaded_bank):
    quiz = a_quiz(SINGLE, ORDERING)
    right = start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)})
    cast.client("student").post(f"/api/v1/attempts/{right}/submit/")
    edit_in_the_bank(cast, SINGLE, lambda e: e.update(answer=other_choice(e)))
    teacher = cast.client("teacher")
    url = f"/api/v1/quizzes/{quiz.slug}/regrade/"

    preview = teacher.post(url, {"questions": [SINGLE]}, format="json")
    assert preview.status_code == 200, preview.json()
    body = preview.json()
    assert body["dry_run"] is True
    assert [(a["attempt"], a["old_score"], a["new_score"]) for a in body["attempts"]] == [(right, "1.00", "0.00")]
    assert attempts_score(right) == Decimal("1.00") and not AttemptRegrade.objects.exists()

    applied = teacher.post(url, {"questions": [SINGLE], "dry_run": False}, format="json").json()
    assert applied["dry_run"] is False and applied["attempts"] == body["attempts"]
    assert attempts_score(right) == Decimal("0.00")
    record = AttemptRegrade.objects.get(attempt_id=right)
    assert record.regraded_by == cast.teacher and record.old_score == Decimal("1.00")
    assert record.changes[0]["old_version"] == 1 and record.changes[0]["new_version"] == 2
    assert AttemptSlot.objects.get(attempt_id=right, question__slug=SINGLE).version.number == 2
    assert teacher.post(url, {"questions": [SINGLE]}, format="json").json()["attempts"] == []


def attempts_score(attempt_id: int) -> Decimal:
    return attempts.Attempt.objects.get(pk=attempt_id).score


def test_the_admin_regrades_after_a_dry_run(cast, loaded_bank, teacher_in_admin, bank_teacher):
    quiz = a_quiz(SINGLE, author=bank_teacher)  # a teacher regrades only a quiz within their authoring scope
    attempt_id = start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)})
    cast.client("student").post(f"/api/v1/attempts/{attempt_id}/submit/")
    edit_in_the_bank(cast, SINGLE, lambda e: e.update(answer=other_choice(e)))
    url = f"/admin/quizzes/quiz/{quiz.pk}/regrade/"
    question = Question.objects.get(slug=SINGLE)

    preview = teacher_in_admin.post(url, {"questions": [question.pk], "apply": "0"}).content.decode()
    assert "1 score(s) would change" in preview and "1.00" in preview
    assert attempts_score(attempt_id) == Decimal("1.00")
    applied = teacher_in_admin.post(url, {"questions": [question.pk], "apply": "1"})
    assert applied.status_code == 302
    assert attempts_score(attempt_id) == Decimal("0.00")
    assert AttemptRegrade.objects.get(attempt_id=attempt_id).regraded_by == bank_teacher


def test_checking_a_question_locks_it_and_shows_its_key_while_the_rest_stays_editable(cast, loaded_bank):
    quiz = a_quiz(SINGLE, ORDERING, review_mode=Quiz.ReviewMode.PER_QUESTION)
    client = cast.client("student")
    attempt_id = start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)})
    url = f"/api/v1/attempts/{attempt_id}"
    nothing = client.post(f"{url}/answers/{ORDERING}/check/")
    assert nothing.status_code == 400 and nothing.json()["code"] == "nothing_to_check"
    checked = client.post(f"{url}/answers/{SINGLE}/check/").json()
    assert checked["checked_at"] and checked["credit"] == 1.0 and checked["review"]["citations"]
    locked = client.put(f"{url}/answers/{SINGLE}/", {"answer": "zz-not-the-key"}, format="json")
    assert locked.status_code == 400
    assert client.put(f"{url}/answers/{ORDERING}/", {"answer": the_key(ORDERING)}, format="json").status_code == 200
    rows = client.get(f"{url}/").json()["questions"]
    assert [row["checked_at"] is not None for row in rows] == [True, False]


def test_a_quiz_without_questions_cannot_be_published(teacher_in_admin, bank_copy, loaded_bank):
    response = teacher_in_admin.post(
        "/admin/quizzes/quiz/add/",
        {
            "title": "Empty", "slug": "empty", "description": "", "status": "published", "layout": "one_per_page",
            "review_mode": "after_submission", "pass_mark": "60",
            **{f"{prefix}-{name}": value for prefix in ("quiz_questions", "pools")
               for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                                   ("MAX_NUM_FORMS", "1000"))},
        },
    )  # fmt: skip
    assert response.status_code == 200 and "needs at least one question or pool" in response.content.decode()
    assert not Quiz.objects.filter(slug="empty").exists()

    (bank_copy / "quizzes" / "empty.yaml").write_text(
        "- id: empty-quiz\n  title: Empty\n  status: published\n  questions: []\n"
    )
    _, out, err = run_failing_command("load_bank", str(bank_copy))
    assert "empty-quiz: a published quiz needs at least one question or pool" in out + err


def test_teachers_see_each_version_with_its_author_and_a_diff(cast, loaded_bank, teacher_in_admin):
    quiz = a_quiz(SINGLE)
    start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)})
    edit_in_the_bank(cast, SINGLE, lambda e: e.update(explanation=e["explanation"] + " Reworded."))
    question = Question.objects.get(slug=SINGLE)
    page = teacher_in_admin.get(f"/admin/quizzes/question/{question.pk}/change/").content.decode()
    assert "v2 by teach" in page and "v1 by the bank files" in page
    diff = teacher_in_admin.get(f"/admin/quizzes/question/{question.pk}/versions/diff/?a=1&b=2").content.decode()
    assert "Reworded." in diff and "+" in diff
    assert teacher_in_admin.get(f"/admin/quizzes/question/{question.pk}/versions/diff/?a=1&b=9").status_code == 404


def test_an_unused_version_is_edited_in_place(cast, loaded_bank):
    edit_in_the_bank(cast, SINGLE, lambda e: e.update(explanation=e["explanation"] + " Once."))
    edit_in_the_bank(cast, SINGLE, lambda e: e.update(explanation=e["explanation"] + " Twice."))
    assert QuestionVersion.objects.filter(question__slug=SINGLE).count() == 1


def real_queries(captured) -> int:
    """Statements sent to the database, without the transaction control SQLite's driver issues as queries."""
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return sum(1 for query in captured.captured_queries if not query["sql"].upper().startswith(control))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("n_questions", [3, 40])
def test_student_requests_stay_within_six_queries_whatever_the_quiz_size(client, n_questions):
    student = UserFactory()
    quiz = QuizFactory(n_questions=n_questions, status=Quiz.Status.PUBLISHED)
    client.force_login(student)
    attempt_id = int(client.post(f"/quizzes/{quiz.slug}/start/").url.strip("/").split("/")[-1])
    for _ in range(3):  # history: earlier attempts must not make the pages slower
        other = QuizFactory(n_questions=n_questions, status=Quiz.Status.PUBLISHED)
        attempts.submit_attempt(attempt=attempts.start_attempt(quiz=other, student=student, now=timezone.now()),
                                now=timezone.now())  # fmt: skip
    slot = AttemptSlot.objects.filter(attempt_id=attempt_id).select_related("question").get(position=2)
    requests = [
        ("get", f"/attempts/{attempt_id}/?q=2", {}),
        ("post", f"/attempts/{attempt_id}/answers/", {"question": slot.question.slug, f"q-{slot.question.slug}": "b"}),
        ("post", f"/attempts/{attempt_id}/answers/", {"question": slot.question.slug, f"q-{slot.question.slug}": "a"}),
        ("get", f"/attempts/{attempt_id}/?q=3", {}),
    ]
    for method, url, data in requests:
        # Session, user, the attempt, the slots it shows or stores, the row lock and one upsert (saves).
        with CaptureQueriesContext(connection) as captured:
            assert getattr(client, method)(url, data).status_code in (200, 302)
        assert real_queries(captured) <= 6, (method, url, [q["sql"][:80] for q in captured.captured_queries])
    client.post(f"/attempts/{attempt_id}/submit/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/attempts/{attempt_id}/result/").status_code == 200
    # Session, user, the attempt, its sources, its slots with versions and responses.
    assert real_queries(captured) <= 6


def test_class_statistics_are_per_question_version_drawn(cast, loaded_bank, client):
    quiz = a_quiz(SINGLE)
    cast.course.students.add(cast.other_student)
    first = start_and_answer(cast, quiz, {SINGLE: the_key(SINGLE)})
    cast.client("student").post(f"/api/v1/attempts/{first}/submit/")
    entry = edit_in_the_bank(cast, SINGLE, lambda e: e.update(answer=other_choice(e)))
    second = start_and_answer(cast, quiz, {SINGLE: entry["answer"]}, role="other_student")
    cast.client("other_student").post(f"/api/v1/attempts/{second}/submit/")
    client.force_login(cast.teacher)
    rows = client.get(f"/teaching/quizzes/{quiz.slug}/").context["results"].questions
    assert [(row.question.slug, row.version, row.drawn, row.facility) for row in rows] == [
        (SINGLE, 1, 1, 1.0),
        (SINGLE, 2, 1, 1.0),
    ]

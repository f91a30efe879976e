import pytest
from django.core.exceptions import ValidationError

from quizzes.models import Citation, Question, Source

pytestmark = pytest.mark.django_db

URL = "/api/v1/bank/questions/"


def new_question(**overrides) -> dict:
    question = {
        "id": "trotsky-place-of-murder",
        "type": "single_choice",
        "status": "draft",
        "framing": "attributed",
        "difficulty": 1,
        "topics": ["trotsky"],
        "prompt": "According to the Wikipedia article, where was Trotsky assassinated?",
        "choices": [{"key": "a", "text": "In Norway"}, {"key": "b", "text": "In Mexico"}],
        "answer": "b",
        "explanation": "The article says he was assassinated in Mexico.",
        "citations": [{"source": "wikipedia", "quote": "In August 1940, Trotsky was assassinated in Mexico"}],
    }
    question.update(overrides)
    return question


@pytest.fixture
def teacher_client(cast, loaded_bank):
    return cast.client("teacher")


def test_a_teacher_adds_a_question_and_its_citation_is_anchored(cast, teacher_client):
    created = teacher_client.post(URL, new_question(), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["answer"] == "b"
    assert body["citations"][0]["passage"].startswith("p-")
    question = Question.objects.get(slug="trotsky-place-of-murder")
    assert question.author == cast.teacher
    assert list(question.choices.filter(is_correct=True).values_list("key", flat=True)) == ["b"]
    listed = teacher_client.get(URL, {"topic": "trotsky", "type": "single_choice", "status": "draft"}).json()
    assert [row["id"] for row in listed["results"]] == ["trotsky-place-of-murder"]
    assert teacher_client.get(URL, {"source": "cwi", "status": "draft"}).json()["count"] == 0


def test_a_misquote_is_refused_with_the_same_message_as_the_admin(teacher_client):
    misquote = "In August 1940, Trotsky was shot in Mexico"
    refused = teacher_client.post(
        URL, new_question(citations=[{"source": "wikipedia", "quote": misquote}]), format="json"
    )
    assert refused.status_code == 400
    admin_citation = Citation(question=Question(slug="x"), source=Source.objects.get(slug="wikipedia"), quote=misquote)
    with pytest.raises(ValidationError) as admin_error:
        admin_citation.clean()
    admin_message = admin_error.value.message_dict["quote"][0]
    assert refused.json()["errors"]["citations"] == [f"citation 1: {admin_message}"]
    assert "closest text found" in admin_message
    assert not Question.objects.filter(slug="trotsky-place-of-murder").exists()


def test_the_editorial_rule_and_every_other_problem_are_reported_at_once(teacher_client):
    refused = teacher_client.post(
        URL,
        new_question(
            framing="fact",
            answer="z",
            topics=["no-such-topic"],
            disagreement_point="Where?",
            disagreements=[{"source": "wikipedia", "quote": "assassinated in Mexico", "claim": "Mexico."}],
        ),
        format="json",
    )
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors["framing"][0].startswith("framing is 'fact' but the sources disagree on this point")
    assert errors["answer"] == ["answer must be the key of one of the choices"]
    assert errors["topics"] == ["unknown topic 'no-such-topic'"]
    assert errors["disagreements"] == [
        "a disagreement needs at least two positions (two sources, or one source against itself)"
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"type": "essay"}, "type"),
        ({"topics": "trotsky"}, "topics"),
        ({"topics": [["nested"]]}, "topics"),
        ({"type": "multiple_choice", "answer": [["a"]]}, "answer"),
        ({"choices": [{"key": "a"}]}, "choices"),
        ({"citations": "wikipedia"}, "citations"),
        ({"answer": "x" * 301, "type": "short_answer", "choices": None}, "answer"),
        ({"difficulty": "hard"}, "difficulty"),
    ],
)
def test_wrong_types_get_field_errors_never_a_500(teacher_client, overrides, field):
    body = new_question(**overrides)
    body = {name: value for name, value in body.items() if value is not None}
    refused = teacher_client.post(URL, body, format="json")
    assert refused.status_code == 400
    assert field in refused.json()["errors"]


def test_an_id_already_used_is_refused(teacher_client):
    refused = teacher_client.post(URL, new_question(id="stalin-death-cwi-rumours"), format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["id"] == ["id is already used by another question"]


def test_a_teacher_replaces_and_patches_a_question_with_the_same_checks(teacher_client):
    teacher_client.post(URL, new_question(), format="json")
    url = f"{URL}trotsky-place-of-murder/"
    assert teacher_client.put(url, {"prompt": "A form, not JSON"}).status_code == 415
    replaced = teacher_client.put(
        url, new_question(id="ignored", prompt="Where did Trotsky die, says Wikipedia?"), format="json"
    )
    assert replaced.status_code == 200, replaced.json()
    assert replaced.json()["id"] == "trotsky-place-of-murder"
    assert Question.objects.get(slug="trotsky-place-of-murder").prompt == "Where did Trotsky die, says Wikipedia?"

    assert teacher_client.patch(url, {"status": "published"}, format="json").json()["status"] == "published"
    broken = teacher_client.patch(
        url, {"citations": [{"source": "wikipedia", "quote": "Trotsky died in Paris"}]}, format="json"
    )
    assert broken.status_code == 400
    kept = Question.objects.get(slug="trotsky-place-of-murder")
    assert kept.status == "published"
    assert kept.citations.get().quote == "In August 1940, Trotsky was assassinated in Mexico"
    assert teacher_client.patch(url, ["not", "an", "object"], format="json").status_code == 400
    assert teacher_client.get(f"{URL}no-such-question/").status_code == 404

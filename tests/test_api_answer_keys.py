"""No endpoint shows an answer key (explanation, cited quotes, disagreements, correct order) before the quiz's
review setting allows it, to any role; and the result shows it once allowed (so these checks can fail)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, Question, Quiz
from quizzes.services.grading import correct_answer

pytestmark = pytest.mark.django_db

READERS = ("student", "teacher", "integration")


def key_markers(quiz: Quiz) -> list[str]:
    """Texts that only an answer key holds: explanations, cited quotes and the sources' claims."""
    questions = Question.objects.filter(quizzes=quiz).prefetch_related(
        "choices", "citations", "disagreement__positions"
    )
    shown = " ".join(q.prompt + " ".join(c.text for c in q.choices.all()) for q in questions)
    markers = []
    for question in questions:
        markers.append(question.explanation)
        markers += [citation.quote for citation in question.citations.all()]
        if question.disagreement:
            markers += [position.claim for position in question.disagreement.positions.all()]
    return [marker for marker in markers if marker not in shown]


def assert_no_key(response, markers):
    assert response.status_code == 200
    body = json.dumps(response.json(), ensure_ascii=False)
    texts = "\n".join(strings_in(response.json()))
    leaked = [marker for marker in markers if marker in texts]
    assert leaked == []
    assert "is_correct" not in body and "explanation" not in body


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)


def answer_everything(client, attempt_id, quiz):
    questions = Question.objects.filter(quizzes=quiz).prefetch_related(
        "choices", "accepted_answers", "ordering_items", "matching_pairs"
    )
    for question in questions:
        url = f"/api/v1/attempts/{attempt_id}/answers/{question.slug}/"
        assert client.put(url, {"answer": correct_answer(question)}, format="json").status_code == 200


@pytest.fixture
def open_attempt(cast, first_look):
    client = cast.client("student")
    attempt_id = client.post(f"/api/v1/quizzes/{first_look.slug}/attempts/").json()["id"]
    answer_everything(client, attempt_id, first_look)
    return attempt_id


@pytest.mark.parametrize("role", ("anonymous", *READERS, "other_student"))
def test_quiz_questions_never_show_the_key(cast, first_look, role):
    response = cast.client(role).get(f"/api/v1/quizzes/{first_look.slug}/questions/?page_size=100")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert_no_key(response, key_markers(first_look))


@pytest.mark.parametrize("role", READERS)
def test_an_open_attempt_shows_no_key_to_anyone(cast, first_look, open_attempt, role):
    client = cast.client(role)
    markers = key_markers(first_look)
    assert_no_key(client.get(f"/api/v1/attempts/{open_attempt}/"), markers)
    result = client.get(f"/api/v1/attempts/{open_attempt}/result/")
    assert_no_key(result, markers)
    assert all(row["review"] is None and row["credit"] is None for row in result.json()["questions"])
    for path in ("/api/v1/attempts/", f"/api/v1/quizzes/{first_look.slug}/results/", "/api/v1/students/stu/progress/"):
        assert_no_key(client.get(path), markers)


@pytest.mark.parametrize("role", READERS)
def test_review_after_close_hides_the_key_after_submission_until_the_quiz_closes(cast, first_look, role):
    Quiz.objects.filter(pk=first_look.pk).update(
        review_mode=Quiz.ReviewMode.AFTER_CLOSE, closes_at=timezone.now() + timedelta(days=1)
    )
    student = cast.client("student")
    attempt_id = student.post(f"/api/v1/quizzes/{first_look.slug}/attempts/").json()["id"]
    answer_everything(student, attempt_id, first_look)
    student.post(f"/api/v1/attempts/{attempt_id}/submit/")

    result = cast.client(role).get(f"/api/v1/attempts/{attempt_id}/result/")
    assert_no_key(result, key_markers(first_look))
    assert result.json()["review_allowed"] is False

    Quiz.objects.filter(pk=first_look.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    Attempt.objects.filter(pk=attempt_id).update(started_at=timezone.now() - timedelta(days=2))
    Attempt.objects.filter(pk=attempt_id).update(submitted_at=timezone.now() - timedelta(days=1))
    reviewed = cast.client(role).get(f"/api/v1/attempts/{attempt_id}/result/").json()
    assert reviewed["review_allowed"] is True
    assert all(row["review"]["explanation"] for row in reviewed["questions"])


@pytest.mark.parametrize("role", READERS)
def test_the_result_shows_the_key_once_submitted(cast, first_look, open_attempt, role):
    cast.client("student").post(f"/api/v1/attempts/{open_attempt}/submit/")
    rows = cast.client(role).get(f"/api/v1/attempts/{open_attempt}/result/").json()["questions"]
    explanations = set(Question.objects.filter(quizzes=first_look).values_list("explanation", flat=True))
    assert {row["review"]["explanation"] for row in rows} == explanations


def test_review_per_question_shows_the_key_of_answered_questions_only(cast, first_look):
    Quiz.objects.filter(pk=first_look.pk).update(review_mode=Quiz.ReviewMode.PER_QUESTION)
    client = cast.client("student")
    attempt_id = client.post(f"/api/v1/quizzes/{first_look.slug}/attempts/").json()["id"]
    key = correct_answer(Question.objects.get(slug="stalin-death-revolupedia-account"))
    client.put(
        f"/api/v1/attempts/{attempt_id}/answers/stalin-death-revolupedia-account/", {"answer": key}, format="json"
    )
    rows = client.get(f"/api/v1/attempts/{attempt_id}/result/").json()["questions"]
    assert all(row["review"] is None for row in rows), "saving an answer must not show its key"
    checked = client.post(f"/api/v1/attempts/{attempt_id}/answers/stalin-death-revolupedia-account/check/")
    assert checked.status_code == 200 and checked.json()["review"] is not None
    rows = client.get(f"/api/v1/attempts/{attempt_id}/result/").json()["questions"]
    reviewed = {row["question"]["id"] for row in rows if row["review"] is not None}
    assert reviewed == {"stalin-death-revolupedia-account"}
    assert next(row for row in rows if row["review"])["credit"] == 1.0


def test_ordering_and_matching_are_not_shown_in_their_correct_order(cast, first_look, open_attempt):
    ordering = Question.objects.get(slug="chronology-stalin-era-milestones")
    matching = Question.objects.get(slug="perspectives-match-source-to-stance")
    correct_items = list(ordering.ordering_items.values_list("key", flat=True))
    correct_rights = list(matching.matching_pairs.values_list("right_key", flat=True))
    client = cast.client("student")
    quiz_rows = client.get(f"/api/v1/quizzes/{first_look.slug}/questions/?page_size=100").json()["results"]
    attempt_rows = client.get(f"/api/v1/attempts/{open_attempt}/").json()["questions"]
    for shown in [row["question"] for row in quiz_rows] + [row["question"] for row in attempt_rows]:
        if shown["id"] == ordering.slug:
            assert [item["key"] for item in shown["items"]] != correct_items
        if shown["id"] == matching.slug:
            assert [right["key"] for right in shown["right"]] != correct_rights

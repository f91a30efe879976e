import json
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, Question, Quiz, Response
from quizzes.services.grading import correct_answer

pytestmark = pytest.mark.django_db

DISAGREEMENT_CLAIM = "Says in its body only that Stalin died in 1953, and in a note reports repeated rumours"


def keyed_questions(quiz: Quiz) -> list[Question]:
    return list(
        Question.objects.filter(quizzes=quiz).prefetch_related(
            "choices", "accepted_answers", "ordering_items", "matching_pairs"
        )
    )


def start(client, quiz, **body):
    return client.post(f"/api/v1/quizzes/{quiz.slug}/attempts/", body, format="json")


def answer(client, attempt_id, question_slug, value):
    return client.put(f"/api/v1/attempts/{attempt_id}/answers/{question_slug}/", {"answer": value}, format="json")


def test_a_student_takes_a_quiz_and_reads_the_result_with_citations_and_disagreements(cast, first_look):
    client = cast.client("student")
    started = start(client, first_look)
    assert started.status_code == 201
    attempt_id = started.json()["id"]
    assert started.json()["status"] == "open" and started.json()["score"] is None
    assert start(client, first_look).json()["id"] == attempt_id  # resumed, not a second attempt

    questions = keyed_questions(first_look)
    for question in questions:
        assert answer(client, attempt_id, question.slug, correct_answer(question)).status_code == 200
    detail = client.get(f"/api/v1/attempts/{attempt_id}/").json()
    assert len(detail["questions"]) == len(questions)
    assert all(row["answer"] is not None for row in detail["questions"])

    submitted = client.post(f"/api/v1/attempts/{attempt_id}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["score"] == submitted.json()["max_score"]
    assert submitted.json()["passed"] is True

    result = client.get(f"/api/v1/attempts/{attempt_id}/result/").json()
    assert result["review_allowed"] is True
    by_slug = {row["question"]["id"]: row for row in result["questions"]}
    death = by_slug["stalin-death-revolupedia-account"]
    assert death["credit"] == 1.0
    assert death["review"]["citations"][0]["source"] == "revolupedia"
    assert death["review"]["citations"][0]["passage"].startswith("p-")
    assert death["review"]["citations"][0]["perspective_label"]
    assert death["review"]["disagreement_point"] == "How did Stalin die?"
    assert any(entry["claim"].startswith(DISAGREEMENT_CLAIM) for entry in death["review"]["disagreements"])


def test_the_same_answer_twice_is_stored_once_and_a_changed_answer_replaces_it(cast, first_look):
    client = cast.client("student")
    attempt_id = start(client, first_look).json()["id"]
    for _ in range(2):
        assert answer(client, attempt_id, "stalin-death-revolupedia-account", "b").status_code == 200
    assert Response.objects.filter(attempt_id=attempt_id).count() == 1
    answer(client, attempt_id, "stalin-death-revolupedia-account", "a")
    assert list(Response.objects.filter(attempt_id=attempt_id).values_list("answer", flat=True)) == ["a"]


def test_submitting_twice_scores_once(cast, first_look):
    client = cast.client("student")
    attempt_id = start(client, first_look).json()["id"]
    answer(client, attempt_id, "stalin-death-revolupedia-account", "a")
    first = client.post(f"/api/v1/attempts/{attempt_id}/submit/").json()
    second = client.post(f"/api/v1/attempts/{attempt_id}/submit/").json()
    assert first == second
    assert Attempt.objects.filter(pk=attempt_id, submitted_at__isnull=False).count() == 1


def test_an_integration_runs_an_attempt_for_a_student_of_its_course(cast, first_look):
    client = cast.client("integration")
    started = start(client, first_look, student="stu")
    assert started.status_code == 201
    attempt = Attempt.objects.get(pk=started.json()["id"])
    assert attempt.student == cast.student
    assert answer(client, attempt.pk, "stalin-death-cwi-rumours", "false").status_code == 200
    assert client.post(f"/api/v1/attempts/{attempt.pk}/submit/").json()["status"] == "submitted"
    grades = client.get(f"/api/v1/quizzes/{first_look.slug}/results/").json()
    assert [row["student"] for row in grades["results"]] == ["stu"]
    progress = client.get("/api/v1/students/stu/progress/").json()
    assert progress["history"][0]["attempt_id"] == attempt.pk


def test_an_integration_cannot_act_for_a_student_outside_its_course(cast, first_look):
    refused = start(cast.client("integration"), first_look, student="other")
    assert refused.status_code == 400
    assert refused.json()["errors"]["student"] == ["'other' is not a student of this course."]
    assert not Attempt.objects.exists()


def test_an_integration_must_name_the_student(cast, first_look):
    refused = start(cast.client("integration"), first_look)
    assert refused.status_code == 400
    assert "student" in refused.json()["errors"]


def test_a_read_only_key_reads_but_cannot_start_answer_or_submit(cast, first_look):
    attempt_id = start(cast.client("student"), first_look).json()["id"]
    reader = cast.client("read_integration")
    assert reader.get(f"/api/v1/attempts/{attempt_id}/").status_code == 200
    assert start(reader, first_look, student="stu").status_code == 403
    assert answer(reader, attempt_id, "stalin-death-cwi-rumours", "false").status_code == 403
    assert reader.post(f"/api/v1/attempts/{attempt_id}/submit/").status_code == 403
    assert not Response.objects.exists()
    assert Attempt.objects.get(pk=attempt_id).submitted_at is None


def test_a_teacher_reads_a_students_attempt_but_cannot_answer_for_them(cast, first_look):
    attempt_id = start(cast.client("student"), first_look).json()["id"]
    teacher = cast.client("teacher")
    assert teacher.get(f"/api/v1/attempts/{attempt_id}/").status_code == 200
    refused = answer(teacher, attempt_id, "stalin-death-cwi-rumours", "false")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the student taking the attempt may answer or submit it."


def test_a_person_cannot_start_an_attempt_for_someone_else(cast, first_look):
    assert start(cast.client("teacher"), first_look, student="stu").status_code == 403
    assert not Attempt.objects.filter(student=cast.student).exists()


def test_another_student_cannot_see_or_touch_an_attempt(cast, first_look):
    attempt_id = start(cast.client("student"), first_look).json()["id"]
    answer(cast.client("student"), attempt_id, "stalin-death-cwi-rumours", "true")
    intruder = cast.client("other_student")
    for response in (
        intruder.get(f"/api/v1/attempts/{attempt_id}/"),
        intruder.get(f"/api/v1/attempts/{attempt_id}/result/"),
        answer(intruder, attempt_id, "stalin-death-cwi-rumours", "false"),
        intruder.post(f"/api/v1/attempts/{attempt_id}/submit/"),
    ):
        assert response.status_code == 404
    assert intruder.get("/api/v1/attempts/").json()["count"] == 0
    assert intruder.get("/api/v1/students/stu/progress/").status_code == 404
    assert list(Response.objects.values_list("answer", flat=True)) == ["true"]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ('{"answer": ', 400, "JSON parse error"),
        ('{"answer": ["a", "b"]}', 400, "Choose one of the options: a, b, c, d."),
        ('{"answer": {"x": 1}}', 400, "Choose one of the options"),
        ('{"wrong": "a"}', 400, "answer: This field is required."),
        ("[1, 2]", 400, "Invalid data"),
    ],
)
def test_bad_answers_get_a_clear_400_and_lose_nothing(cast, first_look, body, status, message):
    client = cast.client("student")
    attempt_id = start(client, first_look).json()["id"]
    answer(client, attempt_id, "stalin-death-revolupedia-account", "a")
    refused = client.put(
        f"/api/v1/attempts/{attempt_id}/answers/stalin-death-revolupedia-account/",
        body,
        content_type="application/json",
    )
    assert refused.status_code == status
    assert message in refused.json()["detail"]
    assert list(Response.objects.values_list("answer", flat=True)) == ["a"]


def test_an_answer_to_a_question_not_in_the_attempt_is_refused(cast, first_look):
    client = cast.client("student")
    attempt_id = start(client, first_look).json()["id"]
    Question.objects.filter(slug="stalin-death-cwi-rumours").first().quiz_questions.all().delete()
    assert answer(client, attempt_id, "stalin-death-cwi-rumours", "true").status_code == 200, "the attempt is frozen"
    outside = Question.objects.exclude(attempt_slots__attempt_id=attempt_id).first()
    refused = answer(client, attempt_id, outside.slug, "true")
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": f"Question {outside.slug} is not part of this attempt.",
        "code": "question_not_in_attempt",
    }
    assert answer(client, attempt_id, "no-such-question", "true").status_code == 404
    assert client.get("/api/v1/attempts/999999/").status_code == 404


def test_answers_after_submission_or_the_deadline_get_409_and_keep_what_was_saved(cast, first_look):
    client = cast.client("student")
    attempt_id = start(client, first_look).json()["id"]
    answer(client, attempt_id, "stalin-death-revolupedia-account", "a")
    client.post(f"/api/v1/attempts/{attempt_id}/submit/")
    late = answer(client, attempt_id, "stalin-death-revolupedia-account", "b")
    assert late.status_code == 409
    assert late.json()["code"] == "attempt_closed"
    assert list(Response.objects.values_list("answer", flat=True)) == ["a"]

    Quiz.objects.filter(pk=first_look.pk).update(time_limit_minutes=5)
    timed_id = start(client, first_look).json()["id"]
    answer(client, timed_id, "stalin-death-revolupedia-account", "a")
    Attempt.objects.filter(pk=timed_id).update(
        started_at=timezone.now() - timedelta(minutes=10), deadline=timezone.now() - timedelta(minutes=5)
    )
    overdue = answer(client, timed_id, "stalin-death-revolupedia-account", "b")
    assert overdue.status_code == 409
    assert "Time is up" in overdue.json()["detail"]
    assert Response.objects.get(attempt_id=timed_id).answer == "a"


def test_starting_a_closed_quiz_or_one_with_no_attempts_left_is_a_409(cast, first_look):
    client = cast.client("student")
    Quiz.objects.filter(pk=first_look.pk).update(max_attempts=1)
    attempt_id = start(client, first_look).json()["id"]
    client.post(f"/api/v1/attempts/{attempt_id}/submit/")
    no_more = start(client, first_look)
    assert no_more.status_code == 409
    assert no_more.json()["code"] == "no_attempts_left"
    Quiz.objects.filter(pk=first_look.pk).update(max_attempts=None, closes_at=timezone.now() - timedelta(days=1))
    assert start(client, first_look).json()["code"] == "quiz_not_open"


def test_a_draft_or_unknown_quiz_cannot_be_started(cast, first_look):
    Quiz.objects.filter(pk=first_look.pk).update(status=Quiz.Status.DRAFT)
    assert start(cast.client("student"), first_look).status_code == 404


def test_attempts_are_filtered_by_quiz_and_status(cast, first_look):
    client = cast.client("student")
    attempt_id = start(client, first_look).json()["id"]
    assert client.get("/api/v1/attempts/?status=open").json()["count"] == 1
    assert client.get("/api/v1/attempts/?status=submitted").json()["count"] == 0
    assert client.get("/api/v1/attempts/?quiz=nothing").json()["count"] == 0
    client.post(f"/api/v1/attempts/{attempt_id}/submit/")
    assert client.get(f"/api/v1/attempts/?status=submitted&quiz={first_look.slug}").json()["count"] == 1
    assert client.get("/api/v1/attempts/?status=bogus").status_code == 400


def test_my_progress_reports_quizzes_topics_sources_and_history(cast, first_look):
    client = cast.client("student")
    attempt_id = start(client, first_look).json()["id"]
    for question in keyed_questions(first_look):
        answer(client, attempt_id, question.slug, correct_answer(question))
    client.post(f"/api/v1/attempts/{attempt_id}/submit/")
    progress = client.get("/api/v1/progress/").json()
    assert progress["student"] == "stu"
    assert progress["quizzes"][0]["best_percent"] == 100.0
    assert {row["slug"] for row in progress["topics"]} >= {"death-of-stalin"}
    assert any(row["percent"] == 100.0 for row in progress["sources"])
    assert [entry["attempt_id"] for entry in progress["history"]] == [attempt_id]
    assert json.dumps(progress)  # plain JSON all through
    assert cast.client("teacher").get("/api/v1/students/stu/progress/").json() == progress
    assert cast.client("integration").get("/api/v1/progress/").status_code == 403

"""Simultaneous requests on one attempt, with threads against a real PostgreSQL (row locks, not luck)."""

import pytest
from django.utils import timezone

from quizzes.models import Attempt, Response
from quizzes.services.attempts import save_answer, start_attempt
from tests.api_support import call_at_once, needs_postgresql
from tests.factories import QuizFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

CALLERS = 50


def test_fifty_simultaneous_submits_score_the_attempt_once():
    student = UserFactory(username="racer", password="!")
    quiz = QuizFactory(n_questions=3)
    now = timezone.now()
    attempt = start_attempt(quiz=quiz, student=student, now=now)
    for question in quiz.questions.all():
        save_answer(attempt=attempt, question_slug=question.slug, answer="b", now=now)

    responses = call_at_once(student, [("post", f"/api/v1/attempts/{attempt.pk}/submit/", None)] * CALLERS)

    assert [response.status_code for response in responses] == [200] * CALLERS
    stored = Attempt.objects.get(pk=attempt.pk)
    # A second scoring would have moved submitted_at: every caller saw the one submission.
    assert {response.json()["submitted_at"] for response in responses} == {responses[0].json()["submitted_at"]}
    assert stored.score == stored.max_score == 3
    assert Attempt.objects.filter(student=student, submitted_at__isnull=False).count() == 1


def test_fifty_simultaneous_saves_of_different_answers_are_all_stored():
    student = UserFactory(username="saver", password="!")
    quiz = QuizFactory(n_questions=CALLERS)
    attempt = start_attempt(quiz=quiz, student=student, now=timezone.now())
    questions = list(quiz.questions.order_by("slug"))
    wanted = {question.slug: ("a" if index % 2 else "b") for index, question in enumerate(questions)}

    responses = call_at_once(
        student,
        [
            ("put", f"/api/v1/attempts/{attempt.pk}/answers/{slug}/", {"answer": value})
            for slug, value in wanted.items()
        ],
    )

    assert [response.status_code for response in responses] == [200] * CALLERS
    stored = dict(Response.objects.filter(attempt=attempt).values_list("question__slug", "answer"))
    assert stored == wanted


def test_fifty_simultaneous_starts_open_one_attempt():
    student = UserFactory(username="starter", password="!")
    quiz = QuizFactory(n_questions=1)

    responses = call_at_once(student, [("post", f"/api/v1/quizzes/{quiz.slug}/attempts/", {})] * CALLERS)

    assert {response.status_code for response in responses} <= {200, 201}
    assert {response.json()["id"] for response in responses} == {Attempt.objects.get(student=student).pk}

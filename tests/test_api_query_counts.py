"""Each endpoint issues the same number of queries for 5 items as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.models import Attempt, QuizQuestion
from quizzes.services.attempts import save_answer, start_attempt, submit_attempt
from tests.factories import (
    QuestionFactory,
    QuizFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
    integration_key,
)

pytestmark = pytest.mark.django_db


def add_sources(cast, state, count):
    SourceFactory.create_batch(count)


def add_topics(cast, state, count):
    if "parent" not in state:
        state["parent"] = TopicFactory()
    parent = state["parent"]
    TopicFactory.create_batch(count, parent=parent)


def add_quizzes(cast, state, count):
    QuizFactory.create_batch(count, n_questions=1)


def add_questions_to_quiz(cast, state, count):
    if "quiz" not in state:
        state["quiz"] = QuizFactory(n_questions=0, slug="growing")
    quiz = state["quiz"]
    start = quiz.quiz_questions.count()
    for position in range(start + 1, start + count + 1):
        QuizQuestion.objects.create(quiz=quiz, question=QuestionFactory(), position=position)


def add_bank_questions(cast, state, count):
    QuestionFactory.create_batch(count)


def add_submitted_attempts(cast, state, count):
    """More submitted attempts by the student, one per new quiz."""
    now = timezone.now()
    for quiz in QuizFactory.create_batch(count, n_questions=1):
        attempt = start_attempt(quiz=quiz, student=cast.student, now=now)
        save_answer(attempt=attempt, question_slug=quiz.questions.get().slug, answer="b", now=now)
        state["attempt"] = submit_attempt(attempt=attempt, now=now)


def add_answered_questions(cast, state, count):
    """A growing quiz whose one attempt has every question answered and is submitted."""
    add_questions_to_quiz(cast, state, count)
    quiz, now = state["quiz"], timezone.now()
    Attempt.objects.filter(quiz=quiz).delete()
    attempt = start_attempt(quiz=quiz, student=cast.student, now=now)
    for question in quiz.questions.all():
        save_answer(attempt=attempt, question_slug=question.slug, answer="b", now=now)
    state["attempt"] = submit_attempt(attempt=attempt, now=now)


def add_results_of_students(cast, state, count):
    if "quiz" not in state:
        state["quiz"] = QuizFactory(n_questions=2, slug="results")
    quiz = state["quiz"]
    now = timezone.now()
    for student in UserFactory.create_batch(count, password="!"):
        cast.course.students.add(student)
        submit_attempt(attempt=start_attempt(quiz=quiz, student=student, now=now), now=now)


def add_students(cast, state, count):
    cast.course.students.add(*UserFactory.create_batch(count, password="!"))


def add_keys(cast, state, count):
    for number in range(count):
        integration_key(course=cast.course, name=f"key {number}")


CASES = {
    "sources": (add_sources, "anonymous", "/api/v1/sources/"),
    "passages": (add_sources, "anonymous", "/api/v1/passages/"),
    "topics": (add_topics, "anonymous", "/api/v1/topics/"),
    "quizzes": (add_quizzes, "anonymous", "/api/v1/quizzes/"),
    "quiz questions": (add_questions_to_quiz, "student", "/api/v1/quizzes/growing/questions/"),
    "bank": (add_bank_questions, "teacher", "/api/v1/bank/questions/"),
    "attempts": (add_submitted_attempts, "integration", "/api/v1/attempts/"),
    "attempt": (add_answered_questions, "student", "/api/v1/attempts/{attempt}/"),
    "result": (add_answered_questions, "teacher", "/api/v1/attempts/{attempt}/result/"),
    "quiz results": (add_results_of_students, "teacher", "/api/v1/quizzes/results/results/"),
    "my progress": (add_submitted_attempts, "student", "/api/v1/progress/"),
    "student progress": (add_submitted_attempts, "integration", "/api/v1/students/stu/progress/"),
    "courses": (add_students, "teacher", "/api/v1/courses/"),
    "course students": (add_students, "integration", "/api/v1/courses/history-101/students/"),
    "integration keys": (add_keys, "teacher", "/api/v1/courses/history-101/integration-keys/"),
}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("case", CASES)
def test_queries_do_not_grow_with_the_number_of_items(cast, case):
    grow, role, path = CASES[case]
    state = {}
    grow(cast, state, 5)
    with_5 = count_queries(cast.client(role), path.format(attempt=state.get("attempt") and state["attempt"].pk))
    grow(cast, state, 45)
    with_50 = count_queries(cast.client(role), path.format(attempt=state.get("attempt") and state["attempt"].pk))
    assert with_50 == with_5 <= 20

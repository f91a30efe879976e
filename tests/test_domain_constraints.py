from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.models import Attempt, QuizQuestion
from tests.factories import AttemptFactory, QuestionFactory, QuizFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_one_response_per_question_per_attempt():
    response = ResponseFactory()
    assert refused(lambda: ResponseFactory(attempt=response.attempt, question=response.question, answer="a"))
    assert response.attempt.responses.count() == 1


def test_a_student_has_at_most_one_open_attempt_per_quiz():
    attempt = AttemptFactory()
    assert refused(lambda: AttemptFactory(quiz=attempt.quiz, student=attempt.student, number=2))
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now(), score=Decimal("1"), max_score=Decimal("1"), passed=True
    )
    assert not refused(lambda: AttemptFactory(quiz=attempt.quiz, student=attempt.student, number=2))


def test_attempt_numbers_are_unique_per_student_and_quiz():
    now = timezone.now()
    attempt = AttemptFactory(started_at=now, submitted_at=now, score=1, max_score=1, passed=True)
    assert refused(lambda: AttemptFactory(quiz=attempt.quiz, student=attempt.student, number=1))


def test_an_attempt_is_scored_exactly_when_submitted():
    now = timezone.now()
    assert refused(lambda: AttemptFactory(started_at=now, score=Decimal("2")))
    assert refused(lambda: AttemptFactory(started_at=now, submitted_at=now))
    assert refused(lambda: AttemptFactory(started_at=now, submitted_at=now, score=3, max_score=2, passed=True))
    assert not refused(lambda: AttemptFactory(started_at=now, submitted_at=now, score=2, max_score=2, passed=True))


def test_deadline_and_submission_cannot_precede_the_start():
    started = timezone.now()
    assert refused(lambda: AttemptFactory(started_at=started, deadline=started - timedelta(minutes=1)))
    assert refused(
        lambda: AttemptFactory(started_at=started, submitted_at=started - timedelta(seconds=1), score=0, max_score=1,
                               passed=False)
    )  # fmt: skip


def test_response_credit_stays_between_zero_and_one():
    assert refused(lambda: ResponseFactory(credit=1.5))
    assert not refused(lambda: ResponseFactory(credit=0.5))


def test_a_question_appears_once_per_quiz_at_distinct_positions():
    quiz = QuizFactory(n_questions=2)
    first = quiz.quiz_questions.get(position=1)
    assert refused(lambda: QuizQuestion.objects.create(quiz=quiz, question=first.question, position=3))
    assert refused(lambda: QuizQuestion.objects.create(quiz=quiz, question=QuestionFactory(), position=1))


def test_quiz_settings_are_checked_by_the_database():
    now = timezone.now()
    assert refused(lambda: QuizFactory(pass_mark=101))
    assert refused(lambda: QuizFactory(max_attempts=0))
    assert refused(lambda: QuizFactory(time_limit_minutes=0))
    assert refused(lambda: QuizFactory(opens_at=now, closes_at=now - timedelta(days=1)))
    assert not refused(lambda: QuizFactory(opens_at=now, closes_at=now + timedelta(days=1), max_attempts=3))

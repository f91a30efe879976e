"""Quiz answers feed card state: an answer short of full credit brings the question's card due soon (Again)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import CardReview, CardState
from quizzes.services.attempts import save_answer, start_attempt, submit_attempt
from tests.factories import CardStateFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db


def sit(quiz, student, answers: dict, now):
    attempt = start_attempt(quiz=quiz, student=student, now=now)
    for question, answer in answers.items():
        save_answer(attempt=attempt, question_slug=question.slug, answer=answer, now=now)
    return submit_attempt(attempt=attempt, now=now)


def test_a_wrong_answer_puts_a_new_card_into_learning_due_in_minutes():
    now, student = timezone.now(), UserFactory()
    quiz = QuizFactory(n_questions=2)
    wrong, right = quiz.questions.order_by("quiz_questions__position")
    assert not CardState.objects.filter(student=student).exists()
    sit(quiz, student, {wrong: "a", right: "b"}, now)
    state = CardState.objects.get(student=student)
    assert state.flashcard.question == wrong
    assert state.state == CardState.State.LEARNING and now < state.due <= now + timedelta(minutes=10)
    review = CardReview.objects.get(student=student)
    assert (review.origin, review.rating) == (CardReview.Origin.QUIZ, CardReview.Rating.AGAIN)


def test_a_wrong_answer_brings_a_review_card_due_sooner():
    now, student = timezone.now(), UserFactory()
    quiz = QuizFactory(n_questions=1)
    question = quiz.questions.get()
    from quizzes.services.scheduling import sync_question_cards

    sync_question_cards()
    state = CardStateFactory(student=student, flashcard=question.flashcard, due=now + timedelta(days=20))
    sit(quiz, student, {question: "a"}, now)
    state.refresh_from_db()
    assert state.state == CardState.State.RELEARNING and state.lapses == 1
    assert state.due <= now + timedelta(minutes=10)


def test_a_right_answer_leaves_the_card_alone():
    now, student = timezone.now(), UserFactory()
    quiz = QuizFactory(n_questions=1)
    sit(quiz, student, {quiz.questions.get(): "b"}, now)
    assert not CardState.objects.filter(student=student).exists()
    assert not CardReview.objects.filter(student=student).exists()


def test_another_students_cards_are_untouched_by_a_quiz():
    now, student, other = timezone.now(), UserFactory(), UserFactory()
    quiz = QuizFactory(n_questions=1)
    sit(quiz, student, {quiz.questions.get(): "a"}, now)
    assert CardState.objects.filter(student=student).count() == 1
    assert not CardState.objects.filter(student=other).exists()

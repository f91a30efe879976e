from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from quizzes.errors import AnswerLocked, AttemptClosed, InvalidAnswer, NoAttemptsLeft, QuestionNotInAttempt, QuizNotOpen
from quizzes.models import Attempt, Question, Quiz
from quizzes.services import attempts
from quizzes.services.grading import correct_answer
from quizzes.services.presentation import question_for_student
from tests.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def quiz(loaded_bank):
    return Quiz.objects.get(slug="first-look")


def answer_all_correctly(attempt, now):
    for slot in attempts.attempt_slots(attempt, with_key=True):
        answer = correct_answer(attempts.slot_content(slot, with_key=True))
        attempts.save_answer(attempt=attempt, question_slug=slot.question.slug, answer=answer, now=now)


def test_start_resumes_the_open_attempt(quiz, student, now):
    first = attempts.start_attempt(quiz=quiz, student=student, now=now)
    again = attempts.start_attempt(quiz=quiz, student=student, now=now + timedelta(minutes=5))
    assert again.pk == first.pk and first.number == 1


def test_submit_scores_every_question_and_passes(quiz, student, now):
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    answer_all_correctly(attempt, now)
    submitted = attempts.submit_attempt(attempt=attempt, now=now)
    assert submitted.score == submitted.max_score == Decimal(quiz.quiz_questions.count())
    assert submitted.passed is True
    assert set(submitted.responses.values_list("credit", flat=True)) == {1.0}


def test_unanswered_questions_score_nothing_and_the_pass_mark_applies(quiz, student, now):
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    slot = attempts.attempt_slots(attempt, with_key=True)[0]
    answer = correct_answer(attempts.slot_content(slot, with_key=True))
    attempts.save_answer(attempt=attempt, question_slug=slot.question.slug, answer=answer, now=now)
    submitted = attempts.submit_attempt(attempt=attempt, now=now)
    assert submitted.score == Decimal(1) and submitted.passed is False


def test_submit_is_idempotent(quiz, student, now):
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    first = attempts.submit_attempt(attempt=attempt, now=now)
    second = attempts.submit_attempt(attempt=attempt, now=now + timedelta(hours=1))
    assert second.submitted_at == first.submitted_at and second.score == first.score


def test_saving_the_same_answer_twice_stores_it_once_and_a_change_replaces_it(quiz, student, now):
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    first = attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="b", now=now)
    again = attempts.save_answer(
        attempt=attempt, question_slug=question.slug, answer="b", now=now + timedelta(seconds=5)
    )
    assert again.pk == first.pk and again.answered_at == first.answered_at
    attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="a", now=now)
    assert list(attempt.responses.values_list("answer", flat=True)) == ["a"]


def test_a_submitted_attempt_refuses_answers_and_keeps_what_was_saved(quiz, student, now):
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="a", now=now)
    attempts.submit_attempt(attempt=attempt, now=now)
    with pytest.raises(AttemptClosed):
        attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="b", now=now)
    assert list(attempt.responses.values_list("answer", flat=True)) == ["a"]


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_submitted_as_it_stood(quiz, student, now):
    Quiz.objects.filter(pk=quiz.pk).update(time_limit_minutes=10)
    quiz.refresh_from_db()
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    assert attempt.deadline == now + timedelta(minutes=10)
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="a", now=now + timedelta(minutes=9))
    with pytest.raises(AttemptClosed, match="Time is up"):
        attempts.save_answer(
            attempt=attempt, question_slug=Question.objects.get(slug="trotsky-assassin-name").slug, answer="Mercader",
            now=now + timedelta(minutes=11),
        )  # fmt: skip
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline and attempt.score == Decimal(1)
    assert attempt.responses.count() == 1


def test_attempts_allowed_are_enforced(quiz, student, now):
    Quiz.objects.filter(pk=quiz.pk).update(max_attempts=1)
    quiz.refresh_from_db()
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    attempts.submit_attempt(attempt=attempt, now=now)
    with pytest.raises(NoAttemptsLeft):
        attempts.start_attempt(quiz=quiz, student=student, now=now)
    assert Attempt.objects.filter(student=student).count() == 1


def test_a_quiz_outside_its_dates_or_unpublished_cannot_be_started(quiz, student, now):
    Quiz.objects.filter(pk=quiz.pk).update(opens_at=now + timedelta(days=1))
    quiz.refresh_from_db()
    with pytest.raises(QuizNotOpen):
        attempts.start_attempt(quiz=quiz, student=student, now=now)
    draft = QuizFactory(status=Quiz.Status.DRAFT)
    with pytest.raises(QuizNotOpen):
        attempts.start_attempt(quiz=draft, student=student, now=now)


def test_an_answer_to_a_question_outside_the_quiz_is_refused(quiz, student, now):
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    with pytest.raises(QuestionNotInAttempt):
        attempts.save_answer(attempt=attempt, question_slug=QuestionFactory().slug, answer="b", now=now)


def test_an_answer_of_the_wrong_shape_is_refused(quiz, student, now):
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    with pytest.raises(InvalidAnswer):
        attempts.save_answer(
            attempt=attempt,
            question_slug=Question.objects.get(slug="stalin-death-cwi-rumours").slug,
            answer="maybe",
            now=now,
        )
    assert not attempt.responses.exists()


def test_review_per_question_locks_an_answered_question(quiz, student, now):
    Quiz.objects.filter(pk=quiz.pk).update(review_mode=Quiz.ReviewMode.PER_QUESTION)
    quiz.refresh_from_db()
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="b", now=now)
    changed = attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="a", now=now)
    assert changed.answer == "a", "saving never locks an answer: only checking it does"
    assert not attempts.question_review_allowed(attempt=attempt, response=changed, now=now)
    checked = attempts.check_question(attempt=attempt, question_slug=question.slug, now=now)
    assert checked.checked_at == now and checked.credit is not None
    with pytest.raises(AnswerLocked):
        attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="b", now=now)
    assert attempts.question_review_allowed(attempt=attempt, response=checked, now=now)
    assert not attempts.question_review_allowed(attempt=attempt, response=None, now=now)


def test_review_after_close_waits_for_the_close_date(quiz, student, now):
    Quiz.objects.filter(pk=quiz.pk).update(review_mode=Quiz.ReviewMode.AFTER_CLOSE, closes_at=now + timedelta(days=1))
    quiz.refresh_from_db()
    attempt = attempts.submit_attempt(attempt=attempts.start_attempt(quiz=quiz, student=student, now=now), now=now)
    assert not attempts.review_allowed(attempt=attempt, now=now)
    assert attempts.review_allowed(attempt=attempt, now=now + timedelta(days=2))


def test_shuffles_are_fixed_per_attempt_and_ordering_items_are_never_shown_in_order(quiz, student, now):
    Quiz.objects.filter(pk=quiz.pk).update(shuffle_questions=True, shuffle_choices=True)
    quiz.refresh_from_db()
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    order = [slot.question.slug for slot in attempts.attempt_slots(attempt, with_key=False)]
    assert [slot.question.slug for slot in attempts.attempt_slots(attempt, with_key=False)] == order
    assert sorted(order) == sorted(quiz.questions.values_list("slug", flat=True))
    slot = next(s for s in attempts.attempt_slots(attempt, with_key=True) if s.version.type == Question.Type.ORDERING)
    shown = question_for_student(attempts.slot_content(slot, with_key=False), option_order=slot.option_order)
    assert [item["key"] for item in shown["items"]] != slot.version.key["order"]
    again = attempts.attempt_slots(attempt, with_key=False, positions=[slot.position])[0]
    assert shown == question_for_student(attempts.slot_content(again, with_key=False), option_order=again.option_order)
    assert "is_correct" not in str(shown) and "position" not in str(shown)

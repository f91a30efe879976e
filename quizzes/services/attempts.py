"""Attempts: start or resume, save answers as they are given, submit and score; shuffles fixed per attempt."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from quizzes.errors import (
    AnswerLocked,
    AttemptClosed,
    NoAttemptsLeft,
    QuestionNotInAttempt,
    QuizError,
    QuizNotOpen,
)
from quizzes.models import Attempt, Question, Quiz, QuizQuestion, Response
from quizzes.services import scheduling
from quizzes.services.grading import check_answer_shape, grade_response

ANSWER_KEY_PREFETCHES = ("choices", "accepted_answers", "ordering_items", "matching_pairs")
REVIEW_PREFETCHES = ("citations__source", "citations__passage", "disagreements__source", "disagreements__passage")
CENTS = Decimal("0.01")


def quiz_is_open(*, quiz: Quiz, now: datetime) -> bool:
    return (
        quiz.status == Quiz.Status.PUBLISHED
        and (quiz.opens_at is None or quiz.opens_at <= now)
        and (quiz.closes_at is None or now < quiz.closes_at)
    )


def is_overdue(*, attempt: Attempt, now: datetime) -> bool:
    """True when an open attempt has run past its deadline (or its quiz has closed)."""
    if attempt.submitted_at is not None:
        return False
    return (attempt.deadline is not None and now >= attempt.deadline) or (
        attempt.quiz.closes_at is not None and now >= attempt.quiz.closes_at
    )


def attempt_percent(attempt: Attempt) -> float:
    """A submitted attempt's score as a percentage of its maximum, to one decimal."""
    return round(float(attempt.score) * 100 / float(attempt.max_score), 1) if attempt.max_score else 0.0


def attempts_used(*, quiz: Quiz, student) -> int:
    return Attempt.objects.filter(quiz=quiz, student=student).count()


def attempts_left(*, quiz: Quiz, used: int) -> int | None:
    """How many more attempts the student may start; None when unlimited."""
    return None if quiz.max_attempts is None else max(0, quiz.max_attempts - used)


def start_attempt(*, quiz: Quiz, student, now: datetime) -> Attempt:
    """Return the student's open attempt at the quiz, or a new one.

    An open attempt past its deadline is submitted first. Raises QuizNotOpen or NoAttemptsLeft.
    """
    open_attempt = Attempt.objects.filter(quiz=quiz, student=student, submitted_at__isnull=True).first()
    if open_attempt is not None:
        if not is_overdue(attempt=open_attempt, now=now):
            return open_attempt
        submit_attempt(attempt=open_attempt, now=now)
    if not quiz_is_open(quiz=quiz, now=now):
        raise QuizNotOpen(f'"{quiz.title}" is not open for attempts now.')
    used = attempts_used(quiz=quiz, student=student)
    if attempts_left(quiz=quiz, used=used) == 0:
        raise NoAttemptsLeft(f'You have used all {quiz.max_attempts} attempt(s) at "{quiz.title}".')
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.closes_at is not None:
            deadline = min(deadline, quiz.closes_at)
    try:
        # The database allows one open attempt per student and quiz; a concurrent start loses here.
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                student=student,
                number=used + 1,
                started_at=now,
                deadline=deadline,
                shuffle_seed=random.SystemRandom().randrange(2**31),
            )
    except IntegrityError:
        return Attempt.objects.get(quiz=quiz, student=student, submitted_at__isnull=True)


@dataclass
class SaveOutcome:
    """What save_answers stored, and the refusal of each answer it could not store (by question id)."""

    saved: list[Response] = field(default_factory=list)
    refused: dict[str, QuizError] = field(default_factory=dict)


def save_answer(*, attempt: Attempt, question: Question, answer, now: datetime) -> Response:
    """Store (or replace) the answer to one question of an open attempt; the same answer twice is stored once.

    Raises AttemptClosed (submitted, or out of time: the attempt is then submitted as it stands),
    QuestionNotInAttempt, InvalidAnswer, or AnswerLocked (review per question: the key was shown).
    """
    outcome = save_answers(attempt=attempt, answers=[(question, answer)], now=now)
    if question.slug in outcome.refused:
        raise outcome.refused[question.slug]
    return outcome.saved[0]


def save_answers(*, attempt: Attempt, answers: list[tuple[Question, object]], now: datetime) -> SaveOutcome:
    """Store several answers of an open attempt at once, in a fixed number of queries.

    Each answer is stored or refused on its own (QuestionNotInAttempt, InvalidAnswer, AnswerLocked); raises
    AttemptClosed when the attempt takes no answers at all (submitted, or out of time: it is then submitted).
    """
    outcome = SaveOutcome()
    in_quiz = set(QuizQuestion.objects.filter(quiz_id=attempt.quiz_id).values_list("question_id", flat=True))
    valid = []
    for question, answer in answers:
        try:
            if question.pk not in in_quiz:
                raise QuestionNotInAttempt(f"Question {question.slug} is not part of this quiz.")
            check_answer_shape(question=question, answer=answer)
        except QuizError as error:
            outcome.refused[question.slug] = error
            continue
        valid.append((question, answer))
    with transaction.atomic():
        # Row lock: a submit or another save of this attempt waits until this one is done.
        locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if locked.submitted_at is not None:
            raise AttemptClosed("This attempt has been submitted; it takes no more answers.")
        overdue = is_overdue(attempt=locked, now=now)
        if not overdue:
            store_responses(attempt=locked, answers=valid, now=now, outcome=outcome)
    if overdue:
        submit_attempt(attempt=locked, now=now)
        raise AttemptClosed("Time is up: the answer was not saved and the attempt was submitted as it stood.")
    return outcome


def store_responses(*, attempt: Attempt, answers, now: datetime, outcome: SaveOutcome) -> None:
    existing = {
        response.question_id: response
        for response in Response.objects.filter(attempt=attempt, question_id__in=[q.pk for q, _ in answers])
    }
    to_create, to_update = [], []
    for question, answer in answers:
        response = existing.get(question.pk)
        if response is None:
            response = Response(attempt=attempt, question=question, answer=answer, answered_at=now)
            to_create.append(response)
        elif response.answer != answer:
            if attempt.quiz.review_mode == Quiz.ReviewMode.PER_QUESTION:
                outcome.refused[question.slug] = AnswerLocked(
                    "The key of this question has been shown, so its answer can no longer change."
                )
                continue
            response.answer, response.answered_at = answer, now
            to_update.append(response)
        outcome.saved.append(response)
    Response.objects.bulk_create(to_create)
    Response.objects.bulk_update(to_update, ["answer", "answered_at"])


def submit_attempt(*, attempt: Attempt, now: datetime) -> Attempt:
    """Grade and close the attempt; submitting again changes nothing. Returns the submitted attempt."""
    with transaction.atomic():
        # Row lock: of simultaneous submits, one scores the attempt and the others find it submitted.
        locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if locked.submitted_at is not None:
            return locked
        links = attempt_questions(locked)
        responses = {response.question_id: response for response in locked.responses.all()}
        score = Decimal(0)
        for link in links:
            response = responses.get(link.question_id)
            if response is None:
                continue
            response.credit = grade_response(question=link.question, answer=response.answer)
            response.points = (Decimal(str(response.credit)) * link.points).quantize(CENTS, ROUND_HALF_UP)
            score += response.points
        Response.objects.bulk_update(list(responses.values()), ["credit", "points"])
        # Quiz answers feed the student's flashcards (rule in scheduling.record_quiz_answers and the README).
        scheduling.record_quiz_answers(student_id=locked.student_id, now=now, submitting=locked)
        max_score = Decimal(sum(link.points for link in links))
        locked.score, locked.max_score = score, max_score
        locked.passed = bool(max_score) and score * 100 >= max_score * locked.quiz.pass_mark
        locked.submitted_at = min(now, locked.deadline) if locked.deadline else now
        if locked.quiz.closes_at is not None:
            locked.submitted_at = max(locked.started_at, min(locked.submitted_at, locked.quiz.closes_at))
        locked.save(update_fields=["score", "max_score", "passed", "submitted_at"])
    return locked


def attempt_questions(attempt: Attempt, *, with_review: bool = False) -> list[QuizQuestion]:
    """Return the quiz's question links in the attempt's order (shuffled once per attempt if the quiz says so).

    Each question comes with its answer-key rows prefetched and, with_review, its citations and disagreements.
    """
    prefetches = list(ANSWER_KEY_PREFETCHES)
    if with_review:
        prefetches += list(REVIEW_PREFETCHES)
    links = QuizQuestion.objects.filter(quiz_id=attempt.quiz_id).prefetch_related(
        Prefetch("question", queryset=Question.objects.prefetch_related(*prefetches))
    )
    ordered = sorted(links, key=lambda link: link.position)
    if attempt.quiz.shuffle_questions:
        random.Random(attempt.shuffle_seed).shuffle(ordered)
    return ordered

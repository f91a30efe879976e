"""The key-secrecy rule, the one place that decides when a student may see a question's key, explanation,
citations, a contested point's positions or any correctness signal (a credit, a verdict, a quiz-fed card review,
mastery).

(1) A review of one of their attempts shows it: per question once answered, after submission once submitted,
after close once the quiz has closed; for flashcards, see locked_card_question_ids. (2) And no published quiz that
reviews after it closes and holds the question is still open: such an exam embargoes the question on every
surface until it closes. Staff (teachers, administrators) author the keys: no card is locked for them.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, Value

from quizzes.models import Attempt, AttemptSlot, Quiz, QuizQuestion, Response
from quizzes.models.courses import is_integration


def takes_quizzes(user) -> bool:
    """Whether the user can have attempts of their own: a signed-in person, not a visitor or an integration."""
    return bool(user.is_authenticated) and not is_integration(user)


def is_exempt(user) -> bool:
    """Whether the user is staff (a teacher or administrator), who author the keys: no card is locked for them."""
    return bool(getattr(user, "is_staff", False))


def embargoing_quizzes(*, now: datetime) -> Q:
    """The condition on Quiz rows for exams that embargo their questions now: published, reviewing after they
    close, and not closed (a quiz without a closing date never reaches its review)."""
    return (
        Q(status=Quiz.Status.PUBLISHED, review_mode=Quiz.ReviewMode.AFTER_CLOSE)
        & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    )  # fmt: skip


def embargoed_questions(*, now: datetime):
    """The ids of the questions under an exam's embargo now, as a subquery."""
    return QuizQuestion.objects.filter(quiz__in=Quiz.objects.filter(embargoing_quizzes(now=now))).values("question_id")


def embargoed_question_ids(*, now: datetime) -> set[int]:
    """The questions under an exam's embargo now (one query)."""
    return set(embargoed_questions(now=now).values_list("question_id", flat=True))


def review_allowed_once_submitted(*, quiz: Quiz, now: datetime) -> bool:
    """Whether the quiz's review setting shows a submitted attempt's keys now (before the embargo)."""
    if quiz.review_mode == Quiz.ReviewMode.AFTER_CLOSE:
        return quiz.closes_at is not None and now >= quiz.closes_at
    return True


def review_allowed(*, attempt: Attempt, now: datetime) -> bool:
    """Whether the attempt's review setting shows its keys now, after submission (before the embargo)."""
    return attempt.submitted_at is not None and review_allowed_once_submitted(quiz=attempt.quiz, now=now)


def question_review_allowed(*, attempt: Attempt, response: Response | None, now: datetime) -> bool:
    """Whether the review setting shows one question's key now: per question once its answer is checked, else as
    review_allowed (before the embargo)."""
    if attempt.quiz.review_mode == Quiz.ReviewMode.PER_QUESTION and response is not None and response.checked_at:
        return True
    return review_allowed(attempt=attempt, now=now)


def key_visible(
    *, attempt: Attempt, question_id: int, response: Response | None, now: datetime, embargoed: set[int]
) -> bool:
    """Whether a question's key (and its credit) may be shown in the attempt: the review allows it and no exam
    embargoes it (embargoed: from embargoed_question_ids)."""
    return question_id not in embargoed and question_review_allowed(attempt=attempt, response=response, now=now)


def reviewable_responses(*, now: datetime) -> Q:
    """The condition on Response rows whose attempt's review shows their key now (before the embargo)."""
    submitted = Q(attempt__submitted_at__isnull=False)
    checked = Q(attempt__quiz__review_mode=Quiz.ReviewMode.PER_QUESTION, checked_at__isnull=False)
    return checked | (
        submitted
        & (
            Q(attempt__quiz__review_mode__in=[Quiz.ReviewMode.AFTER_SUBMISSION, Quiz.ReviewMode.PER_QUESTION])
            | Q(attempt__quiz__review_mode=Quiz.ReviewMode.AFTER_CLOSE, attempt__quiz__closes_at__lte=now)
        )
    )


def revealed_responses(*, student, now: datetime):
    """The student's responses whose key and credit may be shown now: reviewable and under no embargo."""
    return (
        Response.objects.filter(attempt__student=student)
        .filter(reviewable_responses(now=now))
        .exclude(question_id__in=embargoed_questions(now=now))
    )


def reviewed_question_ids(*, student, now: datetime) -> set[int]:
    """Questions whose key the student may see now: shown by a review of one of their attempts and under no
    embargo (one query). A visitor or an integration has no attempts, so has reviewed nothing."""
    if not takes_quizzes(student):
        return set()
    return set(revealed_responses(student=student, now=now).values_list("question_id", flat=True).distinct())


def point_withheld(*, student, now: datetime, point_ref: str):
    """An expression for rows that name a contested point (point_ref: the lookup to its id): whether the point's
    positions are withheld from the student now, because they would answer a question they may not review yet: a
    question on the point is under an exam's embargo, or in an attempt the student has open. Never for staff."""
    if is_exempt(student):
        return Value(False)
    embargoed = Exists(
        QuizQuestion.objects.filter(
            quiz__in=Quiz.objects.filter(embargoing_quizzes(now=now)), question__disagreement=OuterRef(point_ref)
        )
    )
    if not takes_quizzes(student):
        return embargoed
    taking = Exists(
        AttemptSlot.objects.filter(
            attempt__student=student, attempt__submitted_at__isnull=True, question__disagreement=OuterRef(point_ref)
        )
    )
    return embargoed | taking


def exam_question_links():
    """Links of the questions of published quizzes not marked practice (their cards wait for a review)."""
    return QuizQuestion.objects.filter(quiz__status=Quiz.Status.PUBLISHED, quiz__is_practice=False)


def locked_card_question_ids(*, student, now: datetime) -> set[int]:
    """Questions whose cards the student may not study now (a card's back is the key): under an exam's embargo,
    in a quiz they are taking (an open attempt), or in a published quiz not marked practice whose key no review
    of their attempts has shown yet. Four queries; teachers' own cards have no question and are never locked."""
    if is_exempt(student):
        return set()
    embargoed = embargoed_question_ids(now=now)
    taking = set(
        QuizQuestion.objects.filter(
            quiz__in=Attempt.objects.filter(student=student, submitted_at__isnull=True).values("quiz_id")
        ).values_list("question_id", flat=True)
    )
    in_exams = set(exam_question_links().values_list("question_id", flat=True))
    return embargoed | taking | (in_exams - reviewed_question_ids(student=student, now=now))

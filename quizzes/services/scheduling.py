"""FSRS scheduling of flashcards through the `fsrs` package: rate a card, and feed quiz answers into card state.

The scheduler is fsrs.Scheduler with its default FSRS-6 parameters; only the settings of FLASHCARDS
(desired retention, learning steps, fuzz) are ours. No interval is computed here: fsrs decides every due date.
"""

import uuid
from datetime import UTC, datetime, timedelta

import fsrs
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from quizzes.errors import ReviewIdReused
from quizzes.models import Attempt, CardReview, CardState, Flashcard, Question, Response
from quizzes.services import secrecy

# A quiz answer with less than full credit counts as this rating of the question's card (see README, Flashcards).
QUIZ_MISS_RATING = CardReview.Rating.AGAIN


def scheduler() -> fsrs.Scheduler:
    """The FSRS scheduler configured by settings.FLASHCARDS."""
    config = settings.FLASHCARDS
    return fsrs.Scheduler(
        desired_retention=config["DESIRED_RETENTION"],
        learning_steps=[timedelta(minutes=minutes) for minutes in config["LEARNING_STEPS_MINUTES"]],
        relearning_steps=[timedelta(minutes=minutes) for minutes in config["RELEARNING_STEPS_MINUTES"]],
        maximum_interval=config["MAXIMUM_INTERVAL_DAYS"],
        enable_fuzzing=config["FUZZ"],
    )


def _utc(moment: datetime | None) -> datetime | None:
    # fsrs refuses any tzinfo but datetime.UTC itself; database drivers may return another UTC object.
    return None if moment is None else moment.astimezone(UTC)


def fsrs_card(state: CardState | None, *, now: datetime) -> fsrs.Card:
    """The fsrs.Card for a student's card state (a new fsrs card, due now, when there is none yet)."""
    if state is None:
        return fsrs.Card(card_id=0, due=_utc(now))
    return fsrs.Card(
        card_id=state.flashcard_id,
        state=fsrs.State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_utc(state.due),
        last_review=_utc(state.last_review),
    )


def apply_rating(
    *, state: CardState | None, student_id: int, flashcard_id: int, rating: int, now: datetime
) -> tuple[CardState, CardState.State | None, datetime | None]:
    """Rate the card with fsrs; return its new state (unsaved) and its state and due date before the rating."""
    before_state = None if state is None else CardState.State(state.state)
    before_due = None if state is None else state.due
    card, _ = scheduler().review_card(fsrs_card(state, now=now), fsrs.Rating(rating), review_datetime=_utc(now))
    if state is None:
        state = CardState(student_id=student_id, flashcard_id=flashcard_id, first_reviewed_at=now)
    if before_state == CardState.State.REVIEW and rating == CardReview.Rating.AGAIN:
        state.lapses += 1
    state.reps += 1
    state.state, state.step = int(card.state), card.step
    state.stability, state.difficulty = card.stability, card.difficulty
    state.due, state.last_review = card.due, card.last_review
    return state, before_state, before_due


def review_card(
    *, student, flashcard: Flashcard, rating: int, review_id: uuid.UUID, now: datetime, duration_ms: int | None = None
) -> tuple[CardReview, bool]:
    """Record the student's rating of a card and reschedule it with FSRS; return the review and whether it is new.

    The same review_id again returns the first review and changes nothing. Raises ReviewIdReused when that id
    was used for another card or rating.
    """
    existing = CardReview.objects.filter(student=student, review_id=review_id).first()
    if existing is not None:
        return _replayed(existing, flashcard=flashcard, rating=rating), False
    try:
        with transaction.atomic():
            # Row lock: two ratings of the same card at once are applied one after the other, not both to the
            # same old state. The first review of a card creates the row; a concurrent first review then fails
            # on the unique constraint and is retried below against the row it created.
            state = CardState.objects.select_for_update().filter(student=student, flashcard=flashcard).first()
            state, before_state, before_due = apply_rating(
                state=state, student_id=student.pk, flashcard_id=flashcard.pk, rating=rating, now=now
            )
            state.save()
            review = CardReview.objects.create(
                review_id=review_id,
                student=student,
                flashcard=flashcard,
                rating=rating,
                origin=CardReview.Origin.STUDY,
                reviewed_at=now,
                duration_ms=duration_ms,
                state_before=before_state,
                due_before=before_due,
                due_after=state.due,
            )
    except IntegrityError:
        existing = CardReview.objects.filter(student=student, review_id=review_id).first()
        if existing is None:
            return review_card(
                student=student,
                flashcard=flashcard,
                rating=rating,
                review_id=review_id,
                now=now,
                duration_ms=duration_ms,
            )
        return _replayed(existing, flashcard=flashcard, rating=rating), False
    return review, True


def _replayed(review: CardReview, *, flashcard: Flashcard, rating: int) -> CardReview:
    if review.flashcard_id != flashcard.pk or review.rating != rating:
        raise ReviewIdReused(
            f"Review id {review.review_id} was already used to rate card {review.flashcard_id} "
            f"{review.get_rating_display()}; send a new id for a new review."
        )
    return review


def record_quiz_answers(*, student_id: int, now: datetime, submitting: Attempt | None = None) -> list[CardReview]:
    """Feed the student's graded quiz answers into their cards once their review shows the key (and no exam
    embargoes it); return the reviews recorded. submitting: an attempt being submitted in this transaction.

    Rule: an answer with less than full credit is an Again review of the question's card, so the card comes due
    within the relearning step (a new card enters learning). A fully right answer changes nothing: a quiz is no
    spaced review, and must not push a card's next review later. An answer fed before its review would tell the
    student which answers were wrong, so an after-close quiz feeds nothing until it closes; then the next read
    of the student's cards feeds it (each answer once: the review records the answer it came from).
    """
    reviewable = secrecy.reviewable_responses(now=now)
    if submitting is not None and secrecy.review_allowed_once_submitted(quiz=submitting.quiz, now=now):
        reviewable |= Q(attempt_id=submitting.pk)
    pending = (
        Response.objects.filter(
            reviewable,
            attempt__student_id=student_id,
            credit__lt=1,
            question__status=Question.Status.PUBLISHED,
            card_review__isnull=True,
        )
        .exclude(question_id__in=secrecy.embargoed_questions(now=now))
        .order_by("attempt__submitted_at", "pk")
    )
    if not pending.exists():
        return []
    with transaction.atomic():
        # Row locks on the attempts: two reads feeding the same answers at once feed them once.
        list(Attempt.objects.select_for_update().filter(pk__in=pending.values("attempt_id")).order_by("pk"))
        missed = list(pending.values_list("pk", "question_id"))
        return _feed_missed_answers(student_id=student_id, missed=missed, now=now)


def _feed_missed_answers(*, student_id: int, missed: list[tuple[int, int]], now: datetime) -> list[CardReview]:
    question_ids = sorted({question_id for _, question_id in missed})
    sync_question_cards(question_ids=question_ids)
    flashcard_ids = dict(Flashcard.objects.filter(question_id__in=question_ids).values_list("question_id", "id"))
    states = {
        state.flashcard_id: state
        for state in CardState.objects.select_for_update().filter(
            student_id=student_id, flashcard_id__in=flashcard_ids.values()
        )
    }
    to_create, reviews = {}, []
    for response_id, question_id in missed:
        flashcard_id = flashcard_ids[question_id]
        existing = states.get(flashcard_id)
        state, before_state, before_due = apply_rating(
            state=existing, student_id=student_id, flashcard_id=flashcard_id, rating=QUIZ_MISS_RATING, now=now
        )
        states[flashcard_id] = state
        if existing is None:
            to_create[flashcard_id] = state
        reviews.append(
            CardReview(
                review_id=uuid.uuid4(),
                student_id=student_id,
                flashcard_id=flashcard_id,
                rating=QUIZ_MISS_RATING,
                origin=CardReview.Origin.QUIZ,
                reviewed_at=now,
                state_before=before_state,
                due_before=before_due,
                due_after=state.due,
                response_id=response_id,
            )
        )
    CardState.objects.bulk_create(to_create.values())
    CardState.objects.bulk_update(
        [state for card_id, state in states.items() if card_id not in to_create],
        ["state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses"],
    )
    return CardReview.objects.bulk_create(reviews)


def sync_question_cards(*, question_ids: list[int] | None = None) -> int:
    """Make the card of every published question (of question_ids, if given) that has none; return how many."""
    missing = Question.objects.filter(status=Question.Status.PUBLISHED, flashcard__isnull=True)
    if question_ids is not None:
        missing = missing.filter(pk__in=question_ids)
    created = Flashcard.objects.bulk_create(
        [Flashcard(question_id=question_id) for question_id in missing.values_list("pk", flat=True)],
        ignore_conflicts=True,  # a concurrent sync may have made some of them
    )
    return len(created)


def next_intervals(*, state: CardState | None, now: datetime) -> dict[int, timedelta]:
    """For each rating, how long until the card would be due again if rated so now (fuzz aside: it is random)."""
    unfuzzed = scheduler()
    unfuzzed.enable_fuzzing = False
    card = fsrs_card(state, now=now)
    return {
        int(rating): unfuzzed.review_card(card, rating, review_datetime=_utc(now))[0].due - _utc(now)
        for rating in fsrs.Rating
    }


def describe_interval(interval: timedelta) -> str:
    """An interval as Anki shows it on its buttons: 10m, 3h, 4d, 2.5mo, 1.2y."""
    minutes = interval.total_seconds() / 60
    if minutes < 60:
        return f"{max(1, round(minutes))}m"
    if minutes < 60 * 24:
        return f"{round(minutes / 60)}h"
    days = minutes / (60 * 24)
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"

"""FSRS scheduling of cards: each rating moves the due date as the fsrs package says; reviews are idempotent."""

import uuid
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from quizzes.errors import ReviewIdReused
from quizzes.models import CardReview, CardState
from quizzes.services.scheduling import review_card
from tests.factories import CardStateFactory, FlashcardFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
RATINGS = [CardReview.Rating.AGAIN, CardReview.Rating.HARD, CardReview.Rating.GOOD, CardReview.Rating.EASY]


@pytest.fixture(autouse=True)
def no_fuzz(settings):
    """Fuzz spreads long intervals at random; these tests compare exact dates, so they turn it off."""
    settings.FLASHCARDS = {**settings.FLASHCARDS, "FUZZ": False}


def expected_by_fsrs(card: fsrs.Card, rating: int) -> fsrs.Card:
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    return scheduler.review_card(card, fsrs.Rating(rating), review_datetime=NOW)[0]


@pytest.mark.parametrize("rating", RATINGS)
def test_a_new_card_is_scheduled_as_fsrs_says(rating):
    student, flashcard = UserFactory(), FlashcardFactory()
    review, created = review_card(student=student, flashcard=flashcard, rating=rating, review_id=uuid.uuid4(), now=NOW)
    expected = expected_by_fsrs(fsrs.Card(card_id=1, due=NOW), rating)
    state = CardState.objects.get(student=student, flashcard=flashcard)
    assert created and review.state_before is None
    assert state.due == expected.due == review.due_after
    assert (state.state, state.step) == (int(expected.state), expected.step)
    assert state.stability == pytest.approx(expected.stability)
    assert state.first_reviewed_at == NOW and state.reps == 1


@pytest.mark.parametrize("rating", RATINGS)
def test_a_review_card_is_scheduled_as_fsrs_says(rating):
    last_review = NOW - timedelta(days=12)
    state = CardStateFactory(stability=10.0, difficulty=5.0, last_review=last_review, due=NOW - timedelta(days=2))
    review_card(student=state.student, flashcard=state.flashcard, rating=rating, review_id=uuid.uuid4(), now=NOW)
    expected = expected_by_fsrs(
        fsrs.Card(
            card_id=1,
            state=fsrs.State.Review,
            stability=10.0,
            difficulty=5.0,
            due=NOW - timedelta(days=2),
            last_review=last_review,
        ),
        rating,
    )
    state.refresh_from_db()
    assert state.due == expected.due
    assert state.difficulty == pytest.approx(expected.difficulty)
    assert state.lapses == (1 if rating == CardReview.Rating.AGAIN else 0)


def test_ratings_order_the_next_due_dates_again_soonest_easy_latest():
    dues = []
    for rating in RATINGS:
        state = CardStateFactory(last_review=NOW - timedelta(days=12), due=NOW - timedelta(days=2))
        review_card(student=state.student, flashcard=state.flashcard, rating=rating, review_id=uuid.uuid4(), now=NOW)
        state.refresh_from_db()
        dues.append(state.due)
    assert dues == sorted(dues) and len(set(dues)) == 4
    assert dues[0] == NOW + timedelta(minutes=10)  # Again: the relearning step
    assert dues[2] - NOW > timedelta(days=5)  # Good: days later, by FSRS


def test_with_fuzz_a_long_interval_stays_near_the_unfuzzed_one(settings):
    settings.FLASHCARDS = {**settings.FLASHCARDS, "FUZZ": True}
    state = CardStateFactory(stability=30.0, last_review=NOW - timedelta(days=30), due=NOW)
    review_card(student=state.student, flashcard=state.flashcard, rating=3, review_id=uuid.uuid4(), now=NOW)
    unfuzzed = expected_by_fsrs(
        fsrs.Card(
            card_id=1,
            state=fsrs.State.Review,
            stability=30.0,
            difficulty=5.0,
            due=NOW,
            last_review=NOW - timedelta(days=30),
        ),
        3,
    )
    state.refresh_from_db()
    assert abs(state.due - unfuzzed.due) <= timedelta(days=0.15 * (unfuzzed.due - NOW).days + 1)


def test_the_same_review_id_twice_records_one_review():
    student, flashcard = UserFactory(), FlashcardFactory()
    review_id = uuid.uuid4()
    first, created = review_card(student=student, flashcard=flashcard, rating=3, review_id=review_id, now=NOW)
    due_after_first = CardState.objects.get(student=student).due
    again, created_again = review_card(
        student=student, flashcard=flashcard, rating=3, review_id=review_id, now=NOW + timedelta(minutes=20)
    )
    assert created and not created_again and again.pk == first.pk
    assert CardReview.objects.filter(student=student).count() == 1
    state = CardState.objects.get(student=student)
    assert state.due == due_after_first and state.reps == 1


def test_a_review_id_reused_for_another_rating_is_refused():
    student, flashcard = UserFactory(), FlashcardFactory()
    review_id = uuid.uuid4()
    review_card(student=student, flashcard=flashcard, rating=3, review_id=review_id, now=NOW)
    with pytest.raises(ReviewIdReused):
        review_card(student=student, flashcard=flashcard, rating=1, review_id=review_id, now=NOW)
    assert CardReview.objects.filter(student=student).count() == 1


def test_review_ids_are_per_student():
    flashcard, review_id = FlashcardFactory(), uuid.uuid4()
    for student in UserFactory.create_batch(2):
        _, created = review_card(student=student, flashcard=flashcard, rating=3, review_id=review_id, now=NOW)
        assert created
    assert CardState.objects.filter(flashcard=flashcard).count() == 2

"""Simultaneous reviews of one card, with threads against a real PostgreSQL (row locks and unique ids, not luck)."""

import uuid

import pytest

from quizzes.models import CardReview, CardState
from tests.api_support import call_at_once, needs_postgresql
from tests.factories import FlashcardFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

CALLERS = 30
REVIEWS = "/api/v1/flashcards/reviews/"


def test_the_same_review_sent_thirty_times_at_once_is_recorded_once():
    student, card = UserFactory(username="double-clicker", password="!"), FlashcardFactory()
    body = {"review_id": str(uuid.uuid4()), "card": card.pk, "rating": "good"}

    responses = call_at_once(student, [("post", REVIEWS, body)] * CALLERS)

    codes = sorted(response.status_code for response in responses)
    assert codes == [200] * (CALLERS - 1) + [201]
    assert {response.json()["due_after"] for response in responses} == {responses[0].json()["due_after"]}
    assert CardReview.objects.filter(student=student).count() == 1
    assert CardState.objects.get(student=student, flashcard=card).reps == 1


def test_thirty_different_reviews_of_one_new_card_at_once_are_all_applied_in_turn():
    student, card = UserFactory(username="hammer", password="!"), FlashcardFactory()
    bodies = [{"review_id": str(uuid.uuid4()), "card": card.pk, "rating": "again"} for _ in range(CALLERS)]

    responses = call_at_once(student, [("post", REVIEWS, body) for body in bodies])

    assert [response.status_code for response in responses] == [201] * CALLERS
    assert CardReview.objects.filter(student=student).count() == CALLERS
    # Each rating was applied to the state the one before left: none was lost to a stale read.
    assert CardState.objects.get(student=student, flashcard=card).reps == CALLERS

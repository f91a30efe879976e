"""The flashcard API: decks, due queue, idempotent reviews, statistics, teachers' cards, and who may see what."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.models import CardReview, CardState, Flashcard, Source, Topic
from tests.factories import CardStateFactory, FlashcardFactory, TopicFactory

# The shipped quizzes count as practice here; tests/test_secrecy.py covers the cards that wait for a review.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("practice_quizzes")]

DECKS, QUEUE, REVIEWS, STATS, CARDS = (
    "/api/v1/flashcards/decks/",
    "/api/v1/flashcards/queue/",
    "/api/v1/flashcards/reviews/",
    "/api/v1/flashcards/stats/",
    "/api/v1/flashcards/cards/",
)


def review_body(card: int, rating="good", review_id=None) -> dict:
    return {"review_id": str(review_id or uuid.uuid4()), "card": card, "rating": rating}


def test_the_queue_gives_new_cards_up_to_the_daily_cap_with_fronts_and_cited_backs(cast, loaded_bank, settings):
    settings.FLASHCARDS = {**settings.FLASHCARDS, "NEW_CARDS_PER_DAY": 3}
    body = cast.client("student").get(QUEUE, {"deck": "quiz:first-look"}).json()
    assert body["deck"] == "quiz:first-look" and body["due_count"] == 0 and body["new_left_today"] == 3
    assert len(body["cards"]) == 3 and all(card["is_new"] and card["state"] is None for card in body["cards"])
    card = body["cards"][0]
    assert card["front"]["prompt"] and "answer" not in card["front"]
    assert card["back"]["answer"] and card["back"]["citations"][0]["quote"]
    assert card["back"]["citations"][0]["perspective_label"]


def test_a_review_reschedules_the_card_and_counts_against_the_cap(cast, loaded_bank, settings):
    settings.FLASHCARDS = {**settings.FLASHCARDS, "NEW_CARDS_PER_DAY": 1}
    client = cast.client("student")
    card = client.get(QUEUE).json()["cards"][0]["card"]
    response = client.post(REVIEWS, review_body(card, "easy"), format="json")
    assert response.status_code == 201
    state = CardState.objects.get(student=cast.student, flashcard_id=card)
    assert response.json()["card_state"]["state"] == "Review" and state.state == CardState.State.REVIEW
    assert state.due > timezone.now() + timedelta(days=1)
    body = client.get(QUEUE).json()
    assert body["cards"] == [] and body["new_left_today"] == 0 and body["next_due"] is not None


def test_resending_a_review_records_it_once(cast, loaded_bank):
    client, card = cast.client("student"), FlashcardFactory().pk
    body = review_body(card, "again")
    first = client.post(REVIEWS, body, format="json")
    second = client.post(REVIEWS, body, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert CardReview.objects.filter(student=cast.student).count() == 1
    assert CardState.objects.get(student=cast.student).reps == 1
    conflict = client.post(REVIEWS, {**body, "rating": "good"}, format="json")
    assert conflict.status_code == 409 and conflict.json()["code"] == "review_id_reused"
    assert CardReview.objects.filter(student=cast.student).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rating": "perfect"}, "rating"),
        ({"rating": "5"}, "rating"),
        ({"review_id": "12"}, "review_id"),
        ({"card": 99999999}, "card"),
        ({"card": "x"}, "card"),
        ({"duration_ms": -1}, "duration_ms"),
    ],
)
def test_bad_reviews_get_400_with_field_messages(cast, loaded_bank, change, field):
    body = {**review_body(FlashcardFactory().pk), **change}
    response = cast.client("student").post(REVIEWS, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]
    assert not CardReview.objects.exists()


@pytest.mark.parametrize(("params", "field"), [({"deck": "topic:nope"}, "deck"), ({"limit": "0"}, "limit")])
def test_bad_queue_parameters_get_400(cast, loaded_bank, params, field):
    response = cast.client("student").get(QUEUE, params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_a_student_sees_only_their_own_states_reviews_and_stats(cast, loaded_bank):
    state = CardStateFactory(student=cast.other_student)
    cast.client("other_student").post(REVIEWS, review_body(state.flashcard_id, "good"), format="json")
    client = cast.client("student")
    assert client.get(REVIEWS).json()["count"] == 0
    assert client.get(QUEUE).json()["due_count"] == 0
    assert all(card["is_new"] for card in client.get(QUEUE).json()["cards"])
    assert client.get(STATS).json()["review_count"] == 0
    assert client.get(STATS, {"student": "other"}).status_code == 404
    other = cast.client("other_student")
    assert other.get(REVIEWS).json()["count"] == 1 and other.get(STATS).json()["review_count"] == 1


def test_teachers_and_integrations_read_stats_of_their_course_students_only(cast, loaded_bank):
    cast.client("student").post(REVIEWS, review_body(FlashcardFactory().pk), format="json")
    for role in ("teacher", "integration", "read_integration"):
        client = cast.client(role)
        response = client.get(STATS, {"student": "stu"})
        assert response.status_code == 200 and response.json()["student"] == "stu"
        assert response.json()["review_count"] == 1
        assert client.get(STATS, {"student": "other"}).status_code == 404
    assert cast.client("integration").get(STATS).status_code == 400


@pytest.mark.parametrize("url", [DECKS, QUEUE, REVIEWS, STATS])
def test_anonymous_callers_get_401(cast, url):
    assert cast.client("anonymous").get(url).status_code == 401


@pytest.mark.parametrize("url", [DECKS, QUEUE, REVIEWS])
def test_integrations_have_no_cards_of_their_own(cast, url):
    assert cast.client("integration").get(url).status_code == 403
    assert cast.client("integration").post(REVIEWS, {}, format="json").status_code == 403


def test_decks_list_counts_the_callers_due_and_new_cards(cast, loaded_bank, settings):
    settings.FLASHCARDS = {**settings.FLASHCARDS, "NEW_CARDS_PER_DAY": 5}
    CardStateFactory(student=cast.student)
    body = cast.client("student").get(DECKS, {"page_size": 100}).json()
    decks = {deck["key"]: deck for deck in body["results"]}
    assert decks["all"]["due_count"] == 1 and decks["all"]["new_count"] == 5
    assert {"quiz:first-look", f"source:{Source.objects.first().slug}"} <= set(decks)
    assert any(key.startswith("topic:") for key in decks)


def test_teachers_author_cited_cards_and_bad_quotes_are_refused(cast, loaded_bank):
    source = Source.objects.first()
    quote = source.passages.first().text[:60]
    topic = Topic.objects.first()
    body = {
        "front": "What does it say?",
        "back": "This.",
        "topics": [topic.slug],
        "citations": [{"source": source.slug, "quote": quote}],
    }
    response = cast.client("teacher").post(CARDS, body, format="json")
    assert response.status_code == 201, response.json()
    card = Flashcard.objects.get(pk=response.json()["id"])
    assert card.author == cast.teacher and card.citations.get().passage is not None
    queue = cast.client("student").get(QUEUE, {"deck": f"topic:{topic.slug}", "limit": 100}).json()
    assert card.pk in [row["card"] for row in queue["cards"]]
    bad = {**body, "citations": [{"source": source.slug, "quote": "Words that are in no source at all"}]}
    refused = cast.client("teacher").post(CARDS, bad, format="json")
    assert refused.status_code == 400 and "citations" in refused.json()["errors"]
    assert cast.client("student").post(CARDS, body, format="json").status_code == 403
    assert Flashcard.objects.filter(question__isnull=True).count() == 1


def test_the_schema_documents_the_flashcard_endpoints(cast):
    schema = cast.client("anonymous").get("/api/v1/schema/", {"format": "json"}).json()
    for url in (DECKS, QUEUE, REVIEWS, STATS, CARDS):
        assert url in schema["paths"]
    assert "post" in schema["paths"][REVIEWS]


def count_queries(client, url, params=None) -> int:
    client.get(url, params)  # warm up: sync of question cards, session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def grow(cast, n):
    TopicFactory.create_batch(n)
    for _ in range(n):
        state = CardStateFactory(student=cast.student, due=timezone.now() - timedelta(hours=1))
        CardReview.objects.create(
            review_id=uuid.uuid4(),
            student=cast.student,
            flashcard=state.flashcard,
            rating=3,
            reviewed_at=timezone.now(),
            state_before=CardState.State.REVIEW,
            due_after=state.due,
        )


@pytest.mark.parametrize(
    ("url", "params"),
    [(DECKS, {"page_size": 100}), (QUEUE, {"limit": 100}), (REVIEWS, {"page_size": 100}), (STATS, {})],
)
def test_flashcard_endpoints_issue_the_same_queries_for_5_and_50_items(cast, loaded_bank, url, params):
    client = cast.client("student")
    grow(cast, 5)
    few = count_queries(client, url, params)
    grow(cast, 45)
    assert count_queries(client, url, params) == few

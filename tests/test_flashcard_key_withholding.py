"""A card's back is the answer key, so cards are withheld while that key must stay hidden: during the student's
own attempt at a quiz holding the question, and while a quiz that shows keys only after it closes is open."""

import re
import sqlite3
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, CardReview, Flashcard, Quiz
from tests.factories import UserFactory

# The shipped quizzes count as practice here; tests/test_secrecy.py covers the cards that wait for a review.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("practice_quizzes")]

QUIZ = "first-look"


@pytest.fixture
def logged_in(client, student, loaded_bank, settings):
    settings.FLASHCARDS = {**settings.FLASHCARDS, "NEW_CARDS_PER_DAY": 100}
    client.force_login(student)
    return client


def queue_cards(client, deck=f"quiz:{QUIZ}") -> set[int]:
    body = client.get("/api/v1/flashcards/queue/", {"deck": deck, "limit": 100}).json()
    return {card["card"] for card in body["cards"]}


def quiz_cards(slug=QUIZ) -> set[int]:
    return set(Flashcard.objects.filter(question__quiz_questions__quiz__slug=slug).values_list("pk", flat=True))


def exported_notes(client, tmp_path, deck=f"quiz:{QUIZ}") -> int:
    package = tmp_path / "deck.apkg"
    package.write_bytes(client.get(f"/flashcards/export.apkg?deck={deck}").content)
    with zipfile.ZipFile(package) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "collection.anki2").execute("select count(*) from notes").fetchone()[0]


def test_a_quizs_cards_are_withheld_while_the_student_takes_it_and_come_back_once_submitted(logged_in, student):
    assert queue_cards(logged_in) == quiz_cards()
    logged_in.post(f"/quizzes/{QUIZ}/start/")
    attempt = Attempt.objects.get(student=student, quiz__slug=QUIZ)

    assert queue_cards(logged_in) == set()
    queue = logged_in.get("/api/v1/flashcards/queue/", {"deck": f"quiz:{QUIZ}"}).json()
    assert queue["withheld_count"] == len(quiz_cards()) and queue["cards"] == []
    assert not queue_cards(logged_in, "all") & quiz_cards()
    study = logged_in.get(f"/flashcards/study/?deck=quiz:{QUIZ}").content.decode()
    assert 'data-card="' not in study
    decks = logged_in.get("/api/v1/flashcards/decks/", {"page_size": 100}).json()["results"]
    quiz_deck = next(deck for deck in decks if deck["key"] == f"quiz:{QUIZ}")
    assert (quiz_deck["card_count"], quiz_deck["locked_count"]) == (0, len(quiz_cards()))

    withheld = min(quiz_cards())
    refused = logged_in.post(
        "/api/v1/flashcards/reviews/",
        {"review_id": str(uuid.uuid4()), "card": withheld, "rating": "good"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["errors"]["card"] == ["No card to study has this id."]
    page_review = logged_in.post(
        "/flashcards/review/", {"card": withheld, "deck": "all", "review_id": uuid.uuid4(), "rating": 3}
    )
    assert page_review.status_code == 404
    assert not CardReview.objects.filter(student=student).exists()

    logged_in.post(f"/attempts/{attempt.pk}/submit/")
    assert queue_cards(logged_in) == quiz_cards()


def test_another_students_attempt_withholds_nothing_from_this_student(logged_in, student, client):
    other = UserFactory(username="other-student")
    client.force_login(other)
    client.post(f"/quizzes/{QUIZ}/start/")
    client.force_login(student)
    assert queue_cards(client) == quiz_cards()


def test_a_quiz_that_shows_keys_after_closing_withholds_its_cards_until_it_closes(logged_in, tmp_path):
    quiz = Quiz.objects.get(slug=QUIZ)
    quiz.review_mode = Quiz.ReviewMode.AFTER_CLOSE
    quiz.closes_at = timezone.now() + timedelta(days=7)
    quiz.save()
    assert queue_cards(logged_in, "all").isdisjoint(quiz_cards())
    assert exported_notes(logged_in, tmp_path) == 0

    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert queue_cards(logged_in) == quiz_cards()
    study = logged_in.get(f"/flashcards/study/?deck=quiz:{QUIZ}").content.decode()
    assert int(re.search(r'data-card="(\d+)"', study).group(1)) in quiz_cards()
    assert exported_notes(logged_in, tmp_path) == len(quiz_cards())


def test_the_empty_study_page_says_how_many_cards_are_hidden_during_the_quiz(logged_in, student):
    logged_in.post(f"/quizzes/{QUIZ}/start/")
    study = " ".join(logged_in.get(f"/flashcards/study/?deck=quiz:{QUIZ}").content.decode().split())
    assert "Nothing to study now" in study
    assert f"{len(quiz_cards())} cards of this deck are locked for now" in study

    attempt = Attempt.objects.get(student=student, quiz__slug=QUIZ)
    logged_in.post(f"/attempts/{attempt.pk}/submit/")
    study = logged_in.get(f"/flashcards/study/?deck=quiz:{QUIZ}").content.decode()
    assert "locked for now" not in study

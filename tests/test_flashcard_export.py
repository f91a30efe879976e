"""Anki export: a deck downloads as an .apkg that Anki itself imports, one note per card, citations on the back."""

import sqlite3
import zipfile

import pytest
from anki.collection import Collection, ImportAnkiPackageRequest
from django.utils.html import escape

from quizzes.models import Question, Quiz
from tests.factories import FlashcardFactory

# The shipped quizzes count as practice here; tests/test_secrecy.py covers the cards that wait for a review.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("practice_quizzes")]


@pytest.fixture
def logged_in(client, student, loaded_bank):
    client.force_login(student)
    return client


def download(client, deck: str, tmp_path):
    response = client.get(f"/flashcards/export.apkg?deck={deck}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    path = tmp_path / "deck.apkg"
    path.write_bytes(response.content)
    return path


def test_a_quiz_deck_exports_one_note_per_question_with_citations(logged_in, tmp_path):
    quiz = Quiz.objects.get(slug="first-look")
    path = download(logged_in, "quiz:first-look", tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert {"collection.anki2", "media"} <= set(archive.namelist())
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    rows = sqlite3.connect(tmp_path / "collection.anki2").execute("select flds from notes").fetchall()
    assert len(rows) == quiz.quiz_questions.count()
    for question in quiz.questions.all():
        before_any_blank = escape(question.prompt.split("[[")[0])
        fields = next(row[0].split("\x1f") for row in rows if row[0].startswith(f"<p>{before_any_blank}"))
        assert len(fields) == 4
        assert escape(question.citations.first().quote) in fields[2]
        assert escape(question.citations.first().source.title) in fields[2]


def test_anki_imports_the_package_with_the_expected_notes(logged_in, tmp_path):
    card = FlashcardFactory(front="Where was Trotsky murdered?", back="In Mexico")
    path = download(logged_in, "all", tmp_path)
    collection = Collection(str(tmp_path / "read-back.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(path)))
        note_ids = collection.find_notes("")
        assert len(note_ids) == len(set(note_ids)) >= 222
        notes = [collection.get_note(note_id) for note_id in note_ids]
        own = next(note for note in notes if note["Front"] == "<p>Where was Trotsky murdered?</p>")
        assert "In Mexico" in own["Back"]
        assert "murdered in Mexico in 1940" in own["Citations"]
        assert card.citations.get().source.title in own["Citations"]
        assert any("Where the sources disagree" in note["Disagreements"] for note in notes)
        assert collection.decks.by_name("quizsite::All cards") is not None
    finally:
        collection.close()


def test_a_cloze_front_shows_numbered_blanks_not_its_markup(logged_in, tmp_path):
    path = download(logged_in, "quiz:first-look", tmp_path)
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    rows = sqlite3.connect(tmp_path / "collection.anki2").execute("select flds from notes").fetchall()
    fronts = [row[0].split("\x1f")[0] for row in rows]
    clozes = Question.objects.filter(quiz_questions__quiz__slug="first-look", type=Question.Type.CLOZE)
    assert clozes.exists()
    for question in clozes:
        front = next(front for front in fronts if front.startswith(f"<p>{escape(question.prompt.split('[[')[0])}"))
        assert "[[" not in front
        assert "[1] ______" in front


def test_an_unknown_deck_is_not_found(logged_in):
    assert logged_in.get("/flashcards/export.apkg?deck=quiz:nope").status_code == 404

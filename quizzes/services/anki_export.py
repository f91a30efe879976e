"""Export a deck as an Anki package (.apkg) with genanki: the back of every note carries its citations and the
sources' disagreements, as on the study page."""

import io
import sqlite3
import tempfile
import time
import uuid
import zipfile
from itertools import count
from pathlib import Path
from zlib import crc32

import genanki
from django.utils.html import escape, format_html, format_html_join

from quizzes.services import cards
from quizzes.services.scheduling import sync_question_cards

# Fixed ids: importing a newer export of the same deck updates its notes in Anki instead of duplicating them.
MODEL_ID = 1_607_392_319
MODEL = genanki.Model(
    MODEL_ID,
    "quizsite card (cited)",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Citations"}, {"name": "Disagreements"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": (
                '{{FrontSide}}<hr id="answer">{{Back}}'
                '{{#Citations}}<div class="citations"><h4>Cited passages</h4>{{Citations}}</div>{{/Citations}}'
                '{{#Disagreements}}<div class="disagreements">{{Disagreements}}</div>{{/Disagreements}}'
            ),
        }
    ],
    css=(
        ".card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em; margin: auto; }"
        " blockquote { border-left: 3px solid #999; margin: .5em 0; padding-left: .7em; }"
        " .disagreements { background: #fff6e0; padding: .5em; }"
    ),
)


def deck_id(deck: cards.Deck) -> int:
    """A stable Anki deck id for the deck key (Anki wants a positive 31-bit-plus number)."""
    return 1 << 30 | crc32(deck.key.encode())


def note_guid(flashcard) -> str:
    if flashcard.question_id:
        return genanki.guid_for("quizsite-question", flashcard.question.slug)
    return genanki.guid_for("quizsite-card", flashcard.pk)


def front_html(front: dict) -> str:
    if front.get("segments"):  # a cloze prompt: its [[n]] markers become numbered blanks, as on the study page
        prompt = "".join(
            f"[{segment['blank']}] ______" if "blank" in segment else segment["text"] for segment in front["segments"]
        )
    else:
        prompt = front["prompt"]
    html = f"<p>{escape(prompt)}</p>"
    options = front.get("options") or front.get("items") or []
    if options:
        html += "<ul>" + format_html_join("", "<li>{}</li>", ((option["text"],) for option in options)) + "</ul>"
    if front.get("left"):
        html += "<p>Match:</p><ul>" + format_html_join("", "<li>{}</li>", ((x["text"],) for x in front["left"]))
        html += "</ul><p>with:</p><ul>"
        html += format_html_join("", "<li>{}</li>", ((x["text"],) for x in front["right"])) + "</ul>"
    return html


def back_html(back: dict) -> str:
    html = "<ul>" + format_html_join("", "<li>{}</li>", ((line,) for line in back["answer"])) + "</ul>"
    if back["explanation"]:
        html += f"<p><b>Why:</b> {escape(back['explanation'])}</p>"
    return html


def citations_html(back: dict) -> str:
    return format_html_join(
        "",
        "<blockquote>“{}”<br>— {} ({}){}</blockquote>",
        (
            (
                quote["quote"],
                quote["source_name_html"],
                quote["perspective_label"],
                format_html(", in the passage “{}”", quote["passage_opening"]) if quote["passage_opening"] else "",
            )
            for quote in back["citations"]
        ),
    )


def disagreements_html(back: dict) -> str:
    if not back["disagreements"]:
        return ""
    html = f"<h4>Where the sources disagree: {escape(back['disagreement_point'])}</h4><ul>"
    html += format_html_join(
        "",
        "<li><b>{}</b> ({}) claims: {}<blockquote>“{}”</blockquote></li>",
        (
            (entry["source_name_html"], entry["perspective_label"], entry["claim"], entry["quote"])
            for entry in back["disagreements"]
        ),
    )
    return html + "</ul>"


def tags_for(flashcard, back: dict) -> list[str]:
    topics = flashcard.question.topics.all() if flashcard.question_id else flashcard.topics.all()
    tags = {f"topic::{topic.slug}" for topic in topics}
    tags |= {f"source::{quote['source']}" for quote in back["citations"] + back["disagreements"]}
    return sorted(tags)


def export_deck(*, deck: cards.Deck, student=None, now=None) -> bytes:
    """Return the deck's studied cards (for a student, those they may study now) as an .apkg file, a note each."""
    sync_question_cards()
    flashcards = cards.with_card_content(cards.deck_cards(deck, student=student, now=now).order_by("pk"))
    anki_deck = genanki.Deck(deck_id(deck), f"quizsite::{deck.title}", description="Every answer cited to its sources.")
    export_key = uuid.uuid4().hex  # each export draws its own option orders
    for flashcard in flashcards:
        front, back = cards.card_front(flashcard, view_key=export_key), cards.card_back(flashcard)
        anki_deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[front_html(front), back_html(back), citations_html(back), disagreements_html(back)],
                guid=note_guid(flashcard),
                tags=tags_for(flashcard, back),
            )
        )
    return package_bytes(genanki.Package(anki_deck))


def package_bytes(package: genanki.Package) -> bytes:
    # genanki's write_to_file leaves its temporary database behind; this writes the same zip and cleans up.
    timestamp = time.time()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        package.write_to_db(connection.cursor(), timestamp, count(int(timestamp * 1000)))
        connection.commit()
        connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()

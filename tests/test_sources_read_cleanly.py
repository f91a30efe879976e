"""Sources read cleanly (issue 14): website furniture is marked in the metadata, folded in the reader and never
citable; a source is named by its site and title everywhere; a link to a passage reads as its opening words."""

import json
import re
import sqlite3
import zipfile

import pytest
import yaml
from django.utils import timezone

from quizzes.models import Citation, Passage, PositionQuote, Question, Quiz, Source
from quizzes.services import attempts
from quizzes.services.grading import correct_answer
from tests.conftest import run_command, run_failing_command
from tests.factories import quiz_with
from tests.test_admin_questions import ADD_URL, answer_keys, question_post
from tests.test_load_bank import valid_question, write_questions

pytestmark = pytest.mark.django_db

# Each source's furniture, by the opening of its passages (the texts are verbatim web pages).
FURNITURE = {
    "revolupedia": ["From Revolupedia", "Jump to navigation Jump to search"],
    "imt": ["..."],
    "cwi": [
        "50 years since the death of Stalin.",
        "Stalinism and Bolshevism",
        "Twenty years of Stalinist degeneration",
        "Letter to the workers of the USSR",
        "Special financial appeal to all readers of",
        "Support building alternative socialist media",
        "Please make a donation to help us reach more readers",
        "Donate via Paypal",
        "Liked this article? We need your support",
        "Become a patron at Patreon!",
        "Be the first to comment",
        "Leave a Reply",
        "Your email address will not be published.",
    ],
    "starr": ["Skip to main content", "Scroll to Continue", "Recommended Articles"],
    "wikipedia": [],
}
# The documents' own text that sits near furniture or looks like it, and stays unfolded and citable.
NOT_FURNITURE = {
    "revolupedia": ["Revision as of 03:17, 30 April 2025", "Leon Trotsky, a major anti-Stalinist", "See also"],
    "imt": ["Marx Engels Lenin Stalin 1933", "Prague 1968"],
    "cwi": ["Theory: 50 years since the death of Stalin", "Note. There have been repeated rumours", "March 2003"],
    "starr": ["The Starr Narrative", "(The quote is actually from a review"],
    "wikipedia": ["== External links ==", '"Stalin Reference Archive"'],
}
NAMES = {
    "revolupedia": ("Revolupedia", "Anti-Stalinism"),
    "imt": ("In Defence of Marxism (IMT)", "Stalinism"),
    "cwi": ("Committee for a Workers' International (CWI)", "Theory: 50 years since the death of Stalin"),
    "starr": ("The Starr Narrative", "Stalinism doesn't equal socialism"),
    "wikipedia": ("Wikipedia", "Stalinism"),
}


def furniture_rows():
    return list(Passage.objects.filter(is_furniture=True).order_by("id").values_list("id", "source__slug", "anchor"))


def add_furniture(sources_dir, file_name: str, openings: list[str]) -> None:
    path = sources_dir / file_name
    metadata = yaml.safe_load(path.read_text(encoding="utf-8"))
    metadata["furniture"] = [*metadata.get("furniture", []), *openings]
    path.write_text(yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False), encoding="utf-8")


# Furniture as metadata ------------------------------------------------------------------------------------


def test_load_sources_marks_each_sources_furniture_and_none_of_its_own_text(loaded_sources):
    for slug, openings in FURNITURE.items():
        furniture = list(Passage.objects.filter(source__slug=slug, is_furniture=True).order_by("number"))
        assert len(furniture) == len(openings), slug
        for passage, opening in zip(furniture, openings, strict=True):
            assert passage.text.startswith(opening)
        for opening in NOT_FURNITURE[slug]:
            assert not Passage.objects.get(source__slug=slug, text__startswith=opening).is_furniture


def test_a_furniture_opening_that_begins_no_passage_or_several_is_refused(loaded_sources, sources_copy):
    before = furniture_rows()
    add_furniture(sources_copy, "002_407b3ffd0d4f796f.yaml", ["Donate by cheque", "Stalin"])

    error, _, _ = run_failing_command("load_sources", "--dir", str(sources_copy))

    message = str(error)
    assert "002_407b3ffd0d4f796f.yaml: furniture 'Donate by cheque' begins no passage of the text" in message
    assert re.search(r"furniture 'Stalin' begins \d+ passages \(p-\d+, p-\d+.*\): give more of its opening", message)
    assert furniture_rows() == before


def test_reloading_changes_nothing_and_a_new_mark_changes_only_the_flags(loaded_sources, sources_copy):
    passages_before = list(Passage.objects.order_by("id").values_list("id", "anchor", "text"))
    out, _ = run_command("load_sources", "--dir", str(sources_copy))
    assert out.count(": unchanged") == 5 and "cwi: unchanged (53 passages, 13 website furniture)" in out

    add_furniture(sources_copy, "004_b077ab473170839d.yaml", ["== External links =="])
    out, _ = run_command("load_sources", "--dir", str(sources_copy))

    assert "wikipedia: updated (148 passages, 1 website furniture)" in out
    assert Passage.objects.get(source__slug="wikipedia", text="== External links ==").is_furniture
    assert list(Passage.objects.order_by("id").values_list("id", "anchor", "text")) == passages_before
    out, _ = run_command("load_sources", "--dir", str(sources_copy))
    assert out.count(": unchanged") == 5


def test_a_new_mark_under_a_cited_passage_reports_the_quote_and_leaves_it_without_a_passage(loaded_bank, sources_copy):
    citation = Citation.objects.get(question__slug="interpretations-mao-seventy-thirty")
    assert citation.passage.text.startswith("Mao Zedong famously declared")
    add_furniture(sources_copy, "004_b077ab473170839d.yaml", ["Mao Zedong famously declared"])

    error, out, err = run_failing_command("load_sources", "--dir", str(sources_copy))

    assert "quote(s) no longer match their source's own text" in str(error)
    assert "quotes now resting on furniture" in out
    assert "BROKEN citation of question interpretations-mao-seventy-thirty" in err and "website furniture" in err
    citation.refresh_from_db()
    assert citation.passage is None


# The reader -----------------------------------------------------------------------------------------------


def test_the_reader_folds_furniture_in_closed_details_and_keeps_every_anchor(client, loaded_sources):
    page = client.get("/sources/cwi/").content.decode()

    folds = re.findall(r'<details class="furniture">(.*?)</details>', page, flags=re.DOTALL)
    assert len(folds) == 2  # the links to the feature's articles, then the appeal and the comment form
    assert '<details class="furniture" open' not in page
    assert "<summary>Website furniture (donation appeal, navigation, comment form…): 9 passages" in folds[1]
    folded = "".join(folds)
    for passage in Passage.objects.filter(source__slug="cwi"):
        assert f'id="{passage.anchor}"' in page
        assert (f'id="{passage.anchor}"' in folded) == passage.is_furniture
    assert "Leave a Reply" in folded and "Stalin died in 1953" not in folded


# No quote rests on furniture -----------------------------------------------------------------------------


def test_the_passage_picker_never_offers_furniture(teacher_in_admin):
    def offered(term):
        response = teacher_in_admin.get(
            "/admin/autocomplete/",
            {"app_label": "quizzes", "model_name": "citation", "field_name": "passage", "term": term},
        )
        return [row["text"] for row in response.json()["results"]]

    assert offered("cwi Donate") == []
    assert offered("Leave a Reply") == []
    assert [label.startswith("cwi #p-43: Note. There have been") for label in offered("cwi rumours")] == [True]


def test_the_bank_refuses_a_key_resting_on_furniture(loaded_bank, bank_copy):
    write_questions(
        bank_copy,
        "furniture.yaml",
        [valid_question(id="rests-on-an-appeal", citations=[{"source": "cwi", "quote": "Donate via Paypal"}])],
    )

    _, _, err = run_failing_command("load_bank", str(bank_copy))

    assert 'rests-on-an-appeal: citation 1: The quote rests on website furniture of "Committee for a' in err
    assert "passage p-47 (a donation appeal, navigation, a comment form or the like)" in err
    assert not Question.objects.filter(slug="rests-on-an-appeal").exists()


def test_the_admin_refuses_a_quote_from_furniture_and_a_furniture_passage(teacher_in_admin):
    cwi = Source.objects.get(slug="cwi")
    appeal = cwi.passages.get(text__startswith="Please make a donation")
    prompt, answer_form, _ = answer_keys()["single_choice"]
    quoted = {"source": str(cwi.pk), "quote": "Please make a donation to help us reach more readers"}
    picked = {"passage": str(appeal.pk), "quote": "Please make a donation to help us reach more readers"}

    for slug, row in [("quotes-an-appeal", quoted), ("picks-an-appeal", picked)]:
        data = question_post(slug=slug, prompt=prompt, answer_key=answer_form, quote_rows=[row])
        page = teacher_in_admin.post(f"{ADD_URL}?type=single_choice", data).content.decode()
        assert not Question.objects.filter(slug=slug).exists()
        assert ("website furniture" in page) if row is quoted else ("Select a valid choice" in page)
    own_text = {"source": str(cwi.pk), "quote": "Note. There have been repeated rumours"}
    data = question_post(slug="quotes-the-text", prompt=prompt, answer_key=answer_form, quote_rows=[own_text])
    assert teacher_in_admin.post(f"{ADD_URL}?type=single_choice", data).status_code == 302


# Sources named by site and title; passages linked by their opening words ----------------------------------


def test_every_source_is_named_by_its_site_and_title(client, loaded_sources):
    names = {source.slug: source.display_name for source in Source.objects.all()}
    assert names == {slug: f"{site} — {title}" for slug, (site, title) in NAMES.items()}
    assert len(set(names.values())) == len(names)
    listing = client.get("/sources/").content.decode()
    reader = client.get("/sources/imt/").content.decode()
    assert "In Defence of Marxism (IMT) — <cite>Stalinism</cite>" in listing
    assert "Wikipedia — <cite>Stalinism</cite>" in listing
    assert "<h1>In Defence of Marxism (IMT) — <cite>Stalinism</cite></h1>" in reader
    assert "<title>In Defence of Marxism (IMT) — Stalinism" in reader


def cited_question(*, with_disagreements: bool) -> Question:
    return (
        Question.objects.filter(
            status=Question.Status.PUBLISHED,
            type=Question.Type.SINGLE_CHOICE,
            citations__source__slug="wikipedia",
            disagreement__isnull=not with_disagreements,
        )
        .order_by("slug")
        .first()
    )


def reviewed_attempt(*, question: Question, student):
    """The student's submitted attempt at a one-question quiz that shows its key after submission."""
    quiz = quiz_with([question], review_mode=Quiz.ReviewMode.AFTER_SUBMISSION)
    now = timezone.now()
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    attempts.save_answer(attempt=attempt, question_slug=question.slug, answer=correct_answer(question), now=now)
    attempts.submit_attempt(attempt=attempt, now=now)
    return attempt


def test_the_review_names_sources_and_links_passages_by_their_opening_words(client, student, loaded_bank):
    question = cited_question(with_disagreements=True)
    attempt = reviewed_attempt(question=question, student=student)
    client.force_login(student)

    page = client.get(f"/attempts/{attempt.pk}/result/").content.decode()

    for quote in [*question.citations.select_related("source", "passage")]:
        link = f'<a href="/sources/{quote.source.slug}/#{quote.passage.anchor}">“{quote.passage.opening()}”</a>'
        assert f"— {quote.source.display_name_html} " in page and f"in the passage {link}" in page
    panel = page[page.index('<aside class="disagreements"') :]
    for entry in PositionQuote.objects.filter(source_position__point=question.disagreement).select_related(
        "source", "passage"
    ):
        assert f"<strong>{entry.source.display_name_html}</strong>" in panel
        assert f'#{entry.passage.anchor}">“{entry.passage.opening()}”</a>' in panel
    assert not re.search(r">[^<]*\bp-\d+[^<]*</a>", page)  # no link reads as an anchor
    assert "read passage" not in page


def test_the_api_review_adds_the_source_name_and_the_passage_opening(logged_in_api_review):
    citation, served = logged_in_api_review
    assert served["source_title"] == citation.source.title  # the v1 field stays
    assert served["source_name"] == citation.source.display_name
    assert served["passage"] == citation.passage.anchor
    assert served["passage_opening"] == citation.passage.opening()


@pytest.fixture
def logged_in_api_review(api_client, student, loaded_bank):
    question = cited_question(with_disagreements=False)
    attempt = reviewed_attempt(question=question, student=student)
    api_client.force_authenticate(student)
    result = api_client.get(f"/api/v1/attempts/{attempt.pk}/result/").json()
    citation = question.citations.select_related("source", "passage").first()
    return citation, result["questions"][0]["review"]["citations"][0]


def test_a_passage_opening_is_cut_at_a_word(loaded_sources):
    short = Passage.objects.get(source__slug="cwi", text="Leave a Reply")
    long = Passage.objects.get(source__slug="wikipedia", anchor="p-75")
    assert short.opening() == "Leave a Reply"
    assert long.opening() == "Mao Zedong famously declared that Stalin was 70% good and 30% bad…"
    assert len(long.opening()) <= 70 and long.text.startswith(long.opening()[:-1])


def test_the_anki_export_names_sources_and_links_passages_by_opening(client, student, practice_quizzes, tmp_path):
    question = cited_question(with_disagreements=False)
    citation = question.citations.select_related("source", "passage").first()
    client.force_login(student)

    package = client.get("/flashcards/export.apkg?deck=source:wikipedia").content
    (tmp_path / "deck.apkg").write_bytes(package)
    with zipfile.ZipFile(tmp_path / "deck.apkg") as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    notes = sqlite3.connect(tmp_path / "collection.anki2").execute("select flds from notes").fetchall()
    backs = "".join(row[0] for row in notes)
    assert f"— {citation.source.display_name_html} (" in backs
    assert f", in the passage “{citation.passage.opening()}”" in backs
    assert "Wikipedia — <cite>Stalinism</cite>" in backs and "passage p-" not in backs
    decks = json.loads(sqlite3.connect(tmp_path / "collection.anki2").execute("select decks from col").fetchone()[0])
    assert "quizsite::Wikipedia — Stalinism" in {deck["name"] for deck in decks.values()}

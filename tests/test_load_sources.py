import pytest

from quizzes.models import Citation, DisagreementPoint, Passage, PositionQuote, Question, Quiz, Source
from tests.conftest import run_command, run_failing_command

pytestmark = pytest.mark.django_db

SOURCE_SLUGS = ["revolupedia", "imt", "cwi", "starr", "wikipedia"]


def passage_rows():
    return list(
        Passage.objects.order_by("source__slug", "number").values_list("id", "source__slug", "anchor", "start", "end")
    )


def test_load_sources_loads_the_five_documents_with_metadata_and_passages(loaded_sources):
    assert list(Source.objects.values_list("slug", flat=True)) == SOURCE_SLUGS
    cwi = Source.objects.get(slug="cwi")
    assert cwi.file_name == "002_407b3ffd0d4f796f.txt"
    assert cwi.kind == Source.Kind.PARTISAN_PUBLICATION
    assert cwi.date_label == "March 2003"
    assert cwi.perspective_label.startswith("Trotskyist")
    assert cwi.text.startswith("Theory: 50 years since the death of Stalin")
    first = cwi.passages.get(anchor="p-1")
    assert cwi.text[first.start : first.end] == first.text == "Theory: 50 years since the death of Stalin 1"
    for passage in Passage.objects.select_related("source"):
        assert passage.source.text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip() and "\n" not in passage.text


def test_load_sources_is_idempotent(loaded_sources):
    before = passage_rows()
    loaded_at = dict(Source.objects.values_list("slug", "loaded_at"))
    out, _ = run_command("load_sources")
    assert out.count("unchanged") == 5
    assert passage_rows() == before
    assert dict(Source.objects.values_list("slug", "loaded_at")) == loaded_at


def test_anchors_are_stable_across_reloads(loaded_sources):
    anchors = {
        (slug, anchor): text for slug, anchor, text in Passage.objects.values_list("source__slug", "anchor", "text")
    }
    Quiz.objects.all().delete()
    Question.objects.all().delete()
    DisagreementPoint.objects.all().delete()
    Source.objects.all().delete()
    assert not Passage.objects.exists()
    run_command("load_sources")
    reloaded = {
        (slug, anchor): text for slug, anchor, text in Passage.objects.values_list("source__slug", "anchor", "text")
    }
    assert reloaded == anchors


def test_edited_text_reanchors_passages_and_keeps_matching_citations(loaded_bank, sources_copy):
    citation = Citation.objects.get(question__slug="interpretations-mao-seventy-thirty")
    old_number = citation.passage.number
    text_file = sources_copy / "004_b077ab473170839d.txt"
    text_file.write_text(
        "A new first paragraph added by an editor.\n" + text_file.read_text(encoding="utf-8"), encoding="utf-8"
    )

    out, err = run_command("load_sources", "--dir", str(sources_copy))

    assert "wikipedia: text changed" in out and "0 broken" in out
    citation.refresh_from_db()
    assert citation.passage.number == old_number + 1
    assert citation.passage.anchor == f"p-{old_number + 1}"
    assert citation.passage.text.startswith("Mao Zedong famously declared")
    assert Source.objects.get(slug="wikipedia").passages.get(anchor="p-1").text.startswith("A new first paragraph")
    assert not Citation.objects.filter(passage__isnull=True).exists()


def test_a_quote_the_edited_text_no_longer_holds_is_reported(loaded_bank, sources_copy):
    text_file = sources_copy / "004_b077ab473170839d.txt"
    text_file.write_text(
        text_file.read_text(encoding="utf-8").replace("70% good and 30% bad", "60% good and 40% bad"), encoding="utf-8"
    )

    quoting_mao = Citation.objects.filter(quote__contains="70% good and 30% bad").count()
    quoting_mao += PositionQuote.objects.filter(quote__contains="70% good and 30% bad").count()
    assert quoting_mao >= 1

    error, _, _ = run_failing_command("load_sources", "--dir", str(sources_copy))
    assert f"{quoting_mao} quote(s) no longer match" in str(error)

    assert Citation.objects.get(question__slug="interpretations-mao-seventy-thirty").passage is None
    assert Source.objects.get(slug="wikipedia").text.count("60% good") == 1
    for model in (Citation, PositionQuote):
        broken = model.objects.filter(passage__isnull=True)
        assert all("70% good and 30% bad" in quote.quote for quote in broken)
        working = model.objects.filter(source__slug="wikipedia", passage__isnull=False)
        assert working.exists()
    assert (
        Citation.objects.filter(passage__isnull=True).count()
        + PositionQuote.objects.filter(passage__isnull=True).count()
        == quoting_mao
    )


def test_broken_quote_report_names_the_question_and_the_closest_text(loaded_bank, sources_copy):
    text_file = sources_copy / "004_b077ab473170839d.txt"
    text_file.write_text(
        text_file.read_text(encoding="utf-8").replace("70% good and 30% bad", "60% good and 40% bad"), encoding="utf-8"
    )
    _, _, err = run_failing_command("load_sources", "--dir", str(sources_copy))
    assert "interpretations-mao-seventy-thirty" in err
    assert "60% good and 40% bad" in err


def test_metadata_problems_are_all_listed_and_nothing_is_loaded(empty_db, sources_copy):
    (sources_copy / "001_da025fe6f936be8b.yaml").write_text(
        "slug: imt\ntitle: Stalinism\nkind: pamphlet\ncolour: red\n"
    )
    error, _, _ = run_failing_command("load_sources", "--dir", str(sources_copy))
    message = str(error)
    assert "missing field 'publisher'" in message
    assert "unknown field 'colour'" in message
    assert "kind 'pamphlet' is not one of" in message
    assert not Source.objects.exists()


def test_changed_metadata_updates_the_source_without_touching_passages(loaded_sources, sources_copy):
    before = passage_rows()
    metadata = sources_copy / "002_407b3ffd0d4f796f.yaml"
    metadata.write_text(metadata.read_text().replace('date_label: "March 2003"', 'date_label: "March 2003 (web)"'))
    out, _ = run_command("load_sources", "--dir", str(sources_copy))
    assert "cwi: updated" in out
    assert Source.objects.get(slug="cwi").date_label == "March 2003 (web)"
    assert passage_rows() == before

import pytest
from django.core.exceptions import ValidationError

from quizzes.errors import QuoteNotFound, QuoteOutsidePassage, QuoteSpansPassages
from quizzes.models import Citation, DisagreementPoint, PositionQuote, Source, SourcePosition
from quizzes.text import closest_text, fold_text
from tests.factories import QuestionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def cite(quote: str, **kwargs) -> Citation:
    citation = Citation(question=QuestionFactory(), source=kwargs.pop("source", None) or SourceFactory(), quote=quote)
    for name, value in kwargs.items():
        setattr(citation, name, value)
    citation.save()
    return citation


def test_fold_text_folds_whitespace_quotes_and_dashes_only():
    assert fold_text("  Stalin’s\n\n“show”\ttrials – 1932—33 ") == 'Stalin\'s "show" trials - 1932-33'
    assert fold_text("Show Trials") != fold_text("show trials")


def test_straight_quotes_match_curly_quotes_in_the_source():
    citation = cite('Stalin\'s regime used "show trials" against the Old Bolsheviks.')
    assert citation.passage.anchor == "p-2"


def test_whitespace_and_dashes_are_folded():
    citation = cite("The famine of 1932 -\n   1933 is disputed")
    assert citation.passage.anchor == "p-3"


def test_quote_not_in_source_is_refused_with_source_name_and_closest_text():
    source = SourceFactory(title="The Test Encyclopedia")
    with pytest.raises(QuoteNotFound) as refusal:
        cite("Trotsky was killed in Mexico in 1940.", source=source)
    message = str(refusal.value)
    assert "The Test Encyclopedia" in message and source.slug in message
    assert refusal.value.closest == "Trotsky was murdered in Mexico in 1940."
    assert 'closest text found in it is: "Trotsky was murdered in Mexico in 1940."' in message
    assert not Citation.objects.filter(source=source).exists()


def test_case_is_not_folded():
    with pytest.raises(QuoteNotFound):
        cite("trotsky was murdered in mexico")


def test_full_clean_turns_a_bad_quote_into_a_field_error():
    citation = Citation(question=QuestionFactory(), source=SourceFactory(), quote="Stalin was murdered in Mexico")
    with pytest.raises(ValidationError) as refusal:
        citation.full_clean()
    assert "quote" in refusal.value.message_dict
    assert "closest text" in refusal.value.message_dict["quote"][0]


def test_a_named_passage_must_hold_the_quote():
    source = SourceFactory()
    with pytest.raises(QuoteOutsidePassage) as refusal:
        cite("murdered in Mexico", source=source, passage=source.passages.get(anchor="p-2"))
    assert "p-4" in str(refusal.value)


def test_a_quote_across_a_paragraph_break_is_refused():
    with pytest.raises(QuoteSpansPassages):
        cite("is disputed among historians. Trotsky was murdered")


def test_saving_an_existing_citation_checks_the_quote_again():
    citation = cite("murdered in Mexico")
    citation.quote = "murdered in Norway"
    with pytest.raises(QuoteNotFound):
        citation.save()
    citation.refresh_from_db()
    assert citation.quote == "murdered in Mexico"


def test_the_quotes_of_a_sources_position_are_verified_the_same_way():
    source = SourceFactory()
    point = DisagreementPoint.objects.create(slug="how", question="How?", stakes="Who says what.")
    position = SourcePosition.objects.create(point=point, source=source, claim="x", position=1)
    with pytest.raises(QuoteNotFound):
        PositionQuote.objects.create(source_position=position, quote="shot in Mexico")
    quote = PositionQuote.objects.create(source_position=position, quote="murdered in Mexico")
    assert (quote.source, quote.passage.anchor) == (source, "p-4")


def test_closest_text_finds_the_passage_in_a_long_real_source(loaded_sources):
    wikipedia = Source.objects.get(slug="wikipedia")
    closest = closest_text(text=wikipedia.text, quote="Mao Zedong once declared that Stalin was 70% good and 30% bad.")
    assert "Stalin was 70% good and 30% bad." in closest


def test_the_closest_text_never_runs_across_a_paragraph_break():
    text = "The first paragraph ends with Trotsky in exile.\nTrotsky was murdered in Mexico in 1940 by an agent."
    closest = closest_text(text=text, quote="Trotsky in exile. Trotsky was murdered in Norway")
    assert "\n" not in closest
    assert any(closest in paragraph for paragraph in text.split("\n"))

"""The shipped bank and its contested points: every point asked with every side quoted, listed in the README,
and a bank that reasons (the share of questions that word overlap with one cited sentence can't answer)."""

import re

import pytest
from django.conf import settings

from quizzes.models import DisagreementPoint, Question
from quizzes.services.bank_overlap import answerable_by_overlap
from quizzes.text import fold_text
from tests.conftest import run_command

pytestmark = pytest.mark.django_db

MIN_POINTS = 35
MIN_REASONING_SHARE = 0.40


def quotes_a_side(citations, position) -> bool:
    """Whether one of the citations is one of the position's quotes (same source; either holds the other)."""
    held = [fold_text(quote.quote) for quote in position.quotes.all()]
    return any(
        citation.source_id == position.source_id
        and any(fold_text(citation.quote) in quote or quote in fold_text(citation.quote) for quote in held)
        for citation in citations
    )


def test_every_point_has_a_published_question_quoting_every_side(loaded_bank):
    points = DisagreementPoint.objects.prefetch_related("positions__quotes", "questions__citations")
    assert len(points) >= MIN_POINTS
    for point in points:
        positions = list(point.positions.all())
        assert len(positions) >= 2, point.slug
        published = [q for q in point.questions.all() if q.status == Question.Status.PUBLISHED]
        assert any(
            all(quotes_a_side(list(question.citations.all()), position) for position in positions)
            for question in published
        ), f"{point.slug}: no published question quotes every side"


def test_every_point_is_listed_in_the_readme_with_its_sources(loaded_bank):
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Where the sources disagree: the points") :]
    section = section[: section.index("\n## ", 5)]
    for point in DisagreementPoint.objects.prefetch_related("positions__source"):
        assert point.question in section, point.slug
        line = next(line for line in section.splitlines() if point.question in line)
        for position in point.positions.all():
            assert position.source.slug in line, (point.slug, position.source.slug)


def test_bank_stats_reports_a_bank_that_reasons(loaded_bank):
    out, _ = run_command("bank_stats")
    reasoning, total = map(int, re.search(r"word overlap with one cited sentence: (\d+) of (\d+)", out).groups())
    assert total == Question.objects.filter(status=Question.Status.PUBLISHED).count()
    assert reasoning / total >= MIN_REASONING_SHARE


SOURCE_QUOTE = "In August 1940, Trotsky was assassinated in Mexico City by Ramón Mercader, an NKVD agent."


def entry(question_type, prompt, answer, **fields):
    return {"type": question_type, "prompt": prompt, "answer": answer,
            "citations": [{"source": "wikipedia", "quote": SOURCE_QUOTE}], **fields}  # fmt: skip


@pytest.mark.parametrize(
    ("question", "answerable"),
    [
        (entry("short_answer", "Who assassinated Trotsky in Mexico City in August 1940?", ["Mercader"]), True),
        (entry("short_answer", "How many years after Lenin's death was it?", ["16", "sixteen"]), False),
        (entry("true_false", "True or false: Trotsky was assassinated in Mexico City in August 1940.", True), True),
        (entry("true_false", "True or false: two sources agree on who ordered the murder.", False), False),
        (entry("single_choice", "Where was Trotsky assassinated in August 1940?", "b",
               choices=[{"key": "a", "text": "Oslo"}, {"key": "b", "text": "Mexico City"}]), True),
        (entry("single_choice", "Which source names no organisation behind the killing?", "a",
               choices=[{"key": "a", "text": "The opinion column"}, {"key": "b", "text": "The IMT page"}]), False),
        (entry("matching", "Match each source to the body it names.", [
            {"left": "The Wikipedia article", "right": "NKVD"}, {"left": "The IMT page", "right": "GPU"}]), False),
    ],
)  # fmt: skip
def test_the_measure_counts_lookups_as_answerable_and_comparisons_as_reasoning(question, answerable):
    assert answerable_by_overlap(question) is answerable

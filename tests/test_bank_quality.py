"""The shipped question bank meets the editorial targets (issue 4), checked through the same verifier as the admin."""

import re
from collections import Counter

import pytest
import yaml
from django.conf import settings

from quizzes.models import Citation, DisagreementPoint, PositionQuote, Question, Quiz
from quizzes.services.bank import YAML_LOADER
from quizzes.services.grading import correct_answer, grade_response
from quizzes.text import locate_passage
from tests.conftest import run_command

pytestmark = pytest.mark.django_db

MIN_PUBLISHED = 150
MIN_CITING = {"revolupedia": 10, "imt": 15, "cwi": 15, "starr": 15, "wikipedia": 15}
MIN_PER_TYPE = 8
MIN_WITH_DISAGREEMENTS = 35
MIN_QUIZZES = 10


@pytest.fixture
def published(loaded_bank):
    return Question.objects.filter(status=Question.Status.PUBLISHED)


def test_every_quote_is_verbatim_in_its_passage(loaded_bank):
    for quote in [
        *Citation.objects.select_related("source", "passage"),
        *PositionQuote.objects.select_related("source", "passage"),
    ]:
        passages = list(quote.source.passages.all())
        located = locate_passage(source=quote.source, quote=quote.quote, passages=passages, anchor=quote.passage.anchor)
        assert located.pk == quote.passage_id, quote.quote


def test_question_ids_are_unique_across_the_bank_files():
    ids = []
    for path in sorted((settings.BANK_DIR / "questions").glob("*.yaml")):
        ids += [entry["id"] for entry in yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)]
    duplicates = [question_id for question_id, n in Counter(ids).items() if n > 1]
    assert not duplicates


def test_every_question_scores_full_marks_with_its_own_key(published):
    for question in published.prefetch_related("choices", "accepted_answers", "ordering_items", "matching_pairs"):
        assert grade_response(question=question, answer=correct_answer(question)) == 1.0, question.slug


def test_the_bank_is_large_enough_and_covers_every_source_and_type(published):
    assert published.count() >= MIN_PUBLISHED
    for slug, minimum in MIN_CITING.items():
        citing = published.filter(citations__source__slug=slug).distinct().count()
        assert citing >= minimum, f"{slug} is cited by {citing} questions"
    for question_type in Question.Type.values:
        assert published.filter(type=question_type).count() >= MIN_PER_TYPE, question_type


def test_questions_on_a_contested_point_are_never_asked_as_fact(published):
    on_points = published.filter(disagreement__isnull=False).prefetch_related("disagreement__positions")
    assert on_points.count() >= MIN_WITH_DISAGREEMENTS
    for question in on_points:
        assert len(question.disagreement.positions.all()) >= 2, question.slug
        assert question.framing != Question.Framing.FACT, question.slug


def test_the_named_disagreements_are_there(published):
    death = DisagreementPoint.objects.get(slug="how-stalin-died")
    assert {"revolupedia", "cwi", "wikipedia"} <= set(death.positions.values_list("source__slug", flat=True))
    continuity = DisagreementPoint.objects.get(slug="did-stalinism-continue-leninism")
    assert {"revolupedia", "imt", "cwi", "wikipedia"} <= set(
        continuity.positions.values_list("source__slug", flat=True)
    )


def test_every_question_explains_its_key_and_has_a_topic(published):
    for question in published.prefetch_related("topics"):
        assert len(question.explanation) >= 60, question.slug
        assert question.topics.exists(), question.slug


def test_there_are_enough_themed_quizzes(loaded_bank):
    quizzes = Quiz.objects.filter(status=Quiz.Status.PUBLISHED).prefetch_related("quiz_questions")
    assert quizzes.count() >= MIN_QUIZZES
    for quiz in quizzes:
        assert 8 <= quiz.quiz_questions.count() <= 15, quiz.slug
    titles = set(quizzes.values_list("title", flat=True))
    assert "Who says what: the sources and their perspectives" in titles
    assert "Where the sources disagree" in titles


def test_bank_stats_reports_the_counts(loaded_bank):
    out, _ = run_command("bank_stats")
    assert "published questions:" in out and "contested points:" in out
    assert "How did Stalin die?" in out


# The authored order of options must carry no signal (issue 18): keys spread over the positions, correct options not
# the leading block, the key not the longest option more often than chance, and option keys a, b, c... in order.
POSITION_MARGIN = 0.10
LONGEST_MARGIN = 0.10


def choice_questions(published, question_type):
    return [
        list(question.choices.all())
        for question in published.filter(type=question_type).prefetch_related("choices").order_by("slug")
    ]


def unique_longest(choices):
    lengths = sorted((len(choice.text) for choice in choices), reverse=True)
    if len(lengths) > 1 and lengths[0] == lengths[1]:
        return None
    return max(choices, key=lambda choice: len(choice.text))


def position_shares(questions) -> dict[int, dict[int, float]]:
    """For each number of options, the share of correct options found at each position (1 = first)."""
    counts: dict[int, Counter] = {}
    for choices in questions:
        counts.setdefault(len(choices), Counter()).update(
            place for place, choice in enumerate(choices, start=1) if choice.is_correct
        )
    return {n: {place: count / sum(c.values()) for place, count in sorted(c.items())} for n, c in counts.items()}


def test_option_keys_follow_the_authored_order(published):
    for question_type in (Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE):
        for choices in choice_questions(published, question_type):
            assert [choice.key for choice in choices] == list("abcdefgh"[: len(choices)])


@pytest.mark.parametrize("question_type", [Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE])
def test_keys_spread_evenly_over_the_positions(published, question_type):
    questions = choice_questions(published, question_type)
    shares = position_shares(questions)
    stated = f"{question_type}: share of correct options per position, by number of options: {shares}"
    for n, by_place in shares.items():
        assert set(by_place) == set(range(1, n + 1)), stated
        assert max(by_place.values()) <= 1 / n + POSITION_MARGIN, stated
    if question_type == Question.Type.MULTIPLE_CHOICE:
        leading = [
            choices
            for choices in questions
            if [choice.is_correct for choice in choices] == sorted((c.is_correct for c in choices), reverse=True)
        ]
        assert len(leading) / len(questions) <= 0.15, f"{len(leading)} of {len(questions)} lead with their keys"


@pytest.mark.parametrize("question_type", [Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE])
def test_the_key_is_the_longest_option_no_more_often_than_chance(published, question_type):
    questions = choice_questions(published, question_type)
    with_longest = [(choices, unique_longest(choices)) for choices in questions if unique_longest(choices)]
    rate = sum(longest.is_correct for _, longest in with_longest) / len(with_longest)
    chance = sum(sum(c.is_correct for c in choices) / len(choices) for choices, _ in with_longest) / len(with_longest)
    stated = f"{question_type}: the longest option is correct in {rate:.0%} of questions; chance is {chance:.0%}"
    assert rate <= chance + LONGEST_MARGIN, stated


NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twelfth|twentieth|thirtieth|point)\b",
    re.IGNORECASE,
)
FIGURE = re.compile(r"\d")
YEAR = re.compile(r"^\s*(1[0-9]{3}|20[0-9]{2})(\s*(-|–|to)\s*[0-9]{2,4})?\s*$")  # a year, or a span of years


def test_accepted_answers_with_a_figure_also_admit_it_spelled_out(published):
    """One question accepting "three thousand" and another only "18" was the inconsistency: every list of accepted
    answers holding a figure (a year or a span of years excepted) also holds it in words."""
    lacking = []
    for question in published.filter(type__in=[Question.Type.SHORT_ANSWER, Question.Type.CLOZE]).prefetch_related(
        "accepted_answers"
    ):
        by_blank: dict[int, list[str]] = {}
        for accepted in question.accepted_answers.all():
            by_blank.setdefault(accepted.blank, []).append(accepted.text)
        for blank, texts in by_blank.items():
            figures = [text for text in texts if FIGURE.search(text) and not YEAR.match(text)]
            if figures and not any(NUMBER_WORDS.search(text) for text in texts):
                lacking.append((question.slug, blank, texts))
    assert not lacking

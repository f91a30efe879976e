import re

import pytest

from quizzes.errors import InvalidAnswer
from quizzes.models import Question
from quizzes.services.grading import check_answer_shape, correct_answer, fold_free_text, grade_response

pytestmark = pytest.mark.django_db


def question(slug: str) -> Question:
    return Question.objects.prefetch_related("choices", "accepted_answers", "ordering_items", "matching_pairs").get(
        slug=slug
    )


def ordering_keys(q: Question) -> list[str]:
    return [item.key for item in q.ordering_items.all()]


def test_every_question_in_the_bank_scores_full_marks_with_its_own_key(loaded_bank):
    for q in Question.objects.prefetch_related("choices", "accepted_answers", "ordering_items", "matching_pairs"):
        assert grade_response(question=q, answer=correct_answer(q)) == 1.0, q.slug


@pytest.mark.parametrize(
    ("slug", "answer", "credit"),
    [
        ("stalin-death-revolupedia-account", "d", 1.0),
        ("stalin-death-revolupedia-account", "b", 0.0),
        ("stalin-death-cwi-rumours", "false", 1.0),
        ("stalin-death-cwi-rumours", "true", 0.0),
        ("overview-wikipedia-defining-features", ["a", "b", "e", "f"], 1.0),
        ("overview-wikipedia-defining-features", ["a", "b"], 0.5),
        ("overview-wikipedia-defining-features", ["a", "b", "c", "e"], 0.5),
        ("overview-wikipedia-defining-features", ["c", "d"], 0.0),
        ("overview-wikipedia-defining-features", [], 0.0),
        ("trotsky-assassin-name", "ramón  MERCADER.", 1.0),
        ("trotsky-assassin-name", "Ramon Mercader", 1.0),
        ("trotsky-assassin-name", "Trotsky", 0.0),
        ("trotsky-assassin-name", "", 0.0),
        ("trotsky-date-of-attack", {"1": "20th", "2": "1940"}, 1.0),
        ("trotsky-date-of-attack", {"1": "21", "2": " 1940 "}, 0.5),
        ("trotsky-date-of-attack", {"2": "1940"}, 0.5),
        ("trotsky-date-of-attack", {}, 0.0),
    ],
)
def test_graders_give_documented_credit(loaded_bank, slug, answer, credit):
    assert grade_response(question=question(slug), answer=answer) == pytest.approx(credit)


def test_ordering_credit_is_the_share_of_pairs_in_the_right_order(loaded_bank):
    q = question("chronology-stalin-era-milestones")
    keys = ordering_keys(q)
    assert grade_response(question=q, answer=keys) == 1.0
    assert grade_response(question=q, answer=list(reversed(keys))) == 0.0
    swapped_first_two = [keys[1], keys[0], *keys[2:]]
    assert grade_response(question=q, answer=swapped_first_two) == pytest.approx(14 / 15)


def test_matching_credit_is_the_share_of_right_matches(loaded_bank):
    q = question("perspectives-match-source-to-stance")
    pairs = list(q.matching_pairs.all())
    answer = {pair.left_key: pair.right_key for pair in pairs}
    answer[pairs[0].left_key], answer[pairs[1].left_key] = pairs[1].right_key, pairs[0].right_key
    assert grade_response(question=q, answer=answer) == pytest.approx(3 / 5)
    assert grade_response(question=q, answer={pairs[0].left_key: pairs[0].right_key}) == pytest.approx(1 / 5)


@pytest.mark.parametrize(
    ("slug", "answer", "message"),
    [
        ("stalin-death-revolupedia-account", "z", "Choose one of the options"),
        ("stalin-death-revolupedia-account", ["a"], "Choose one of the options"),
        ("overview-wikipedia-defining-features", "a", "as a list of option keys"),
        ("overview-wikipedia-defining-features", ["a", "a"], "chosen twice"),
        ("trotsky-assassin-name", 42, "must be text"),
        ("trotsky-assassin-name", "x" * 501, "longer than 500"),
        ("trotsky-date-of-attack", {"7": "x"}, "Unknown blank(s): 7"),
        ("chronology-stalin-era-milestones", ["nope"], "every item exactly once"),
        ("perspectives-match-source-to-stance", {"nope": "x"}, "Unknown item key(s)"),
    ],
)
def test_answers_of_the_wrong_shape_are_refused_with_a_message(loaded_bank, slug, answer, message):
    with pytest.raises(InvalidAnswer, match=re.escape(message)):
        check_answer_shape(question=question(slug), answer=answer)
    assert grade_response(question=question(slug), answer=answer) == 0.0


def test_free_text_folding_ignores_case_whitespace_and_punctuation_only():
    assert fold_free_text("  Mao   Tse-tung! ") == fold_free_text("mao tse tung")
    assert fold_free_text("“Mercader”") == "mercader"
    assert fold_free_text("Ramón") != fold_free_text("Ramon")

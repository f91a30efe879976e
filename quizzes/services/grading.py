"""Grading: one function per question type, each returning a credit from 0 to 1.

Partial credit:
- single choice, true/false: 1 for the correct option, else 0.
- multiple choice: (correct options chosen - wrong options chosen) / number of correct options, at least 0.
- short answer: 1 if the answer matches an accepted answer after folding case, whitespace and punctuation.
- cloze: the share of blanks answered right (each blank matched like a short answer).
- ordering: the share of item pairs placed in the right relative order (1 when all are right, 0 when reversed).
- matching: the share of left items matched to their right item.

Shape checks read only what the student is shown (a version's `shown`); graders also read its `key`. Both take a
QuestionContent (a frozen version) or, for previews and tests, a Question read as its rows stand.
"""

import string
import unicodedata
from itertools import combinations

from quizzes.errors import InvalidAnswer
from quizzes.models import Question
from quizzes.services.versions import QuestionContent, live_content
from quizzes.text import text_problem

MAX_TEXT_ANSWER_LENGTH = 500


def fold_free_text(text: str) -> str:
    """Return text as short answers are compared: case, whitespace and punctuation folded."""
    without_punctuation = "".join(
        " " if unicodedata.category(char).startswith("P") or char in string.punctuation else char for char in text
    )
    return " ".join(without_punctuation.casefold().split())


def as_content(question: Question | QuestionContent) -> QuestionContent:
    return live_content(question) if isinstance(question, Question) else question


def check_answer_shape(*, question: Question | QuestionContent, answer) -> None:
    """Raise InvalidAnswer unless the answer has the shape the question type expects (see README)."""
    content = as_content(question)
    SHAPE_CHECKERS[content.type](content.shown, answer)


def grade_response(*, question: Question | QuestionContent, answer) -> float:
    """Return the credit, 0 to 1, that the answer earns; an answer of the wrong shape earns 0."""
    content = as_content(question)
    try:
        SHAPE_CHECKERS[content.type](content.shown, answer)
    except InvalidAnswer:
        return 0.0
    return GRADERS[content.type](content.key, answer)


def _option_keys(shown: dict) -> set[str]:
    return {option["key"] for option in shown["options"]}


def _check_single_choice(shown, answer):
    if not isinstance(answer, str) or answer not in _option_keys(shown):
        raise InvalidAnswer(f"Choose one of the options: {', '.join(sorted(_option_keys(shown)))}.")


def _check_multiple_choice(shown, answer):
    keys = _option_keys(shown)
    if not isinstance(answer, list) or not all(isinstance(key, str) for key in answer):
        raise InvalidAnswer("Give the chosen options as a list of option keys.")
    unknown = [key for key in answer if key not in keys]
    if unknown:
        raise InvalidAnswer(f"Unknown option(s): {', '.join(unknown)}.")
    if len(set(answer)) != len(answer):
        raise InvalidAnswer("An option is chosen twice.")


def _check_text(text, label="The answer"):
    if not isinstance(text, str):
        raise InvalidAnswer(f"{label} must be text.")
    if len(text) > MAX_TEXT_ANSWER_LENGTH:
        raise InvalidAnswer(f"{label} is longer than {MAX_TEXT_ANSWER_LENGTH} characters.")
    problem = text_problem(text)
    if problem:
        raise InvalidAnswer(f"{label} {problem}; remove it and save again.")


def _check_short_answer(shown, answer):
    _check_text(answer)


def _check_cloze(shown, answer):
    if not isinstance(answer, dict):
        raise InvalidAnswer("Give the blanks as an object from blank number to text.")
    blanks = shown["blanks"]
    unknown = [str(key) for key in answer if str(key) not in blanks]
    if unknown:
        raise InvalidAnswer(f"Unknown blank(s): {', '.join(unknown)}; the blanks are {', '.join(blanks)}.")
    for key, text in answer.items():
        _check_text(text, f"Blank {key}")


def _check_ordering(shown, answer):
    keys = [item["key"] for item in shown["items"]]
    if not isinstance(answer, list) or sorted(map(str, answer)) != sorted(keys):
        raise InvalidAnswer("Give every item exactly once, as a list of item keys in your order.")


def _check_matching(shown, answer):
    left_keys = {left["key"] for left in shown["left"]}
    right_keys = {right["key"] for right in shown["right"]}
    if not isinstance(answer, dict) or not all(isinstance(value, str) for value in answer.values()):
        raise InvalidAnswer("Give the matches as an object from left item key to right item key.")
    unknown_left = [key for key in answer if key not in left_keys]
    unknown_right = [value for value in answer.values() if not isinstance(value, str) or value not in right_keys]
    if unknown_left or unknown_right:
        raise InvalidAnswer(f"Unknown item key(s): {', '.join(map(str, unknown_left + unknown_right))}.")
    if len(set(answer.values())) != len(answer):
        raise InvalidAnswer("A right-hand item is matched twice.")


def _grade_single_choice(key, answer) -> float:
    return 1.0 if answer in key["correct"] else 0.0


def _grade_multiple_choice(key, answer) -> float:
    correct = set(key["correct"])
    chosen = set(answer)
    if not correct:
        return 0.0
    return max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))


def _matches_accepted(text: str, accepted: list[str]) -> bool:
    folded = fold_free_text(text)
    return bool(folded) and any(folded == fold_free_text(option) for option in accepted)


def _grade_short_answer(key, answer) -> float:
    return 1.0 if _matches_accepted(answer, key["accepted"].get("0", [])) else 0.0


def _grade_cloze(key, answer) -> float:
    accepted_by_blank = key["accepted"]
    if not accepted_by_blank:
        return 0.0
    given = {str(blank): text for blank, text in answer.items()}
    right = sum(_matches_accepted(given.get(blank, ""), options) for blank, options in accepted_by_blank.items())
    return right / len(accepted_by_blank)


def _grade_ordering(key, answer) -> float:
    correct_position = {item_key: place for place, item_key in enumerate(key["order"])}
    placed = [correct_position[item_key] for item_key in answer]
    pairs = list(combinations(placed, 2))
    if not pairs:
        return 1.0
    return sum(earlier < later for earlier, later in pairs) / len(pairs)


def _grade_matching(key, answer) -> float:
    pairs = key["pairs"]
    if not pairs:
        return 0.0
    return sum(answer.get(left) == right for left, right in pairs.items()) / len(pairs)


SHAPE_CHECKERS = {
    Question.Type.SINGLE_CHOICE: _check_single_choice,
    Question.Type.TRUE_FALSE: _check_single_choice,
    Question.Type.MULTIPLE_CHOICE: _check_multiple_choice,
    Question.Type.SHORT_ANSWER: _check_short_answer,
    Question.Type.CLOZE: _check_cloze,
    Question.Type.ORDERING: _check_ordering,
    Question.Type.MATCHING: _check_matching,
}

GRADERS = {
    Question.Type.SINGLE_CHOICE: _grade_single_choice,
    Question.Type.TRUE_FALSE: _grade_single_choice,
    Question.Type.MULTIPLE_CHOICE: _grade_multiple_choice,
    Question.Type.SHORT_ANSWER: _grade_short_answer,
    Question.Type.CLOZE: _grade_cloze,
    Question.Type.ORDERING: _grade_ordering,
    Question.Type.MATCHING: _grade_matching,
}


def correct_answer(question: Question | QuestionContent):
    """Return the answer that earns full credit, in the shape a student submits (for tests and the bank check)."""
    content = as_content(question)
    key = content.key
    if content.type in (Question.Type.SINGLE_CHOICE, Question.Type.TRUE_FALSE):
        return key["correct"][0]
    if content.type == Question.Type.MULTIPLE_CHOICE:
        return list(key["correct"])
    if content.type == Question.Type.SHORT_ANSWER:
        return key["accepted"]["0"][0]
    if content.type == Question.Type.CLOZE:
        return {blank: texts[0] for blank, texts in key["accepted"].items()}
    if content.type == Question.Type.ORDERING:
        return list(key["order"])
    return dict(key["pairs"])


def text_matches_accepted(*, text: str, accepted: list[str]) -> bool:
    """Whether a typed answer (a short answer or one blank) matches one of the accepted answers once folded."""
    return _matches_accepted(text, accepted)

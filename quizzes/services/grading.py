"""Grading: one function per question type, each returning a credit from 0 to 1.

Partial credit:
- single choice, true/false: 1 for the correct option, else 0.
- multiple choice: (correct options chosen - wrong options chosen) / number of correct options, at least 0.
- short answer: 1 if the answer matches an accepted answer after folding case, whitespace and punctuation.
- cloze: the share of blanks answered right (each blank matched like a short answer).
- ordering: the share of item pairs placed in the right relative order (1 when all are right, 0 when reversed).
- matching: the share of left items matched to their right item.

The question's answer-key rows (choices, accepted answers, ordering items, matching pairs) should be
prefetched; the graders then issue no query.
"""

import string
import unicodedata
from itertools import combinations

from quizzes.errors import InvalidAnswer
from quizzes.models import Question
from quizzes.text import text_problem

MAX_TEXT_ANSWER_LENGTH = 500


def fold_free_text(text: str) -> str:
    """Return text as short answers are compared: case, whitespace and punctuation folded."""
    without_punctuation = "".join(
        " " if unicodedata.category(char).startswith("P") or char in string.punctuation else char for char in text
    )
    return " ".join(without_punctuation.casefold().split())


def check_answer_shape(*, question: Question, answer) -> None:
    """Raise InvalidAnswer unless the answer has the shape the question type expects (see README)."""
    checker = SHAPE_CHECKERS[question.type]
    checker(question, answer)


def grade_response(*, question: Question, answer) -> float:
    """Return the credit, 0 to 1, that the answer earns; an answer of the wrong shape earns 0."""
    try:
        check_answer_shape(question=question, answer=answer)
    except InvalidAnswer:
        return 0.0
    return GRADERS[question.type](question, answer)


def _choice_keys(question: Question) -> set[str]:
    return {choice.key for choice in question.choices.all()}


def _check_single_choice(question, answer):
    if not isinstance(answer, str) or answer not in _choice_keys(question):
        raise InvalidAnswer(f"Choose one of the options: {', '.join(sorted(_choice_keys(question)))}.")


def _check_multiple_choice(question, answer):
    keys = _choice_keys(question)
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


def _check_short_answer(question, answer):
    _check_text(answer)


def _cloze_blanks(question) -> list[str]:
    return sorted({str(accepted.blank) for accepted in question.accepted_answers.all()}, key=int)


def _check_cloze(question, answer):
    if not isinstance(answer, dict):
        raise InvalidAnswer("Give the blanks as an object from blank number to text.")
    blanks = _cloze_blanks(question)
    unknown = [str(key) for key in answer if str(key) not in blanks]
    if unknown:
        raise InvalidAnswer(f"Unknown blank(s): {', '.join(unknown)}; the blanks are {', '.join(blanks)}.")
    for key, text in answer.items():
        _check_text(text, f"Blank {key}")


def _check_ordering(question, answer):
    keys = [item.key for item in question.ordering_items.all()]
    if not isinstance(answer, list) or sorted(map(str, answer)) != sorted(keys):
        raise InvalidAnswer("Give every item exactly once, as a list of item keys in your order.")


def _check_matching(question, answer):
    pairs = list(question.matching_pairs.all())
    left_keys = {pair.left_key for pair in pairs}
    right_keys = {pair.right_key for pair in pairs}
    if not isinstance(answer, dict) or not all(isinstance(value, str) for value in answer.values()):
        raise InvalidAnswer("Give the matches as an object from left item key to right item key.")
    unknown_left = [key for key in answer if key not in left_keys]
    unknown_right = [value for value in answer.values() if value not in right_keys]
    if unknown_left or unknown_right:
        raise InvalidAnswer(f"Unknown item key(s): {', '.join(map(str, unknown_left + unknown_right))}.")
    if len(set(answer.values())) != len(answer):
        raise InvalidAnswer("A right-hand item is matched twice.")


def _grade_single_choice(question, answer) -> float:
    return 1.0 if any(choice.key == answer and choice.is_correct for choice in question.choices.all()) else 0.0


def _grade_multiple_choice(question, answer) -> float:
    correct = {choice.key for choice in question.choices.all() if choice.is_correct}
    chosen = set(answer)
    if not correct:
        return 0.0
    return max(0.0, (len(chosen & correct) - len(chosen - correct)) / len(correct))


def _matches_accepted(text: str, accepted: list[str]) -> bool:
    folded = fold_free_text(text)
    return bool(folded) and any(folded == fold_free_text(option) for option in accepted)


def _grade_short_answer(question, answer) -> float:
    return 1.0 if _matches_accepted(answer, [accepted.text for accepted in question.accepted_answers.all()]) else 0.0


def _grade_cloze(question, answer) -> float:
    accepted_by_blank: dict[str, list[str]] = {}
    for accepted in question.accepted_answers.all():
        accepted_by_blank.setdefault(str(accepted.blank), []).append(accepted.text)
    if not accepted_by_blank:
        return 0.0
    given = {str(key): text for key, text in answer.items()}
    right = sum(_matches_accepted(given.get(blank, ""), options) for blank, options in accepted_by_blank.items())
    return right / len(accepted_by_blank)


def _grade_ordering(question, answer) -> float:
    correct_position = {item.key: item.position for item in question.ordering_items.all()}
    placed = [correct_position[key] for key in answer]
    pairs = list(combinations(placed, 2))
    if not pairs:
        return 1.0
    return sum(earlier < later for earlier, later in pairs) / len(pairs)


def _grade_matching(question, answer) -> float:
    pairs = list(question.matching_pairs.all())
    if not pairs:
        return 0.0
    return sum(answer.get(pair.left_key) == pair.right_key for pair in pairs) / len(pairs)


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


def correct_answer(question: Question):
    """Return the answer that earns full credit, in the shape a student submits (for tests and the bank check)."""
    if question.type in (Question.Type.SINGLE_CHOICE, Question.Type.TRUE_FALSE):
        return next(choice.key for choice in question.choices.all() if choice.is_correct)
    if question.type == Question.Type.MULTIPLE_CHOICE:
        return [choice.key for choice in question.choices.all() if choice.is_correct]
    if question.type == Question.Type.SHORT_ANSWER:
        return question.accepted_answers.all()[0].text
    if question.type == Question.Type.CLOZE:
        first_by_blank: dict[str, str] = {}
        for accepted in question.accepted_answers.all():
            first_by_blank.setdefault(str(accepted.blank), accepted.text)
        return first_by_blank
    if question.type == Question.Type.ORDERING:
        return [item.key for item in question.ordering_items.all()]
    return {pair.left_key: pair.right_key for pair in question.matching_pairs.all()}

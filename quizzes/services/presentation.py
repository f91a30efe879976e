"""What a student is shown of a question: the question itself (never its key), and the key once allowed.

Functions here expect the prefetches of attempts.attempt_questions and issue no query.
"""

import random

from quizzes.models import Attempt, Question
from quizzes.services.bank import CLOZE_BLANK_PATTERN
from quizzes.services.grading import grade_response
from quizzes.services.secrecy import keyed_rng

CHOICE_TYPES = {Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE, Question.Type.TRUE_FALSE}


def _rng(attempt: Attempt | None, question: Question, view_key: str | None) -> random.Random:
    if attempt is None:
        # Outside an attempt a seed from the question's id alone could be recomputed by anyone.
        return keyed_rng("view", view_key or "", question.pk)
    return random.Random(f"{attempt.shuffle_seed}:{question.pk}")


def _shuffled(items: list, rng: random.Random, *, avoid_original: bool) -> list:
    shuffled = list(items)
    rng.shuffle(shuffled)
    if avoid_original and len(shuffled) > 1 and shuffled == items:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def cloze_segments(prompt: str) -> list[dict]:
    """Split a cloze prompt into text and blank segments: [{"text": ...}, {"blank": "1"}, ...]."""
    segments, position = [], 0
    for match in CLOZE_BLANK_PATTERN.finditer(prompt):
        if match.start() > position:
            segments.append({"text": prompt[position : match.start()]})
        segments.append({"blank": match.group(1)})
        position = match.end()
    if position < len(prompt):
        segments.append({"text": prompt[position:]})
    return segments


def question_for_student(question: Question, *, attempt: Attempt | None, view_key: str | None = None) -> dict:
    """Return the question as a student may see it before review: prompt and options, never the key.

    Options come in the attempt's fixed order: choices shuffled if the quiz says so; ordering items and the
    right-hand side of matching always shuffled (their authored order is the answer). Outside an attempt the
    shuffles are keyed with the server's secret; view_key (one card view) also shuffles the choices.
    """
    rng = _rng(attempt, question, view_key)
    shown = {"id": question.slug, "type": question.type, "prompt": question.prompt}
    if question.type in CHOICE_TYPES:
        options = [{"key": choice.key, "text": choice.text} for choice in question.choices.all()]
        shuffles_choices = view_key is not None or (attempt is not None and attempt.quiz.shuffle_choices)
        if shuffles_choices and question.type != Question.Type.TRUE_FALSE:
            options = _shuffled(options, rng, avoid_original=False)
        shown["options"] = options
    elif question.type == Question.Type.CLOZE:
        shown["segments"] = cloze_segments(question.prompt)
        shown["blanks"] = [segment["blank"] for segment in shown["segments"] if "blank" in segment]
    elif question.type == Question.Type.ORDERING:
        items = [{"key": item.key, "text": item.text} for item in question.ordering_items.all()]
        shown["items"] = _shuffled(items, rng, avoid_original=True)
    elif question.type == Question.Type.MATCHING:
        pairs = list(question.matching_pairs.all())
        shown["left"] = [{"key": pair.left_key, "text": pair.left} for pair in pairs]
        right = [{"key": pair.right_key, "text": pair.right} for pair in pairs]
        shown["right"] = _shuffled(right, rng, avoid_original=True)
    return shown


def correct_answer_text(question: Question) -> list[str]:
    """The key in words, one line per part."""
    if question.type in CHOICE_TYPES:
        return [choice.text for choice in question.choices.all() if choice.is_correct]
    if question.type == Question.Type.SHORT_ANSWER:
        accepted = [answer.text for answer in question.accepted_answers.all()]
        return [accepted[0] + (f" (also accepted: {', '.join(accepted[1:])})" if len(accepted) > 1 else "")]
    if question.type == Question.Type.CLOZE:
        by_blank: dict[int, list[str]] = {}
        for accepted in question.accepted_answers.all():
            by_blank.setdefault(accepted.blank, []).append(accepted.text)
        return [f"Blank {blank}: {' / '.join(texts)}" for blank, texts in sorted(by_blank.items())]
    if question.type == Question.Type.ORDERING:
        return [f"{item.position}. {item.text}" for item in question.ordering_items.all()]
    return [f"{pair.left} → {pair.right}" for pair in question.matching_pairs.all()]


def describe_answer(question: Question, answer) -> list[str]:
    """A student's answer in words, one line per part (empty when unanswered)."""
    if answer is None:
        return []
    if question.type in CHOICE_TYPES:
        chosen = set(answer) if isinstance(answer, list) else {answer}
        return [choice.text for choice in question.choices.all() if choice.key in chosen]
    if question.type == Question.Type.SHORT_ANSWER:
        return [str(answer)]
    if question.type == Question.Type.CLOZE:
        return [f"Blank {blank}: {text}" for blank, text in sorted(answer.items(), key=lambda item: int(item[0]))]
    if question.type == Question.Type.ORDERING:
        text_by_key = {item.key: item.text for item in question.ordering_items.all()}
        return [f"{place}. {text_by_key.get(key, '?')}" for place, key in enumerate(answer, start=1)]
    pairs = list(question.matching_pairs.all())
    right_by_key = {pair.right_key: pair.right for pair in pairs}
    return [f"{pair.left} → {right_by_key.get(answer.get(pair.left_key), '(no match)')}" for pair in pairs]


def answer_key_for_review(question: Question) -> dict:
    """The key, explanation, citations and disagreements of a question, for review after answering."""
    return {
        "answer": correct_answer_text(question),
        "explanation": question.explanation,
        "citations": [quote_for_review(citation) for citation in question.citations.all()],
        "disagreement_point": question.disagreement_point,
        "disagreements": [{**quote_for_review(entry), "claim": entry.claim} for entry in question.disagreements.all()],
    }


def quote_for_review(quote) -> dict:
    return {
        "source": quote.source.slug,
        "source_title": quote.source.title,
        "perspective_label": quote.source.perspective_label,
        "passage": quote.passage.anchor if quote.passage else None,
        "quote": quote.quote,
    }


def question_card(*, link, number: int, attempt: Attempt, response, reveal_key: bool, key_only: bool = False) -> dict:
    """Everything a page needs to show one question of an attempt: the question, the saved answer marked in
    its inputs, and, only when reveal_key is true, the key, the credit and the sources. key_only: the key is
    shown without a verdict or "your answer" (a teacher's preview, where nobody answered)."""
    question = link.question
    shown = question_for_student(question, attempt=attempt)
    answer = response.answer if response is not None else None
    card = {
        "number": number,
        "question": shown,
        "points": link.points,
        "answered": response is not None,
        "key_only": key_only,
    }
    if shown["type"] in CHOICE_TYPES:
        chosen = set(answer) if isinstance(answer, list) else {answer}
        card["options"] = [{**option, "checked": option["key"] in chosen} for option in shown["options"]]
    elif shown["type"] == Question.Type.SHORT_ANSWER:
        card["text"] = answer or ""
    elif shown["type"] == Question.Type.CLOZE:
        filled = {str(key): text for key, text in (answer or {}).items()}
        card["segments"] = [
            {**segment, "value": filled.get(segment["blank"], "")} if "blank" in segment else segment
            for segment in shown["segments"]
        ]
    elif shown["type"] == Question.Type.ORDERING:
        places = {key: place for place, key in enumerate(answer or [], start=1)}
        card["items"] = [{**item, "place": places.get(item["key"])} for item in shown["items"]]
        card["places"] = list(range(1, len(shown["items"]) + 1))
    elif shown["type"] == Question.Type.MATCHING:
        matches = answer or {}
        card["left"] = [{**left, "match": matches.get(left["key"])} for left in shown["left"]]
        card["right"] = shown["right"]
    if reveal_key:
        card["review"] = answer_key_for_review(question)
        card["your_answer"] = describe_answer(question, answer)
        card["credit"] = None if response is None else response.credit
        if response is not None and response.credit is None:
            card["credit"] = grade_response(question=question, answer=answer)
    return card

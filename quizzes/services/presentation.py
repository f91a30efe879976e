"""What a student is shown of a question: the question itself (never its key), and the key once allowed.

Everything here reads a QuestionContent (a frozen version, or a question's rows for a preview) and issues no
query; the sources and passages named by citations come from review_sources() (or sources_of_rows()).
"""

import hashlib
import hmac
import random
from dataclasses import dataclass

from django.conf import settings

from quizzes.models import Passage, Question, Source
from quizzes.services.grading import grade_response
from quizzes.services.review_marks import answer_state, review_marks
from quizzes.services.sources import cut_passages
from quizzes.services.versions import CHOICE_TYPES, QuestionContent, content_of, live_content
from quizzes.text import CLOZE_BLANK_PATTERN


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


def shuffled_part(content: QuestionContent) -> str | None:
    """The part of the question whose order a student sees shuffled: options, items or right-hand sides."""
    if content.type in CHOICE_TYPES:
        return "options"
    return {Question.Type.ORDERING: "items", Question.Type.MATCHING: "right"}.get(content.type)


def keeps_option_order(content: QuestionContent) -> bool:
    """Whether a choice question shows its options as authored: true/false always, others when the question says."""
    return content.type == Question.Type.TRUE_FALSE or bool(content.shown.get("keep_option_order"))


def draw_option_order(content: QuestionContent, *, rng: random.Random, shuffle_choices: bool) -> list[str]:
    """Draw the order an attempt shows the options in (needs the key, to avoid showing the answer's order).

    Choices are shuffled unless the quiz or the question keeps their order (true/false always reads True,
    False); ordering items and matching right-hand sides are always shuffled, never into the answer's order.
    """
    part = shuffled_part(content)
    if part is None:
        return []
    keys = [entry["key"] for entry in content.shown[part]]
    if content.type in CHOICE_TYPES:
        if shuffle_choices and not keeps_option_order(content):
            rng.shuffle(keys)
        return keys
    answer_order = (
        content.key["order"]
        if content.type == Question.Type.ORDERING
        else [content.key["pairs"][left["key"]] for left in content.shown["left"]]
    )
    rng.shuffle(keys)
    if len(keys) > 1 and keys == answer_order:
        keys = keys[1:] + keys[:1]
    return keys


def keyed_option_order(content: QuestionContent, *, salt: str) -> list[str]:
    """The order shown outside an attempt (quiz listings, flashcards, previews): drawn from a keyed hash of the
    server's secret, the version and the salt, so nobody can compute it from the question's id."""
    part = shuffled_part(content)
    if part is None:
        return []
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{content.question_id}:{content.version_id}:{salt}".encode(), hashlib.sha256
    ).hexdigest()
    keys = [entry["key"] for entry in content.shown[part]]
    if content.type in CHOICE_TYPES and keeps_option_order(content):
        return keys
    random.Random(digest).shuffle(keys)
    return keys


def in_order(entries: list[dict], order: list[str]) -> list[dict]:
    """The entries in the frozen order; entries the order doesn't know (a regrade added them) come last."""
    place = {key: index for index, key in enumerate(order)}
    return sorted(entries, key=lambda entry: place.get(entry["key"], len(place)))


def question_for_student(content: QuestionContent, *, option_order: list[str]) -> dict:
    """Return the question as a student may see it before review: prompt and options, never the key."""
    shown = {"id": content.slug, "type": content.type, "prompt": content.shown["prompt"]}
    if content.type in CHOICE_TYPES:
        shown["options"] = in_order(content.shown["options"], option_order)
    elif content.type == Question.Type.CLOZE:
        shown["segments"] = cloze_segments(content.shown["prompt"])
        shown["blanks"] = list(content.shown["blanks"])
    elif content.type == Question.Type.ORDERING:
        shown["items"] = in_order(content.shown["items"], option_order)
    elif content.type == Question.Type.MATCHING:
        shown["left"] = list(content.shown["left"])
        shown["right"] = in_order(content.shown["right"], option_order)
    return shown


def correct_answer_text(content: QuestionContent) -> list[str]:
    """The key in words, one line per part."""
    shown, key = content.shown, content.key
    if content.type in CHOICE_TYPES:
        return [option["text"] for option in shown["options"] if option["key"] in key["correct"]]
    if content.type == Question.Type.SHORT_ANSWER:
        accepted = key["accepted"].get("0", [])
        return [accepted[0] + (f" (also accepted: {', '.join(accepted[1:])})" if len(accepted) > 1 else "")]
    if content.type == Question.Type.CLOZE:
        return [
            f"Blank {blank}: {' / '.join(texts)}" for blank, texts in sorted(key["accepted"].items(), key=_by_blank)
        ]
    if content.type == Question.Type.ORDERING:
        text_by_key = {item["key"]: item["text"] for item in shown["items"]}
        return [f"{place}. {text_by_key[item_key]}" for place, item_key in enumerate(key["order"], start=1)]
    right_by_key = {right["key"]: right["text"] for right in shown["right"]}
    return [f"{left['text']} → {right_by_key[key['pairs'][left['key']]]}" for left in shown["left"]]


def _by_blank(item) -> int:
    return int(item[0])


def describe_answer(content: QuestionContent, answer) -> list[str]:
    """A student's answer in words, one line per part (empty when unanswered)."""
    if answer is None:
        return []
    shown = content.shown
    if content.type in CHOICE_TYPES:
        chosen = set(answer) if isinstance(answer, list) else {answer}
        return [option["text"] for option in shown["options"] if option["key"] in chosen]
    if content.type == Question.Type.SHORT_ANSWER:
        return [str(answer)]
    if content.type == Question.Type.CLOZE:
        return [f"Blank {blank}: {text}" for blank, text in sorted(answer.items(), key=_by_blank)]
    if content.type == Question.Type.ORDERING:
        text_by_key = {item["key"]: item["text"] for item in shown["items"]}
        return [f"{place}. {text_by_key.get(key, '?')}" for place, key in enumerate(answer, start=1)]
    right_by_key = {right["key"]: right["text"] for right in shown["right"]}
    return [f"{left['text']} → {right_by_key.get(answer.get(left['key']), '(no match)')}" for left in shown["left"]]


@dataclass(frozen=True)
class ReviewSources:
    """The sources review quotes name, by id, and their passages, by (source id, anchor): read with no query."""

    sources: dict[int, Source]
    passages: dict[tuple[int, str], Passage]


def review_sources() -> ReviewSources:
    """Every source, by id, with its passages: one query, the passages cut from the texts as load_sources cut them
    (a page that shows keys must stay within its query budget)."""
    sources = Source.objects.in_bulk()
    passages = {
        (source.pk, passage.anchor): passage for source in sources.values() for passage in cut_passages(source=source)
    }
    return ReviewSources(sources=sources, passages=passages)


def answer_key_for_review(content: QuestionContent, *, sources: ReviewSources) -> dict:
    """The key, explanation, citations and disagreements of a question, for review after answering."""
    key = content.key
    entries = [{**quote_for_review(entry, sources=sources), "claim": entry["claim"]} for entry in key["disagreements"]]
    return {
        "answer": correct_answer_text(content),
        "explanation": key["explanation"],
        "citations": [quote_for_review(quote, sources=sources) for quote in key["citations"]],
        "disagreement": key.get("disagreement", ""),
        "disagreement_point": key["disagreement_point"],
        "stakes": key.get("stakes", ""),
        "disagreements": entries,
        "positions": positions_of(entries),
    }


def positions_of(entries: list[dict]) -> list[dict]:
    """The flat entries (one per quote) grouped into positions: a source's claim with its quotes."""
    positions: list[dict] = []
    for entry in entries:
        if not positions or (positions[-1]["source"], positions[-1]["claim"]) != (entry["source"], entry["claim"]):
            positions.append({**entry, "quotes": []})
        positions[-1]["quotes"].append(entry)
    return positions


def quote_for_review(quote: dict, *, sources: ReviewSources) -> dict:
    """A frozen quote as review shows it: its source named, and its passage linked by its opening words (the
    passage the anchor names now, which is where the link lands)."""
    source_id, anchor = quote["source_id"], quote["passage"]
    passage = sources.passages.get((source_id, anchor)) if anchor else None
    return named_quote(source=sources.sources[source_id], anchor=anchor, passage=passage, quote=quote["quote"])


def named_quote(*, source: Source, anchor: str | None, passage: Passage | None, quote: str) -> dict:
    return {
        "source": source.slug,
        "source_title": source.title,
        "source_name": source.display_name,
        "source_name_html": source.display_name_html,
        "perspective_label": source.perspective_label,
        "passage": anchor,
        "passage_opening": passage.opening() if passage else None,
        "quote": quote,
    }


def question_card(
    *,
    content: QuestionContent,
    option_order: list[str],
    number: int,
    points,
    response,
    reveal_key: bool,
    sources: ReviewSources | None = None,
    key_only: bool = False,
) -> dict:
    """Everything a page needs to show one question: the question, the saved answer marked in its inputs, and,
    only when reveal_key is true (content then carries its key), the key, the credit and the sources.
    key_only: the key is shown without a verdict or "your answer" (a teacher's preview, where nobody answered)."""
    shown = question_for_student(content, option_order=option_order)
    answer = response.answer if response is not None else None
    card = {
        "number": number,
        "question": shown,
        "points": points,
        "answered": response is not None,
        "checked": response is not None and response.checked_at is not None,
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
        card["review"] = answer_key_for_review(content, sources=sources)
        card["your_answer"] = describe_answer(content, answer)
        card["credit"] = None if response is None else response.credit
        if response is not None and response.credit is None:
            card["credit"] = grade_response(question=content, answer=answer)
        card["state"] = answer_state(credit=card["credit"])
        card["marks"] = review_marks(content=content, shown=shown, answer=answer)
    return card


def shown_content(question: Question) -> QuestionContent:
    """What a listing shows of a question outside an attempt: its current version without the key (its rows,
    read as they stand, for a question no save or attempt has versioned yet)."""
    if question.current_version_id is None:
        return live_content(question)
    return content_of(question.current_version, slug=question.slug, with_key=False)


def preview_card(*, question: Question, number: int, points, reveal_key: bool, sources) -> dict:
    """A teacher's preview of a question as its rows stand (with CONTENT_PREFETCHES), options in a keyed order."""
    content = live_content(question)
    return question_card(
        content=content, option_order=keyed_option_order(content, salt="preview"), number=number, points=points,
        response=None, reveal_key=reveal_key, sources=sources, key_only=True,
    )  # fmt: skip


def sources_of_rows(question: Question) -> ReviewSources:
    """The sources and passages a question's prefetched citations and point's positions name (no query)."""
    citations = list(question.citations.all())
    positions = list(question.disagreement.positions.all()) if question.disagreement_id else []
    quotes = [(position.source, quote) for position in positions for quote in position.quotes.all()]
    return ReviewSources(
        sources={**{c.source_id: c.source for c in citations}, **{p.source_id: p.source for p in positions}},
        passages={
            **{(c.source_id, c.passage.anchor): c.passage for c in citations if c.passage_id},
            **{(source.pk, q.passage.anchor): q.passage for source, q in quotes if q.passage_id},
        },
    )


def row_quote(row) -> dict:
    """A citation row (with its source and passage loaded) for review, as quote_for_review gives it."""
    passage = row.passage if row.passage_id else None
    return named_quote(source=row.source, anchor=passage.anchor if passage else None, passage=passage, quote=row.quote)

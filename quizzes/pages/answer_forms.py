"""Reading a student's answers from a page's form fields (names: q-<question id>[-<part>])."""

from dataclasses import dataclass

from quizzes.models import Question


@dataclass
class ParsedAnswer:
    answer: object = None  # None when the question was left unanswered on the page
    error: str = ""


def field_name(question_id: str, part: str | None = None) -> str:
    return f"q-{question_id}" if part is None else f"q-{question_id}-{part}"


def parse_answer(shown: dict, data) -> ParsedAnswer:
    """Turn the form fields of one question (as shown by presentation.question_for_student) into an answer."""
    question_id, question_type = shown["id"], shown["type"]
    name = field_name(question_id)
    if question_type in (Question.Type.SINGLE_CHOICE, Question.Type.TRUE_FALSE):
        return ParsedAnswer(answer=data.get(name) or None)
    if question_type == Question.Type.MULTIPLE_CHOICE:
        chosen = data.getlist(name)
        return ParsedAnswer(answer=chosen or None)
    if question_type == Question.Type.SHORT_ANSWER:
        text = (data.get(name) or "").strip()
        return ParsedAnswer(answer=text or None)
    if question_type == Question.Type.CLOZE:
        blanks = {blank: (data.get(field_name(question_id, blank)) or "").strip() for blank in shown["blanks"]}
        filled = {blank: text for blank, text in blanks.items() if text}
        return ParsedAnswer(answer=filled or None)
    if question_type == Question.Type.ORDERING:
        return parse_ordering(shown, data)
    return parse_matching(shown, data)


def parse_ordering(shown: dict, data) -> ParsedAnswer:
    places = {}
    for item in shown["items"]:
        raw = data.get(field_name(shown["id"], item["key"])) or ""
        if raw:
            places[item["key"]] = raw
    if not places:
        return ParsedAnswer()
    count = len(shown["items"])
    if len(places) != count:
        return ParsedAnswer(error="Give every item a place in the order.")
    try:
        numbers = {key: int(place) for key, place in places.items()}
    except ValueError:
        return ParsedAnswer(error="Places must be numbers.")
    if sorted(numbers.values()) != list(range(1, count + 1)):
        return ParsedAnswer(error=f"Use each place from 1 to {count} exactly once.")
    return ParsedAnswer(answer=sorted(numbers, key=numbers.get))


def parse_matching(shown: dict, data) -> ParsedAnswer:
    matches = {}
    for left in shown["left"]:
        right_key = data.get(field_name(shown["id"], left["key"])) or ""
        if right_key:
            matches[left["key"]] = right_key
    if not matches:
        return ParsedAnswer()
    if len(set(matches.values())) != len(matches):
        return ParsedAnswer(error="Each item on the right can be matched only once.")
    return ParsedAnswer(answer=matches)


def selected_values(shown: dict, answer) -> dict:
    """The values a form should show as already chosen for a saved answer (for re-rendering the page)."""
    if answer is None:
        return {}
    question_type = shown["type"]
    if question_type in (Question.Type.SINGLE_CHOICE, Question.Type.TRUE_FALSE):
        return {"choices": [answer]}
    if question_type == Question.Type.MULTIPLE_CHOICE:
        return {"choices": list(answer)}
    if question_type == Question.Type.SHORT_ANSWER:
        return {"text": answer}
    if question_type == Question.Type.CLOZE:
        return {"blanks": {str(key): text for key, text in answer.items()}}
    if question_type == Question.Type.ORDERING:
        return {"places": {key: place for place, key in enumerate(answer, start=1)}}
    return {"matches": dict(answer)}


def entered_fields(shown: dict, data) -> dict[str, list[str]]:
    """The raw form fields of one question as the student sent them, kept to show an answer that was refused."""
    prefix = field_name(shown["id"])
    return {name: data.getlist(name) for name in data if name == prefix or name.startswith(prefix + "-")}


def show_entered(card: dict, fields: dict[str, list[str]]) -> None:
    """Put a refused answer's raw fields back in the card's inputs, so the student corrects it rather than redoes it."""
    question_id, question_type = card["question"]["id"], card["question"]["type"]

    def first(part=None) -> str:
        values = fields.get(field_name(question_id, part)) or [""]
        return values[0]

    if "options" in card:
        chosen = set(fields.get(field_name(question_id), []))
        card["options"] = [{**option, "checked": option["key"] in chosen} for option in card["options"]]
    elif question_type == Question.Type.SHORT_ANSWER:
        card["text"] = first()
    elif question_type == Question.Type.CLOZE:
        card["segments"] = [
            {**segment, "value": first(segment["blank"])} if "blank" in segment else segment
            for segment in card["segments"]
        ]
    elif question_type == Question.Type.ORDERING:
        card["items"] = [{**item, "place": _place_number(first(item["key"]))} for item in card["items"]]
    elif question_type == Question.Type.MATCHING:
        card["left"] = [{**left, "match": first(left["key"]) or None} for left in card["left"]]


def _place_number(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None

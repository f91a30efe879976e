"""What review marks on a student's answer, part by part: each chosen option right or wrong, each blank's word
beside the key's, each place and pairing. Read with a question's key prefetched; issues no query."""

from datetime import datetime

from quizzes.models import Question
from quizzes.services.grading import text_matches_accepted

CHOICE_TYPES = {Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE, Question.Type.TRUE_FALSE}


def answer_state(*, credit: float | None) -> str:
    """The state a reviewed answer is shown in: correct, partial, wrong or unanswered."""
    if credit is None:
        return "unanswered"
    if credit >= 1:
        return "correct"
    return "wrong" if credit <= 0 else "partial"


def review_marks(*, question: Question, shown: dict, answer) -> dict:
    """The parts of an answer marked against the key, in the order the student saw them (shown: as
    presentation.question_for_student returns it): options, cloze segments, places or pairs."""
    if question.type in CHOICE_TYPES:
        chosen = set(answer) if isinstance(answer, list) else {answer}
        correct = {choice.key for choice in question.choices.all() if choice.is_correct}
        return {
            "options": [
                {"text": option["text"], "chosen": option["key"] in chosen, "correct": option["key"] in correct}
                for option in shown["options"]
            ]
        }
    if question.type == Question.Type.CLOZE:
        return {"segments": _cloze_segments(question, shown, answer or {})}
    if question.type == Question.Type.ORDERING:
        items = list(question.ordering_items.all())
        text_by_key = {item.key: item.text for item in items}
        given = list(answer or [])
        return {
            "places": [
                {
                    "place": place,
                    "given": text_by_key.get(given[place - 1]) if place <= len(given) else None,
                    "key": item.text,
                    "right": place <= len(given) and given[place - 1] == item.key,
                }
                for place, item in enumerate(items, start=1)
            ]
        }
    if question.type == Question.Type.MATCHING:
        pairs = list(question.matching_pairs.all())
        right_by_key = {pair.right_key: pair.right for pair in pairs}
        matches = answer or {}
        return {
            "pairs": [
                {
                    "left": pair.left,
                    "given": right_by_key.get(matches.get(pair.left_key)),
                    "key": pair.right,
                    "right": matches.get(pair.left_key) == pair.right_key,
                }
                for pair in pairs
            ]
        }
    return {}


def _cloze_segments(question: Question, shown: dict, answer: dict) -> list[dict]:
    accepted_by_blank: dict[str, list[str]] = {}
    for accepted in question.accepted_answers.all():
        accepted_by_blank.setdefault(str(accepted.blank), []).append(accepted.text)
    given_by_blank = {str(blank): text for blank, text in answer.items()}
    segments = []
    for segment in shown["segments"]:
        if "blank" not in segment:
            segments.append(segment)
            continue
        accepted = accepted_by_blank.get(segment["blank"], [])
        given = given_by_blank.get(segment["blank"], "")
        segments.append(
            {
                "blank": segment["blank"],
                "given": given,
                "key": accepted[0] if accepted else "",
                "right": text_matches_accepted(text=given, accepted=accepted),
            }
        )
    return segments


def state_tally(cards: list[dict]) -> dict[str, int]:
    """How many reviewed questions are in each state (cards as presentation.question_card returns them)."""
    tally = dict.fromkeys(("correct", "partial", "wrong", "unanswered"), 0)
    for card in cards:
        tally[card["state"]] += 1
    return tally


def seconds_per_question(*, started_at: datetime, answered_at_by_question: dict[int, datetime]) -> dict[int, int]:
    """Seconds spent on each answered question: from the previous answer saved (or the attempt's start) to this
    one's last save, in the order they were saved. Re-saving an answer moves its time later, as it was worked on."""
    seconds, previous = {}, started_at
    for question_id, answered_at in sorted(answered_at_by_question.items(), key=lambda item: item[1]):
        seconds[question_id] = max(0, round((answered_at - previous).total_seconds()))
        previous = answered_at
    return seconds

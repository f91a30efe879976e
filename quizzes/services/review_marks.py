"""What review marks on a student's answer, part by part: each chosen option right or wrong, each blank's word
beside the key's, each place and pairing. Reads a QuestionContent with its key; issues no query."""

from datetime import datetime

from quizzes.models import Question
from quizzes.services.grading import text_matches_accepted
from quizzes.services.versions import CHOICE_TYPES, QuestionContent


def answer_state(*, credit: float | None) -> str:
    """The state a reviewed answer is shown in: correct, partial, wrong or unanswered."""
    if credit is None:
        return "unanswered"
    if credit >= 1:
        return "correct"
    return "wrong" if credit <= 0 else "partial"


def review_marks(*, content: QuestionContent, shown: dict, answer) -> dict:
    """The parts of an answer marked against the content's key, in the order the student saw them (shown: as
    presentation.question_for_student returns it): options, cloze segments, places or pairs."""
    key = content.key
    if content.type in CHOICE_TYPES:
        chosen = set(answer) if isinstance(answer, list) else {answer}
        return {
            "options": [
                {"text": option["text"], "chosen": option["key"] in chosen, "correct": option["key"] in key["correct"]}
                for option in shown["options"]
            ]
        }
    if content.type == Question.Type.CLOZE:
        return {"segments": _cloze_segments(key["accepted"], shown, answer or {})}
    if content.type == Question.Type.ORDERING:
        text_by_key = {item["key"]: item["text"] for item in shown["items"]}
        given = list(answer or [])
        return {
            "places": [
                {
                    "place": place,
                    "given": text_by_key.get(given[place - 1]) if place <= len(given) else None,
                    "key": text_by_key[item_key],
                    "right": place <= len(given) and given[place - 1] == item_key,
                }
                for place, item_key in enumerate(key["order"], start=1)
            ]
        }
    if content.type == Question.Type.MATCHING:
        right_by_key = {right["key"]: right["text"] for right in shown["right"]}
        matches = answer or {}
        return {
            "pairs": [
                {
                    "left": left["text"],
                    "given": right_by_key.get(matches.get(left["key"])),
                    "key": right_by_key[key["pairs"][left["key"]]],
                    "right": matches.get(left["key"]) == key["pairs"][left["key"]],
                }
                for left in shown["left"]
            ]
        }
    return {}


def _cloze_segments(accepted_by_blank: dict[str, list[str]], shown: dict, answer: dict) -> list[dict]:
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
    """How many reviewed questions are in each state (cards as presentation.question_card returns them); a card
    whose key is held back (an open exam holds the question) has no state and is not counted."""
    tally = dict.fromkeys(("correct", "partial", "wrong", "unanswered"), 0)
    for card in cards:
        if "state" in card:
            tally[card["state"]] += 1
    return tally


def seconds_per_question(*, started_at: datetime, answered_at_by_question: dict) -> dict:
    """Seconds spent on each answered question: from the previous answer saved (or the attempt's start) to this
    one's last save, in the order they were saved. Re-saving an answer moves its time later, as it was worked on."""
    seconds, previous = {}, started_at
    for question_id, answered_at in sorted(answered_at_by_question.items(), key=lambda item: item[1]):
        seconds[question_id] = max(0, round((answered_at - previous).total_seconds()))
        previous = answered_at
    return seconds

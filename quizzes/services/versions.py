"""Question versions: a question's content frozen as a student is shown it and graded by it.

Editing a question that an attempt has used makes a new version; a version no attempt has used is updated in
place. Every path that writes a question (the admin, the bank API, load_bank, the bank import) ends in
record_version, so a question's current version always matches its rows.
"""

import difflib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from quizzes.models import AttemptSlot, Question, QuestionVersion
from quizzes.text import CLOZE_BLANK_PATTERN

CHOICE_TYPES = {Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE, Question.Type.TRUE_FALSE}
CONTENT_PREFETCHES = (
    "choices", "accepted_answers", "ordering_items", "matching_pairs",
    "citations__source", "citations__passage",
    "disagreement__positions__source", "disagreement__positions__quotes__passage",
)  # fmt: skip


@dataclass(frozen=True)
class QuestionContent:
    """One version of a question, as the graders and the presentation read it. `key` is None where the page
    that loaded it deferred the answer key."""

    question_id: int
    slug: str
    type: str
    shown: dict
    key: dict | None
    version_id: int | None = None
    version_number: int | None = None


def content_of(version: QuestionVersion, *, slug: str, with_key: bool = True) -> QuestionContent:
    """Return the version as QuestionContent; slug: its question's id in the bank."""
    return QuestionContent(
        question_id=version.question_id,
        slug=slug,
        type=version.type,
        shown=version.shown,
        key=version.key if with_key else None,
        version_id=version.pk,
        version_number=version.number,
    )


def live_content(question: Question) -> QuestionContent:
    """Return the question's content as its rows stand now (a preview, a flashcard, a check of the bank)."""
    shown, key = snapshot(question)
    return QuestionContent(question_id=question.pk, slug=question.slug, type=question.type, shown=shown, key=key)


def _quote(row) -> dict:
    return {
        "source_id": row.source_id,
        "source": row.source.slug,
        "passage_id": row.passage_id,
        "passage": row.passage.anchor if row.passage_id else None,
        "quote": row.quote,
    }


def snapshot(question: Question) -> tuple[dict, dict]:
    """Return (shown, key) for the question's rows; with CONTENT_PREFETCHES it issues no query.

    Ordering items and matching right-hand sides are listed by their random keys, so the order in `shown`
    says nothing of the answer; choices keep their authored order (attempts shuffle them).
    """
    shown: dict = {"prompt": question.prompt, "keep_option_order": question.keep_option_order}
    key: dict = {"explanation": question.explanation}
    if question.type in CHOICE_TYPES:
        choices = sorted(question.choices.all(), key=lambda choice: choice.position)
        shown["options"] = [{"key": choice.key, "text": choice.text} for choice in choices]
        key["correct"] = [choice.key for choice in choices if choice.is_correct]
    elif question.type in (Question.Type.SHORT_ANSWER, Question.Type.CLOZE):
        accepted: dict[str, list[str]] = {}
        for answer in sorted(question.accepted_answers.all(), key=lambda answer: (answer.blank, answer.pk or 0)):
            accepted.setdefault(str(answer.blank), []).append(answer.text)
        key["accepted"] = accepted
        if question.type == Question.Type.CLOZE:
            blanks = {match.group(1) for match in CLOZE_BLANK_PATTERN.finditer(question.prompt)}
            shown["blanks"] = sorted(blanks, key=int)
    elif question.type == Question.Type.ORDERING:
        items = sorted(question.ordering_items.all(), key=lambda item: item.position)
        shown["items"] = sorted(({"key": item.key, "text": item.text} for item in items), key=lambda item: item["key"])
        key["order"] = [item.key for item in items]
    elif question.type == Question.Type.MATCHING:
        pairs = sorted(question.matching_pairs.all(), key=lambda pair: pair.position)
        shown["left"] = [{"key": pair.left_key, "text": pair.left} for pair in pairs]
        shown["right"] = sorted(({"key": pair.right_key, "text": pair.right} for pair in pairs), key=lambda r: r["key"])
        key["pairs"] = {pair.left_key: pair.right_key for pair in pairs}
    key["citations"] = [_quote(citation) for citation in sorted(question.citations.all(), key=_quote_order)]
    key.update(point_snapshot(question.disagreement))
    return shown, key


def point_snapshot(point) -> dict:
    """The contested point as a key shows it: the point, what is at stake, and every position's quotes."""
    if point is None:
        return {"disagreement": "", "disagreement_point": "", "stakes": "", "disagreements": []}
    entries = []
    for position in sorted(point.positions.all(), key=_quote_order):
        for quote in sorted(position.quotes.all(), key=_quote_order):
            entries.append(
                {
                    "source_id": position.source_id,
                    "source": position.source.slug,
                    "passage_id": quote.passage_id,
                    "passage": quote.passage.anchor if quote.passage_id else None,
                    "quote": quote.quote,
                    "claim": position.claim,
                    "position": position.position,
                }
            )
    return {"disagreement": point.slug, "disagreement_point": point.question, "stakes": point.stakes,
            "disagreements": entries}  # fmt: skip


def _quote_order(row) -> tuple:
    return (row.position, row.pk or 0)


def content_hash(*, question_type: str, shown: dict, key: dict) -> str:
    encoded = json.dumps([question_type, shown, key], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def with_content(questions):
    """The questions queryset with everything snapshot reads prefetched."""
    return questions.prefetch_related(*CONTENT_PREFETCHES)


def record_version(*, question: Question, by=None, now: datetime) -> QuestionVersion:
    """Make the question's current version match its rows and return it: unchanged content keeps the version,
    a version no attempt has used is updated in place, otherwise a new version is made."""
    question = with_content(Question.objects.filter(pk=question.pk)).get()
    shown, key = snapshot(question)
    digest = content_hash(question_type=question.type, shown=shown, key=key)
    with transaction.atomic():
        latest = QuestionVersion.objects.select_for_update().filter(question=question).order_by("-number").first()
        if latest is not None and latest.content_hash == digest:
            version = latest
        elif latest is not None and not AttemptSlot.objects.filter(version=latest).exists():
            latest.type, latest.shown, latest.key, latest.content_hash = question.type, shown, key, digest
            latest.created_at, latest.created_by = now, by
            latest.save(update_fields=["type", "shown", "key", "content_hash", "created_at", "created_by"])
            version = latest
        else:
            version = QuestionVersion.objects.create(
                question=question, number=(latest.number + 1) if latest else 1, type=question.type,
                shown=shown, key=key, content_hash=digest, created_at=now, created_by=by,
            )  # fmt: skip
        if question.current_version_id != version.pk:
            Question.objects.filter(pk=question.pk).update(current_version=version)
    return version


def versions_with_authors(*, question: Question) -> list[QuestionVersion]:
    """The question's versions, newest first, with who made each."""
    return list(question.versions.select_related("created_by").order_by("-number"))


def version_diff(*, older: QuestionVersion, newer: QuestionVersion) -> list[str]:
    """The lines that differ between two versions' content (shown and key), as a unified diff."""

    def lines(version: QuestionVersion) -> list[str]:
        return json.dumps({"type": version.type, "shown": version.shown, "key": version.key}, indent=2,
                          ensure_ascii=False, sort_keys=True).splitlines()  # fmt: skip

    return list(
        difflib.unified_diff(lines(older), lines(newer), f"v{older.number}", f"v{newer.number}", lineterm="", n=2)
    )

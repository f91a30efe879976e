"""Importing an uploaded bank file (the admin): validate it all, say what would change, then apply it."""

import json
from dataclasses import dataclass, field

import yaml

from quizzes.errors import BankError
from quizzes.models import Topic
from quizzes.services.bank import (
    YAML_LOADER,
    BankDocument,
    BankLoadReport,
    BankProblem,
    add_document,
    apply_bank,
    export_point,
    export_question,
    export_quiz,
    normalise_point,
    normalise_question,
    normalise_quiz,
    points_for_export,
    questions_for_export,
    quizzes_for_export,
    validate_bank,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass
class Change:
    """One item the import would create or update; for an update, the fields whose values differ."""

    kind: str
    slug: str
    action: str
    fields: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    problems: list[BankProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0


def parse_bank_upload(*, content: bytes, file_name: str) -> BankDocument:
    """Return the document in an uploaded JSON or YAML bank file; raise BankError if it cannot be read."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise BankError([BankProblem(file_name, "-", f"the file is larger than {MAX_UPLOAD_BYTES // 1024} KiB")])
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BankError([BankProblem(file_name, "-", "the file is not UTF-8 text")]) from error
    try:
        parsed = json.loads(text) if file_name.lower().endswith(".json") else yaml.load(text, Loader=YAML_LOADER)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        kind = "JSON" if file_name.lower().endswith(".json") else "YAML"
        raise BankError([BankProblem(file_name, "-", f"not valid {kind}: {error}")]) from error
    document = BankDocument()
    add_document(document, file=file_name, content=parsed)
    return document


def changed_fields(wanted: dict, current: dict) -> list[str]:
    return [name for name in wanted if wanted[name] != current.get(name)]


def preview_bank_import(*, document: BankDocument) -> ImportPreview:
    """Return every problem of the document or, when there is none, what loading it would change."""
    preview = ImportPreview(problems=validate_bank(document))
    if preview.problems:
        return preview
    topics = {t.slug: t for t in Topic.objects.select_related("parent")}
    for entry in document.topics:
        data = entry.data
        topic = topics.get(data["slug"])
        wanted = {"name": data["name"], "description": data.get("description") or "", "parent": data.get("parent")}
        if topic is None:
            preview.changes.append(Change("topic", data["slug"], "create"))
            continue
        current = {
            "name": topic.name,
            "description": topic.description,
            "parent": topic.parent.slug if topic.parent else None,
        }
        differing = changed_fields(wanted, current)
        if differing:
            preview.changes.append(Change("topic", data["slug"], "update", differing))
        else:
            preview.unchanged += 1
    current_points = {p.slug: p for p in points_for_export().filter(slug__in=[e.data["id"] for e in document.points])}
    for entry in document.points:
        compare(preview, "point", normalise_point(entry.data), current_points.get(entry.data["id"]), export_point)
    current_questions = {
        q.slug: q for q in questions_for_export().filter(slug__in=[e.data["id"] for e in document.questions])
    }
    for entry in document.questions:
        compare(
            preview,
            "question",
            normalise_question(entry.data),
            current_questions.get(entry.data["id"]),
            export_question,
        )
    current_quizzes = {
        q.slug: q for q in quizzes_for_export().filter(slug__in=[e.data["id"] for e in document.quizzes])
    }
    for entry in document.quizzes:
        compare(preview, "quiz", normalise_quiz(entry.data), current_quizzes.get(entry.data["id"]), export_quiz)
    return preview


def compare(preview: ImportPreview, kind: str, wanted: dict, existing, export) -> None:
    if existing is None:
        preview.changes.append(Change(kind, wanted["id"], "create"))
        return
    differing = changed_fields(wanted, export(existing))
    if differing:
        preview.changes.append(Change(kind, wanted["id"], "update", differing))
    else:
        preview.unchanged += 1


def import_bank_document(*, document: BankDocument) -> BankLoadReport:
    """Load the document; raise BankError listing every problem, changing nothing (it is checked again here
    because the bank may have changed since the preview)."""
    problems = validate_bank(document)
    if problems:
        raise BankError(problems)
    return apply_bank(document)

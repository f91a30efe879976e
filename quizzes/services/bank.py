"""The question bank as files: read, validate (every problem at once), load idempotently, export.

One document shape serves the files under fixtures/bank/ and `export_bank`:
    {"sources": [...], "topics": [...], "questions": [...], "quizzes": [...]}
The files split it up: topics.yaml, points.yaml (and points/*.yaml), quizzes.yaml (and quizzes/*.yaml) and
questions/*.yaml, each a list. A question names the contested point it asks about (`disagreement: <point id>`);
the point holds each source's position with its quotes. The older per-question form (`disagreement_point` and
`disagreements` entries) is still read, and merged into the point of the same name (services/disagreements).
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from quizzes.errors import BankError, QuizError
from quizzes.models import (
    AcceptedAnswer,
    Choice,
    Citation,
    DisagreementPoint,
    MatchingPair,
    OrderingItem,
    Passage,
    Question,
    Quiz,
    QuizPool,
    QuizQuestion,
    Source,
    Topic,
)
from quizzes.models.sources import with_subtopics
from quizzes.services import bank_sync, disagreements
from quizzes.services.versions import record_version
from quizzes.text import CLOZE_BLANK_PATTERN, locate_passage, nested_text_problem

# libyaml's loader when PyYAML was built with it: the bank parses several times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CHOICE_KEY_PATTERN = re.compile(r"^[a-z0-9]{1,20}$")
CHOICE_TYPES = {Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE}

QUESTION_FIELDS = {
    "id", "type", "status", "framing", "difficulty", "topics", "prompt", "choices", "answer", "explanation",
    "citations", "disagreement", "disagreement_point", "disagreements", "keep_option_order",
}  # fmt: skip
POINT_FIELDS = {"id", "question", "stakes", "topics", "positions"}
POSITION_FIELDS = {"source", "claim", "quotes"}
POOL_FIELDS = {"draw", "from_topic", "from_questions", "points"}
QUIZ_SETTINGS = {
    "status": Quiz.Status.DRAFT,
    "layout": Quiz.Layout.ONE_PER_PAGE,
    "shuffle_questions": False,
    "shuffle_choices": True,
    "is_practice": False,
    "review_mode": Quiz.ReviewMode.AFTER_SUBMISSION,
    "max_attempts": None,
    "time_limit_minutes": None,
    "pass_mark": 60,
    "opens_at": None,
    "closes_at": None,
}
QUIZ_FIELDS = {"id", "title", "description", "questions", *QUIZ_SETTINGS}
TOPIC_FIELDS = {"slug", "name", "description", "parent"}


@dataclass(frozen=True)
class BankProblem:
    """One thing wrong with the bank: where (file, item id) and what."""

    file: str
    item: str
    message: str

    def __str__(self):
        return f"{self.file}: {self.item}: {self.message}"


@dataclass
class Entry:
    """A raw item of the bank and the file it came from."""

    file: str
    data: dict


@dataclass
class BankDocument:
    sources: list[Entry] = field(default_factory=list)
    topics: list[Entry] = field(default_factory=list)
    points: list[Entry] = field(default_factory=list)
    questions: list[Entry] = field(default_factory=list)
    quizzes: list[Entry] = field(default_factory=list)


@dataclass
class KindReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # left as the database has them (see bank_sync)

    def summary(self) -> str:
        counts = f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        return f"{counts}, {len(self.kept)} kept as edited" if self.kept else counts


@dataclass
class BankLoadReport:
    topics: KindReport = field(default_factory=KindReport)
    points: KindReport = field(default_factory=KindReport)
    questions: KindReport = field(default_factory=KindReport)
    quizzes: KindReport = field(default_factory=KindReport)
    conflicts: list[bank_sync.Conflict] = field(default_factory=list)


# Reading ---------------------------------------------------------------------------------------------------


def read_bank(*, path: Path) -> BankDocument:
    """Return the bank at path: a directory of YAML files, or one JSON/YAML document (e.g. an export)."""
    if path.is_dir():
        return read_bank_directory(directory=path)
    document = BankDocument()
    add_document(document, file=path.name, content=parse_file(path))
    return document


def read_bank_directory(*, directory: Path) -> BankDocument:
    document = BankDocument()
    problems = []
    for name, kind in (("topics.yaml", "topics"), ("points.yaml", "points"), ("quizzes.yaml", "quizzes")):
        path = directory / name
        if path.exists():
            try:
                add_list(document, kind=kind, file=name, items=parse_file(path))
            except BankError as error:
                problems += error.problems
    for kind in ("points", "questions", "quizzes"):
        for path in sorted((directory / kind).glob("*.yaml")):
            relative = f"{kind}/{path.name}"
            try:
                add_list(document, kind=kind, file=relative, items=parse_file(path, shown_as=relative))
            except BankError as error:
                problems += error.problems
    if problems:
        raise BankError(problems)
    return document


def parse_file(path: Path, shown_as: str | None = None):
    shown_as = shown_as or path.name
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=YAML_LOADER)
    except (OSError, UnicodeDecodeError) as error:
        raise BankError([BankProblem(shown_as, "-", f"cannot read the file: {error}")]) from error
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise BankError([BankProblem(shown_as, "-", f"not valid {path.suffix[1:].upper()}: {error}")]) from error


def add_document(document: BankDocument, *, file: str, content) -> None:
    if not isinstance(content, dict):
        raise BankError(
            [BankProblem(file, "-", "the document must be a mapping with sources, topics, points, questions, quizzes")]
        )
    unknown = set(content) - {"sources", "topics", "points", "questions", "quizzes", "format"}
    if unknown:
        raise BankError([BankProblem(file, "-", f"unknown section(s): {', '.join(sorted(unknown))}")])
    for kind in ("sources", "topics", "points", "questions", "quizzes"):
        add_list(document, kind=kind, file=file, items=content.get(kind) or [])


def add_list(document: BankDocument, *, kind: str, file: str, items) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        raise BankError([BankProblem(file, "-", f"{kind} must be a list of entries")])
    getattr(document, kind).extend(Entry(file=file, data=item) for item in items)


# Validating ------------------------------------------------------------------------------------------------


class Problems:
    """Collects problems for one item so that validation can go on after the first."""

    def __init__(self, file: str, item: str):
        self.file, self.item, self.found = file, item, []

    def add(self, message: str) -> None:
        self.found.append(BankProblem(self.file, self.item, message))


# No bank entry nests deeper than a question's disagreement entries; deeper is an attack or a broken file.
MAX_ENTRY_DEPTH = 8


def validate_bank(document: BankDocument) -> list[BankProblem]:
    """Return every problem in the bank (empty when it can be loaded); resolves citation passages in place."""
    problems: list[BankProblem] = []
    sources = {source.slug: source for source in Source.objects.prefetch_related("passages")}
    passages_by_source = {slug: list(source.passages.all()) for slug, source in sources.items()}

    for entry in document.sources:
        slug = entry.data.get("slug") if isinstance(entry.data, dict) else None
        if slug not in sources:
            problems.append(BankProblem(entry.file, str(slug), "source is not loaded; run load_sources first"))

    for entry in (*document.sources, *document.topics, *document.points, *document.questions, *document.quizzes):
        problem = nested_text_problem(entry.data, where="", max_depth=MAX_ENTRY_DEPTH)
        if problem:
            item = entry.data.get("id", entry.data.get("slug", "-")) if isinstance(entry.data, dict) else "-"
            problems.append(BankProblem(entry.file, str(item), problem))

    topic_slugs = set(Topic.objects.values_list("slug", flat=True))
    problems += validate_topics(document.topics, known_slugs=topic_slugs)
    topic_slugs |= {entry.data.get("slug") for entry in document.topics if isinstance(entry.data, dict)}

    seen_point_ids: dict[str, str] = {}
    for entry in document.points:
        problems += validate_point(
            entry, sources=sources, passages_by_source=passages_by_source, topic_slugs=topic_slugs,
            seen_ids=seen_point_ids,
        )  # fmt: skip
    point_ids = set(DisagreementPoint.objects.values_list("slug", flat=True)) | set(seen_point_ids)
    seen_question_ids: dict[str, str] = {}
    for entry in document.questions:
        problems += validate_question(
            entry, sources=sources, passages_by_source=passages_by_source, topic_slugs=topic_slugs,
            seen_ids=seen_question_ids, point_ids=point_ids,
        )  # fmt: skip

    problems += type_change_problems(document.questions)
    question_statuses = dict(Question.objects.values_list("slug", "status"))
    question_statuses.update(
        {e.data["id"]: e.data.get("status", Question.Status.DRAFT) for e in document.questions if valid_id(e.data)}
    )
    question_topics = {slug: set(topics) for slug, topics in _stored_question_topics().items()}
    question_topics.update(
        {e.data["id"]: set(e.data.get("topics") or []) for e in document.questions if valid_id(e.data)}
    )
    topic_parents = dict(Topic.objects.values_list("slug", "parent__slug"))
    topic_parents.update(
        {e.data.get("slug"): e.data.get("parent") for e in document.topics if isinstance(e.data, dict)}
    )
    seen_quiz_ids: set[str] = set()
    for entry in document.quizzes:
        problems += validate_quiz(
            entry, question_statuses=question_statuses, seen_ids=seen_quiz_ids,
            question_topics=question_topics, topic_parents=topic_parents,
        )  # fmt: skip
    return problems


def type_change_problems(entries: list[Entry]) -> list[BankProblem]:
    """A problem for each entry that would change the type of a question students have answered."""
    answered = dict(Question.objects.filter(responses__isnull=False).values_list("slug", "type").distinct())
    return [
        BankProblem(
            entry.file,
            entry.data["id"],
            f"type can't change from {answered[entry.data['id']]} to {entry.data.get('type')}: students have "
            "answered this question; make a new question instead",
        )  # fmt: skip
        for entry in entries
        if valid_id(entry.data)
        and entry.data["id"] in answered
        and entry.data.get("type") not in (None, answered[entry.data["id"]])
    ]


def _stored_question_topics() -> dict[str, list[str]]:
    topics: dict[str, list[str]] = {}
    for slug, topic in Question.objects.values_list("slug", "topics__slug"):
        topics.setdefault(slug, [])
        if topic:
            topics[slug].append(topic)
    return topics


def valid_id(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("id"), str) and bool(SLUG_PATTERN.match(data["id"]))


def validate_topics(entries: list[Entry], *, known_slugs: set[str]) -> list[BankProblem]:
    problems = []
    slugs_in_files = [entry.data.get("slug") for entry in entries if isinstance(entry.data, dict)]
    for entry in entries:
        data = entry.data
        if not isinstance(data, dict):
            problems.append(BankProblem(entry.file, "-", "a topic must be a mapping"))
            continue
        found = Problems(entry.file, str(data.get("slug", "-")))
        check_fields(found, data, allowed=TOPIC_FIELDS, required={"slug", "name"})
        if isinstance(data.get("slug"), str) and not SLUG_PATTERN.match(data["slug"]):
            found.add("slug must be lowercase words joined by hyphens")
        if slugs_in_files.count(data.get("slug")) > 1:
            found.add("topic slug is used more than once")
        parent = data.get("parent")
        if parent and parent not in known_slugs and parent not in slugs_in_files:
            found.add(f"parent topic {parent!r} does not exist")
        problems += found.found
    return problems


def check_fields(found: Problems, data: dict, *, allowed: set[str], required: set[str]) -> None:
    for name in sorted(required):
        if data.get(name) in (None, "", []):
            found.add(f"{name} is required")
    for name in sorted(set(data) - allowed):
        found.add(f"unknown field {name!r}")


def validate_point(entry: Entry, *, sources, passages_by_source, topic_slugs, seen_ids) -> list[BankProblem]:
    """The problems of one contested point; fills in each quote's passage anchor when it is verbatim."""
    data = entry.data
    if not isinstance(data, dict):
        return [BankProblem(entry.file, "-", "a disagreement point must be a mapping")]
    point_id = data.get("id")
    found = Problems(entry.file, str(point_id or "-"))
    check_fields(found, data, allowed=POINT_FIELDS, required={"id", "question", "stakes", "topics", "positions"})
    if point_id is not None:
        if not valid_id(data):
            found.add("id must be lowercase words joined by hyphens")
        elif point_id in seen_ids:
            found.add(f"id is used twice (also in {seen_ids[point_id]})")
        else:
            seen_ids[point_id] = entry.file
    for name, limit in (("question", 300), ("stakes", None)):
        value = data.get(name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            found.add(f"{name} must be text")
        elif isinstance(value, str) and limit and len(value) > limit:
            found.add(f"{name} must be at most {limit} characters")
    for topic in as_list(found, data.get("topics"), "topics"):
        if topic not in topic_slugs:
            found.add(f"unknown topic {topic!r}")
    positions = as_list(found, data.get("positions"), "positions")
    if data.get("positions") and len(positions) < 2:
        found.add("a point needs at least two positions (two sources, or one source against itself)")
    for number, position in enumerate(positions, start=1):
        label = f"position {number}"
        if not isinstance(position, dict):
            found.add(f"{label} must be a mapping with source, claim and quotes")
            continue
        for name in sorted(set(position) - POSITION_FIELDS):
            found.add(f"{label}: unknown field {name!r}")
        claim = position.get("claim")
        if not isinstance(claim, str) or not claim.strip():
            found.add(f"{label}: claim required")
        elif len(claim) > 300:
            found.add(f"{label}: claim must be at most 300 characters")
        quotes = as_list(found, position.get("quotes"), f"{label}: quotes")
        if not quotes:
            found.add(f"{label}: at least one quote is required")
        for index, quote in enumerate(quotes, start=1):
            item = {**quote, "source": position.get("source")} if isinstance(quote, dict) else quote
            check_quote(found, item, f"{label}, quote {index}", sources, passages_by_source, needs_claim=False)
            if isinstance(quote, dict) and isinstance(item, dict) and "passage" in item:
                quote["passage"] = item["passage"]
    return found.found


def validate_question(
    entry: Entry, *, sources, passages_by_source, topic_slugs, seen_ids, point_ids=None
) -> list[BankProblem]:
    data = entry.data
    if not isinstance(data, dict):
        return [BankProblem(entry.file, "-", "a question must be a mapping")]
    question_id = data.get("id")
    found = Problems(entry.file, str(question_id or "-"))
    # A draft (an imported question, say) may wait for its explanation and citations; publishing needs them.
    required = {"id", "type", "framing", "prompt"}
    if data.get("status", Question.Status.DRAFT) != Question.Status.DRAFT:
        required |= {"explanation", "citations"}
    check_fields(found, data, allowed=QUESTION_FIELDS, required=required)
    if "answer" not in data:
        found.add("answer is required")
    if question_id is not None:
        if not valid_id(data):
            found.add("id must be lowercase words joined by hyphens")
        elif question_id in seen_ids:
            found.add(f"id is used twice (also in {seen_ids[question_id]})")
        else:
            seen_ids[question_id] = entry.file
    check_choice_field(found, data, "type", Question.Type.values)
    check_choice_field(found, data, "status", Question.Status.values, optional=True)
    check_choice_field(found, data, "framing", Question.Framing.values)
    check_attribution(found, data)
    if data.get("difficulty") is not None and data["difficulty"] not in Question.Difficulty.values:
        found.add(f"difficulty must be one of {Question.Difficulty.values}")
    for name in ("prompt", "explanation", "disagreement_point", "disagreement"):
        if data.get(name) is not None and not isinstance(data[name], str):
            found.add(f"{name} must be text")
    if "keep_option_order" in data and not isinstance(data["keep_option_order"], bool):
        found.add("keep_option_order must be true or false")
    topics = data.get("topics") or []
    if not isinstance(topics, list):
        found.add("topics must be a list of topic slugs")
    else:
        for topic in topics:
            if topic not in topic_slugs:
                found.add(f"unknown topic {topic!r}")
    if data.get("type") in Question.Type.values and "answer" in data:
        check_answer(found, data)
    for index, citation in enumerate(as_list(found, data.get("citations"), "citations"), start=1):
        check_quote(found, citation, f"citation {index}", sources, passages_by_source, needs_claim=False)
    check_disagreements(found, data, sources, passages_by_source, point_ids)
    return found.found


# What says whose claim an attributed question asks about: a source by name or kind, or the historians it cites.
ATTRIBUTION_MARKERS = re.compile(
    r"according to|source|article|column|publication|wiki|\bIMT\b|\bCWI\b|revolupedia|encyclop|historian|\bpage\b",
    re.IGNORECASE,
)


def check_attribution(found: Problems, data: dict) -> None:
    prompt = data.get("prompt")
    if data.get("framing") != Question.Framing.ATTRIBUTED or not isinstance(prompt, str):
        return
    if not ATTRIBUTION_MARKERS.search(prompt):
        found.add(
            "framing is 'attributed' but the prompt does not say whose claim it is: name the source "
            "('According to the CWI article, ...', 'Which source claims ...?')"
        )


def check_choice_field(found: Problems, data: dict, name: str, allowed, *, optional=False) -> None:
    value = data.get(name)
    if value is None and optional:
        return
    if value is not None and value not in allowed:
        found.add(f"{name} {value!r} is not one of {', '.join(allowed)}")


def as_list(found: Problems, value, name: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        found.add(f"{name} must be a list")
        return []
    return value


def is_text_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def check_answer(found: Problems, data: dict) -> None:
    """Check that the answer key has the shape its type needs (see docs in README, 'Bank format')."""
    question_type, answer = data["type"], data["answer"]
    choices = data.get("choices")
    if question_type in CHOICE_TYPES:
        keys = check_choices(found, choices)
        if question_type == Question.Type.SINGLE_CHOICE:
            if not isinstance(answer, str) or answer not in keys:
                found.add("answer must be the key of one of the choices")
        else:
            listed = answer if isinstance(answer, list) else []
            if not listed or any(not isinstance(key, str) or key not in keys for key in listed):
                found.add("answer must be a non-empty list of choice keys")
            elif len(set(answer)) != len(answer):
                found.add("answer lists a choice twice")
        return
    if choices is not None:
        found.add(f"choices are only for {' and '.join(sorted(CHOICE_TYPES))} questions")
    if question_type == Question.Type.TRUE_FALSE:
        if not isinstance(answer, bool):
            found.add("answer must be true or false")
    elif question_type == Question.Type.SHORT_ANSWER:
        if not is_text_list(answer):
            found.add("answer must be a non-empty list of accepted answers")
    elif question_type == Question.Type.CLOZE:
        check_cloze(found, data.get("prompt") or "", answer)
    elif question_type == Question.Type.ORDERING:
        if not is_text_list(answer) or len(answer) < 2:
            found.add("answer must list at least two items in their correct order")
        elif len(set(answer)) != len(answer):
            found.add("ordering items must be distinct")
    elif question_type == Question.Type.MATCHING:
        check_matching(found, answer)


def check_choices(found: Problems, choices) -> set[str]:
    if not isinstance(choices, list) or len(choices) < 2:
        found.add("choices must list at least two options as {key, text}")
        return set()
    keys = []
    for choice in choices:
        if not isinstance(choice, dict) or set(choice) != {"key", "text"}:
            found.add("each choice must have exactly a key and a text")
            continue
        if not isinstance(choice["key"], str) or not CHOICE_KEY_PATTERN.match(choice["key"]):
            found.add(f"choice key {choice['key']!r} must be short lowercase letters or digits")
        if not isinstance(choice["text"], str) or not choice["text"].strip():
            found.add(f"choice {choice['key']!r} has no text")
        keys.append(choice["key"])
    if len(set(keys)) != len(keys):
        found.add("choice keys must be distinct")
    return set(keys)


def check_cloze(found: Problems, prompt: str, answer) -> None:
    blanks = [int(number) for number in CLOZE_BLANK_PATTERN.findall(prompt)]
    if not blanks:
        found.add("a cloze prompt must mark its blanks as [[1]], [[2]], ...")
        return
    if sorted(blanks) != list(range(1, len(blanks) + 1)):
        found.add("cloze blanks must be numbered 1, 2, 3 ... once each")
    if not isinstance(answer, dict):
        found.add("answer must map each blank number to its accepted answers")
        return
    answered = {str(key) for key in answer}
    expected = {str(number) for number in blanks}
    if answered != expected:
        found.add(f"answer must give accepted answers for blanks {sorted(expected)}, got {sorted(answered)}")
    for key, accepted in answer.items():
        if not is_text_list(accepted):
            found.add(f"blank {key} needs a non-empty list of accepted answers")


def check_matching(found: Problems, answer) -> None:
    if not isinstance(answer, list) or len(answer) < 2:
        found.add("answer must list at least two {left, right} pairs")
        return
    for pair in answer:
        if not isinstance(pair, dict) or set(pair) != {"left", "right"}:
            found.add("each matching pair must have exactly a left and a right")
            return
        if not all(isinstance(pair[side], str) and pair[side].strip() for side in ("left", "right")):
            found.add("matching pairs need text on both sides")
            return
    for side in ("left", "right"):
        texts = [pair[side] for pair in answer]
        if len(set(texts)) != len(texts):
            found.add(f"the {side} items must be distinct")


def check_quote(found: Problems, item, label: str, sources, passages_by_source, *, needs_claim: bool) -> None:
    """Check a citation or disagreement entry; on success fill in the anchor of the passage that holds it."""
    allowed = {"source", "passage", "quote", "claim"} if needs_claim else {"source", "passage", "quote"}
    if not isinstance(item, dict):
        found.add(f"{label} must be a mapping with source and quote")
        return
    for name in sorted(set(item) - allowed):
        found.add(f"{label}: unknown field {name!r}")
    required = ("source", "quote", "claim") if needs_claim else ("source", "quote")
    missing = [name for name in required if not isinstance(item.get(name), str) or not item[name].strip()]
    if missing:
        found.add(f"{label}: {', '.join(missing)} required")
        return
    source = sources.get(item["source"])
    if source is None:
        found.add(f"{label}: unknown source {item['source']!r}")
        return
    try:
        passage = locate_passage(
            source=source, quote=item["quote"], passages=passages_by_source[source.slug], anchor=item.get("passage")
        )
    except QuizError as error:
        found.add(f"{label}: {error}")
        return
    item["passage"] = passage.anchor


def check_disagreements(found: Problems, data: dict, sources, passages_by_source, point_ids=None) -> None:
    """The question's contested point: a known point id, or (the older form) a label with its entries."""
    linked = data.get("disagreement")
    entries = as_list(found, data.get("disagreements"), "disagreements")
    point = data.get("disagreement_point")
    if (linked or entries) and data.get("framing") == Question.Framing.FACT:
        found.add(
            "framing is 'fact' but the sources disagree on this point: "
            "ask it by attribution ('attributed') or about the disagreement ('disagreement')"
        )
    if linked:
        # The point's id wins; the older fields beside it are only its mirror (what the API and exports show).
        if point_ids is None:
            point_ids = set(DisagreementPoint.objects.values_list("slug", flat=True))
        if isinstance(linked, str) and linked not in point_ids:
            found.add(f"unknown disagreement point {linked!r}")
        return
    if not entries:
        if point:
            found.add("disagreement_point is set but there are no disagreements")
        return
    if not point:
        found.add("disagreement_point is required when the question has disagreements")
    if len(entries) < 2:
        found.add("a disagreement needs at least two positions (two sources, or one source against itself)")
    for index, entry in enumerate(entries, start=1):
        check_quote(found, entry, f"disagreement {index}", sources, passages_by_source, needs_claim=True)


def validate_quiz(
    entry: Entry, *, question_statuses: dict[str, str], seen_ids: set[str], question_topics=None, topic_parents=None
) -> list[BankProblem]:
    data = entry.data
    if not isinstance(data, dict):
        return [BankProblem(entry.file, "-", "a quiz must be a mapping")]
    found = Problems(entry.file, str(data.get("id", "-")))
    check_fields(found, data, allowed=QUIZ_FIELDS, required={"id", "title", "questions"})
    if data.get("id") is not None:
        if not valid_id(data):
            found.add("id must be lowercase words joined by hyphens")
        elif data["id"] in seen_ids:
            found.add("quiz id is used twice")
        seen_ids.add(data.get("id"))
    check_choice_field(found, data, "status", Quiz.Status.values, optional=True)
    check_choice_field(found, data, "layout", Quiz.Layout.values, optional=True)
    check_choice_field(found, data, "review_mode", Quiz.ReviewMode.values, optional=True)
    for name in ("shuffle_questions", "shuffle_choices", "is_practice"):
        if name in data and not isinstance(data[name], bool):
            found.add(f"{name} must be true or false")
    for name, low, high in (("max_attempts", 1, 1000), ("time_limit_minutes", 1, 10000), ("pass_mark", 0, 100)):
        value = data.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high):
            found.add(f"{name} must be a whole number from {low} to {high}")
    moments = {name: parse_moment(found, data.get(name), name) for name in ("opens_at", "closes_at")}
    if moments["opens_at"] and moments["closes_at"] and moments["closes_at"] <= moments["opens_at"]:
        found.add("closes_at must be after opens_at")
    if data.get("review_mode") == Quiz.ReviewMode.PER_QUESTION and data.get("layout") == Quiz.Layout.ALL_ON_ONE_PAGE:
        found.add("review_mode 'per_question' needs layout 'one_per_page': a key shown would answer the others")
    if data.get("review_mode") == Quiz.ReviewMode.AFTER_CLOSE and not data.get("closes_at"):
        found.add("review_mode 'after_close' needs a closes_at date, or the key would never be shown")
    places = as_list(found, data.get("questions"), "questions")
    question_ids = [place for place in places if not isinstance(place, dict)]
    pools = [place for place in places if isinstance(place, dict)]
    if len(set(map(str, question_ids))) != len(question_ids):
        found.add("a question is listed twice")
    for question_id in question_ids:
        status = question_statuses.get(question_id)
        if status is None:
            found.add(f"unknown question {question_id!r}")
        elif data.get("status") == Quiz.Status.PUBLISHED and status != Question.Status.PUBLISHED:
            found.add(f"published quiz includes question {question_id!r}, which is not published")
    published = data.get("status") == Quiz.Status.PUBLISHED
    if published and not places:
        found.add("a published quiz needs at least one question or pool")
    drawn = 0
    for number, pool in enumerate(pools, start=1):
        candidates = check_pool(found, pool, number, question_statuses, question_topics or {}, topic_parents or {})
        if candidates is None:
            continue
        drawn += pool["draw"]
        available = len(candidates - set(question_ids))
        if published and available < drawn:
            found.add(
                f"pool {number} draws {pool['draw']} question(s) but only {available} published question(s) are "
                "left to draw from once the quiz's other questions and pools are taken"
            )
    return found.found


def check_pool(found: Problems, pool: dict, number: int, statuses, question_topics, topic_parents) -> set | None:
    """Check one pool entry of a quiz; return the published questions it may draw, or None when invalid."""
    label = f"pool {number}"
    unknown = sorted(set(pool) - POOL_FIELDS)
    if unknown:
        found.add(f"{label}: unknown field(s) {', '.join(unknown)}")
        return None
    draw = pool.get("draw")
    if not isinstance(draw, int) or isinstance(draw, bool) or draw < 1:
        found.add(f"{label}: draw must be a whole number of at least 1")
        return None
    points = pool.get("points", 1)
    if not isinstance(points, int) or isinstance(points, bool) or points < 1:
        found.add(f"{label}: points must be a whole number of at least 1")
        return None
    if ("from_topic" in pool) == ("from_questions" in pool):
        found.add(f"{label}: draw either from_topic (a topic slug) or from_questions (a list of question ids)")
        return None
    published = {slug for slug, status in statuses.items() if status == Question.Status.PUBLISHED}
    if "from_topic" in pool:
        if pool["from_topic"] not in topic_parents:
            found.add(f"{label}: unknown topic {pool['from_topic']!r}")
            return None
        wanted = with_subtopics(pool["from_topic"], topic_parents)
        return {slug for slug in published if question_topics.get(slug, set()) & wanted}
    chosen = pool["from_questions"]
    if not is_text_list(chosen) or not chosen:
        found.add(f"{label}: from_questions must be a list of question ids")
        return None
    missing = [slug for slug in chosen if slug not in statuses]
    if missing:
        found.add(f"{label}: unknown question(s) {', '.join(missing)}")
        return None
    return {slug for slug in chosen if slug in published}


def parse_moment(found: Problems, value, name: str):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None or moment.tzinfo is None:
        found.add(f"{name} must be a date and time with a time zone, e.g. 2026-09-01T09:00:00+00:00")
        return None
    return moment


# Loading ---------------------------------------------------------------------------------------------------


def load_bank(*, path: Path, mode: bank_sync.LoadMode = bank_sync.LoadMode.SYNC) -> BankLoadReport:
    """Validate the whole bank at path and load it as bank_sync allows (never over a teacher's edit unless
    mode is FORCE); raise BankError listing every problem, changing nothing."""
    document = read_bank(path=path)
    problems = validate_bank(document)
    if problems:
        raise BankError(problems)
    return apply_bank(document, sync=bank_sync.start_sync(mode=mode))


@transaction.atomic
def apply_bank(document: BankDocument, sync: bank_sync.BankSync | None = None) -> BankLoadReport:
    """Write a validated bank; items whose content is unchanged are not touched.

    With sync (load_bank), only what bank_sync allows is written and recorded; without it (an admin import the
    teacher confirmed), every item is written as the document says and counts as an edit.
    """
    report = BankLoadReport()
    # Parents first, so that a child topic can point at a parent defined in the same load.
    existing_topics = {topic.slug: topic_entry(topic) for topic in Topic.objects.select_related("parent")}
    for entry in sorted(document.topics, key=lambda entry: bool(entry.data.get("parent"))):
        current, wanted = existing_topics.get(entry.data["slug"]), normalise_topic(entry.data)
        if sync_allows(sync, report.topics, bank_sync.Kind.TOPIC, entry, current, wanted):
            apply_topic(entry.data, report.topics)
    sources = {source.slug: source for source in Source.objects.all()}
    passages = passages_by_anchor()
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    existing_points = {point.slug: point for point in points_for_export()}
    for entry in document.points:
        point = existing_points.get(entry.data["id"])
        current = export_point(point) if point is not None else None
        if sync_allows(sync, report.points, bank_sync.Kind.POINT, entry, current, normalise_point(entry.data)):
            apply_point(entry.data, point, sources, topics, report.points, passages)
    existing = {q.slug: q for q in questions_for_export()}
    for entry in document.questions:
        question = existing.get(entry.data["id"])
        current = export_question(question) if question is not None else None
        if sync_allows(sync, report.questions, bank_sync.Kind.QUESTION, entry, current, normalise_question(entry.data)):
            apply_question(entry.data, question, sources, topics, report.questions, passages)
    existing_quizzes = {quiz.slug: quiz for quiz in quizzes_for_export()}
    for entry in document.quizzes:
        quiz = existing_quizzes.get(entry.data["id"])
        current = export_quiz(quiz) if quiz is not None else None
        if sync_allows(sync, report.quizzes, bank_sync.Kind.QUIZ, entry, current, normalise_quiz(entry.data)):
            apply_quiz(entry.data, quiz, report.quizzes)
    if sync is not None:
        sync.save()
        report.conflicts = sync.conflicts
    return report


def sync_allows(sync, kind_report: KindReport, kind: str, entry: Entry, current, wanted: dict) -> bool:
    """Whether apply_bank may write this entry (always, without sync); a kept item is counted as kept."""
    if sync is None:
        return True
    item = wanted.get("id") or wanted["slug"]
    decision = sync.decide(kind=kind, item=item, file=entry.file, current=current, wanted=wanted)
    if decision is bank_sync.Decision.KEEP:
        kind_report.kept.append(item)
        return False
    return True


def topic_entry(topic: Topic) -> dict:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "description": topic.description,
        "parent": topic.parent.slug if topic.parent else None,
    }


def normalise_topic(data: dict) -> dict:
    """Return the entry in exactly the shape topic_entry gives, so that the two can be compared."""
    return {
        "slug": data["slug"],
        "name": data["name"],
        "description": data.get("description") or "",
        "parent": data.get("parent") or None,
    }


def apply_topic(data: dict, report: KindReport) -> None:
    values = {
        "name": data["name"],
        "description": data.get("description") or "",
        "parent": Topic.objects.get(slug=data["parent"]) if data.get("parent") else None,
    }
    topic = Topic.objects.filter(slug=data["slug"]).first()
    if topic is None:
        Topic.objects.create(slug=data["slug"], **values)
        report.created.append(data["slug"])
    elif any(getattr(topic, name) != value for name, value in values.items()):
        Topic.objects.filter(pk=topic.pk).update(**values)
        report.updated.append(data["slug"])
    else:
        report.unchanged.append(data["slug"])


def normalise_question(data: dict) -> dict:
    """Return the entry in exactly the shape export_question gives, so that the two can be compared."""
    question_type = data["type"]
    normalised = {
        "id": data["id"],
        "type": question_type,
        "status": data.get("status") or Question.Status.DRAFT,
        "framing": data["framing"],
        "difficulty": data.get("difficulty") or Question.Difficulty.MEDIUM,
        "topics": sorted(data.get("topics") or []),
        "prompt": data["prompt"].strip(),
    }
    if data.get("keep_option_order"):
        normalised["keep_option_order"] = True
    if question_type in CHOICE_TYPES:
        normalised["choices"] = [{"key": c["key"], "text": c["text"].strip()} for c in data["choices"]]
    answer = data["answer"]
    if question_type == Question.Type.CLOZE:
        answer = {
            str(key): [text.strip() for text in texts]
            for key, texts in sorted(answer.items(), key=lambda kv: int(kv[0]))
        }
    elif question_type == Question.Type.MATCHING:
        answer = [{"left": pair["left"].strip(), "right": pair["right"].strip()} for pair in answer]
    elif question_type in (Question.Type.SHORT_ANSWER, Question.Type.ORDERING):
        answer = [text.strip() for text in answer]
    normalised["answer"] = answer
    normalised["explanation"] = (data.get("explanation") or "").strip()
    normalised["citations"] = [
        {"source": c["source"], "passage": c["passage"], "quote": c["quote"]} for c in data.get("citations") or []
    ]
    linked = data.get("disagreement") or (
        disagreements.legacy_point_slug(label=data["disagreement_point"]) if data.get("disagreements") else None
    )
    if linked:
        normalised["disagreement"] = linked
    return normalised


def normalise_point(data: dict) -> dict:
    """Return the point entry in exactly the shape export_point gives, so that the two can be compared."""
    return {
        "id": data["id"],
        "question": data["question"].strip(),
        "stakes": data["stakes"].strip(),
        "topics": sorted(data.get("topics") or []),
        "positions": [
            {
                "source": position["source"],
                "claim": position["claim"].strip(),
                "quotes": [{"passage": quote["passage"], "quote": quote["quote"]} for quote in position["quotes"]],
            }
            for position in data["positions"]
        ],
    }


def apply_point(data: dict, existing: DisagreementPoint | None, sources, topics, report: KindReport, passages) -> None:
    """Write one validated point entry (an unchanged one is not touched) and re-version the questions on it."""
    wanted = normalise_point(data)
    if existing is not None and export_point(existing) == wanted:
        report.unchanged.append(wanted["id"])
        return
    values = {"question": wanted["question"], "stakes": wanted["stakes"]}
    if existing is None:
        point = DisagreementPoint.objects.create(slug=wanted["id"], **values)
        report.created.append(wanted["id"])
    else:
        point = existing
        for name, value in values.items():
            setattr(point, name, value)
        point.save()
        point.positions.all().delete()
        report.updated.append(wanted["id"])
    point.topics.set([topics[slug] for slug in wanted["topics"]])
    disagreements.write_positions(point=point, positions=wanted["positions"], sources=sources, passages=passages)
    if existing is not None:
        disagreements.record_point_versions(point=point, now=timezone.now())


def passages_by_anchor() -> dict[tuple[str, str], Passage]:
    """Every passage by (source slug, anchor); two queries, the sources' long texts left unread."""
    slugs = dict(Source.objects.values_list("pk", "slug"))
    return {(slugs[passage.source_id], passage.anchor): passage for passage in Passage.objects.all()}


def apply_question(
    data: dict, existing: Question | None, sources, topics, report: KindReport, passages=None, author=None
) -> None:
    """Write one validated question entry (unchanged entries are not touched); passages: passages_by_anchor()."""
    passages = passages if passages is not None else passages_by_anchor()
    wanted = normalise_question(data)
    if existing is not None and export_question(existing) == wanted:
        report.unchanged.append(wanted["id"])
        return
    values = {
        "type": wanted["type"],
        "status": wanted["status"],
        "framing": wanted["framing"],
        "difficulty": wanted["difficulty"],
        "prompt": wanted["prompt"],
        "explanation": wanted["explanation"],
        "disagreement": resolve_point(data, wanted, sources, topics, passages),
        "keep_option_order": wanted.get("keep_option_order", False),
    }
    kept_keys = stored_item_keys(existing)
    if existing is None:
        question = Question.objects.create(slug=wanted["id"], **values)
        report.created.append(wanted["id"])
    else:
        question = existing
        for name, value in values.items():
            setattr(question, name, value)
        question.save()
        for related in (
            question.choices, question.accepted_answers, question.ordering_items, question.matching_pairs,
            question.citations,
        ):  # fmt: skip
            related.all().delete()
        report.updated.append(wanted["id"])
    question.topics.set([topics[slug] for slug in wanted["topics"]])
    write_answer_key(question, wanted, kept_keys)
    for position, citation in enumerate(wanted["citations"], start=1):
        save_quote(Citation(question=question, position=position, quote=citation["quote"]), citation, sources, passages)
    record_version(question=question, by=author, now=timezone.now())


def resolve_point(data: dict, wanted: dict, sources, topics, passages) -> DisagreementPoint | None:
    """The point a question entry links to; entries of the older form are first merged into their point."""
    if data.get("disagreement"):
        return DisagreementPoint.objects.get(slug=data["disagreement"])
    if not data.get("disagreements"):
        return None
    return disagreements.merge_legacy_entries(
        label=data["disagreement_point"], entries=data["disagreements"],
        topics=[topics[slug] for slug in wanted["topics"]], sources=sources, passages=passages, now=timezone.now(),
    )  # fmt: skip


def stored_item_keys(question: Question | None) -> dict:
    """The stored (position, text, key) of a question's ordering items and matching sides, for reuse_keys."""
    if question is None:
        return {}
    pairs = list(question.matching_pairs.all())
    return {
        "order": [(item.position, item.text, item.key) for item in question.ordering_items.all()],
        "left": [(pair.position, pair.left, pair.left_key) for pair in pairs],
        "right": [(pair.position, pair.right, pair.right_key) for pair in pairs],
    }


def reuse_keys(stored: list[tuple[int, str, str]], texts: list[str]) -> list[str]:
    """The key each new text keeps: an unchanged text keeps its key wherever it moved; a text edited in place
    keeps its position's key (a typo fix must not change the keys answers and versions refer to); '' for new."""
    by_text = {text: key for _, text, key in stored}
    by_position = {position: (text, key) for position, text, key in stored}
    keys, used = [""] * len(texts), set()
    for index, text in enumerate(texts):
        if text in by_text and by_text[text] not in used:
            keys[index] = by_text[text]
            used.add(keys[index])
    for index in range(len(texts)):
        old_text, key = by_position.get(index + 1, (None, ""))
        if not keys[index] and key and key not in used and old_text not in texts:
            keys[index] = key
            used.add(key)
    return keys


def save_quote(quote_row, item: dict, sources, passages) -> None:
    quote_row.source = sources[item["source"]]
    quote_row.passage = passages[item["source"], item["passage"]]
    quote_row.save()


def write_answer_key(question: Question, wanted: dict, kept_keys: dict) -> None:
    answer = wanted["answer"]
    question_type = wanted["type"]
    if question_type in CHOICE_TYPES:
        correct = {answer} if question_type == Question.Type.SINGLE_CHOICE else set(answer)
        Choice.objects.bulk_create(
            Choice(question=question, key=c["key"], text=c["text"], is_correct=c["key"] in correct, position=position)
            for position, c in enumerate(wanted["choices"], start=1)
        )
    elif question_type == Question.Type.TRUE_FALSE:
        Choice.objects.bulk_create(
            [
                Choice(question=question, key="true", text="True", is_correct=answer is True, position=1),
                Choice(question=question, key="false", text="False", is_correct=answer is False, position=2),
            ]
        )
    elif question_type == Question.Type.SHORT_ANSWER:
        AcceptedAnswer.objects.bulk_create(AcceptedAnswer(question=question, blank=0, text=text) for text in answer)
    elif question_type == Question.Type.CLOZE:
        AcceptedAnswer.objects.bulk_create(
            AcceptedAnswer(question=question, blank=int(blank), text=text)
            for blank, texts in answer.items()
            for text in texts
        )
    elif question_type == Question.Type.ORDERING:
        keys = reuse_keys(kept_keys.get("order", []), answer)
        for position, (text, key) in enumerate(zip(answer, keys, strict=True), start=1):
            OrderingItem(question=question, key=key, text=text, position=position).save()
    elif question_type == Question.Type.MATCHING:
        left_keys = reuse_keys(kept_keys.get("left", []), [pair["left"] for pair in answer])
        right_keys = reuse_keys(kept_keys.get("right", []), [pair["right"] for pair in answer])
        for position, (pair, left_key, right_key) in enumerate(zip(answer, left_keys, right_keys, strict=True), 1):
            MatchingPair(
                question=question, left=pair["left"], right=pair["right"], position=position,
                left_key=left_key, right_key=right_key,
            ).save()  # fmt: skip


def apply_quiz(data: dict, existing: Quiz | None, report: KindReport) -> None:
    wanted = normalise_quiz(data)
    if existing is not None and export_quiz(existing) == wanted:
        report.unchanged.append(wanted["id"])
        return
    values = {name: wanted[name] for name in ("title", "description", *QUIZ_SETTINGS)}
    values["opens_at"] = parse_datetime(values["opens_at"]) if values["opens_at"] else None
    values["closes_at"] = parse_datetime(values["closes_at"]) if values["closes_at"] else None
    if existing is None:
        quiz = Quiz.objects.create(slug=wanted["id"], **values)
        report.created.append(wanted["id"])
    else:
        quiz = existing
        for name, value in values.items():
            setattr(quiz, name, value)
        quiz.save()
        quiz.quiz_questions.all().delete()
        quiz.pools.all().delete()
        report.updated.append(wanted["id"])
    places = list(enumerate(wanted["questions"], start=1))
    fixed = [(position, place) for position, place in places if isinstance(place, str)]
    questions = Question.objects.in_bulk([slug for _, slug in fixed], field_name="slug")
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question=questions[slug], position=position) for position, slug in fixed
    )
    for position, place in places:
        if isinstance(place, dict):
            pool = QuizPool.objects.create(
                quiz=quiz, position=position, draw_count=place["draw"], points=place.get("points", 1),
                topic=Topic.objects.get(slug=place["from_topic"]) if "from_topic" in place else None,
            )  # fmt: skip
            if "from_questions" in place:
                pool.questions.set(Question.objects.filter(slug__in=place["from_questions"]))


def normalise_quiz(data: dict) -> dict:
    normalised = {
        "id": data["id"],
        "title": data["title"].strip(),
        "description": (data.get("description") or "").strip(),
    }
    for name, default in QUIZ_SETTINGS.items():
        value = data.get(name, default)
        normalised[name] = default if value is None and default is not None else value
    for name in ("opens_at", "closes_at"):
        moment = normalised[name]
        if isinstance(moment, str):
            moment = parse_datetime(moment)
        normalised[name] = moment.astimezone(datetime.UTC).isoformat() if moment else None
    normalised["questions"] = [
        normalise_pool(place) if isinstance(place, dict) else place for place in data["questions"]
    ]
    return normalised


def normalise_pool(place: dict) -> dict:
    pool = {"draw": place["draw"], "points": place.get("points", 1)}
    if "from_topic" in place:
        pool["from_topic"] = place["from_topic"]
    else:
        pool["from_questions"] = sorted(place["from_questions"])
    return pool


# Exporting -------------------------------------------------------------------------------------------------


def questions_for_export():
    return Question.objects.prefetch_related(
        "topics", "choices", "accepted_answers", "ordering_items", "matching_pairs",
        "citations__source", "citations__passage", "disagreement__positions__source",
        "disagreement__positions__quotes__passage",
    )  # fmt: skip


def points_for_export():
    return DisagreementPoint.objects.prefetch_related("topics", "positions__source", "positions__quotes__passage")


def quizzes_for_export():
    return Quiz.objects.prefetch_related("quiz_questions__question", "pools__topic", "pools__questions")


def export_question(question: Question) -> dict:
    """Return the question as a bank entry (the prefetches of questions_for_export keep this query-free)."""
    exported = {
        "id": question.slug,
        "type": question.type,
        "status": question.status,
        "framing": question.framing,
        "difficulty": question.difficulty,
        "topics": sorted(topic.slug for topic in question.topics.all()),
        "prompt": question.prompt,
    }
    if question.keep_option_order:
        exported["keep_option_order"] = True
    choices = list(question.choices.all())
    if question.type in CHOICE_TYPES:
        exported["choices"] = [{"key": choice.key, "text": choice.text} for choice in choices]
    exported["answer"] = export_answer(question, choices)
    exported["explanation"] = question.explanation
    exported["citations"] = [
        {"source": c.source.slug, "passage": c.passage.anchor if c.passage else None, "quote": c.quote}
        for c in question.citations.all()
    ]
    if question.disagreement is not None:
        exported["disagreement"] = question.disagreement.slug
    return exported


def export_question_with_entries(question: Question) -> dict:
    """The question as a bank entry with its point's positions beside it in the older per-question form, as
    API v1 and the exchange formats (Moodle XML, QTI, GIFT, CSV) carry them."""
    return {**export_question(question), **disagreements.legacy_fields(question.disagreement)}


def export_point(point: DisagreementPoint) -> dict:
    """Return the point as a bank entry (the prefetches of points_for_export keep this query-free)."""
    return {
        "id": point.slug,
        "question": point.question,
        "stakes": point.stakes,
        "topics": sorted(topic.slug for topic in point.topics.all()),
        "positions": [
            {
                "source": position.source.slug,
                "claim": position.claim,
                "quotes": [
                    {"passage": quote.passage.anchor if quote.passage else None, "quote": quote.quote}
                    for quote in position.quotes.all()
                ],
            }
            for position in point.positions.all()
        ],
    }


def export_answer(question: Question, choices: list[Choice]):
    question_type = question.type
    if question_type == Question.Type.SINGLE_CHOICE:
        return next((choice.key for choice in choices if choice.is_correct), None)
    if question_type == Question.Type.MULTIPLE_CHOICE:
        return [choice.key for choice in choices if choice.is_correct]
    if question_type == Question.Type.TRUE_FALSE:
        return any(choice.key == "true" and choice.is_correct for choice in choices)
    if question_type == Question.Type.SHORT_ANSWER:
        return [accepted.text for accepted in question.accepted_answers.all()]
    if question_type == Question.Type.CLOZE:
        blanks: dict[str, list[str]] = {}
        for accepted in question.accepted_answers.all():
            blanks.setdefault(str(accepted.blank), []).append(accepted.text)
        return dict(sorted(blanks.items(), key=lambda item: int(item[0])))
    if question_type == Question.Type.ORDERING:
        return [item.text for item in question.ordering_items.all()]
    return [{"left": pair.left, "right": pair.right} for pair in question.matching_pairs.all()]


def export_quiz(quiz: Quiz) -> dict:
    exported = {"id": quiz.slug, "title": quiz.title, "description": quiz.description}
    for name in QUIZ_SETTINGS:
        exported[name] = getattr(quiz, name)
    for name in ("opens_at", "closes_at"):
        exported[name] = exported[name].astimezone(datetime.UTC).isoformat() if exported[name] else None
    places = [(link.position, link.question.slug) for link in quiz.quiz_questions.all()]
    places += [(pool.position, export_pool(pool)) for pool in quiz.pools.all()]
    exported["questions"] = [place for _, place in sorted(places, key=lambda place: place[0])]
    return exported


def export_pool(pool: QuizPool) -> dict:
    exported = {"draw": pool.draw_count, "points": pool.points}
    if pool.topic_id:
        exported["from_topic"] = pool.topic.slug
    else:
        exported["from_questions"] = sorted(question.slug for question in pool.questions.all())
    return exported


def export_source(source: Source) -> dict:
    return {
        "slug": source.slug,
        "file": source.file_name,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "date": source.date_label,
        "kind": source.kind,
        "perspective": {"label": source.perspective_label, "description": source.perspective},
        "passages": source.passage_count,
    }


def export_bank() -> dict:
    """Return the whole bank in the database as one document that load_bank accepts."""
    return {
        "format": "quizsite-bank/1",
        "sources": [
            export_source(source)
            for source in Source.objects.annotate(passage_count=Count("passages")).order_by("position", "slug")
        ],
        "topics": [topic_entry(topic) for topic in Topic.objects.select_related("parent")],
        "points": [export_point(point) for point in points_for_export()],
        "questions": [export_question(question) for question in questions_for_export()],
        "quizzes": [export_quiz(quiz) for quiz in quizzes_for_export()],
    }

"""Loading the source documents: metadata, full text, passages, and re-anchoring quotes when a text changes."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from quizzes.errors import QuizError, SourceFileError
from quizzes.models import Citation, Passage, PositionQuote, Source
from quizzes.text import fold_text, locate_passage

METADATA_FIELDS = {
    "slug": True,
    "title": True,
    "publisher": True,
    "site": False,
    "author": False,
    "date_label": False,
    "published_on": False,
    "kind": True,
    "position": False,
    "perspective_label": True,
    "perspective": True,
    "furniture": False,
}


@dataclass(frozen=True)
class SourceFile:
    """A source as it stands on disk: its metadata file and its text file."""

    file_name: str
    metadata: dict
    text: str


@dataclass(frozen=True)
class BrokenQuote:
    """A citation or a position's quote that the new text of its source no longer contains."""

    kind: str
    holder: str  # "question <id>" or "point <id>"
    quote: str
    problem: str


@dataclass
class SourceLoadReport:
    """What load_sources did to one source."""

    slug: str
    outcome: str  # "created", "updated", "text changed" or "unchanged"
    passages: int = 0
    furniture: int = 0
    reanchored: int = 0
    broken: list[BrokenQuote] = field(default_factory=list)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def split_passages(text: str) -> list[tuple[int, int]]:
    """Return the [start, end) range of every paragraph: each non-blank line, without its outer whitespace."""
    return [(match.start(), match.end()) for match in re.finditer(r"[^\s](?:[^\n]*[^\s])?", text)]


def match_furniture(*, text: str, openings: list[str]) -> tuple[set[int], list[str]]:
    """The numbers of the passages that the furniture openings name, and the problems: each opening (compared
    folded, like quotes) must begin exactly one passage, so the marks survive a re-split of the text."""
    passage_texts = [fold_text(text[start:end]) for start, end in split_passages(text)]
    numbers, problems = set(), []
    for opening in openings:
        wanted = fold_text(opening)
        found = [number for number, passage in enumerate(passage_texts, start=1) if passage.startswith(wanted)]
        if not found:
            problems.append(f"furniture {opening!r} begins no passage of the text")
        elif len(found) > 1:
            anchors = ", ".join(f"p-{number}" for number in found)
            problems.append(f"furniture {opening!r} begins {len(found)} passages ({anchors}): give more of its opening")
        else:
            numbers.add(found[0])
    return numbers, problems


def read_source_files(*, directory: Path) -> list[SourceFile]:
    """Return every source in the directory (NAME.yaml beside NAME.txt); raise SourceFileError listing problems."""
    problems = []
    source_files = []
    metadata_paths = sorted(directory.glob("*.yaml"))
    if not metadata_paths:
        raise SourceFileError(f"No source metadata files (*.yaml) in {directory}")
    for metadata_path in metadata_paths:
        text_path = metadata_path.with_suffix(".txt")
        try:
            metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8"))
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            problems.append(f"{metadata_path.name}: {error}")
            continue
        found = metadata_problems(metadata)
        if not found:
            _, found = match_furniture(text=text, openings=metadata.get("furniture") or [])
        problems.extend(f"{metadata_path.name}: {problem}" for problem in found)
        if not text.strip():
            problems.append(f"{text_path.name}: the text is empty")
        source_files.append(SourceFile(file_name=text_path.name, metadata=metadata or {}, text=text))
    slugs = [source.metadata.get("slug") for source in source_files]
    problems.extend(f"slug {slug!r} is used by more than one source" for slug in set(slugs) if slugs.count(slug) > 1)
    if problems:
        raise SourceFileError("Cannot load the sources:\n" + "\n".join(f"  - {p}" for p in problems))
    return source_files


def metadata_problems(metadata) -> list[str]:
    if not isinstance(metadata, dict):
        return ["the metadata file must be a mapping of field: value"]
    problems = [
        f"missing field {name!r}" for name, required in METADATA_FIELDS.items() if required and not metadata.get(name)
    ]
    problems += [f"unknown field {name!r}" for name in metadata if name not in METADATA_FIELDS]
    if metadata.get("kind") and metadata["kind"] not in Source.Kind.values:
        problems.append(f"kind {metadata['kind']!r} is not one of {', '.join(Source.Kind.values)}")
    published_on = metadata.get("published_on")
    if published_on is not None and not isinstance(published_on, datetime.date):
        problems.append(f"published_on {published_on!r} is not a date (YYYY-MM-DD)")
    furniture = metadata.get("furniture")
    if furniture is not None and (
        not isinstance(furniture, list)
        or not all(isinstance(opening, str) and opening.strip() for opening in furniture)
    ):
        problems.append("furniture must be a list of passage openings (non-empty texts)")
    return problems


def load_sources(*, directory: Path) -> list[SourceLoadReport]:
    """Create or update every source in the directory; return a report per source. Re-running changes nothing."""
    return [load_source(source_file=source_file) for source_file in read_source_files(directory=directory)]


@transaction.atomic
def load_source(*, source_file: SourceFile) -> SourceLoadReport:
    """Create or update one source; when its text changed, re-split passages and re-anchor every quote; when only
    its furniture marks changed, re-check the quotes that now rest on furniture."""
    metadata = source_file.metadata
    values = {
        "title": metadata["title"],
        "publisher": metadata["publisher"],
        "site": metadata.get("site") or "",
        "author": metadata.get("author") or "",
        "date_label": metadata.get("date_label") or "",
        "published_on": metadata.get("published_on"),
        "kind": metadata["kind"],
        "position": metadata.get("position") or 0,
        "perspective_label": metadata["perspective_label"],
        "perspective": " ".join(metadata["perspective"].split()),
        "file_name": source_file.file_name,
    }
    furniture, _ = match_furniture(text=source_file.text, openings=metadata.get("furniture") or [])
    digest = text_digest(source_file.text)
    source = Source.objects.select_for_update().filter(slug=metadata["slug"]).first()
    if source is None:
        source = Source.objects.create(slug=metadata["slug"], text=source_file.text, text_sha256=digest, **values)
        passages = replace_passages(source=source, furniture=furniture)
        return SourceLoadReport(slug=source.slug, outcome="created", passages=len(passages), furniture=len(furniture))

    metadata_changed = any(getattr(source, name) != value for name, value in values.items())
    text_changed = source.text_sha256 != digest
    furniture_changed = set(source.passages.filter(is_furniture=True).values_list("number", flat=True)) != furniture
    report = SourceLoadReport(slug=source.slug, outcome="unchanged", furniture=len(furniture))
    if text_changed:
        source.text, source.text_sha256 = source_file.text, digest
        report.outcome = "text changed"
    elif metadata_changed or furniture_changed:
        report.outcome = "updated"
    if report.outcome != "unchanged":
        for name, value in values.items():
            setattr(source, name, value)
        source.save()
    if text_changed:
        report.reanchored, report.broken = reanchor_quotes(source=source, furniture=furniture)
    elif furniture_changed:
        report.broken = mark_furniture(source=source, furniture=furniture)
    report.passages = source.passages.count()
    return report


def replace_passages(*, source: Source, furniture: set[int] = frozenset()) -> list[Passage]:
    """Delete the source's passages and create those cut_passages gives."""
    source.passages.all().delete()
    return Passage.objects.bulk_create(cut_passages(source=source, furniture=furniture))


def cut_passages(*, source: Source, furniture: set[int] = frozenset()) -> list[Passage]:
    """The source's passages as its text splits into them, unsaved: one per paragraph, numbered p-1, p-2, ...;
    those numbered in `furniture` are marked as website furniture."""
    return [
        Passage(
            source=source, number=number, anchor=f"p-{number}", start=start, end=end, text=source.text[start:end],
            is_furniture=number in furniture,
        )
        for number, (start, end) in enumerate(split_passages(source.text), start=1)
    ]  # fmt: skip


def mark_furniture(*, source: Source, furniture: set[int]) -> list[BrokenQuote]:
    """Mark the source's passages numbered in `furniture` as website furniture (and no others); point each quote
    that rested on a passage now marked at the source's own text that holds it too, or report it as broken (its
    passage is left empty, as when a text no longer holds a quote)."""
    source.passages.update(is_furniture=False)
    source.passages.filter(number__in=furniture).update(is_furniture=True)
    passages = list(source.passages.all())
    broken = []
    for holder, kind, quote in quotes_resting_on(source=source, passage__number__in=furniture):
        try:
            passage = locate_passage(source=source, quote=quote.quote, passages=passages)
        except QuizError as error:
            broken.append(BrokenQuote(kind=kind, holder=holder, quote=quote.quote, problem=str(error)))
            passage = None
        type(quote).objects.filter(pk=quote.pk).update(passage=passage)
    return broken


def quotes_resting_on(*, source: Source, **filters) -> list[tuple[str, str, object]]:
    """The quotes that rest on the source's passages (filtered), and so must be re-checked when its passages
    change: (what holds it, "question <id>" or "point <id>"; its kind; the quote with its passage)."""
    found = [
        (f"question {quote.question.slug}", "citation", quote)
        for quote in Citation.objects.filter(source=source, **filters).select_related("passage", "question")
    ]
    found += [
        (f"point {quote.source_position.point.slug}", "position quote", quote)
        for quote in PositionQuote.objects.filter(source=source, **filters).select_related(
            "passage", "source_position__point"
        )
    ]
    return found


def reanchor_quotes(*, source: Source, furniture: set[int] = frozenset()) -> tuple[int, list[BrokenQuote]]:
    """Re-split the source's passages and point every quote at the paragraph that now holds it.

    A quote found in several paragraphs goes to the one whose text is unchanged, if any. Returns how many
    quotes were re-anchored and the quotes the new text no longer holds, or holds only in website furniture
    (their passage is left empty).
    """
    quotes = [
        (holder, kind, quote, quote.passage.text if quote.passage else None)
        for holder, kind, quote in quotes_resting_on(source=source)
    ]
    passages = replace_passages(source=source, furniture=furniture)
    reanchored, broken = 0, []
    for holder, kind, quote, old_passage_text in quotes:
        same_text_passage = next((p for p in passages if p.text == old_passage_text), None)
        try:
            anchor = same_text_passage.anchor if same_text_passage else None
            try:
                passage = locate_passage(source=source, quote=quote.quote, passages=passages, anchor=anchor)
            except QuizError:
                if anchor is None:
                    raise
                passage = locate_passage(source=source, quote=quote.quote, passages=passages)
        except QuizError as error:
            broken.append(BrokenQuote(kind=kind, holder=holder, quote=quote.quote, problem=str(error)))
            type(quote).objects.filter(pk=quote.pk).update(passage=None)
            continue
        type(quote).objects.filter(pk=quote.pk).update(passage=passage)
        reanchored += 1
    return reanchored, broken

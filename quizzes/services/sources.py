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
from quizzes.text import locate_passage

METADATA_FIELDS = {
    "slug": True,
    "title": True,
    "publisher": True,
    "author": False,
    "date_label": False,
    "published_on": False,
    "kind": True,
    "position": False,
    "perspective_label": True,
    "perspective": True,
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
    reanchored: int = 0
    broken: list[BrokenQuote] = field(default_factory=list)


def distinct_name(source: Source, *, titles: list[str] | None = None) -> str:
    """The source's name where sources are listed or named side by side (progress, decks, Anki, which merges decks
    by name): its title, with its publisher when another source has the same title (the IMT's page and the
    encyclopedia article are both titled "Stalinism"). `titles`: every source's title, if already at hand."""
    if titles is None:
        titles = list(Source.objects.filter(title=source.title).values_list("title", flat=True))
    return f"{source.title} — {source.publisher}" if titles.count(source.title) > 1 else source.title


def distinct_names(sources) -> dict[int, str]:
    """distinct_name of each source, by primary key."""
    sources = list(sources)
    titles = [source.title for source in sources]
    return {source.pk: distinct_name(source, titles=titles) for source in sources}


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def split_passages(text: str) -> list[tuple[int, int]]:
    """Return the [start, end) range of every paragraph: each non-blank line, without its outer whitespace."""
    return [(match.start(), match.end()) for match in re.finditer(r"[^\s](?:[^\n]*[^\s])?", text)]


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
        problems.extend(f"{metadata_path.name}: {problem}" for problem in metadata_problems(metadata))
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
    return problems


def load_sources(*, directory: Path) -> list[SourceLoadReport]:
    """Create or update every source in the directory; return a report per source. Re-running changes nothing."""
    return [load_source(source_file=source_file) for source_file in read_source_files(directory=directory)]


@transaction.atomic
def load_source(*, source_file: SourceFile) -> SourceLoadReport:
    """Create or update one source; when its text changed, re-split passages and re-anchor every quote."""
    metadata = source_file.metadata
    values = {
        "title": metadata["title"],
        "publisher": metadata["publisher"],
        "author": metadata.get("author") or "",
        "date_label": metadata.get("date_label") or "",
        "published_on": metadata.get("published_on"),
        "kind": metadata["kind"],
        "position": metadata.get("position") or 0,
        "perspective_label": metadata["perspective_label"],
        "perspective": " ".join(metadata["perspective"].split()),
        "file_name": source_file.file_name,
    }
    digest = text_digest(source_file.text)
    source = Source.objects.select_for_update().filter(slug=metadata["slug"]).first()
    if source is None:
        source = Source.objects.create(slug=metadata["slug"], text=source_file.text, text_sha256=digest, **values)
        passages = replace_passages(source=source)
        return SourceLoadReport(slug=source.slug, outcome="created", passages=len(passages))

    metadata_changed = any(getattr(source, name) != value for name, value in values.items())
    text_changed = source.text_sha256 != digest
    if not metadata_changed and not text_changed:
        return SourceLoadReport(slug=source.slug, outcome="unchanged", passages=source.passages.count())
    for name, value in values.items():
        setattr(source, name, value)
    if not text_changed:
        source.save()
        return SourceLoadReport(slug=source.slug, outcome="updated", passages=source.passages.count())

    source.text, source.text_sha256 = source_file.text, digest
    source.save()
    report = SourceLoadReport(slug=source.slug, outcome="text changed")
    report.reanchored, report.broken = reanchor_quotes(source=source)
    report.passages = source.passages.count()
    return report


def replace_passages(*, source: Source) -> list[Passage]:
    """Delete the source's passages and create one per paragraph of its current text, numbered p-1, p-2, ..."""
    source.passages.all().delete()
    return Passage.objects.bulk_create(
        Passage(source=source, number=number, anchor=f"p-{number}", start=start, end=end, text=source.text[start:end])
        for number, (start, end) in enumerate(split_passages(source.text), start=1)
    )


def reanchor_quotes(*, source: Source) -> tuple[int, list[BrokenQuote]]:
    """Re-split the source's passages and point every quote at the paragraph that now holds it.

    A quote found in several paragraphs goes to the one whose text is unchanged, if any. Returns how many
    quotes were re-anchored and the quotes the new text no longer holds (their passage is left empty).
    """
    quotes = [
        (f"question {quote.question.slug}", "citation", quote, quote.passage.text if quote.passage else None)
        for quote in Citation.objects.filter(source=source).select_related("passage", "question")
    ]
    quotes += [
        (
            f"point {quote.source_position.point.slug}",
            "position quote",
            quote,
            quote.passage.text if quote.passage else None,
        )
        for quote in PositionQuote.objects.filter(source=source).select_related("passage", "source_position__point")
    ]
    passages = replace_passages(source=source)
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

"""Contested points: the questions the sources answer differently, each source's position, and who is silent.

A point is written by the bank (load_bank, the bank import), the admin and, through the older per-question form
of the API and the exchange formats (a label with entries), by merge_legacy_entries. Every change to a point's
positions re-versions the questions on it, whose keys show the positions (services.versions.snapshot).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.text import slugify

from quizzes.models import DisagreementPoint, PositionQuote, Question, Source, SourcePosition, Topic
from quizzes.models.sources import opening_words
from quizzes.services import secrecy
from quizzes.services.versions import point_snapshot, record_version
from quizzes.text import fold_text


def fold_label(text: str) -> str:
    return fold_text(text).casefold()


def legacy_point_slug(*, label: str) -> str:
    """The id of the point a label of the older form names: the point asked in the same words, else a new id."""
    wanted = fold_label(label)
    taken = set()
    for slug, question in DisagreementPoint.objects.values_list("slug", "question"):
        if fold_label(question) == wanted:
            return slug
        taken.add(slug)
    base = (slugify(label) or "point")[:90].strip("-")
    slug, number = base, 2
    while slug in taken:  # the same words slugified from a point asked differently
        slug, number = f"{base}-{number}", number + 1
    return slug


def merge_legacy_entries(
    *, label: str, entries: list[dict], topics: list[Topic], sources, passages, now: datetime
) -> DisagreementPoint:
    """Return the point a label and its entries ({source, passage, quote, claim}) describe, made or extended.

    A point asked in the same words is reused; an entry whose quote it already holds adds nothing, one with a
    claim a position of its source already makes adds its quote there, any other entry adds a position.
    Nothing a point already holds is changed or removed.
    """
    slug = legacy_point_slug(label=label)
    point, created = DisagreementPoint.objects.get_or_create(
        slug=slug,
        defaults={"question": label.strip(), "stakes": f"The sources answer differently: {label.strip()}"},
    )
    if created:
        point.topics.set(topics)
    positions = list(point.positions.select_related("source").prefetch_related("quotes"))
    changed = False
    for entry in entries:
        held = [p for p in positions if p.source.slug == entry["source"]]
        if any(fold_text(entry["quote"]) in fold_text(q.quote) for p in held for q in p.quotes.all()):
            continue
        position = next((p for p in held if fold_label(p.claim) == fold_label(entry["claim"])), None)
        if position is None:
            position = SourcePosition.objects.create(
                point=point, source=sources[entry["source"]], claim=entry["claim"].strip(),
                position=len(positions) + 1,
            )  # fmt: skip
            positions.append(position)
        PositionQuote(
            source_position=position, passage=passages[entry["source"], entry["passage"]], quote=entry["quote"],
            position=position.quotes.count() + 1,
        ).save()  # fmt: skip
        changed = True
    if changed and not created:
        record_point_versions(point=point, now=now)
    return point


def write_positions(*, point: DisagreementPoint, positions: list[dict], sources, passages) -> None:
    """Write a point's positions from validated bank entries ({source, claim, quotes: [{passage, quote}]})."""
    for number, entry in enumerate(positions, start=1):
        position = SourcePosition.objects.create(
            point=point, source=sources[entry["source"]], claim=entry["claim"], position=number
        )
        for place, quote in enumerate(entry["quotes"], start=1):
            PositionQuote(
                source_position=position, passage=passages[entry["source"], quote["passage"]],
                quote=quote["quote"], position=place,
            ).save()  # fmt: skip


def record_point_versions(*, point: DisagreementPoint, now: datetime, by=None) -> None:
    """Re-version every question on the point: their keys show its positions."""
    for question in Question.objects.filter(disagreement=point):
        record_version(question=question, by=by, now=now)


def legacy_fields(point: DisagreementPoint | None) -> dict:
    """The older per-question form of a point (API v1's and the exchange formats' `disagreement_point` and
    `disagreements`): the entries a key shows (versions.point_snapshot), in the bank's terms. Query-free with the
    point's positions' sources and quotes' passages prefetched."""
    shown = point_snapshot(point)
    return {
        "disagreement_point": shown["disagreement_point"],
        "disagreements": [
            {name: entry[name] for name in ("source", "passage", "quote", "claim")} for entry in shown["disagreements"]
        ],
    }


def silent_sources(*, speaking: set[int], sources: list[Source]) -> list[Source]:
    """The sources, in the given order, that hold no position on a point (speaking: the ids of those that do)."""
    return [source for source in sources if source.pk not in speaking]


# The map of contested points (the page "Where the sources disagree", its API and the source reader) -----------


@dataclass
class PositionOnMap:
    """A source's position as the map shows it: its claim and its quotes, each with its passage."""

    source: Source
    claim: str
    quotes: list[dict] = field(default_factory=list)  # {quote, passage (anchor), passage_opening}


@dataclass
class PointOnMap:
    """A point as a viewer may see it now: withheld (only its question shown) while it would answer a question
    they may not review yet (services.secrecy.point_withheld)."""

    slug: str
    question: str
    stakes: str
    withheld: bool
    topics: list[Topic] = field(default_factory=list)
    positions: list[PositionOnMap] = field(default_factory=list)
    silent: list[Source] = field(default_factory=list)
    reviewable: list[dict] = field(default_factory=list)  # {slug, prompt, attempt_id, number}
    cells: list[dict] = field(default_factory=list)  # per source, in reading order: {source, positions} ([]: silent)


@dataclass
class DisagreementMap:
    sources: list[Source]
    points: list[PointOnMap]

    def by_topic(self) -> list[tuple[Topic, list[PointOnMap]]]:
        """Each topic with the points filed under it (a point under each of its topics), in the topics' order."""
        topics: dict[int, tuple[Topic, list[PointOnMap]]] = {}
        for point in self.points:
            for topic in point.topics:
                topics.setdefault(topic.pk, (topic, []))[1].append(point)
        return sorted(topics.values(), key=lambda item: (item[0].position, item[0].name))


def disagreement_map(*, viewer, now: datetime, slug: str | None = None, topic: str | None = None,
                     source: str | None = None) -> DisagreementMap:  # fmt: skip
    """The contested points (one, by slug; or those filed under a topic, or on which a source takes a side), with
    who says what, who is silent, and the questions on each that the viewer may review. Four queries."""
    rows = SourcePosition.objects.annotate(withheld=secrecy.point_withheld(student=viewer, now=now, point_ref="point"))
    if slug is not None:
        rows = rows.filter(point__slug=slug)
    if topic is not None:
        rows = rows.filter(point__in=DisagreementPoint.objects.filter(topics__slug=topic))
    if source is not None:
        rows = rows.filter(point__in=DisagreementPoint.objects.filter(positions__source__slug=source))
    rows = rows.order_by("point__slug", "position", "id", "quotes__position", "quotes__id").values(
        "id", "claim", "source_id", "withheld", "point_id", "point__slug", "point__question", "point__stakes",
        "quotes__quote", "quotes__passage__anchor", "quotes__passage__text",
    )  # fmt: skip
    sources = list(Source.objects.order_by("position", "slug"))
    by_id = {s.pk: s for s in sources}
    points: dict[int, PointOnMap] = {}
    positions: dict[int, PositionOnMap] = {}
    for row in rows:
        point = points.get(row["point_id"])
        if point is None:
            point = points[row["point_id"]] = PointOnMap(
                slug=row["point__slug"], question=row["point__question"], stakes=row["point__stakes"],
                withheld=row["withheld"],
            )  # fmt: skip
        if point.withheld:
            continue
        position = positions.get(row["id"])
        if position is None:
            position = positions[row["id"]] = PositionOnMap(source=by_id[row["source_id"]], claim=row["claim"])
            point.positions.append(position)
        if row["quotes__quote"] is not None:
            position.quotes.append(
                {
                    "quote": row["quotes__quote"],
                    "passage": row["quotes__passage__anchor"],
                    "passage_opening": opening_words(row["quotes__passage__text"] or ""),
                }
            )
    for point in points.values():
        if point.withheld:
            point.stakes = ""
        else:
            point.silent = silent_sources(speaking={p.source.pk for p in point.positions}, sources=sources)
            point.cells = [
                {"source": s, "positions": [p for p in point.positions if p.source.pk == s.pk]} for s in sources
            ]
    for link in DisagreementPoint.topics.through.objects.filter(disagreementpoint_id__in=points).select_related(
        "topic"
    ):
        points[link.disagreementpoint_id].topics.append(link.topic)
    for point in points.values():
        point.topics.sort(key=lambda t: (t.position, t.name))
    for reviewed in reviewable_questions(viewer=viewer, now=now, point_ids=list(points)):
        point = points[reviewed.pop("point_id")]
        if not point.withheld:
            point.reviewable.append(reviewed)
    # By topic, in the taxonomy's order (a point under its first topic), then by the point's words.
    ordered = sorted(
        points.values(),
        key=lambda p: ((p.topics[0].position, p.topics[0].name) if p.topics else (1000, ""), p.question),
    )
    return DisagreementMap(sources=sources, points=ordered)


def reviewable_questions(*, viewer, now: datetime, point_ids: list[int]) -> list[dict]:
    """The published questions on these points whose key the viewer may review now, each with where: the latest
    attempt of theirs that shows it (one query; none for a visitor)."""
    if not secrecy.takes_quizzes(viewer) or not point_ids:
        return []
    responses = (
        secrecy.revealed_responses(student=viewer, now=now)
        .filter(question__disagreement_id__in=point_ids, question__status=Question.Status.PUBLISHED)
        .order_by("question__slug", "-attempt__submitted_at", "-attempt_id")
        .values(
            "question_id",
            "question__slug",
            "question__prompt",
            "question__disagreement_id",
            "attempt_id",
            "slot__position",
        )  # fmt: skip
    )
    found: dict[int, dict] = {}
    for row in responses:
        found.setdefault(
            row["question_id"],
            {
                "point_id": row["question__disagreement_id"],
                "slug": row["question__slug"],
                "prompt": row["question__prompt"],
                "attempt_id": row["attempt_id"],
                "number": row["slot__position"],
            },
        )
    return list(found.values())


def passage_points(*, source: Source, viewer, now: datetime) -> dict[int, list[dict]]:
    """For the source reader: the points each passage of the source takes a side on, by passage id ({slug,
    question}); points withheld from the viewer are left out. One query."""
    marks: dict[int, list[dict]] = {}
    rows = (
        PositionQuote.objects.filter(source=source, passage__isnull=False)
        .annotate(withheld=secrecy.point_withheld(student=viewer, now=now, point_ref="source_position__point"))
        .filter(withheld=False)
        .order_by("passage_id", "source_position__point__slug")
        .values("passage_id", "source_position__point__slug", "source_position__point__question")
        .distinct()
    )
    for row in rows:
        marks.setdefault(row["passage_id"], []).append(
            {"slug": row["source_position__point__slug"], "question": row["source_position__point__question"]}
        )
    return marks

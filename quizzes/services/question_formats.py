"""Questions in and out through Moodle XML, QTI 1.2 (Canvas), GIFT and CSV: what to export, and an import that
reads, checks with the bank's rules, previews, and creates only the valid questions, as drafts."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from quizzes.errors import BankError
from quizzes.models import Question, Quiz, Source, Topic
from quizzes.services.authoring import bank_context
from quizzes.services.bank import (
    BankProblem,
    Entry,
    KindReport,
    apply_question,
    export_question_with_entries,
    passages_by_anchor,
    questions_for_export,
    validate_question,
)
from quizzes.services.formats import FILE_TYPES, FORMATS
from quizzes.services.formats.common import MAX_FILE_BYTES, FormatError, LeftOut, Written, local_name, parse_xml


@dataclass
class ExportedFile:
    """An exported file: its bytes, a file name, a content type, and the questions the format could not hold."""

    content: bytes
    file_name: str
    content_type: str
    left_out: list[LeftOut]
    exported: int


@dataclass
class QuestionsImport:
    """What a file holds: the questions that would be (or were) created, their points, and every problem."""

    file_name: str
    format_name: str
    questions: list[dict] = field(default_factory=list)
    points: dict[str, int] = field(default_factory=dict)
    problems: list[BankProblem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)


def selected_questions(*, quiz: Quiz | None = None, topic: Topic | None = None, slugs=None):
    """Return (bank entries, points by id): a quiz's questions in its order with its points, a topic's (with
    its subtopics), the given ids, or the whole bank."""
    questions = questions_for_export()
    points: dict[str, int] = {}
    if quiz is not None:
        links = list(quiz.quiz_questions.select_related("question").order_by("position"))
        by_id = {q.pk: q for q in questions.filter(pk__in=[link.question_id for link in links])}
        points = {link.question.slug: link.points for link in links}
        return [export_question_with_entries(by_id[link.question_id]) for link in links], points
    if topic is not None:
        topic_ids, pending = {topic.pk}, [topic.pk]
        while pending:
            children = list(Topic.objects.filter(parent_id__in=pending).values_list("pk", flat=True))
            pending = [pk for pk in children if pk not in topic_ids]
            topic_ids.update(pending)
        questions = questions.filter(topics__in=topic_ids).distinct()
    if slugs is not None:
        questions = questions.filter(slug__in=list(slugs))
    return [export_question_with_entries(question) for question in questions.order_by("slug")], points


def export_questions_file(
    *, questions: list[dict], points: dict[str, int], format_name: str, site_url: str, title: str
) -> ExportedFile:
    """Return the questions written in the format; raise KeyError for an unknown format."""
    writer = FORMATS[format_name]
    sources = {source.slug: source for source in Source.objects.defer("text").prefetch_related("passages")}
    written: Written = writer.write(questions=questions, points=points, sources=sources, site_url=site_url, title=title)
    extension, content_type = FILE_TYPES[format_name]
    return ExportedFile(
        content=written.content,
        file_name=f"{title}.{extension}",
        content_type=content_type,
        left_out=written.left_out,
        exported=len(questions) - len(written.left_out),
    )


def detect_format(*, content: bytes, file_name: str) -> str:
    """Return the format of an uploaded file from its name (and, for XML, its root element)."""
    name = file_name.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".gift", ".txt")):
        return "gift"
    if name.endswith(".zip") or content.startswith(b"PK\x03\x04"):
        return "qti12"
    if name.endswith(".xml"):
        root = local_name(parse_xml(content, file_name=file_name))
        if root == "quiz":
            return "moodle-xml"
        if root == "questestinterop":
            return "qti12"
        raise FormatError(f"{file_name}: an XML file that is neither Moodle XML (<quiz>) nor QTI (<questestinterop>)")
    raise FormatError(f"{file_name}: unknown kind of file; use .xml (Moodle or QTI), .zip (QTI), .gift/.txt or .csv")


def read_questions_file(*, content: bytes, file_name: str, format_name: str | None = None) -> QuestionsImport:
    """Return what importing the file would create and every problem (changing nothing); raise FormatError when
    the file cannot be read at all (too large, hostile, not its format)."""
    if len(content) > MAX_FILE_BYTES:
        raise FormatError(f"{file_name}: refused: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    format_name = format_name or detect_format(content=content, file_name=file_name)
    read = FORMATS[format_name].read(content=content, file_name=file_name)
    result = QuestionsImport(file_name=file_name, format_name=format_name, problems=list(read.problems))
    context = bank_context()
    taken = set(Question.objects.filter(slug__in=[q["id"] for q in read.questions]).values_list("slug", flat=True))
    seen: dict[str, str] = {}
    for entry in read.questions:
        unknown = [slug for slug in entry["topics"] if slug not in context["topic_slugs"]]
        if unknown:
            entry["topics"] = [slug for slug in entry["topics"] if slug not in unknown]
            result.problems.append(
                BankProblem(file_name, entry["id"], f"unknown topic(s) {', '.join(unknown)} left out")
            )
        if entry["id"] in taken:
            result.problems.append(
                BankProblem(file_name, entry["id"], "not imported: a question with this id exists already")
            )
            continue
        found = validate_question(Entry(file=file_name, data=entry), seen_ids=seen, **context)
        if found:
            result.problems += [
                BankProblem(problem.file, problem.item, f"not imported: {problem.message}") for problem in found
            ]
            continue
        result.questions.append(entry)
        result.points[entry["id"]] = read.points.get(entry["id"], 1)
    return result


def import_questions_file(*, content: bytes, file_name: str, author, format_name: str | None = None) -> QuestionsImport:
    """Create the file's valid questions as drafts, all or none, and return them with every problem; raise
    FormatError for an unreadable file and BankError when no question could be imported."""
    result = read_questions_file(content=content, file_name=file_name, format_name=format_name)
    if not result.questions:
        raise BankError(result.problems or [BankProblem(file_name, "-", "the file holds no question")])
    sources = {source.slug: source for source in Source.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    report = KindReport()
    passages = passages_by_anchor()
    try:
        with transaction.atomic():
            for entry in result.questions:
                apply_question(entry, None, sources, topics, report, passages)
            Question.objects.filter(slug__in=report.created).update(author=author)
    except IntegrityError as error:
        # Another import created one of these ids since the check: nothing of this one is kept.
        raise BankError([BankProblem(file_name, "-", "a question id was taken meanwhile; import again")]) from error
    result.created = report.created
    return result

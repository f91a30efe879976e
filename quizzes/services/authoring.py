"""Writing questions of the bank from outside the bank files (the API and the admin), with the bank's own checks."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max

from quizzes.errors import BankError
from quizzes.models import Question, Quiz, QuizQuestion, Source, Topic
from quizzes.services.bank import (
    BankProblem,
    Entry,
    KindReport,
    apply_question,
    export_point,
    export_question,
    points_for_export,
    questions_for_export,
    type_change_problems,
    validate_question,
)

ENTRY_FILE = "api"


def check_question_entry(*, data: dict, is_new: bool) -> list[BankProblem]:
    """Return every problem of a bank entry (as load_bank and the admin word them); fills in passage anchors."""
    sources = {source.slug: source for source in Source.objects.prefetch_related("passages")}
    passages_by_source = {slug: list(source.passages.all()) for slug, source in sources.items()}
    topic_slugs = set(Topic.objects.values_list("slug", flat=True))
    problems = validate_question(
        Entry(file=ENTRY_FILE, data=data), sources=sources, passages_by_source=passages_by_source,
        topic_slugs=topic_slugs, seen_ids={},
    )  # fmt: skip
    if not is_new:
        problems += type_change_problems([Entry(file=ENTRY_FILE, data=data)])
    if is_new and Question.objects.filter(slug=data.get("id")).exists():
        problems.append(BankProblem(ENTRY_FILE, str(data.get("id")), "id is already used by another question"))
    return problems


def save_question_entry(*, data: dict, existing: Question | None, author) -> Question:
    """Create or replace a question from a bank entry; raise BankError listing every problem, saving nothing."""
    problems = check_question_entry(data=data, is_new=existing is None)
    if problems:
        raise BankError(problems)
    sources = {source.slug: source for source in Source.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    try:
        with transaction.atomic():
            apply_question(data, existing, sources, topics, KindReport(), author=author)
            if existing is None:
                Question.objects.filter(slug=data["id"]).update(author=author)
    except IntegrityError as error:
        # Two requests created the same id at once: the loser is told, as if it had been checked above.
        raise BankError([BankProblem(ENTRY_FILE, data["id"], "id is already used by another question")]) from error
    return questions_for_export().get(slug=data["id"])


# Teachers' operations on several questions at once (the admin's bulk actions) ------------------------------


@dataclass
class BulkOutcome:
    """What a bulk operation did: the slugs it changed, and each refused slug with the reason."""

    done: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


def bank_context() -> dict:
    """What validate_question needs, read once for many questions."""
    sources = {source.slug: source for source in Source.objects.prefetch_related("passages")}
    return {
        "sources": sources,
        "passages_by_source": {slug: list(source.passages.all()) for slug, source in sources.items()},
        "topic_slugs": set(Topic.objects.values_list("slug", flat=True)),
    }


def stored_question_problems(*, question: Question, context: dict, status: str | None = None) -> list[BankProblem]:
    """Return what the bank's checks find wrong with a stored question (optionally as if it had this status)."""
    entry = export_question(question)
    if status:
        entry["status"] = status
    return validate_question(Entry(file="admin", data=entry), seen_ids={}, **context)


def publish_questions(*, questions) -> BulkOutcome:
    """Publish each question that passes the bank's checks; the others are refused with their first problem."""
    outcome = BulkOutcome()
    context = bank_context()
    for question in questions_for_export().filter(pk__in=[q.pk for q in questions]):
        if question.is_published:
            continue
        problems = stored_question_problems(question=question, context=context, status=Question.Status.PUBLISHED)
        if problems:
            outcome.refused[question.slug] = problems[0].message
            continue
        question.status = Question.Status.PUBLISHED
        question.save(update_fields=["status", "updated_at"])
        outcome.done.append(question.slug)
    return outcome


def unpublish_questions(*, questions) -> BulkOutcome:
    """Return questions to draft, except those in a published quiz (students would meet a draft question)."""
    outcome = BulkOutcome()
    in_published_quiz = dict(
        QuizQuestion.objects.filter(quiz__status=Quiz.Status.PUBLISHED, question__in=questions).values_list(
            "question_id", "quiz__slug"
        )
    )
    for question in questions:
        if not question.is_published:
            continue
        if question.pk in in_published_quiz:
            outcome.refused[question.slug] = f"it is in the published quiz {in_published_quiz[question.pk]!r}"
            continue
        question.status = Question.Status.DRAFT
        question.save(update_fields=["status", "updated_at"])
        outcome.done.append(question.slug)
    return outcome


def free_copy_slug(slug: str) -> str:
    taken = set(Question.objects.filter(slug__startswith=slug[:80]).values_list("slug", flat=True))
    base = f"{slug[:80]}-copy"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def duplicate_question(*, question: Question, author) -> Question:
    """Return a draft copy of the question (answer key, citations, disagreements, topics) under a new slug."""
    original = questions_for_export().get(pk=question.pk)
    entry = export_question(original)
    entry.update(id=free_copy_slug(original.slug), status=Question.Status.DRAFT)
    return save_question_entry(data=entry, existing=None, author=author)


@transaction.atomic
def add_questions_to_quiz(*, quiz: Quiz, questions) -> BulkOutcome:
    """Append the questions to the quiz in the given order; those already in it, or drafts for a published quiz,
    are refused."""
    outcome = BulkOutcome()
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    present = set(quiz.quiz_questions.values_list("question_id", flat=True))
    last = quiz.quiz_questions.aggregate(last=Max("position"))["last"] or 0
    for question in questions:
        if question.pk in present:
            outcome.refused[question.slug] = "it is already in the quiz"
        elif quiz.status == Quiz.Status.PUBLISHED and not question.is_published:
            outcome.refused[question.slug] = "it is a draft and the quiz is published"
        else:
            last += 1
            QuizQuestion.objects.create(quiz=quiz, question=question, position=last)
            outcome.done.append(question.slug)
    return outcome


def export_questions_document(*, questions) -> dict:
    """Return the questions as a bank document (with the topics they are filed under) that load_bank accepts."""
    exported = [export_question(q) for q in questions_for_export().filter(pk__in=[q.pk for q in questions])]
    linked = {entry["disagreement"] for entry in exported if entry.get("disagreement")}
    points = [export_point(point) for point in points_for_export().filter(slug__in=linked)]
    wanted = {slug for entry in (*exported, *points) for slug in entry["topics"]}
    topics = {topic.slug: topic for topic in Topic.objects.select_related("parent")}
    pending = list(wanted)
    while pending:
        parent = topics[pending.pop()].parent
        if parent is not None and parent.slug not in wanted:
            wanted.add(parent.slug)
            pending.append(parent.slug)
    return {
        "format": "quizsite-bank/1",
        "topics": [
            {
                "slug": t.slug,
                "name": t.name,
                "description": t.description,
                "parent": t.parent.slug if t.parent else None,
            }
            for t in topics.values()
            if t.slug in wanted
        ],
        "points": points,
        "questions": exported,
    }

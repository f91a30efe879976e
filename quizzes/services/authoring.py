"""Writing one question of the bank from outside the bank files (the API), with the bank's own checks."""

from django.db import IntegrityError, transaction

from quizzes.errors import BankError
from quizzes.models import Question, Source, Topic
from quizzes.services.bank import (
    BankProblem,
    Entry,
    KindReport,
    apply_question,
    questions_for_export,
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
            apply_question(data, existing, sources, topics, KindReport())
            if existing is None:
                Question.objects.filter(slug=data["id"]).update(author=author)
    except IntegrityError as error:
        # Two requests created the same id at once: the loser is told, as if it had been checked above.
        raise BankError([BankProblem(ENTRY_FILE, data["id"], "id is already used by another question")]) from error
    return questions_for_export().get(slug=data["id"])

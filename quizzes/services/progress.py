"""A student's progress: attempts per quiz, mastery per topic and per source, and history.

Mastery of a topic (or source) is the mean credit of the student's latest graded answer to each published
question filed under that topic (or citing that source), counted only once at least MASTERY_MIN_QUESTIONS
such questions have been answered, and only answers whose review shows their key now (services.secrecy);
coverage is the share of those questions answered at all. Levels: "mastered" at 80% or more, "getting there"
from 50%, else "needs work".
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max

from quizzes.models import Attempt, Citation, Question, Quiz, Source, Topic
from quizzes.services import secrecy
from quizzes.services.attempts import attempt_percent, attempts_left

MASTERY_MIN_QUESTIONS = 3
MASTERED_AT = 0.8
GETTING_THERE_AT = 0.5


@dataclass
class QuizProgress:
    quiz: Quiz
    attempts_used: int
    attempts_left: int | None
    best_percent: float | None
    last_submitted_at: datetime | None


@dataclass
class Mastery:
    slug: str
    name: str
    questions_total: int
    questions_answered: int
    mean_credit: float | None

    @property
    def coverage(self) -> float:
        return self.questions_answered / self.questions_total if self.questions_total else 0.0

    @property
    def percent(self) -> float | None:
        return None if self.mean_credit is None else round(self.mean_credit * 100, 1)

    @property
    def is_measured(self) -> bool:
        """Whether enough questions are answered for a level: below that, no figure is shown or drawn."""
        return self.mean_credit is not None and self.questions_answered >= MASTERY_MIN_QUESTIONS

    @property
    def level(self) -> str:
        if not self.is_measured:
            return "not enough answers yet"
        if self.mean_credit >= MASTERED_AT:
            return "mastered"
        if self.mean_credit >= GETTING_THERE_AT:
            return "getting there"
        return "needs work"


@dataclass
class HistoryEntry:
    attempt_id: int
    quiz_title: str
    number: int
    submitted_at: datetime
    percent: float
    passed: bool


@dataclass
class Progress:
    quizzes: list[QuizProgress] = field(default_factory=list)
    topics: list[Mastery] = field(default_factory=list)
    sources: list[Mastery] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)


def latest_credit_by_question(*, student, now: datetime) -> dict[int, float]:
    """The credit of the student's latest graded answer to each question, counting only answers whose review
    shows their key now (see services.secrecy): a credit seen earlier would tell which answers were wrong."""
    latest: dict[int, float] = {}
    graded = (
        secrecy.revealed_responses(student=student, now=now)
        .filter(credit__isnull=False)
        .order_by("attempt__submitted_at", "id")
        .values_list("question_id", "credit")
    )
    for question_id, credit in graded:
        latest[question_id] = credit
    return latest


def mastery_rows(groups: list[tuple[str, str, set[int]]], latest: dict[int, float]) -> list[Mastery]:
    rows = []
    for slug, name, question_ids in groups:
        credits = [latest[question_id] for question_id in question_ids if question_id in latest]
        rows.append(
            Mastery(
                slug=slug,
                name=name,
                questions_total=len(question_ids),
                questions_answered=len(credits),
                mean_credit=sum(credits) / len(credits) if len(credits) >= MASTERY_MIN_QUESTIONS else None,
            )
        )
    return rows


def student_progress(*, student, now: datetime) -> Progress:
    """Return the student's progress; a fixed number of queries whatever the number of attempts. Scores count
    (history, best) only once the attempt's review is allowed: before an after-close quiz closes, a score would
    tell how many answers were right."""
    progress = Progress()
    submitted = [
        attempt
        for attempt in Attempt.objects.filter(student=student, submitted_at__isnull=False)
        .select_related("quiz")
        .order_by("submitted_at")
        if secrecy.review_allowed(attempt=attempt, now=now)
    ]
    progress.history = [
        HistoryEntry(
            attempt_id=attempt.pk,
            quiz_title=attempt.quiz.title,
            number=attempt.number,
            submitted_at=attempt.submitted_at,
            percent=attempt_percent(attempt),
            passed=bool(attempt.passed),
        )
        for attempt in submitted
    ]
    used_by_quiz = dict(
        Attempt.objects.filter(student=student).values("quiz_id").annotate(n=Count("id")).values_list("quiz_id", "n")
    )
    last_by_quiz = dict(
        Attempt.objects.filter(student=student, submitted_at__isnull=False)
        .values("quiz_id")
        .annotate(last=Max("submitted_at"))
        .values_list("quiz_id", "last")
    )
    best_by_quiz: dict[int, float] = {}
    for entry, attempt in zip(progress.history, submitted, strict=True):
        best_by_quiz[attempt.quiz_id] = max(best_by_quiz.get(attempt.quiz_id, 0.0), entry.percent)
    quizzes = Quiz.objects.filter(status=Quiz.Status.PUBLISHED) | Quiz.objects.filter(pk__in=used_by_quiz.keys())
    for quiz in quizzes.distinct().order_by("title"):
        used = used_by_quiz.get(quiz.pk, 0)
        progress.quizzes.append(
            QuizProgress(
                quiz=quiz,
                attempts_used=used,
                attempts_left=attempts_left(quiz=quiz, used=used),
                best_percent=best_by_quiz.get(quiz.pk),
                last_submitted_at=last_by_quiz.get(quiz.pk),
            )
        )

    latest = latest_credit_by_question(student=student, now=now)
    published = Question.objects.filter(status=Question.Status.PUBLISHED)
    questions_by_topic: dict[int, set[int]] = {}
    for topic_id, question_id in Question.topics.through.objects.filter(question__in=published).values_list(
        "topic_id", "question_id"
    ):
        questions_by_topic.setdefault(topic_id, set()).add(question_id)
    progress.topics = mastery_rows(
        [(t.slug, t.name, questions_by_topic.get(t.pk, set())) for t in Topic.objects.order_by("position", "name")],
        latest,
    )
    questions_by_source: dict[int, set[int]] = {}
    for source_id, question_id in Citation.objects.filter(question__in=published).values_list(
        "source_id", "question_id"
    ):
        questions_by_source.setdefault(source_id, set()).add(question_id)
    progress.sources = mastery_rows(
        [(s.slug, s.display_name, questions_by_source.get(s.pk, set())) for s in Source.objects.order_by("position")],
        latest,
    )
    return progress

"""A teacher's view of the class: per quiz, per question and per student, from the submitted attempts.

Definitions (also shown on the dashboard):
- An attempt's score is its percentage of the maximum score (attempts.attempt_percent, computed here by the
  database with the same rounding: ATTEMPT_PERCENT).
- Facility of a question: the share of submitted attempts in which it earned full credit (an unanswered question
  earns none). Mean credit is shown beside it, as partial credit exists.
- Discrimination: the upper-lower index D = (mean credit in the upper group) - (mean credit in the lower group),
  the groups being the 27% best and the 27% worst attempts by score (at least one attempt each; ties are broken
  by submission order). It runs from -1 to 1; below 0.2 the question separates strong from weak attempts poorly.
  It needs at least two attempts.

Everything is aggregated by the database (counts, sums, window ranks); Python sees one row per quiz, question,
distinct answer or student shown, never a row per response.
"""

import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    FloatField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Round, RowNumber

from quizzes.models import Attempt, AttemptSlot, Question, QuestionVersion, Quiz, Response
from quizzes.services.presentation import describe_answer
from quizzes.services.versions import CHOICE_TYPES, QuestionContent, content_of

User = get_user_model()

GROUP_SHARE = 0.27
DISTRIBUTION_BINS = 10
MAX_DISTINCT_ANSWERS = 8
STUDENTS_PER_PAGE = 50
EXPORT_CHUNK = 2000
# What the per-question statistics group responses by: the question version the attempt's slot showed, so the
# statistics follow what was asked (an edited question is two rows, one per version drawn).
ITEM_KEY = "slot__version_id"

# attempts.attempt_percent as a database expression: half-up to one decimal, 0 when the maximum is 0. The division
# is in floating point because SQLite stores whole decimals as integers and would divide them as integers;
# PostgreSQL rounds the quotient as a numeric of 15 digits, which rounds as the exact decimal does.
ATTEMPT_PERCENT = Coalesce(
    Round(Cast("score", FloatField()) * 100.0 / Cast(NullIf(F("max_score"), Value(Decimal(0))), FloatField()), 1),
    Value(0.0),
    output_field=FloatField(),
)


@dataclass
class AnswerCount:
    label: str
    count: int
    is_correct: bool = False


@dataclass
class AnswerGroup:
    """One distinct answer to a question: how many responses gave it, how many earned full credit, and the credit
    they earned in all, in the upper group and in the lower group of attempts."""

    answer: object
    count: int
    full_credit_count: int
    credit: float
    upper_credit: float
    lower_credit: float


@dataclass
class QuestionStats:
    number: int
    question: Question
    version: int
    prompt: str
    drawn: int
    answered: int
    facility: float | None
    mean_credit: float | None
    discrimination: float | None
    answers: list[AnswerCount] = field(default_factory=list)


@dataclass
class StudentRow:
    username: str
    attempts: int
    best_percent: float | None
    latest_percent: float | None
    last_submitted_at: datetime | None


@dataclass
class QuizSummary:
    quiz: Quiz
    attempts: int
    mean_percent: float | None
    median_percent: float | None


@dataclass
class QuizResults:
    summary: QuizSummary
    distribution: list[tuple[str, int]]
    questions: list[QuestionStats]
    students: list[StudentRow]
    page: Page
    search: str


def submitted_attempts(*, quizzes, students) -> QuerySet:
    """The submitted attempts at these quizzes by these students, each annotated with its `percent`."""
    return Attempt.objects.filter(
        quiz__in=quizzes, student__in=students.values("pk"), submitted_at__isnull=False
    ).annotate(percent=ATTEMPT_PERCENT)


def percent_counts(*, quizzes, students) -> dict[int, list[tuple[float, int]]]:
    """Per quiz id: each percent scored (one decimal, so at most 1,001 values) with its number of attempts,
    lowest first; counts, means, medians and the distribution all follow from these rows, in one query."""
    rows = (
        submitted_attempts(quizzes=quizzes, students=students)
        .order_by()
        .values_list("quiz_id", "percent")
        .annotate(count=Count("id"))
    )
    counted: dict[int, list[tuple[float, int]]] = {}
    for quiz_id, percent, count in rows:
        counted.setdefault(quiz_id, []).append((percent, count))
    return {quiz_id: sorted(pairs) for quiz_id, pairs in counted.items()}


def median_of_counted(pairs: list[tuple[float, int]], total: int) -> float:
    """statistics.median of the `total` values the (value, count) pairs describe, in ascending order."""
    lower_place, upper_place = (total - 1) // 2, total // 2
    lower, seen = None, 0
    for value, count in pairs:
        if lower is None and lower_place < seen + count:
            lower = value
        if upper_place < seen + count:
            return (lower + value) / 2
        seen += count
    raise ValueError("the counts add up to less than the total")


def summary_of(quiz: Quiz, counted: dict[int, list[tuple[float, int]]]) -> QuizSummary:
    pairs = counted.get(quiz.pk, [])
    total = sum(count for _, count in pairs)
    if not total:
        return QuizSummary(quiz=quiz, attempts=0, mean_percent=None, median_percent=None)
    # Exact, as statistics.mean is over the same values, so the rounding below agrees with it.
    mean = float(sum(Fraction(percent) * count for percent, count in pairs) / total)
    return QuizSummary(
        quiz=quiz,
        attempts=total,
        mean_percent=round(mean, 1),
        median_percent=round(median_of_counted(pairs, total), 1),
    )


def score_distribution(pairs: list[tuple[float, int]]) -> list[tuple[str, int]]:
    """Attempts per band of ten points: 0-9, 10-19, ..., 90-100 (100 falls in the last band)."""
    counts = [0] * DISTRIBUTION_BINS
    for percent, count in pairs:
        counts[min(int(percent // 10), DISTRIBUTION_BINS - 1)] += count
    labels = [f"{low}–{low + 9}%" for low in range(0, 90, 10)] + ["90–100%"]
    return list(zip(labels, counts, strict=True))


def group_size(attempts: int) -> int:
    """How many attempts make each of the upper and lower groups: 27% of them, at least one."""
    return max(1, round(attempts * GROUP_SHARE))


def discrimination_index(*, upper_credit: float, lower_credit: float, attempts: int) -> float | None:
    """D for one question, given its total credit in the upper and in the lower group of these many attempts."""
    if attempts < 2:
        return None
    group = group_size(attempts)
    return round(upper_credit / group - lower_credit / group, 2)


def ranked_attempt_ids(attempts: QuerySet, *, best: bool, count: int) -> QuerySet:
    """The ids of the `count` best (or worst) attempts by percent, ties broken by submission order."""
    if best:
        order = [F("percent").desc(), F("submitted_at").asc(), F("id").asc()]
    else:
        order = [F("percent").asc(), F("submitted_at").desc(), F("id").desc()]
    return attempts.annotate(rank=Window(RowNumber(), order_by=order)).filter(rank__lte=count).values("id")


def response_groups(*, quiz: Quiz, students, attempts: int) -> dict[int, list[AnswerGroup]]:
    """Per item key: each distinct answer given, with its count, full-credit count, total credit and its total
    credit in the upper and in the lower group of attempts; one grouped query."""
    scope = submitted_attempts(quizzes=[quiz], students=students)
    group = group_size(attempts)
    credit = Coalesce("credit", Value(0.0))
    rows = (
        Response.objects.filter(attempt__in=scope.values("id"))
        .order_by()
        .values(ITEM_KEY, "answer")
        .annotate(
            count=Count("id"),
            full=Count("id", filter=Q(credit=1)),
            total=Sum(credit),
            upper=Sum(credit, filter=Q(attempt_id__in=ranked_attempt_ids(scope, best=True, count=group))),
            lower=Sum(credit, filter=Q(attempt_id__in=ranked_attempt_ids(scope, best=False, count=group))),
        )
    )
    groups: dict[int, list[AnswerGroup]] = {}
    for row in rows:
        groups.setdefault(row[ITEM_KEY], []).append(
            AnswerGroup(
                row["answer"], row["count"], row["full"], row["total"], row["upper"] or 0.0, row["lower"] or 0.0
            )
        )
    return groups


def versions_drawn(*, quiz: Quiz, students) -> list[tuple[QuestionVersion, int]]:
    """Each question version the submitted attempts showed, with the number of attempts that drew it, in the
    order of the places they were shown at (pools and shuffles included); two queries."""
    rows = (
        AttemptSlot.objects.filter(attempt__in=submitted_attempts(quizzes=[quiz], students=students).values("id"))
        .order_by()
        .values("version_id")
        .annotate(drawn=Count("id"), place=Min("position"))
    )
    drawn = {row["version_id"]: (row["place"], row["drawn"]) for row in rows}
    versions = QuestionVersion.objects.select_related("question").in_bulk(list(drawn))
    ordered = sorted(drawn, key=lambda pk: (drawn[pk][0], versions[pk].question.slug, versions[pk].number))
    return [(versions[pk], drawn[pk][1]) for pk in ordered]


def question_statistics(*, quiz: Quiz, students, attempts: int) -> list[QuestionStats]:
    """Per question version the attempts drew, in the order shown: facility, mean credit, D (over the attempts
    that drew it) and the answers given, read by that version."""
    groups_by_item = response_groups(quiz=quiz, students=students, attempts=attempts)
    questions = []
    for number, (version, drawn) in enumerate(versions_drawn(quiz=quiz, students=students), start=1):
        groups = groups_by_item.get(version.pk, [])
        content = content_of(version, slug=version.question.slug)
        questions.append(
            QuestionStats(
                number=number,
                question=version.question,
                version=version.number,
                prompt=version.shown["prompt"],
                drawn=drawn,
                answered=sum(group.count for group in groups),
                facility=round(sum(g.full_credit_count for g in groups) / drawn, 2) if drawn else None,
                mean_credit=round(sum(g.credit for g in groups) / drawn, 2) if drawn else None,
                discrimination=discrimination_index(
                    upper_credit=sum(g.upper_credit for g in groups),
                    lower_credit=sum(g.lower_credit for g in groups),
                    attempts=drawn,
                ),
                answers=answer_counts(content, groups, drawn),
            )
        )
    return questions


def answer_counts(content: QuestionContent, groups: list[AnswerGroup], attempts: int) -> list[AnswerCount]:
    if content.type in CHOICE_TYPES:
        chosen = Counter()
        for group in groups:
            keys = group.answer if isinstance(group.answer, list) else [group.answer]
            for key in keys:
                chosen[str(key)] += group.count
        correct = set(content.key["correct"])
        counts = [
            AnswerCount(option["text"], chosen[option["key"]], option["key"] in correct)
            for option in content.shown["options"]
        ]
    elif content.type in (Question.Type.ORDERING, Question.Type.MATCHING):
        # A whole order or set of matches is a paragraph and rarely repeats: count each item's places instead.
        counts = item_counts(content, groups)
    else:
        described = Counter()
        correct = set()
        for group in groups:
            label = "; ".join(describe_answer(content, group.answer)) or "(empty)"
            described[label] += group.count
            if group.full_credit_count:
                correct.add(label)
        common = described.most_common(MAX_DISTINCT_ANSWERS)
        counts = [AnswerCount(label, count, label in correct) for label, count in common]
        rest = sum(described.values()) - sum(count for _, count in common)
        if rest:
            counts.append(AnswerCount("(other answers)", rest))
    counts.append(AnswerCount("(no answer)", attempts - sum(group.count for group in groups)))
    return counts


def item_counts(content: QuestionContent, groups: list[AnswerGroup]) -> list[AnswerCount]:
    """For ordering and matching: per item, how many responses put it in each place, or matched it with each right
    item; the right place or pairing first (marked correct, counted even when nobody chose it), then the wrong ones
    that were chosen, most frequent first."""
    if content.type == Question.Type.ORDERING:
        text_by_key = {item["key"]: item["text"] for item in content.shown["items"]}
        places: dict[str, Counter] = {}
        for group in groups:
            for place, key in enumerate(group.answer if isinstance(group.answer, list) else [], start=1):
                places.setdefault(key, Counter())[place] += group.count
        counts = []
        for right_place, key in enumerate(content.key["order"], start=1):
            chosen, text = places.get(key, Counter()), text_by_key[key]
            counts.append(AnswerCount(f"“{text}” in place {right_place}", chosen[right_place], is_correct=True))
            counts += [
                AnswerCount(f"“{text}” in place {place}", count)
                for place, count in sorted(chosen.items(), key=lambda item: (-item[1], item[0]))
                if place != right_place
            ]
        return counts
    right_by_key = {right["key"]: right["text"] for right in content.shown["right"]}
    matches: dict[str, Counter] = {}
    for group in groups:
        for left_key, right_key in (group.answer if isinstance(group.answer, dict) else {}).items():
            matches.setdefault(left_key, Counter())[right_key] += group.count
    counts = []
    for left in content.shown["left"]:
        partner = content.key["pairs"][left["key"]]
        chosen = matches.get(left["key"], Counter())
        counts.append(AnswerCount(f"{left['text']} → {right_by_key[partner]}", chosen[partner], is_correct=True))
        counts += [
            AnswerCount(f"{left['text']} → {right_by_key.get(right_key, '?')}", count)
            for right_key, count in sorted(chosen.items(), key=lambda item: (-item[1], right_by_key.get(item[0], "")))
            if right_key != partner
        ]
    return counts


def student_list(*, students, search: str = "") -> QuerySet:
    """The students by username, those whose username or name contains `search` when it is given."""
    listed = User.objects.filter(pk__in=students.values("pk"))
    if search:
        listed = listed.filter(
            Q(username__icontains=search) | Q(first_name__icontains=search) | Q(last_name__icontains=search)
        )
    return listed.order_by("username").only("id", "username")


def student_page(*, students, search: str, page_number) -> Page:
    """One page of the (searched) student list; a page number out of range gives the last page."""
    return Paginator(student_list(students=students, search=search), STUDENTS_PER_PAGE).get_page(page_number)


def latest_attempts(*, quiz: Quiz, students) -> dict[int, dict]:
    """Per student id: their latest submitted attempt at the quiz (percent, submitted_at), with their number of
    attempts and best percent; one window query."""
    latest = (
        submitted_attempts(quizzes=[quiz], students=students)
        .annotate(
            recency=Window(
                RowNumber(), partition_by=[F("student_id")], order_by=[F("submitted_at").desc(), F("id").desc()]
            ),
            own_attempts=Window(Count("id"), partition_by=[F("student_id")]),
            best=Window(Max("percent"), partition_by=[F("student_id")]),
        )
        .filter(recency=1)
        .values("student_id", "own_attempts", "best", "percent", "submitted_at")
    )
    return {row["student_id"]: row for row in latest}


def student_row(student, latest: dict | None) -> StudentRow:
    return StudentRow(
        username=student.username,
        attempts=latest["own_attempts"] if latest else 0,
        best_percent=latest["best"] if latest else None,
        latest_percent=latest["percent"] if latest else None,
        last_submitted_at=latest["submitted_at"] if latest else None,
    )


def quiz_student_rows(*, quiz: Quiz, students: Iterable) -> list[StudentRow]:
    """For these students (model instances, in order): attempts, best and latest percent and last submission."""
    students = list(students)
    latest = latest_attempts(quiz=quiz, students=User.objects.filter(pk__in=[student.pk for student in students]))
    return [student_row(student, latest.get(student.pk)) for student in students]


def iter_quiz_student_rows(*, quiz: Quiz, students) -> Iterator[StudentRow]:
    """Every student's row for the quiz, by username, the students read EXPORT_CHUNK at a time (streamed exports);
    two queries whatever the class size."""
    latest = latest_attempts(quiz=quiz, students=students)
    for student in student_list(students=students).iterator(chunk_size=EXPORT_CHUNK):
        yield student_row(student, latest.get(student.pk))


def quiz_results(*, quiz: Quiz, students, search: str = "", page_number=1) -> QuizResults:
    """Return the quiz's statistics over the submitted attempts of these students and one page of the
    (searched) student list; a fixed number of queries."""
    counted = percent_counts(quizzes=[quiz], students=students)
    summary = summary_of(quiz, counted)
    page = student_page(students=students, search=search, page_number=page_number)
    return QuizResults(
        summary=summary,
        distribution=score_distribution(counted.get(quiz.pk, [])),
        questions=question_statistics(quiz=quiz, students=students, attempts=summary.attempts),
        students=quiz_student_rows(quiz=quiz, students=page.object_list),
        page=page,
        search=search,
    )


@dataclass
class StudentProgressRow:
    username: str
    quizzes_attempted: int
    attempts: int
    mean_best_percent: float | None
    last_submitted_at: datetime | None


@dataclass
class ClassOverview:
    quizzes: list[QuizSummary]
    students: list[StudentProgressRow]
    page: Page
    search: str


def class_student_rows(*, students: Iterable) -> list[StudentProgressRow]:
    """For these students (in order): quizzes attempted, attempts, mean of best percents and last submission."""
    students = list(students)
    per_quiz = (
        submitted_attempts(quizzes=Quiz.objects.all(), students=User.objects.filter(pk__in=[s.pk for s in students]))
        .order_by()
        .values("student_id", "quiz_id")
        .annotate(count=Count("id"), best=Max("percent"), last=Max("submitted_at"))
    )
    by_student: dict[int, list[dict]] = {}
    for row in per_quiz:
        by_student.setdefault(row["student_id"], []).append(row)
    rows = []
    for student in students:
        own = by_student.get(student.pk, [])
        rows.append(
            StudentProgressRow(
                username=student.username,
                quizzes_attempted=len(own),
                attempts=sum(row["count"] for row in own),
                mean_best_percent=round(statistics.mean(row["best"] for row in own), 1) if own else None,
                last_submitted_at=max((row["last"] for row in own), default=None),
            )
        )
    return rows


def class_overview(*, students, search: str = "", page_number=1) -> ClassOverview:
    """Per quiz (published, or attempted by the class) and one page of students; a fixed number of queries."""
    counted = percent_counts(quizzes=Quiz.objects.all(), students=students)
    shown = Quiz.objects.filter(Q(status=Quiz.Status.PUBLISHED) | Q(pk__in=list(counted))).order_by("title")
    page = student_page(students=students, search=search, page_number=page_number)
    return ClassOverview(
        quizzes=[summary_of(quiz, counted) for quiz in shown],
        students=class_student_rows(students=page.object_list),
        page=page,
        search=search,
    )

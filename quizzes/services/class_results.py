"""A teacher's view of the class: per quiz, per question and per student, from the submitted attempts.

Definitions (also shown on the dashboard):
- An attempt's score is its percentage of the maximum score.
- Facility of a question: the share of submitted attempts in which it earned full credit (an unanswered question
  earns none). Mean credit is shown beside it, as partial credit exists.
- Discrimination: the upper-lower index D = (mean credit in the upper group) - (mean credit in the lower group),
  the groups being the 27% best and the 27% worst attempts by score (at least one attempt each; ties are broken
  by submission order). It runs from -1 to 1; below 0.2 the question separates strong from weak attempts poorly.
  It needs at least two attempts.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from quizzes.models import Attempt, Question, Quiz, QuizQuestion, Response
from quizzes.services.attempts import attempt_percent
from quizzes.services.presentation import describe_answer
from quizzes.services.versions import CHOICE_TYPES, CONTENT_PREFETCHES, live_content

GROUP_SHARE = 0.27
DISTRIBUTION_BINS = 10
MAX_DISTINCT_ANSWERS = 8


@dataclass
class AnswerCount:
    label: str
    count: int
    is_correct: bool = False


@dataclass
class QuestionStats:
    number: int
    question: Question
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


def summarise(quiz: Quiz, percents: list[float]) -> QuizSummary:
    return QuizSummary(
        quiz=quiz,
        attempts=len(percents),
        mean_percent=round(statistics.mean(percents), 1) if percents else None,
        median_percent=round(statistics.median(percents), 1) if percents else None,
    )


def score_distribution(percents: list[float]) -> list[tuple[str, int]]:
    """Attempts per band of ten points: 0-9, 10-19, ..., 90-100 (100 falls in the last band)."""
    counts = [0] * DISTRIBUTION_BINS
    for percent in percents:
        counts[min(int(percent // 10), DISTRIBUTION_BINS - 1)] += 1
    labels = [f"{low}–{low + 9}%" for low in range(0, 90, 10)] + ["90–100%"]
    return list(zip(labels, counts, strict=True))


def discrimination_index(credits_by_rank: list[float]) -> float | None:
    """D for one question, given its credit in each attempt from the best attempt to the worst."""
    count = len(credits_by_rank)
    if count < 2:
        return None
    group = max(1, round(count * GROUP_SHARE))
    upper, lower = credits_by_rank[:group], credits_by_rank[-group:]
    return round(sum(upper) / group - sum(lower) / group, 2)


def answer_counts(question: Question, responses: list[Response], attempts: int) -> list[AnswerCount]:
    if question.type in CHOICE_TYPES:
        chosen = Counter()
        for response in responses:
            keys = response.answer if isinstance(response.answer, list) else [response.answer]
            chosen.update(str(key) for key in keys)
        counts = [AnswerCount(c.text, chosen[c.key], c.is_correct) for c in question.choices.all()]
    elif question.type in (Question.Type.ORDERING, Question.Type.MATCHING):
        # A whole order or set of matches is a paragraph and rarely repeats: count each item placed right instead.
        counts = item_counts(question, responses)
    else:
        described = Counter()
        correct = set()
        content = live_content(question)
        for response in responses:
            label = "; ".join(describe_answer(content, response.answer)) or "(empty)"
            described[label] += 1
            if response.credit == 1:
                correct.add(label)
        common = described.most_common(MAX_DISTINCT_ANSWERS)
        counts = [AnswerCount(label, count, label in correct) for label, count in common]
        rest = sum(described.values()) - sum(count for _, count in common)
        if rest:
            counts.append(AnswerCount("(other answers)", rest))
    counts.append(AnswerCount("(no answer)", attempts - len(responses)))
    return counts


def item_counts(question: Question, responses: list[Response]) -> list[AnswerCount]:
    """For ordering and matching: how many responses put each item in its right place, or matched it rightly."""
    if question.type == Question.Type.ORDERING:
        items = list(question.ordering_items.all())
        return [
            AnswerCount(
                f"{place}. {item.text}: placed right",
                sum(1 for r in responses if isinstance(r.answer, list) and r.answer[place - 1 : place] == [item.key]),
                is_correct=True,
            )
            for place, item in enumerate(items, start=1)
        ]
    return [
        AnswerCount(
            f"{pair.left} → {pair.right}: matched right",
            sum(1 for r in responses if isinstance(r.answer, dict) and r.answer.get(pair.left_key) == pair.right_key),
            is_correct=True,
        )
        for pair in question.matching_pairs.all()
    ]


def submitted_attempts(*, quizzes, students):
    return (
        Attempt.objects.filter(quiz__in=quizzes, student__in=students, submitted_at__isnull=False)
        .select_related("student")
        .order_by("submitted_at", "id")
    )


def quiz_results(*, quiz: Quiz, students) -> QuizResults:
    """Return the quiz's statistics over the submitted attempts of these students; a fixed number of queries."""
    attempts = list(submitted_attempts(quizzes=[quiz], students=students))
    percents = {attempt.pk: attempt_percent(attempt) for attempt in attempts}
    links = list(
        QuizQuestion.objects.filter(quiz=quiz)
        .select_related("question")
        .prefetch_related(*[f"question__{name}" for name in CONTENT_PREFETCHES])
        .order_by("position")
    )
    responses_by_question: dict[int, list[Response]] = {}
    for response in Response.objects.filter(attempt__in=[a.pk for a in attempts]).only(
        "attempt_id", "question_id", "answer", "credit"
    ):
        responses_by_question.setdefault(response.question_id, []).append(response)
    ranked = sorted(attempts, key=lambda attempt: -percents[attempt.pk])  # stable: ties keep submission order
    questions = []
    for number, link in enumerate(links, start=1):
        responses = responses_by_question.get(link.question_id, [])
        credit_by_attempt = {response.attempt_id: response.credit or 0.0 for response in responses}
        credits = [credit_by_attempt.get(attempt.pk, 0.0) for attempt in ranked]
        questions.append(
            QuestionStats(
                number=number,
                question=link.question,
                answered=len(responses),
                facility=round(sum(1 for c in credits if c == 1) / len(credits), 2) if credits else None,
                mean_credit=round(sum(credits) / len(credits), 2) if credits else None,
                discrimination=discrimination_index(credits),
                answers=answer_counts(link.question, responses, len(attempts)),
            )
        )
    return QuizResults(
        summary=summarise(quiz, list(percents.values())),
        distribution=score_distribution(list(percents.values())),
        questions=questions,
        students=student_rows(students=students, attempts=attempts, percents=percents),
    )


def student_rows(*, students, attempts: list[Attempt], percents: dict[int, float]) -> list[StudentRow]:
    by_student: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_student.setdefault(attempt.student_id, []).append(attempt)
    rows = []
    for student in students.order_by("username"):
        own = by_student.get(student.pk, [])
        rows.append(
            StudentRow(
                username=student.username,
                attempts=len(own),
                best_percent=max((percents[a.pk] for a in own), default=None),
                latest_percent=percents[own[-1].pk] if own else None,
                last_submitted_at=own[-1].submitted_at if own else None,
            )
        )
    return rows


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


def class_overview(*, students) -> ClassOverview:
    """Per quiz (published, or attempted by the class) and per student; a fixed number of queries."""
    attempts = list(submitted_attempts(quizzes=Quiz.objects.all(), students=students))
    percents_by_quiz: dict[int, list[float]] = {}
    best: dict[tuple[int, int], float] = {}
    by_student: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        percent = attempt_percent(attempt)
        percents_by_quiz.setdefault(attempt.quiz_id, []).append(percent)
        key = (attempt.student_id, attempt.quiz_id)
        best[key] = max(best.get(key, 0.0), percent)
        by_student.setdefault(attempt.student_id, []).append(attempt)
    shown = Quiz.objects.filter(status=Quiz.Status.PUBLISHED) | Quiz.objects.filter(pk__in=percents_by_quiz.keys())
    quizzes = [summarise(quiz, percents_by_quiz.get(quiz.pk, [])) for quiz in shown.distinct().order_by("title")]
    rows = []
    for student in students.order_by("username"):
        own = by_student.get(student.pk, [])
        bests = [percent for (student_id, _), percent in best.items() if student_id == student.pk]
        rows.append(
            StudentProgressRow(
                username=student.username,
                quizzes_attempted=len(bests),
                attempts=len(own),
                mean_best_percent=round(statistics.mean(bests), 1) if bests else None,
                last_submitted_at=own[-1].submitted_at if own else None,
            )
        )
    return ClassOverview(quizzes=quizzes, students=rows)

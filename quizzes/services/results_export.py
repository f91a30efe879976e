"""A quiz's results as CSV rows, for teachers: one row per submitted attempt, and the statistics by question.

Rows are generated lazily (attempts read in batches), so that a page can stream them however large the class.
"""

from collections.abc import Iterator
from itertools import islice

from quizzes.models import Quiz, QuizQuestion, Response
from quizzes.services.attempts import attempt_percent
from quizzes.services.class_results import quiz_results, submitted_attempts

ATTEMPT_BATCH = 200


def quiz_result_rows(*, quiz: Quiz, students) -> Iterator[list]:
    """Yield a header, then one row per submitted attempt of these students: who, when, score and each question's
    credit (blank when unanswered), questions in the quiz's order."""
    links = list(QuizQuestion.objects.filter(quiz=quiz).select_related("question").order_by("position"))
    yield [
        "student", "attempt", "started_at", "submitted_at", "score", "max_score", "percent", "passed",
        *[f"q{number} {link.question.slug}" for number, link in enumerate(links, start=1)],
    ]  # fmt: skip
    attempts = submitted_attempts(quizzes=[quiz], students=students).iterator(chunk_size=ATTEMPT_BATCH)
    while batch := list(islice(attempts, ATTEMPT_BATCH)):
        credits: dict[tuple[int, int], float | None] = {
            (response.attempt_id, response.question_id): response.credit
            for response in Response.objects.filter(attempt__in=[attempt.pk for attempt in batch]).only(
                "attempt_id", "question_id", "credit"
            )
        }
        for attempt in batch:
            yield [
                attempt.student.username,
                attempt.number,
                attempt.started_at.isoformat(),
                attempt.submitted_at.isoformat(),
                attempt.score,
                attempt.max_score,
                attempt_percent(attempt),
                "yes" if attempt.passed else "no",
                *[_credit_cell(credits, attempt.pk, link.question_id) for link in links],
            ]


def _credit_cell(credits: dict, attempt_id: int, question_id: int) -> str:
    key = (attempt_id, question_id)
    if key not in credits or credits[key] is None:
        return ""
    return f"{credits[key]:.4g}"


def item_statistics_rows(*, quiz: Quiz, students) -> Iterator[list]:
    """Yield a header, then one row per question of the quiz with the class dashboard's figures and answer counts."""
    results = quiz_results(quiz=quiz, students=students)
    yield [
        "number", "question", "version", "drawn", "type", "prompt", "answered", "facility", "mean_credit",
        "discrimination", "answers",
    ]  # fmt: skip
    for row in results.questions:
        yield [
            row.number,
            row.question.slug,
            row.version,
            row.drawn,
            row.question.type,
            row.prompt,
            row.answered,
            _blank_if_none(row.facility),
            _blank_if_none(row.mean_credit),
            _blank_if_none(row.discrimination),
            "; ".join(
                f"{answer.label}: {answer.count}{' (correct)' if answer.is_correct else ''}" for answer in row.answers
            ),
        ]


def _blank_if_none(value) -> object:
    return "" if value is None else value

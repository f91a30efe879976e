"""At scale: the bulk-loaded benchmark class, its statistics against the definitions computed naively in Python,
and the benchmark-only bare views staying out of the product."""

import statistics
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone

from quizzes.bench.dataset import build_class
from quizzes.models import Attempt, QuizQuestion, Response
from quizzes.services.attempts import attempt_percent
from tests.factories import AttemptFactory, CourseFactory, UserFactory

pytestmark = pytest.mark.django_db


def naive_statistics(quiz) -> dict:
    """The dashboard's definitions, computed the plain way: every attempt and response loaded into Python."""
    attempts = list(Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False).order_by("submitted_at", "id"))
    percents = {attempt.pk: attempt_percent(attempt) for attempt in attempts}
    ranked = sorted(attempts, key=lambda attempt: -percents[attempt.pk])  # stable: ties in submission order
    credit = defaultdict(dict)
    for response in Response.objects.filter(attempt__in=attempts):
        credit[response.question_id][response.attempt_id] = response.credit or 0.0
    group = max(1, round(len(ranked) * 0.27))
    questions = []
    for link in QuizQuestion.objects.filter(quiz=quiz).order_by("position"):
        credits = [credit[link.question_id].get(attempt.pk, 0.0) for attempt in ranked]
        questions.append(
            (
                round(sum(1 for c in credits if c == 1) / len(credits), 2),
                round(sum(credits) / len(credits), 2),
                round(sum(credits[:group]) / group - sum(credits[-group:]) / group, 2),
            )
        )
    bands = [0] * 10
    for percent in percents.values():
        bands[min(int(percent // 10), 9)] += 1
    return {
        "summary": (
            len(attempts),
            round(statistics.mean(percents.values()), 1),
            round(statistics.median(percents.values()), 1),
        ),
        "questions": questions,
        "bands": bands,
    }


def test_the_database_statistics_equal_the_definitions_on_a_generated_class(client, bank_teacher):
    course = CourseFactory(teachers=[bank_teacher])
    counts = build_class(course=course, students=60, attempt_share=0.6, now=timezone.now())
    client.force_login(bank_teacher)
    quiz = Attempt.objects.order_by("id").first().quiz

    results = client.get(f"/teaching/quizzes/{quiz.slug}/").context["results"]

    expected = naive_statistics(quiz)
    summary = results.summary
    assert (summary.attempts, summary.mean_percent, summary.median_percent) == expected["summary"]
    assert [count for _, count in results.distribution] == expected["bands"]
    assert [(q.facility, q.mean_credit, q.discrimination) for q in results.questions] == expected["questions"]
    assert counts["students"] == 60 and counts["responses"] == Response.objects.count()
    assert counts["card states"] == 60 * 10


def test_the_bare_benchmark_views_are_not_served_unless_the_benchmark_asks():
    from django.test import Client

    assert Client().get("/bench/bare/quizzes/").status_code == 404


@pytest.mark.parametrize(
    ("score", "max_score", "percent"),
    [("1", "16", 6.3), ("5", "8", 62.5), ("247", "2000", 12.4), ("1", "3", 33.3), ("0", "0", 0.0), ("2", "3", 66.7)],
)
def test_the_database_rounds_percents_as_the_results_pages_do(client, bank_teacher, score, max_score, percent):
    student = UserFactory()
    CourseFactory(teachers=[bank_teacher], students=[student])
    now = timezone.now()
    attempt = AttemptFactory(
        student=student,
        started_at=now,
        submitted_at=now,
        score=Decimal(score),
        max_score=Decimal(max_score),
        passed=False,
    )
    client.force_login(bank_teacher)

    (row,) = client.get(f"/teaching/quizzes/{attempt.quiz.slug}/").context["results"].students

    assert row.best_percent == attempt_percent(attempt) == percent

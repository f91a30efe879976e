"""The flashcard benchmark command builds its data and prints its figures (the figures themselves are not tested)."""

import re

import pytest

from quizzes.models import CardReview, CardState
from tests.conftest import run_command

pytestmark = pytest.mark.django_db


def test_bench_cards_prints_queue_and_review_times():
    out, _ = run_command("bench_cards", "--cards", "40", "--reviews-per-card", "3", "--runs", "5")
    assert re.search(r"due queue, 20 cards \(service\): median [\d.]+ ms, p95 [\d.]+ ms", out)
    assert re.search(r"record a review \(service\): median [\d.]+ ms", out)
    assert "GET /api/v1/flashcards/queue/" in out and "due query plan: " in out
    assert CardState.objects.filter(student__username="bench-card-student").count() == 40
    assert CardReview.objects.filter(student__username="bench-card-student", origin="study").count() >= 120

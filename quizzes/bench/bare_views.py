"""Benchmark-only views (settings.BENCHMARK_BARE_VIEWS): the API's quiz list and attempt detail served by plain
Django from the same queries and services, without REST framework, to measure what the API layer costs."""

from django.http import Http404, JsonResponse
from django.urls import path
from django.utils import timezone

from quizzes import models, selectors
from quizzes.api.views import attempt_rows
from quizzes.services.attempts import attempt_percent

QUIZ_FIELDS = ("slug", "title", "description", "layout", "review_mode", "max_attempts", "time_limit_minutes",
               "pass_mark", "opens_at", "closes_at", "question_count")  # fmt: skip


def quiz_list(request):
    quizzes = list(selectors.published_quizzes()[:20])
    results = [{name: getattr(quiz, name) for name in QUIZ_FIELDS} for quiz in quizzes]
    return JsonResponse({"count": selectors.published_quizzes().count(), "next": None, "previous": None,
                         "results": results})  # fmt: skip


def attempt_detail(request, pk):
    attempt = models.Attempt.objects.select_related("quiz", "student").filter(pk=pk).first()
    if attempt is None:
        raise Http404
    rows = attempt_rows(attempt, now=timezone.now(), with_review=False)
    return JsonResponse(
        {
            "id": attempt.pk, "quiz": attempt.quiz.slug, "student": attempt.student.username, "number": attempt.number,
            "status": "submitted" if attempt.is_submitted else "open", "started_at": attempt.started_at,
            "deadline": attempt.deadline, "submitted_at": attempt.submitted_at, "score": str(attempt.score),
            "max_score": str(attempt.max_score), "percent": attempt_percent(attempt) if attempt.is_submitted else None,
            "passed": attempt.passed,
            "questions": [{**row, "points": row["points"]} for row in rows],
        }
    )  # fmt: skip


urlpatterns = [
    path("quizzes/", quiz_list),
    path("attempts/<int:pk>/", attempt_detail),
]

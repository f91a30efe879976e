"""Read queries shared by the pages and the API."""

from django.db.models import Count, Q

from quizzes.models import Question, Quiz, Source


def sources_with_counts():
    """Sources in reading order, each with its number of passages and of published questions citing it."""
    return Source.objects.annotate(
        passage_count=Count("passages", distinct=True),
        citing_question_count=Count(
            "citations__question",
            filter=Q(citations__question__status=Question.Status.PUBLISHED),
            distinct=True,
        ),
    ).order_by("position", "slug")


def published_quizzes():
    """Published quizzes with their number of questions."""
    return (
        Quiz.objects.filter(status=Quiz.Status.PUBLISHED)
        .annotate(question_count=Count("quiz_questions"))
        .order_by("title")
    )

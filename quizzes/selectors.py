"""Read queries shared by the pages and the API."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from quizzes.models import Course, Question, Quiz, Source
from quizzes.models.courses import is_integration

User = get_user_model()


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
        .annotate(question_count=Count("quiz_questions", distinct=True))
        .order_by("title")
    )


def courses_managed_by(user):
    """Courses whose students the user (a teacher, an administrator or an integration) may act for or read."""
    if is_integration(user):
        return Course.objects.filter(pk=user.course.pk)
    if user.is_superuser:
        return Course.objects.all()
    return Course.objects.filter(teachers=user)


def students_visible_to(user):
    """Users whose attempts and progress the user may see: themselves, or the students of courses they manage."""
    if is_integration(user):
        return User.objects.filter(enrolled_courses=user.course)
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(Q(pk=user.pk) | Q(enrolled_courses__teachers=user)).distinct()

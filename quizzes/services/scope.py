"""A teacher's authoring scope: which quizzes a person may edit, and which they may see at all.

One rule for the admin, the API and the class dashboard: a superuser edits every quiz; anyone else only the
quizzes they author or that belong to a course they teach. A draft is visible only to those who may edit it.
"""

from django.db.models import Q, QuerySet

from quizzes.models import Quiz
from quizzes.models.courses import is_integration


def editable_quizzes(*, user) -> QuerySet[Quiz]:
    """The quizzes the user may change (never raises; nothing for an integration or an anonymous caller)."""
    if getattr(user, "is_superuser", False):
        return Quiz.objects.all()
    if is_integration(user) or not user.is_authenticated:
        return Quiz.objects.none()
    return Quiz.objects.filter(Q(author=user) | Q(courses__teachers=user)).distinct()


def may_edit_quiz(*, user, quiz: Quiz) -> bool:
    """True when the quiz is within the user's authoring scope (see editable_quizzes)."""
    return editable_quizzes(user=user).filter(pk=quiz.pk).exists()


def visible_quizzes(*, user) -> QuerySet[Quiz]:
    """The published quizzes and the drafts the user may edit; any other draft is as if it did not exist."""
    published = Q(status=Quiz.Status.PUBLISHED)
    if getattr(user, "is_superuser", False):
        return Quiz.objects.all()
    return Quiz.objects.filter(published | Q(pk__in=editable_quizzes(user=user).values("pk")))

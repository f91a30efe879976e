"""Who may call what. Object visibility (whose attempts, which course) is scoped in each view's get_queryset."""

from rest_framework import permissions

from quizzes.models.courses import is_integration


class IsPerson(permissions.BasePermission):
    """A signed-in user, not an integration key (managing keys, for instance, is for people)."""

    message = "This endpoint is for signed-in users, not integration keys."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and not is_integration(request.user))


class CanEditQuestionBank(permissions.DjangoModelPermissions):
    """Teachers (the Teachers group's model permissions): view to read the bank, add and change to write it."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

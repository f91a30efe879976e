"""The LTI admin: platforms and keys for superusers (no private key ever on a page); score sends for teachers."""

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from quizzes import selectors
from quizzes.lti.services import grades
from quizzes.models import LtiCourse, ScoreSend


class SuperuserOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class DeploymentInline(admin.TabularInline):
    model = LtiDeployment
    fields = ["deployment_id", "is_active"]
    extra = 1


admin.site.unregister(LtiRegistration)


@admin.register(LtiRegistration)
class PlatformAdmin(SuperuserOnlyAdmin):
    """An LMS registered with the tool, and its deployments (created active here)."""

    list_display = ["name", "issuer", "client_id", "is_active"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["name", "issuer", "client_id", "audience", "auth_url", "token_url", "keyset_url", "is_active"]
    inlines = [DeploymentInline]


@admin.register(Key)
class ToolKeyAdmin(SuperuserOnlyAdmin):
    """The tool's signing keys: public half only; `manage.py rotate_keys` adds one and retires the old ones."""

    list_display = ["__str__", "is_active", "datetime_created"]
    fields = ["public_key", "is_active", "datetime_created"]
    readonly_fields = ["public_key", "datetime_created"]
    actions = ["generate_key"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Generate a new signing key (rotation; retire old ones by unticking them)")
    def generate_key(self, request, queryset):
        key = Key.objects.generate()
        messages.success(request, f"New signing key {key} is active and published at /lti/jwks/.")


@admin.register(LtiCourse)
class LmsCourseAdmin(SuperuserOnlyAdmin):
    list_display = ["context", "course"]
    list_select_related = ["context", "course"]


@admin.register(ScoreSend)
class ScoreSendAdmin(admin.ModelAdmin):
    """Scores on their way to LMS gradebooks; a teacher sees their students' and resends pending or failed ones."""

    list_display = ["attempt", "student", "status", "score_given", "score_maximum", "tries", "next_try_at", "sent_at",
                    "last_error"]  # fmt: skip
    list_filter = ["status"]
    list_select_related = ["attempt__quiz", "attempt__student"]
    readonly_fields = [field.name for field in ScoreSend._meta.fields]
    actions = ["resend"]

    def has_module_permission(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        sends = super().get_queryset(request)
        if request.user.is_superuser:
            return sends
        return sends.filter(attempt__student__in=selectors.students_visible_to(request.user))

    @admin.display(description="student")
    def student(self, send):
        return send.attempt.student

    @admin.action(description="Send again now")
    def resend(self, request, queryset):
        count = grades.resend(score_sends=queryset, now=timezone.now())
        messages.success(request, f"{count} score(s) queued for sending.")

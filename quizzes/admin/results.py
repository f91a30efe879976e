from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from quizzes import selectors
from quizzes.models import Attempt, AttemptRegrade, AttemptSlot, Course, IntegrationKey, Response


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ["question", "answer", "answered_at", "credit", "points"]
    readonly_fields = fields
    can_delete = False


class SlotInline(admin.TabularInline):
    """What the attempt froze at its start: each place, the question version shown and its points."""

    model = AttemptSlot
    extra = 0
    fields = ["position", "question", "version", "points", "pool"]
    readonly_fields = fields
    can_delete = False


class RegradeInline(admin.TabularInline):
    """The attempt's regrades: who, when, and the marks before and after."""

    model = AttemptRegrade
    extra = 0
    fields = ["regraded_at", "regraded_by", "old_score", "new_score", "old_passed", "new_passed", "changes"]
    readonly_fields = fields
    can_delete = False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Read-only results; a teacher sees only the attempts of the students of the courses they teach."""

    list_display = ["quiz", "student", "number", "started_at", "submitted_at", "score", "max_score", "passed"]
    list_filter = ["quiz"]
    list_select_related = ["quiz", "student"]
    search_fields = ["student__username", "quiz__title"]
    inlines = [SlotInline, ResponseInline, RegradeInline]

    def get_queryset(self, request):
        attempts = super().get_queryset(request)
        if request.user.is_superuser:
            return attempts
        return attempts.filter(student__in=selectors.students_visible_to(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["teachers", "students"]


@admin.register(IntegrationKey)
class IntegrationKeyAdmin(APIKeyModelAdmin):
    """Keys are shown once, in a message, when created; revoking is for good."""

    list_display = [*APIKeyModelAdmin.list_display, "course", "scope"]
    list_filter = [*APIKeyModelAdmin.list_filter, "scope"]
    raw_id_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not obj.pk:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# The library's own key model is unused: integration keys carry a course and a scope.
admin.site.unregister(APIKey)

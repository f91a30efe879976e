from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from quizzes import selectors
from quizzes.models import Attempt, AttemptRegrade, AttemptSlot, Course, IntegrationKey, Response
from quizzes.services.presentation import describe_answer
from quizzes.services.versions import content_of


class ResponseInline(admin.TabularInline):
    """The answers in words (the stored keys are opaque) and the credit in percent."""

    model = Response
    extra = 0
    fields = ["question", "answer_in_words", "answered_at", "credit_percent", "points"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "slot__version")

    @admin.display(description="answer")
    def answer_in_words(self, response):
        content = content_of(response.slot.version, slug=response.question.slug, with_key=False)
        return "; ".join(describe_answer(content, response.answer)) or "-"

    @admin.display(description="credit")
    def credit_percent(self, response):
        return "-" if response.credit is None else f"{response.credit * 100:.0f}%"


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
    ordering = ["id"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Read-only results; a teacher sees only the attempts of the students of the courses they teach."""

    list_display = ["quiz", "student", "number", "started_at", "submitted_at", "score", "max_score", "passed"]
    list_filter = ["quiz"]
    list_select_related = ["quiz", "student"]
    search_fields = ["student__username", "quiz__title"]
    ordering = ["-started_at", "-id"]
    inlines = [SlotInline, ResponseInline, RegradeInline]
    fields = ["review", "quiz", "student", "number", "started_at", "deadline", "submitted_at", "score", "max_score",
              "passed"]  # fmt: skip
    readonly_fields = ["review"]

    @admin.display(description="review")
    def review(self, attempt):
        if attempt.submitted_at is None:
            return "not submitted yet"
        return format_html(
            '<a href="{}">Review the answers, the key, the credit and the time per question</a>',
            reverse("quizzes:teacher_attempt", args=[attempt.pk]),
        )

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

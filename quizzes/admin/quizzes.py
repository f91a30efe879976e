from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from quizzes.admin import forms
from quizzes.models import Course, Quiz, QuizQuestion
from quizzes.services import scope
from quizzes.services.attempts import ANSWER_KEY_PREFETCHES, REVIEW_PREFETCHES
from quizzes.services.presentation import question_card


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    form = forms.PlacedForm
    formset = forms.QuizQuestionFormSet
    fields = ["place", "question", "points"]
    autocomplete_fields = ["question"]
    extra = 0
    verbose_name_plural = "questions, in order (place 1 comes first)"

    # A quiz's questions are part of the quiz: editable exactly when the quiz is (obj is the quiz).
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and in_scope(request, obj)


def in_scope(request, quiz) -> bool:
    return quiz is None or scope.may_edit_quiz(user=request.user, quiz=quiz)


@admin.register(Quiz)
class QuizAdmin(SimpleHistoryAdmin):
    form = forms.QuizForm
    list_display = ["title", "slug", "status", "question_count", "review_mode", "max_attempts", "time_limit_minutes"]
    list_filter = ["status", "review_mode", "layout"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["links"]
    inlines = [QuizQuestionInline]
    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "status", "courses", "links"]}),
        ("Taking it", {"fields": ["layout", "shuffle_questions", "shuffle_choices", "max_attempts",
                                  "time_limit_minutes", "pass_mark", "opens_at", "closes_at"]}),
        ("Review", {"fields": ["review_mode"]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        # Other teachers' drafts are not shown at all; published quizzes outside one's scope are read-only.
        visible = scope.visible_quizzes(user=request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible).annotate(question_count=Count("quiz_questions"))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and in_scope(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "courses" and not request.user.is_superuser:
            kwargs["queryset"] = Course.objects.filter(teachers=request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, quiz):
        return quiz.question_count

    @admin.display(description="see it")
    def links(self, quiz):
        if quiz.pk is None:
            return "-"
        return format_html(
            '<a href="{}">preview as a student sees it</a> · <a href="{}?key=1">with the keys</a> · '
            '<a href="{}">class results</a>',
            reverse("admin:quizzes_quiz_preview", args=[quiz.pk]),
            reverse("admin:quizzes_quiz_preview", args=[quiz.pk]),
            reverse("quizzes:teacher_quiz", args=[quiz.slug]),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        forms.save_placed_rows(formset, parent_field="quiz")

    def get_urls(self):
        own = [
            path("<int:quiz_id>/preview/", self.admin_site.admin_view(self.preview_view), name="quizzes_quiz_preview")
        ]
        return own + super().get_urls()

    def preview_view(self, request, quiz_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        quiz = get_object_or_404(scope.visible_quizzes(user=request.user), pk=quiz_id)
        with_key = request.GET.get("key") == "1"
        links = quiz.quiz_questions.select_related("question").prefetch_related(
            *[f"question__{name}" for name in (*ANSWER_KEY_PREFETCHES, *REVIEW_PREFETCHES)]
        )
        cards = [
            question_card(link=link, number=number, attempt=None, response=None, reveal_key=with_key, key_only=True)
            for number, link in enumerate(links, start=1)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": quiz,
            "title": f"Preview of {quiz.title}" + (" with the keys" if with_key else " as a student sees it"),
            "cards": cards,
            "with_key": with_key,
            "other_url": reverse("admin:quizzes_quiz_preview", args=[quiz.pk]) + ("" if with_key else "?key=1"),
        }
        return TemplateResponse(request, "admin/quizzes/preview.html", context)

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from quizzes.admin import formats, forms
from quizzes.models import Course, Question, Quiz, QuizPool, QuizQuestion
from quizzes.services import attempts, scope
from quizzes.services.presentation import preview_card, review_sources
from quizzes.services.versions import with_content


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    form = forms.PlacedForm
    formset = forms.QuizQuestionFormSet
    fields = ["place", "question", "question_type", "question_prompt", "points"]
    readonly_fields = ["question_type", "question_prompt"]
    autocomplete_fields = ["question"]
    extra = 0
    verbose_name_plural = "questions, in order (place 1 comes first)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    @admin.display(description="type")
    def question_type(self, link):
        return link.question.get_type_display() if link.question_id else "-"

    @admin.display(description="prompt")
    def question_prompt(self, link):
        return link.question.prompt if link.question_id else "-"

    # A quiz's questions are part of the quiz: editable exactly when the quiz is (obj is the quiz).
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and in_scope(request, obj)


def in_scope(request, quiz) -> bool:
    return quiz is None or scope.may_edit_quiz(user=request.user, quiz=quiz)


class QuizPoolInline(admin.TabularInline):
    model = QuizPool
    form = forms.QuizPoolForm
    fields = ["position", "topic", "questions", "draw_count", "points"]
    autocomplete_fields = ["topic", "questions"]
    extra = 0
    verbose_name_plural = (
        "random pools: each draws questions when an attempt starts (its place shares the numbering of the questions)"
    )


@admin.register(Quiz)
class QuizAdmin(SimpleHistoryAdmin):
    form = forms.QuizForm
    list_display = ["title", "slug", "status", "question_count", "review_mode", "max_attempts", "time_limit_minutes"]
    list_filter = ["status", "is_practice", "review_mode", "layout"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["links"]
    inlines = [QuizQuestionInline, QuizPoolInline]
    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "status", "is_practice", "courses", "links"]}),
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
            '<a href="{}">class results</a> · <a href="{}">regrade to the latest versions</a>',
            reverse("admin:quizzes_quiz_preview", args=[quiz.pk]),
            reverse("admin:quizzes_quiz_preview", args=[quiz.pk]),
            reverse("quizzes:teacher_quiz", args=[quiz.slug]),
            reverse("admin:quizzes_quiz_regrade", args=[quiz.pk]),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is QuizPool:
            formset.save()
            return
        forms.save_placed_rows(formset, parent_field="quiz")

    def get_urls(self):
        own = [
            path("<int:quiz_id>/preview/", self.admin_site.admin_view(self.preview_view), name="quizzes_quiz_preview"),
            path("<int:quiz_id>/regrade/", self.admin_site.admin_view(self.regrade_view), name="quizzes_quiz_regrade"),
        ]
        return own + super().get_urls()

    actions = ["regrade", *formats.QUIZ_EXPORT_ACTIONS]

    @admin.action(description="Regrade the selected quiz to the latest question versions", permissions=["change"])
    def regrade(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose one quiz to regrade at a time.", messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:quizzes_quiz_regrade", args=[queryset.get().pk]))

    def regrade_view(self, request, quiz_id):
        """Choose questions -> a dry run listing each score that would change -> apply (logged per attempt)."""
        quiz = get_object_or_404(scope.visible_quizzes(user=request.user), pk=quiz_id)
        if not self.has_change_permission(request, quiz):
            raise PermissionDenied
        form = forms.RegradeForm(request.POST or None, questions=attempts.regradable_questions(quiz=quiz))
        changes, applied = None, False
        if request.method == "POST" and form.is_valid():
            applied = request.POST.get("apply") == "1"
            changes = attempts.regrade_quiz(
                quiz=quiz, question_ids=[q.pk for q in form.cleaned_data["questions"]], by=request.user,
                now=timezone.now(), dry_run=not applied,
            )  # fmt: skip
            if applied:
                moved = sum(change.score_changes for change in changes)
                self.message_user(
                    request, f"Regraded {len(changes)} attempt(s) of {quiz.title}; {moved} score(s) changed.",
                    messages.SUCCESS,
                )  # fmt: skip
                return HttpResponseRedirect(reverse("admin:quizzes_quiz_change", args=[quiz.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": quiz,
            "title": f"Regrade {quiz.title}",
            "form": form,
            "changes": changes,
            "score_changes": [change for change in changes or [] if change.score_changes],
        }
        return TemplateResponse(request, "admin/quizzes/quiz/regrade.html", context)

    def preview_view(self, request, quiz_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        quiz = get_object_or_404(scope.visible_quizzes(user=request.user), pk=quiz_id)
        with_key = request.GET.get("key") == "1"
        links = quiz.quiz_questions.select_related("question").prefetch_related(
            Prefetch("question", queryset=with_content(Question.objects.all()))
        )
        sources = review_sources()
        cards = [
            preview_card(
                question=link.question, number=number, points=link.points, reveal_key=with_key, sources=sources
            )
            for number, link in enumerate(links, start=1)
        ]
        context = {
            "back_url": reverse("admin:quizzes_quiz_change", args=[quiz.pk]),
            "back_label": quiz.title,
            "title": f"Preview of {quiz.title}" + (" with the keys" if with_key else " as a student sees it"),
            "cards": cards,
            "with_key": with_key,
            "other_url": reverse("admin:quizzes_quiz_preview", args=[quiz.pk]) + ("" if with_key else "?key=1"),
        }
        return TemplateResponse(request, "quizzes/preview.html", context)

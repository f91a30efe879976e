"""Contested points in the admin: a point with its sources' positions; a position with its quotes (picker and
verbatim check as for citations). Every save re-versions the questions on the point."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from quizzes.admin import forms
from quizzes.models import DisagreementPoint, PositionQuote, Source, SourcePosition
from quizzes.services import disagreements


class SourcePositionInline(admin.TabularInline):
    model = SourcePosition
    form = forms.PositionForm
    formset = forms.PositionFormSet
    fields = ["place", "source", "claim", "quotes"]
    readonly_fields = ["quotes"]
    show_change_link = True
    extra = 0
    verbose_name_plural = "each source's position (open a position to add or edit its quotes)"

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else 2

    @admin.display(description="quotes")
    def quotes(self, position):
        if not position.pk:
            return "Save, then open the position to quote it."
        rows = list(position.quotes.all())
        if not rows:
            return format_html("<strong>{}</strong>", "No quote yet: open the position to add one.")
        return format_html_join("", "<blockquote>“{}”</blockquote>", ((quote.quote,) for quote in rows))


@admin.register(DisagreementPoint)
class DisagreementPointAdmin(SimpleHistoryAdmin):
    list_display = ["question", "slug", "position_count", "question_count"]
    list_filter = ["topics", "positions__source"]
    search_fields = ["slug", "question", "stakes", "positions__claim", "positions__quotes__quote"]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ["question"]}
    inlines = [SourcePositionInline]
    readonly_fields = ["silent", "questions_on_it"]
    fields = ["question", "slug", "stakes", "topics", "silent", "questions_on_it"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                position_total=Count("positions", distinct=True), question_total=Count("questions", distinct=True)
            )
        )

    @admin.display(description="positions", ordering="position_total")
    def position_count(self, point):
        return point.position_total

    @admin.display(description="questions", ordering="question_total")
    def question_count(self, point):
        return point.question_total

    @admin.display(description="silent sources")
    def silent(self, point):
        if not point.pk:
            return "-"
        speaking = set(point.positions.values_list("source_id", flat=True))
        silent = disagreements.silent_sources(speaking=speaking, sources=list(Source.objects.all()))
        return ", ".join(forms.source_label(source) for source in silent) or "None: every source takes a side."

    @admin.display(description="questions on this point")
    def questions_on_it(self, point):
        if not point.pk:
            return "-"
        return format_html_join(", ", "{}", ((question.slug,) for question in point.questions.order_by("slug"))) or "-"

    def save_formset(self, request, form, formset, change):
        forms.save_placed_rows(formset, parent_field="point")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        point = form.instance
        disagreements.record_point_versions(point=point, by=request.user, now=timezone.now())
        unquoted = [position.source.slug for position in point.positions.filter(quotes__isnull=True)]
        if unquoted:
            self.message_user(
                request, f"Positions without a quote yet ({', '.join(unquoted)}): open each to quote it.",
                messages.WARNING,
            )  # fmt: skip


class PositionQuoteInline(admin.StackedInline):
    model = PositionQuote
    form = forms.PositionQuoteForm
    formset = forms.PositionQuoteFormSet
    fields = ["place", "passage", "quote"]
    autocomplete_fields = ["passage"]
    extra = 0
    template = "admin/edit_inline/stacked.html"

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None and obj.quotes.exists() else 1


@admin.register(SourcePosition)
class SourcePositionAdmin(SimpleHistoryAdmin):
    list_display = ["point", "source", "claim"]
    list_filter = ["source"]
    list_select_related = ["point", "source"]
    search_fields = ["claim", "point__question", "quotes__quote"]
    autocomplete_fields = ["point"]
    fields = ["point", "source", "claim"]
    inlines = [PositionQuoteInline]

    def has_module_permission(self, request):
        return False  # reached from its point's page

    def save_formset(self, request, form, formset, change):
        forms.save_placed_rows(formset, parent_field="source_position")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        disagreements.record_point_versions(point=form.instance.point, by=request.user, now=timezone.now())

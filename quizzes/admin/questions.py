import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from quizzes.admin import formats, forms
from quizzes.errors import BankError
from quizzes.models import (
    AcceptedAnswer,
    Choice,
    Citation,
    MatchingPair,
    OrderingItem,
    Question,
    Source,
)
from quizzes.services import authoring, bank_import, scope
from quizzes.services.presentation import preview_card, sources_of_rows
from quizzes.services.versions import record_version, version_diff, versions_with_authors, with_content

IMPORT_SESSION_KEY = "admin-bank-import"
# A bank file may create or change topics, questions and quizzes.
IMPORT_PERMISSIONS = [
    f"quizzes.{action}_{model}"
    for model in ("topic", "disagreementpoint", "sourceposition", "positionquote", "question", "quiz", "quizquestion")
    for action in ("add", "change")
]


class PlacedInline(admin.TabularInline):
    """An inline whose rows are numbered by their `place` field; save_formset turns it into `position`."""

    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else self.extra_on_add


class ChoiceInline(PlacedInline):
    model = Choice
    form = forms.ChoiceForm
    formset = forms.ChoiceFormSet
    fields = ["place", "key", "text", "is_correct"]
    extra_on_add = 4


class ShortAnswerInline(PlacedInline):
    model = AcceptedAnswer
    formset = forms.ShortAnswerFormSet
    fields = ["text"]
    extra_on_add = 2
    verbose_name = "accepted answer"
    verbose_name_plural = "accepted answers (any one is right)"


class ClozeBlankInline(ShortAnswerInline):
    formset = forms.ClozeFormSet
    fields = ["blank", "text"]
    extra_on_add = 3
    verbose_name_plural = "accepted answers per blank ([[N]] in the prompt is blank N)"


class OrderingItemInline(PlacedInline):
    model = OrderingItem
    form = forms.PlacedForm
    formset = forms.OrderingFormSet
    fields = ["place", "text"]
    extra_on_add = 4
    verbose_name_plural = "ordering items, in their correct order (place 1 comes first)"


class MatchingPairInline(PlacedInline):
    model = MatchingPair
    form = forms.PlacedForm
    formset = forms.MatchingFormSet
    fields = ["place", "left", "right"]
    extra_on_add = 3


class CitationInline(PlacedInline, admin.StackedInline):
    model = Citation
    form = forms.QuoteForm
    formset = forms.CitationFormSet
    fields = ["place", "source", "passage", "quote"]
    autocomplete_fields = ["passage"]
    extra_on_add = 1
    template = "admin/edit_inline/stacked.html"


ANSWER_KEY_INLINES = {
    Question.Type.SINGLE_CHOICE: [ChoiceInline],
    Question.Type.MULTIPLE_CHOICE: [ChoiceInline],
    Question.Type.TRUE_FALSE: [],
    Question.Type.SHORT_ANSWER: [ShortAnswerInline],
    Question.Type.CLOZE: [ClozeBlankInline],
    Question.Type.ORDERING: [OrderingItemInline],
    Question.Type.MATCHING: [MatchingPairInline],
}


def describe_quote(record, source_slugs: dict[int, str]) -> str:
    claim = f" claims {record.claim}" if hasattr(record, "claim") else ""
    return f"{source_slugs.get(record.source_id, '?')}{claim}: “{record.quote}”"


# What the history page lists besides the question's own fields: each part, and a line describing one version.
HISTORY_PARTS = [
    ("choice", Choice, lambda r, _: f"{r.key}. {r.text}" + (" (correct)" if r.is_correct else "")),
    ("accepted answer", AcceptedAnswer, lambda r, _: f"blank {r.blank}: {r.text}" if r.blank else r.text),
    ("ordering item", OrderingItem, lambda r, _: f"{r.position}. {r.text}"),
    ("matching pair", MatchingPair, lambda r, _: f"{r.left} → {r.right}"),
    ("citation", Citation, describe_quote),
]


class SourceCitedFilter(admin.SimpleListFilter):
    title = "source cited"
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return [(source.slug, forms.source_label(source)) for source in Source.objects.order_by("position", "slug")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(citations__source__slug=self.value()).distinct()
        return queryset


class HasDisagreementFilter(admin.SimpleListFilter):
    title = "has disagreement"
    parameter_name = "disagreement"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(disagreement__isnull=False)
        if self.value() == "no":
            return queryset.filter(disagreement__isnull=True)
        return queryset


def report_outcome(model_admin, request, outcome: authoring.BulkOutcome, done: str) -> None:
    if outcome.done:
        model_admin.message_user(request, f"{done}: {', '.join(outcome.done)}.", messages.SUCCESS)
    for slug, reason in outcome.refused.items():
        model_admin.message_user(request, f"Left {slug} as it was: {reason}", messages.WARNING)
    if not outcome.done and not outcome.refused:
        model_admin.message_user(request, "Nothing to change.", messages.INFO)


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    form = forms.QuestionForm
    list_display = ["slug", "short_prompt", "type", "status", "author", "updated_at", "previews"]
    list_filter = [
        "type", "status", "framing", "topics", SourceCitedFilter, HasDisagreementFilter,
        ("author", admin.RelatedOnlyFieldListFilter),
    ]  # fmt: skip
    list_select_related = ["author"]
    search_fields = ["slug", "prompt", "citations__quote", "disagreement__question"]
    autocomplete_fields = ["disagreement"]
    filter_horizontal = ["topics"]
    actions = ["publish", "unpublish", "duplicate", "add_to_quiz", "export_bank_json", *formats.QUESTION_EXPORT_ACTIONS]
    history_list_display = ["status"]
    object_history_template = "admin/quizzes/question/object_history.html"

    # The type decides the form: chosen before adding, fixed afterwards ------------------------------------

    def question_type(self, request, obj=None) -> str | None:
        if obj is not None:
            return obj.type
        chosen = request.GET.get("type")
        return chosen if chosen in Question.Type.values else None

    def add_view(self, request, form_url="", extra_context=None):
        if self.question_type(request) is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Add question: choose its type",
                "types": Question.Type.choices,
            }
            return TemplateResponse(request, "admin/quizzes/question/choose_type.html", context)
        return super().add_view(request, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"question_type": self.question_type(request, obj)})

    def get_fieldsets(self, request, obj=None):
        question_type = self.question_type(request, obj)
        main = ["slug", "prompt"] if obj is None else ["slug", "type", "prompt"]
        if question_type == Question.Type.TRUE_FALSE:
            main.append("true_false_answer")
        main += ["explanation", "topics", "difficulty", "framing", "status"]
        if question_type in (Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE):
            main.append("keep_option_order")
        fieldsets = [
            (Question.Type(question_type).label if question_type else None, {"fields": main}),
            (
                "Disagreement",
                {
                    "fields": ["disagreement"],
                    "description": "Only when the question asks about a contested point: its key then shows every "
                    "source's position. Points are edited under “Disagreement points”.",
                },
            ),
        ]
        if obj is not None:
            fieldsets.append(("About", {"fields": ["author", "created_at", "updated_at", "previews", "versions"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["slug", "type", "author", "created_at", "updated_at", "previews", "versions"]

    def get_inlines(self, request, obj):
        return [*ANSWER_KEY_INLINES.get(self.question_type(request, obj), []), CitationInline]

    # Saving -----------------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        forms.save_placed_rows(formset, parent_field="question")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        question = form.instance
        if question.type == Question.Type.TRUE_FALSE:
            answer = form.cleaned_data["true_false_answer"]
            for position, (key, text) in enumerate((("true", "True"), ("false", "False")), start=1):
                choice = question.choices.filter(key=key).first() or Choice(
                    question=question, key=key, text=text, position=position
                )
                is_correct = answer == (key == "true")
                if choice.pk is None or choice.is_correct != is_correct:
                    choice.is_correct = is_correct
                    choice.save()
        # Every save ends here: an edit of a question an attempt has used becomes a new version.
        record_version(question=question, by=request.user, now=timezone.now())

    # List columns -----------------------------------------------------------------------------------------

    @admin.display(description="prompt")
    def short_prompt(self, question):
        return question.prompt if len(question.prompt) <= 80 else question.prompt[:79] + "…"

    @admin.display(description="preview")
    def previews(self, question):
        if question.pk is None:
            return "-"
        return format_html(
            '<a href="{}">as a student sees it</a> · <a href="{}">with its key</a>',
            reverse("admin:quizzes_question_preview", args=[question.pk]),
            reverse("admin:quizzes_question_preview_key", args=[question.pk]),
        )

    @admin.display(description="versions")
    def versions(self, question):
        rows = versions_with_authors(question=question)
        if not rows:
            return "none yet: the first attempt or save makes version 1"
        items = format_html_join(
            "",
            "<li>v{} by {} on {}{}</li>",
            (
                (
                    version.number,
                    version.created_by or "the bank files",
                    version.created_at.strftime("%Y-%m-%d %H:%M"),
                    format_html(
                        ' · <a href="{}?a={}&amp;b={}">what changed from v{}</a>',
                        reverse("admin:quizzes_question_version_diff", args=[question.pk]),
                        older.number,
                        version.number,
                        older.number,
                    )
                    if older is not None
                    else "",
                )  # fmt: skip
                for version, older in zip(rows, [*rows[1:], None], strict=True)
            ),
        )
        return format_html('<ul class="versions">{}</ul>', items)

    def version_diff_view(self, request, question_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        question = get_object_or_404(Question, pk=question_id)
        numbers = [request.GET.get("a"), request.GET.get("b")]
        found = {v.number: v for v in question.versions.filter(number__in=[n for n in numbers if (n or "").isdigit()])}
        if len(found) != 2:
            raise Http404("Name two versions of the question: ?a=1&b=2")
        older, newer = (found[int(number)] for number in numbers)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": question,
            "title": f"{question.slug}: what changed from v{older.number} to v{newer.number}",
            "lines": version_diff(older=older, newer=newer),
        }
        return TemplateResponse(request, "admin/quizzes/question/version_diff.html", context)

    # Bulk actions ------------------------------------------------------------------------------------------

    @admin.action(description="Publish the selected questions", permissions=["change"])
    def publish(self, request, queryset):
        report_outcome(self, request, authoring.publish_questions(questions=list(queryset)), "Published")

    @admin.action(description="Unpublish the selected questions (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        report_outcome(self, request, authoring.unpublish_questions(questions=list(queryset)), "Back to draft")

    @admin.action(description="Duplicate the selected questions as drafts", permissions=["add"])
    def duplicate(self, request, queryset):
        outcome = authoring.BulkOutcome()
        for question in queryset:
            try:
                copy = authoring.duplicate_question(question=question, author=request.user)
            except BankError as error:
                outcome.refused[question.slug] = "; ".join(problem.message for problem in error.problems)
            else:
                outcome.done.append(copy.slug)
        report_outcome(self, request, outcome, "Created the drafts")

    @admin.action(description="Add the selected questions to a quiz", permissions=["change"])
    def add_to_quiz(self, request, queryset):
        if not request.user.has_perm("quizzes.change_quiz"):
            raise PermissionDenied
        form = forms.AddToQuizForm(request.POST if "quiz" in request.POST else None)
        form.fields["quiz"].queryset = scope.editable_quizzes(user=request.user).order_by("title")
        if form.is_valid():
            outcome = authoring.add_questions_to_quiz(quiz=form.cleaned_data["quiz"], questions=list(queryset))
            report_outcome(self, request, outcome, f"Added to {form.cleaned_data['quiz'].title}")
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add questions to a quiz",
            "form": form,
            "questions": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/quizzes/question/add_to_quiz.html", context)

    @admin.action(description="Export the selected questions as bank JSON", permissions=["view"])
    def export_bank_json(self, request, queryset):
        document = authoring.export_questions_document(questions=list(queryset))
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2, default=str), content_type="application/json"
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="questions-{stamp}.json"'
        return response

    # Previews and import -----------------------------------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:question_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                {"with_key": False},
                name="quizzes_question_preview",
            ),
            path(
                "<int:question_id>/preview/key/",
                self.admin_site.admin_view(self.preview_view),
                {"with_key": True},
                name="quizzes_question_preview_key",
            ),
            path("import/", self.admin_site.admin_view(self.import_view), name="quizzes_question_import"),
            path(
                "import-formats/",
                self.admin_site.admin_view(lambda request: formats.import_view(self, request)),
                name="quizzes_question_import_formats",
            ),
            path(
                "<int:question_id>/versions/diff/",
                self.admin_site.admin_view(self.version_diff_view),
                name="quizzes_question_version_diff",
            ),
        ]
        return own + super().get_urls()

    def preview_view(self, request, question_id, with_key):
        if not self.has_view_permission(request):
            raise PermissionDenied
        question = get_object_or_404(with_content(Question.objects.all()), pk=question_id)
        card = preview_card(
            question=question, number=1, points=1, reveal_key=with_key, sources=sources_of_rows(question)
        )
        context = {
            "back_url": reverse("admin:quizzes_question_change", args=[question.pk]),
            "back_label": question.slug,
            "title": f"Preview of {question.slug}" + (" with its key" if with_key else " as a student sees it"),
            "cards": [card],
            "with_key": with_key,
            "other_url": reverse(
                "admin:quizzes_question_preview" if with_key else "admin:quizzes_question_preview_key",
                args=[question.pk],
            ),
        }
        return TemplateResponse(request, "quizzes/preview.html", context)

    def import_view(self, request):
        """Upload -> every problem, or what would change -> confirm. The upload waits in the session meanwhile."""
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "Import a bank file"}
        upload_form = forms.BankUploadForm()
        if request.method == "POST" and "confirm" in request.POST:
            pending = request.session.get(IMPORT_SESSION_KEY)
            if pending is None:
                messages.error(request, "Nothing to import: upload the file again.")
                return HttpResponseRedirect(request.path)
            try:
                document = bank_import.parse_bank_upload(
                    content=pending["content"].encode("utf-8"), file_name=pending["name"]
                )
                with transaction.atomic():
                    report = bank_import.import_bank_document(document=document)
            except BankError as error:
                context.update(form=upload_form, problems=error.problems, file_name=pending["name"])
                return TemplateResponse(request, "admin/quizzes/question/import.html", context)
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request,
                f"Imported {pending['name']}: topics {report.topics.summary()}; points {report.points.summary()}; "
                f"questions {report.questions.summary()}; quizzes {report.quizzes.summary()}.",
            )
            return HttpResponseRedirect(reverse("admin:quizzes_question_changelist"))
        if request.method == "POST":
            upload_form = forms.BankUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                upload = upload_form.cleaned_data["file"]
                content = upload.read()
                try:
                    document = bank_import.parse_bank_upload(content=content, file_name=upload.name)
                    preview = bank_import.preview_bank_import(document=document)
                except BankError as error:
                    preview = bank_import.ImportPreview(problems=error.problems)
                context.update(preview=preview, file_name=upload.name)
                if not preview.problems and preview.changes:
                    request.session[IMPORT_SESSION_KEY] = {"name": upload.name, "content": content.decode("utf-8")}
        context["form"] = upload_form
        return TemplateResponse(request, "admin/quizzes/question/import.html", context)

    def history_view(self, request, object_id, extra_context=None):
        """The question's own history, then the changes to its answer key, citations and disagreement entries."""
        part_changes = []
        source_slugs = dict(Source.objects.values_list("pk", "slug"))
        for kind, model, describe in HISTORY_PARTS:
            for record in model.history.filter(question_id=object_id).select_related("history_user"):
                record.kind, record.summary = kind, describe(record, source_slugs)
                part_changes.append(record)
        part_changes.sort(key=lambda record: record.history_date, reverse=True)
        return super().history_view(request, object_id, {**(extra_context or {}), "part_changes": part_changes})

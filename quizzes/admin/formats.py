"""The admin's Moodle XML, QTI 1.2, GIFT and CSV exports (actions on the question and quiz lists) and the import
page (upload, preview with every problem, confirm)."""

import base64

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from quizzes.errors import BankError
from quizzes.services.formats import FORMATS
from quizzes.services.formats.common import MAX_FILE_BYTES, FormatError
from quizzes.services.question_formats import (
    QuestionsImport,
    export_questions_file,
    import_questions_file,
    read_questions_file,
    selected_questions,
)

FORMAT_LABELS = {"moodle-xml": "Moodle XML", "qti12": "QTI 1.2 for Canvas", "gift": "GIFT", "csv": "CSV"}
IMPORT_SESSION_KEY = "admin-questions-import"


def download(request, model_admin, *, questions, points, format_name: str, title: str) -> HttpResponse:
    exported = export_questions_file(
        questions=questions, points=points, format_name=format_name, site_url=request.build_absolute_uri("/"),
        title=title,
    )  # fmt: skip
    for left_out in exported.left_out:
        model_admin.message_user(
            request, f"Left out of the {FORMAT_LABELS[format_name]} file: {left_out}", messages.WARNING
        )
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    return response


def question_export_action(format_name: str):
    """Return an admin action exporting the selected questions in the format."""

    def action(model_admin, request, queryset):
        questions, points = selected_questions(slugs=queryset.values_list("slug", flat=True))
        return download(
            request, model_admin, questions=questions, points=points, format_name=format_name, title="questions"
        )

    action.__name__ = f"export_{format_name.replace('-', '_')}"
    return admin.action(description=f"Export the selected questions as {FORMAT_LABELS[format_name]}",
                        permissions=["view"])(action)  # fmt: skip


def quiz_export_action(format_name: str):
    """Return an admin action exporting the selected quizzes' questions (in order, with their points)."""

    def action(model_admin, request, queryset):
        quizzes = list(queryset.order_by("slug"))
        questions, points, seen = [], {}, set()
        for quiz in quizzes:
            quiz_questions, quiz_points = selected_questions(quiz=quiz)
            questions += [question for question in quiz_questions if question["id"] not in seen]
            seen.update(question["id"] for question in quiz_questions)
            points = {**quiz_points, **points}
        title = quizzes[0].slug if len(quizzes) == 1 else "quizzes"
        return download(request, model_admin, questions=questions, points=points, format_name=format_name, title=title)

    action.__name__ = f"export_{format_name.replace('-', '_')}"
    return admin.action(description=f"Export the selected quizzes as {FORMAT_LABELS[format_name]}",
                        permissions=["view"])(action)  # fmt: skip


QUESTION_EXPORT_ACTIONS = [question_export_action(name) for name in FORMATS]
QUIZ_EXPORT_ACTIONS = [quiz_export_action(name) for name in FORMATS]


class QuestionsUploadForm(forms.Form):
    file = forms.FileField(
        help_text="Moodle XML (.xml), QTI 1.2 from Canvas (.zip or .xml), GIFT (.gift or .txt) or CSV (.csv)."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB.")
        return upload


def import_view(model_admin, request):
    """Upload -> what would be created and every problem -> confirm the valid part (checked again then)."""
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import questions from Moodle, Canvas, GIFT or CSV",
    }
    form = QuestionsUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(IMPORT_SESSION_KEY)
        if pending is None:
            messages.error(request, "Nothing to import: upload the file again.")
            return HttpResponseRedirect(request.path)
        try:
            result = import_questions_file(
                content=base64.b64decode(pending["content"]), file_name=pending["name"], author=request.user
            )
        except FormatError as error:
            context.update(form=form, error=str(error))
            return TemplateResponse(request, "admin/quizzes/question/import_formats.html", context)
        except BankError as error:
            # The bank changed since the preview and nothing in the file is valid any more.
            preview = QuestionsImport(file_name=pending["name"], format_name="", problems=error.problems)
            context.update(form=form, preview=preview)
            return TemplateResponse(request, "admin/quizzes/question/import_formats.html", context)
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request,
            f"Created {len(result.created)} draft question(s) from {pending['name']}: {', '.join(result.created)}.",
        )
        return HttpResponseRedirect(reverse("admin:quizzes_question_changelist"))
    if request.method == "POST":
        form = QuestionsUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                preview = read_questions_file(content=content, file_name=upload.name)
            except FormatError as error:
                context["error"] = str(error)
            else:
                context["preview"] = preview
                if preview.questions:
                    request.session[IMPORT_SESSION_KEY] = {
                        "name": upload.name, "content": base64.b64encode(content).decode("ascii"),
                    }  # fmt: skip
    context["form"] = form
    return TemplateResponse(request, "admin/quizzes/question/import_formats.html", context)

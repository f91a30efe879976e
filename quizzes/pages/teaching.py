"""The class dashboard: teachers follow their students' results (linked from the admin)."""

import csv
from itertools import chain

from django.contrib.auth.decorators import login_required, permission_required
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from quizzes import selectors
from quizzes.models import Quiz
from quizzes.services.charts import distribution_chart, history_chart, mastery_chart
from quizzes.services.class_results import class_overview, iter_quiz_student_rows, quiz_results
from quizzes.services.progress import student_progress


def teacher_only(view):
    return login_required(permission_required("quizzes.view_attempt", raise_exception=True)(view))


def list_request(request) -> dict:
    """The student list's search and page, as asked in the query string."""
    return {"search": request.GET.get("q", "").strip(), "page_number": request.GET.get("page", 1)}


@teacher_only
def dashboard(request):
    students = selectors.students_taught_by(request.user)
    overview = class_overview(students=students, **list_request(request))
    return render(request, "quizzes/teacher_dashboard.html", {"overview": overview})


@teacher_only
def quiz_dashboard(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug)
    results = quiz_results(quiz=quiz, students=selectors.students_taught_by(request.user), **list_request(request))
    chart = distribution_chart(results.distribution, title=f"Scores of the submitted attempts at {quiz.title}")
    return render(request, "quizzes/teacher_quiz.html", {"quiz": quiz, "results": results, "chart": chart})


class Echo:
    """A file-like sink for csv.writer that hands each written line back, so rows stream as they are made."""

    def write(self, line: str) -> str:
        return line


def spreadsheet_text(text: str) -> str:
    """The text, quoted against spreadsheets that run a cell starting with = + - or @ as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


@teacher_only
def quiz_students_csv(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug)
    rows = iter_quiz_student_rows(quiz=quiz, students=selectors.students_taught_by(request.user))
    writer = csv.writer(Echo())
    lines = (
        writer.writerow(
            [spreadsheet_text(row.username), row.attempts, row.best_percent, row.latest_percent, row.last_submitted_at]
        )
        for row in rows
    )
    header = writer.writerow(["student", "attempts", "best_percent", "latest_percent", "last_submitted_at"])
    response = StreamingHttpResponse(chain([header], lines), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{quiz.slug}-students.csv"'
    return response


@teacher_only
def student_dashboard(request, username):
    student = get_object_or_404(selectors.students_taught_by(request.user), username=username)
    progress = student_progress(student=student)
    context = {
        "student": student,
        "progress": progress,
        "history_svg": history_chart(progress.history),
        "topic_svg": mastery_chart(progress.topics, title="Mastery by topic"),
        "source_svg": mastery_chart(progress.sources, title="Mastery by source"),
    }
    return render(request, "quizzes/teacher_student.html", context)

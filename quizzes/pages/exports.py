"""Teachers' CSV downloads of a quiz's results, streamed row by row."""

import csv
from itertools import chain

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404

from quizzes import selectors
from quizzes.pages.teaching import teacher_only
from quizzes.services import scope
from quizzes.services.class_results import iter_quiz_student_rows
from quizzes.services.results_export import item_statistics_rows, quiz_result_rows


class _Line:
    """A file-like object whose write returns the line, so csv.writer yields text to stream."""

    def write(self, line: str) -> str:
        return line


def spreadsheet_text(cell):
    """The cell, quoted against spreadsheets that run a text starting with = + - or @ as a formula."""
    return f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell


def _csv_response(rows, *, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Line())
    lines = (writer.writerow([spreadsheet_text(cell) for cell in row]) for row in rows)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@teacher_only
def quiz_results_csv(request, slug):
    quiz = get_object_or_404(scope.visible_quizzes(user=request.user), slug=slug)
    rows = quiz_result_rows(quiz=quiz, students=selectors.students_taught_by(request.user))
    return _csv_response(rows, filename=f"{quiz.slug}-results.csv")


@teacher_only
def quiz_items_csv(request, slug):
    quiz = get_object_or_404(scope.visible_quizzes(user=request.user), slug=slug)
    rows = item_statistics_rows(quiz=quiz, students=selectors.students_taught_by(request.user))
    return _csv_response(rows, filename=f"{quiz.slug}-questions.csv")


@teacher_only
def quiz_students_csv(request, slug):
    quiz = get_object_or_404(scope.visible_quizzes(user=request.user), slug=slug)
    students = iter_quiz_student_rows(quiz=quiz, students=selectors.students_taught_by(request.user))
    header = [["student", "attempts", "best_percent", "latest_percent", "last_submitted_at"]]
    rows = (
        [row.username, row.attempts, row.best_percent, row.latest_percent, row.last_submitted_at] for row in students
    )
    return _csv_response(chain(header, rows), filename=f"{quiz.slug}-students.csv")

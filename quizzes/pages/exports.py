"""Teachers' CSV downloads of a quiz's results, streamed row by row."""

import csv

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404

from quizzes import selectors
from quizzes.models import Quiz
from quizzes.pages.teaching import teacher_only
from quizzes.services.results_export import item_statistics_rows, quiz_result_rows


class _Line:
    """A file-like object whose write returns the line, so csv.writer yields text to stream."""

    def write(self, line: str) -> str:
        return line


def _csv_response(rows, *, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Line())
    response = StreamingHttpResponse((writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@teacher_only
def quiz_results_csv(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug)
    rows = quiz_result_rows(quiz=quiz, students=selectors.students_taught_by(request.user))
    return _csv_response(rows, filename=f"{quiz.slug}-results.csv")


@teacher_only
def quiz_items_csv(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug)
    rows = item_statistics_rows(quiz=quiz, students=selectors.students_taught_by(request.user))
    return _csv_response(rows, filename=f"{quiz.slug}-questions.csv")

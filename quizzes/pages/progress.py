"""A student's own progress: attempt history and mastery by topic and source."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from quizzes.services.charts import history_chart, mastery_chart
from quizzes.services.progress import student_progress


@login_required
def progress(request):
    student_record = student_progress(student=request.user, now=timezone.now())
    return render(
        request,
        "quizzes/progress.html",
        {
            "progress": student_record,
            "history_svg": history_chart(student_record.history),
            "topic_svg": mastery_chart(student_record.topics, title="Mastery by topic"),
            "source_svg": mastery_chart(student_record.sources, title="Mastery by source"),
        },
    )

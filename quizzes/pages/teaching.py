"""The class dashboard: teachers follow their students' results (linked from the admin)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render

from quizzes import selectors
from quizzes.services import scope
from quizzes.services.charts import distribution_chart, history_chart, mastery_chart
from quizzes.services.class_results import class_overview, quiz_results
from quizzes.services.progress import student_progress


def teacher_only(view):
    return login_required(permission_required("quizzes.view_attempt", raise_exception=True)(view))


@teacher_only
def dashboard(request):
    students = selectors.students_taught_by(request.user)
    return render(request, "quizzes/teacher_dashboard.html", {"overview": class_overview(students=students)})


@teacher_only
def quiz_dashboard(request, slug):
    quiz = get_object_or_404(scope.visible_quizzes(user=request.user), slug=slug)
    results = quiz_results(quiz=quiz, students=selectors.students_taught_by(request.user))
    chart = distribution_chart(results.distribution, title=f"Scores of the submitted attempts at {quiz.title}")
    return render(request, "quizzes/teacher_quiz.html", {"quiz": quiz, "results": results, "chart": chart})


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

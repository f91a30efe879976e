"""The class dashboard: teachers follow their students' results (linked from the admin)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from quizzes import selectors
from quizzes.lti.services import grades as lti_grades
from quizzes.lti.services import roster as lti_roster
from quizzes.models import Attempt
from quizzes.services import attempts, scope
from quizzes.services.charts import distribution_chart, history_chart, mastery_chart
from quizzes.services.class_results import class_overview, quiz_results
from quizzes.services.presentation import question_card, review_sources
from quizzes.services.progress import student_progress
from quizzes.services.review_marks import seconds_per_question, state_tally


def teacher_only(view):
    return login_required(permission_required("quizzes.view_attempt", raise_exception=True)(view))


def list_request(request) -> dict:
    """The student list's search and page, as asked in the query string."""
    return {"search": request.GET.get("q", "").strip(), "page_number": request.GET.get("page", 1)}


@teacher_only
def dashboard(request):
    students = selectors.students_taught_by(request.user)
    context = {
        "overview": class_overview(students=students, **list_request(request)),
        "lms_courses": lti_roster.lms_courses_taught_by(teacher=request.user),
        "unsent_scores": lti_grades.unsent_scores(students=students),
    }
    return render(request, "quizzes/teacher_dashboard.html", context)


@teacher_only
def quiz_dashboard(request, slug):
    quiz = get_object_or_404(scope.visible_quizzes(user=request.user), slug=slug)
    results = quiz_results(quiz=quiz, students=selectors.students_taught_by(request.user), **list_request(request))
    chart = distribution_chart(results.distribution, title=f"Scores of the submitted attempts at {quiz.title}")
    return render(request, "quizzes/teacher_quiz.html", {"quiz": quiz, "results": results, "chart": chart})


@teacher_only
def student_dashboard(request, username):
    student = get_object_or_404(selectors.students_taught_by(request.user), username=username)
    progress = student_progress(student=student, now=timezone.now())
    context = {
        "student": student,
        "progress": progress,
        "history_svg": history_chart(progress.history),
        "topic_svg": mastery_chart(progress.topics, title="Mastery by topic"),
        "source_svg": mastery_chart(progress.sources, title="Mastery by source"),
    }
    return render(request, "quizzes/teacher_student.html", context)


@teacher_only
def attempt_review(request, attempt_id):
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz", "student").filter(
            student__in=selectors.students_taught_by(request.user), submitted_at__isnull=False
        ),
        pk=attempt_id,
    )
    slots = attempts.attempt_slots(attempt, with_key=True)
    responses = {slot.pk: attempts.slot_response(slot) for slot in slots}
    seconds = seconds_per_question(
        started_at=attempt.started_at,
        answered_at_by_question={key: response.answered_at for key, response in responses.items() if response},
    )
    sources = review_sources()
    cards = []
    for slot in slots:
        card = question_card(
            content=attempts.slot_content(slot, with_key=True), option_order=slot.option_order,
            number=slot.position, points=slot.points, response=responses[slot.pk], reveal_key=True, sources=sources,
        )  # fmt: skip
        card["seconds_spent"] = seconds.get(slot.pk)
        cards.append(card)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "cards": cards,
        "reveal": True,
        "tally": state_tally(cards),
        "percent": attempts.attempt_percent(attempt),
    }
    return render(request, "quizzes/teacher_attempt.html", context)

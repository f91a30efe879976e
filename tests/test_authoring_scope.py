"""Teachers edit only the quizzes they author or that belong to a course they teach (superusers: all), in the
admin and through the API; a draft is 404 to everyone else."""

import pytest
from django.contrib.auth import get_user_model

from quizzes.models import Quiz
from tests.conftest import run_command
from tests.factories import CourseFactory, QuizFactory, UserFactory
from tests.test_admin_quizzes import quiz_post, rows_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_course_exam(db):
    """A published exam of another teacher's course."""
    other_teacher = UserFactory(username="other-teacher", is_staff=True)
    quiz = QuizFactory(n_questions=1, title="Their exam", author=other_teacher)
    quiz.courses.add(CourseFactory(slug="their-course", teachers=[other_teacher]))
    return quiz


def change(client, quiz: Quiz, **settings):
    return client.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", quiz_post(quiz, rows_of(quiz, [1]), **settings))


def test_a_teacher_cannot_change_another_courses_exam_in_the_admin(teacher_in_admin, other_course_exam):
    page = teacher_in_admin.get(f"/admin/quizzes/quiz/{other_course_exam.pk}/change/")
    assert page.status_code == 200 and 'name="review_mode"' not in page.content.decode()  # shown read-only
    refused = change(teacher_in_admin, other_course_exam, review_mode=Quiz.ReviewMode.PER_QUESTION)
    assert refused.status_code == 403
    other_course_exam.refresh_from_db()
    assert other_course_exam.review_mode == Quiz.ReviewMode.AFTER_SUBMISSION
    assert (
        teacher_in_admin.post(f"/admin/quizzes/quiz/{other_course_exam.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Quiz.objects.filter(pk=other_course_exam.pk).exists()


def test_a_teacher_of_the_quizs_course_may_change_it(teacher_in_admin, bank_teacher, other_course_exam):
    other_course_exam.courses.first().teachers.add(bank_teacher)
    assert change(teacher_in_admin, other_course_exam, review_mode=Quiz.ReviewMode.PER_QUESTION).status_code == 302
    other_course_exam.refresh_from_db()
    assert other_course_exam.review_mode == Quiz.ReviewMode.PER_QUESTION


def test_the_author_may_change_their_quiz_and_a_superuser_any(client, bank_teacher, other_course_exam):
    client.force_login(other_course_exam.author)
    other_course_exam.author.groups.add(*bank_teacher.groups.all())
    assert change(client, other_course_exam, pass_mark="70").status_code == 302
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    # A superuser's form also holds the quiz's random pools (teachers do not manage those).
    pools = {"pools-TOTAL_FORMS": "0", "pools-INITIAL_FORMS": "0"}
    assert change(client, other_course_exam, pass_mark="80", **pools).status_code == 302
    other_course_exam.refresh_from_db()
    assert other_course_exam.pass_mark == 80


def test_a_quiz_outside_the_scope_is_not_offered_to_add_questions_to(teacher_in_admin, bank_teacher, other_course_exam):
    own = QuizFactory(n_questions=1, title="Mine", author=bank_teacher)
    page = teacher_in_admin.post(
        "/admin/quizzes/question/",
        {"action": "add_to_quiz", "_selected_action": [own.questions.first().pk]},
    ).content.decode()
    assert "Mine" in page and "Their exam" not in page


def test_another_teachers_draft_is_not_found_in_the_admin_the_api_or_the_dashboard(
    teacher_in_admin, cast, other_course_exam
):
    other_course_exam.status = Quiz.Status.DRAFT
    other_course_exam.save()
    assert teacher_in_admin.get("/admin/quizzes/quiz/").content.decode().count("Their exam") == 0
    assert teacher_in_admin.get(f"/admin/quizzes/quiz/{other_course_exam.pk}/preview/").status_code == 404
    assert teacher_in_admin.get(f"/teaching/quizzes/{other_course_exam.slug}/").status_code == 404
    for role in ("teacher", "integration", "student"):
        draft = cast.client(role).get(f"/api/v1/quizzes/{other_course_exam.slug}/results/")
        unknown = cast.client(role).get("/api/v1/quizzes/no-such-quiz/results/")
        assert (draft.status_code, draft.json()) == (unknown.status_code, unknown.json()), role
        assert draft.status_code == 404, role


def test_the_author_reads_the_results_of_their_draft(cast, other_course_exam):
    other_course_exam.status = Quiz.Status.DRAFT
    other_course_exam.author = cast.teacher
    other_course_exam.save()
    assert cast.client("teacher").get(f"/api/v1/quizzes/{other_course_exam.slug}/results/").status_code == 200


def test_the_demo_teacher_may_edit_the_shipped_quizzes(client, loaded_bank):
    run_command("seed_demo")
    client.force_login(get_user_model().objects.get(username="teacher"))
    quiz = Quiz.objects.get(slug="first-look")
    assert 'name="review_mode"' in client.get(f"/admin/quizzes/quiz/{quiz.pk}/change/").content.decode()


def test_a_teacher_cannot_regrade_another_courses_exam(teacher_in_admin, other_course_exam):
    url = f"/admin/quizzes/quiz/{other_course_exam.pk}/regrade/"
    assert teacher_in_admin.post(url, {"apply": "0"}).status_code == 403

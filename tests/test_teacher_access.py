"""Who reaches the admin and the class dashboard: teachers with exactly their permissions; never a student."""

import pytest
from django.contrib.auth.models import Group

from quizzes.models import Attempt, Quiz, Source
from quizzes.services.accounts import TEACHERS_GROUP
from tests.conftest import log_in, run_command
from tests.factories import AttemptFactory, CourseFactory, UserFactory

pytestmark = pytest.mark.django_db

TEACHER_PERMISSIONS = {
    *(f"{action}_{model}" for action in ("view", "add", "change", "delete") for model in (
        "question", "choice", "acceptedanswer", "orderingitem", "matchingpair", "citation", "disagreementpoint",
        "sourceposition", "positionquote", "quiz", "quizquestion", "flashcard", "cardcitation",
    )),
    "view_topic", "add_topic", "change_topic", "view_source", "view_passage", "view_attempt", "view_response",
}  # fmt: skip


def test_the_teachers_group_has_exactly_the_permissions_a_teacher_needs():
    run_command("seed_demo")
    granted = Group.objects.get(name=TEACHERS_GROUP).permissions.select_related("content_type")
    assert {f"{p.content_type.app_label}.{p.codename}" for p in granted} == {
        *(f"quizzes.{codename}" for codename in TEACHER_PERMISSIONS),
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    }


def test_the_demo_teacher_is_a_staff_teacher_who_teaches_the_demo_student(client):
    run_command("seed_demo")
    assert log_in(client, "teacher", "teacher-pass")
    assert client.get("/admin/quizzes/question/").status_code == 200
    assert "student" in client.get("/teaching/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/admin/auth/user/", "/admin/auth/group/", "/admin/quizzes/course/", "/admin/quizzes/integrationkey/",
     "/admin/quizzes/source/add/"],
)  # fmt: skip
def test_a_teacher_cannot_manage_people_keys_or_sources(client, bank_teacher, url):
    client.force_login(bank_teacher)
    assert client.get(url).status_code == 403


def test_a_teacher_reads_a_source_but_cannot_change_its_text(client, bank_teacher):
    source = Source.objects.first()
    client.force_login(bank_teacher)
    page = client.get(f"/admin/quizzes/source/{source.pk}/change/").content.decode()
    assert "Questions citing it" in page and "p-1" in page and 'name="text"' not in page
    client.post(f"/admin/quizzes/source/{source.pk}/change/", {"text": "rewritten"})
    source.refresh_from_db()
    assert source.text != "rewritten"


def test_a_teacher_sees_only_the_attempts_of_their_own_students(client, bank_teacher):
    mine, other = UserFactory(username="mine"), UserFactory(username="not-mine")
    CourseFactory(teachers=[bank_teacher], students=[mine])
    quiz = Quiz.objects.get(slug="first-look")
    AttemptFactory(quiz=quiz, student=mine)
    AttemptFactory(quiz=quiz, student=other)
    client.force_login(bank_teacher)
    listed = list(client.get("/admin/quizzes/attempt/").context["cl"].result_list)
    assert [attempt.student for attempt in listed] == [mine]
    hidden = Attempt.objects.get(student=other)
    assert client.get(f"/admin/quizzes/attempt/{hidden.pk}/change/").status_code == 302  # "does not exist"


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/quizzes/question/", "/admin/quizzes/question/add/?type=cloze", "/admin/quizzes/attempt/"]
)
def test_a_student_cannot_reach_the_admin(client, student, url):
    client.force_login(student)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


@pytest.mark.parametrize("url", ["/teaching/", "/teaching/quizzes/first-look/", "/teaching/students/a-student/"])
def test_a_student_cannot_reach_the_dashboard(client, student, url):
    CourseFactory(students=[student])
    client.force_login(student)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).url.startswith("/accounts/login/")


def test_a_teacher_cannot_open_the_progress_of_someone_elses_student(client, bank_teacher):
    UserFactory(username="stranger")
    client.force_login(bank_teacher)
    assert client.get("/teaching/students/stranger/").status_code == 404

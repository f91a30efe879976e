import pytest
from django.contrib.auth import get_user_model

from tests.conftest import log_in, run_command

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_teacher_and_the_student(client):
    out, _ = run_command("seed_demo")
    assert "teacher: created" in out and "student: created" in out
    teacher = get_user_model().objects.get(username="teacher")
    student = get_user_model().objects.get(username="student")
    assert teacher.is_staff and not teacher.is_superuser
    assert teacher.groups.filter(name="Teachers").exists()
    assert not student.is_staff and student.groups.filter(name="Students").exists()
    assert log_in(client, "teacher", "teacher-pass")
    assert log_in(client, "student", "student-pass")


def test_seed_demo_is_idempotent():
    run_command("seed_demo")
    out, _ = run_command("seed_demo")
    assert out.splitlines() == ["teacher: unchanged", "student: unchanged"]
    assert get_user_model().objects.count() == 2


def test_seed_demo_restores_a_changed_demo_password(client):
    run_command("seed_demo")
    student = get_user_model().objects.get(username="student")
    student.set_password("something-else")
    student.save()
    out, _ = run_command("seed_demo")
    assert "student: updated" in out
    assert log_in(client, "student", "student-pass")

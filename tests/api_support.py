"""Shared setup of the API tests: the five roles of the authorization matrix and how each one calls."""

import threading
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from quizzes.models import IntegrationKey, Quiz
from quizzes.services.accounts import TEACHERS_GROUP, ensure_groups
from tests.factories import CourseFactory, UserFactory, integration_key

ROLES = ("anonymous", "student", "other_student", "teacher", "integration")


@dataclass
class Cast:
    """The people of one course: a student, a student of another course, their teacher and the LMS key."""

    student: object
    other_student: object
    teacher: object
    course: object
    key: str
    read_key: str

    def client(self, role: str) -> APIClient:
        client = APIClient()
        if role == "integration":
            client.credentials(HTTP_AUTHORIZATION=f"Api-Key {self.key}")
        elif role == "read_integration":
            client.credentials(HTTP_AUTHORIZATION=f"Api-Key {self.read_key}")
        elif role != "anonymous":
            # A fresh instance, as each real request loads the user anew (no permission cache carried over).
            user = getattr(self, role)
            client.force_authenticate(type(user).objects.get(pk=user.pk))
        return client


@pytest.fixture
def cast(db) -> Cast:
    ensure_groups()
    # "!" is an unusable password, stored as is: hashing real ones would make each test slower.
    student = UserFactory(username="stu", password="!")
    other_student = UserFactory(username="other", password="!")
    teacher = UserFactory(username="teach", is_staff=True, password="!")
    teacher.groups.add(Group.objects.get(name=TEACHERS_GROUP))
    course = CourseFactory(slug="history-101", teachers=[teacher], students=[student])
    CourseFactory(slug="history-102", students=[other_student])
    return Cast(
        student=student,
        other_student=other_student,
        teacher=teacher,
        course=course,
        key=integration_key(course=course),
        read_key=integration_key(course=course, scope=IntegrationKey.Scope.READ, name="read-only"),
    )


@pytest.fixture
def first_look(loaded_bank) -> Quiz:
    return Quiz.objects.get(slug="first-look")


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; each test starts with none used."""
    cache.clear()


# Races are shown on PostgreSQL only: SQLite serialises every write.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises every write, so it cannot show a race (CI runs it on PostgreSQL)",
)


def call_at_once(student, requests) -> list:
    """Send each request from its own thread and client, all released together; return the responses."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def call(index, method, url, body):
        client = APIClient()
        client.force_authenticate(student)
        try:
            barrier.wait()
            responses[index] = getattr(client, method)(url, body, format="json")
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(index, *request)) for index, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses

"""Courses: who teaches whom, and the integration keys that act for a course's students."""

from django.db import transaction

from quizzes.models import Course, IntegrationKey


@transaction.atomic
def enrol(*, course_slug: str, title: str = "", teachers=(), students=()) -> Course:
    """Return the course (created if new, retitled when a title is given) with the users added to it."""
    course, created = Course.objects.get_or_create(slug=course_slug, defaults={"title": title or course_slug})
    if title and not created and course.title != title:
        course.title = title
        course.save(update_fields=["title"])
    course.teachers.add(*teachers)
    course.students.add(*students)
    return course


def create_integration_key(
    *, course: Course, name: str, scope: str = IntegrationKey.Scope.READ, created_by=None, expiry_date=None
) -> tuple[IntegrationKey, str]:
    """Return the new key's record and the key itself, which is stored only as a hash and never shown again.

    Keys are read-only unless asked otherwise; a key with an expiry date stops working from then on.
    """
    return IntegrationKey.objects.create_key(
        course=course, name=name, scope=scope, created_by=created_by, expiry_date=expiry_date
    )


def revoke_integration_key(*, key: IntegrationKey) -> IntegrationKey:
    """Revoke the key for good (idempotent); calls made with it fail from now on."""
    if not key.revoked:
        key.revoked = True
        key.save(update_fields=["revoked"])
    return key

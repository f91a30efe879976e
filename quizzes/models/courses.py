from django.conf import settings
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey


class Course(models.Model):
    """A class taught by teachers to enrolled students; LMS integrations act only for its students."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    teachers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_courses", blank=True)
    students = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="enrolled_courses", blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class IntegrationKey(AbstractAPIKey):
    """An LMS integration's API key: bound to one course, revocable, read-only or allowed to write results.

    Only a hash of the key is stored; the key itself is shown once, when it is created.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read quizzes, results and progress"
        WRITE_RESULTS = "write_results", "Also run attempts for the course's students"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="integration_keys")
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.READ)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="integration_keys"
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "integration key"
        verbose_name_plural = "integration keys"

    @property
    def can_write_results(self) -> bool:
        return self.scope == self.Scope.WRITE_RESULTS


class IntegrationClient:
    """The request.user of a call made with an integration key; it is no person and holds no permissions."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, key: IntegrationKey):
        self.key = key
        self.course = key.course

    def __str__(self):
        return f"integration {self.key.name!r} of {self.course.slug}"

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perm_list, obj=None) -> bool:
        return False


def is_integration(user) -> bool:
    return isinstance(user, IntegrationClient)

import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from quizzes.models import Attempt, DisagreementPoint, Question, Quiz, Source, Topic
from tests.factories import UserFactory

# The API tests' roles and fixtures (cast, first_look).
pytest_plugins = ["tests.api_support"]


def run_command(name: str, *args) -> tuple[str, str]:
    """Run a management command; return what it wrote to stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_command(name: str, *args) -> tuple[CommandError, str, str]:
    """Run a management command that must fail; return the error and what it wrote to stdout and stderr."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(name, *args, stdout=out, stderr=err)
    return failure.value, out.getvalue(), err.getvalue()


def log_in(client, username: str, password: str) -> bool:
    """Log in through the login page, as a person does (django-axes needs the request); True when signed in."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped sources and bank once; each test runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        run_command("load_sources")
        run_command("load_bank")


@pytest.fixture
def loaded_sources(db):
    """The shipped sources (loaded once per session)."""


@pytest.fixture
def loaded_bank(db):
    """The shipped sources and question bank (loaded once per session)."""


@pytest.fixture
def practice_quizzes(db):
    """The shipped quizzes marked practice: every published question is then a study card from the start."""
    Quiz.objects.update(is_practice=True)


@pytest.fixture
def empty_db(db):
    """A database without the shipped sources and bank (removed inside the test's transaction)."""
    Attempt.objects.all().delete()
    Quiz.objects.all().delete()
    Question.objects.all().delete()
    DisagreementPoint.objects.all().delete()
    Topic.objects.all().delete()
    Source.objects.all().delete()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sources_copy(tmp_path):
    """A writable copy of fixtures/sources, for tests that edit a text."""
    copy = tmp_path / "sources"
    shutil.copytree(settings.SOURCES_DIR, copy)
    return copy


@pytest.fixture
def bank_copy(tmp_path):
    """A writable copy of fixtures/bank, for tests that break a bank file."""
    copy = tmp_path / "bank"
    shutil.copytree(settings.BANK_DIR, copy)
    return copy


@pytest.fixture
def student(db):
    return UserFactory(username="a-student")


@pytest.fixture
def teacher(db):
    return UserFactory(username="a-teacher", is_staff=True)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def bank_teacher(db):
    """A teacher as the demo has one: staff, in the Teachers group, not a superuser."""
    from quizzes.services.accounts import TEACHERS_GROUP, ensure_groups

    user = UserFactory(username="bank-teacher", is_staff=True)
    user.groups.add(ensure_groups()[TEACHERS_GROUP])
    return user


@pytest.fixture
def teacher_in_admin(client, bank_teacher):
    """The test client signed in as bank_teacher (not a superuser): the admin as teachers use it."""
    client.force_login(bank_teacher)
    return client

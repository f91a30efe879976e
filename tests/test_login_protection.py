"""Brute force: lockout per account and address on the login page and the admin login (django-axes), unlock in
the admin, a rate-limited password reset, and the client address taken only from what we trust."""

import pytest
from axes.models import AccessAttempt
from django.core import mail

from tests.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password"


@pytest.fixture
def account(db):
    return UserFactory(username="victim", email="victim@example.org", password=PASSWORD, is_staff=True)


def fail_logins(client, url: str, times: int, **extra) -> list:
    return [client.post(url, {"username": "victim", "password": f"guess-{n}"}, **extra) for n in range(times)]


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_after_the_failure_limit_even_the_right_password_is_refused_with_a_clear_page(client, account, url, settings):
    failures = fail_logins(client, url, settings.AXES_FAILURE_LIMIT)
    assert all(response.status_code in (200, 429) for response in failures)
    assert failures[-1].status_code == 429
    locked = client.post(url, {"username": "victim", "password": PASSWORD})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed logins" in page and "15 minutes" in page and "unlock it sooner" in page
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_leave_the_account_usable(client, account, settings):
    fail_logins(client, "/accounts/login/", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "victim", PASSWORD)


def test_the_lockout_is_per_account_and_address(client, account, settings):
    fail_logins(client, "/accounts/login/", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.7")
    response = client.post("/accounts/login/", {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 302


def test_a_new_forwarded_for_header_does_not_escape_the_lockout(client, account, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "victim", "password": "guess"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.post(
        "/accounts/login/", {"username": "victim", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == 429


def test_behind_one_trusted_proxy_the_forwarded_address_is_the_client(client, account, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    fail_logins(client, "/accounts/login/", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    other = client.post(
        "/accounts/login/", {"username": "victim", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert other.status_code == 302


def test_a_teacher_unlocks_the_account_in_the_admin(client, account, teacher_in_admin, settings):
    locked_out = type(client)()
    fail_logins(locked_out, "/accounts/login/", settings.AXES_FAILURE_LIMIT)
    assert not log_in(locked_out, "victim", PASSWORD)
    attempt = AccessAttempt.objects.get(username="victim")
    assert teacher_in_admin.get("/admin/axes/accessattempt/").status_code == 200
    deleted = teacher_in_admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert log_in(locked_out, "victim", PASSWORD)


def test_a_student_cannot_unlock_accounts(client, student):
    client.force_login(student)
    assert client.get("/admin/axes/accessattempt/").status_code == 302


def test_a_username_with_a_nul_is_an_ordinary_failed_login(client, account):
    response = client.post("/accounts/login/", {"username": "vic\x00tim", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_is_rate_limited_per_address(client, account, settings):
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 2
    sent = [client.post("/accounts/password_reset/", {"email": f"x{n}@example.org"}) for n in range(2)]
    assert [response.status_code for response in sent] == [302, 302]
    refused = client.post("/accounts/password_reset/", {"email": "victim@example.org"})
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert mail.outbox == []


def test_password_reset_is_rate_limited_per_email_across_addresses(client, account, settings):
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 2
    for n in range(2):
        client.post("/accounts/password_reset/", {"email": "victim@example.org"}, REMOTE_ADDR=f"192.0.2.{n}")
    assert len(mail.outbox) == 2
    refused = client.post("/accounts/password_reset/", {"email": "Victim@example.org"}, REMOTE_ADDR="192.0.2.99")
    assert refused.status_code == 429
    assert len(mail.outbox) == 2

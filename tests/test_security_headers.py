"""Content-Security-Policy on every page, the admin and the API docs; no caching of anything personal; sessions
that end after an idle time."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from quizzes.middleware import SESSION_SEEN_KEY
from quizzes.models import Quiz
from tests.factories import AttemptFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)


def script_policy(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("script-src"))


def assert_every_inline_script_has_the_nonce(response):
    page = response.content.decode()
    nonces = set(re.findall(r"'nonce-([^']+)'", script_policy(response)))
    for attributes in INLINE_SCRIPT.findall(page):
        found = re.search(r'nonce="([^"]+)"', attributes)
        assert found and found.group(1) in nonces, f"inline script without the page's nonce: <script{attributes}>"


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/sources/", "/admin/login/"])
def test_pages_carry_a_policy_allowing_scripts_only_from_the_site(client, loaded_sources, url):
    response = client.get(url)
    assert response.status_code == 200
    assert script_policy(response).split()[:2] == ["script-src", "'self'"]
    assert "'unsafe-inline'" not in script_policy(response)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert_every_inline_script_has_the_nonce(response)


def test_swagger_ui_runs_its_inline_script_under_the_policy_by_its_nonce(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert INLINE_SCRIPT.search(response.content.decode()), "the docs page starts its viewer inline"
    assert_every_inline_script_has_the_nonce(response)


def test_redoc_starts_from_its_own_element_with_no_inline_script(client):
    response = client.get("/api/v1/redoc/")
    page = response.content.decode()
    assert response.status_code == 200 and "<redoc spec-url=" in page
    assert not INLINE_SCRIPT.search(page) and "fonts.googleapis.com" not in page


def test_the_admin_works_under_the_policy(teacher_in_admin):
    response = teacher_in_admin.get("/admin/quizzes/question/add/")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert_every_inline_script_has_the_nonce(response)


def test_personal_pages_and_api_answers_are_never_cached(client, cast, loaded_bank):
    started = timezone.now() - timezone.timedelta(minutes=5)
    attempt = AttemptFactory(
        student=cast.student, started_at=started, submitted_at=timezone.now(), score=1, max_score=1, passed=True
    )
    client.force_login(cast.student)
    for url in (f"/attempts/{attempt.pk}/result/", "/progress/", "/flashcards/", "/api/v1/quizzes/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}, url
    client.force_login(cast.teacher)
    assert "no-store" in client.get("/teaching/")["Cache-Control"]


def test_an_anonymous_public_page_may_be_cached(client, loaded_sources):
    assert "no-store" not in client.get("/sources/").get("Cache-Control", "")


def test_an_api_answer_to_an_anonymous_caller_is_not_cached_either(api_client):
    assert "no-store" in api_client.get("/api/v1/quizzes/")["Cache-Control"]


def test_a_session_expires_after_the_idle_timeout_and_each_use_extends_it(client, student, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
    client.force_login(student)
    session_key = client.session.session_key
    first_expiry = Session.objects.get(session_key=session_key).expire_date
    assert first_expiry <= timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)

    session = client.session
    session[SESSION_SEEN_KEY] = int(time.time()) - 3600  # last used an hour ago
    session.save()
    client.get("/progress/")
    assert Session.objects.get(session_key=session_key).expire_date > first_expiry


def test_the_admin_preview_has_no_inline_handler_the_policy_would_block(teacher_in_admin):
    quiz = Quiz.objects.get(slug="first-look")
    page = teacher_in_admin.get(f"/admin/quizzes/quiz/{quiz.pk}/preview/").content.decode()
    assert "fieldset" in page
    assert not re.search(r"\son[a-z]+=\"", page)

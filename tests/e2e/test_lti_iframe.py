"""An LTI launch inside the LMS's iframe, in Chromium: the LMS (127.0.0.1) and quizsite (localhost) are two sites.

The cookies the launch needs (the OIDC state, the session) must cross sites: SameSite=None; Secure; Partitioned.
A TLS-terminating proxy is played by the X-Forwarded-Proto header (BEHIND_TLS_PROXY), so the tool sets Secure
cookies, which Chromium keeps for http://localhost as it would over HTTPS.
"""

import pytest

from quizzes.lti.services import registrations
from quizzes.models import Quiz
from tests.e2e.lms import Lms

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lms(site, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["*"]
    platform = Lms(site).start()
    registrations.add_platform(
        issuer=platform.url, client_id=platform.client_id, deployment_ids=[platform.deployment_id],
        auth_url=f"{platform.url}/auth", token_url=f"{platform.url}/token", jwks_url=f"{platform.url}/jwks",
    )  # fmt: skip
    yield platform
    platform.stop()


@pytest.fixture
def quiz_link(lms):
    quiz = Quiz.objects.filter(status=Quiz.Status.PUBLISHED).first()
    return quiz, lms.add_link(title=quiz.title, custom={"quiz": quiz.slug}, score_maximum=5)


@pytest.fixture
def behind_tls(browser_context):
    browser_context.set_extra_http_headers({"X-Forwarded-Proto": "https"})
    return browser_context


def test_a_learner_launches_a_quiz_inside_the_lms_iframe_with_partitioned_cookies(
    lms, quiz_link, behind_tls, screenshot
):
    quiz, link_id = quiz_link
    page = behind_tls.new_page()
    page.goto(f"{lms.url}/course?person=learner-1&hint={link_id}")
    activity = page.frame_locator("iframe[title=Activity]")
    activity.get_by_role("heading", name=quiz.title).wait_for(timeout=20000)
    assert activity.get_by_text("Signed in as lti-").is_visible()
    assert page.frames[1].url.endswith(f"/quizzes/{quiz.slug}/")
    tool_cookies = {cookie["name"]: cookie for cookie in behind_tls.cookies() if cookie["domain"] == "localhost"}
    for name in ("sessionid", "csrftoken"):
        assert tool_cookies[name]["sameSite"] == "None" and tool_cookies[name]["secure"]
        assert tool_cookies[name]["partitionKey"] == "http://127.0.0.1", "kept for this LMS only (CHIPS)"
    screenshot(page, "lti-launch-in-iframe")


def test_where_the_frame_may_keep_no_cookie_the_launch_opens_in_a_new_window(lms, quiz_link, behind_tls, screenshot):
    quiz, link_id = quiz_link
    page = behind_tls.new_page()
    page.goto(f"{lms.url}/course?person=learner-1&hint={link_id}&sandbox=1")
    activity = page.frame_locator("iframe[title=Activity]")
    new_window_link = activity.get_by_role("link", name="Open quizsite in a new window")
    new_window_link.wait_for(timeout=20000)
    screenshot(page, "lti-launch-cookies-blocked")
    with page.expect_popup() as popup_info:
        new_window_link.click()
    popup = popup_info.value
    popup.get_by_role("heading", name=quiz.title).wait_for(timeout=20000)
    assert popup.get_by_text("Signed in as lti-").is_visible()

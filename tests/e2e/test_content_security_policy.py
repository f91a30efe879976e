"""The pages, the admin and the API docs work under the Content-Security-Policy: nothing is blocked."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def watch_for_blocked_content(page) -> list[str]:
    """Collect the browser's CSP violations (each blocked script, style, image or connection)."""
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.on("pageerror", lambda error: blocked.append(str(error)))
    return blocked


def test_swagger_ui_and_redoc_render_the_schema_under_the_policy(site, browser_context, screenshot):
    page = browser_context.new_page()
    blocked = watch_for_blocked_content(page)
    page.goto(f"{site}/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    screenshot(page, "csp-swagger-ui")
    page.goto(f"{site}/api/v1/redoc/")
    page.locator("h1", has_text="quizsite API").wait_for()
    # ReDoc's "powered by" badge is an image on Redocly's CDN: the policy keeps it out, as it should.
    assert [message for message in blocked if "cdn.redoc.ly" not in message] == []


def test_a_sitting_autosaves_and_the_admin_works_under_the_policy(site, browser_context):
    page = browser_context.new_page()
    blocked = watch_for_blocked_content(page)
    log_in(page, site, "student")
    page.goto(f"{site}/quizzes/first-look/")
    page.get_by_role("button", name="Start attempt 1").click()
    page.locator("fieldset.question select").first.select_option(index=1)
    page.get_by_text("All answers saved at").wait_for()
    teacher = browser_context.browser.new_context().new_page()
    teacher_blocked = watch_for_blocked_content(teacher)
    log_in(teacher, site, "teacher")
    teacher.goto(f"{site}/admin/quizzes/quiz/add/")
    teacher.get_by_role("button", name="Save").first.wait_for()
    assert blocked == [] and teacher_blocked == []

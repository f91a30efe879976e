import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls made by the test itself
# (setting up data, reading answer keys) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(settings.BASE_DIR) / "test-results"

# The demo accounts of seed_demo: where each signs in, and the page it lands on.
DEMO_LOGINS = {
    "student": ("student-pass", "/accounts/login/", "/"),
    "teacher": ("teacher-pass", "/admin/login/", "/admin/"),
}


@pytest.fixture
def site(live_server):
    """The live server's address, with the shipped sources, bank and demo accounts loaded."""
    for command in ("load_sources", "load_bank", "seed_demo"):
        call_command(command, stdout=open(os.devnull, "w"))
    return live_server.url


def log_in(page, site, username: str) -> None:
    """Sign a demo account in through its login form, as a person would."""
    password, login_path, lands_on = DEMO_LOGINS[username]
    page.goto(f"{site}{login_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}{lands_on}")


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("End-to-end tests need Chromium: apt-get install chromium (or set CHROMIUM_PATH)")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    yield context
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take

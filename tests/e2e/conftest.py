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


# The two widths every page is checked at: a laptop and a phone.
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SEVERE_IMPACTS = {"serious", "critical"}


def assert_fits(page) -> None:
    """The page scrolls only vertically: nothing is wider than the window."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


def audit(page, name: str) -> None:
    """Run axe-core in the page (axe-playwright-python injects it): no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    severe = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SEVERE_IMPACTS
    ]
    assert severe == [], f"{name} ({page.url}): " + "; ".join(severe)


def place_in_order(page, question_id: str, keys: list[str]) -> None:
    """Put an ordering question's items in this order with its Move up buttons (the keyboard's way too)."""
    item_list = page.locator(f'fieldset[data-question="{question_id}"] ul.ordering')
    for target, key in enumerate(keys):
        current = item_list.locator("li").evaluate_all("items => items.map(item => item.dataset.item)")
        for _ in range(current.index(key) - target):
            item_list.locator(f'li[data-item="{key}"] button.move-up').click()
    if not keys or item_list.locator("li").evaluate_all("items => items.map(i => i.dataset.item)") == keys:
        page.locator(f'fieldset[data-question="{question_id}"] button.keep-order').click()


def fill_in(page, shown: dict, answer) -> None:
    """Answer one question through its visible controls, as a student would."""
    from quizzes.management.commands.bench_sitting import answer_fields

    if shown["type"] == "ordering" and page.locator(f'fieldset[data-question="{shown["id"]}"] .arranged').count():
        place_in_order(page, shown["id"], answer)
        return
    for name, value in answer_fields(shown, answer).items():
        values = value if isinstance(value, list) else [value]
        for single in values:
            control = page.locator(f'[name="{name}"]').first
            kind = control.get_attribute("type") or control.evaluate("element => element.tagName.toLowerCase()")
            if kind in ("radio", "checkbox"):
                page.locator(f'[name="{name}"][value="{single}"]').check()
            elif kind == "select":
                control.select_option(single)
            else:
                control.fill(single)

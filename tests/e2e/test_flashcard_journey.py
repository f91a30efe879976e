import re

import pytest

from quizzes.models import CardReview
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DECK = "topic:de-stalinization"


def shown_card(page) -> int:
    return int(page.locator("article.flashcard").get_attribute("data-card"))


def test_student_reveals_with_space_and_rates_with_a_number_key(site, browser_context, screenshot):
    page = browser_context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, site, "student")
    page.goto(f"{site}/flashcards/")
    page.locator(f'tr[data-deck="{DECK}"]').get_by_role("link", name="Study").click()
    page.wait_for_url(re.compile(r"/flashcards/study/"))
    first = shown_card(page)
    back = page.locator("details.card-back")

    # Space on a focused link keeps its meaning: it does not reveal the answer.
    page.get_by_role("link", name="all decks").focus()
    page.keyboard.press("Space")
    assert not back.evaluate("details => details.open")

    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Space")
    page.get_by_role("button", name=re.compile("^Good")).wait_for()
    assert page.get_by_text("The key").is_visible()
    screenshot(page, "flashcards-1-revealed")

    # The rating is sent in the background and the next card replaces this one: no page load.
    page.evaluate("window.notReloaded = true")
    page.keyboard.press("3")
    page.wait_for_function(f"() => document.querySelector('article.flashcard').dataset.card != '{first}'")
    assert page.evaluate("window.notReloaded") is True
    page.get_by_text("Rated Good").wait_for(state="attached")
    review = CardReview.objects.get(student__username="student")
    assert (review.flashcard_id, review.rating) == (first, CardReview.Rating.GOOD)
    assert review.duration_ms is not None
    screenshot(page, "flashcards-2-next-card")
    assert errors == []


def test_student_studies_without_javascript_using_the_buttons(site, browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    log_in(page, site, "student")
    page.goto(f"{site}/flashcards/study/?deck={DECK}")
    first = shown_card(page)
    assert not page.get_by_role("button", name=re.compile("^Again")).is_visible()

    page.get_by_text("Show answer").click()
    page.get_by_role("button", name=re.compile("^Again")).click()
    page.wait_for_url(re.compile(r"/flashcards/study/"))

    assert shown_card(page) != first
    review = CardReview.objects.get(student__username="student")
    assert (review.flashcard_id, review.rating) == (first, CardReview.Rating.AGAIN)
    context.close()

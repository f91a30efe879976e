"""Keyboard only: a student takes a quiz with every type, checks each question (Check this answer shows its key,
in review "after each question"), submits, and studies cards, without a mouse."""

import re

import pytest

from quizzes.models import Attempt, CardReview, Question, Quiz
from quizzes.services.attempts import attempt_slots, slot_content
from quizzes.services.grading import correct_answer
from quizzes.services.presentation import question_for_student
from tests.e2e.conftest import log_in
from tests.factories import quiz_of_every_type

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the (first) element the Playwright selector finds has the focus."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose_in_select(page, selector: str, value: str) -> None:
    tab_to(page, selector)
    for _ in range(20):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{selector} never took {value}")


def answer_by_keyboard(page, shown: dict, answer) -> None:
    name = f"q-{shown['id']}"
    kind = shown["type"]
    if kind in (Question.Type.SINGLE_CHOICE, Question.Type.TRUE_FALSE):
        tab_to(page, f'[name="{name}"]')  # a radio group takes one Tab stop; arrows move within it
        for _ in range(10):
            if page.evaluate("() => document.activeElement.value") == answer:
                break
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    elif kind == Question.Type.MULTIPLE_CHOICE:
        for key in answer:
            tab_to(page, f'[name="{name}"][value="{key}"]')
            page.keyboard.press("Space")
    elif kind == Question.Type.SHORT_ANSWER:
        tab_to(page, f'[name="{name}"]')
        page.keyboard.type(answer)
    elif kind == Question.Type.CLOZE:
        for blank, text in answer.items():
            tab_to(page, f'[name="{name}-{blank}"]')
            page.keyboard.type(text)
    elif kind == Question.Type.ORDERING:
        items = f'fieldset[data-question="{shown["id"]}"] ul.ordering li'
        for target, key in enumerate(answer):
            order = page.locator(items).evaluate_all("items => items.map(item => item.dataset.item)")
            moves = order.index(key) - target
            if moves:
                tab_to(page, f'li[data-item="{key}"] button.move-up')
                for _ in range(moves):
                    page.keyboard.press("Enter")  # the button keeps the focus as its item moves
        order = page.locator(items).evaluate_all("items => items.map(item => item.dataset.item)")
        assert order == answer
        tab_to(page, f'fieldset[data-question="{shown["id"]}"] button.keep-order')
        page.keyboard.press("Enter")
    else:
        for left, right in answer.items():
            choose_in_select(page, f'[name="{name}-{left}"]', right)


def test_a_student_takes_every_type_checks_each_and_studies_by_keyboard(site, browser_context, screenshot):
    quiz = quiz_of_every_type(review_mode=Quiz.ReviewMode.PER_QUESTION)
    page = browser_context.new_page()
    log_in(page, site, "student")
    page.goto(f"{site}/quizzes/{quiz.slug}/")
    tab_to(page, "form button[type=submit]:not(.inline-form button)")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+/"))
    attempt = Attempt.objects.get(student__username="student", quiz=quiz)
    links = {slot.question.slug: slot for slot in attempt_slots(attempt, with_key=True)}

    for number in range(1, len(links) + 1):
        slug = page.locator("fieldset.question").get_attribute("data-question")
        slot = links[slug]
        question, content = slot.question, slot_content(slot, with_key=True)
        answer_by_keyboard(page, question_for_student(content, option_order=slot.option_order), correct_answer(content))
        tab_to(page, 'button[name="check"]')
        with page.expect_navigation():
            page.keyboard.press("Enter")
        review = page.locator("section.review")
        assert review.locator(".state-correct").count(), f"question {number} ({question.type}): " + review.inner_text()
        if number < len(links):
            tab_to(page, 'button[name="go_to"]:has-text("Save and next")')
            with page.expect_navigation():
                page.keyboard.press("Enter")
    screenshot(page, "keyboard-1-last-question-checked")

    tab_to(page, "button.finish-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, 'button:text-is("Submit now")')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("✔ Passed").is_visible()
    assert page.locator(".result-grid a.state-correct").count() == len(links)
    tab_to(page, "details.why > summary")
    page.keyboard.press("Enter")
    assert page.locator("figure.citation blockquote").first.is_visible()
    screenshot(page, "keyboard-2-results")

    page.goto(f"{site}/flashcards/study/?deck=all")
    first = page.locator("article.flashcard").get_attribute("data-card")
    tab_to(page, "details.card-back > summary")
    page.keyboard.press("Enter")
    # Opening the back puts the focus on the first rating; Tab reaches the others.
    page.wait_for_function("() => document.activeElement.classList.contains('rating')", timeout=10000)
    tab_to(page, "button.rating-3")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('article.flashcard').dataset.card != '{first}'")
    assert CardReview.objects.get(student__username="student").rating == CardReview.Rating.GOOD
    screenshot(page, "keyboard-3-next-card")

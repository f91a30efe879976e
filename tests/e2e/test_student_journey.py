import re

import pytest

from quizzes.models import Attempt, Question
from quizzes.services.attempts import attempt_slots, slot_content
from quizzes.services.grading import correct_answer
from quizzes.services.presentation import question_for_student
from tests.e2e.conftest import fill_in, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def current_question(page, attempt) -> tuple[dict, object]:
    slug = page.locator("fieldset.question").get_attribute("data-question")
    slot = next(slot for slot in attempt_slots(attempt, with_key=True) if slot.question.slug == slug)
    content = slot_content(slot, with_key=True)
    return question_for_student(content, option_order=slot.option_order), correct_answer(content)


def test_student_takes_a_quiz_resumes_it_and_follows_a_citation(site, browser_context, screenshot):
    page = browser_context.new_page()
    log_in(page, site, "student")
    page.get_by_role("link", name=re.compile("A first look")).click()
    page.get_by_role("button", name="Start attempt 1").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/"))
    attempt = Attempt.objects.get(student__username="student")
    total = attempt.quiz.quiz_questions.count()

    for _ in range(3):
        shown, answer = current_question(page, attempt)
        fill_in(page, shown, answer)
        page.get_by_role("button", name="Save and next →").click()
    assert attempt.responses.count() == 3

    shown, answer = current_question(page, attempt)
    fill_in(page, shown, answer)
    page.get_by_text("All answers saved").wait_for()
    assert attempt.responses.count() == 4
    screenshot(page, "1-taking-a-quiz")
    page.close()

    page = browser_context.new_page()
    page.goto(f"{site}/")
    assert page.get_by_text("In progress — you can resume it").is_visible()
    page.get_by_role("link", name=re.compile("A first look")).click()
    page.get_by_role("button", name="Resume attempt 1").click()
    page.get_by_text(f"4 of {total} answered").wait_for()

    for number in range(5, total + 1):
        page.goto(f"{site}/attempts/{attempt.pk}/?q={number}")
        shown, answer = current_question(page, attempt)
        fill_in(page, shown, answer)
        page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Finish and submit…").click()
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url(re.compile(r"/result/$"))

    assert page.get_by_text("✔ Passed").is_visible()
    assert page.get_by_text(f"{total}.00 / {total}.00 points").is_visible()
    panel = page.locator("aside.disagreements").filter(has_text="How did Stalin die?").first
    assert panel.is_visible()
    assert "Stalin was assassinated." in panel.inner_text()
    assert not page.locator("figure.citation blockquote").first.is_visible()  # folded until asked for
    page.locator("details.why > summary").first.click()
    assert page.locator("figure.citation blockquote").first.is_visible()
    screenshot(page, "2-results")

    # A passage link reads as the passage's opening words; its anchor is only in the href.
    citation_link = page.locator("figure.citation figcaption a").first
    assert not re.search(r"p-\d+", citation_link.inner_text())
    href = citation_link.get_attribute("href")
    citation_link.click()
    page.wait_for_url(re.compile(r"/sources/[a-z-]+/#p-\d+$"))
    anchor = href.split("#")[1]
    passage = page.locator(f"#{anchor}")
    assert passage.is_visible() and "cited" in passage.get_attribute("class")
    assert passage.locator(".citing-questions").is_visible()
    screenshot(page, "3-source-reader")

    page.goto(f"{site}/progress/")
    assert page.get_by_text("How mastery is measured").is_visible()
    assert page.locator("svg.chart").count() == 3
    screenshot(page, "4-progress")
    assert Question.objects.filter(status="published").count() >= total

"""Every student and teacher page, in the states people meet, at a laptop's and a phone's width: axe-core finds no
serious or critical violation, nothing is wider than the window, and nothing is loaded from another origin.
Screenshots of each land in test-results/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, Question, Quiz
from quizzes.services import attempts
from quizzes.services.attempts import attempt_slots, slot_content
from quizzes.services.grading import correct_answer
from quizzes.services.presentation import question_for_student
from tests.e2e.conftest import VIEWPORTS, assert_fits, audit, fill_in, log_in
from tests.factories import quiz_of_every_type

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=list(VIEWPORTS))
def viewport_context(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    yield request.param, context
    context.close()


class Visit:
    """Checks each page it is shown, remembering any request that left our origin."""

    def __init__(self, page, site, width_name, screenshot):
        self.page, self.site, self.width_name, self.screenshot = page, site, width_name, screenshot
        self.foreign = []
        page.on("request", self._note)
        page.on("requestfailed", self._forget_refused)

    def _note(self, request):
        if not request.url.startswith(self.site) and not request.url.startswith(("data:", "blob:")):
            self.foreign.append(request.url)

    def _forget_refused(self, request):
        # Refused by the page's Content-Security-Policy: the browser never sent it. (Any other failure, such as
        # no network in CI, still counts: the page asked for it.)
        refused = request.failure == "csp" or "BLOCKED_BY_CSP" in (request.failure or "")
        if refused and request.url in self.foreign:
            self.foreign.remove(request.url)

    def check(self, name: str, *, accessibility: bool = True) -> None:
        self.page.wait_for_load_state("networkidle")
        assert_fits(self.page)
        if accessibility:
            audit(self.page, name)
        self.screenshot(self.page, f"audit-{self.width_name}-{name}")

    def go(self, path: str, name: str, **options) -> None:
        self.page.goto(f"{self.site}{path}")
        self.check(name, **options)


def current_question(page, attempt):
    slug = page.locator("fieldset.question").get_attribute("data-question")
    slot = next(slot for slot in attempt_slots(attempt, with_key=True) if slot.question.slug == slug)
    content = slot_content(slot, with_key=True)
    return question_for_student(content, option_order=slot.option_order), correct_answer(content), slot.question


def test_every_student_page_is_accessible_and_fits(site, viewport_context, screenshot):
    width_name, context = viewport_context
    quiz = quiz_of_every_type(review_mode=Quiz.ReviewMode.PER_QUESTION)
    page = context.new_page()
    visit = Visit(page, site, width_name, screenshot)
    visit.go("/", "visitor-home")
    visit.go("/sources/", "sources")
    visit.go("/sources/wikipedia/", "source-reader")
    visit.go("/disagreements/", "disagreements")
    visit.go("/disagreements/how-stalin-died/", "disagreement-point")
    visit.go("/accounts/login/", "login")
    log_in(page, site, "student")
    visit.check("dashboard")
    visit.go(f"/quizzes/{quiz.slug}/", "quiz-detail")
    page.get_by_role("button", name="Start attempt 1").click()
    attempt = Attempt.objects.get(student__username="student", quiz=quiz)
    for number in range(1, len(Question.Type.values) + 1):
        shown, answer, question = current_question(page, attempt)
        visit.check(f"take-{number}-{question.type}-unanswered")
        # Half wrong, half right, so that the results show every state.
        if number % 2:
            fill_in(page, shown, answer)
            page.get_by_role("button", name="Check this answer").click()
            visit.check(f"take-{number}-{question.type}-checked")
        else:
            page.get_by_role("button", name="Save", exact=True).click()
            visit.check(f"take-{number}-{question.type}-saved")
        if number < len(Question.Type.values):
            page.get_by_role("button", name="Save and next →").click()
    page.get_by_role("button", name="Finish and submit…").click()
    visit.check("confirm-submit")
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url(re.compile(r"/result/$"))
    assert page.locator(".result-grid .state-cell").count() == len(Question.Type.values)
    visit.check("results")
    page.locator("details.why > summary").first.click()
    visit.check("results-citations-open")
    visit.go("/progress/", "progress")
    visit.go("/flashcards/", "decks")
    visit.go("/flashcards/study/?deck=all", "study-front")
    page.get_by_text("Show answer").click()
    visit.check("study-back")
    rating = page.locator(".rating-form button.rating").first
    assert rating.is_visible() and rating.bounding_box()["y"] < VIEWPORTS[width_name]["height"]
    visit.go("/flashcards/stats/", "card-stats")
    assert visit.foreign == []


def test_every_teacher_page_is_accessible_and_fits(site, viewport_context, screenshot):
    width_name, context = viewport_context
    quiz = quiz_of_every_type(review_mode=Quiz.ReviewMode.AFTER_SUBMISSION)
    student_attempt = sit_as_demo_student(quiz)
    question = quiz.questions.get(type=Question.Type.MATCHING)
    page = context.new_page()
    visit = Visit(page, site, width_name, screenshot)
    log_in(page, site, "teacher")
    # The Django admin's own pages are audited; their width is the admin's affair, but the preview is ours.
    visit.check("admin-index")
    visit.go(f"/admin/quizzes/question/{question.pk}/change/", "admin-question-form")
    visit.go("/admin/quizzes/question/add/?type=cloze", "admin-question-add")
    visit.go(f"/admin/quizzes/quiz/{quiz.pk}/change/", "admin-quiz-form")
    visit.go(f"/admin/quizzes/attempt/{student_attempt.pk}/change/", "admin-attempt")
    visit.go(f"/admin/quizzes/question/{question.pk}/preview/", "preview")
    visit.go(f"/admin/quizzes/question/{question.pk}/preview/key/", "preview-key")
    visit.go(f"/admin/quizzes/quiz/{quiz.pk}/preview/?key=1", "quiz-preview-key")
    visit.go("/teaching/", "class-dashboard")
    visit.go(f"/teaching/quizzes/{quiz.slug}/", "class-quiz")
    visit.go("/teaching/students/student/", "class-student")
    page.get_by_role("link", name=re.compile("review the answers")).first.click()
    page.wait_for_url(re.compile(r"/teaching/attempts/\d+/$"))
    assert page.locator(".time-spent").count() == student_attempt.responses.count()
    visit.check("attempt-review")
    # The API's documentation pages are the libraries' own: checked for what they load, not audited.
    visit.go("/api/v1/redoc/", "api-redoc", accessibility=False)
    visit.go("/api/v1/docs/", "api-swagger", accessibility=False)
    assert visit.foreign == []


def sit_as_demo_student(quiz) -> Attempt:
    """The demo student (in the demo teacher's class) answers every other question right and submits."""
    from django.contrib.auth import get_user_model

    student = get_user_model().objects.get(username="student")
    started = timezone.now() - timedelta(minutes=20)
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=started)
    for number, link in enumerate(attempt_slots(attempt, with_key=False), start=1):
        if number % 2:
            attempts.save_answer(
                attempt=attempt,
                question_slug=link.question.slug,
                answer=correct_answer(link.question),
                now=started + timedelta(minutes=number),
            )
    return attempts.submit_attempt(attempt=attempt, now=started + timedelta(minutes=15))

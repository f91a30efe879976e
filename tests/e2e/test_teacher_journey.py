import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from quizzes.models import Question, Quiz, Source
from quizzes.services.attempts import save_answer, start_attempt, submit_attempt
from quizzes.services.grading import correct_answer
from quizzes.text import closest_text
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "wikipedia-where-trotsky-was-assassinated"
PROMPT = "According to the Wikipedia article, where was Trotsky assassinated?"
QUOTE = "In August 1940, Trotsky was assassinated in Mexico"
MISQUOTE = "In August 1940, Trotsky was murdered in Mexico City"
QUIZ = "trotsky-and-trotskyism"
EXPLANATION = "The article says Trotsky was assassinated in Mexico, where he lived in exile."


def pick_passage(page, row: str, search: str) -> None:
    """Choose a passage in the citation's autocomplete (select2) picker, as a teacher would."""
    page.locator(f"#id_{row}-passage + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text="wikipedia #").first.click()


def run_bulk_action(page, site, action: str) -> None:
    """Select the new question in the question list (searched by its slug) and run one bulk action on it."""
    page.goto(f"{site}/admin/quizzes/question/?q={SLUG}")
    page.locator("tr", has=page.get_by_role("link", name=SLUG, exact=True)).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    with page.expect_navigation():
        page.get_by_role("button", name="Go").click()


def student_submits_an_attempt(quiz: Quiz) -> None:
    """The demo student (in the teacher's course) answers the new question correctly and submits."""
    now = timezone.now()
    question = Question.objects.get(slug=SLUG)
    student = get_user_model().objects.get(username="student")
    attempt = start_attempt(quiz=quiz, student=student, now=now)
    save_answer(attempt=attempt, question_slug=question.slug, answer=correct_answer(question), now=now)
    submit_attempt(attempt=attempt, now=now)


def test_teacher_writes_a_cited_question_publishes_it_and_follows_the_results(site, browser_context, screenshot):
    page = browser_context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, site, "teacher")

    # Add a question: the type first, then the form that fits it.
    page.goto(f"{site}/admin/quizzes/question/")
    page.get_by_role("link", name="Add question").click()
    page.get_by_role("link", name="Single choice").click()
    page.wait_for_url(re.compile(r"/add/\?type=single_choice$"))
    page.locator("#id_slug").fill(SLUG)
    page.locator("#id_prompt").fill(PROMPT)
    page.locator("#id_explanation").fill(EXPLANATION)
    page.locator("#id_framing").select_option("attributed")
    page.locator("#id_topics_from").select_option(label="Trotsky's exile and murder")
    page.locator("#id_topics_add").click()
    for index, (text, is_correct) in enumerate([("Norway", False), ("Mexico", True), ("Turkey", False)]):
        page.locator(f"#id_choices-{index}-key").fill("abc"[index])
        page.locator(f"#id_choices-{index}-text").fill(text)
        if is_correct:
            page.locator(f"#id_choices-{index}-is_correct").check()
    pick_passage(page, "citations-0", "wikipedia Trotsky assassinated Mexico")
    page.locator("#id_citations-0-quote").fill(MISQUOTE)
    page.get_by_role("button", name="Save", exact=True).click()

    # The misquote is refused: the error names the source and shows the closest text in it.
    quote_error = page.locator(".inline-related .errorlist").filter(has_text="The quote is not in").first
    quote_error.wait_for()
    wikipedia = Source.objects.get(slug="wikipedia")
    closest = closest_text(text=wikipedia.text, quote=MISQUOTE)
    assert QUOTE in closest
    assert quote_error.inner_text() == (
        f'The quote is not in "Wikipedia — Stalinism" (wikipedia). The closest text found in it is: "{closest}"'
    )
    assert not Question.objects.filter(slug=SLUG).exists()
    screenshot(page, "teacher-1-misquote-refused")

    page.locator("#id_citations-0-quote").fill(QUOTE)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/quizzes/question/(\?.*)?$"))
    question = Question.objects.get(slug=SLUG)
    citation = question.citations.get()
    assert (citation.source.slug, citation.quote, question.status) == ("wikipedia", QUOTE, "draft")
    assert QUOTE in citation.passage.text
    assert [topic.name for topic in question.topics.all()] == ["Trotsky's exile and murder"]

    # Previews: as a student sees it (no key), then with its key and the cited quote.
    page.goto(f"{site}/admin/quizzes/question/?q={SLUG}")
    page.get_by_role("link", name="as a student sees it").click()
    page.wait_for_url(re.compile(r"/preview/$"))
    assert page.get_by_text(PROMPT).is_visible()
    assert page.get_by_text("Mexico").first.is_visible()
    assert page.get_by_text(QUOTE).count() == 0
    assert page.locator(".question-preview").get_by_text("The article says Trotsky").count() == 0
    screenshot(page, "teacher-2-student-preview")
    page.get_by_role("link", name="See it with the key").click()
    page.wait_for_url(re.compile(r"/preview/key/$"))
    assert page.get_by_text(QUOTE).first.is_visible()
    assert page.get_by_text("The article says Trotsky").is_visible()
    assert page.get_by_text("The key of one question").count() == 0  # the template's comment stays hidden
    screenshot(page, "teacher-3-key-preview")

    # Publish it from the question list.
    run_bulk_action(page, site, "publish")
    assert page.get_by_text(f"Published: {SLUG}.").is_visible()
    row = page.locator("tr", has=page.get_by_role("link", name=SLUG, exact=True))
    assert row.locator("td.field-status").inner_text() == "Published"
    question.refresh_from_db()
    assert question.status == "published"
    screenshot(page, "teacher-4-published")

    # Add it to a published quiz.
    quiz = Quiz.objects.get(slug=QUIZ)
    run_bulk_action(page, site, "add_to_quiz")
    page.get_by_label("Quiz").select_option(label=quiz.title)
    page.get_by_role("button", name="Add to the quiz").click()
    page.get_by_text(f"Added to {quiz.title}: {SLUG}.").wait_for()
    assert quiz.quiz_questions.filter(question=question).exists()

    # A student of the teacher's course sits the quiz; the class dashboard shows the attempt.
    student_submits_an_attempt(quiz)
    page.goto(f"{site}/teaching/")
    quiz_row = page.locator("tr", has=page.get_by_role("link", name=quiz.title))
    assert quiz_row.locator("td").nth(1).inner_text() == "1"
    screenshot(page, "teacher-5-class-dashboard")
    quiz_row.get_by_role("link", name=quiz.title).click()
    page.wait_for_url(f"{site}/teaching/quizzes/{QUIZ}/")
    assert page.locator("#attempt-count").inner_text() == "1"
    stats = page.locator(f'#question-stats tr[data-question="{SLUG}"]')
    assert stats.locator("td.facility").inner_text() == "1.0"
    answers = page.locator(f'tr[data-answers-of="{SLUG}"]')
    assert "Mexico — 1" in answers.inner_text()
    screenshot(page, "teacher-6-quiz-results")
    assert errors == []

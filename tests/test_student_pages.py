import re
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, Question, Quiz
from quizzes.services.grading import correct_answer
from tests.factories import AttemptFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db

EXPLANATION_SNIPPET = "The Revolupedia article speaks of"
CITED_QUOTE = "After Stalin&#x27;s assassination, Nikita Khrushchev"
DISAGREEMENT_CLAIM = "Says in its body only that Stalin died in 1953, and in a note reports repeated rumours"


@pytest.fixture
def quiz(loaded_bank):
    return Quiz.objects.get(slug="first-look")


@pytest.fixture
def logged_in(client, student):
    client.force_login(student)
    return client


def start(client, quiz) -> Attempt:
    response = client.post(f"/quizzes/{quiz.slug}/start/")
    assert response.status_code == 302
    return Attempt.objects.get(pk=int(re.search(r"/attempts/(\d+)/", response.url).group(1)))


def form_fields(question: Question, answer) -> dict:
    """The form fields a student fills in to give this answer."""
    name = f"q-{question.slug}"
    if question.type in (Question.Type.SINGLE_CHOICE, Question.Type.TRUE_FALSE, Question.Type.SHORT_ANSWER):
        return {name: answer}
    if question.type == Question.Type.MULTIPLE_CHOICE:
        return {name: answer}
    if question.type == Question.Type.CLOZE:
        return {f"{name}-{blank}": text for blank, text in answer.items()}
    if question.type == Question.Type.ORDERING:
        return {f"{name}-{key}": str(place) for place, key in enumerate(answer, start=1)}
    return {f"{name}-{left}": right for left, right in answer.items()}


def answer_on_page(client, attempt, number: int, question: Question, answer, **extra):
    data = {"question": question.slug, "page": number, "go_to": number + 1, **form_fields(question, answer), **extra}
    return client.post(f"/attempts/{attempt.pk}/answers/", data)


def ordered_questions(client, attempt) -> list[Question]:
    slugs = []
    for number in range(1, attempt.quiz.quiz_questions.count() + 1):
        page = client.get(f"/attempts/{attempt.pk}/?q={number}").content.decode()
        slugs.append(re.search(r'data-question="([^"]+)"', page).group(1))
    questions = Question.objects.prefetch_related("choices", "accepted_answers", "ordering_items", "matching_pairs")
    by_slug = {q.slug: q for q in questions.filter(slug__in=slugs)}
    return [by_slug[slug] for slug in slugs]


def test_dashboard_lists_open_quizzes_with_best_score_and_attempts_left(logged_in, quiz, student):
    Quiz.objects.filter(pk=quiz.pk).update(max_attempts=3)
    AttemptFactory(
        quiz=quiz, student=student, started_at=timezone.now(), submitted_at=timezone.now(), score=6, max_score=13,
        passed=False,
    )  # fmt: skip
    page = logged_in.get("/").content.decode()
    assert quiz.title in page
    assert "46.2%" in page
    assert re.search(r"Attempts left</dt><dd>2</dd>", page)


def test_a_full_sitting_through_the_pages(logged_in, quiz):
    attempt = start(logged_in, quiz)
    questions = ordered_questions(logged_in, attempt)
    for number, question in enumerate(questions, start=1):
        response = answer_on_page(logged_in, attempt, number, question, correct_answer(question))
        assert response.status_code == 302
    assert attempt.responses.count() == len(questions)
    confirm = logged_in.post(f"/attempts/{attempt.pk}/answers/", {"action": "submit", "page": 1})
    assert confirm.url == f"/attempts/{attempt.pk}/submit/"
    assert logged_in.post(confirm.url).url == f"/attempts/{attempt.pk}/result/"

    result = logged_in.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert f"{len(questions)}.00 / {len(questions)}.00 points" in result and "100.0%" in result and "Passed" in result
    assert EXPLANATION_SNIPPET in result
    assert CITED_QUOTE in result
    assert "Where the sources disagree: How did Stalin die?" in result
    assert DISAGREEMENT_CLAIM in result
    assert 'href="/sources/revolupedia/#p-' in result
    assert "Marxist–Leninist (anti-revisionist) wiki" in result
    # The answer key's template comment stays in the template, not on the page.
    assert "{#" not in result and "The key of one question" not in result


def test_saved_answers_survive_leaving_and_the_attempt_resumes(logged_in, quiz):
    attempt = start(logged_in, quiz)
    first = ordered_questions(logged_in, attempt)[0]
    answer_on_page(logged_in, attempt, 1, first, correct_answer(first))
    logged_in.logout()
    logged_in.force_login(attempt.student)
    assert start(logged_in, quiz).pk == attempt.pk
    page = logged_in.get(f"/attempts/{attempt.pk}/?q=1").content.decode()
    assert "1 of 13 answered" in page
    assert "checked" in page or "selected" in page


def test_the_take_page_never_contains_the_key(logged_in, quiz):
    attempt = start(logged_in, quiz)
    for number in range(1, 14):
        page = logged_in.get(f"/attempts/{attempt.pk}/?q={number}").content.decode()
        assert EXPLANATION_SNIPPET not in page
        assert CITED_QUOTE not in page and DISAGREEMENT_CLAIM not in page
        assert "is_correct" not in page and "Answer key for question" not in page
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    answer_on_page(logged_in, attempt, 1, question, "b")
    assert EXPLANATION_SNIPPET not in logged_in.get(f"/attempts/{attempt.pk}/?q=1").content.decode()
    assert logged_in.get(f"/attempts/{attempt.pk}/result/").url == f"/attempts/{attempt.pk}/"


def test_review_per_question_shows_the_key_once_answered_and_locks_the_answer(logged_in, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(review_mode=Quiz.ReviewMode.PER_QUESTION, shuffle_questions=False)
    attempt = start(logged_in, quiz)
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    number = (
        list(quiz.quiz_questions.order_by("position").values_list("question__slug", flat=True)).index(question.slug) + 1
    )
    before = logged_in.get(f"/attempts/{attempt.pk}/?q={number}").content.decode()
    assert EXPLANATION_SNIPPET not in before
    answer_on_page(logged_in, attempt, number, question, "b")
    saved = logged_in.get(f"/attempts/{attempt.pk}/?q={number}").content.decode()
    assert EXPLANATION_SNIPPET not in saved and "Check this answer" in saved, "saving alone never shows the key"
    answer_on_page(logged_in, attempt, number, question, "b", check=question.slug)
    after = logged_in.get(f"/attempts/{attempt.pk}/?q={number}").content.decode()
    assert EXPLANATION_SNIPPET in after and "Incorrect" in after and "Check this answer" not in after
    answer_on_page(logged_in, attempt, number, question, "a")
    assert attempt.responses.get(question=question).answer == "b"


def test_autosave_with_review_per_question_never_locks_a_half_given_answer(logged_in, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(review_mode=Quiz.ReviewMode.PER_QUESTION)
    attempt = start(logged_in, quiz)
    slot = attempt.slots.get(question__type=Question.Type.MULTIPLE_CHOICE)
    name = f"q-{slot.question.slug}"
    options = [option["key"] for option in slot.version.shown["options"]]
    json_save = {"HTTP_ACCEPT": "application/json"}
    first = logged_in.post(
        f"/attempts/{attempt.pk}/answers/", {"question": slot.question.slug, name: options[:1]}, **json_save
    )
    second = logged_in.post(
        f"/attempts/{attempt.pk}/answers/", {"question": slot.question.slug, name: options[:2]}, **json_save
    )
    assert first.status_code == second.status_code == 200 and second.json() == {"errors": {}}
    response = attempt.responses.get(slot=slot)
    assert response.answer == options[:2] and response.checked_at is None


def test_results_after_close_hide_the_key_until_the_quiz_closes(logged_in, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(
        review_mode=Quiz.ReviewMode.AFTER_CLOSE, closes_at=timezone.now() + timedelta(days=2)
    )
    attempt = start(logged_in, quiz)
    logged_in.post(f"/attempts/{attempt.pk}/submit/")
    result = logged_in.get(f"/attempts/{attempt.pk}/result/").content.decode()
    assert "will be shown after the quiz closes" in result
    assert EXPLANATION_SNIPPET not in result and CITED_QUOTE not in result


def test_another_students_attempt_is_not_found(client, quiz, student):
    attempt = AttemptFactory(quiz=quiz, student=UserFactory(username="someone-else"))
    client.force_login(student)
    assert client.get(f"/attempts/{attempt.pk}/").status_code == 404
    assert client.get(f"/attempts/{attempt.pk}/result/").status_code == 404
    assert client.post(f"/attempts/{attempt.pk}/answers/", {"question": "x"}).status_code == 404
    assert client.post(f"/attempts/{attempt.pk}/submit/").status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_pages_need_a_login(client, quiz):
    assert client.get("/progress/").status_code == 302
    assert client.get(f"/quizzes/{quiz.slug}/").url.startswith("/accounts/login/")


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_submitted(logged_in, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(time_limit_minutes=5)
    attempt = start(logged_in, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(minutes=10), deadline=timezone.now() - timedelta(minutes=5)
    )
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    response = answer_on_page(logged_in, attempt, 1, question, "a")
    assert response.url == f"/attempts/{attempt.pk}/result/"
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and not attempt.responses.exists()


def test_attempts_allowed_are_enforced_on_the_page(logged_in, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(max_attempts=1)
    attempt = start(logged_in, quiz)
    logged_in.post(f"/attempts/{attempt.pk}/submit/")
    response = logged_in.post(f"/quizzes/{quiz.slug}/start/", follow=True)
    assert "You have used all 1 attempt(s)" in response.content.decode()
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_a_bad_ordering_answer_is_a_form_error_and_keeps_saved_answers(logged_in, quiz):
    attempt = start(logged_in, quiz)
    first = Question.objects.get(slug="stalin-death-revolupedia-account")
    answer_on_page(logged_in, attempt, 1, first, "a")
    ordering = Question.objects.get(slug="chronology-stalin-era-milestones")
    keys = list(ordering.ordering_items.values_list("key", flat=True))
    data = {"question": ordering.slug, "page": 2, **{f"q-{ordering.slug}-{key}": "1" for key in keys}}
    response = logged_in.post(f"/attempts/{attempt.pk}/answers/", data, follow=True)
    assert response.status_code == 200
    assert "Use each place from 1 to 6 exactly once." in response.content.decode()
    assert list(attempt.responses.values_list("question__slug", flat=True)) == [first.slug]


def test_an_unknown_option_is_a_clear_error_not_a_crash(logged_in, quiz):
    attempt = start(logged_in, quiz)
    data = {"question": "stalin-death-revolupedia-account", "q-stalin-death-revolupedia-account": "zzz", "page": 1}
    response = logged_in.post(f"/attempts/{attempt.pk}/answers/", data, follow=True)
    assert response.status_code == 200
    assert "Choose one of the options" in response.content.decode()
    json_response = logged_in.post(f"/attempts/{attempt.pk}/answers/", data, headers={"Accept": "application/json"})
    assert (
        json_response.status_code == 400
        and "Choose one of the options" in json_response.json()["errors"][data["question"]]
    )


def test_source_reader_anchors_passages_and_shows_citing_questions_only_once_answered(logged_in, quiz):
    page = logged_in.get("/sources/revolupedia/").content.decode()
    assert 'id="p-1"' in page and 'class="passage cited"' in page
    prompt = "According to the Revolupedia article"
    assert prompt not in page
    attempt = start(logged_in, quiz)
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    answer_on_page(logged_in, attempt, 1, question, "a")
    assert prompt not in logged_in.get("/sources/revolupedia/").content.decode()
    logged_in.post(f"/attempts/{attempt.pk}/submit/")
    assert prompt in logged_in.get("/sources/revolupedia/").content.decode()


def test_source_list_shows_every_source_with_its_perspective(client, loaded_sources):
    page = client.get("/sources/").content.decode()
    assert page.count('class="card"') == 5
    assert "Trotskyist (Committee for a Workers&#x27; International)" in page


def test_progress_page_explains_mastery_and_draws_charts(logged_in, quiz):
    attempt = start(logged_in, quiz)
    for question in quiz.questions.prefetch_related("choices", "accepted_answers", "ordering_items", "matching_pairs"):
        answer_on_page(logged_in, attempt, 1, question, correct_answer(question))
    logged_in.post(f"/attempts/{attempt.pk}/submit/")
    page = logged_in.get("/progress/").content.decode()
    assert "How mastery is measured" in page
    assert page.count("<svg") == 3
    assert "100.0%" in page and "mastered" in page
    # The IMT's page and the encyclopedia article share the title "Stalinism": their rows say whose they are.
    assert "<td>Wikipedia — Stalinism</td>" in page
    assert "<td>In Defence of Marxism (IMT) — Stalinism</td>" in page
    # One attempt is one narrow bar on the phone-wide canvas, not a bar blown up to the page's width.
    assert '<svg class="chart history-chart" role="img" viewBox="0 0 400 200"' in page


@pytest.mark.parametrize("n_questions", [5, 50])
def test_pages_issue_a_constant_number_of_queries(client, student, n_questions, django_assert_max_num_queries):
    quiz = QuizFactory(n_questions=n_questions, layout=Quiz.Layout.ALL_ON_ONE_PAGE)
    client.force_login(student)
    with django_assert_max_num_queries(12):
        attempt = start(client, quiz)
    links = list(quiz.quiz_questions.select_related("question"))
    data = {"question": [link.question.slug for link in links]}
    data.update({f"q-{link.question.slug}": "b" for link in links})
    with django_assert_max_num_queries(16):
        client.get(f"/attempts/{attempt.pk}/")
    with django_assert_max_num_queries(16):
        client.post(f"/attempts/{attempt.pk}/answers/", data)
    with django_assert_max_num_queries(20):
        client.post(f"/attempts/{attempt.pk}/submit/")
    with django_assert_max_num_queries(20):
        assert "points" in client.get(f"/attempts/{attempt.pk}/result/").content.decode()
    with django_assert_max_num_queries(16):
        assert client.get("/progress/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/sources/{quiz.questions.first().citations.first().source.slug}/").status_code == 200

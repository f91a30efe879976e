"""Taking a quiz: a resumed attempt opens at its first unanswered question, a refused answer comes back as the
student entered it, and saving stays deliberate where it locks the answer."""

import pytest

from quizzes.models import Attempt, Question, Quiz
from quizzes.services.attempts import attempt_questions
from quizzes.services.grading import correct_answer
from tests.factories import quiz_of_every_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking(client, student, loaded_bank):
    quiz = quiz_of_every_type()
    client.force_login(student)
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(student=student)
    return client, attempt, [link.question for link in attempt_questions(attempt)]


def save(client, attempt, number, question, fields):
    data = {"question": question.slug, "page": number, "go_to": number, **fields}
    return client.post(f"/attempts/{attempt.pk}/answers/", data)


def test_resuming_opens_the_first_unanswered_question(taking):
    client, attempt, questions = taking
    first, second = questions[0], questions[1]
    save(client, attempt, 1, first, {f"q-{first.slug}": correct_answer(first)})
    save(client, attempt, 2, second, {f"q-{second.slug}": correct_answer(second)})

    response = client.post(f"/quizzes/{attempt.quiz.slug}/start/", follow=True)

    assert response.context["page"] == 3
    assert f'data-question="{questions[2].slug}"' in response.content.decode()
    assert client.get(f"/attempts/{attempt.pk}/?q=1").context["page"] == 1  # asked for, still reachable


def test_a_refused_matching_answer_comes_back_as_entered(taking):
    client, attempt, questions = taking
    number, matching = next((n, q) for n, q in enumerate(questions, 1) if q.type == Question.Type.MATCHING)
    pairs = list(matching.matching_pairs.all())
    twice = pairs[0].right_key
    fields = {f"q-{matching.slug}-{pairs[0].left_key}": twice, f"q-{matching.slug}-{pairs[1].left_key}": twice}

    response = save(client, attempt, number, matching, fields)
    page = client.get(response.url)

    assert not attempt.responses.exists()
    card = page.context["cards"][0]
    assert card["error"] == "Each item on the right can be matched only once."
    assert [left["match"] for left in card["left"]][:2] == [twice, twice]
    assert page.content.decode().count(f'<option value="{twice}" selected>') == 2
    # Shown once: the next visit is the saved state again.
    assert [left["match"] for left in client.get(response.url).context["cards"][0]["left"]][:2] == [None, None]


def test_a_refused_ordering_answer_keeps_the_places_given(taking):
    client, attempt, questions = taking
    number, ordering = next((n, q) for n, q in enumerate(questions, 1) if q.type == Question.Type.ORDERING)
    items = list(ordering.ordering_items.all())
    fields = {f"q-{ordering.slug}-{items[0].key}": "1", f"q-{ordering.slug}-{items[1].key}": "1"}

    page = client.get(save(client, attempt, number, ordering, fields).url)

    places = {item["key"]: item["place"] for item in page.context["cards"][0]["items"]}
    assert (places[items[0].key], places[items[1].key], places[items[2].key]) == (1, 1, None)


def test_answers_save_by_themselves_only_where_saving_does_not_lock_them(client, student, loaded_bank):
    client.force_login(student)
    for review_mode, autosaves in ((Quiz.ReviewMode.AFTER_SUBMISSION, True), (Quiz.ReviewMode.PER_QUESTION, False)):
        quiz = quiz_of_every_type(review_mode=review_mode)
        page = client.get(client.post(f"/quizzes/{quiz.slug}/start/").url).content.decode()
        assert ("data-autosave-url" in page) is autosaves
        assert 'class="finish-button"' in page


def test_the_hint_to_select_all_is_given_once(taking):
    client, attempt, questions = taking
    number = next(n for n, q in enumerate(questions, 1) if q.type == Question.Type.MULTIPLE_CHOICE)
    page = client.get(f"/attempts/{attempt.pk}/?q={number}").content.decode()
    assert page.lower().count("select all that apply") == 1

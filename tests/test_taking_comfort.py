"""Taking a quiz: a resumed attempt opens at its first unanswered question, a refused answer comes back as the
student entered it, and finishing is set apart from moving on."""

import pytest

from quizzes.models import Attempt, Question
from quizzes.services.attempts import attempt_slots
from quizzes.services.grading import correct_answer
from tests.factories import quiz_of_every_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def taking(client, student, loaded_bank):
    quiz = quiz_of_every_type()
    client.force_login(student)
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = Attempt.objects.get(student=student)
    return client, attempt, [link.question for link in attempt_slots(attempt, with_key=False)]


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


def test_finishing_is_set_apart_from_moving_on(taking):
    client, attempt, questions = taking
    page = client.get(f"/attempts/{attempt.pk}/?q=1").content.decode()
    assert page.index('<div class="actions">') < page.index('<div class="finish">')
    assert 'class="finish-button"' in page


def test_the_hint_to_select_all_is_given_once(taking):
    client, attempt, questions = taking
    number = next(n for n, q in enumerate(questions, 1) if q.type == Question.Type.MULTIPLE_CHOICE)
    page = client.get(f"/attempts/{attempt.pk}/?q={number}").content.decode()
    assert page.lower().count("select all that apply") == 1

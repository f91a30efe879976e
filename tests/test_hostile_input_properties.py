"""Property: whatever JSON a caller sends to the answer, bank and card endpoints, the answer is never a 5xx.

Text is drawn from every code point (NUL, control characters and lone surrogates included), shapes from any
mix of lists, objects, numbers and text. CI runs this on PostgreSQL, which refuses what SQLite would store.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.models import Question
from tests.factories import AttemptFactory, quiz_with

pytestmark = pytest.mark.django_db

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=12)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | ANY_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4),
    max_leaves=12,
)
QUESTION_TYPES = ("single_choice", "multiple_choice", "short_answer", "cloze", "ordering", "matching")
BANK_FIELDS = ("id", "type", "status", "framing", "prompt", "explanation", "answer", "choices", "citations", "topics")
CARD_FIELDS = ("front", "back", "topics", "citations")
EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def send(client, method: str, url: str, body) -> None:
    # json.dumps escapes lone surrogates as \\udXXX, as a hostile client would send them.
    response = client.generic(method, url, json.dumps(body), content_type="application/json")
    assert response.status_code < 500, (body, response.content[:500])
    if response.status_code >= 400:
        assert {"detail", "code"} <= set(response.json())


@pytest.fixture
def attempt_of_every_type(cast, loaded_bank):
    questions = [
        Question.objects.filter(type=kind, status=Question.Status.PUBLISHED).order_by("slug").first()
        for kind in QUESTION_TYPES
    ]
    return AttemptFactory(quiz=quiz_with(questions), student=cast.student), questions


@EXAMPLES
@given(answer=JSON_VALUES, which=st.sampled_from(range(len(QUESTION_TYPES))))
def test_no_answer_body_is_a_server_error(cast, attempt_of_every_type, answer, which):
    attempt, questions = attempt_of_every_type
    url = f"/api/v1/attempts/{attempt.pk}/answers/{questions[which].slug}/"
    send(cast.client("student"), "PUT", url, {"answer": answer})


@EXAMPLES
@given(body=st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in BANK_FIELDS}))
def test_no_bank_question_body_is_a_server_error(cast, loaded_bank, body):
    send(cast.client("teacher"), "POST", "/api/v1/bank/questions/", body)


@EXAMPLES
@given(body=st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in CARD_FIELDS}))
def test_no_card_body_is_a_server_error(cast, loaded_bank, body):
    send(cast.client("teacher"), "POST", "/api/v1/flashcards/cards/", body)

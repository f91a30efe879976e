"""Hostile text (NUL, control characters, lone surrogates, deep nesting, wrong shapes, huge bodies) is a 4xx.

Each refusal comes in the API's error body under /api/ and as a page elsewhere; none is a 500, on PostgreSQL
too (which refuses NUL in text where SQLite stores it).
"""

import json

import pytest
from django.test import Client

from quizzes.models import Question, Response
from tests.conftest import run_failing_command
from tests.factories import AttemptFactory, quiz_with

pytestmark = pytest.mark.django_db


def published(question_type: str) -> Question:
    return Question.objects.filter(type=question_type, status=Question.Status.PUBLISHED).order_by("slug").first()


@pytest.fixture
def open_attempt(cast, loaded_bank):
    """An open attempt of the cast's student at a quiz of one short-answer, one single-choice, one cloze and
    one matching question, all on one page."""
    questions = [published(kind) for kind in ("short_answer", "single_choice", "cloze", "matching")]
    quiz = quiz_with(questions, layout="all_on_one_page")
    return AttemptFactory(quiz=quiz, student=cast.student)


def put_raw(client, url: str, raw_json: str):
    return client.put(url, raw_json, content_type="application/json")


def answer_url(attempt, question) -> str:
    return f"/api/v1/attempts/{attempt.pk}/answers/{question.slug}/"


def assert_error_body(response, status: int, *words: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"detail", "code"} and body["detail"]
    for word in words:
        assert word in body["detail"], body["detail"]


@pytest.mark.parametrize(
    ("raw_answer", "words"),
    [
        (r'"Ram\u0000on"', ("NUL",)),
        (r'"Ram\ud800on"', ("lone surrogate",)),
        (r'"Ram\u0007on"', ("control character", "U+0007")),
    ],
)
def test_hostile_text_in_a_short_answer_is_a_400_naming_it(cast, open_attempt, raw_answer, words):
    question = published("short_answer")
    refused = put_raw(cast.client("student"), answer_url(open_attempt, question), '{"answer": ' + raw_answer + "}")
    assert_error_body(refused, 400, *words)
    assert not Response.objects.filter(attempt=open_attempt).exists()


def test_a_nul_in_a_cloze_blank_is_a_400(cast, open_attempt):
    question = published("cloze")
    refused = put_raw(cast.client("student"), answer_url(open_attempt, question), r'{"answer": {"1": "a\u0000b"}}')
    assert_error_body(refused, 400, "NUL")


@pytest.mark.parametrize("value", [["x"], {"x": "y"}, 3])
def test_a_matching_answer_whose_value_is_not_a_key_is_a_400(cast, open_attempt, value):
    question = published("matching")
    left_key = question.matching_pairs.first().left_key
    refused = cast.client("student").put(
        answer_url(open_attempt, question), {"answer": {left_key: value}}, format="json"
    )
    assert_error_body(refused, 400, "object from left item key to right item key")


@pytest.mark.parametrize("url", ["answer", "/api/v1/bank/questions/", "/api/v1/flashcards/cards/"])
def test_json_nested_a_thousand_deep_is_a_400(cast, open_attempt, url):
    if url == "answer":
        url = answer_url(open_attempt, published("short_answer"))
    deep = '{"answer": ' + "[" * 1500 + "]" * 1500 + "}"
    refused = cast.client("teacher" if "answers" not in url else "student").generic(
        "PUT" if "answers" in url else "POST", url, deep, content_type="application/json"
    )
    assert_error_body(refused, 400, "nested more than")


def test_a_teachers_bank_question_with_a_nul_is_a_400_and_nothing_is_stored(cast, loaded_bank):
    body = json.dumps({"id": "nul-question", "type": "true_false", "prompt": "True or false: a\u0000b"})
    refused = cast.client("teacher").generic("POST", "/api/v1/bank/questions/", body, content_type="application/json")
    assert_error_body(refused, 400, "prompt", "NUL")
    assert not Question.objects.filter(slug="nul-question").exists()


@pytest.mark.parametrize("url", ["/api/v1/students/a%00b/progress/", "/api/v1/quizzes/a%C2%97b/"])
def test_a_nul_or_control_character_in_an_api_path_is_a_404_in_the_error_body(cast, url):
    assert_error_body(cast.client("teacher").get(url), 404, "Not found", "character")


@pytest.mark.parametrize("url", ["/api/v1/quizzes/?topic=a%00b", "/api/v1/flashcards/queue/?deck=quiz:a%00b"])
def test_a_nul_in_an_api_query_is_a_400_in_the_error_body(cast, url):
    assert_error_body(cast.client("teacher").get(url), 400, "NUL")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/teaching/students/a%00b/", 404),
        ("/quizzes/a%01b/", 404),
        ("/flashcards/study/?deck=quiz:a%00b", 400),
        ("/?x=%7F", 400),
    ],
)
def test_a_control_character_in_a_page_address_is_a_4xx_page_saying_so(client, cast, url, status):
    client.force_login(cast.teacher)
    refused = client.get(url)
    assert refused.status_code == status
    assert refused["Content-Type"].startswith("text/html")
    assert "Request refused" in refused.content.decode() and "character" in refused.content.decode()


def test_an_over_size_api_body_is_a_413_in_the_error_body(cast, open_attempt, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    huge = json.dumps({"answer": "x" * 5000})
    refused = put_raw(cast.client("student"), answer_url(open_attempt, published("short_answer")), huge)
    assert_error_body(refused, 413, "larger than")
    assert refused.json()["code"] == "request_too_large"


def test_a_server_error_under_the_api_is_json_in_the_error_body(cast, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("quizzes.api.views.selectors.published_quizzes", fail)
    client = Client(raise_request_exception=False)
    client.force_login(cast.student)
    failed = client.get("/api/v1/quizzes/")
    assert_error_body(failed, 500, "server error")
    assert failed.json()["code"] == "server_error"


def test_a_page_save_stores_the_good_answer_and_reports_the_bad_field_beside_its_question(client, cast, open_attempt):
    short, choice = published("short_answer"), published("single_choice")
    good_key = choice.choices.first().key
    client.force_login(cast.student)
    form = {"question": [short.slug, choice.slug], f"q-{short.slug}": "Ram\x00on", f"q-{choice.slug}": good_key}
    saved = client.post(f"/attempts/{open_attempt.pk}/answers/", form)
    assert saved.status_code == 302
    assert list(Response.objects.filter(attempt=open_attempt).values_list("question__slug", "answer")) == [
        (choice.slug, good_key)
    ]
    page = client.get(saved["Location"]).content.decode()
    short_card = page[page.index(f'data-question="{short.slug}"') :]
    short_card = short_card[: short_card.index("</fieldset>")]
    assert "NUL" in short_card


def test_an_autosave_with_one_bad_field_answers_json_naming_only_that_field(client, cast, open_attempt):
    short, choice = published("short_answer"), published("single_choice")
    client.force_login(cast.student)
    form = {"question": [short.slug, choice.slug], f"q-{short.slug}": "a\x1bb", f"q-{choice.slug}": "zz-unknown"}
    saved = client.post(f"/attempts/{open_attempt.pk}/answers/", form, HTTP_ACCEPT="application/json")
    assert saved.status_code == 400
    assert set(saved.json()["errors"]) == {short.slug, choice.slug}
    assert "control character" in saved.json()["errors"][short.slug]


def test_a_bank_file_with_a_control_character_is_refused_by_load_bank_naming_the_item(loaded_bank, bank_copy):
    path = bank_copy / "questions" / "trotsky.yaml"
    prompt = "prompt: Who murdered Leon Trotsky in his Mexican villa in 1940? Give the assassin's name."
    path.write_text(path.read_text().replace(prompt, 'prompt: "Who murdered Leon Trotsky? \\x07"'))
    _, _, err = run_failing_command("load_bank", str(bank_copy))
    assert "trotsky.yaml: trotsky-assassin-name: prompt contains a control character (U+0007)" in err
    assert Question.objects.get(slug="trotsky-assassin-name").prompt.endswith("Give the assassin's name.")

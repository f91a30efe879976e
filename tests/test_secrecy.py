"""The key-secrecy rule (quizzes/services/secrecy.py) on every surface: cards of exam questions wait for a review,
practice quizzes and questions in no quiz are cards from the start, an open after-close exam embargoes its
questions everywhere, quiz answers feed cards and mastery only once reviewable, shuffles outside attempts are
keyed with the server's secret, and review after each question means one question per page."""

import io
import json
import re
import sqlite3
import tempfile
import zipfile
from datetime import timedelta

import pytest
import yaml
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from quizzes.admin.forms import QuizForm
from quizzes.models import CardReview, Flashcard, Question, Quiz, QuizQuestion, Topic
from quizzes.services.presentation import keyed_option_order
from quizzes.services.scheduling import sync_question_cards
from quizzes.services.versions import live_content
from tests.conftest import run_command, run_failing_command
from tests.factories import DisagreementPointFactory, FlashcardFactory, QuestionFactory, QuizFactory, TopicFactory

pytestmark = pytest.mark.django_db

SECRET = "SECRET-EXPLANATION-ONLY-A-REVIEW-SHOWS"


@pytest.fixture
def logged_in(client, student):
    client.force_login(student)
    return client


def secret_question(**fields) -> Question:
    return QuestionFactory(explanation=SECRET, **fields)


def exam(*questions, closes_in=timedelta(days=7), **fields) -> Quiz:
    """A published quiz reviewing after it closes, still open."""
    quiz = QuizFactory(review_mode=Quiz.ReviewMode.AFTER_CLOSE, closes_at=timezone.now() + closes_in, **fields)
    add_questions(quiz, *questions)
    return quiz


def quiz_of(*questions, **fields) -> Quiz:
    """A published quiz reviewing after submission."""
    quiz = QuizFactory(**fields)
    add_questions(quiz, *questions)
    return quiz


def add_questions(quiz, *questions):
    QuizQuestion.objects.filter(quiz=quiz).delete()
    for position, question in enumerate(questions, start=1):
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)


def sit(client, quiz, answers: dict[Question, str]):
    """Take the quiz through the pages, answering as given, and submit; return the attempt's result URL."""
    client.post(f"/quizzes/{quiz.slug}/start/")
    attempt = quiz.attempts.latest("pk")
    data = {"question": [question.slug for question in answers], "page": "1"}
    data.update({f"q-{question.slug}": answer for question, answer in answers.items()})
    client.post(f"/attempts/{attempt.pk}/answers/", data)
    client.post(f"/attempts/{attempt.pk}/submit/")
    return f"/attempts/{attempt.pk}/result/"


def queue_cards(client, deck="all") -> set[int]:
    body = client.get("/api/v1/flashcards/queue/", {"deck": deck, "limit": 100}).json()
    return {card["card"] for card in body["cards"]}


def card_of(question) -> int:
    sync_question_cards(question_ids=[question.pk])
    return Flashcard.objects.get(question=question).pk


# Flashcards follow the quizzes ----------------------------------------------------------------------------------


def test_an_exam_question_becomes_a_card_only_once_a_review_of_an_attempt_shows_its_key(logged_in):
    question = secret_question()
    quiz = quiz_of(question)
    card = card_of(question)
    assert card not in queue_cards(logged_in, f"quiz:{quiz.slug}")
    assert SECRET not in logged_in.get(f"/flashcards/study/?deck=quiz:{quiz.slug}").content.decode()
    decks = logged_in.get("/flashcards/").content.decode()
    assert re.search(rf'data-unlocks="quiz:{quiz.slug}">1 card unlocks after the review of your attempt', decks)
    api_deck = next(
        deck
        for deck in logged_in.get("/api/v1/flashcards/decks/", {"page_size": 100}).json()["results"]
        if deck["key"] == f"quiz:{quiz.slug}"
    )
    assert (api_deck["card_count"], api_deck["locked_count"]) == (0, 1)

    sit(logged_in, quiz, {question: "b"})
    assert card in queue_cards(logged_in, f"quiz:{quiz.slug}")
    assert SECRET in logged_in.get(f"/flashcards/study/?deck=quiz:{quiz.slug}").content.decode()
    assert f'data-unlocks="quiz:{quiz.slug}"' not in logged_in.get("/flashcards/").content.decode()


def test_a_practice_quizs_questions_are_cards_from_the_start_unless_an_exam_also_holds_them(logged_in):
    practised, shared = secret_question(), secret_question()
    practice = quiz_of(practised, shared, is_practice=True)
    exam_quiz = quiz_of(shared)
    assert queue_cards(logged_in, f"quiz:{practice.slug}") == {card_of(practised)}
    sit(logged_in, exam_quiz, {shared: "b"})
    assert queue_cards(logged_in, f"quiz:{practice.slug}") == {card_of(practised), card_of(shared)}


def test_questions_in_no_quiz_and_teachers_cards_are_cards_from_the_start(logged_in):
    loose = secret_question()
    own = FlashcardFactory(is_published=True)
    loose_source, own_source = loose.citations.get().source, own.citations.get().source
    assert queue_cards(logged_in, f"source:{loose_source.slug}") == {card_of(loose)}
    assert queue_cards(logged_in, f"source:{own_source.slug}") == {own.pk}


def test_an_open_exam_embargoes_even_a_practice_question_and_a_reviewed_one(logged_in):
    question = secret_question()
    practice = quiz_of(question, is_practice=True)
    deck = f"quiz:{practice.slug}"
    sit(logged_in, practice, {question: "b"})
    assert queue_cards(logged_in, deck) == {card_of(question)}
    closing = exam(question)
    assert queue_cards(logged_in, deck) == set()
    Quiz.objects.filter(pk=closing.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert queue_cards(logged_in, deck) == {card_of(question)}


def test_the_anki_export_leaves_out_locked_cards(logged_in):
    question = secret_question()
    quiz = quiz_of(question)
    assert SECRET.encode() not in export_text(logged_in, f"quiz:{quiz.slug}")
    sit(logged_in, quiz, {question: "b"})
    assert SECRET.encode() in export_text(logged_in, f"quiz:{quiz.slug}")


def export_text(client, deck) -> bytes:
    package = client.get(f"/flashcards/export.apkg?deck={deck}").content
    with zipfile.ZipFile(io.BytesIO(package)) as archive, tempfile.NamedTemporaryFile() as collection:
        collection.write(archive.read("collection.anki2"))
        collection.flush()
        rows = sqlite3.connect(collection.name).execute("select flds from notes").fetchall()
    return b"".join(row[0].encode() for row in rows)


# The embargo across quizzes and in the reader -------------------------------------------------------------------


def test_an_open_exam_embargoes_its_question_in_the_results_of_another_quiz(logged_in):
    question, other = secret_question(), QuestionFactory(explanation="Another explanation, free to show.")
    practice = quiz_of(question, other)
    closing = exam(question)
    result_url = sit(logged_in, practice, {question: "a", other: "a"})
    page = logged_in.get(result_url).content.decode()
    assert SECRET not in page and "Another explanation, free to show." in page
    assert "held back while an exam holding this question is open" in page
    attempt_id = result_url.split("/")[2]
    rows = logged_in.get(f"/api/v1/attempts/{attempt_id}/result/").json()["questions"]
    embargoed = next(row for row in rows if row["question"]["id"] == question.slug)
    assert (embargoed["review"], embargoed["credit"], embargoed["points_earned"]) == (None, None, None)

    Quiz.objects.filter(pk=closing.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert SECRET in logged_in.get(result_url).content.decode()
    rows = logged_in.get(f"/api/v1/attempts/{attempt_id}/result/").json()["questions"]
    assert next(row for row in rows if row["question"]["id"] == question.slug)["credit"] == 0.0


def test_an_open_exam_embargoes_its_question_in_a_per_question_review(logged_in):
    question = secret_question()
    quiz = quiz_of(question, review_mode=Quiz.ReviewMode.PER_QUESTION)
    logged_in.post(f"/quizzes/{quiz.slug}/start/")
    attempt = quiz.attempts.get()
    logged_in.post(
        f"/attempts/{attempt.pk}/answers/",
        {"question": question.slug, f"q-{question.slug}": "a", "check": question.slug},
    )
    assert SECRET in logged_in.get(f"/attempts/{attempt.pk}/").content.decode()
    exam(question)
    assert SECRET not in logged_in.get(f"/attempts/{attempt.pk}/").content.decode()


def test_the_reader_cites_a_reviewed_question_only_while_no_exam_embargoes_it(logged_in):
    question = secret_question()
    sit(logged_in, quiz_of(question), {question: "b"})
    source = question.citations.get().source
    assert question.prompt in logged_in.get(f"/sources/{source.slug}/").content.decode()
    exam(question)
    assert question.prompt not in logged_in.get(f"/sources/{source.slug}/").content.decode()


# No early correctness -------------------------------------------------------------------------------------------


def test_quiz_answers_feed_cards_only_once_an_after_close_quiz_has_closed_and_only_once(logged_in, student):
    question = secret_question()
    closing = exam(question)
    sit(logged_in, closing, {question: "a"})
    assert logged_in.get("/api/v1/flashcards/reviews/").json()["count"] == 0
    assert not CardReview.objects.filter(student=student).exists()
    assert logged_in.get("/api/v1/flashcards/stats/").json()["cards_by_state"]["learning"] == 0

    Quiz.objects.filter(pk=closing.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    log = logged_in.get("/api/v1/flashcards/reviews/").json()["results"]
    assert [(entry["origin"], entry["rating"], entry["card"]) for entry in log] == [
        ("quiz", "Again", card_of(question))
    ]
    logged_in.get("/flashcards/")
    assert CardReview.objects.filter(student=student).count() == 1


def test_a_quiz_reviewing_after_submission_feeds_its_missed_answers_at_submission(logged_in, student):
    question = secret_question()
    sit(logged_in, quiz_of(question), {question: "a"})
    review = CardReview.objects.get(student=student)
    assert (review.origin, review.flashcard.question) == (CardReview.Origin.QUIZ, question)


def mastery_row(client, topic: Topic) -> dict:
    topics = client.get("/api/v1/progress/").json()["topics"]
    return next(row for row in topics if row["slug"] == topic.slug)


def test_mastery_shows_from_three_reviewable_answers_and_never_before_the_close(logged_in):
    topic = TopicFactory()
    questions = [secret_question() for _ in range(3)]
    for question in questions:
        question.topics.add(topic)
    closing = exam(*questions)
    sit(logged_in, closing, dict.fromkeys(questions, "b"))
    assert (mastery_row(logged_in, topic)["questions_answered"], mastery_row(logged_in, topic)["percent"]) == (0, None)

    # Answers in another quiz count only once the exam's embargo is over, and two are not enough.
    sit(logged_in, quiz_of(*questions[:2]), dict.fromkeys(questions[:2], "b"))
    assert mastery_row(logged_in, topic)["questions_answered"] == 0
    add_questions(closing, questions[2])
    row = mastery_row(logged_in, topic)
    assert (row["questions_answered"], row["percent"], row["level"]) == (2, None, "not enough answers yet")

    Quiz.objects.filter(pk=closing.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    row = mastery_row(logged_in, topic)
    assert (row["questions_answered"], row["percent"], row["level"]) == (3, 100.0, "mastered")


# Keyed shuffles outside attempts --------------------------------------------------------------------------------


def card_fronts(client, question) -> set[tuple[str, ...]]:
    """The option orders of a card's front over a few views (API queue, one view per request)."""
    orders = set()
    for _ in range(8):
        deck = f"source:{question.citations.get().source.slug}"
        card = client.get("/api/v1/flashcards/queue/", {"deck": deck}).json()["cards"]
        front = next(entry["front"] for entry in card if entry["front"]["question"] == question.slug)
        orders.add(tuple(option["key"] for option in front["options"]))
    return orders


def test_each_view_of_a_card_draws_its_own_option_order(logged_in):
    question = secret_question()
    for key, text in (("c", "Third"), ("d", "Fourth")):
        question.choices.create(key=key, text=text, position=ord(key))
    assert len(card_fronts(logged_in, question)) > 1


def test_previews_outside_attempts_are_keyed_with_the_servers_secret(loaded_bank):
    questions = list(Question.objects.filter(type=Question.Type.ORDERING)[:12])

    def orders():
        return [keyed_option_order(live_content(question), salt="preview") for question in questions]

    with override_settings(SECRET_KEY="one secret for this test"):
        first = orders()
        assert orders() == first
    with override_settings(SECRET_KEY="another secret for this test"):
        assert orders() != first


# One question per page for review after each question ----------------------------------------------------------


def test_review_after_each_question_refuses_all_questions_on_one_page_in_the_admin_form():
    data = {
        "slug": "a-quiz",
        "title": "A quiz",
        "status": Quiz.Status.DRAFT,
        "layout": Quiz.Layout.ALL_ON_ONE_PAGE,
        "review_mode": Quiz.ReviewMode.PER_QUESTION,
        "pass_mark": 60,
    }
    form = QuizForm(data=data)
    assert not form.is_valid() and "one question per page" in form.errors["layout"][0]
    assert QuizForm(data={**data, "layout": Quiz.Layout.ONE_PER_PAGE}).is_valid()


def test_a_per_question_quiz_stored_on_one_page_is_still_shown_one_question_per_page(logged_in):
    first, second = QuestionFactory(), QuestionFactory()
    quiz = quiz_of(first, second, review_mode=Quiz.ReviewMode.PER_QUESTION, layout=Quiz.Layout.ALL_ON_ONE_PAGE)
    logged_in.post(f"/quizzes/{quiz.slug}/start/")
    page = logged_in.get(f"/attempts/{quiz.attempts.get().pk}/").content.decode()
    assert f"q-{first.slug}" in page and f"q-{second.slug}" not in page
    quiz_of_one_page = quiz_of(QuestionFactory(), QuestionFactory(), layout=Quiz.Layout.ALL_ON_ONE_PAGE)
    logged_in.post(f"/quizzes/{quiz_of_one_page.slug}/start/")
    page = logged_in.get(f"/attempts/{quiz_of_one_page.attempts.get().pk}/").content.decode()
    assert page.count('name="question"') == 2


# Every route: no embargoed key anywhere -------------------------------------------------------------------------


def url_routes(resolver=None, prefix="") -> set[str]:
    """Every route of the URL conf outside the admin and the login pages, as written in it."""
    routes = set()
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith(("admin/", "accounts/")):
                routes |= url_routes(entry, route)
        elif isinstance(entry, URLPattern):
            routes.add(route)
    return routes


# Each route with its path arguments, from the world built in test_no_route_shows_an_embargoed_key.
ROUTES = {
    "": {},
    "quizzes/<slug:slug>/": {"slug": "practice"},
    "quizzes/<slug:slug>/start/": {"slug": "practice"},
    "attempts/<int:attempt_id>/": {"attempt_id": "practice_attempt"},
    "attempts/<int:attempt_id>/answers/": {"attempt_id": "practice_attempt"},
    "attempts/<int:attempt_id>/submit/": {"attempt_id": "practice_attempt"},
    "attempts/<int:attempt_id>/result/": {"attempt_id": "practice_attempt"},
    "sources/": {},
    "sources/<slug:slug>/": {"slug": "source"},
    "disagreements/": {},
    "disagreements/<slug:slug>/": {"slug": "point"},
    "progress/": {},
    "teaching/": {},
    "teaching/quizzes/<slug:slug>/": {"slug": "practice"},
    "teaching/students/<str:username>/": {"username": "student"},
    "flashcards/": {},
    "flashcards/study/": {},
    "flashcards/review/": {},
    "flashcards/stats/": {},
    "flashcards/export.apkg": {},
    "api/v1/schema/": {},
    "api/v1/docs/": {},
    "api/v1/redoc/": {},
    "api/v1/sources/": {},
    "api/v1/sources/<slug:slug>/": {"slug": "source"},
    "api/v1/disagreements/": {},
    "api/v1/disagreements/<slug:slug>/": {"slug": "point"},
    "api/v1/passages/": {},
    "api/v1/passages/<int:pk>/": {"pk": "passage"},
    "api/v1/topics/": {},
    "api/v1/topics/<slug:slug>/": {"slug": "topic"},
    "api/v1/quizzes/": {},
    "api/v1/quizzes/<slug:slug>/": {"slug": "practice"},
    "api/v1/quizzes/<slug:slug>/questions/": {"slug": "practice"},
    "api/v1/quizzes/<slug:slug>/attempts/": {"slug": "practice"},
    "api/v1/quizzes/<slug:slug>/results/": {"slug": "practice"},
    "api/v1/quizzes/<slug:slug>/regrade/": {"slug": "practice"},
    "api/v1/attempts/": {},
    "api/v1/attempts/<int:pk>/": {"pk": "practice_attempt"},
    "api/v1/attempts/<int:pk>/answers/<slug:question>/": {"pk": "practice_attempt", "question": "question"},
    "api/v1/attempts/<int:pk>/answers/<slug:question>/check/": {"pk": "practice_attempt", "question": "question"},
    "api/v1/attempts/<int:pk>/submit/": {"pk": "practice_attempt"},
    "api/v1/attempts/<int:pk>/result/": {"pk": "practice_attempt"},
    "api/v1/progress/": {},
    "api/v1/students/<str:username>/progress/": {"username": "student"},
    "api/v1/bank/questions/": {},
    "api/v1/bank/questions/<slug:slug>/": {"slug": "question"},
    "api/v1/courses/": {},
    "api/v1/courses/<slug:slug>/students/": {"slug": "course"},
    "api/v1/courses/<slug:slug>/integration-keys/": {"slug": "course"},
    "api/v1/courses/<slug:slug>/integration-keys/<str:prefix>/": {"slug": "course", "prefix": "prefix"},
    "api/v1/flashcards/decks/": {},
    "api/v1/flashcards/queue/": {},
    "api/v1/flashcards/reviews/": {},
    "api/v1/flashcards/stats/": {},
    "api/v1/flashcards/cards/": {},
    "api/v1/bank/export/": {},
    "api/v1/bank/import/": {},
    "accounts/password_reset/": {},
    "teaching/attempts/<int:attempt_id>/": {"attempt_id": "practice_attempt"},
    "teaching/quizzes/<slug:slug>/results.csv": {"slug": "practice"},
    "teaching/quizzes/<slug:slug>/questions.csv": {"slug": "practice"},
    "teaching/quizzes/<slug:slug>/students.csv": {"slug": "practice"},
    "lti/login/": {},
    "lti/login/<uuid:registration_uuid>/": {"registration_uuid": "uuid"},
    "lti/launch/": {},
    "lti/jwks/": {},
    "lti/deep-linking/": {},
    "lti/register/<str:invitation>/": {"invitation": "prefix"},
    "lti/courses/<int:context_id>/roster/": {"context_id": "passage"},
    "lti/scores/resend/": {},
}


def test_every_route_of_the_url_conf_and_the_schema_has_a_leak_check(client):
    assert url_routes() == set(ROUTES)
    schema_paths = set(client.get("/api/v1/schema/", {"format": "json"}).json()["paths"])
    as_schema = {"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}") for route in ROUTES}
    assert schema_paths <= as_schema


def test_no_route_shows_an_embargoed_key(logged_in, student):
    # The question's contested point would answer it too: its positions are as secret as its explanation.
    point = DisagreementPointFactory(stakes=SECRET)
    point.positions.update(claim=SECRET)
    question = secret_question(disagreement=point, framing=Question.Framing.DISAGREEMENT)
    practice = quiz_of(question, slug="practice")
    sit(logged_in, practice, {question: "a"})
    exam(question)
    world = {
        "practice": practice.slug,
        "practice_attempt": practice.attempts.get().pk,
        "source": question.citations.get().source.slug,
        "passage": question.citations.get().source.passages.first().pk,
        "topic": TopicFactory().slug,
        "question": question.slug,
        "point": point.slug,
        "student": student.username,
        "course": "no-course",
        "prefix": "no-prefix",
        "uuid": "00000000-0000-4000-8000-000000000000",
    }
    checked = []
    for route, arguments in ROUTES.items():
        values = {name: str(world[key]) for name, key in arguments.items()}
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match, values=values: values[match.group(1)], route)
        for deck in ("all", f"quiz:{practice.slug}") if "flashcards" in route else ("all",):
            response = logged_in.get(path, {"deck": deck, "format": "json"})
            assert response.status_code < 500, path
            assert SECRET.encode() not in response.content, path
            checked.append(path)
    assert len(checked) >= len(ROUTES)


def test_the_bank_refuses_review_after_each_question_on_one_page_and_loads_a_practice_quiz(loaded_bank, bank_copy):
    quiz_file = bank_copy / "quizzes" / "first-look.yaml"
    quizzes = yaml.safe_load(quiz_file.read_text())
    quizzes[0].update(review_mode="per_question", layout="all_on_one_page")
    quiz_file.write_text(yaml.safe_dump(quizzes, allow_unicode=True))
    _, _, err = run_failing_command("load_bank", str(bank_copy))
    assert "review_mode 'per_question' needs layout 'one_per_page'" in err

    quizzes[0].update(layout="one_per_page", is_practice=True)
    quiz_file.write_text(yaml.safe_dump(quizzes, allow_unicode=True))
    run_command("load_bank", str(bank_copy))
    assert Quiz.objects.get(slug=quizzes[0]["id"]).is_practice
    exported = json.loads(run_command("export_bank", "-o", "-")[0])
    assert next(quiz for quiz in exported["quizzes"] if quiz["id"] == quizzes[0]["id"])["is_practice"] is True


def test_progress_counts_an_after_close_attempts_score_only_once_the_quiz_has_closed(logged_in):
    question = secret_question()
    closing = exam(question)
    sit(logged_in, closing, {question: "b"})
    progress = logged_in.get("/api/v1/progress/").json()
    row = next(row for row in progress["quizzes"] if row["quiz"] == closing.slug)
    assert (row["attempts_used"], row["best_percent"], progress["history"]) == (1, None, [])

    Quiz.objects.filter(pk=closing.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    progress = logged_in.get("/api/v1/progress/").json()
    row = next(row for row in progress["quizzes"] if row["quiz"] == closing.slug)
    assert (row["best_percent"], [entry["percent"] for entry in progress["history"]]) == (100.0, [100.0])

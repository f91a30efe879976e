"""The flashcard pages: decks, study (front, reveal, rate), the new-card cap, statistics, and privacy."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import CardReview, CardState, Flashcard, Question, Quiz, Source
from tests.factories import CardStateFactory, FlashcardFactory, UserFactory

# The shipped quizzes count as practice here; tests/test_secrecy.py covers the cards that wait for a review.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("practice_quizzes")]


@pytest.fixture
def logged_in(client, student, loaded_bank):
    client.force_login(student)
    return client


def shown_card(client, deck="all") -> tuple[int, dict]:
    """The card id on the study page and the fields of its rating form."""
    page = client.get(f"/flashcards/study/?deck={deck}").content.decode()
    card = int(re.search(r'data-card="(\d+)"', page).group(1))
    review_id = re.search(r'name="review_id" value="([^"]+)"', page).group(1)
    return card, {"card": card, "deck": deck, "review_id": review_id}


def rate(client, form: dict, rating: int):
    return client.post("/flashcards/review/", {**form, "rating": rating})


def test_pages_need_a_login(client):
    for url in ("/flashcards/", "/flashcards/study/", "/flashcards/stats/", "/flashcards/export.apkg"):
        assert client.get(url).status_code == 302
    assert client.post("/flashcards/review/", {}).status_code == 302
    assert not CardReview.objects.exists()


def test_the_study_page_is_never_cached_so_back_gets_a_fresh_review_id(logged_in):
    first, second = logged_in.get("/flashcards/study/"), logged_in.get("/flashcards/study/")
    assert "no-store" in first["Cache-Control"]
    review_id = re.compile(r'name="review_id" value="([^"]+)"')
    assert review_id.search(first.content.decode()).group(1) != review_id.search(second.content.decode()).group(1)


def test_deck_list_has_all_topic_source_and_quiz_decks(logged_in):
    page = logged_in.get("/flashcards/").content.decode()
    published = Question.objects.filter(status=Question.Status.PUBLISHED).count()
    all_row = re.search(r'data-deck="all">.*?<td>.*?</td>\s*<td>(\d+)</td>', page, re.S)
    assert int(all_row.group(1)) == published
    quiz = Quiz.objects.get(slug="first-look")
    assert 'data-deck="quiz:first-look"' in page and 'data-deck="topic:' in page and 'data-deck="source:' in page
    quiz_row = re.search(r'data-deck="quiz:first-look">.*?<td>.*?</td>\s*<td>(\d+)</td>', page, re.S)
    assert int(quiz_row.group(1)) == quiz.quiz_questions.count()
    # The table scrolls on a narrow screen rather than cutting off the actions; "Export .apkg" never breaks.
    assert '<div class="table-scroll">' in page and '<td class="deck-actions">' in page


def test_two_sources_of_the_same_title_get_decks_told_apart_by_publisher(logged_in):
    decks = logged_in.get("/api/v1/flashcards/decks/", {"page_size": 100}).json()["results"]
    titles = {deck["key"]: deck["title"] for deck in decks if deck["kind"] == "source"}
    assert len(set(titles.values())) == len(titles) == Source.objects.count()
    assert titles["source:imt"] == "In Defence of Marxism (IMT) — Stalinism"
    assert titles["source:revolupedia"] == "Revolupedia — Anti-Stalinism"
    study = logged_in.get("/flashcards/study/?deck=source:wikipedia").content.decode()
    assert "<h1>Study: Wikipedia — Stalinism</h1>" in study


def test_study_shows_the_front_and_the_cited_back_then_records_the_rating(logged_in, student):
    page = logged_in.get("/flashcards/study/?deck=quiz:first-look").content.decode()
    card_id = int(re.search(r'data-card="(\d+)"', page).group(1))
    question = Flashcard.objects.get(pk=card_id).question
    assert question.quiz_questions.filter(quiz__slug="first-look").exists()
    assert question.prompt[:40].replace("'", "&#x27;") in page
    citation = question.citations.first()
    assert citation.quote[:30].replace("'", "&#x27;").replace('"', "&quot;") in page
    assert citation.source.perspective_label in page
    _, form = shown_card(logged_in, "quiz:first-look")
    response = rate(logged_in, form, CardReview.Rating.GOOD)
    assert response.status_code == 302 and response.url == "/flashcards/study/?deck=quiz:first-look"
    state = CardState.objects.get(student=student)
    assert state.flashcard_id == card_id and state.state == CardState.State.LEARNING
    assert state.due > timezone.now()
    next_card, _ = shown_card(logged_in, "quiz:first-look")
    assert next_card != card_id


def test_disagreement_panel_is_on_the_back_of_a_disputed_question(logged_in, student):
    disputed = Question.objects.filter(status=Question.Status.PUBLISHED).exclude(disagreement=None).first()
    CardStateFactory(student=student, flashcard=Flashcard.objects.get_or_create(question=disputed)[0])
    page = logged_in.get("/flashcards/study/").content.decode()
    assert "Where the sources disagree" in page
    assert disputed.disagreement.positions.first().claim[:25].replace("'", "&#x27;") in page


@pytest.mark.parametrize("kind", [Question.Type.CLOZE, Question.Type.ORDERING])
def test_the_front_lists_items_to_order_only_for_an_ordering_question(logged_in, student, kind):
    question = Question.objects.filter(status=Question.Status.PUBLISHED, type=kind).first()
    CardStateFactory(student=student, flashcard=Flashcard.objects.get_or_create(question=question)[0])
    page = logged_in.get("/flashcards/study/").content.decode()
    assert ("Put in order:" in page) is (kind == Question.Type.ORDERING)
    if kind == Question.Type.ORDERING:
        assert question.ordering_items.first().text[:20].replace("'", "&#x27;") in page


def test_sending_the_same_rating_form_twice_records_one_review(logged_in, student):
    _, form = shown_card(logged_in)
    rate(logged_in, form, CardReview.Rating.AGAIN)
    rate(logged_in, form, CardReview.Rating.AGAIN)
    assert CardReview.objects.filter(student=student).count() == 1
    assert CardState.objects.get(student=student).reps == 1


def test_bad_ratings_are_refused_with_a_message_and_change_nothing(logged_in, student):
    _, form = shown_card(logged_in)
    response = rate(logged_in, form, 7)
    assert response.status_code == 302
    assert "rating" in logged_in.get(response.url).content.decode()
    assert rate(logged_in, {**form, "review_id": "not-a-uuid"}, 3).status_code == 302
    assert rate(logged_in, {**form, "card": 99999999}, 3).status_code == 404
    assert logged_in.get("/flashcards/study/?deck=topic:no-such-topic").status_code == 404
    assert logged_in.get("/flashcards/study/?deck=nonsense").status_code == 404
    assert not CardReview.objects.filter(student=student).exists()


def test_new_cards_are_capped_per_day_but_due_cards_still_come(logged_in, student, settings):
    settings.FLASHCARDS = {**settings.FLASHCARDS, "NEW_CARDS_PER_DAY": 2}
    for _ in range(2):
        _, form = shown_card(logged_in)
        rate(logged_in, form, CardReview.Rating.GOOD)
    page = logged_in.get("/flashcards/study/").content.decode()
    assert "Nothing to study now" in page and "limit of new cards" in page
    due = CardStateFactory(student=student, flashcard=FlashcardFactory())
    card, _ = shown_card(logged_in)
    assert card == due.flashcard_id
    assert CardState.objects.filter(student=student).count() == 3


def test_new_card_cap_counts_only_cards_started_today(logged_in, student, settings):
    settings.FLASHCARDS = {**settings.FLASHCARDS, "NEW_CARDS_PER_DAY": 1}
    yesterday = timezone.now() - timedelta(days=1, hours=1)
    CardStateFactory(student=student, first_reviewed_at=yesterday, due=timezone.now() + timedelta(days=3))
    card, form = shown_card(logged_in)
    assert not CardState.objects.filter(student=student, flashcard_id=card).exists()  # a new card
    rate(logged_in, form, CardReview.Rating.EASY)
    assert "Nothing to study now" in logged_in.get("/flashcards/study/").content.decode()


def test_a_student_never_sees_another_students_cards_or_reviews(client, loaded_bank):
    owner, other = UserFactory(username="owner"), UserFactory(username="other")
    state = CardStateFactory(student=owner, flashcard=FlashcardFactory(front="Owner's due card"))
    CardReview.objects.create(
        review_id=uuid.uuid4(),
        student=owner,
        flashcard=state.flashcard,
        rating=3,
        reviewed_at=timezone.now(),
        state_before=CardState.State.REVIEW,
        due_after=state.due,
    )
    client.force_login(other)
    page = client.get("/flashcards/study/").content.decode()
    assert "New card" in page and "Review card" not in page  # the owner's due card is new to the other student
    assert re.search(r'class="due-count">0<', page)
    card, form = shown_card(client)
    stats = client.get("/flashcards/stats/").content.decode()
    assert re.search(r'class="review-count">0<', stats)
    rate(client, {**form, "card": state.flashcard_id}, CardReview.Rating.AGAIN)
    state.refresh_from_db()
    assert state.reps == 3 and CardReview.objects.filter(student=owner).count() == 1
    client.force_login(owner)
    assert re.search(r'class="review-count">1<', client.get("/flashcards/stats/").content.decode())


def test_stats_page_shows_reviews_retention_and_forecast(logged_in, student):
    states = CardStateFactory.create_batch(3, student=student)
    for state, rating in zip(states, (1, 3, 3), strict=True):
        card, form = shown_card(logged_in)
        rate(logged_in, {**form, "card": state.flashcard_id}, rating)
    page = logged_in.get("/flashcards/stats/").content.decode()
    assert re.search(r'class="review-count">3<', page)
    assert re.search(r'class="retention">66.7%<', page)
    assert page.count('<svg class="chart"') == 3
    assert "<td>Relearning</td>" not in page and "Cards due in the next 14 days" in page
    # The 14-day forecast is drawn on the full canvas (not blown up), labelled today and weekly back from the end.
    forecast = page[page.index("Cards due in the next 14 days") - 200 :]
    assert re.search(r'viewBox="0 0 (\d+) 190"', forecast).group(1) == "640"
    today = timezone.localtime()
    assert f'class="tick">{today:%d %b}</text>' in forecast
    assert f'class="tick">{today + timedelta(days=13):%d %b}</text>' in forecast


@pytest.mark.parametrize("n", [2, 20])
def test_study_page_queries_constant(logged_in, student, n, django_assert_max_num_queries):
    CardStateFactory.create_batch(n, student=student)
    logged_in.get("/flashcards/study/")
    # session, user, pending quiz feeds, embargoed, taking, in exams, reviewed (the locked cards), card sync,
    # due cards, new cards started today, card topics, citations
    with django_assert_max_num_queries(12):
        assert logged_in.get("/flashcards/study/").status_code == 200


@pytest.mark.parametrize("question_type", [Question.Type.ORDERING, Question.Type.MULTIPLE_CHOICE])
def test_a_front_lists_items_to_order_only_for_an_ordering_question(logged_in, student, question_type):
    question = Question.objects.filter(status=Question.Status.PUBLISHED, type=question_type).first()
    CardStateFactory(student=student, flashcard=Flashcard.objects.get_or_create(question=question)[0])
    page = logged_in.get("/flashcards/study/").content.decode()
    front = page.split('class="card-front"')[1].split("</section>")[0]
    assert ("Put in order" in front) == (question_type == Question.Type.ORDERING)
    for item in question.ordering_items.all():
        assert f"<li>{item.text[:20]}".replace("'", "&#x27;").replace('"', "&quot;") in front
    for choice in question.choices.all():
        assert f"<li>{choice.text[:20]}".replace("'", "&#x27;").replace('"', "&quot;") in front


def test_a_rating_sent_by_the_page_script_gets_json_and_the_next_card_url(logged_in, student):
    card, form = shown_card(logged_in)

    response = logged_in.post("/flashcards/review/", {**form, "rating": 3}, headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert response.json() == {"next": "/flashcards/study/?deck=all"}
    assert CardReview.objects.get(student=student).flashcard_id == card
    refused = logged_in.post("/flashcards/review/", {**form, "rating": 9}, headers={"Accept": "application/json"})
    assert refused.status_code == 400 and "rating" in refused.json()["error"]
    assert CardReview.objects.filter(student=student).count() == 1

import pytest

from quizzes.models import Quiz, Source
from tests.factories import QuizFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_sources_come_with_their_perspective_and_counts(api_client, loaded_bank):
    listed = api_client.get("/api/v1/sources/").json()
    cwi = next(source for source in listed["results"] if source["slug"] == "cwi")
    assert cwi["perspective_label"] and cwi["passage_count"] > 0 and cwi["citing_question_count"] > 0
    assert "text" not in cwi
    detail = api_client.get("/api/v1/sources/cwi/").json()
    assert "repeated rumours that Stalin was actually murdered" in detail["text"]


def test_passages_are_filtered_by_source(api_client, loaded_bank):
    passages = api_client.get("/api/v1/passages/", {"source": "cwi", "page_size": 3}).json()
    assert passages["count"] > 3
    assert {passage["source"] for passage in passages["results"]} == {"cwi"}
    assert [passage["anchor"] for passage in passages["results"]] == ["p-1", "p-2", "p-3"]
    first = passages["results"][0]
    assert api_client.get(f"/api/v1/passages/{first['id']}/").json() == first


def test_topics_list_their_published_questions(api_client, loaded_bank):
    topics = api_client.get("/api/v1/topics/", {"page_size": 100}).json()["results"]
    death = next(topic for topic in topics if topic["slug"] == "death-of-stalin")
    assert death["question_count"] >= 2


def test_quizzes_are_published_only_and_filter_by_topic_source_and_type(api_client, loaded_bank):
    QuizFactory(status=Quiz.Status.DRAFT, slug="draft-quiz")
    slugs = [quiz["slug"] for quiz in api_client.get("/api/v1/quizzes/").json()["results"]]
    assert "first-look" in slugs and "draft-quiz" not in slugs
    assert api_client.get("/api/v1/quizzes/draft-quiz/").status_code == 404

    def count(**query):
        return api_client.get("/api/v1/quizzes/", query).json()["count"]

    published = Quiz.objects.filter(status=Quiz.Status.PUBLISHED)
    with_topic = published.filter(quiz_questions__question__topics__slug="death-of-stalin").distinct().count()
    citing = published.filter(quiz_questions__question__citations__source__slug="revolupedia").distinct().count()
    with_type = published.filter(quiz_questions__question__type="ordering").distinct().count()
    assert 0 < with_topic < published.count() and 0 < citing < published.count()
    assert (count(topic="death-of-stalin"), count(source="revolupedia"), count(type="ordering")) == (
        with_topic,
        citing,
        with_type,
    )
    assert count(topic="no-such-topic") == 0
    first_look = api_client.get("/api/v1/quizzes/first-look/").json()
    assert first_look["question_count"] == Quiz.objects.get(slug="first-look").quiz_questions.count()
    assert api_client.get("/api/v1/quizzes/", {"type": "essay"}).status_code == 400


def test_page_size_is_capped_and_pages_are_counted(api_client, db):
    SourceFactory.create_batch(105)
    capped = api_client.get("/api/v1/sources/", {"page_size": 1000}).json()
    assert capped["count"] == Source.objects.count() > 100 and len(capped["results"]) == 100 and capped["next"]
    assert len(api_client.get("/api/v1/sources/").json()["results"]) == 20
    beyond = api_client.get("/api/v1/sources/", {"page": 99})
    assert beyond.status_code == 404
    assert beyond.json() == {"detail": "Invalid page.", "code": "not_found"}


def test_unknown_ids_get_404_with_the_error_body(api_client, db):
    missing = api_client.get("/api/v1/sources/no-such-source/")
    assert missing.status_code == 404
    assert set(missing.json()) == {"detail", "code"}
    assert api_client.get("/api/v1/passages/99999/").status_code == 404

"""Teachers author their own cited cards in the admin; quotes are checked verbatim against the sources."""

import pytest
from django.contrib.auth.models import Group

from quizzes.models import Flashcard, Source
from quizzes.services.accounts import TEACHERS_GROUP, ensure_groups
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_client(client, loaded_sources):
    ensure_groups()
    teacher = UserFactory(username="t-admin", is_staff=True)
    teacher.groups.add(Group.objects.get(name=TEACHERS_GROUP))
    client.force_login(teacher)
    return client


def card_form(source: Source, quote: str, **fields) -> dict:
    return {
        "front": "Who led the Soviet Union after Lenin?",
        "back": "Stalin.",
        "is_published": "on",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-source": source.pk,
        "citations-0-quote": quote,
        "citations-0-position": "0",
        **fields,
    }


def test_a_teacher_adds_a_card_with_a_verified_citation(teacher_client):
    source = Source.objects.first()
    quote = source.passages.first().text[:50]
    response = teacher_client.post("/admin/quizzes/flashcard/add/", card_form(source, quote))
    assert response.status_code == 302
    card = Flashcard.objects.get(front="Who led the Soviet Union after Lenin?")
    assert card.author.username == "t-admin" and card.citations.get().passage == source.passages.first()


def test_a_quote_not_in_the_source_or_an_empty_back_is_a_form_error(teacher_client):
    source = Source.objects.first()
    response = teacher_client.post("/admin/quizzes/flashcard/add/", card_form(source, "Not a word of this is there"))
    assert response.status_code == 200 and "The quote is not in" in response.content.decode()
    quote = source.passages.first().text[:50]
    response = teacher_client.post("/admin/quizzes/flashcard/add/", card_form(source, quote, back=""))
    assert response.status_code == 200 and "needs a front and a back" in response.content.decode()
    assert not Flashcard.objects.filter(question__isnull=True).exists()

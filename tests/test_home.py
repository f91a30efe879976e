import pytest

from quizzes.models import Quiz

pytestmark = pytest.mark.django_db


def test_home_lists_the_sources_with_their_perspectives_and_the_quizzes(client, loaded_bank):
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Theory: 50 years since the death of Stalin" in html
    assert "Marxist–Leninist (anti-revisionist) wiki" in html
    assert "A first look: who says what about Stalin" in html


def test_home_does_not_show_draft_quizzes(client, loaded_bank):
    Quiz.objects.filter(slug="first-look").update(status=Quiz.Status.DRAFT)
    assert "A first look" not in client.get("/").content.decode()


def test_home_works_on_an_empty_database(client, empty_db):
    page = client.get("/")
    assert page.status_code == 200
    assert "load_sources" in page.content.decode()


def test_login_page_renders(client):
    assert client.get("/accounts/login/").status_code == 200


def test_every_page_names_our_own_favicon(client, loaded_sources):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/img/favicon.svg").status_code == 200

"""What visitors and teachers first see: a home page that leads somewhere, the admin branded as quizsite with
previews drawn by the student templates, the quiz form naming its questions, and no asset from another origin."""

import re

import pytest

from quizzes.models import Question, Quiz

pytestmark = pytest.mark.django_db


def test_the_visitor_home_page_says_what_the_site_is_and_links_everything(client, loaded_bank):
    page = client.get("/").content.decode()
    assert "every answer key quotes" in page
    assert 'href="/accounts/login/?next=/"' in page and "Sign in to take the quizzes" in page
    assert '<a href="/sources/wikipedia/">' in page
    first_look = Quiz.objects.get(slug="first-look")
    assert f'<a href="/quizzes/{first_look.slug}/">{first_look.title}</a>' in page.replace("&#x27;", "'")
    assert first_look.description.replace("'", "&#x27;") in page  # whole, not cut mid-sentence


def test_the_admin_is_branded_quizsite(teacher_in_admin):
    page = teacher_in_admin.get("/admin/").content.decode()
    assert "quizsite administration" in page and "Django administration" not in page


def test_previews_are_drawn_with_the_student_templates(teacher_in_admin, loaded_bank):
    question = Question.objects.filter(type=Question.Type.MATCHING, status="published").first()
    page = teacher_in_admin.get(f"/admin/quizzes/question/{question.pk}/preview/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert 'class="site-header"' in page and 'id="container"' not in page  # the site's frame, not the admin's
    assert f'href="/admin/quizzes/question/{question.pk}/change/"' in page
    assert "onsubmit" not in page


def test_the_quiz_form_shows_each_questions_prompt_and_type(teacher_in_admin, loaded_bank):
    quiz = Quiz.objects.get(slug="first-look")
    page = teacher_in_admin.get(f"/admin/quizzes/quiz/{quiz.pk}/change/").content.decode()
    for link in quiz.quiz_questions.select_related("question"):
        assert link.question.get_type_display() in page
        assert link.question.prompt.replace("'", "&#x27;").replace('"', "&quot;") in page


def test_only_the_cloze_form_mentions_blanks(teacher_in_admin):
    assert "[[1]]" in teacher_in_admin.get("/admin/quizzes/question/add/?type=cloze").content.decode()
    assert "[[1]]" not in teacher_in_admin.get("/admin/quizzes/question/add/?type=single_choice").content.decode()


@pytest.mark.parametrize("path", ["/", "/sources/", "/api/v1/redoc/", "/api/v1/docs/", "/accounts/login/"])
def test_no_page_names_an_asset_from_another_origin(client, loaded_bank, path):
    page = client.get(path).content.decode()
    assert re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', page) == []
    assert "fonts.googleapis" not in page and "<script>" not in page.replace("<script src", "")

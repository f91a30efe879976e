"""The question list's bulk actions and previews, as a non-superuser teacher."""

import json

import pytest
from django.utils.html import escape

from quizzes.models import Question, Quiz
from quizzes.services import bank_import
from tests.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/quizzes/question/"


def run_action(client, action: str, questions, **extra):
    data = {"action": action, "_selected_action": [str(q.pk) for q in questions], **extra}
    return client.post(CHANGELIST, data, follow=not extra.get("no_follow"))


def test_bulk_publish_publishes_valid_drafts_and_refuses_a_broken_one(teacher_in_admin):
    drafts = QuestionFactory.create_batch(2, status=Question.Status.DRAFT)
    broken = QuestionFactory(status=Question.Status.DRAFT)
    broken.choices.update(is_correct=False)

    response = run_action(teacher_in_admin, "publish", [*drafts, broken])

    page = response.content.decode()
    assert f"Published: {drafts[0].slug}, {drafts[1].slug}." in page
    assert f"Left {broken.slug} as it was: answer must be the key of one of the choices" in page
    assert [q.status for q in Question.objects.filter(pk__in=[d.pk for d in drafts])] == ["published", "published"]
    broken.refresh_from_db()
    assert broken.status == Question.Status.DRAFT


def test_bulk_unpublish_keeps_questions_of_a_published_quiz(teacher_in_admin):
    free = QuestionFactory()
    in_quiz = Quiz.objects.get(slug="first-look").questions.first()

    page = run_action(teacher_in_admin, "unpublish", [free, in_quiz]).content.decode()

    assert "it is in the published quiz &#x27;first-look&#x27;" in page
    free.refresh_from_db()
    in_quiz.refresh_from_db()
    assert free.status == Question.Status.DRAFT and in_quiz.status == Question.Status.PUBLISHED


def test_duplicate_makes_a_draft_copy_with_the_key_and_citations(teacher_in_admin, bank_teacher):
    original = Question.objects.filter(disagreement__isnull=False).first()

    run_action(teacher_in_admin, "duplicate", [original])

    copy = Question.objects.get(slug=f"{original.slug}-copy")
    assert copy.status == Question.Status.DRAFT and copy.author == bank_teacher
    assert [(c.source_id, c.quote) for c in copy.citations.all()] == [
        (c.source_id, c.quote) for c in original.citations.all()
    ]
    assert copy.disagreement == original.disagreement
    run_action(teacher_in_admin, "duplicate", [original])
    assert Question.objects.filter(slug=f"{original.slug}-copy-2").exists()


def test_add_to_quiz_asks_for_the_quiz_then_appends_the_questions(teacher_in_admin, bank_teacher):
    quiz = QuizFactory(n_questions=2, author=bank_teacher, status=Quiz.Status.DRAFT)
    new = QuestionFactory.create_batch(2)

    asked = run_action(teacher_in_admin, "add_to_quiz", new)
    assert asked.status_code == 200 and 'name="quiz"' in asked.content.decode()
    assert quiz.quiz_questions.count() == 2

    run_action(teacher_in_admin, "add_to_quiz", new, quiz=str(quiz.pk))
    assert [link.question for link in quiz.quiz_questions.order_by("position")][2:] == new
    assert list(quiz.quiz_questions.values_list("position", flat=True)) == [1, 2, 3, 4]


def test_a_draft_cannot_be_added_to_a_published_quiz(teacher_in_admin, bank_teacher):
    quiz = QuizFactory(n_questions=1, author=bank_teacher)
    draft = QuestionFactory(status=Question.Status.DRAFT)
    page = run_action(teacher_in_admin, "add_to_quiz", [draft], quiz=str(quiz.pk)).content.decode()
    assert "it is a draft and the quiz is published" in page
    assert quiz.quiz_questions.count() == 1


def test_export_gives_a_bank_file_that_imports_cleanly(teacher_in_admin):
    chosen = [
        *Question.objects.filter(topics__isnull=False, disagreement__isnull=True).distinct()[:2],
        Question.objects.filter(disagreement__isnull=False).first(),
    ]

    response = run_action(teacher_in_admin, "export_bank_json", chosen, no_follow="1")

    assert response["Content-Disposition"].startswith('attachment; filename="questions-')
    document = json.loads(response.content)
    assert [entry["id"] for entry in document["questions"]] == sorted(q.slug for q in chosen)
    assert "answer" in document["questions"][0] and document["topics"]
    assert [point["id"] for point in document["points"]] == [chosen[2].disagreement.slug]
    preview = bank_import.preview_bank_import(
        document=bank_import.parse_bank_upload(content=response.content, file_name="export.json")
    )
    unchanged = len(document["topics"]) + len(document["points"]) + 3
    assert preview.problems == [] and preview.changes == [] and preview.unchanged == unchanged


def test_list_filters_by_source_cited_and_disagreement_and_searches_quotes(teacher_in_admin):
    disputed = Question.objects.filter(disagreement__isnull=False)
    citation = disputed.first().citations.select_related("source").first()

    filtered = teacher_in_admin.get(CHANGELIST, {"cites": citation.source.slug, "disagreement": "yes"})
    expected = disputed.filter(citations__source=citation.source).distinct().count()
    assert filtered.context["cl"].result_count == expected > 0

    searched = teacher_in_admin.get(CHANGELIST, {"q": citation.quote[:40]})
    assert citation.question in list(searched.context["cl"].result_list)


def test_previews_show_the_key_only_in_the_key_preview(teacher_in_admin):
    question = Question.objects.filter(type=Question.Type.SINGLE_CHOICE).first()
    citation = question.citations.first()

    as_student = teacher_in_admin.get(f"/admin/quizzes/question/{question.pk}/preview/").content.decode()
    with_key = teacher_in_admin.get(f"/admin/quizzes/question/{question.pk}/preview/key/").content.decode()

    correct = escape(question.choices.get(is_correct=True).text)
    quote, explanation = escape(citation.quote[:30]), escape(question.explanation[:30])
    assert escape(question.prompt[:30]) in as_student and correct in as_student
    assert "The key" not in as_student and quote not in as_student and explanation not in as_student
    assert "The key" in with_key and quote in with_key and explanation in with_key
    # Nobody answered in a preview: no verdict, no "your answer".
    assert "Not answered." not in with_key and "Your answer" not in with_key
    # The answer key's template comment stays in the template, not on the page.
    assert "{#" not in with_key and "The key of one question" not in with_key


def test_quiz_preview_shows_every_question_in_order(teacher_in_admin):
    quiz = Quiz.objects.get(slug="first-look")
    page = teacher_in_admin.get(f"/admin/quizzes/quiz/{quiz.pk}/preview/").content.decode()
    slugs = [link.question.slug for link in quiz.quiz_questions.select_related("question")]
    positions = [page.index(f'data-question="{slug}"') for slug in slugs]
    assert positions == sorted(positions) and len(slugs) > 1


@pytest.mark.parametrize("size", [2, 20])
def test_the_question_list_issues_a_constant_number_of_queries(teacher_in_admin, size, django_assert_num_queries):
    QuestionFactory.create_batch(size, prompt="Zanzibar token question")
    # Session, user, permissions (own + groups'), the filters' choices (topics, sources, authors), the count found,
    # the total, the rows with their authors: the same for any number of rows.
    with django_assert_num_queries(10):
        response = teacher_in_admin.get(CHANGELIST, {"q": "Zanzibar"})
    assert response.context["cl"].result_count == size

"""The quiz admin as a teacher: ordered questions, settings checked, preview and class-results links."""

import pytest

from quizzes.models import Question, Quiz
from tests.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def quiz_post(quiz: Quiz, rows: list[dict], **settings) -> dict:
    data = {
        "title": quiz.title, "slug": quiz.slug, "description": "", "status": quiz.status, "layout": quiz.layout,
        "review_mode": quiz.review_mode, "pass_mark": "60", "max_attempts": "", "time_limit_minutes": "",
        "opens_at_0": "", "opens_at_1": "", "closes_at_0": "", "closes_at_1": "",
        "quiz_questions-TOTAL_FORMS": str(len(rows)),
        "quiz_questions-INITIAL_FORMS": str(sum(1 for row in rows if "id" in row)),
        "quiz_questions-MIN_NUM_FORMS": "0", "quiz_questions-MAX_NUM_FORMS": "1000",
        **settings,
    }  # fmt: skip
    for index, row in enumerate(rows):
        data.update({f"quiz_questions-{index}-{name}": value for name, value in row.items()})
    return data


def rows_of(quiz: Quiz, places: list[int]) -> list[dict]:
    return [
        {"id": str(link.pk), "quiz": str(quiz.pk), "question": str(link.question_id), "points": "1", "place": str(p)}
        for link, p in zip(quiz.quiz_questions.order_by("position"), places, strict=True)
    ]


def test_a_teacher_reorders_the_questions_of_a_quiz(teacher_in_admin, bank_teacher):
    quiz = QuizFactory(n_questions=3, author=bank_teacher)
    before = [link.question for link in quiz.quiz_questions.order_by("position")]

    reordered = quiz_post(quiz, rows_of(quiz, [3, 1, 2]))
    response = teacher_in_admin.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", reordered)

    assert response.status_code == 302
    after = [link.question for link in quiz.quiz_questions.order_by("position")]
    assert after == [before[1], before[2], before[0]]
    assert list(quiz.quiz_questions.values_list("position", flat=True)) == [1, 2, 3]


def test_a_published_quiz_refuses_a_draft_question(teacher_in_admin, bank_teacher):
    quiz = QuizFactory(n_questions=1, author=bank_teacher)
    draft = QuestionFactory(status=Question.Status.DRAFT)
    rows = [*rows_of(quiz, [1]), {"question": str(draft.pk), "points": "2", "place": ""}]

    response = teacher_in_admin.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", quiz_post(quiz, rows))

    assert response.status_code == 200
    assert f"A published quiz can only hold published questions; drafts: {draft.slug}." in response.content.decode()
    assert quiz.quiz_questions.count() == 1


def test_review_after_close_needs_a_closing_date(teacher_in_admin, bank_teacher):
    quiz = QuizFactory(n_questions=1, author=bank_teacher)
    data = quiz_post(quiz, rows_of(quiz, [1]), review_mode=Quiz.ReviewMode.AFTER_CLOSE)
    response = teacher_in_admin.post(f"/admin/quizzes/quiz/{quiz.pk}/change/", data)
    assert "Reviewing after the quiz closes needs a closing date" in response.content.decode()
    quiz.refresh_from_db()
    assert quiz.review_mode == Quiz.ReviewMode.AFTER_SUBMISSION


def test_the_quiz_page_links_to_its_previews_and_class_results(teacher_in_admin):
    quiz = Quiz.objects.get(slug="first-look")
    page = teacher_in_admin.get(f"/admin/quizzes/quiz/{quiz.pk}/change/").content.decode()
    assert f"/admin/quizzes/quiz/{quiz.pk}/preview/" in page
    assert f"/teaching/quizzes/{quiz.slug}/" in page
    assert 'href="/teaching/"' in teacher_in_admin.get("/admin/").content.decode()

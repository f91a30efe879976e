"""Teachers read a student's attempt: answers, key, credit and time per question, linked from the class dashboard's
student page and from the admin; only for the students of their courses. CSV exports of a quiz's results."""

import csv
import io
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from quizzes.models import Question
from quizzes.services import attempts
from quizzes.services.attempts import attempt_slots
from quizzes.services.grading import correct_answer
from tests.factories import CourseFactory, UserFactory, quiz_of_every_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(bank_teacher, loaded_bank):
    """A pupil of the teacher's course answers the first three questions right, one minute apart, then submits."""
    quiz = quiz_of_every_type()
    pupil = UserFactory(username="pupil")
    CourseFactory(teachers=[bank_teacher], students=[pupil])
    started = timezone.now() - timedelta(hours=1)
    attempt = attempts.start_attempt(quiz=quiz, student=pupil, now=started)
    for number, link in enumerate(attempt_slots(attempt, with_key=False)[:3], start=1):
        attempts.save_answer(
            attempt=attempt,
            question_slug=link.question.slug,
            answer=correct_answer(link.question),
            now=started + timedelta(seconds=30 * number * number),
        )
    return attempts.submit_attempt(attempt=attempt, now=started + timedelta(minutes=10))


def test_a_teacher_reads_the_answers_key_credit_and_time_of_each_question(client, bank_teacher, sitting):
    client.force_login(bank_teacher)

    response = client.get(f"/teaching/attempts/{sitting.pk}/")

    assert response.status_code == 200
    cards = response.context["cards"]
    assert [card["state"] for card in cards] == ["correct"] * 3 + ["unanswered"] * 4
    assert [card["seconds_spent"] for card in cards] == [30, 90, 150, None, None, None, None]
    page = response.content.decode()
    assert "· 90 s on it" in page
    assert "3 correct · 0 partly correct · 0 incorrect · 4 not answered" in page
    # The student's review partials: the marked answer, the key and the folded sources.
    assert page.count('<details class="why">') == 7 and "your choice, right" in page


def test_the_review_is_linked_from_the_student_page_and_the_admin(client, bank_teacher, sitting):
    client.force_login(bank_teacher)
    review_url = f"/teaching/attempts/{sitting.pk}/"
    assert review_url in client.get("/teaching/students/pupil/").content.decode()
    admin_page = client.get(f"/admin/quizzes/attempt/{sitting.pk}/change/").content.decode()
    assert review_url in admin_page
    # The admin shows answers in words and credit in percent, not the stored keys and floats.
    assert "100%" in admin_page
    ordering = sitting.quiz.questions.get(type=Question.Type.SINGLE_CHOICE)
    assert next(c.text for c in ordering.choices.all() if c.is_correct) in admin_page


def test_other_teachers_and_students_cannot_read_the_attempt(client, sitting):
    from quizzes.services.accounts import TEACHERS_GROUP, ensure_groups

    other_teacher = UserFactory(is_staff=True)
    other_teacher.groups.add(ensure_groups()[TEACHERS_GROUP])
    client.force_login(other_teacher)
    assert client.get(f"/teaching/attempts/{sitting.pk}/").status_code == 404
    client.force_login(sitting.student)
    assert client.get(f"/teaching/attempts/{sitting.pk}/").status_code == 403


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_a_quizs_results_download_as_csv_one_row_per_attempt(client, bank_teacher, sitting):
    client.force_login(bank_teacher)

    response = client.get(f"/teaching/quizzes/{sitting.quiz.slug}/results.csv")

    header, *rows = read_csv(response)
    assert 'filename="' in response["Content-Disposition"]
    links = attempt_slots(sitting, with_key=False)
    quiz_order = sorted(links, key=lambda link: link.position)
    assert header[:8] == ["student", "attempt", "started_at", "submitted_at", "score", "max_score", "percent", "passed"]
    assert header[8:] == [f"q{n} {link.question.slug}" for n, link in enumerate(quiz_order, start=1)]
    assert rows == [
        ["pupil", "1", sitting.started_at.isoformat(), sitting.submitted_at.isoformat(), "3.00", "7.00", "42.9", "no",
         "1", "1", "1", "", "", "", ""],
    ]  # fmt: skip


def test_a_quizs_item_statistics_download_as_csv(client, bank_teacher, sitting):
    client.force_login(bank_teacher)

    header, *rows = read_csv(client.get(f"/teaching/quizzes/{sitting.quiz.slug}/questions.csv"))

    assert header == [
        "number", "question", "version", "drawn", "type", "prompt", "answered", "facility", "mean_credit",
        "discrimination", "answers",
    ]  # fmt: skip
    assert [row[4] for row in rows] == list(Question.Type.values)
    assert {(row[2], row[3]) for row in rows} == {("1", "1")}, "each question as its one version, drawn once"
    assert [row[6:8] for row in rows] == [["1", "1.0"]] * 3 + [["0", "0.0"]] * 4
    assert "(correct)" in rows[0][10] and "(no answer): 0" in rows[0][10]


def test_csv_exports_are_for_the_teachers_students_only(client, bank_teacher, sitting):
    client.force_login(UserFactory())
    assert client.get(f"/teaching/quizzes/{sitting.quiz.slug}/results.csv").status_code == 403
    stranger_teacher = UserFactory(is_superuser=False, is_staff=True)
    from quizzes.services.accounts import TEACHERS_GROUP, ensure_groups

    stranger_teacher.groups.add(ensure_groups()[TEACHERS_GROUP])
    client.force_login(stranger_teacher)
    header, *rows = read_csv(client.get(f"/teaching/quizzes/{sitting.quiz.slug}/results.csv"))
    assert rows == []


@pytest.mark.parametrize("n_questions", [2, 20])
def test_the_review_and_exports_run_a_constant_number_of_queries(
    client, bank_teacher, n_questions, django_assert_max_num_queries
):
    from tests.factories import QuizFactory

    quiz = QuizFactory(n_questions=n_questions)
    pupils = [UserFactory() for _ in range(3)]
    CourseFactory(teachers=[bank_teacher], students=pupils)
    now = timezone.now()
    for pupil in pupils:
        attempt = attempts.start_attempt(quiz=quiz, student=pupil, now=now)
        for link in attempt_slots(attempt, with_key=False):
            attempts.save_answer(attempt=attempt, question_slug=link.question.slug, answer="b", now=now)
        attempts.submit_attempt(attempt=attempt, now=now)
    client.force_login(bank_teacher)
    with django_assert_max_num_queries(20):
        assert client.get(f"/teaching/attempts/{attempt.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert len(read_csv(client.get(f"/teaching/quizzes/{quiz.slug}/results.csv"))) == 4
    with django_assert_max_num_queries(20):
        assert len(read_csv(client.get(f"/teaching/quizzes/{quiz.slug}/questions.csv"))) == n_questions + 1

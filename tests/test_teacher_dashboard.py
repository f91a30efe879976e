"""The class dashboard's statistics against values computed by hand on a small class."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import MatchingPair, OrderingItem, Question, QuizQuestion
from quizzes.services import attempts
from quizzes.services.class_results import discrimination_index
from quizzes.services.versions import record_version
from tests.factories import CourseFactory, QuestionFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db

# Six students answer two single-choice questions ("b" is right, None: left unanswered), in this order.
ANSWERS = [("b", "b"), ("b", "a"), ("a", "b"), ("b", None), ("a", "a"), ("a", None)]
# Scores: 100, 50, 50, 50, 0, 0 -> mean 250/6 = 41.7, median (50 + 50) / 2 = 50.
# Upper and lower groups: round(6 * 0.27) = 2 attempts each: students 1-2 and 5-6 (ties keep submission order).
# Q1 right for students 1, 2, 4 -> facility 3/6 = 0.5; D = (1 + 1)/2 - (0 + 0)/2 = 1.0.
# Q2 right for students 1, 3    -> facility 2/6 = 0.33; D = (1 + 0)/2 - (0 + 0)/2 = 0.5.


def sit(quiz, student, answers, now):
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    for link, answer in zip(quiz.quiz_questions.select_related("question"), answers, strict=True):
        if answer is not None:
            attempts.save_answer(attempt=attempt, question_slug=link.question.slug, answer=answer, now=now)
    attempts.submit_attempt(attempt=attempt, now=now + timedelta(seconds=1))


def a_class(teacher, answers=ANSWERS):
    quiz = QuizFactory(n_questions=2)
    students = [UserFactory(username=f"pupil-{number}") for number in range(1, len(answers) + 1)]
    CourseFactory(teachers=[teacher], students=students)
    start = timezone.now() - timedelta(hours=1)
    for index, (student, given) in enumerate(zip(students, answers, strict=True)):
        sit(quiz, student, given, start + timedelta(minutes=index))
    return quiz, students


def test_quiz_statistics_match_the_hand_computed_values(client, bank_teacher):
    quiz, _ = a_class(bank_teacher)
    outsider = UserFactory(username="outsider")
    sit(quiz, outsider, ("a", "a"), timezone.now() - timedelta(minutes=5))  # not in the teacher's course
    client.force_login(bank_teacher)

    response = client.get(f"/teaching/quizzes/{quiz.slug}/")

    results = response.context["results"]
    assert (results.summary.attempts, results.summary.mean_percent, results.summary.median_percent) == (6, 41.7, 50.0)
    assert dict(results.distribution) == {
        "0–9%": 2, "10–19%": 0, "20–29%": 0, "30–39%": 0, "40–49%": 0, "50–59%": 3, "60–69%": 0, "70–79%": 0,
        "80–89%": 0, "90–100%": 1,
    }  # fmt: skip
    first, second = results.questions
    assert (first.facility, first.mean_credit, first.discrimination) == (0.5, 0.5, 1.0)
    assert (second.facility, second.mean_credit, second.discrimination) == (0.33, 0.33, 0.5)
    assert [(a.label, a.count, a.is_correct) for a in first.answers] == [
        ("Norway", 3, False), ("Mexico", 3, True), ("(no answer)", 0, False),
    ]  # fmt: skip
    assert [(a.label, a.count) for a in second.answers] == [("Norway", 2), ("Mexico", 2), ("(no answer)", 2)]
    assert [(row.username, row.attempts, row.best_percent) for row in results.students] == [
        ("pupil-1", 1, 100.0), ("pupil-2", 1, 50.0), ("pupil-3", 1, 50.0), ("pupil-4", 1, 50.0),
        ("pupil-5", 1, 0.0), ("pupil-6", 1, 0.0),
    ]  # fmt: skip
    page = response.content.decode()
    assert "outsider" not in page and '<svg class="chart"' in page
    assert '<dd id="mean-score">41.7%</dd>' in page


def test_the_overview_summarises_each_quiz_and_each_student(client, bank_teacher):
    quiz, _ = a_class(bank_teacher, answers=[("b", "b"), ("a", "b")])
    client.force_login(bank_teacher)

    overview = client.get("/teaching/").context["overview"]

    row = next(row for row in overview.quizzes if row.quiz == quiz)
    assert (row.attempts, row.mean_percent, row.median_percent) == (2, 75.0, 75.0)
    assert [(s.username, s.quizzes_attempted, s.attempts, s.mean_best_percent) for s in overview.students] == [
        ("pupil-1", 1, 1, 100.0),
        ("pupil-2", 1, 1, 50.0),
    ]


def test_a_students_progress_page_shows_their_history(client, bank_teacher):
    quiz, students = a_class(bank_teacher, answers=[("b", "a")])
    client.force_login(bank_teacher)
    page = client.get(f"/teaching/students/{students[0].username}/").content.decode()
    assert quiz.title in page and "50.0%" in page


@pytest.mark.parametrize(
    ("credits_best_first", "expected"),
    [
        ([1.0], None),  # one attempt cannot discriminate
        ([1.0, 0.0], 1.0),
        ([0.0, 1.0], -1.0),
        # Ten attempts: groups of round(2.7) = 3; upper (1 + 1 + 0.5) / 3 = 0.83, lower (0 + 0 + 0) / 3 = 0.
        ([1, 1, 0.5, 0, 0, 1, 0, 0, 0, 0], 0.83),
    ],
)
def test_discrimination_compares_the_best_and_worst_27_percent(credits_best_first, expected):
    assert discrimination_index(credits_best_first) == expected


@pytest.mark.parametrize("size", [2, 6])
def test_dashboard_pages_issue_a_constant_number_of_queries(client, bank_teacher, size, django_assert_num_queries):
    quiz, students = a_class(bank_teacher, answers=ANSWERS[:size])
    client.force_login(bank_teacher)
    # Session, user, permissions (own + groups'), quiz, attempts, quiz questions, 8 content prefetches
    # (choices, accepted answers, ordering items, matching pairs), responses, students.
    with django_assert_num_queries(17):
        assert client.get(f"/teaching/quizzes/{quiz.slug}/").status_code == 200
    # Session, user, permissions (2), attempts, quizzes, students.
    with django_assert_num_queries(7):
        assert client.get("/teaching/").status_code == 200
    # Session, user, permissions (2), the student, then student_progress's own fixed set.
    with django_assert_num_queries(14):
        assert client.get(f"/teaching/students/{students[0].username}/").status_code == 200


def test_ordering_and_matching_answers_are_counted_item_by_item(client, bank_teacher):
    ordering = QuestionFactory(type=Question.Type.ORDERING, prompt="Put in order.")
    items = [OrderingItem.objects.create(question=ordering, text=text, position=n) for n, text in enumerate("XYZ", 1)]
    matching = QuestionFactory(type=Question.Type.MATCHING, prompt="Match.")
    pairs = [
        MatchingPair.objects.create(question=matching, left=left, right=right, position=n)
        for n, (left, right) in enumerate([("Lenin", "1924"), ("Stalin", "1953")], 1)
    ]
    for question in (ordering, matching):
        record_version(question=question, now=timezone.now())
    quiz = QuizFactory(n_questions=0)
    quiz.quiz_questions.all().delete()
    QuizQuestion.objects.create(quiz=quiz, question=ordering, position=1)
    QuizQuestion.objects.create(quiz=quiz, question=matching, position=2)
    x, y, z = (item.key for item in items)
    lenin, stalin = pairs
    given = [
        ([x, y, z], {lenin.left_key: lenin.right_key, stalin.left_key: stalin.right_key}),
        ([y, x, z], {lenin.left_key: stalin.right_key, stalin.left_key: lenin.right_key}),
        ([x, z, y], None),
    ]
    students = [UserFactory() for _ in given]
    CourseFactory(teachers=[bank_teacher], students=students)
    for student, answers in zip(students, given, strict=True):
        sit(quiz, student, answers, timezone.now() - timedelta(minutes=10))
    client.force_login(bank_teacher)

    response = client.get(f"/teaching/quizzes/{quiz.slug}/")

    first, second = response.context["results"].questions
    assert [(a.label, a.count) for a in first.answers] == [
        ("1. X: placed right", 2), ("2. Y: placed right", 1), ("3. Z: placed right", 2), ("(no answer)", 0),
    ]  # fmt: skip
    assert [(a.label, a.count) for a in second.answers] == [
        ("Lenin → 1924: matched right", 1), ("Stalin → 1953: matched right", 1), ("(no answer)", 1),
    ]  # fmt: skip
    page = response.content.decode()
    assert "X; 2. Y" not in page  # no whole orders strung together
    # Each question's answer counts get a full-width row of their own, right under the question's figures.
    answers_row = page.index(f'data-answers-of="{ordering.slug}"')
    assert page.index(f'data-question="{ordering.slug}"') < answers_row < page.index(f'data-question="{matching.slug}"')
    assert "1. X: placed right — <strong>2</strong>" in page[answers_row:]

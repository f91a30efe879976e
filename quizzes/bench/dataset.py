"""The scale benchmark's dataset: a class of 10,000 with about a million answers, bulk-loaded.

PostgreSQL gets COPY (through psycopg); other databases bulk_create in large batches. Each (attempt, its
responses) is made by `sitting_rows`, the one place that decides what a sitting holds.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Max

from quizzes.models import Attempt, CardState, Course, Flashcard, Question, Quiz, QuizQuestion, Response
from quizzes.services.attempts import ANSWER_KEY_PREFETCHES
from quizzes.services.grading import correct_answer, grade_response

CENTS = Decimal("0.01")
CARDS_PER_STUDENT = 10


@dataclass
class QuizPlan:
    """A quiz with its questions in order, each with its points and the answers a student may give (graded)."""

    quiz: Quiz
    items: list[tuple[int, int, list[tuple[object, float]]]]


def answer_choices(question: Question) -> list[tuple[object, float]]:
    """A few answers to the question, right and wrong, each with the credit it earns (graded once, here)."""
    right = correct_answer(question)
    candidates = [right]
    if question.type in (Question.Type.SINGLE_CHOICE, Question.Type.TRUE_FALSE):
        candidates += [choice.key for choice in question.choices.all() if choice.key != right]
    elif question.type == Question.Type.MULTIPLE_CHOICE:
        keys = [choice.key for choice in question.choices.all()]
        candidates += [right[:1], [key for key in keys if key not in right][:1] or keys[:1]]
    elif question.type == Question.Type.SHORT_ANSWER:
        candidates += ["I do not know", "Trotsky"]
    elif question.type == Question.Type.CLOZE:
        candidates += [{blank: "?" for blank in right}, {**right, next(iter(right)): "?"}]
    elif question.type == Question.Type.ORDERING:
        candidates += [list(reversed(right)), right[1:2] + right[:1] + right[2:]]
    else:
        values = list(right.values())
        candidates.append(dict(zip(right, values[1:] + values[:1], strict=True)))
    return [(answer, grade_response(question=question, answer=answer)) for answer in candidates]


def quiz_plans() -> list[QuizPlan]:
    """The published quizzes, each with its questions and candidate answers."""
    plans = []
    for quiz in Quiz.objects.filter(status=Quiz.Status.PUBLISHED).order_by("slug"):
        links = (
            QuizQuestion.objects.filter(quiz=quiz)
            .select_related("question")
            .prefetch_related(*[f"question__{name}" for name in ANSWER_KEY_PREFETCHES])
            .order_by("position")
        )
        plans.append(QuizPlan(quiz, [(link.question_id, link.points, answer_choices(link.question)) for link in links]))
    return plans


def sitting_rows(
    *, attempt_id: int, student_id: int, plan: QuizPlan, number: int, started_at: datetime, ability: float, rng
) -> tuple[tuple, list[tuple]]:
    """One submitted attempt and its responses, as rows in the column order of ATTEMPT_COLUMNS and
    RESPONSE_COLUMNS. A student of higher ability picks the right answer more often; some questions are skipped."""
    responses, score, max_score = [], Decimal(0), Decimal(0)
    for position, (question_id, points, choices) in enumerate(plan.items):
        max_score += points
        if rng.random() < 0.05:
            continue
        answer, credit = choices[0] if rng.random() < ability else rng.choice(choices)
        earned = (Decimal(points) * Decimal(str(credit))).quantize(CENTS, rounding=ROUND_HALF_UP)
        score += earned
        answered_at = started_at + timedelta(seconds=20 * (position + 1))
        responses.append((attempt_id, question_id, answer, answered_at, credit, earned))
    submitted_at = started_at + timedelta(seconds=20 * (len(plan.items) + 2))
    passed = max_score > 0 and score * 100 >= max_score * plan.quiz.pass_mark
    attempt = (attempt_id, plan.quiz.pk, student_id, number, started_at, submitted_at, rng.randrange(2**31), score,
               max_score, passed)  # fmt: skip
    return attempt, responses


ATTEMPT_COLUMNS = ("id", "quiz_id", "student_id", "number", "started_at", "submitted_at", "shuffle_seed", "score",
                   "max_score", "passed")  # fmt: skip
RESPONSE_COLUMNS = ("attempt_id", "question_id", "answer", "answered_at", "credit", "points")


def load_rows(model, columns: tuple[str, ...], rows) -> int:
    """Insert the rows (tuples in `columns` order): COPY on PostgreSQL, else bulk_create in batches of 5,000."""
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        json_columns = {index for index, name in enumerate(columns) if name == "answer"}
        count = 0
        with connection.cursor() as cursor:
            sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row([Jsonb(value) if i in json_columns else value for i, value in enumerate(row)])
                    count += 1
        return count
    batch, count = [], 0
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == 5000:
            count += len(model.objects.bulk_create(batch))
            batch = []
    return count + len(model.objects.bulk_create(batch))


def reset_sequences(*models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


def build_class(*, course: Course, students: int, attempt_share: float, now: datetime, seed: int = 15) -> dict:
    """Enrol `students` new students in the course, each sitting about `attempt_share` of the published quizzes
    once or twice, and studying CARDS_PER_STUDENT cards; return the counts of rows made."""
    rng = random.Random(seed)
    plans = quiz_plans()
    user_model = get_user_model()
    flashcards = flashcards_for_cards()
    with transaction.atomic():
        first_user = (user_model.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        user_ids = range(first_user, first_user + students)
        load_rows(
            user_model,
            (
                "id",
                "username",
                "password",
                "first_name",
                "last_name",
                "email",
                "is_superuser",
                "is_staff",
                "is_active",
                "date_joined",
            ),  # fmt: skip
            ((uid, f"scale-{uid:06d}", "!", "Student", f"No. {uid}", "", False, False, True, now) for uid in user_ids),
        )
        load_rows(course.students.through, ("course_id", "user_id"), ((course.pk, uid) for uid in user_ids))
        next_attempt = (Attempt.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        attempt_count = response_count = 0
        # A thousand students at a time: their attempts, then their responses, so memory stays bounded.
        for chunk_start in range(0, students, 1000):
            attempts, responses = [], []
            for uid in user_ids[chunk_start : chunk_start + 1000]:
                ability = rng.betavariate(4, 2)
                for plan in plans:
                    if rng.random() >= attempt_share:
                        continue
                    for number in range(1, 3 if rng.random() < 0.2 else 2):
                        started = now - timedelta(days=rng.uniform(1, 120), minutes=number * 30)
                        attempt, rows = sitting_rows(
                            attempt_id=next_attempt, student_id=uid, plan=plan, number=number,
                            started_at=started, ability=ability, rng=rng,
                        )  # fmt: skip
                        next_attempt += 1
                        attempts.append(attempt)
                        responses.extend(rows)
            attempt_count += load_rows(Attempt, ATTEMPT_COLUMNS, attempts)
            response_count += load_rows(Response, RESPONSE_COLUMNS, responses)
        card_count = load_rows(
            CardState,
            (
                "student_id",
                "flashcard_id",
                "state",
                "stability",
                "difficulty",
                "due",
                "last_review",
                "first_reviewed_at",
                "reps",
                "lapses",
            ),  # fmt: skip
            (
                (
                    uid,
                    card,
                    CardState.State.REVIEW,
                    10.0,
                    5.0,
                    now + timedelta(days=rng.uniform(-2, 30)),
                    now - timedelta(days=3),
                    now - timedelta(days=60),
                    4,
                    0,
                )  # fmt: skip
                for uid in user_ids
                for card in flashcards
            ),
        )
        reset_sequences(user_model, Attempt, Response, CardState)
    return {"students": students, "attempts": attempt_count, "responses": response_count, "card states": card_count}


def flashcards_for_cards() -> list[int]:
    """The ids of CARDS_PER_STUDENT question flashcards, made for published questions when missing."""
    questions = Question.objects.filter(status=Question.Status.PUBLISHED).order_by("slug")[:CARDS_PER_STUDENT]
    return [Flashcard.objects.get_or_create(question=question)[0].pk for question in questions]

"""The scale benchmark's dataset: a class of 10,000 with about a million answers, bulk-loaded.

PostgreSQL gets COPY (through psycopg); other databases bulk_create in large batches. Each sitting (the attempt,
its slots and its responses) is made by `sitting_rows`, the one place that decides what a sitting holds.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Max

from quizzes.models import Attempt, AttemptSlot, CardState, Course, Flashcard, Question, Quiz, QuizQuestion, Response
from quizzes.services.grading import correct_answer, grade_response
from quizzes.services.presentation import draw_option_order
from quizzes.services.versions import CONTENT_PREFETCHES, QuestionContent, content_of, record_version

CENTS = Decimal("0.01")
CARDS_PER_STUDENT = 10


@dataclass
class PlannedQuestion:
    """A question of a quiz as every sitting gets it: its version, points and option order, and the answers a
    student may give, each with the credit it earns."""

    question_id: int
    version_id: int
    points: int
    option_order: list[str]
    answers: list[tuple[object, float]]


@dataclass
class QuizPlan:
    quiz: Quiz
    items: list[PlannedQuestion]


def answer_choices(content: QuestionContent) -> list[tuple[object, float]]:
    """A few answers to the question, right and wrong, each with the credit it earns (graded once, here)."""
    right = correct_answer(content)
    candidates = [right]
    keys = [option["key"] for option in content.shown.get("options", [])]
    if content.type in (Question.Type.SINGLE_CHOICE, Question.Type.TRUE_FALSE):
        candidates += [key for key in keys if key != right]
    elif content.type == Question.Type.MULTIPLE_CHOICE:
        candidates += [right[:1], [key for key in keys if key not in right][:1] or keys[:1]]
    elif content.type == Question.Type.SHORT_ANSWER:
        candidates += ["I do not know", "Trotsky"]
    elif content.type == Question.Type.CLOZE:
        candidates += [{blank: "?" for blank in right}, {**right, next(iter(right)): "?"}]
    elif content.type == Question.Type.ORDERING:
        candidates += [list(reversed(right)), right[1:2] + right[:1] + right[2:]]
    else:
        values = list(right.values())
        candidates.append(dict(zip(right, values[1:] + values[:1], strict=True)))
    return [(answer, grade_response(question=content, answer=answer)) for answer in candidates]


def quiz_plans(*, now: datetime) -> list[QuizPlan]:
    """The published quizzes, each with its questions' current versions and candidate answers."""
    rng = random.Random(0)
    plans = []
    for quiz in Quiz.objects.filter(status=Quiz.Status.PUBLISHED).order_by("slug"):
        links = (
            QuizQuestion.objects.filter(quiz=quiz)
            .select_related("question__current_version")
            .prefetch_related(*[f"question__{name}" for name in CONTENT_PREFETCHES])
            .order_by("position")
        )
        items = []
        for link in links:
            question = link.question
            version = question.current_version or record_version(question=question, now=now)
            content = content_of(version, slug=question.slug)
            order = draw_option_order(content, rng=rng, shuffle_choices=quiz.shuffle_choices)
            items.append(PlannedQuestion(question.pk, version.pk, link.points, order, answer_choices(content)))
        plans.append(QuizPlan(quiz, items))
    return plans


def sitting_rows(
    *,
    attempt_id: int,
    first_slot_id: int,
    student_id: int,
    plan: QuizPlan,
    number: int,
    started_at: datetime,
    ability: float,
    rng,
) -> tuple[tuple, list[tuple], list[tuple]]:
    """One submitted attempt, its slots and its responses, as rows in the column order of ATTEMPT_COLUMNS,
    SLOT_COLUMNS and RESPONSE_COLUMNS (slot ids from first_slot_id on). A student of higher ability picks the
    right answer more often; some questions are skipped."""
    slots, responses, score, max_score = [], [], Decimal(0), Decimal(0)
    for position, item in enumerate(plan.items, start=1):
        slot_id = first_slot_id + position - 1
        slots.append((slot_id, attempt_id, position, item.question_id, item.version_id, item.points, item.option_order))
        max_score += item.points
        if rng.random() < 0.05:
            continue
        answer, credit = item.answers[0] if rng.random() < ability else rng.choice(item.answers)
        earned = (Decimal(item.points) * Decimal(str(credit))).quantize(CENTS, rounding=ROUND_HALF_UP)
        score += earned
        answered_at = started_at + timedelta(seconds=20 * position)
        responses.append((attempt_id, slot_id, item.question_id, answer, answered_at, credit, earned))
    submitted_at = started_at + timedelta(seconds=20 * (len(plan.items) + 2))
    passed = max_score > 0 and score * 100 >= max_score * plan.quiz.pass_mark
    attempt = (attempt_id, plan.quiz.pk, student_id, number, started_at, submitted_at, rng.randrange(2**31), score,
               max_score, passed)  # fmt: skip
    return attempt, slots, responses


ATTEMPT_COLUMNS = ("id", "quiz_id", "student_id", "number", "started_at", "submitted_at", "shuffle_seed", "score",
                   "max_score", "passed")  # fmt: skip
SLOT_COLUMNS = ("id", "attempt_id", "position", "question_id", "version_id", "points", "option_order")
RESPONSE_COLUMNS = ("attempt_id", "slot_id", "question_id", "answer", "answered_at", "credit", "points")
JSON_COLUMNS = {"answer", "option_order"}


def load_rows(model, columns: tuple[str, ...], rows) -> int:
    """Insert the rows (tuples in `columns` order): COPY on PostgreSQL, else bulk_create in batches of 5,000."""
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        json_columns = {index for index, name in enumerate(columns) if name in JSON_COLUMNS}
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
    plans = quiz_plans(now=now)
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
        next_slot = (AttemptSlot.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        attempt_count = response_count = 0
        # A thousand students at a time: their attempts, slots and responses, so memory stays bounded.
        for chunk_start in range(0, students, 1000):
            attempts, slots, responses = [], [], []
            for uid in user_ids[chunk_start : chunk_start + 1000]:
                ability = rng.betavariate(4, 2)
                for plan in plans:
                    if rng.random() >= attempt_share:
                        continue
                    for number in range(1, 3 if rng.random() < 0.2 else 2):
                        started = now - timedelta(days=rng.uniform(1, 120), minutes=number * 30)
                        attempt, attempt_slots, attempt_responses = sitting_rows(
                            attempt_id=next_attempt, first_slot_id=next_slot, student_id=uid, plan=plan,
                            number=number, started_at=started, ability=ability, rng=rng,
                        )  # fmt: skip
                        next_attempt += 1
                        next_slot += len(attempt_slots)
                        attempts.append(attempt)
                        slots.extend(attempt_slots)
                        responses.extend(attempt_responses)
            attempt_count += load_rows(Attempt, ATTEMPT_COLUMNS, attempts)
            load_rows(AttemptSlot, SLOT_COLUMNS, slots)
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
        reset_sequences(user_model, Attempt, AttemptSlot, Response, CardState)
    return {"students": students, "attempts": attempt_count, "responses": response_count, "card states": card_count}


def flashcards_for_cards() -> list[int]:
    """The ids of CARDS_PER_STUDENT question flashcards, made for published questions when missing."""
    questions = Question.objects.filter(status=Question.Status.PUBLISHED).order_by("slug")[:CARDS_PER_STUDENT]
    return [Flashcard.objects.get_or_create(question=question)[0].pk for question in questions]

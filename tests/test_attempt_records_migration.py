"""The attempt-records migration: every question becomes version 1, every attempt gets slots that show and score
exactly what it showed and scored before (attempts with a question of every type, shuffled, and one question
taken out of the quiz after it was answered)."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from quizzes.models import Attempt, Question
from quizzes.services import attempts
from quizzes.services.presentation import question_for_student

BEFORE = ("quizzes", "0005_merge_0003_flashcards_0004_answer_key_history")


def migrate_to(target) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def old_order(keys: list[str], seed: int, question_id: int, *, shuffle: bool, avoid_original: bool) -> list[str]:
    """How the pages ordered a question's options before slots: seeded by "<attempt seed>:<question id>"."""
    if not shuffle:
        return keys
    shuffled = list(keys)
    random.Random(f"{seed}:{question_id}").shuffle(shuffled)
    if avoid_original and len(shuffled) > 1 and shuffled == keys:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def build_old_data(apps):
    """A quiz with one question of every type, and a submitted attempt as the old code stored it."""
    Source, Question, Quiz, QuizQuestion = (
        apps.get_model("quizzes", name) for name in ("Source", "Question", "Quiz", "QuizQuestion")
    )
    Choice, Accepted, Item, Pair, Citation = (
        apps.get_model("quizzes", name)
        for name in ("Choice", "AcceptedAnswer", "OrderingItem", "MatchingPair", "Citation")
    )
    Attempt, Response = apps.get_model("quizzes", "Attempt"), apps.get_model("quizzes", "Response")
    User = apps.get_model("auth", "User")
    source = Source.objects.create(
        slug="old-source", title="Old", publisher="P", kind="encyclopedia", perspective_label="L", perspective="D",
        text="Trotsky was murdered in Mexico in 1940.", text_sha256="x", file_name="old.txt",
    )  # fmt: skip
    questions = {}
    for question_type in ("single_choice", "multiple_choice", "true_false", "short_answer", "cloze", "ordering",
                          "matching", "single_choice"):  # fmt: skip
        number = len(questions) + 1
        prompt = "Fill [[1]] and [[2]]." if question_type == "cloze" else f"Question {number}?"
        question = Question.objects.create(
            slug=f"old-{number}", type=question_type, prompt=prompt, explanation="Because.", framing="fact",
            status="published",
        )  # fmt: skip
        Citation.objects.create(question=question, source=source, quote="murdered in Mexico")
        if question_type in ("single_choice", "multiple_choice"):
            correct = {"a", "c"} if question_type == "multiple_choice" else {"b"}
            for position, key in enumerate("abcd", start=1):
                Choice.objects.create(
                    question=question, key=key, text=f"Option {key}", position=position, is_correct=key in correct
                )
        elif question_type == "true_false":
            Choice.objects.create(question=question, key="true", text="True", position=1, is_correct=True)
            Choice.objects.create(question=question, key="false", text="False", position=2)
        elif question_type == "short_answer":
            Accepted.objects.create(question=question, blank=0, text="Mexico")
        elif question_type == "cloze":
            Accepted.objects.create(question=question, blank=1, text="Mexico")
            Accepted.objects.create(question=question, blank=2, text="1940")
        elif question_type == "ordering":
            for position in range(1, 5):
                Item.objects.create(question=question, key=f"item{position:08d}", text=f"Step {position}",
                                    position=position)  # fmt: skip
        else:
            for position in range(1, 4):
                Pair.objects.create(
                    question=question, left=f"L{position}", right=f"R{position}", position=position,
                    left_key=f"left{position:08d}", right_key=f"rght{position:08d}",
                )  # fmt: skip
        questions[number] = question
    quiz = Quiz.objects.create(slug="old-quiz", title="Old quiz", status="published", shuffle_questions=True,
                               shuffle_choices=True)  # fmt: skip
    for number, question in questions.items():
        QuizQuestion.objects.create(quiz=quiz, question=question, position=number, points=2 if number == 2 else 1)
    student = User.objects.create(username="old-student")
    now = timezone.now()
    attempt = Attempt.objects.create(
        quiz=quiz, student=student, number=1, started_at=now - timedelta(minutes=5), submitted_at=now,
        shuffle_seed=424242, score=Decimal("0"), max_score=Decimal("9"), passed=False,
    )  # fmt: skip
    answers = {
        1: ("b", 1.0), 2: (["a", "d"], 0.0), 3: ("true", 1.0), 4: ("mexico", 1.0),
        5: ({"1": "Mexico", "2": "1939"}, 0.5),
        6: (["item00000002", "item00000001", "item00000003", "item00000004"], 5 / 6),
        7: ({"left00000001": "rght00000001", "left00000002": "rght00000003", "left00000003": "rght00000002"}, 1 / 3),
        8: ("b", 1.0),
    }  # fmt: skip
    score = Decimal(0)
    for number, (answer, credit) in answers.items():
        points = (Decimal(str(credit)) * (2 if number == 2 else 1)).quantize(Decimal("0.01"))
        score += points
        Response.objects.create(attempt=attempt, question=questions[number], answer=answer, answered_at=now,
                                credit=credit, points=points)  # fmt: skip
    Attempt.objects.filter(pk=attempt.pk).update(score=score)
    # The last question is taken out of the quiz after it was answered.
    QuizQuestion.objects.filter(quiz=quiz, question=questions[8]).delete()
    return {number: question.pk for number, question in questions.items()}, attempt.pk


@pytest.mark.django_db(transaction=True)
def test_existing_attempts_get_slots_that_reproduce_what_they_showed_and_scored(client):
    old_apps = migrate_to([BEFORE])
    question_ids, attempt_id = build_old_data(old_apps)
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert set(Question.objects.filter(pk__in=question_ids.values()).values_list("versions__number", flat=True)) == {1}
    attempt = Attempt.objects.select_related("quiz").get(pk=attempt_id)
    slots = attempts.attempt_slots(attempt, with_key=True)
    in_quiz = [question_ids[number] for number in range(1, 8)]
    random.Random(424242).shuffle(in_quiz)
    assert [slot.question_id for slot in slots] == [*in_quiz, question_ids[8]]
    assert [slot.points for slot in slots] == [
        2 if qid == question_ids[2] else 1 for qid in [*in_quiz, question_ids[8]]
    ]
    for slot in slots:
        question = Question.objects.get(pk=slot.question_id)
        content = attempts.slot_content(slot, with_key=True)
        shown = question_for_student(content, option_order=slot.option_order)
        if question.type in ("single_choice", "multiple_choice"):
            expected = old_order(list("abcd"), 424242, question.pk, shuffle=True, avoid_original=False)
            assert [option["key"] for option in shown["options"]] == expected
        elif question.type == "ordering":
            keys = [f"item{n:08d}" for n in range(1, 5)]
            assert [item["key"] for item in shown["items"]] == old_order(keys, 424242, question.pk, shuffle=True,
                                                                           avoid_original=True)  # fmt: skip
        elif question.type == "matching":
            keys = [f"rght{n:08d}" for n in range(1, 4)]
            assert [right["key"] for right in shown["right"]] == old_order(keys, 424242, question.pk, shuffle=True,
                                                                             avoid_original=True)  # fmt: skip
    stored = {slot.pk: (slot.response.credit, slot.response.points) for slot in slots}
    score, max_score, passed, graded = attempts.score_slots(slots, pass_mark=attempt.quiz.pass_mark)
    assert {response.slot_id: (response.credit, response.points) for response in graded} == stored
    assert score == attempt.score and max_score == Decimal(9)

    client.force_login(attempt.student)
    page = client.get(f"/attempts/{attempt_id}/result/").content.decode()
    assert all(f"Question {number}?" in page for number in (1, 2, 3, 4, 6, 7, 8)) and "Fill" in page
    assert ". ?" not in page and "Step 2" in page and "L3 → R2" in page

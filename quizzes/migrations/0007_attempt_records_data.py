"""Every question becomes version 1; every attempt gets slots that reproduce what it showed and scored.

The snapshot and the shuffles are written out here as they were when this migration was made (the question
order from the attempt's seed, each question's options from "<seed>:<question id>"), so later changes to the
services can't change what it does.
"""

import hashlib
import json
import random
import re

from django.db import migrations
from django.utils import timezone

CHOICE_TYPES = {"single_choice", "multiple_choice", "true_false"}
CLOZE_BLANK = re.compile(r"\[\[(\d+)\]\]")


def quote(row):
    return {
        "source_id": row.source_id,
        "source": row.source.slug,
        "passage_id": row.passage_id,
        "passage": row.passage.anchor if row.passage_id else None,
        "quote": row.quote,
    }


def snapshot(question):
    shown = {"prompt": question.prompt, "keep_option_order": question.keep_option_order}
    key = {"explanation": question.explanation}
    if question.type in CHOICE_TYPES:
        choices = sorted(question.choices.all(), key=lambda c: c.position)
        shown["options"] = [{"key": c.key, "text": c.text} for c in choices]
        key["correct"] = [c.key for c in choices if c.is_correct]
    elif question.type in ("short_answer", "cloze"):
        accepted = {}
        for answer in sorted(question.accepted_answers.all(), key=lambda a: (a.blank, a.pk)):
            accepted.setdefault(str(answer.blank), []).append(answer.text)
        key["accepted"] = accepted
        if question.type == "cloze":
            shown["blanks"] = sorted({m.group(1) for m in CLOZE_BLANK.finditer(question.prompt)}, key=int)
    elif question.type == "ordering":
        items = sorted(question.ordering_items.all(), key=lambda i: i.position)
        shown["items"] = sorted(({"key": i.key, "text": i.text} for i in items), key=lambda i: i["key"])
        key["order"] = [i.key for i in items]
    elif question.type == "matching":
        pairs = sorted(question.matching_pairs.all(), key=lambda p: p.position)
        shown["left"] = [{"key": p.left_key, "text": p.left} for p in pairs]
        shown["right"] = sorted(({"key": p.right_key, "text": p.right} for p in pairs), key=lambda r: r["key"])
        key["pairs"] = {p.left_key: p.right_key for p in pairs}
    key["citations"] = [quote(c) for c in sorted(question.citations.all(), key=lambda c: (c.position, c.pk))]
    key["disagreement_point"] = question.disagreement_point
    key["disagreements"] = [
        {**quote(d), "claim": d.claim} for d in sorted(question.disagreements.all(), key=lambda d: (d.position, d.pk))
    ]
    return shown, key


def old_shuffle(items, rng, *, avoid_original):
    shuffled = list(items)
    rng.shuffle(shuffled)
    if avoid_original and len(shuffled) > 1 and shuffled == items:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def old_option_order(question, quiz, seed):
    """The order the pages showed before slots: presentation.question_for_student as it was."""
    rng = random.Random(f"{seed}:{question.pk}")
    if question.type in CHOICE_TYPES:
        keys = [c.key for c in sorted(question.choices.all(), key=lambda c: c.position)]
        if quiz.shuffle_choices and question.type != "true_false":
            keys = old_shuffle(keys, rng, avoid_original=False)
        return keys
    if question.type == "ordering":
        keys = [i.key for i in sorted(question.ordering_items.all(), key=lambda i: i.position)]
        return old_shuffle(keys, rng, avoid_original=True)
    if question.type == "matching":
        keys = [p.right_key for p in sorted(question.matching_pairs.all(), key=lambda p: p.position)]
        return old_shuffle(keys, rng, avoid_original=True)
    return []


def forward(apps, schema_editor):
    Question = apps.get_model("quizzes", "Question")
    QuestionVersion = apps.get_model("quizzes", "QuestionVersion")
    QuizQuestion = apps.get_model("quizzes", "QuizQuestion")
    Attempt = apps.get_model("quizzes", "Attempt")
    AttemptSlot = apps.get_model("quizzes", "AttemptSlot")
    Response = apps.get_model("quizzes", "Response")
    now = timezone.now()
    questions = {
        q.pk: q
        for q in Question.objects.prefetch_related(
            "choices", "accepted_answers", "ordering_items", "matching_pairs",
            "citations__source", "citations__passage", "disagreements__source", "disagreements__passage",
        )
    }  # fmt: skip
    versions = {}
    for question in questions.values():
        shown, key = snapshot(question)
        digest = hashlib.sha256(
            json.dumps([question.type, shown, key], sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        versions[question.pk] = QuestionVersion.objects.create(
            question=question, number=1, type=question.type, shown=shown, key=key, content_hash=digest,
            created_at=question.updated_at or now,
        )  # fmt: skip
        Question.objects.filter(pk=question.pk).update(current_version=versions[question.pk])
    links_by_quiz = {}
    for link in QuizQuestion.objects.order_by("quiz_id", "position"):
        links_by_quiz.setdefault(link.quiz_id, []).append(link)
    for attempt in Attempt.objects.select_related("quiz").iterator():
        links = list(links_by_quiz.get(attempt.quiz_id, []))
        if attempt.quiz.shuffle_questions:
            random.Random(attempt.shuffle_seed).shuffle(links)
        responses = {r.question_id: r for r in Response.objects.filter(attempt=attempt)}
        planned = [(link.question_id, link.points) for link in links]
        # Questions answered in the attempt but taken out of the quiz since: kept, after the others.
        planned += [(qid, 1) for qid in sorted(responses) if qid not in {link.question_id for link in links}]
        for position, (question_id, points) in enumerate(planned, start=1):
            slot = AttemptSlot.objects.create(
                attempt=attempt, position=position, question_id=question_id, version=versions[question_id],
                points=points,
                option_order=old_option_order(questions[question_id], attempt.quiz, attempt.shuffle_seed),
            )  # fmt: skip
            response = responses.get(question_id)
            if response is not None:
                Response.objects.filter(pk=response.pk).update(slot=slot)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0006_attempt_records")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

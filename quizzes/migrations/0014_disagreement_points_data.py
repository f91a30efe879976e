"""Each question's free-text disagreement point and entries become a DisagreementPoint the question links to.

Questions whose labels read the same (after folding case and spaces) share one point. Within a point, a source's
entries with the same claim become one position; every distinct quote of every entry is kept on its position,
with the passage it was anchored to. Question versions keep their frozen entries as they are.
"""

from django.db import migrations
from django.utils.text import slugify


def fold_label(text: str) -> str:
    return " ".join(text.split()).casefold()


def unique_slug(label: str, taken: set) -> str:
    base = (slugify(label) or "point")[:90].strip("-")
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def entries_to_points(apps, schema_editor):
    Question = apps.get_model("quizzes", "Question")
    DisagreementEntry = apps.get_model("quizzes", "DisagreementEntry")
    DisagreementPoint = apps.get_model("quizzes", "DisagreementPoint")
    SourcePosition = apps.get_model("quizzes", "SourcePosition")
    PositionQuote = apps.get_model("quizzes", "PositionQuote")

    entries_by_question = {}
    for entry in DisagreementEntry.objects.order_by("question_id", "position", "id"):
        entries_by_question.setdefault(entry.question_id, []).append(entry)
    questions = Question.objects.filter(pk__in=entries_by_question).order_by("slug").prefetch_related("topics")
    taken = set(DisagreementPoint.objects.values_list("slug", flat=True))
    points, positions, quotes = {}, {}, {}
    for question in questions:
        label = question.disagreement_point.strip() or f"Where the sources disagree ({question.slug})"
        point = points.get(fold_label(label))
        if point is None:
            sources = sorted({entry.source.slug for entry in entries_by_question[question.pk]})
            point = DisagreementPoint.objects.create(
                slug=unique_slug(label, taken),
                question=label[:300],
                stakes=f"{', '.join(sources)} answer this differently (recorded from the questions' notes).",
            )
            points[fold_label(label)] = point
        point.topics.add(*question.topics.all())
        for entry in entries_by_question[question.pk]:
            position_key = (point.pk, entry.source_id, fold_label(entry.claim))
            position = positions.get(position_key)
            if position is None:
                number = sum(1 for key in positions if key[0] == point.pk) + 1
                position = SourcePosition.objects.create(
                    point=point, source_id=entry.source_id, claim=entry.claim, position=number
                )
                positions[position_key] = position
            quote_key = (position.pk, " ".join(entry.quote.split()))
            if quote_key not in quotes:
                number = sum(1 for key in quotes if key[0] == position.pk) + 1
                quotes[quote_key] = PositionQuote.objects.create(
                    source_position=position, source_id=entry.source_id, passage_id=entry.passage_id,
                    quote=entry.quote, position=number,
                )
        Question.objects.filter(pk=question.pk).update(disagreement=point)


def points_to_entries(apps, schema_editor):
    Question = apps.get_model("quizzes", "Question")
    DisagreementEntry = apps.get_model("quizzes", "DisagreementEntry")
    PositionQuote = apps.get_model("quizzes", "PositionQuote")
    for question in Question.objects.filter(disagreement__isnull=False).select_related("disagreement"):
        Question.objects.filter(pk=question.pk).update(disagreement_point=question.disagreement.question)
        DisagreementEntry.objects.filter(question=question).delete()
        quotes = PositionQuote.objects.filter(source_position__point=question.disagreement).select_related(
            "source_position"
        ).order_by("source_position__position", "position")
        for number, quote in enumerate(quotes, start=1):
            DisagreementEntry.objects.create(
                question=question, source_id=quote.source_id, passage_id=quote.passage_id, quote=quote.quote,
                claim=quote.source_position.claim, position=number,
            )


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0013_disagreement_points")]

    operations = [migrations.RunPython(entries_to_points, points_to_entries)]

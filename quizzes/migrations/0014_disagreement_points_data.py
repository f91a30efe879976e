"""Each question's free-text disagreement point and entries become a DisagreementPoint the question links to.

Questions whose labels read the same (after folding case and spaces) share one point; the labels the shipped
bank used are given the ids of the shipped points they became (several labels may share one), so that load_bank
finds them by id instead of adding a second point asked in other words. Within a point, a source's entries with
the same claim become one position; every distinct quote of every entry is kept on its position, with the
passage it was anchored to. Question versions keep their frozen entries as they are.
"""

from django.db import migrations
from django.utils.text import slugify


# The shipped bank's labels (before contested points) and the shipped point each became: frozen here, because a
# migration must not change when the bank files do.
SHIPPED_POINTS = {
    "Are the Maoists anti-revisionists or revisionists?": "are-maoists-revisionists",
    "Can the death toll be read from the Soviet archives?": "can-the-archives-give-the-death-toll",
    "Did Stalin build his own cult of personality?": "did-stalin-build-his-own-cult",
    "Did Stalin's industrialisation and collectivisation carry out the Left Opposition's programme?": "did-stalin-carry-out-the-left-programme",
    "Did Stalin's leadership win the war against Nazi Germany?": "did-stalin-win-the-war",
    "Did Stalinist industrialisation succeed, and was collectivisation necessary?": "soviet-economic-record",
    "Did Stalinist state violence come from communist ideology?": "did-stalins-violence-come-from-ideology",
    "Did socialism in one country abandon world revolution?": "did-socialism-in-one-country-abandon-world-revolution",
    "Did the Soviet economy under Stalin succeed, and whose achievement was it?": "soviet-economic-record",
    "How did Stalin die?": "how-stalin-died",
    "How should Khrushchev's undoing of Stalin-era repression be judged?": "was-de-stalinization-a-counter-revolution",
    "How should Stalin be judged?": "how-should-stalin-be-judged",
    'Is "Stalinism" a useful term, and who objects to it?': "who-objects-to-the-term-stalinism",
    "Is Stalinism a continuation of Leninism?": "did-stalinism-continue-leninism",
    "Is opposition to Stalin a form of anti-communism?": "is-anti-stalinism-anti-communist",
    "Should Stalinism be equated with Nazism?": "should-stalinism-be-equated-with-nazism",
    "Should Stalinism be separated from socialism and Leninism?": "does-stalinism-discredit-socialism",
    "Was Stalin's conduct over the famine and the kulaks uniquely criminal?": "was-the-famine-genocide",
    "Was Trotsky's Left Opposition a real alternative to Stalinism?": "trotskyism-defeated-or-alternative",
    "Was Trotskyism defeated?": "trotskyism-defeated-or-alternative",
    "Was de-Stalinization a counter-revolution or a liberalization?": "was-de-stalinization-a-counter-revolution",
    "Was the Soviet Union under Stalin socialist?": "was-the-stalinist-ussr-socialist",
    "Was the campaign against the kulaks a genocide?": "was-the-kulak-campaign-genocide",
    "Were Lenin's repressive measures the model for Stalin's?": "did-lenins-measures-pave-the-way",
    "Were the charges at the show trials based on real conspiracies?": "were-the-show-trial-charges-real",
    "What caused the famine of 1930–1933, and was it intended?": "was-the-famine-genocide",
    "What did 1956 mean for the Stalinist states of Eastern Europe?": "did-eastern-europe-stay-stalinist-after-1956",
    "What drove Stalin's rise to power?": "what-drove-stalins-rise",
    "What drove the rise of Stalinism?": "what-drove-stalins-rise",
    "What kind of society was the Stalinist Soviet Union?": "was-the-stalinist-ussr-socialist",
    "What was Khrushchev's Secret Speech?": "was-de-stalinization-a-counter-revolution",
    "When did Stalin first put forward socialism in one country?": "when-socialism-in-one-country-began",
    'When did the term "Stalinism" arise, and who objects to it?': "when-did-the-term-stalinism-arise",
    'When did the term "Stalinism" arise?': "when-did-the-term-stalinism-arise",
    "Where did the counter-revolution lie — in Stalinism or in de-Stalinization?": "where-was-the-counter-revolution",
    "Which Eastern European states kept to Stalin's line after 1956?": "did-eastern-europe-stay-stalinist-after-1956",
    "Which Soviet body do the sources name behind Trotsky's murder?": "who-killed-trotsky",
    "Which states kept to Stalinism after 1956?": "did-eastern-europe-stay-stalinist-after-1956",
    "Who bears the blame for the disaster of 1941, and who the credit for the victory?": "did-stalin-win-the-war",
    "Who or what deserves the credit for Soviet economic growth?": "soviet-economic-record",
    "Whose words are the column's description of Stalin's \"lust for power\"?": "whose-words-describe-stalins-lust-for-power",
    "Why did Stalin turn on the kulaks?": "why-stalin-turned-on-the-kulaks",
    "Why did the Soviet system fail, and does its failure show that socialism cannot work?": "why-did-the-soviet-system-fail",
    "Why did the Stalinist states stagnate and collapse?": "why-did-the-soviet-system-fail",
    "Why were the executed erased from photographs?": "why-were-the-executed-erased-from-photographs",
}
SHIPPED_POINTS = {" ".join(label.split()).casefold(): slug for label, slug in SHIPPED_POINTS.items()}


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
        group = SHIPPED_POINTS.get(fold_label(label), fold_label(label))
        point = points.get(group)
        if point is None:
            sources = sorted({entry.source.slug for entry in entries_by_question[question.pk]})
            shipped = SHIPPED_POINTS.get(fold_label(label))
            slug = shipped if shipped and shipped not in taken else unique_slug(label, taken)
            taken.add(slug)
            point = DisagreementPoint.objects.create(
                slug=slug,
                question=label[:300],
                stakes=f"{', '.join(sources)} answer this differently (recorded from the questions' notes).",
            )
            points[group] = point
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
                    source_position=position,
                    source_id=entry.source_id,
                    passage_id=entry.passage_id,
                    quote=entry.quote,
                    position=number,
                )
        Question.objects.filter(pk=question.pk).update(disagreement=point)


def points_to_entries(apps, schema_editor):
    Question = apps.get_model("quizzes", "Question")
    DisagreementEntry = apps.get_model("quizzes", "DisagreementEntry")
    PositionQuote = apps.get_model("quizzes", "PositionQuote")
    for question in Question.objects.filter(disagreement__isnull=False).select_related("disagreement"):
        Question.objects.filter(pk=question.pk).update(disagreement_point=question.disagreement.question)
        DisagreementEntry.objects.filter(question=question).delete()
        quotes = (
            PositionQuote.objects.filter(source_position__point=question.disagreement)
            .select_related("source_position")
            .order_by("source_position__position", "position")
        )
        for number, quote in enumerate(quotes, start=1):
            DisagreementEntry.objects.create(
                question=question,
                source_id=quote.source_id,
                passage_id=quote.passage_id,
                quote=quote.quote,
                claim=quote.source_position.claim,
                position=number,
            )


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0013_disagreement_points")]

    operations = [migrations.RunPython(entries_to_points, points_to_entries)]

from collections import Counter

from django.core.management.base import BaseCommand
from django.db.models import Count, Q

from quizzes.models import Citation, DisagreementPoint, Question, Quiz, Source, Topic
from quizzes.services import bank_overlap
from quizzes.services.bank import export_question, questions_for_export


class Command(BaseCommand):
    help = "Print the published bank's counts per source, type and topic, its quizzes and its disagreement points."

    def handle(self, *args, **options):
        published = Question.objects.filter(status=Question.Status.PUBLISHED)
        self.stdout.write(f"published questions: {published.count()}")
        self.stdout.write("questions citing each source:")
        citing = Counter(
            dict(
                Citation.objects.filter(question__in=published)
                .values("source__slug")
                .annotate(n=Count("question", distinct=True))
                .values_list("source__slug", "n")
            )
        )
        for source in Source.objects.order_by("position"):
            self.stdout.write(f"  {source.slug:12} {citing[source.slug]:4}  {source.display_name}")
        self.stdout.write("questions per type:")
        for question_type, n in published.values("type").annotate(n=Count("id")).values_list("type", "n"):
            self.stdout.write(f"  {question_type:16} {n:4}")
        self.stdout.write("questions per topic:")
        per_topic = dict(published.values("topics__slug").annotate(n=Count("id")).values_list("topics__slug", "n"))
        for topic in Topic.objects.order_by("name"):
            self.stdout.write(f"  {topic.slug:26} {per_topic.get(topic.slug, 0):4}  {topic.name}")
        self.stdout.write(
            "framing: " + ", ".join(f"{f} {n}" for f, n in published.values_list("framing").annotate(n=Count("id")))
        )
        self.stdout.write(f"questions on a contested point: {published.filter(disagreement__isnull=False).count()}")
        points = DisagreementPoint.objects.annotate(
            asked=Count("questions", filter=Q(questions__status=Question.Status.PUBLISHED))
        ).prefetch_related("positions__source")
        self.stdout.write(f"contested points: {len(points)}")
        for point in points:
            sources = ", ".join(position.source.slug for position in point.positions.all())
            self.stdout.write(f"  {point.question} — {sources} [{point.slug}; {point.asked} published question(s)]")
        reasoning, total = bank_overlap.reasoning_share([export_question(q) for q in questions_for_export().filter(
            status=Question.Status.PUBLISHED)])  # fmt: skip
        self.stdout.write(
            f"questions not answerable by word overlap with one cited sentence: {reasoning} of {total} "
            f"({reasoning / total if total else 0:.1%})"
        )
        quizzes = Quiz.objects.filter(status=Quiz.Status.PUBLISHED).annotate(n=Count("quiz_questions"))
        self.stdout.write(f"published quizzes: {quizzes.count()}")
        for quiz in quizzes.order_by("title"):
            self.stdout.write(f"  {quiz.n:3} questions  {quiz.title} [{quiz.slug}]")

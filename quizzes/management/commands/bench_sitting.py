import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quizzes.models import Attempt, Question, Quiz, QuizQuestion
from quizzes.services.attempts import attempt_slots, slot_content
from quizzes.services.grading import correct_answer
from quizzes.services.presentation import question_for_student

BENCH_QUIZ = "bench-ten-questions"
BENCH_STUDENT = "bench-student"


class Command(BaseCommand):
    help = (
        "Benchmark a 10-question sitting through the pages as a logged-in student (start, answer each question, "
        "submit, results): requests, queries per request, median time. Run it on a throwaway database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sittings", type=int, default=20)

    def handle(self, *args, **options):
        quiz = self.bench_quiz()
        student, _ = get_user_model().objects.get_or_create(username=BENCH_STUDENT)
        client = Client()
        client.force_login(student)
        durations, per_request = [], []
        for _ in range(options["sittings"]):
            Attempt.objects.filter(student=student).delete()
            began = time.perf_counter()
            queries = self.sit(client, quiz)
            durations.append(time.perf_counter() - began)
            per_request = queries
        self.stdout.write(f"database: {connection.vendor}")
        self.stdout.write(f"sittings: {len(durations)} of a {quiz.quiz_questions.count()}-question quiz")
        self.stdout.write(f"requests per sitting: {len(per_request)}")
        self.stdout.write(f"queries per request: max {max(per_request)}, total {sum(per_request)}")
        self.stdout.write(f"median time per sitting: {statistics.median(durations) * 1000:.1f} ms")
        self.stdout.write(f"median time per request: {statistics.median(durations) * 1000 / len(per_request):.1f} ms")

    def bench_quiz(self) -> Quiz:
        questions = list(Question.objects.filter(status=Question.Status.PUBLISHED).order_by("slug")[:10])
        if len(questions) < 10:
            raise CommandError("Load the sources and the bank first: the benchmark needs 10 published questions.")
        quiz, _ = Quiz.objects.update_or_create(
            slug=BENCH_QUIZ, defaults={"title": "Benchmark sitting", "status": Quiz.Status.PUBLISHED}
        )
        quiz.quiz_questions.all().delete()
        QuizQuestion.objects.bulk_create(
            QuizQuestion(quiz=quiz, question=question, position=position)
            for position, question in enumerate(questions, start=1)
        )
        return quiz

    def sit(self, client: Client, quiz: Quiz) -> list[int]:
        """Take the quiz once, as a browser would; return the queries of each request."""
        queries = []

        def request(method, url, data=None):
            with CaptureQueriesContext(connection) as captured:
                response = getattr(client, method)(url, data or {})
            if response.status_code not in (200, 302):
                raise CommandError(f"{method.upper()} {url} answered {response.status_code}")
            queries.append(len(captured))
            return response

        started = request("post", f"/quizzes/{quiz.slug}/start/")
        attempt = Attempt.objects.get(pk=int(started.url.strip("/").split("/")[-1]))
        for slot in attempt_slots(attempt, with_key=True):
            number = slot.position
            request("get", f"/attempts/{attempt.pk}/?q={number}")
            content = slot_content(slot, with_key=True)
            shown = question_for_student(content, option_order=slot.option_order)
            fields = answer_fields(shown, correct_answer(content))
            request("post", f"/attempts/{attempt.pk}/answers/", {"question": shown["id"], "page": number, **fields})
        request("post", f"/attempts/{attempt.pk}/submit/")
        request("get", f"/attempts/{attempt.pk}/result/")
        return queries


def answer_fields(shown: dict, answer) -> dict:
    name = f"q-{shown['id']}"
    if shown["type"] == Question.Type.CLOZE:
        return {f"{name}-{blank}": text for blank, text in answer.items()}
    if shown["type"] == Question.Type.ORDERING:
        return {f"{name}-{key}": str(place) for place, key in enumerate(answer, start=1)}
    if shown["type"] == Question.Type.MATCHING:
        return {f"{name}-{left}": right for left, right in answer.items()}
    return {name: answer}

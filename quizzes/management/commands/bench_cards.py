import random
import statistics
import time
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from quizzes.models import CardReview, CardState, Flashcard
from quizzes.services import cards, scheduling

BENCH_STUDENT = "bench-card-student"
OTHER_STUDENT = "bench-card-neighbour"
BENCH_FRONT = "Benchmark card"


class Command(BaseCommand):
    help = (
        "Benchmark flashcards for a student with many cards (default 10,000 cards, 100,000 review logs, and a "
        "neighbour with as many): time to build the due queue and to record a review, median and p95. "
        "Run it on a throwaway database: it adds that many rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cards", type=int, default=10_000)
        parser.add_argument("--reviews-per-card", type=int, default=10)
        parser.add_argument("--runs", type=int, default=200)

    def handle(self, *args, **options):
        rng = random.Random(7)
        now = timezone.now()
        began = time.perf_counter()
        student = self.fill(BENCH_STUDENT, options["cards"], options["reviews_per_card"], now=now, rng=rng)
        self.fill(OTHER_STUDENT, options["cards"], options["reviews_per_card"], now=now, rng=rng)
        self.stdout.write(f"database: {connection.vendor}")
        self.stdout.write(
            f"set-up: {Flashcard.objects.count()} cards, {CardState.objects.count()} card states, "
            f"{CardReview.objects.count()} review logs in {time.perf_counter() - began:.1f} s"
        )
        deck = cards.deck_from_key("all")
        due_now = CardState.objects.filter(student=student, due__lte=now).count()
        self.stdout.write(f"student: {options['cards']} cards, {due_now} due now")
        runs = options["runs"]

        queue_times = self.timed(runs, lambda: cards.due_queue(student=student, deck=deck, now=now, limit=20))
        self.report("due queue, 20 cards (service)", queue_times)

        due_states = list(
            CardState.objects.filter(student=student, due__lte=now).select_related("flashcard").order_by("due")[:runs]
        )
        review_iter = iter(due_states)

        def review():
            state = next(review_iter)
            scheduling.review_card(
                student=student, flashcard=state.flashcard, rating=3, review_id=uuid.uuid4(), now=now
            )

        self.report("record a review (service)", self.timed(len(due_states) - 1, review))

        client = Client()
        client.force_login(student)
        self.report(
            "GET /api/v1/flashcards/queue/ (whole request)",
            self.timed(min(runs, 50), lambda: client.get("/api/v1/flashcards/queue/")),
        )
        study_times = self.timed(min(runs, 50), lambda: client.get("/flashcards/study/"))
        self.report("GET /flashcards/study/ (whole request)", study_times)
        with connection.cursor() as cursor:
            sql, params = (
                CardState.objects.filter(student=student, due__lte=now).order_by("due")[:20].query.sql_with_params()
            )
            explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
            cursor.execute(f"{explain} {sql}", params)
            plan = "; ".join(str(row[-1]).strip() for row in cursor.fetchall())
            self.stdout.write(f"due query plan: {plan}")

    def fill(self, username: str, n_cards: int, reviews_per_card: int, *, now, rng) -> object:
        """Give the user n_cards studied cards of their own, spread over the states, with their review logs."""
        student, _ = get_user_model().objects.get_or_create(username=username)
        with transaction.atomic():
            CardReview.objects.filter(student=student).delete()
            CardState.objects.filter(student=student).delete()
            Flashcard.objects.filter(front__startswith=f"{BENCH_FRONT} {username}").delete()
            flashcards = Flashcard.objects.bulk_create(
                [Flashcard(front=f"{BENCH_FRONT} {username} #{n}", back="Its answer.") for n in range(n_cards)],
                batch_size=2000,
            )
            states, reviews = [], []
            for flashcard in flashcards:
                state = rng.choices(
                    [CardState.State.REVIEW, CardState.State.LEARNING, CardState.State.RELEARNING], [90, 6, 4]
                )[0]
                # About 3% of the cards are due now, as for a student who studies most days.
                due = now + timedelta(days=rng.uniform(-1, 35)) if state == CardState.State.REVIEW else now
                if state != CardState.State.REVIEW:
                    due += timedelta(minutes=rng.uniform(-30, 30))
                first = now - timedelta(days=rng.uniform(30, 365))
                states.append(
                    CardState(
                        student=student,
                        flashcard=flashcard,
                        state=state,
                        step=None if state == CardState.State.REVIEW else 0,
                        stability=rng.uniform(1, 60),
                        difficulty=rng.uniform(1, 10),
                        due=due,
                        last_review=now - timedelta(days=rng.uniform(0, 30)),
                        first_reviewed_at=first,
                        reps=reviews_per_card,
                    )
                )
                for index in range(reviews_per_card):
                    reviewed_at = first + (now - first) * index / reviews_per_card
                    reviews.append(
                        CardReview(
                            review_id=uuid.uuid4(),
                            student=student,
                            flashcard=flashcard,
                            rating=rng.choices([1, 2, 3, 4], [10, 10, 70, 10])[0],
                            reviewed_at=reviewed_at,
                            state_before=CardState.State.REVIEW if index else None,
                            due_after=reviewed_at + timedelta(days=index + 1),
                        )
                    )
            CardState.objects.bulk_create(states, batch_size=2000)
            CardReview.objects.bulk_create(reviews, batch_size=5000)
        return student

    def timed(self, runs: int, action) -> list[float]:
        action()  # warm-up: caches, first connection use
        durations = []
        for _ in range(runs):
            began = time.perf_counter()
            action()
            durations.append((time.perf_counter() - began) * 1000)
        return durations

    def report(self, label: str, durations: list[float]) -> None:
        ordered = sorted(durations)
        p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
        self.stdout.write(
            f"{label}: median {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms, max {ordered[-1]:.2f} ms "
            f"over {len(ordered)} runs"
        )

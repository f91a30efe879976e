import http.client
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from multiprocessing import Pool

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes.bench.dataset import build_class
from quizzes.models import Attempt, Course, IntegrationKey, Quiz, Response
from quizzes.services.accounts import ensure_groups

TEACHER = "scale-teacher"
DASHBOARD_QUIZ = "first-look"
ROUNDS = 4


class Command(BaseCommand):
    help = (
        "The scale benchmark (make bench-scale): on an empty database, then with a class of 10,000 (about 72,000 "
        "attempts, 1,000,000 responses, 100,000 card states), the median time, queries and peak memory of the "
        "teachers' and students' pages; then API throughput under gunicorn beside bare Django views. "
        "Run it on a throwaway, freshly migrated database with the sources and bank loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--port", type=int, default=8660)
        parser.add_argument("--seconds", type=float, default=12.0, help="Load per endpoint in the throughput test.")

    def handle(self, *args, **options):
        if Attempt.objects.exists() or not Quiz.objects.exists():
            raise CommandError("Run this on a fresh database with the sources and bank loaded, and no attempts.")
        now = timezone.now()
        teacher = get_user_model().objects.create_user(TEACHER, is_staff=True)
        teacher.groups.add(ensure_groups()["Teachers"])
        course = Course.objects.create(slug="scale-class", title="A class of many")
        course.teachers.add(teacher)
        build_class(course=course, students=1, attempt_share=1.0, now=now, seed=1)
        student = course.students.get()
        self.stdout.write(f"database: {connection.vendor}")
        empty = self.measure_pages(teacher, student, options["runs"])

        began = time.perf_counter()
        counts = build_class(course=course, students=options["students"] - 1, attempt_share=0.5, now=now)
        if connection.vendor == "postgresql":
            # Statistics for the planner, and the visibility map and hint bits set now rather than by the first reads.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"dataset: {', '.join(f'{count:,} {name}' for name, count in counts.items())} "
            f"built in {time.perf_counter() - began:.0f} s"
        )
        full = self.measure_pages(teacher, student, options["runs"])
        self.stdout.write(f"{'request':<34}{'empty: ms, queries, MiB':>26}{'full: ms, queries, MiB':>26}{'ratio':>8}")
        for label, (ms, queries, mib) in full.items():
            small = empty[label]
            self.stdout.write(
                f"{label:<34}{small[0]:>12.1f}{small[1]:>6}{small[2]:>8.1f}{ms:>12.1f}{queries:>6}{mib:>8.1f}"
                f"{ms / small[0]:>7.1f}x"
            )
        self.throughput(course, student, options)

    def measure_pages(self, teacher, student, runs: int) -> dict:
        teacher_client, student_client = Client(), Client()
        teacher_client.force_login(teacher)
        student_client.force_login(student)
        attempt = Attempt.objects.filter(student=student).order_by("id").first()
        requests = {
            "class overview": (teacher_client, "/teaching/"),
            "quiz dashboard": (teacher_client, f"/teaching/quizzes/{DASHBOARD_QUIZ}/"),
            "quiz students CSV": (teacher_client, f"/teaching/quizzes/{DASHBOARD_QUIZ}/students.csv"),
            "API quiz results (teacher)": (teacher_client, f"/api/v1/quizzes/{DASHBOARD_QUIZ}/results/"),
            "teacher's student page": (teacher_client, f"/teaching/students/{student.username}/"),
            "API attempt result (student)": (student_client, f"/api/v1/attempts/{attempt.pk}/result/"),
            "student progress page": (student_client, "/progress/"),
            "student results page": (student_client, f"/attempts/{attempt.pk}/result/"),
        }
        return {label: self.measure(client, url, runs) for label, (client, url) in requests.items()}

    def measure(self, client: Client, url: str, runs: int) -> tuple[float, int, float]:
        """Median milliseconds, queries and peak traced memory (MiB) of a GET, body read to the end."""

        def get():
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"GET {url} answered {response.status_code}")
            return b"".join(response.streaming_content) if response.streaming else response.content

        get()  # warm-up
        durations = []
        for _ in range(runs):
            began = time.perf_counter()
            get()
            durations.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as captured:
            get()
        # Counted now: the capture reads the connection's query log, which the next request clears.
        queries = len(captured)
        tracemalloc.start()
        get()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return statistics.median(durations), queries, peak / 2**20

    def throughput(self, course: Course, student, options) -> None:
        """Requests per second under gunicorn (2 workers, 8 concurrent clients) for the API and the bare view."""
        _, raw_key = IntegrationKey.objects.create_key(name="bench", course=course)
        attempt = Attempt.objects.filter(student=student).order_by("id").first()
        port = options["port"]
        env = {
            **os.environ,
            "BENCHMARK_BARE_VIEWS": "1",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only",
            "API_THROTTLE_INTEGRATION": "10000000/minute",
            "LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "quizsite.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],  # fmt: skip
            env=env,
            cwd=settings.BASE_DIR,
        )
        try:
            wait_for(port)
            headers = {"Authorization": f"Api-Key {raw_key}"}
            pairs = [
                ("quiz list", "/api/v1/quizzes/", "/bench/bare/quizzes/"),
                ("attempt detail", f"/api/v1/attempts/{attempt.pk}/", f"/bench/bare/attempts/{attempt.pk}/"),
            ]
            for label, api_url, bare_url in pairs:
                # Alternating rounds, so that a change in the machine's load weighs on both sides alike.
                api_rates, bare_rates = [], []
                for _ in range(ROUNDS):
                    api_rates.append(load(port, api_url, headers, options["seconds"] / ROUNDS))
                    bare_rates.append(load(port, bare_url, headers, options["seconds"] / ROUNDS))
                api, bare = statistics.median(api_rates), statistics.median(bare_rates)
                self.stdout.write(
                    f"throughput, {label}: API {api:.0f} requests/s, bare Django view {bare:.0f} requests/s "
                    f"({api / bare:.0%} of bare; median of {ROUNDS} alternating rounds)"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.stdout.write(f"responses in the database: {Response.objects.count():,}")


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"gunicorn did not start on port {port}")


def hammer(job: tuple) -> int:
    """One client: GET the URL for `seconds`, each on a fresh connection (gunicorn's sync workers close them)."""
    port, url, headers, seconds = job
    done, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        client.request("GET", url, headers=headers)
        response = client.getresponse()
        response.read()
        if response.status != 200:
            raise CommandError(f"GET {url} answered {response.status}")
        client.close()
        done += 1
    return done


def load(port: int, url: str, headers: dict, seconds: float, clients: int = 8) -> float:
    hammer((port, url, headers, 0.5))  # warm-up: the workers' first connection and imports
    with Pool(clients) as pool:
        began = time.perf_counter()
        done = sum(pool.map(hammer, [(port, url, headers, seconds)] * clients))
        return done / (time.perf_counter() - began)

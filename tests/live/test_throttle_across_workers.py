"""The API throttle holds across gunicorn workers when the cache is Redis (REDIS_URL): run by .ci/run.

It starts gunicorn with 3 workers on a throwaway SQLite database, sends more anonymous calls than the rate
allows from several threads at once, and counts: exactly the rate is let through, although several workers
answered (each logs its process id), and a new X-Forwarded-For header on each call changes nothing.
"""

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.workers

RATE = 12
CALLS = 48
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn_with_redis(tmp_path):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("needs REDIS_URL: the throttle is shared only through Redis (.ci/run sets it)")
    port = os.environ.get("THROTTLE_TEST_PORT", "8767")
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'throttle.sqlite3'}",
        "SECRET_KEY": "throttle-test-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_WITHOUT_COLLECTSTATIC": "1",
        "API_THROTTLE_ANON": f"{RATE}/minute",
        "REDIS_URL": redis_url,
    }
    python = Path(sys.executable)
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=PROJECT, env=environment, check=True)
    subprocess.run(
        [python, "-c", "import django; django.setup(); from django.core.cache import cache; cache.clear()"],
        cwd=PROJECT, env={**environment, "DJANGO_SETTINGS_MODULE": "quizsite.settings"}, check=True,
    )  # fmt: skip
    access_log = tmp_path / "access.log"
    server = subprocess.Popen(
        [python.parent / "gunicorn", "quizsite.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3",
         "--access-logfile", access_log, "--access-logformat", "%(p)s %(s)s"],
        cwd=PROJECT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                # A page, not the API: waiting must not use up the throttle.
                requests.get(f"{base_url}/sources/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base_url, access_log
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_anonymous_rate_holds_across_three_workers(gunicorn_with_redis):
    base_url, access_log = gunicorn_with_redis

    def call(number: int) -> int:
        forwarded = {"X-Forwarded-For": f"10.1.{number // 250}.{number % 250}"}
        return requests.get(f"{base_url}/api/v1/quizzes/", headers=forwarded, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(call, range(CALLS)))

    assert statuses.count(200) == RATE, statuses
    assert statuses.count(429) == CALLS - RATE, statuses
    time.sleep(1)  # gunicorn writes its access log line after the response
    workers = {line.split()[0] for line in access_log.read_text().splitlines() if line.endswith((" 200", " 429"))}
    assert len(workers) >= 2, "the calls were all answered by one worker, so they prove nothing about sharing"

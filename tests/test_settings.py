import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, "
    "'db': {k: settings.DATABASES['default'][k] for k in ('ENGINE', 'NAME', 'HOST', 'PORT', 'USER')}, "
    "'storage': settings.STORAGES['staticfiles']['BACKEND'], 'ssl': settings.SECURE_SSL_REDIRECT}))"
)
STRONG_SECRET = "x7!kq2$Lm9#pR4@vZ8&nB3^wC6*tF1(hJ5)yD0_sG-aE+uK=oI"
DEPLOYMENT = {"SECRET_KEY": STRONG_SECRET, "ALLOWED_HOSTS": "quiz.example.org", "DEBUG": "0"}


def run_python(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run Python in a fresh process whose environment holds only the given variables (and PATH)."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "quizsite.settings", **environment}
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def settings_for(environment: dict[str, str]) -> dict:
    completed = run_python(environment, "-c", PRINT_SETTINGS)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_database_defaults_to_sqlite_in_the_project_folder():
    read = settings_for({"SECRET_KEY": STRONG_SECRET})
    assert read["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert read["db"]["NAME"] == str(settings.BASE_DIR / "db.sqlite3")


def test_database_url_selects_postgresql():
    read = settings_for(
        {"SECRET_KEY": STRONG_SECRET, "DATABASE_URL": "postgres://quiz:pw@db.example.org:6543/quizbank"}
    )
    assert read["db"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "quizbank",
        "HOST": "db.example.org",
        "PORT": 6543,
        "USER": "quiz",
    }


def test_debug_is_off_unless_asked_and_hosts_come_from_the_environment():
    read = settings_for({"SECRET_KEY": STRONG_SECRET, "ALLOWED_HOSTS": "quiz.example.org, www.example.org"})
    assert read["debug"] is False
    assert read["hosts"] == ["quiz.example.org", "www.example.org"]
    assert read["ssl"] is True
    assert read["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_debug_on_serves_unhashed_static_files_and_needs_no_secret():
    read = settings_for({"DEBUG": "yes"})
    assert read["debug"] is True
    assert read["storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert "127.0.0.1" in read["hosts"]


def test_an_unknown_boolean_is_refused():
    completed = run_python({"SECRET_KEY": STRONG_SECRET, "DEBUG": "maybe"}, "-c", PRINT_SETTINGS)
    assert completed.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in completed.stderr


def test_a_secret_key_is_required_when_debug_is_off():
    completed = run_python({}, "-c", PRINT_SETTINGS)
    assert completed.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in completed.stderr


def test_deploy_check_reports_nothing_with_debug_off_and_real_values():
    completed = run_python(
        {**DEPLOYMENT, "REDIS_URL": "redis://127.0.0.1:6379/1"},
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert completed.returncode == 0, completed.stderr
    assert "System check identified no issues (0 silenced)." in completed.stdout


PRINT_CONNECTION = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({k: settings.DATABASES['default'][k] for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}))"
)


def test_postgresql_connections_are_kept_open_and_checked_by_default():
    postgres = {"SECRET_KEY": STRONG_SECRET, "DATABASE_URL": "postgres://quiz@db.example.org/quizbank"}
    for environment, expected in [
        (postgres, {"CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}),
        ({**postgres, "DATABASE_CONN_MAX_AGE": "0"}, {"CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": True}),
        ({"SECRET_KEY": STRONG_SECRET}, {"CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": True}),
    ]:
        completed = run_python(environment, "-c", PRINT_CONNECTION)
        assert completed.returncode == 0, completed.stderr
        assert json.loads(completed.stdout) == expected


def test_deploy_check_warns_that_limits_are_per_process_without_redis():
    completed = run_python(DEPLOYMENT, "manage.py", "check", "--deploy")
    assert "quizzes.W001" in completed.stderr + completed.stdout
    assert "counted per worker" in completed.stderr + completed.stdout


def test_redis_url_selects_the_shared_redis_cache_and_the_idle_timeout_comes_from_the_environment():
    completed = run_python(
        {**DEPLOYMENT, "REDIS_URL": "redis://cache.example.org:6379/2", "SESSION_IDLE_TIMEOUT_MINUTES": "30"},
        "-c",
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.CACHES['default'], settings.SESSION_COOKIE_AGE]))",
    )
    assert completed.returncode == 0, completed.stderr
    cache, session_age = json.loads(completed.stdout)
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example.org:6379/2",
    }
    assert session_age == 1800

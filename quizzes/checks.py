"""System checks of the deployment: what `manage.py check --deploy` warns about beyond Django's own."""

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_CACHE_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(deploy=True)
def shared_cache_check(app_configs, **kwargs) -> list[Warning]:
    """Warn when throttles and login lockouts are counted per process (no REDIS_URL)."""
    if settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHE_BACKENDS:
        return []
    return [
        Warning(
            "The cache is local to each process, so API throttles, login lockout counters and password-reset "
            "limits are counted per worker: with 3 gunicorn workers a limit of 60/minute lets 180 through.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every worker and host counts together.",
            id="quizzes.W001",
        )
    ]

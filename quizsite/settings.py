"""Settings for quizsite, read from the environment.

Every knob that differs between a laptop and a deployment comes from an environment variable, parsed by the
helpers below, which refuse values they do not understand instead of guessing.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "lti_tool",
    "axes",
    "quizzes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "quizzes.lti.cookies.LmsFrameMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "quizzes.middleware.RefuseHostileTextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "quizzes.middleware.SessionIdleTimeoutMiddleware",
    "quizzes.middleware.PrivateResponsesMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quizsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "quizsite.wsgi.application"

DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# PostgreSQL connections are kept open (a new one per request halves the API's throughput), checked before
# each reuse. Each gunicorn worker holds one: size max_connections for workers x servers, plus headroom.
DATABASES["default"]["CONN_MAX_AGE"] = env_int(
    "DATABASE_CONN_MAX_AGE", 600 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database (make run, tests): with write-ahead logging a page reads while an answer is being
    # written, and a commit syncs only the log instead of a journal and the database file.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Deployments serve hashed, compressed files collected by `collectstatic`. Development and tests serve them
# straight from the app folders instead (WhiteNoise's finder mode), so they need no collectstatic step.
STATIC_WITHOUT_COLLECTSTATIC = env_bool("STATIC_WITHOUT_COLLECTSTATIC", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if STATIC_WITHOUT_COLLECTSTATIC
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = STATIC_WITHOUT_COLLECTSTATIC
WHITENOISE_AUTOREFRESH = STATIC_WITHOUT_COLLECTSTATIC

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds what every worker must share: API throttles, login lockouts' counters, password-reset limits.
# Without REDIS_URL each process counts on its own (`check --deploy` warns about it).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How many proxies in front of the server append to X-Forwarded-For; 0 ignores the header (REMOTE_ADDR is the
# client). Throttles, lockouts and password-reset limits count per the address this gives.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Login protection (django-axes): after LOGIN_FAILURE_LIMIT failures for one username from one address, that
# pair is locked out for LOGIN_LOCKOUT_MINUTES; a teacher or administrator can unlock it earlier in the admin.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "quizzes.http.client_address"
AXES_USERNAME_CALLABLE = "quizzes.http.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Password reset e-mails: at most this many requests per address and per e-mail address in an hour.
PASSWORD_RESET_LIMIT_PER_HOUR = env_int("PASSWORD_RESET_LIMIT_PER_HOUR", 5)

# A session ends after this many minutes without a request (each request starts the count again).
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 120)
if SESSION_IDLE_TIMEOUT_MINUTES < 1:
    raise ImproperlyConfigured("SESSION_IDLE_TIMEOUT_MINUTES must be at least 1")
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60

# Content-Security-Policy (django-csp): scripts only from our own files or with the page's nonce; no framing.
# Styles may be inline because Swagger UI and ReDoc set style attributes and blocks at run time; ReDoc's search
# runs in a worker made from a blob.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "worker-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "quizzes:home"
LOGOUT_REDIRECT_URL = "quizzes:home"

# Where the project keeps its source texts and question bank (data, not code).
FIXTURES_ROOT = BASE_DIR / "fixtures"
SOURCES_DIR = FIXTURES_ROOT / "sources"
BANK_DIR = FIXTURES_ROOT / "bank"

# Request bodies: Django's 2.5 MB cap (an over-size body is a 413), and JSON nested at most this deep.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
MAX_JSON_DEPTH = 32

# Reverting a question from its history would skip the admin's answer-key and quote checks.
SIMPLE_HISTORY_REVERT_DISABLED = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The key scheme comes first so that an unauthenticated call gets 401 with "WWW-Authenticate: Api-Key".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "quizzes.api.authentication.IntegrationKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["quizzes.api.parsers.HostileTextRefusingJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "quizzes.api.pagination.CappedPageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["quizzes.api.filters.FilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "quizzes.api.throttling.AnonymousThrottle",
        "quizzes.api.throttling.UserThrottle",
        "quizzes.api.throttling.IntegrationThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
        "integration": os.environ.get("API_THROTTLE_INTEGRATION", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "quizzes.api.exceptions.api_exception_handler",
    "NON_FIELD_ERRORS_KEY": "non_field_errors",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "quizsite API",
    "DESCRIPTION": "Quizzes and flashcards on Stalinism, every answer key cited to its sources.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "quizzes.api.schema.document_error_responses",
    ],
    # Swagger UI and ReDoc are served from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The bare views that `make bench-scale` measures the API against; never on in a deployment.
BENCHMARK_BARE_VIEWS = env_bool("BENCHMARK_BARE_VIEWS", False)

# Behind TLS in production: everything below is what `check --deploy` asks for.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Flashcards (FSRS through the fsrs package). Desired retention is a percentage, e.g. 90.
_FLASHCARDS_RETENTION = env_int("FLASHCARDS_DESIRED_RETENTION_PERCENT", 90)
if not 70 <= _FLASHCARDS_RETENTION <= 99:
    raise ImproperlyConfigured("FLASHCARDS_DESIRED_RETENTION_PERCENT must be between 70 and 99")
FLASHCARDS = {
    "DESIRED_RETENTION": _FLASHCARDS_RETENTION / 100,
    "NEW_CARDS_PER_DAY": env_int("FLASHCARDS_NEW_CARDS_PER_DAY", 20),
    "LEARNING_STEPS_MINUTES": (1, 10),
    "RELEARNING_STEPS_MINUTES": (10,),
    "MAXIMUM_INTERVAL_DAYS": 36500,
    # Anki's fuzz: spreads review dates by a few days so cards learnt together do not stay together.
    "FUZZ": env_bool("FLASHCARDS_FUZZ", True),
}

# LTI 1.3: a launch comes as a cross-site POST into the LMS's iframe, so the cookies the tool's pages need there
# (session, CSRF, the OIDC state) are SameSite=None (only allowed with Secure), and Partitioned where supported
# (quizzes.lti.cookies); without HTTPS they stay Lax and the launch offers to open in a new window.
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_SAMESITE = "None"
if CSRF_COOKIE_SECURE:
    CSRF_COOKIE_SAMESITE = "None"
LTI = {
    # Seconds an id_token's nonce stays consumed: longer than any platform's id_token lifetime.
    "NONCE_TTL_SECONDS": env_int("LTI_NONCE_TTL_SECONDS", 3600),
    # Grade sends: tries before a send is marked failed, and the first back-off (doubling each try).
    "SCORE_MAX_TRIES": env_int("LTI_SCORE_MAX_TRIES", 8),
    "SCORE_RETRY_BASE_SECONDS": env_int("LTI_SCORE_RETRY_BASE_SECONDS", 30),
    # Seconds a call to an LMS service (token, scores, roster) may take before the try counts as failed.
    "SERVICE_TIMEOUT_SECONDS": env_int("LTI_SERVICE_TIMEOUT_SECONDS", 10),
}

# Celery runs the LTI grade outbox. With no broker configured (make run, the tests) tasks run in-process, and
# the in-memory transport stands in for the broker so nothing reaches for a default one on localhost.
_CELERY_BROKER = os.environ.get("CELERY_BROKER_URL", "")
CELERY_BROKER_URL = _CELERY_BROKER or "memory://"
CELERY_TASK_ALWAYS_EAGER = not _CELERY_BROKER
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "lti.scores")
CELERY_BEAT_SCHEDULE = {
    # A safety net: sends whose retry message was lost (broker restarted) are picked up again.
    "lti-send-due-scores": {"task": "quizzes.lti.tasks.send_due_scores", "schedule": 60.0},
}

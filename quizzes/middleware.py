"""Request checks that hold for every page and API call, before any view runs."""

import time

from django.utils.cache import patch_cache_control, patch_vary_headers

from quizzes.api.exceptions import bad_request_response
from quizzes.text import text_problem


class RefuseHostileTextMiddleware:
    """A path or query string holding NUL, control characters or lone surrogates is refused, never a 500.

    Such text would reach the database through look-ups (a username, a deck or quiz slug), and PostgreSQL refuses
    NUL in text. No object's address holds one, so a hostile path is a 404 and a hostile query a 400, each saying
    why. Bodies are checked where they are read: the API's JSON parser and each form's fields.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path_problem = text_problem(request.path)
        if path_problem:
            message = f"Not found: the address {path_problem}."
            return bad_request_response(request, message, code="not_found", status=404)
        query_problem = self.hostile_query(request)
        if query_problem:
            return bad_request_response(request, f"Refused: {query_problem}.")
        return self.get_response(request)

    @staticmethod
    def hostile_query(request) -> str:
        for name, values in request.GET.lists():
            for text in (name, *values):
                problem = text_problem(text)
                if problem:
                    return f"the query parameter {name!r} {problem}"
        return ""


# A session's expiry moves forward when it is saved; saving it at most once a minute keeps the idle timeout
# (SESSION_COOKIE_AGE) to the minute without a database write on every request.
SESSION_SEEN_KEY = "last_seen"
SESSION_TOUCH_SECONDS = 60


def note_session_activity(session) -> None:
    session[SESSION_SEEN_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Extends a signed-in session while it is used, so that it ends SESSION_IDLE_TIMEOUT_MINUTES after the
    last request rather than that long after the login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            last_seen = request.session.get(SESSION_SEEN_KEY)
            if last_seen is None or time.time() - last_seen >= SESSION_TOUCH_SECONDS:
                note_session_activity(request.session)
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on everything personal: every page served to a signed-in person
    (attempts, results, progress, flashcards, teaching, the admin) and every API response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie", "Authorization"])
        return response

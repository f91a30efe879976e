"""One error body for every failure: {"detail": message, "code": code} and, for invalid input, "errors"."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import page_not_found, server_error
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from quizzes.errors import BankError, QuizError

# Domain errors that mean "not now, in this state" rather than "bad input".
CONFLICT_ERRORS = {"AttemptClosed", "AnswerLocked", "NoAttemptsLeft", "QuizNotOpen", "ReviewIdReused"}


class DomainError(exceptions.APIException):
    """A QuizError on its way out of the API."""

    def __init__(self, error: QuizError):
        name = type(error).__name__
        self.status_code = status.HTTP_409_CONFLICT if name in CONFLICT_ERRORS else status.HTTP_400_BAD_REQUEST
        super().__init__(detail=str(error), code=snake_case(name))


def snake_case(name: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in name).lstrip("_")


# Where each message of the bank's validation belongs, by how it starts (see quizzes.services.bank).
BANK_MESSAGE_FIELDS = (
    ("citation ", "citations"),
    ("disagreement_point", "disagreement_point"),
    ("unknown disagreement point", "disagreement"),
    ("disagreement", "disagreements"),
    ("a disagreement", "disagreements"),
    ("choice", "choices"),
    ("each choice", "choices"),
    ("a cloze prompt", "prompt"),
    ("cloze blanks", "prompt"),
    ("unknown topic", "topics"),
    ("unknown field", "non_field_errors"),
)
BANK_FIELDS = ("id", "type", "status", "framing", "difficulty", "topics", "prompt", "explanation", "citations")


def bank_problem_field(message: str) -> str:
    for start, field in BANK_MESSAGE_FIELDS:
        if message.startswith(start):
            return field
    first_word = message.split(" ", 1)[0]
    if first_word in BANK_FIELDS:
        return first_word
    return "answer"


def bank_errors(error: BankError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in error.problems:
        errors.setdefault(bank_problem_field(problem.message), []).append(problem.message)
    return errors


def api_exception_handler(exc, context):
    if isinstance(exc, BankError):
        exc = exceptions.ValidationError(bank_errors(exc))
    elif isinstance(exc, QuizError):
        exc = DomainError(exc)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": first_message(errors), "code": "invalid", "errors": errors}
    else:
        detail = response.data.get("detail", "")
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response


def first_message(errors) -> str:
    """The first message in a nested DRF error structure, prefixed with the field it belongs to."""
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = first_message(value)
            if message:
                return message if field == "non_field_errors" else f"{field}: {message}"
        return ""
    if isinstance(errors, list):
        return next((first_message(item) for item in errors if first_message(item)), "")
    return str(errors)


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    """Django's 404 handler: the API's error body under /api/, the site's page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return page_not_found(request, exception)


def bad_request_response(request, message: str, *, code: str = "bad_request", status: int = 400):
    """A refusal of the request as a whole: the API's error body under /api/, a page saying why elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": message, "code": code}, status=status)
    page = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponse(page, status=status)


TOO_LARGE_MESSAGE = "The request body is larger than this server accepts ({limit} bytes); send less at once."


def bad_request(request, exception):
    """Django's 400 handler (malformed or over-size requests), in the API's error body under /api/."""
    if isinstance(exception, RequestDataTooBig):
        message = TOO_LARGE_MESSAGE.format(limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return bad_request_response(request, message, code="request_too_large", status=413)
    return bad_request_response(request, "The request could not be understood.")


def server_failure(request):
    """Django's 500 handler: the API's error body under /api/, the site's page elsewhere."""
    if is_api_request(request):
        return JsonResponse(
            {"detail": "A server error occurred; it has been logged.", "code": "server_error"}, status=500
        )
    return server_error(request)

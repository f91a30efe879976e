"""The OpenAPI document's error responses: every operation lists the errors it can answer with, in one shape."""

ERROR_SCHEMA = {
    "type": "object",
    "description": 'Every error: {"detail": message, "code": code}; invalid input adds "errors" by field.',
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in a sentence."},
        "code": {"type": "string", "description": "A stable machine-readable code, e.g. not_found, invalid."},
        "errors": {
            "type": "object",
            "description": "For invalid input (400): the messages of each field.",
            "additionalProperties": True,
        },
    },
    "required": ["detail", "code"],
}

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: the messages are listed by field in `errors`.",
    "401": "No credentials, or credentials that are unknown, revoked or expired.",
    "403": "The caller may not do this (role, course or key scope).",
    "404": "No such object among those the caller may see, or no such page.",
    "409": "Not in this state: the attempt is submitted or out of time, no attempts are left, or the review id"
    " was already used for another review.",
    "429": "Too many requests: wait as long as the Retry-After header says.",
}

# Starting an attempt or saving an answer can meet a state that forbids it (submitting is idempotent and never
# does); a review id can be reused for another card.
CONFLICT_PATH_ENDINGS = ("/attempts/", "/answers/{question}/", "/flashcards/reviews/")
WRITE_METHODS = {"post", "put", "patch", "delete"}


def errors_for(path: str, method: str, operation: dict) -> list[str]:
    codes = ["401", "403", "404", "429"]
    takes_input = method in WRITE_METHODS or any(param["in"] == "query" for param in operation.get("parameters", []))
    if takes_input:
        codes.append("400")
    if method in WRITE_METHODS and path.endswith(CONFLICT_PATH_ENDINGS):
        codes.append("409")
    return codes


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the shared Error schema to every operation's error codes."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if path.endswith("/schema/"):
                continue
            responses = operation.setdefault("responses", {})
            for code in errors_for(path, method, operation):
                responses.setdefault(
                    code,
                    {
                        "description": ERROR_DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result

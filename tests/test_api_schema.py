"""The published OpenAPI document: every operation described, with examples that match its own schemas."""

import pytest
from jsonschema import Draft202012Validator

from quizzes.models import Question
from quizzes.services.presentation import correct_answer_text
from quizzes.services.versions import CHOICE_TYPES, CONTENT_PREFETCHES, live_content
from quizzes.text import fold_text

pytestmark = pytest.mark.django_db

SCHEMA_PATH = "/api/v1/schema/"
# What only a review may show; a question before submission carries none of it.
ANSWER_KEY_FIELDS = {"review", "credit", "points_earned", "explanation", "citations", "disagreements", "is_correct"}


@pytest.fixture
def schema(api_client):
    response = api_client.get(SCHEMA_PATH, {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, path_item in schema["paths"].items():
        if path != SCHEMA_PATH:
            for method, operation in path_item.items():
                yield f"{method.upper()} {path}", operation


def example_values(content: dict) -> list[tuple[str, object]]:
    """The named examples of each media type of a request body or response."""
    return [
        (name, example["value"]) for media in content.values() for name, example in media.get("examples", {}).items()
    ]


def response_examples(schema):
    for operation_name, operation in operations(schema):
        for status_code, response in operation["responses"].items():
            for media_type, media in response.get("content", {}).items():
                for name, example in media.get("examples", {}).items():
                    label = f"{operation_name} {status_code} {media_type} {name}"
                    yield label, media["schema"], example["value"]


def as_json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a union with null, and an object with listed
    properties is closed, so an example with a stale or misspelt field fails as well as one missing a field."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if "properties" in converted:
        converted.setdefault("additionalProperties", False)
    if node.get("nullable"):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
            if "enum" in converted:
                converted["enum"] = [*converted["enum"], None]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def validator_for(schema, target):
    """A validator of `target` whose $refs resolve against the document's #/components/schemas."""
    components = {"schemas": as_json_schema(schema["components"]["schemas"])}
    return Draft202012Validator({**as_json_schema(target), "components": components})


def test_every_operation_has_a_summary_or_description_and_an_example(schema):
    missing = []
    for name, operation in operations(schema):
        if not (operation.get("summary") or operation.get("description")):
            missing.append(f"{name}: no summary or description")
        request_examples = example_values(operation.get("requestBody", {}).get("content", {}))
        answered_examples = [
            example
            for response in operation["responses"].values()
            for example in example_values(response.get("content", {}))
        ]
        parameter_examples = [
            example for parameter in operation.get("parameters", []) for example in parameter.get("examples", {})
        ]
        if not (request_examples or answered_examples or parameter_examples):
            missing.append(f"{name}: no example")
    assert missing == []


def test_every_read_has_a_successful_response_example(schema):
    missing = []
    for name, operation in operations(schema):
        if name.startswith("GET "):
            # A file download (the question export) has its examples under its own media types.
            if not any(media.get("examples") for media in operation["responses"]["200"]["content"].values()):
                missing.append(name)
    assert missing == []


def test_every_response_example_validates_against_its_response_schema(schema):
    checked, failures = 0, []
    for label, response_schema, value in response_examples(schema):
        errors = list(validator_for(schema, response_schema).iter_errors(value))
        failures += [f"{label}: {'/'.join(map(str, error.absolute_path))}: {error.message}" for error in errors]
        checked += 1
    assert failures == []
    assert checked >= 30


def test_every_request_example_validates_against_its_request_schema(schema):
    checked, failures = 0, []
    for name, operation in operations(schema):
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            for example_name, example in media.get("examples", {}).items():
                errors = list(validator_for(schema, media["schema"]).iter_errors(example["value"]))
                failures += [f"{name} {media_type} {example_name}: {error.message}" for error in errors]
                checked += 1
    assert failures == []
    assert checked > 0


def test_the_validation_catches_an_example_that_does_not_match(schema):
    source_list = schema["paths"]["/api/v1/sources/"]["get"]["responses"]["200"]["content"]["application/json"]
    example = source_list["examples"]["APartisanWiki"]["value"]
    assert validator_for(schema, source_list["schema"]).is_valid(example)
    stale = {**example, "results": [{**example["results"][0], "language": "en"}]}
    untyped = {**example, "results": [{**example["results"][0], "passage_count": None}]}
    nulled = {**example, "results": [{**example["results"][0], "published_on": None}]}
    assert not validator_for(schema, source_list["schema"]).is_valid(stale)
    assert not validator_for(schema, source_list["schema"]).is_valid(untyped)
    assert validator_for(schema, source_list["schema"]).is_valid(nulled)


def keys_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_in(item)


@pytest.mark.parametrize("path", ["/api/v1/quizzes/{slug}/questions/", "/api/v1/attempts/{id}/"])
def test_examples_before_submission_show_no_answer_key(schema, path):
    ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    values = [example["value"] for example in ok["examples"].values()]
    assert values
    for value in values:
        assert ANSWER_KEY_FIELDS.isdisjoint(keys_in(value))
    result = schema["paths"]["/api/v1/attempts/{id}/result/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ANSWER_KEY_FIELDS & set(keys_in([example["value"] for example in result["examples"].values()]))


def example_nodes(schema):
    """Every example value of the document: request bodies, responses and parameters."""
    for _, operation in operations(schema):
        yield from (value for _, value in example_values(operation.get("requestBody", {}).get("content", {})))
        for response in operation["responses"].values():
            yield from (value for _, value in example_values(response.get("content", {})))
        for parameter in operation.get("parameters", []):
            yield from (example["value"] for example in parameter.get("examples", {}).values())


def leaves_and_sequences(node):
    """The strings of an example, and each of its lists as a tuple of its strings (or of its items' texts and
    keys), so that a correct order shows whether written out or as item keys."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from leaves_and_sequences(value)
    elif isinstance(node, list):
        for attribute in ("text", "key"):
            yield tuple(item.get(attribute) if isinstance(item, dict) else item for item in node)
        for item in node:
            yield from leaves_and_sequences(item)


def folded(part):
    return fold_text(part) if isinstance(part, str) else tuple(fold_text(item or "") for item in part)


def shipped_keys() -> set:
    """Each shipped question's key in every form an example could show it: the key lines of a review, the texts of
    correct options, accepted answers, correct orders (texts and item keys) and matching pairs (folded texts)."""
    keys: set = set()
    questions = Question.objects.exclude(type=Question.Type.TRUE_FALSE).prefetch_related(*CONTENT_PREFETCHES)
    for question in questions:
        content = live_content(question)
        keys |= {fold_text(line) for line in correct_answer_text(content)}
        keys |= {fold_text(text) for texts in content.key.get("accepted", {}).values() for text in texts}
        if content.type in CHOICE_TYPES:
            keys |= {
                fold_text(option["text"])
                for option in content.shown["options"]
                if option["key"] in content.key["correct"]
            }
        if content.type == Question.Type.ORDERING:
            text_by_key = {item["key"]: item["text"] for item in content.shown["items"]}
            keys |= {folded(content.key["order"]), folded([text_by_key[key] for key in content.key["order"]])}
    return keys


def test_no_schema_example_holds_a_shipped_questions_key(schema):
    keys = shipped_keys()
    found, seen = [], 0
    for node in example_nodes(schema):
        for part in leaves_and_sequences(node):
            seen += 1
            folded = (
                fold_text(part)
                if isinstance(part, str)
                else tuple(fold_text(item) if isinstance(item, str) and len(item) != 12 else item for item in part)
            )
            if folded in keys:
                found.append(part)
    assert seen > 500
    assert sorted(set(map(str, found))) == []


def test_the_key_check_catches_a_shipped_key_in_an_example():
    question = Question.objects.filter(type=Question.Type.ORDERING).prefetch_related("ordering_items").first()
    items = list(question.ordering_items.all())
    leaked = {"answer": [item.key for item in items], "items": [{"key": "x", "text": item.text} for item in items]}
    parts = [part for part in leaves_and_sequences(leaked) if isinstance(part, tuple)]
    keys = shipped_keys()
    assert folded([item.key for item in items]) in {folded(part) for part in parts} & keys
    assert folded([item.text for item in items]) in {folded(part) for part in parts} & keys

"""Every endpoint x every role: anonymous, a student, another course's student, the teacher, the integration."""

import json
import re

import pytest
from django.urls import get_resolver
from django.utils import timezone

from quizzes.models import IntegrationKey, Quiz
from quizzes.services.attempts import save_answer, start_attempt
from tests.factories import DisagreementPointFactory, QuizFactory, integration_key

pytestmark = pytest.mark.django_db

# Roles in the order they call, so that a call that changes something (a submit) comes after the refusals.
ORDER = ("anonymous", "other_student", "teacher", "student", "integration")

# path, method, body, {role: expected status}
MATRIX = [
    ("/api/v1/sources/", "get", None, {"*": 200}),
    ("/api/v1/sources/{source}/", "get", None, {"*": 200}),
    ("/api/v1/passages/", "get", None, {"*": 200}),
    ("/api/v1/passages/{passage}/", "get", None, {"*": 200}),
    ("/api/v1/topics/", "get", None, {"*": 200}),
    ("/api/v1/disagreements/", "get", None, {"*": 200}),
    ("/api/v1/disagreements/{point}/", "get", None, {"*": 200}),
    ("/api/v1/topics/{topic}/", "get", None, {"*": 200}),
    ("/api/v1/quizzes/", "get", None, {"*": 200}),
    ("/api/v1/quizzes/{quiz}/", "get", None, {"*": 200}),
    ("/api/v1/quizzes/{quiz}/questions/", "get", None, {"anonymous": 401, "*": 200}),
    (
        "/api/v1/quizzes/{quiz}/attempts/",
        "post",
        {},
        {"anonymous": 401, "other_student": 201, "teacher": 201, "student": 200, "integration": 200},
    ),
    ("/api/v1/quizzes/{quiz}/results/", "get", None, {"anonymous": 401, "*": 200}),
    (
        "/api/v1/quizzes/{quiz}/regrade/",
        "post",
        {"questions": ["{question}"]},
        {"anonymous": 401, "teacher": 200, "*": 403},
    ),
    ("/api/v1/attempts/", "get", None, {"anonymous": 401, "*": 200}),
    ("/api/v1/attempts/{attempt}/", "get", None, {"anonymous": 401, "other_student": 404, "*": 200}),
    ("/api/v1/attempts/{attempt}/result/", "get", None, {"anonymous": 401, "other_student": 404, "*": 200}),
    (
        "/api/v1/attempts/{attempt}/answers/{question}/",
        "put",
        {"answer": "b"},
        {"anonymous": 401, "other_student": 404, "teacher": 403, "*": 200},
    ),
    # The quiz reviews after submission, so checking a question one by one is refused (400), not forbidden.
    (
        "/api/v1/attempts/{attempt}/answers/{question}/check/",
        "post",
        None,
        {"anonymous": 401, "other_student": 404, "teacher": 403, "*": 400},
    ),
    (
        "/api/v1/attempts/{attempt}/submit/",
        "post",
        None,
        {"anonymous": 401, "other_student": 404, "teacher": 403, "*": 200},
    ),
    ("/api/v1/progress/", "get", None, {"anonymous": 401, "integration": 403, "*": 200}),
    ("/api/v1/students/{student}/progress/", "get", None, {"anonymous": 401, "other_student": 404, "*": 200}),
    ("/api/v1/bank/questions/", "get", None, {"anonymous": 401, "teacher": 200, "*": 403}),
    ("/api/v1/bank/questions/", "post", {}, {"anonymous": 401, "teacher": 400, "*": 403}),
    ("/api/v1/bank/questions/{question}/", "get", None, {"anonymous": 401, "teacher": 200, "*": 403}),
    ("/api/v1/bank/questions/{question}/", "patch", {"difficulty": 3}, {"anonymous": 401, "teacher": 200, "*": 403}),
    ("/api/v1/bank/questions/{question}/", "put", {}, {"anonymous": 401, "teacher": 400, "*": 403}),
    ("/api/v1/bank/export/", "get", None, {"anonymous": 401, "teacher": 400, "*": 403}),
    ("/api/v1/bank/import/", "post", None, {"anonymous": 401, "teacher": 400, "*": 403}),
    ("/api/v1/courses/", "get", None, {"anonymous": 401, "*": 200}),
    (
        "/api/v1/courses/{course}/students/",
        "get",
        None,
        {"anonymous": 401, "teacher": 200, "integration": 200, "*": 404},
    ),
    (
        "/api/v1/courses/{course}/integration-keys/",
        "get",
        None,
        {"anonymous": 401, "teacher": 200, "integration": 403, "*": 404},
    ),
    (
        "/api/v1/courses/{course}/integration-keys/",
        "post",
        {"name": "Moodle", "scope": "read"},
        {"anonymous": 401, "teacher": 201, "integration": 403, "*": 404},
    ),
    (
        "/api/v1/courses/{course}/integration-keys/{key}/",
        "get",
        None,
        {"anonymous": 401, "teacher": 200, "integration": 403, "*": 404},
    ),
    (
        "/api/v1/courses/{course}/integration-keys/{key}/",
        "delete",
        None,
        {"anonymous": 401, "teacher": 204, "integration": 403, "*": 404},
    ),
    ("/api/v1/schema/", "get", None, {"*": 200}),
    ("/api/v1/docs/", "get", None, {"*": 200}),
    ("/api/v1/redoc/", "get", None, {"*": 200}),
    # Flashcards: a person's own cards; integrations have none (they read course students' stats by name).
    ("/api/v1/flashcards/decks/", "get", None, {"anonymous": 401, "integration": 403, "*": 200}),
    ("/api/v1/flashcards/queue/", "get", None, {"anonymous": 401, "integration": 403, "*": 200}),
    ("/api/v1/flashcards/reviews/", "get", None, {"anonymous": 401, "integration": 403, "*": 200}),
    ("/api/v1/flashcards/reviews/", "post", {}, {"anonymous": 401, "integration": 403, "*": 400}),
    ("/api/v1/flashcards/stats/", "get", None, {"anonymous": 401, "integration": 400, "*": 200}),
    ("/api/v1/flashcards/cards/", "get", None, {"anonymous": 401, "teacher": 200, "*": 403}),
    ("/api/v1/flashcards/cards/", "post", {}, {"anonymous": 401, "teacher": 400, "*": 403}),
]


@pytest.fixture
def world(cast):
    quiz = QuizFactory(n_questions=2, slug="quiz-a")
    quiz.courses.add(cast.course)
    question = quiz.questions.order_by("quiz_questions__position").first()
    attempt = start_attempt(quiz=quiz, student=cast.student, now=timezone.now())
    save_answer(attempt=attempt, question_slug=question.slug, answer="a", now=timezone.now())
    citation = question.citations.select_related("source", "passage").get()
    spare_key = IntegrationKey.objects.get(prefix=integration_key(course=cast.course, name="spare").split(".")[0])
    return {
        "quiz": quiz.slug,
        "question": question.slug,
        "attempt": attempt.pk,
        "source": citation.source.slug,
        "passage": citation.passage.pk,
        "topic": question.topics.create(slug="topic-a", name="Topic A").slug,
        "point": DisagreementPointFactory(slug="point-a").slug,
        "course": cast.course.slug,
        "key": spare_key.prefix,
        "student": cast.student.username,
    }


def test_the_matrix_covers_every_api_route():
    api = next(pattern for pattern in get_resolver().url_patterns if str(pattern.pattern) == "api/v1/")
    routes = {re.sub(r"<[^>]+>", "{}", str(pattern.pattern)) for pattern in api.url_patterns}
    covered = {re.sub(r"\{[a-z_]+\}", "{}", path.removeprefix("/api/v1/")) for path, *_ in MATRIX}
    assert routes == covered


@pytest.mark.parametrize(("path", "method", "body", "expected"), MATRIX, ids=[f"{m} {p}" for p, m, *_ in MATRIX])
def test_each_role_gets_what_it_may(cast, world, path, method, body, expected):
    url = path.format(**world)
    outcomes = {}
    for role in ORDER:
        client = cast.client(role)
        data = json.loads(json.dumps(body).replace("{question}", world["question"])) if body else body
        if role == "integration" and path.endswith("/attempts/"):
            data = {"student": "stu"}
        response = (
            getattr(client, method)(url, data, format="json") if data is not None else getattr(client, method)(url)
        )
        outcomes[role] = response.status_code
    wanted = {role: expected.get(role, expected.get("*")) for role in ORDER}
    assert outcomes == wanted
    assert Quiz.objects.filter(slug="quiz-a").exists()

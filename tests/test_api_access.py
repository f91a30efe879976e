"""Integration keys (created, used, revoked, scoped), error bodies, throttling and the published schema."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from quizzes.api.throttling import AnonymousThrottle, IntegrationThrottle
from quizzes.models import IntegrationKey
from tests.conftest import run_command
from tests.factories import CourseFactory, UserFactory

pytestmark = pytest.mark.django_db


def keyed(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return api_client


def test_a_teacher_creates_a_key_that_is_shown_once_and_works(cast, api_client):
    teacher = cast.client("teacher")
    created = teacher.post(
        "/api/v1/courses/history-101/integration-keys/", {"name": "Canvas", "scope": "write_results"}, format="json"
    )
    assert created.status_code == 201
    key = created.json()["key"]
    stored = IntegrationKey.objects.get(prefix=created.json()["prefix"])
    assert stored.created_by == cast.teacher and stored.course == cast.course and key not in stored.hashed_key
    listed = teacher.get("/api/v1/courses/history-101/integration-keys/").json()["results"]
    assert all("key" not in row for row in listed)
    courses = keyed(api_client, key).get("/api/v1/courses/").json()["results"]
    assert [course["slug"] for course in courses] == ["history-101"]


def test_a_key_created_with_an_expiry_date_stops_working_then(cast, api_client):
    expires = timezone.now() + timedelta(days=30)
    created = cast.client("teacher").post(
        "/api/v1/courses/history-101/integration-keys/",
        {"name": "Term key", "scope": "read", "expiry_date": expires.isoformat()},
        format="json",
    )
    assert created.status_code == 201
    assert IntegrationKey.objects.get(prefix=created.json()["prefix"]).expiry_date == expires
    assert keyed(api_client, created.json()["key"]).get("/api/v1/quizzes/").status_code == 200
    IntegrationKey.objects.filter(prefix=created.json()["prefix"]).update(expiry_date=timezone.now() - timedelta(1))
    assert api_client.get("/api/v1/quizzes/").status_code == 401


def test_a_revoked_key_is_refused(cast, api_client):
    prefix = cast.key.split(".")[0]
    assert keyed(api_client, cast.key).get("/api/v1/attempts/").status_code == 200
    assert cast.client("teacher").delete(f"/api/v1/courses/history-101/integration-keys/{prefix}/").status_code == 204
    refused = api_client.get("/api/v1/attempts/")
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "The integration key is unknown, revoked or expired.",
        "code": "authentication_failed",
    }
    assert IntegrationKey.objects.get(prefix=prefix).revoked is True


@pytest.mark.parametrize("header", ["Api-Key nonsense", "Api-Key abc.def", "Api-Key "])
def test_unknown_keys_get_401(api_client, db, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)
    assert api_client.get("/api/v1/attempts/").status_code == 401


def test_an_expired_key_is_refused(cast, api_client):
    IntegrationKey.objects.filter(prefix=cast.key.split(".")[0]).update(expiry_date=timezone.now() - timedelta(1))
    assert keyed(api_client, cast.key).get("/api/v1/attempts/").status_code == 401


def test_anonymous_calls_are_told_how_to_authenticate(api_client, db):
    refused = api_client.get("/api/v1/attempts/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Api-Key"
    assert refused.json()["code"] == "not_authenticated"


def test_another_courses_teacher_cannot_see_or_revoke_its_keys(cast):
    stranger = UserFactory(username="stranger", password="!")
    CourseFactory(slug="other-course", teachers=[stranger])
    cast.teacher = stranger
    prefix = cast.key.split(".")[0]
    assert cast.client("teacher").get("/api/v1/courses/history-101/integration-keys/").status_code == 404
    assert cast.client("teacher").delete(f"/api/v1/courses/history-101/integration-keys/{prefix}/").status_code == 404
    assert IntegrationKey.objects.get(prefix=prefix).revoked is False


def test_an_invalid_scope_gets_a_field_error(cast):
    refused = cast.client("teacher").post(
        "/api/v1/courses/history-101/integration-keys/", {"name": "x", "scope": "admin"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["scope"] == ['"admin" is not a valid choice.']


def test_a_key_created_without_a_scope_is_read_only(cast):
    created = cast.client("teacher").post(
        "/api/v1/courses/history-101/integration-keys/", {"name": "LMS"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["scope"] == "read"
    assert IntegrationKey.objects.get(prefix=created.json()["prefix"]).can_write_results is False


def test_a_key_without_a_name_gets_a_field_error(cast):
    refused = cast.client("teacher").post(
        "/api/v1/courses/history-101/integration-keys/", {"scope": "read"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["name"] == ["This field is required."]


def test_the_commands_enrol_and_create_a_key(db):
    UserFactory(username="t1", password="!")
    UserFactory(username="s1", password="!")
    out, _ = run_command("enrol", "demo", "--title", "Demo", "--teacher", "t1", "--student", "s1")
    assert out.strip() == "demo: 1 teacher(s), 1 student(s)"
    out, _ = run_command("create_integration_key", "demo", "Moodle", "--scope", "write_results")
    key = IntegrationKey.objects.get()
    assert key.is_valid(out.strip()) and key.scope == "write_results" and key.course.slug == "demo"


@pytest.mark.parametrize(("throttle", "role"), [(AnonymousThrottle, "anonymous"), (IntegrationThrottle, "integration")])
def test_anonymous_and_key_clients_are_throttled(cast, monkeypatch, throttle, role):
    cache.clear()
    monkeypatch.setattr(throttle, "THROTTLE_RATES", {throttle.scope: "2/minute"})
    client = cast.client(role)
    codes = [client.get("/api/v1/sources/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/sources/").json()["code"] == "throttled"
    cache.clear()


def test_the_schema_validates_and_the_docs_use_our_own_static_files(api_client, db):
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    assert '"/api/v1/attempts/{id}/submit/"' in out.getvalue()
    for page in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = api_client.get(page).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html and "cdn" not in html.lower()
    bundle = api_client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200


def test_the_schema_documents_each_operations_errors_in_one_shape(api_client, db):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "code"]
    answer = schema["paths"]["/api/v1/attempts/{id}/answers/{question}/"]["put"]["responses"]
    assert {"200", "400", "401", "403", "404", "409", "429"} <= set(answer)
    assert answer["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "409" not in schema["paths"]["/api/v1/attempts/{id}/submit/"]["post"]["responses"]
    source = schema["paths"]["/api/v1/sources/{slug}/"]["get"]["responses"]
    assert {"200", "401", "403", "404", "429"} <= set(source) and "409" not in source


def test_an_unknown_api_path_gets_the_api_error_body(api_client, db, settings):
    settings.DEBUG = False
    missing = api_client.get("/api/v1/attempts/not-a-number/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found.", "code": "not_found"}
    assert "text/html" in api_client.get("/no-such-page/")["Content-Type"]

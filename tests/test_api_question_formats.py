"""The API's question file export and import, for teachers, documented with a fictional example question."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.models import Question

pytestmark = pytest.mark.django_db

EXPORT_URL = "/api/v1/bank/export/"
IMPORT_URL = "/api/v1/bank/import/"
CSV = (
    "id,type,prompt,answer,choices\r\n"
    'seat-of-government,single_choice,Where did the Soviet government sit?,a,"a: the Kremlin\nb: Smolny"\r\n'
    "broken-row,true_false,Was it?,maybe,\r\n"
)


def test_a_teacher_exports_the_bank_as_gift_and_learns_what_was_left_out(cast, loaded_bank):
    response = cast.client("teacher").get(EXPORT_URL, {"file_format": "gift"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    ordering = Question.objects.filter(type="ordering").order_by("slug").first()
    assert f"{ordering.slug}: GIFT has no ordering question type" in response["Quizsite-Left-Out"]
    assert f"::{ordering.slug}::" not in response.content.decode()


def test_export_of_a_quiz_as_csv_and_an_unknown_quiz(cast, first_look):
    client = cast.client("teacher")
    response = client.get(EXPORT_URL, {"file_format": "csv", "quiz": "first-look"})
    assert response.status_code == 200
    assert response.content.decode().count("\r\n") - 1 >= first_look.quiz_questions.count()
    assert response["Quizsite-Left-Out"] == ""
    assert client.get(EXPORT_URL, {"file_format": "csv", "quiz": "no-such-quiz"}).status_code == 404
    assert client.get(EXPORT_URL, {"file_format": "docx"}).status_code == 400


@pytest.mark.parametrize("role", ["student", "integration"])
def test_students_and_integrations_may_neither_export_nor_import(cast, loaded_bank, role):
    client = cast.client(role)
    assert client.get(EXPORT_URL, {"file_format": "gift"}).status_code == 403
    upload = {"file": SimpleUploadedFile("q.csv", CSV.encode())}
    assert client.post(IMPORT_URL, upload, format="multipart").status_code == 403
    assert not Question.objects.filter(slug="seat-of-government").exists()


def test_an_import_previews_then_creates_the_valid_questions_when_confirmed(cast, loaded_bank):
    client = cast.client("teacher")
    preview = client.post(IMPORT_URL, {"file": SimpleUploadedFile("q.csv", CSV.encode())}, format="multipart")
    assert preview.status_code == 200
    body = preview.json()
    assert [q["id"] for q in body["questions"]] == ["seat-of-government"] and body["created"] == []
    assert body["problems"] == [
        {"item": "broken-row", "message": "row 3: not imported: a true/false answer must be true or false"}
    ]
    assert not Question.objects.filter(slug="seat-of-government").exists()

    created = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("q.csv", CSV.encode()), "confirm": "true"}, format="multipart"
    )

    assert created.status_code == 201 and created.json()["created"] == ["seat-of-government"]
    question = Question.objects.get(slug="seat-of-government")
    assert question.status == "draft" and question.author == cast.teacher


def test_an_import_with_nothing_valid_is_a_400_listing_the_problems(cast, loaded_bank):
    response = cast.client("teacher").post(
        IMPORT_URL,
        {"file": SimpleUploadedFile("q.csv", b"type,prompt,answer\r\nessay,Discuss,\r\n"), "confirm": "true"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "not imported" in str(response.json()["errors"])
    assert not Question.objects.filter(prompt="Discuss").exists()


def test_a_hostile_upload_is_a_400_with_the_reason(cast, loaded_bank):
    bomb = b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz>&a;</quiz>'
    response = cast.client("teacher").post(IMPORT_URL, {"file": SimpleUploadedFile("b.xml", bomb)}, format="multipart")
    assert response.status_code == 400
    assert "refused: the XML declares a DTD" in response.json()["detail"]


def test_the_schema_documents_both_endpoints_with_a_fictional_question(api_client, loaded_bank):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/bank/export/" in schema["paths"] and "/api/v1/bank/import/" in schema["paths"]
    text = str(schema["paths"]["/api/v1/bank/import/"]) + str(schema["paths"]["/api/v1/bank/export/"])
    assert "example-imported-question" in text
    shipped = set(Question.objects.values_list("slug", flat=True))
    assert not any(slug in text for slug in shipped)

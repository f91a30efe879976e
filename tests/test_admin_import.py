"""Importing a bank file in the admin: upload -> every problem, or what would change -> confirm."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.models import Question
from quizzes.services.authoring import export_questions_document

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/quizzes/question/import/"


@pytest.fixture
def document():
    """Three questions of the shipped bank, exported as the admin exports them."""
    return export_questions_document(questions=list(Question.objects.order_by("slug")[:3]))


def upload(client, document, name="bank.json"):
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def test_an_import_with_errors_shows_them_all_and_changes_nothing(teacher_in_admin, document):
    first, second, third = document["questions"]
    original_explanation = first["explanation"]
    first["explanation"] = "A changed explanation that must not be saved"
    second["citations"][0]["quote"] += " plus words no source has"
    third["topics"] = ["no-such-topic"]

    response = upload(teacher_in_admin, document)

    page = response.content.decode()
    assert "was not imported: nothing has changed" in page
    assert f"{second['id']}</strong>: citation 1: The quote is not in" in page
    assert f"{third['id']}</strong>: unknown topic &#x27;no-such-topic&#x27;" in page
    assert page.count("<li><strong>bank.json: ") == 2
    assert 'name="confirm"' not in page
    assert Question.objects.get(slug=first["id"]).explanation == original_explanation

    confirm = teacher_in_admin.post(IMPORT_URL, {"confirm": "1"}, follow=True)
    assert "Nothing to import" in confirm.content.decode()
    assert Question.objects.get(slug=first["id"]).explanation == original_explanation


def test_a_valid_import_shows_what_would_change_and_applies_only_when_confirmed(
    teacher_in_admin, bank_teacher, document
):
    first = document["questions"][0]
    first["explanation"] = "A better explanation"
    document["questions"].append({**document["questions"][1], "id": "imported-new-question", "status": "draft"})

    preview = upload(teacher_in_admin, document).content.decode()

    assert f"<td>question</td><td>{first['id']}</td><td>update</td><td>explanation</td>" in preview
    assert "<td>question</td><td>imported-new-question</td><td>create</td>" in preview
    assert Question.objects.get(slug=first["id"]).explanation != "A better explanation"
    assert not Question.objects.filter(slug="imported-new-question").exists()

    done = teacher_in_admin.post(IMPORT_URL, {"confirm": "1"}, follow=True)

    assert "questions 1 created, 1 updated, 2 unchanged" in done.content.decode()
    assert "points 0 created, 0 updated" in done.content.decode()
    changed = Question.objects.get(slug=first["id"])
    assert changed.explanation == "A better explanation"
    assert changed.history.first().history_user == bank_teacher
    assert Question.objects.filter(slug="imported-new-question").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bank.yaml", b"questions: [unclosed", "not valid YAML"),
        ("bank.json", b"\xff\xfe", "not UTF-8"),
        ("bank.json", b"[1, 2]", "the document must be a mapping"),
        ("bank.txt", b"{}", "Upload a .json, .yaml or .yml file."),
    ],
)
def test_an_unreadable_file_is_a_form_error_not_a_crash(teacher_in_admin, name, content, message):
    response = upload(teacher_in_admin, content, name=name)
    assert response.status_code == 200 and message in response.content.decode()


def test_an_import_previews_and_applies_a_change_to_a_contested_point(teacher_in_admin):
    from quizzes.models import DisagreementPoint

    linked = Question.objects.filter(disagreement__isnull=False).order_by("slug").first()
    document = export_questions_document(questions=[linked])
    (point,) = document["points"]
    point["stakes"] = "A teacher's clearer statement of what is at stake."

    preview = upload(teacher_in_admin, document).content.decode()

    assert f"<td>point</td><td>{point['id']}</td><td>update</td><td>stakes</td>" in preview
    teacher_in_admin.post(IMPORT_URL, {"confirm": "1"})
    assert DisagreementPoint.objects.get(slug=point["id"]).stakes == point["stakes"]
    linked.refresh_from_db()
    assert linked.current_version.key["stakes"] == point["stakes"]

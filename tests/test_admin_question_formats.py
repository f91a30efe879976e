"""The admin's Moodle XML, QTI, GIFT and CSV exports on the question and quiz lists, and its import page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.models import Question, Quiz
from tests.conftest import run_command

pytestmark = pytest.mark.django_db

QUESTIONS_URL = "/admin/quizzes/question/"
QUIZZES_URL = "/admin/quizzes/quiz/"
IMPORT_URL = "/admin/quizzes/question/import-formats/"
GIFT = (
    "::kremlin-seat::Where did the Soviet government sit? {=the Kremlin ~the Winter Palace}\n\n"
    "::an-essay::Write about the purges. {}\n"
)


def run_action(client, url, action, pks):
    return client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_questions_export_as_moodle_xml_from_the_question_list(teacher_in_admin, loaded_bank):
    chosen = list(Question.objects.order_by("slug")[:2])
    response = run_action(teacher_in_admin, QUESTIONS_URL, "export_moodle_xml", [q.pk for q in chosen])
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert 'filename="questions.xml"' in response["Content-Disposition"]
    body = response.content.decode()
    assert all(f"<idnumber>{q.slug}</idnumber>" in body for q in chosen)
    assert "http://testserver/sources/" in body


def test_a_gift_export_from_the_admin_warns_about_the_questions_it_left_out(teacher_in_admin, loaded_bank):
    ordering = Question.objects.filter(type="ordering").first()
    true_false = Question.objects.filter(type="true_false").first()
    response = run_action(teacher_in_admin, QUESTIONS_URL, "export_gift", [ordering.pk, true_false.pk])
    assert f"::{true_false.slug}::" in response.content.decode()
    assert f"::{ordering.slug}::" not in response.content.decode()
    page = teacher_in_admin.get(QUESTIONS_URL)
    assert f"Left out of the GIFT file: {ordering.slug}: GIFT has no ordering question type" in page.content.decode()


def test_a_quiz_exports_as_a_canvas_qti_package_from_the_quiz_list(teacher_in_admin, loaded_bank):
    quiz = Quiz.objects.get(slug="first-look")
    response = run_action(teacher_in_admin, QUIZZES_URL, "export_qti12", [quiz.pk])
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "imsmanifest.xml" in archive.namelist()
    assessment = archive.read("quizsite-assessment/quizsite-assessment.xml").decode()
    assert assessment.count("<item ") == quiz.quiz_questions.count()
    assert 'title="first-look"' in assessment


def test_the_import_page_previews_every_problem_then_creates_the_valid_drafts_on_confirm(
    teacher_in_admin, bank_teacher, loaded_bank
):
    preview = teacher_in_admin.post(IMPORT_URL, {"file": SimpleUploadedFile("moodle.gift", GIFT.encode())})
    page = preview.content.decode()
    assert "an-essay</strong>: not imported: essay questions have no counterpart here" in page
    assert "kremlin-seat" in page and "Create the 1 valid question as drafts" in page
    assert not Question.objects.filter(slug="kremlin-seat").exists()

    confirmed = teacher_in_admin.post(IMPORT_URL, {"confirm": "1"})

    assert confirmed.status_code == 302
    question = Question.objects.get(slug="kremlin-seat")
    assert question.status == "draft" and question.author == bank_teacher
    assert not Question.objects.filter(slug="an-essay").exists()


def test_the_import_page_refuses_a_hostile_file_and_offers_nothing_to_confirm(teacher_in_admin, loaded_bank):
    bomb = b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz>&a;</quiz>'
    response = teacher_in_admin.post(IMPORT_URL, {"file": SimpleUploadedFile("bomb.xml", bomb)})
    page = response.content.decode()
    assert "refused: the XML declares a DTD" in page and "Nothing was imported" in page
    assert 'name="confirm"' not in page


def test_the_import_page_is_for_teachers_who_may_add_questions(client, student, loaded_bank):
    student.is_staff = True
    student.save()
    client.force_login(student)
    assert client.get(IMPORT_URL).status_code == 403


def test_a_confirm_after_the_bank_took_the_ids_lists_why_and_creates_nothing(teacher_in_admin, loaded_bank, tmp_path):
    teacher_in_admin.post(IMPORT_URL, {"file": SimpleUploadedFile("moodle.gift", GIFT.encode())})
    meanwhile = tmp_path / "meanwhile.gift"
    meanwhile.write_text(GIFT)
    run_command("import_questions", str(meanwhile))
    count = Question.objects.count()

    again = teacher_in_admin.post(IMPORT_URL, {"confirm": "1"})

    page = again.content.decode()
    assert "kremlin-seat</strong>: not imported: a question with this id exists already" in page
    assert Question.objects.count() == count

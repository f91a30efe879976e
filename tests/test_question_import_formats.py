"""Importing questions from Moodle XML, QTI 1.2, GIFT and CSV: drafts through the bank's checks, every problem
listed, all-or-nothing, hostile files refused; and the round trip export -> import per format and type."""

import io
import zipfile

import pytest

from quizzes.models import Question, Quiz, QuizQuestion
from quizzes.services.bank import export_question, questions_for_export
from tests.conftest import run_command, run_failing_command

pytestmark = pytest.mark.django_db

FORMATS = ["moodle-xml", "qti12", "gift", "csv"]
TYPES = ["single_choice", "multiple_choice", "true_false", "short_answer", "cloze", "ordering", "matching"]
EXTENSIONS = {"moodle-xml": "xml", "qti12": "zip", "gift": "gift", "csv": "csv"}


def export_file(tmp_path, format_name: str, *options):
    path = tmp_path / f"export.{EXTENSIONS[format_name]}"
    run_command("export_bank", "--format", format_name, "-o", str(path), *options)
    return path


def stored(slug: str) -> dict:
    return export_question(questions_for_export().get(slug=slug))


def remove(*questions: Question) -> None:
    """Delete questions from the bank (their places in quizzes first: a quiz protects its questions)."""
    QuizQuestion.objects.filter(question__in=questions).delete()
    Question.objects.filter(pk__in=[q.pk for q in questions]).delete()


def question_of_type(format_name: str, question_type: str) -> Question:
    candidates = Question.objects.filter(type=question_type).order_by("slug")
    if format_name == "gift" and question_type == "cloze":
        return next(q for q in candidates if q.accepted_answers.values("blank").distinct().count() == 1)
    return candidates.first()


ROUND_TRIPS = [
    (format_name, question_type)
    for format_name in FORMATS
    for question_type in TYPES
    if not (format_name == "gift" and question_type == "ordering")
]


@pytest.mark.parametrize(("format_name", "question_type"), ROUND_TRIPS)
def test_export_then_import_gives_back_the_same_question(loaded_bank, tmp_path, format_name, question_type):
    question = question_of_type(format_name, question_type)
    before = stored(question.slug)
    path = export_file(tmp_path, format_name, "--question", question.slug)
    remove(question)

    out, _ = run_command("import_questions", str(path))

    assert "Created 1 draft question(s)" in out
    assert stored(question.slug) == {**before, "status": "draft"}


@pytest.mark.parametrize("format_name", FORMATS)
def test_a_fixed_option_order_survives_the_round_trip(loaded_bank, tmp_path, format_name):
    question = question_of_type(format_name, "single_choice")
    Question.objects.filter(pk=question.pk).update(keep_option_order=True)
    before = stored(question.slug)
    path = export_file(tmp_path, format_name, "--question", question.slug)
    remove(question)

    run_command("import_questions", str(path))

    assert before["keep_option_order"] is True
    assert stored(question.slug) == {**before, "status": "draft"}


@pytest.mark.parametrize("format_name", FORMATS)
def test_a_whole_bank_export_imports_back_question_for_question(loaded_bank, tmp_path, format_name):
    path = export_file(tmp_path, format_name)
    before = {q.slug: export_question(q) for q in questions_for_export()}
    held = {slug for slug in before if format_name != "gift" or f"// left out {slug}:" not in path.read_text()}
    Quiz.objects.all().delete()
    Question.objects.all().delete()

    out, err = run_command("import_questions", str(path))

    assert f"Created {len(held)} draft question(s)" in out and err == ""
    after = {q.slug: export_question(q) for q in questions_for_export()}
    assert after == {slug: {**before[slug], "status": "draft"} for slug in held}


@pytest.mark.parametrize("format_name", ["moodle-xml", "qti12", "csv"])
def test_points_of_a_quiz_travel_with_its_questions(loaded_bank, tmp_path, format_name):
    link = Quiz.objects.get(slug="first-look").quiz_questions.order_by("position").first()
    QuizQuestion.objects.filter(pk=link.pk).update(points=3)
    path = export_file(tmp_path, format_name, "--quiz", "first-look")
    remove(link.question)

    out, _ = run_command("import_questions", str(path), "--dry-run")

    assert f"{link.question.slug}: {link.question.type}, 3 point(s)" in out


def test_a_dry_run_lists_what_would_be_created_and_changes_nothing(loaded_bank, tmp_path):
    question = Question.objects.order_by("slug").first()
    path = export_file(tmp_path, "moodle-xml", "--question", question.slug)
    remove(question)

    out, _ = run_command("import_questions", str(path), "--dry-run")

    assert f"  {question.slug}: {question.type}, 1 point(s)" in out
    assert "Dry run: 1 question(s) would be created as drafts" in out
    assert not Question.objects.filter(slug=question.slug).exists()


FOREIGN_MOODLE_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Capital of the Soviet Union</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Which city was the capital of the Soviet Union?</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text>Moscow, from 1918.</text></generalfeedback>
    <defaultgrade>2</defaultgrade>
    <single>true</single>
    <answer fraction="100"><text>Moscow</text></answer>
    <answer fraction="0"><text>Leningrad</text></answer>
  </question>
  <question type="essay">
    <name><text>Discuss the purges</text></name>
    <questiontext format="html"><text>Discuss.</text></questiontext>
  </question>
  <question type="multichoice">
    <name><text>No right answer</text></name>
    <questiontext format="html"><text>Pick one.</text></questiontext>
    <single>true</single>
    <answer fraction="0"><text>A</text></answer>
    <answer fraction="0"><text>B</text></answer>
  </question>
</quiz>
"""


def test_a_file_with_problems_lists_each_and_creates_only_the_valid_questions_as_drafts(loaded_bank, tmp_path):
    path = tmp_path / "moodle.xml"
    path.write_bytes(FOREIGN_MOODLE_XML)

    out, err = run_command("import_questions", str(path))

    assert "discuss-the-purges: not imported: the Moodle question type 'essay' has no counterpart here" in err
    assert "no-right-answer: not imported: the multiple-choice question has no correct answer" in err
    assert "Created 1 draft question(s) from moodle.xml (moodle-xml); 2 problem(s)" in out
    imported = stored("capital-of-the-soviet-union")
    assert imported["status"] == "draft" and imported["type"] == "single_choice"
    assert imported["choices"] == [{"key": "a", "text": "Moscow"}, {"key": "b", "text": "Leningrad"}]
    assert imported["answer"] == "a" and imported["explanation"] == "Moscow, from 1918."
    assert not Question.objects.filter(slug__in=["discuss-the-purges", "no-right-answer"]).exists()


def test_a_file_with_nothing_importable_fails_and_changes_nothing(loaded_bank, tmp_path):
    path = tmp_path / "bank.xml"
    path.write_bytes(export_file(tmp_path, "moodle-xml").read_bytes())
    count = Question.objects.count()

    error, _, err = run_failing_command("import_questions", str(path))

    assert "Nothing was imported" in str(error)
    assert "not imported: a question with this id exists already" in err
    assert Question.objects.count() == count


def test_an_imported_draft_is_published_only_once_it_cites_a_verified_quote(loaded_bank, tmp_path, cast):
    path = tmp_path / "moodle.xml"
    path.write_bytes(FOREIGN_MOODLE_XML)
    run_command("import_questions", str(path))
    client = cast.client("teacher")
    url = "/api/v1/bank/questions/capital-of-the-soviet-union/"

    refused = client.patch(url, {"status": "published"}, format="json")
    assert refused.status_code == 400
    assert "citations is required" in str(refused.json()["errors"])
    cited = client.patch(
        url,
        {
            "status": "published",
            "citations": [{"source": "wikipedia", "quote": "Stalin was made a Hero of the Soviet Union"}],
        },
        format="json",
    )
    assert cited.status_code == 400 and "The quote is not in" in str(cited.json()["errors"])
    assert Question.objects.get(slug="capital-of-the-soviet-union").status == "draft"


def test_an_imported_question_with_its_citations_can_be_published(loaded_bank, tmp_path, cast):
    question = Question.objects.filter(type="true_false").order_by("slug").first()
    path = export_file(tmp_path, "qti12", "--question", question.slug)
    remove(question)
    run_command("import_questions", str(path))

    published = cast.client("teacher").patch(
        f"/api/v1/bank/questions/{question.slug}/", {"status": "published"}, format="json"
    )
    assert published.status_code == 200 and published.json()["status"] == "published"


# Hostile files --------------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<quiz><question type="shortanswer"><name><text>&c;</text></name></question></quiz>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE questestinterop [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<questestinterop><assessment ident="x"><section ident="s">
<item ident="i">&secret;</item></section></assessment></questestinterop>"""


def zip_of(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


HOSTILE_FILES = [
    ("moodle.xml", BILLION_LAUGHS, "refused: the XML declares a DTD"),
    ("assessment.xml", EXTERNAL_ENTITY, "refused: the XML declares a DTD"),
    ("bomb.zip", zip_of(("imsmanifest.xml", b"<manifest/>"), ("big.xml", b"\0" * (25 * 1024 * 1024))),
     "refused: the zip unpacks to more than 20 MiB"),
    ("traversal.zip", zip_of(("imsmanifest.xml", b"<manifest/>"), ("../../etc/evil.xml", b"<x/>")),
     "refused: unsafe path '../../etc/evil.xml' in the zip"),
    ("many.zip", zip_of(*((f"f{n}.xml", b"<x/>") for n in range(101))), "refused: more than 100 files in the zip"),
    ("huge.gift", b"::q:: {T}\n\n" * (600 * 1024), "refused: larger than 5 MiB"),
    ("latin1.csv", "type,prompt,answer\ntrue_false,Vrai ou faux : été,true\n".encode("latin-1"), "not UTF-8 text"),
    ("rows.csv", b"type,prompt,answer\n" + b"true_false,Is it?,true\n" * 2001, "refused: more than 2000 questions"),
    ("field.csv", b"type,prompt,answer\ntrue_false," + b"x" * 200_000 + b",true\n", "field larger than field limit"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE_FILES, ids=[name for name, _, _ in HOSTILE_FILES])
def test_a_hostile_file_is_refused_with_a_clear_error(loaded_bank, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    count = Question.objects.count()

    error, _, _ = run_failing_command("import_questions", str(path))

    assert message in str(error)
    assert Question.objects.count() == count

"""Readers of exported question files that share no code with the exporters: gift-pegjs (npm) for GIFT,
moodle-xml-parser (PyPI) for Moodle multichoice and cloze, and readers written from the QTI 1.2 specification and
Canvas's importer conventions, and from Moodle XML's documented structure, for the rest."""

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

GIFT_PEGJS_VERSION = "1.0.2"
GIFT_READER_DIR = Path(settings.BASE_DIR) / ".gift-reader"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CANVAS_QUESTION_TYPES = {
    "multiple_choice_question", "multiple_answers_question", "true_false_question", "short_answer_question",
    "fill_in_multiple_blanks_question", "matching_question", "multiple_dropdowns_question", "essay_question",
    "numerical_question", "calculated_question", "file_upload_question", "text_only_question",
}  # fmt: skip


def gift_pegjs_parse(text: str) -> list[dict]:
    """Parse GIFT with gift-pegjs under the machine's Node.js (installed into .gift-reader/ on first use)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the GIFT export is read back by the npm package gift-pegjs")
    module = GIFT_READER_DIR / "node_modules" / "gift-pegjs"
    if not module.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: it installs gift-pegjs, which reads the GIFT export back")
        GIFT_READER_DIR.mkdir(exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(GIFT_READER_DIR),
             f"gift-pegjs@{GIFT_PEGJS_VERSION}"],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    script = (
        f"const {{parse}} = require({json.dumps(str(module))});"
        "let input = ''; process.stdin.on('data', c => input += c);"
        "process.stdin.on('end', () => process.stdout.write(JSON.stringify(parse(input))));"
    )
    finished = subprocess.run([node, "-e", script], input=text, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, f"gift-pegjs refused the export: {finished.stderr[:2000]}"
    return json.loads(finished.stdout)


# QTI 1.2 as Canvas imports it ---------------------------------------------------------------------------


def read_qti_package(content: bytes) -> list[ElementTree.Element]:
    """Return the <item>s of a QTI 1.2 zip, found as Canvas finds them: through imsmanifest.xml's resources."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    manifest = ElementTree.fromstring(archive.read("imsmanifest.xml"))
    items = []
    for resource in manifest.iter():
        if resource.tag.endswith("resource") and resource.get("type") == "imsqti_xmlv1p2":
            for file in resource:
                if file.tag.endswith("file"):
                    root = ElementTree.fromstring(archive.read(file.get("href")))
                    assert root.tag == f"{QTI}questestinterop"
                    items += list(root.iter(f"{QTI}item"))
    return items


def qti_metadata(item) -> dict[str, str]:
    return {
        field.find(f"{QTI}fieldlabel").text: field.find(f"{QTI}fieldentry").text
        for field in item.iter(f"{QTI}qtimetadatafield")
    }


def qti_label_texts(response) -> dict[str, str]:
    return {label.get("ident"): "".join(label.itertext()).strip() for label in response.iter(f"{QTI}response_label")}


def qti_scoring(item) -> list[tuple[str, str, float, str]]:
    """Return (respident, label ident, score, action) for each varequal that earns SCORE outside a <not>."""
    scored = []
    for condition in item.iter(f"{QTI}respcondition"):
        setvar = condition.find(f"{QTI}setvar")
        if setvar is None or setvar.get("varname") != "SCORE":
            continue
        negated = {id(e) for n in condition.iter(f"{QTI}not") for e in n.iter()}
        for equal in condition.iter(f"{QTI}varequal"):
            if id(equal) not in negated:
                scored.append((equal.get("respident"), equal.text, float(setvar.text), setvar.get("action")))
    return scored


def qti_general_feedback(item) -> str:
    linked = {
        feedback.get("linkrefid") for feedback in item.iter(f"{QTI}displayfeedback")
    }  # Canvas shows an itemfeedback only when a respcondition displays it
    for feedback in item.iter(f"{QTI}itemfeedback"):
        if feedback.get("ident") == "general_fb" and "general_fb" in linked:
            return "".join(feedback.itertext())
    return ""


# Moodle XML by its documented structure -------------------------------------------------------------------


def read_moodle_questions(content: bytes) -> dict[str, ElementTree.Element]:
    """Return the <question>s of a Moodle XML file (categories aside) by their <name>."""
    root = ElementTree.fromstring(content)
    assert root.tag == "quiz"
    return {
        question.find("name/text").text: question
        for question in root.findall("question")
        if question.get("type") != "category"
    }

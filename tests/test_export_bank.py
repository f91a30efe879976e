import json

import pytest

from quizzes.models import Citation, DisagreementPoint, Question, Quiz, Topic
from tests.conftest import run_command

pytestmark = pytest.mark.django_db


def export(tmp_path, name="bank.json") -> dict:
    path = tmp_path / name
    out, _ = run_command("export_bank", "-o", str(path))
    assert f"to {path}" in out
    return json.loads(path.read_text(encoding="utf-8"))


def test_export_has_the_documented_shape(loaded_bank, tmp_path):
    bank = export(tmp_path)
    assert {"sources", "topics", "points", "questions", "quizzes"} <= set(bank)
    source = bank["sources"][0]
    assert source["slug"] == "revolupedia" and source["file"] == "000_efbe241dbb80e9ba.txt"
    assert {"slug", "file", "title", "kind", "perspective"} <= set(source)
    question = next(q for q in bank["questions"] if q["id"] == "stalin-death-revolupedia-account")
    assert {"id", "type", "prompt", "status", "topics", "difficulty", "answer", "explanation", "citations",
            "disagreement"} <= set(question)  # fmt: skip
    assert question["answer"] == "d"
    assert question["citations"][0]["source"] == "revolupedia"
    assert question["citations"][0]["passage"].startswith("p-")
    point = next(point for point in bank["points"] if point["id"] == question["disagreement"])
    assert {"id", "question", "stakes", "topics", "positions"} == set(point)
    assert {"source", "claim", "quotes"} == set(point["positions"][0])
    assert {"passage", "quote"} == set(point["positions"][0]["quotes"][0])
    quiz = next(quiz for quiz in bank["quizzes"] if quiz["id"] == "first-look")
    assert "stalin-death-revolupedia-account" in quiz["questions"]


def test_export_then_load_reproduces_the_same_bank(loaded_bank, tmp_path):
    first = export(tmp_path, "first.json")
    Quiz.objects.all().delete()
    Question.objects.all().delete()
    DisagreementPoint.objects.all().delete()
    Topic.objects.all().delete()
    assert not Citation.objects.exists()

    out, _ = run_command("load_bank", str(tmp_path / "first.json"))

    assert f"questions: {len(first['questions'])} created" in out
    assert export(tmp_path, "second.json") == first


def test_loading_an_export_over_the_same_bank_changes_nothing(loaded_bank, tmp_path):
    export(tmp_path)
    out, _ = run_command("load_bank", str(tmp_path / "bank.json"))
    assert "questions: 0 created, 0 updated" in out
    assert "topics: 0 created, 0 updated" in out


def test_export_to_stdout(loaded_bank):
    out, _ = run_command("export_bank", "-o", "-")
    assert json.loads(out)["questions"]

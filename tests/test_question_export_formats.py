"""Exporting questions to Moodle XML, QTI 1.2 (Canvas), GIFT and CSV, each read back by a reader we did not write
(gift-pegjs, moodle-xml-parser) or one written from the format's specification, not from the exporter."""

import csv
import html
import io
import json
import re

import pytest
from moodle_xml_parser.parser import parse_string as moodle_parse

from quizzes.models import Question, Quiz, QuizQuestion
from tests.conftest import run_command, run_failing_command
from tests.format_readers import (
    CANVAS_QUESTION_TYPES,
    QTI,
    gift_pegjs_parse,
    qti_general_feedback,
    qti_label_texts,
    qti_metadata,
    qti_scoring,
    read_moodle_questions,
    read_qti_package,
)

pytestmark = pytest.mark.django_db


def bank_by_id(tmp_path) -> dict[str, dict]:
    """The bank as the existing JSON export gives it, each question beside its point's positions (one entry per
    quote, as the exchange formats carry them): what every other format is checked against."""
    path = tmp_path / "bank.json"
    run_command("export_bank", "-o", str(path))
    document = json.loads(path.read_text())
    points = {point["id"]: point for point in document["points"]}
    questions = {}
    for question in document["questions"]:
        point = points.get(question.get("disagreement"), {"question": "", "positions": []})
        question["disagreement_point"] = point["question"]
        question["disagreements"] = [
            {"source": position["source"], "claim": position["claim"], **quote}
            for position in point["positions"]
            for quote in position["quotes"]
        ]
        questions[question["id"]] = question
    return questions


def export(tmp_path, format_name: str, *options) -> tuple[bytes, str, str]:
    path = tmp_path / f"export.{format_name}"
    out, err = run_command(
        "export_bank", "--format", format_name, "-o", str(path), "--site-url", "https://quiz.example.org", *options
    )
    return path.read_bytes(), out, err


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n"))).strip()


def choice_text(question: dict, key: str) -> str:
    return next(choice["text"] for choice in question["choices"] if choice["key"] == key)


# GIFT, read by gift-pegjs -------------------------------------------------------------------------------


def test_gift_export_is_read_by_gift_pegjs_with_each_type_it_holds(loaded_bank, tmp_path):
    bank = bank_by_id(tmp_path)
    content, out, _ = export(tmp_path, "gift")
    parsed = {question["title"]: question for question in gift_pegjs_parse(content.decode())}

    expected = {
        qid: q for qid, q in bank.items()
        if q["type"] != "ordering" and not (q["type"] == "cloze" and len(q["answer"]) > 1)
    }  # fmt: skip
    assert set(parsed) == set(expected)
    assert f"Wrote {len(expected)} questions as gift" in out
    seen_types = set()
    for qid, question in expected.items():
        read = parsed[qid]
        seen_types.add(question["type"])
        kind, answer = question["type"], question["answer"]
        if kind == "single_choice":
            assert read["type"] == "MC"
            right = [plain(c["text"]["text"]) for c in read["choices"] if c["isCorrect"]]
            assert right == [choice_text(question, answer)]
            assert len(read["choices"]) == len(question["choices"])
        elif kind == "multiple_choice":
            assert read["type"] == "MC"
            right = sorted(plain(c["text"]["text"]) for c in read["choices"] if c["weight"] > 0)
            assert right == sorted(choice_text(question, key) for key in answer)
            assert sum(c["weight"] for c in read["choices"] if c["weight"] > 0) == pytest.approx(100, abs=0.01)
        elif kind == "true_false":
            assert read["type"] == "TF" and read["isTrue"] is answer
        elif kind == "short_answer":
            assert read["type"] == "Short" and not read["hasEmbeddedAnswers"]
            assert [c["text"]["text"] for c in read["choices"]] == answer
        elif kind == "cloze":
            assert read["type"] == "Short" and read["hasEmbeddedAnswers"]
            assert [c["text"]["text"] for c in read["choices"]] == answer["1"]
        elif kind == "matching":
            assert read["type"] == "Matching"
            pairs = [{"left": plain(p["subquestion"]["text"]), "right": p["subanswer"]} for p in read["matchPairs"]]
            assert pairs == answer
        feedback = plain(read["globalFeedback"]["text"])
        assert question["citations"][0]["quote"] in feedback
        for entry in question["disagreements"]:
            assert entry["claim"] in feedback
    assert seen_types == {"single_choice", "multiple_choice", "true_false", "short_answer", "cloze", "matching"}


def test_gift_export_says_which_questions_it_left_out_and_why(loaded_bank, tmp_path):
    bank = bank_by_id(tmp_path)
    content, out, err = export(tmp_path, "gift")
    ordering = [qid for qid, q in bank.items() if q["type"] == "ordering"]
    several_blanks = [qid for qid, q in bank.items() if q["type"] == "cloze" and len(q["answer"]) > 1]
    assert ordering and several_blanks
    for qid in ordering:
        assert f"left out {qid}: GIFT has no ordering question type" in err
        assert f"// left out {qid}" in content.decode()
    for qid in several_blanks:
        assert f"left out {qid}: GIFT holds one blank per question" in err
    assert f"left out {len(ordering) + len(several_blanks)} (listed above)" in out


# QTI 1.2, checked for what Canvas's importer needs ----------------------------------------------------------

CANVAS_TYPE_OF = {
    "single_choice": "multiple_choice_question", "multiple_choice": "multiple_answers_question",
    "true_false": "true_false_question", "short_answer": "short_answer_question",
    "cloze": "fill_in_multiple_blanks_question", "matching": "matching_question", "ordering": "matching_question",
}  # fmt: skip


def test_qti_package_has_what_canvas_imports_and_scores_the_right_labels(loaded_bank, tmp_path):
    bank = bank_by_id(tmp_path)
    content, _, _ = export(tmp_path, "qti12")
    items = read_qti_package(content)

    assert {item.get("ident") for item in items} == set(bank)
    for item in items:
        question = bank[item.get("ident")]
        kind, answer = question["type"], question["answer"]
        metadata = qti_metadata(item)
        assert metadata["question_type"] in CANVAS_QUESTION_TYPES
        assert metadata["question_type"] == CANVAS_TYPE_OF[kind]
        assert float(metadata["points_possible"]) == 1
        presentation = item.find(f"{QTI}presentation")
        lids = presentation.findall(f"{QTI}response_lid")
        scoring = qti_scoring(item)
        if kind in ("single_choice", "multiple_choice", "true_false"):
            (lid,) = lids
            labels = qti_label_texts(lid)
            scored = [
                labels[ident]
                for respident, ident, score, _ in scoring
                if respident == lid.get("ident") and score == 100
            ]
            if kind == "true_false":
                assert lid.get("rcardinality") == "Single" and scored == [str(answer)]
            elif kind == "single_choice":
                assert lid.get("rcardinality") == "Single" and scored == [choice_text(question, answer)]
            else:
                assert lid.get("rcardinality") == "Multiple"
                assert sorted(scored) == sorted(choice_text(question, key) for key in answer)
        elif kind == "short_answer":
            response = presentation.find(f"{QTI}response_str")
            assert response.find(f"{QTI}render_fib") is not None
            assert [ident for respident, ident, score, _ in scoring if respident == response.get("ident")] == answer
        elif kind == "cloze":
            prompt = "".join(presentation.find(f"{QTI}material").itertext())
            assert len(lids) == len(answer)
            for blank, lid in zip(answer, lids, strict=True):
                blank_name = "".join(lid.find(f"{QTI}material").itertext()).strip()
                assert f"[{blank_name}]" in prompt
                labels = qti_label_texts(lid)
                accepted = [labels[ident] for respident, ident, _, action in scoring if respident == lid.get("ident")]
                assert accepted == answer[blank]
        else:
            pairs = answer if kind == "matching" else [{"left": str(n), "right": t} for n, t in enumerate(answer, 1)]
            assert len(lids) == len(pairs)
            total = 0.0
            for pair, lid in zip(pairs, lids, strict=True):
                assert "".join(lid.find(f"{QTI}material").itertext()).strip() == pair["left"]
                labels = qti_label_texts(lid)
                right = [(labels[i], s) for r, i, s, a in scoring if r == lid.get("ident") and a == "Add"]
                assert [text for text, _ in right] == [pair["right"]]
                total += right[0][1]
            assert total == pytest.approx(100, abs=0.1)
        feedback = plain(qti_general_feedback(item))
        assert question["citations"][0]["quote"] in feedback


def test_qti_export_of_a_quiz_keeps_its_order_and_points(loaded_bank, tmp_path):
    quiz = Quiz.objects.get(slug="first-look")
    link = quiz.quiz_questions.order_by("position").first()
    QuizQuestion.objects.filter(pk=link.pk).update(points=3)
    content, out, _ = export(tmp_path, "qti12", "--quiz", "first-look")
    items = read_qti_package(content)
    assert [item.get("ident") for item in items] == [
        slug for slug in quiz.quiz_questions.order_by("position").values_list("question__slug", flat=True)
    ]
    assert float(qti_metadata(items[0])["points_possible"]) == 3
    assert float(qti_metadata(items[1])["points_possible"]) == 1


# Moodle XML: moodle-xml-parser for multichoice and cloze, the documented structure for the rest ---------------


def test_moodle_xml_multichoice_and_cloze_are_read_by_moodle_xml_parser(loaded_bank, tmp_path):
    bank = bank_by_id(tmp_path)
    content, _, _ = export(tmp_path, "moodle-xml")
    parsed = moodle_parse(content.decode())

    choices = {q.name: q for q in parsed["multichoice"]}
    assert set(choices) == {qid for qid, q in bank.items() if q["type"] in ("single_choice", "multiple_choice")}
    for name, read in choices.items():
        question = bank[name]
        right = sorted(plain(option.answer) for option in read.options if option.score_fraction > 0)
        keys = [question["answer"]] if question["type"] == "single_choice" else question["answer"]
        assert read.single is (question["type"] == "single_choice")
        assert right == sorted(choice_text(question, key) for key in keys)
        assert question["citations"][0]["quote"] in plain(read.general_feedback)
    clozes = {q.name: q for q in parsed["cloze"]}
    assert set(clozes) == {qid for qid, q in bank.items() if q["type"] == "cloze"}
    for name, read in clozes.items():
        answer = bank[name]["answer"]
        assert len(read.gaps) == len(answer)
        for gap, accepted in zip(read.gaps, answer.values(), strict=True):
            assert gap.sub_type == "SHORTANSWER"
            assert [option.answer.replace("\\", "") for option in gap.options if option.score == 100] == accepted


def test_moodle_xml_true_false_short_answer_ordering_and_matching_follow_the_documented_structure(
    loaded_bank, tmp_path
):
    bank = bank_by_id(tmp_path)
    content, _, _ = export(tmp_path, "moodle-xml", "--site-url", "https://quiz.example.org")
    questions = read_moodle_questions(content)
    assert set(questions) == set(bank)
    for name, node in questions.items():
        question = bank[name]
        kind, answer = question["type"], question["answer"]
        answers = node.findall("answer")
        if kind == "true_false":
            assert node.get("type") == "truefalse"
            fractions = {a.find("text").text: float(a.get("fraction")) for a in answers}
            assert fractions == {"true": 100.0 if answer else 0.0, "false": 0.0 if answer else 100.0}
        elif kind == "short_answer":
            assert node.get("type") == "shortanswer" and node.find("usecase").text == "0"
            assert [a.find("text").text for a in answers if float(a.get("fraction")) == 100] == answer
        elif kind == "ordering":
            assert node.get("type") == "ordering"
            ordered = sorted(answers, key=lambda a: float(a.get("fraction")))
            assert [plain(a.find("text").text) for a in ordered] == answer
        elif kind == "matching":
            assert node.get("type") == "matching"
            pairs = [
                {"left": plain(sub.find("text").text), "right": sub.find("answer/text").text}
                for sub in node.findall("subquestion")
            ]
            assert pairs == answer
        assert node.find("defaultgrade").text == "1"
        assert plain(node.find("questiontext/text").text) or kind == "cloze"


def test_general_feedback_carries_citations_and_the_disagreement_panel(loaded_bank, tmp_path):
    question = next(q for q in bank_by_id(tmp_path).values() if q["disagreements"] and q["type"] == "single_choice")
    content, _, _ = export(tmp_path, "moodle-xml", "--question", question["id"])
    feedback = read_moodle_questions(content)[question["id"]].find("generalfeedback/text").text
    readable = plain(feedback)
    assert question["explanation"] in readable
    for citation in question["citations"]:
        assert citation["quote"] in readable
        assert f'href="https://quiz.example.org/sources/{citation["source"]}/#{citation["passage"]}"' in feedback
    assert "Where the sources disagree" in readable and question["disagreement_point"] in readable
    for entry in question["disagreements"]:
        assert entry["claim"] in readable and entry["quote"] in readable
    source = Question.objects.get(slug=question["id"]).citations.first().source
    assert f"{source.display_name}, in “" in readable


# CSV and choosing what to export ------------------------------------------------------------------------


def test_csv_has_one_row_per_question_of_a_topic(loaded_bank, tmp_path):
    topic_questions = set(Question.objects.filter(topics__slug="death-of-stalin").values_list("slug", flat=True))
    content, out, _ = export(tmp_path, "csv", "--topic", "death-of-stalin")
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert {row["id"] for row in rows} == topic_questions
    assert f"Wrote {len(topic_questions)} questions as csv" in out
    row = rows[0]
    question = Question.objects.get(slug=row["id"])
    assert row["type"] == question.type and row["prompt"] == question.prompt
    assert question.citations.first().quote in row["citations"]


def test_a_selection_exports_only_the_chosen_questions(loaded_bank, tmp_path):
    chosen = sorted(Question.objects.values_list("slug", flat=True)[:2])
    content, _, _ = export(tmp_path, "moodle-xml", "--question", chosen[0], "--question", chosen[1])
    assert sorted(read_moodle_questions(content)) == chosen


def test_json_stays_the_default_and_unknown_choices_are_refused(loaded_bank, tmp_path):
    out, _ = run_command("export_bank", "-o", str(tmp_path / "bank.json"))
    assert json.loads((tmp_path / "bank.json").read_text())["format"] == "quizsite-bank/1"
    error, _, _ = run_failing_command("export_bank", "--format", "gift", "--quiz", "no-such-quiz", "-o", "-")
    assert "No quiz 'no-such-quiz'" in str(error)

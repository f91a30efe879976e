"""CSV for spreadsheets: one row per question, lists one item per line inside a cell. Holds every type and
everything of ours (citations and disagreements in their own columns); the general feedback is not repeated."""

import csv
import io

from quizzes.services.bank import BankProblem
from quizzes.services.formats.common import (
    MAX_QUESTIONS,
    FormatError,
    Read,
    Written,
    decode_text,
    new_entry,
    question_slug,
    whole_points,
)

COLUMNS = [
    "id", "type", "points", "framing", "difficulty", "topics", "prompt", "choices", "answer", "explanation",
    "citations", "disagreement_point", "disagreements", "keep_option_order",
]  # fmt: skip
REQUIRED_COLUMNS = {"type", "prompt", "answer"}


def answer_cell(question: dict) -> str:
    kind, answer = question["type"], question["answer"]
    if kind == "single_choice":
        return answer
    if kind == "true_false":
        return "true" if answer else "false"
    if kind == "cloze":
        return "\n".join(f"{blank}: {text}" for blank, texts in answer.items() for text in texts)
    if kind == "matching":
        return "\n".join(f"{pair['left']} => {pair['right']}" for pair in answer)
    return "\n".join(answer)


def write(*, questions: list[dict], points: dict[str, int], sources: dict, site_url: str, title: str) -> Written:
    """Return the questions as CSV (UTF-8, a header row, one row per question); none is left out."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for question in questions:
        writer.writerow(
            {
                "id": question["id"],
                "type": question["type"],
                "points": points.get(question["id"], 1),
                "framing": question["framing"],
                "difficulty": question["difficulty"],
                "topics": " ".join(question["topics"]),
                "prompt": question["prompt"],
                "choices": "\n".join(f"{c['key']}: {c['text']}" for c in question.get("choices", [])),
                "answer": answer_cell(question),
                "explanation": question["explanation"],
                "citations": "\n".join(
                    f"{c['source']} | {c['passage'] or ''} | {c['quote']}" for c in question["citations"]
                ),
                "disagreement_point": question["disagreement_point"],
                "disagreements": "\n".join(
                    f"{d['source']} | {d['passage'] or ''} | {d['claim']} | {d['quote']}"
                    for d in question["disagreements"]
                ),
                "keep_option_order": "true" if question.get("keep_option_order") else "",
            }
        )
    return Written(content=buffer.getvalue().encode("utf-8"))


def lines(cell: str) -> list[str]:
    return [line.strip() for line in (cell or "").splitlines() if line.strip()]


def read_answer(kind: str, cell: str):
    if kind == "single_choice":
        return cell.strip()
    if kind == "true_false":
        value = cell.strip().lower()
        if value not in ("true", "false"):
            raise ValueError("a true/false answer must be true or false")
        return value == "true"
    if kind == "cloze":
        blanks: dict[str, list[str]] = {}
        for line in lines(cell):
            blank, separator, text = line.partition(":")
            if not separator or not blank.strip().isdigit():
                raise ValueError(f"a cloze answer line must be 'N: accepted answer', not {line!r}")
            blanks.setdefault(blank.strip(), []).append(text.strip())
        return blanks
    if kind == "matching":
        pairs = []
        for line in lines(cell):
            left, separator, right = line.partition("=>")
            if not separator:
                raise ValueError(f"a matching answer line must be 'left => right', not {line!r}")
            pairs.append({"left": left.strip(), "right": right.strip()})
        return pairs
    return lines(cell)


def read_quotes(cell: str, fields: list[str]) -> list[dict]:
    quotes = []
    for line in lines(cell):
        values = [value.strip() for value in line.split(" | ", len(fields) - 1)]
        if len(values) != len(fields):
            raise ValueError(f"a line must be '{' | '.join(fields)}', not {line!r}")
        quote = dict(zip(fields, values, strict=True))
        quote["passage"] = quote["passage"] or None
        quotes.append(quote)
    return quotes


def read(*, content: bytes, file_name: str) -> Read:
    """Return the questions of a CSV file with our header row (only type, prompt and answer are required)."""
    reader = csv.DictReader(io.StringIO(decode_text(content, file_name=file_name), newline=""))
    try:
        columns = set(reader.fieldnames or [])
        rows = list(reader)
    except csv.Error as error:
        raise FormatError(f"{file_name}: not valid CSV: {error}") from error
    missing = REQUIRED_COLUMNS - columns
    if missing:
        raise FormatError(f"{file_name}: the header row lacks the column(s) {', '.join(sorted(missing))}")
    if len(rows) > MAX_QUESTIONS:
        raise FormatError(f"{file_name}: refused: more than {MAX_QUESTIONS} questions")
    result, taken = Read(), set()
    for number, row in enumerate(rows, start=2):
        question_id = question_slug(row.get("id") or "", fallback=f"question-{number - 1}", taken=taken)
        kind = (row.get("type") or "").strip()
        try:
            feedback = {
                "explanation": (row.get("explanation") or "").strip(),
                "citations": read_quotes(row.get("citations"), ["source", "passage", "quote"]),
                "disagreement_point": (row.get("disagreement_point") or "").strip(),
                "disagreements": read_quotes(row.get("disagreements"), ["source", "passage", "claim", "quote"]),
            }
            tags = {"topics": (row.get("topics") or "").split()}
            if (row.get("framing") or "").strip():
                tags["framing"] = row["framing"].strip()
            if (row.get("keep_option_order") or "").strip().lower() == "true":
                tags["keep_option_order"] = True
            if (row.get("difficulty") or "").strip().isdigit():
                tags["difficulty"] = int(row["difficulty"])
            entry = new_entry(
                question_id=question_id, question_type=kind, prompt=(row.get("prompt") or "").strip(),
                answer=read_answer(kind, row.get("answer") or ""), feedback=feedback, tags=tags,
            )  # fmt: skip
        except ValueError as error:
            result.problems.append(BankProblem(file_name, question_id, f"row {number}: not imported: {error}"))
            continue
        if kind in ("single_choice", "multiple_choice"):
            entry["choices"] = []
            for line in lines(row.get("choices")):
                key, _, text = line.partition(":")
                entry["choices"].append({"key": key.strip(), "text": text.strip()})
        result.questions.append(entry)
        result.points[question_id] = whole_points(row.get("points"))
    return result

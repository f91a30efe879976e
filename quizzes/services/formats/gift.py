"""GIFT (Moodle's text format). It has no ordering type, one blank per question (the "missing word" form) and
no points; the id and our tags travel as Moodle's `// [id:...]` and `// [tag:...]` comments."""

import re

from quizzes.services.bank import BankProblem
from quizzes.services.formats.common import (
    MAX_QUESTIONS,
    FormatError,
    LeftOut,
    Read,
    Written,
    decode_text,
    general_feedback_html,
    html_to_text,
    metadata_tags,
    new_entry,
    question_slug,
    read_general_feedback,
    read_metadata_tags,
    text_to_html,
)

SPECIAL = "~=#{}:\\"
MISSING_WORD_TAG = "missing-word"


def escape(text: str) -> str:
    """Return text with GIFT's special characters escaped (and on one line: a blank line ends a question)."""
    return "".join(f"\\{char}" if char in SPECIAL else char for char in text).replace("\n", " ")


def percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def answer_block(question: dict, feedback: str) -> str:
    kind, answer = question["type"], question["answer"]
    if kind == "single_choice":
        options = [
            ("=" if choice["key"] == answer else "~") + escape(text_to_html(choice["text"]))
            for choice in question["choices"]
        ]
    elif kind == "multiple_choice":
        right, wrong_share = 100 / len(answer), -100 / len(answer)
        options = [
            f"~%{percent(right if choice['key'] in answer else wrong_share)}%{escape(text_to_html(choice['text']))}"
            for choice in question["choices"]
        ]
    elif kind == "true_false":
        options = ["TRUE" if answer else "FALSE"]
    elif kind in ("short_answer", "cloze"):
        accepted = answer if kind == "short_answer" else answer["1"]
        options = [f"={escape(text)}" for text in accepted]
    else:
        options = [f"={escape(text_to_html(pair['left']))} -> {escape(pair['right'])}" for pair in answer]
    return "{" + " ".join(options) + f" ####[html]{escape(feedback)}" + "}"


def write(*, questions: list[dict], points: dict[str, int], sources: dict, site_url: str, title: str) -> Written:
    """Return the questions as GIFT; ordering questions and cloze questions with several blanks are left out."""
    blocks, left_out = [f"// {title}: exported from quizsite"], []
    for question in questions:
        if question["type"] == "ordering":
            left_out.append(LeftOut(question["id"], "GIFT has no ordering question type"))
            continue
        if question["type"] == "cloze" and len(question["answer"]) > 1:
            left_out.append(LeftOut(question["id"], "GIFT holds one blank per question; this one has several"))
            continue
        tags = metadata_tags(question) + ([MISSING_WORD_TAG] if question["type"] == "cloze" else [])
        feedback = general_feedback_html(question, sources=sources, site_url=site_url)
        block = answer_block(question, feedback)
        prompt = escape(text_to_html(question["prompt"]))
        if question["type"] == "cloze":
            body = prompt.replace("[[1]]", block, 1)
        else:
            body = f"{prompt} {block}"
        header = [f"// [id:{question['id']}]", *(f"// [tag:{tag}]" for tag in tags)]
        blocks.append("\n".join([*header, f"::{question['id']}::[html]{body}"]))
    if left_out:
        blocks[0] += "".join(f"\n// left out {item}" for item in left_out)
    return Written(content=("\n\n".join(blocks) + "\n").encode("utf-8"), left_out=left_out)


# Reading ------------------------------------------------------------------------------------------------


def find_unescaped(text: str, char: str, start: int = 0) -> int:
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == char:
            return index
        index += 1
    return -1


def split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """Return (separator, text) parts of an answer block: each option with the marker it starts with."""
    parts, marker, current, index = [], "", "", 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            current += text[index : index + 2]
            index += 2
            continue
        if text[index] in separators:
            parts.append((marker, current))
            marker, current = text[index], ""
        else:
            current += text[index]
        index += 1
    parts.append((marker, current))
    return [(marker, value) for marker, value in parts if marker or value.strip()]


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def plain(text: str, *, is_html: bool) -> str:
    value = unescape(text)
    return html_to_text(value) if is_html else value


COMMENT_TAG = re.compile(r"^//\s*\[(id|tag):([^\]]*)\]\s*$")
FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)


def split_questions(text: str) -> list[list[str]]:
    """Return the questions' lines: questions are separated by blank lines outside an answer block."""
    questions, current, depth = [], [], 0
    for line in text.splitlines():
        if not line.strip() and depth == 0:
            if current:
                questions.append(current)
            current = []
            continue
        current.append(line)
        if not line.lstrip().startswith("//"):
            depth += line.count("{") - line.count("\\{") - (line.count("}") - line.count("\\}"))
    if current:
        questions.append(current)
    return questions


def read(*, content: bytes, file_name: str) -> Read:
    """Return the questions of a GIFT file; essay, numerical and description questions are problems."""
    text = decode_text(content, file_name=file_name)
    result, taken = Read(), set()
    chunks = split_questions(text)
    if len(chunks) > MAX_QUESTIONS:
        raise FormatError(f"{file_name}: refused: more than {MAX_QUESTIONS} questions")
    for number, lines in enumerate(chunks, start=1):
        identifier, tags, body = "", [], []
        for line in lines:
            marker = COMMENT_TAG.match(line.strip())
            if marker:
                identifier = marker.group(2).strip() if marker.group(1) == "id" else identifier
                tags += [marker.group(2).strip()] if marker.group(1) == "tag" else []
            elif not line.lstrip().startswith("//"):
                body.append(line)
        source = "\n".join(body).strip()
        if not source or source.startswith("$CATEGORY"):
            continue
        title = ""
        if source.startswith("::"):
            end = source.find("::", 2)
            title, source = source[2:end], source[end + 2 :]
        question_id = question_slug(identifier or unescape(title), fallback=f"question-{number}", taken=taken)
        try:
            entry = read_question(source, question_id, tags)
        except ValueError as error:
            result.problems.append(BankProblem(file_name, question_id, f"not imported: {error}"))
            continue
        result.questions.append(entry)
        result.points[question_id] = 1
    return result


def read_question(source: str, question_id: str, tags: list[str]) -> dict:
    is_html = False
    format_marker = FORMAT.match(source)
    if format_marker:
        is_html = format_marker.group(1).lower() == "html"
        source = source[format_marker.end() :]
    start = find_unescaped(source, "{")
    end = find_unescaped(source, "}", start + 1) if start != -1 else -1
    if start == -1 or end == -1:
        raise ValueError("a description without an answer is not a question")
    before, block, after = source[:start], source[start + 1 : end], source[end + 1 :]
    feedback = ""
    feedback_at = block.find("####")
    if feedback_at != -1:
        feedback = unescape(block[feedback_at + 4 :])
        block = block[:feedback_at]
        feedback = FORMAT.sub("", feedback, count=1)
    options = split_unescaped(block.strip(), "=~")
    choices = None
    is_missing_word = bool(after.strip()) or MISSING_WORD_TAG in tags
    if not options:
        raise ValueError("essay questions have no counterpart here")
    if block.strip().startswith("#"):
        raise ValueError("numerical questions have no counterpart here")
    single = block.strip().upper()
    if single in ("T", "TRUE", "F", "FALSE") or single.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
        kind, answer = "true_false", single.split("#")[0].strip() in ("T", "TRUE")
    elif any("->" in value for _, value in options):
        kind = "matching"
        answer = []
        for _, value in options:
            left, _, right = value.partition("->")
            answer.append({"left": plain(left, is_html=is_html), "right": unescape(right)})
    elif all(marker == "=" for marker, _ in options):
        accepted = [unescape(strip_feedback(value)) for _, value in options]
        if is_missing_word:
            kind, answer = "cloze", {"1": accepted}
        else:
            kind, answer = "short_answer", accepted
    else:
        choices, right = [], []
        weighted = any(re.match(r"\s*%-?[\d.]+%", value) for _, value in options)
        for index, (marker, value) in enumerate(options[:26]):
            key = chr(ord("a") + index)
            weight = re.match(r"\s*%(-?[\d.]+)%", value)
            text = value[weight.end() :] if weight else value
            choices.append({"key": key, "text": plain(strip_feedback(text), is_html=is_html)})
            if (weight and float(weight.group(1)) > 0) or (not weight and marker == "="):
                right.append(key)
        if weighted:
            kind, answer = "multiple_choice", right
        else:
            kind, answer = "single_choice", right[0] if right else None
    if kind == "cloze":
        gap_before = " " if before[-1:].isspace() else ""
        gap_after = " " if after[:1].isspace() else ""
        prompt = f"{plain(before, is_html=is_html)}{gap_before}[[1]]{gap_after}{plain(after, is_html=is_html)}".strip()
    else:
        prompt = plain(before, is_html=is_html)
    entry = new_entry(
        question_id=question_id, question_type=kind, prompt=prompt, answer=answer,
        feedback=read_general_feedback(feedback), tags=read_metadata_tags(tags),
    )  # fmt: skip
    if choices is not None:
        entry["choices"] = choices
    return entry


def strip_feedback(value: str) -> str:
    at = find_unescaped(value, "#")
    return value[:at] if at != -1 else value

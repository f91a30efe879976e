"""Moodle XML: every type has a Moodle question type (ordering is core since Moodle 4.4)."""

from xml.etree.ElementTree import Element, SubElement, indent, tostring

from quizzes.services.bank import BankProblem
from quizzes.services.formats.common import (
    MAX_QUESTIONS,
    FormatError,
    Read,
    Written,
    general_feedback_html,
    html_to_text,
    local_name,
    metadata_tags,
    new_entry,
    parse_xml,
    question_slug,
    read_general_feedback,
    read_metadata_tags,
    text_to_html,
    whole_points,
)

MOODLE_TYPES = {
    "single_choice": "multichoice",
    "multiple_choice": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "cloze": "cloze",
    "ordering": "ordering",
    "matching": "matching",
}
CLOZE_SPECIAL = '\\}#~/"{'


def text_element(parent: Element, name: str, text: str, *, html: bool = True, **attributes) -> Element:
    element = SubElement(parent, name, {"format": "html", **attributes} if html else attributes)
    SubElement(element, "text").text = text
    return element


def fraction(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".") or "0"


def cloze_escape(text: str) -> str:
    return "".join(f"\\{char}" if char in CLOZE_SPECIAL else char for char in text)


def cloze_prompt(question: dict) -> str:
    html = text_to_html(question["prompt"])
    for blank, accepted in question["answer"].items():
        embedded = "{1:SHORTANSWER:" + "~".join(f"%100%{cloze_escape(text)}" for text in accepted) + "}"
        html = html.replace(f"[[{blank}]]", embedded, 1)
    return html


def write(*, questions: list[dict], points: dict[str, int], sources: dict, site_url: str, title: str) -> Written:
    """Return the questions as a Moodle XML quiz file (none is left out: Moodle has a type for each)."""
    quiz = Element("quiz")
    category = SubElement(quiz, "question", type="category")
    text_element(category, "category", f"$course$/top/{title}", html=False)
    for question in questions:
        node = SubElement(quiz, "question", type=MOODLE_TYPES[question["type"]])
        text_element(node, "name", question["id"], html=False)
        prompt = cloze_prompt(question) if question["type"] == "cloze" else text_to_html(question["prompt"])
        text_element(node, "questiontext", prompt)
        text_element(node, "generalfeedback", general_feedback_html(question, sources=sources, site_url=site_url))
        SubElement(node, "defaultgrade").text = str(points.get(question["id"], 1))
        SubElement(node, "penalty").text = "0"
        SubElement(node, "hidden").text = "0"
        SubElement(node, "idnumber").text = question["id"]
        write_answers(node, question)
        tags = SubElement(node, "tags")
        for tag in metadata_tags(question):
            SubElement(SubElement(tags, "tag"), "text").text = tag
    indent(quiz)
    return Written(content=b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(quiz, encoding="utf-8"))


def write_answers(node: Element, question: dict) -> None:
    kind, answer = question["type"], question["answer"]
    if kind in ("single_choice", "multiple_choice"):
        correct = {answer} if kind == "single_choice" else set(answer)
        SubElement(node, "single").text = "true" if kind == "single_choice" else "false"
        SubElement(node, "shuffleanswers").text = "false" if question.get("keep_option_order") else "true"
        SubElement(node, "answernumbering").text = "abc"
        wrong = len(question["choices"]) - len(correct)
        for choice in question["choices"]:
            if choice["key"] in correct:
                share = 100 / len(correct)
            else:
                # Our multiple-choice credit takes one correct option's share off per wrong option chosen.
                share = -100 / len(correct) if kind == "multiple_choice" and wrong else 0
            text_element(node, "answer", text_to_html(choice["text"]), fraction=fraction(share))
    elif kind == "true_false":
        for value in (True, False):
            text_element(node, "answer", str(value).lower(), html=False, fraction="100" if answer is value else "0")
    elif kind == "short_answer":
        SubElement(node, "usecase").text = "0"
        for text in answer:
            text_element(node, "answer", text, html=False, fraction="100")
    elif kind == "ordering":
        SubElement(node, "layouttype").text = "VERTICAL"
        SubElement(node, "selecttype").text = "ALL"
        SubElement(node, "selectcount").text = "0"
        SubElement(node, "gradingtype").text = "RELATIVE_ALL_PREVIOUS_AND_NEXT"
        SubElement(node, "showgrading").text = "SHOW"
        SubElement(node, "numberingstyle").text = "none"
        for position, text in enumerate(answer, start=1):
            text_element(node, "answer", text_to_html(text), fraction=str(position))
    elif kind == "matching":
        SubElement(node, "shuffleanswers").text = "false" if question.get("keep_option_order") else "true"
        for pair in answer:
            subquestion = text_element(node, "subquestion", text_to_html(pair["left"]))
            SubElement(SubElement(subquestion, "answer"), "text").text = pair["right"]


# Reading ------------------------------------------------------------------------------------------------


def child_text(node: Element, *path: str) -> str:
    for name in path:
        node = next((child for child in node if local_name(child) == name), None)
        if node is None:
            return ""
    return node.text or ""


def children(node: Element, name: str) -> list[Element]:
    return [child for child in node if local_name(child) == name]


def answer_fraction(answer: Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def read(*, content: bytes, file_name: str) -> Read:
    """Return the questions of a Moodle XML file; types we cannot hold (essay, numerical...) are problems."""
    root = parse_xml(content, file_name=file_name)
    if local_name(root) != "quiz":
        raise FormatError(f"{file_name}: not a Moodle XML file (the root element is not <quiz>)")
    result, taken = Read(), set()
    nodes = [node for node in children(root, "question") if node.get("type") != "category"]
    if len(nodes) > MAX_QUESTIONS:
        raise FormatError(f"{file_name}: refused: more than {MAX_QUESTIONS} questions")
    for number, node in enumerate(nodes, start=1):
        name = child_text(node, "idnumber") or child_text(node, "name", "text") or f"question-{number}"
        question_id = question_slug(name, fallback=f"question-{number}", taken=taken)
        try:
            question_type, prompt, answer, choices = read_answers(node)
        except ValueError as error:
            result.problems.append(BankProblem(file_name, question_id, f"not imported: {error}"))
            continue
        tags = read_metadata_tags([child_text(tag, "text") for tag in node.iter() if local_name(tag) == "tag"])
        entry = new_entry(
            question_id=question_id, question_type=question_type, prompt=prompt, answer=answer,
            feedback=read_general_feedback(child_text(node, "generalfeedback", "text")), tags=tags,
        )  # fmt: skip
        if choices is not None:
            entry["choices"] = choices
        result.questions.append(entry)
        result.points[question_id] = whole_points(child_text(node, "defaultgrade"))
    return result


def read_answers(node: Element):
    """Return (type, prompt, answer, choices or None); raise ValueError for what we cannot hold."""
    moodle_type = node.get("type")
    prompt_html = child_text(node, "questiontext", "text")
    answers = children(node, "answer")
    if moodle_type == "multichoice":
        choices = [
            {"key": chr(ord("a") + index) if index < 26 else f"c{index}", "text": html_to_text(child_text(a, "text"))}
            for index, a in enumerate(answers)
        ]
        correct = [choice["key"] for choice, a in zip(choices, answers, strict=True) if answer_fraction(a) > 0]
        if child_text(node, "single").strip().lower() in ("true", "1"):
            best = max(answers, key=answer_fraction, default=None)
            if best is None or answer_fraction(best) <= 0:
                raise ValueError("the multiple-choice question has no correct answer")
            return "single_choice", html_to_text(prompt_html), choices[answers.index(best)]["key"], choices
        return "multiple_choice", html_to_text(prompt_html), correct, choices
    if moodle_type == "truefalse":
        true_answer = next((a for a in answers if child_text(a, "text").strip().lower() == "true"), None)
        if true_answer is None:
            raise ValueError("the true/false question has no 'true' answer")
        return "true_false", html_to_text(prompt_html), answer_fraction(true_answer) > 0, None
    if moodle_type == "shortanswer":
        accepted = [child_text(a, "text").strip() for a in answers if answer_fraction(a) >= 100]
        return "short_answer", html_to_text(prompt_html), accepted, None
    if moodle_type == "cloze":
        prompt, blanks = read_cloze(prompt_html)
        return "cloze", prompt, blanks, None
    if moodle_type == "ordering":
        positioned = sorted(enumerate(answers), key=lambda item: (answer_fraction(item[1]), item[0]))
        return "ordering", html_to_text(prompt_html), [html_to_text(child_text(a, "text")) for _, a in positioned], None
    if moodle_type == "matching":
        pairs = [
            {"left": html_to_text(child_text(sub, "text")), "right": child_text(sub, "answer", "text").strip()}
            for sub in children(node, "subquestion")
            if html_to_text(child_text(sub, "text"))
        ]
        return "matching", html_to_text(prompt_html), pairs, None
    raise ValueError(f"the Moodle question type {moodle_type!r} has no counterpart here")


def read_cloze(prompt_html: str) -> tuple[str, dict[str, list[str]]]:
    """Return the prompt with [[N]] blanks and each blank's accepted answers (the answers graded 100%)."""
    text, blanks, position = [], {}, 0
    while (start := prompt_html.find("{", position)) != -1:
        end = start + 1
        while end < len(prompt_html) and prompt_html[end] != "}":
            end += 2 if prompt_html[end] == "\\" else 1
        embedded = prompt_html[start + 1 : end]
        head, _, options = embedded.partition(":")
        kind, _, options = options.partition(":")
        if not head.isdigit() or kind.upper() not in ("SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"):
            raise ValueError(f"the embedded answer {{{embedded}}} is not a short answer (only those are held)")
        accepted = []
        for option in split_unescaped(options, "~"):
            option = split_unescaped(option, "#")[0]
            if option.startswith("="):
                accepted.append(unescape_cloze(option[1:]))
            elif option.startswith("%100%"):
                accepted.append(unescape_cloze(option[5:]))
        number = str(len(blanks) + 1)
        blanks[number] = accepted
        text.append(prompt_html[position:start] + f"[[{number}]]")
        position = end + 1
    text.append(prompt_html[position:])
    return html_to_text("".join(text)), blanks


def split_unescaped(text: str, separator: str) -> list[str]:
    parts, current, index = [], "", 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            current += text[index : index + 2]
            index += 2
            continue
        if text[index] == separator:
            parts.append(current)
            current = ""
        else:
            current += text[index]
        index += 1
    parts.append(current)
    return parts


def unescape_cloze(text: str) -> str:
    out, index = "", 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            out += text[index + 1]
            index += 2
        else:
            out += text[index]
            index += 1
    return html_to_text(out)

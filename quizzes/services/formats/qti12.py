"""QTI 1.2 as Canvas imports it: a zip of imsmanifest.xml and one assessment, with Canvas's question_type
metadata, response_lid/response_str elements and resprocessing that sets SCORE (0-100) for the right labels."""

import io
import re
import zipfile
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
    read_zip,
    text_to_html,
    whole_points,
)

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_TYPES = {
    "single_choice": "multiple_choice_question",
    "multiple_choice": "multiple_answers_question",
    "true_false": "true_false_question",
    "short_answer": "short_answer_question",
    "cloze": "fill_in_multiple_blanks_question",
    # Canvas's classic quizzes have no ordering type: each position is matched to the item that belongs there.
    "ordering": "matching_question",
    "matching": "matching_question",
}
ASSESSMENT_IDENT = "quizsite-assessment"


def field(metadata: Element, label: str, value) -> None:
    entry = SubElement(metadata, "qtimetadatafield")
    SubElement(entry, "fieldlabel").text = label
    SubElement(entry, "fieldentry").text = str(value)


def material(parent: Element, text: str, *, html: bool = True) -> None:
    SubElement(SubElement(parent, "material"), "mattext", texttype="text/html" if html else "text/plain").text = text


def respcondition(resprocessing: Element, *, score: str, action: str = "Set", cont: str = "No") -> Element:
    condition = SubElement(resprocessing, "respcondition", {"continue": cont})
    conditions = SubElement(condition, "conditionvar")
    SubElement(condition, "setvar", action=action, varname="SCORE").text = score
    return conditions


def write(*, questions: list[dict], points: dict[str, int], sources: dict, site_url: str, title: str) -> Written:
    """Return a Canvas-importable QTI 1.2 zip (imsmanifest.xml and the assessment) holding every question."""
    root = Element("questestinterop", xmlns=QTI_NAMESPACE)
    assessment = SubElement(root, "assessment", ident=ASSESSMENT_IDENT, title=title)
    section = SubElement(assessment, "section", ident="root_section")
    for question in questions:
        write_item(section, question, points.get(question["id"], 1), sources=sources, site_url=site_url)
    indent(root)
    assessment_xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest_xml(title))
        archive.writestr(f"{ASSESSMENT_IDENT}/{ASSESSMENT_IDENT}.xml", assessment_xml)
    return Written(content=buffer.getvalue())


def manifest_xml(title: str) -> bytes:
    manifest = Element("manifest", identifier="quizsite-export", xmlns=MANIFEST_NAMESPACE)
    metadata = SubElement(manifest, "metadata")
    SubElement(metadata, "schema").text = "IMS Content"
    SubElement(metadata, "schemaversion").text = "1.1.3"
    SubElement(manifest, "organizations")
    resources = SubElement(manifest, "resources")
    resource = SubElement(resources, "resource", identifier=ASSESSMENT_IDENT, type="imsqti_xmlv1p2")
    SubElement(resource, "file", href=f"{ASSESSMENT_IDENT}/{ASSESSMENT_IDENT}.xml")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(manifest, encoding="utf-8")


def write_item(section: Element, question: dict, points: int, *, sources: dict, site_url: str) -> None:
    kind = question["type"]
    item = SubElement(section, "item", ident=question["id"], title=question["id"])
    metadata = SubElement(SubElement(item, "itemmetadata"), "qtimetadata")
    field(metadata, "question_type", CANVAS_TYPES[kind])
    field(metadata, "points_possible", f"{points:.1f}")
    field(metadata, "quizsite_type", kind)
    field(metadata, "quizsite_tags", " ".join(metadata_tags(question)))
    presentation = SubElement(item, "presentation")
    prompt = text_to_html(question["prompt"])
    if kind == "cloze":
        prompt = re.sub(r"\[\[(\d+)\]\]", r"[blank\1]", prompt)
    material(presentation, prompt)
    resprocessing = SubElement(item, "resprocessing")
    outcomes = SubElement(resprocessing, "outcomes")
    SubElement(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general = SubElement(resprocessing, "respcondition", {"continue": "Yes"})
    SubElement(SubElement(general, "conditionvar"), "other")
    SubElement(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    write_responses(presentation, resprocessing, question)
    feedback = SubElement(item, "itemfeedback", ident="general_fb")
    material(SubElement(feedback, "flow_mat"), general_feedback_html(question, sources=sources, site_url=site_url))


def choice_labels(presentation: Element, ident: str, labels: list[tuple[str, str]], cardinality="Single") -> None:
    response = SubElement(presentation, "response_lid", ident=ident, rcardinality=cardinality)
    render = SubElement(response, "render_choice")
    for label_ident, text in labels:
        material(SubElement(render, "response_label", ident=label_ident), text, html=False)


def write_responses(presentation: Element, resprocessing: Element, question: dict) -> None:
    kind, answer, item_id = question["type"], question["answer"], question["id"]
    if kind in ("single_choice", "multiple_choice"):
        labels = [(f"{item_id}-{choice['key']}", choice["text"]) for choice in question["choices"]]
        choice_labels(presentation, "response1", labels, "Single" if kind == "single_choice" else "Multiple")
        conditions = respcondition(resprocessing, score="100")
        if kind == "single_choice":
            SubElement(conditions, "varequal", respident="response1").text = f"{item_id}-{answer}"
            return
        every = SubElement(conditions, "and")
        for choice in question["choices"]:
            target = every if choice["key"] in answer else SubElement(every, "not")
            SubElement(target, "varequal", respident="response1").text = f"{item_id}-{choice['key']}"
    elif kind == "true_false":
        choice_labels(presentation, "response1", [(f"{item_id}-true", "True"), (f"{item_id}-false", "False")])
        conditions = respcondition(resprocessing, score="100")
        SubElement(conditions, "varequal", respident="response1").text = f"{item_id}-{str(answer).lower()}"
    elif kind == "short_answer":
        response = SubElement(presentation, "response_str", ident="response1", rcardinality="Single")
        SubElement(SubElement(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        conditions = respcondition(resprocessing, score="100")
        for text in answer:
            SubElement(conditions, "varequal", respident="response1").text = text
    elif kind == "cloze":
        share = f"{100 / len(answer):.2f}"
        for blank, accepted in answer.items():
            ident = f"response_blank{blank}"
            labels = [(f"{item_id}-{blank}-{index}", text) for index, text in enumerate(accepted, start=1)]
            response = SubElement(presentation, "response_lid", ident=ident)
            material(response, f"blank{blank}", html=False)
            render = SubElement(response, "render_choice")
            for label_ident, text in labels:
                material(SubElement(render, "response_label", ident=label_ident), text, html=False)
            conditions = respcondition(resprocessing, score=share, action="Add", cont="Yes")
            for label_ident, _ in labels:
                SubElement(conditions, "varequal", respident=ident).text = label_ident
    else:
        pairs = (
            [{"left": str(position), "right": text} for position, text in enumerate(answer, start=1)]
            if kind == "ordering"
            else answer
        )
        share = f"{100 / len(pairs):.2f}"
        rights = [(f"{item_id}-r{index}", pair["right"]) for index, pair in enumerate(pairs, start=1)]
        for index, pair in enumerate(pairs, start=1):
            ident = f"response_{item_id}-l{index}"
            response = SubElement(presentation, "response_lid", ident=ident)
            material(response, pair["left"], html=False)
            render = SubElement(response, "render_choice")
            for label_ident, text in rights:
                material(SubElement(render, "response_label", ident=label_ident), text, html=False)
            conditions = respcondition(resprocessing, score=share, action="Add", cont="Yes")
            SubElement(conditions, "varequal", respident=ident).text = f"{item_id}-r{index}"


# Reading ------------------------------------------------------------------------------------------------


def find(node: Element, name: str) -> Element | None:
    return next((element for element in node.iter() if local_name(element) == name), None)


def find_all(node: Element, name: str) -> list[Element]:
    return [element for element in node.iter() if local_name(element) == name]


def direct(node: Element, name: str) -> list[Element]:
    return [element for element in node if local_name(element) == name]


def mattext(node: Element | None) -> str:
    text = find(node, "mattext") if node is not None else None
    if text is None:
        return ""
    raw = text.text or ""
    return html_to_text(raw) if text.get("texttype", "text/plain") == "text/html" else raw.strip()


def assessment_files(content: bytes, *, file_name: str) -> list[tuple[str, bytes]]:
    """Return the assessment XML files of an upload: a zip's QTI resources (via its manifest), or the XML."""
    if not (file_name.lower().endswith(".zip") or content.startswith(b"PK\x03\x04")):
        return [(file_name, content)]
    files = read_zip(content, file_name=file_name)
    manifest = files.get("imsmanifest.xml")
    if manifest is None:
        raise FormatError(f"{file_name}: the zip has no imsmanifest.xml")
    hrefs = [
        element.get("href", "")
        for resource in find_all(parse_xml(manifest, file_name="imsmanifest.xml"), "resource")
        if resource.get("type", "").startswith("imsqti_xmlv1p2")
        for element in [resource, *direct(resource, "file")]
        if element.get("href", "").endswith(".xml")
    ]
    missing = [href for href in hrefs if href not in files]
    if missing:
        raise FormatError(f"{file_name}: the manifest names {', '.join(missing)}, which the zip does not hold")
    if not hrefs:
        raise FormatError(f"{file_name}: the manifest lists no QTI 1.2 assessment (type imsqti_xmlv1p2)")
    return [(href, files[href]) for href in dict.fromkeys(hrefs)]


def read(*, content: bytes, file_name: str) -> Read:
    """Return the questions of a QTI 1.2 zip or assessment XML; item types we cannot hold are problems."""
    result, taken = Read(), set()
    for shown_as, xml in assessment_files(content, file_name=file_name):
        root = parse_xml(xml, file_name=shown_as)
        if local_name(root) != "questestinterop":
            raise FormatError(f"{shown_as}: not a QTI 1.2 file (the root element is not <questestinterop>)")
        items = find_all(root, "item")
        if len(items) + len(result.questions) > MAX_QUESTIONS:
            raise FormatError(f"{file_name}: refused: more than {MAX_QUESTIONS} questions")
        for number, item in enumerate(items, start=1):
            question_id = question_slug(item.get("ident", ""), fallback=f"question-{number}", taken=taken)
            metadata = {
                (find(entry, "fieldlabel").text or "").strip(): (find(entry, "fieldentry").text or "").strip()
                for entry in find_all(item, "qtimetadatafield")
                if find(entry, "fieldlabel") is not None and find(entry, "fieldentry") is not None
            }
            try:
                entry = read_item(item, question_id, metadata)
            except ValueError as error:
                result.problems.append(BankProblem(shown_as, question_id, f"not imported: {error}"))
                continue
            result.questions.append(entry)
            result.points[question_id] = whole_points(metadata.get("points_possible"))
    return result


def scored_labels(item: Element) -> dict[str, list[str]]:
    """Return, per response ident, the values that earn SCORE (conditions under <not> do not count)."""
    scored: dict[str, list[str]] = {}
    for condition in find_all(item, "respcondition"):
        setvar = find(condition, "setvar")
        try:
            earns = setvar is not None and float(setvar.text or "0") > 0
        except ValueError:
            earns = False
        conditionvar = find(condition, "conditionvar")
        if not earns or conditionvar is None:
            continue
        negated = {id(element) for nots in find_all(conditionvar, "not") for element in nots.iter()}
        for equal in find_all(conditionvar, "varequal"):
            if id(equal) not in negated:
                scored.setdefault(equal.get("respident", ""), []).append((equal.text or "").strip())
    return scored


def read_item(item: Element, question_id: str, metadata: dict) -> dict:
    canvas_type = metadata.get("question_type", "")
    presentation = find(item, "presentation")
    if presentation is None:
        raise ValueError("the item has no presentation")
    prompt_material = next((child for child in presentation if local_name(child) == "material"), None)
    prompt = mattext(prompt_material)
    scored = scored_labels(item)
    responses = find_all(presentation, "response_lid")
    feedback = ""
    for itemfeedback in find_all(item, "itemfeedback"):
        if itemfeedback.get("ident") == "general_fb":
            text = find(itemfeedback, "mattext")
            feedback = text.text or "" if text is not None else ""
    choices, answer = None, None
    wanted = metadata.get("quizsite_type")
    if canvas_type in ("multiple_choice_question", "multiple_answers_question") and responses:
        labels = find_all(responses[0], "response_label")
        keys = {label.get("ident"): chr(ord("a") + index) for index, label in enumerate(labels[:26])}
        choices = [{"key": keys[label.get("ident")], "text": mattext(label)} for label in labels[:26]]
        right = [keys[ident] for ident in scored.get(responses[0].get("ident"), []) if ident in keys]
        if canvas_type == "multiple_choice_question":
            kind, answer = "single_choice", right[0] if right else None
        else:
            kind, answer = "multiple_choice", right
    elif canvas_type == "true_false_question" and responses:
        labels = {label.get("ident"): mattext(label).lower() for label in find_all(responses[0], "response_label")}
        right = scored.get(responses[0].get("ident"), [])
        kind, answer = "true_false", bool(right) and labels.get(right[0]) == "true"
    elif canvas_type == "short_answer_question":
        response = find(presentation, "response_str")
        kind, answer = "short_answer", scored.get(response.get("ident") if response is not None else "", [])
    elif canvas_type == "fill_in_multiple_blanks_question":
        kind, answer = "cloze", {}
        for response in responses:
            blank = mattext(response) or response.get("ident", "").removeprefix("response_")
            texts = {label.get("ident"): mattext(label) for label in find_all(response, "response_label")}
            number = str(len(answer) + 1)
            answer[number] = [texts[ident] for ident in scored.get(response.get("ident"), []) if ident in texts]
            prompt = prompt.replace(f"[{blank}]", f"[[{number}]]", 1)
    elif canvas_type == "matching_question":
        pairs = []
        for response in responses:
            texts = {label.get("ident"): mattext(label) for label in find_all(response, "response_label")}
            right = [texts[ident] for ident in scored.get(response.get("ident"), []) if ident in texts]
            pairs.append({"left": mattext(response), "right": right[0] if right else ""})
        if wanted == "ordering":
            kind, answer = "ordering", [pair["right"] for pair in sorted(pairs, key=lambda pair: int(pair["left"]))]
        else:
            kind, answer = "matching", pairs
    else:
        raise ValueError(f"the Canvas question type {canvas_type or '(none)'!r} has no counterpart here")
    tags = read_metadata_tags(metadata.get("quizsite_tags", "").split())
    entry = new_entry(
        question_id=question_id, question_type=kind, prompt=prompt, answer=answer,
        feedback=read_general_feedback(feedback), tags=tags,
    )  # fmt: skip
    if choices is not None:
        entry["choices"] = choices
    return entry

"""What every format shares: the cited general feedback, text and HTML, safe XML, limits on uploads and zips."""

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from quizzes.errors import QuizError
from quizzes.services.bank import SLUG_PATTERN, BankProblem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ZIP_ENTRIES = 100
MAX_ZIP_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_QUESTIONS = 2000
MAX_SLUG_LENGTH = 100


class FormatError(QuizError):
    """A file cannot be read at all (hostile, too large, not the format it claims): nothing was imported."""


@dataclass(frozen=True)
class LeftOut:
    """A question an export could not hold, and why."""

    question: str
    reason: str

    def __str__(self):
        return f"{self.question}: {self.reason}"


@dataclass
class Written:
    """A file a format writer produced, and the questions it had to leave out."""

    content: bytes
    left_out: list[LeftOut] = field(default_factory=list)


@dataclass
class Read:
    """What a format reader found: bank entries (drafts, ids made unique), their points, and every problem."""

    questions: list[dict] = field(default_factory=list)
    points: dict[str, int] = field(default_factory=dict)
    problems: list[BankProblem] = field(default_factory=list)


# Text and HTML --------------------------------------------------------------------------------------------


def text_to_html(text: str) -> str:
    """Return plain text as HTML that html_to_text turns back into the same text."""
    return escape(text).replace("\n", "<br>")


BLOCK_BREAK = re.compile(r"</p>\s*<p[^>]*>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """Return the text of an HTML fragment: line breaks kept, tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", BLOCK_BREAK.sub("\n", markup or ""))).strip()


# The general feedback: explanation, citations and the disagreement panel ----------------------------------


def passage_url(site_url: str, source: str, passage: str | None) -> str:
    return f"{site_url.rstrip('/')}/sources/{source}/" + (f"#{passage}" if passage else "")


def source_name_html(sources: dict, slug: str) -> str:
    source = sources.get(slug)
    return source.display_name_html if source else slug


def passage_link_text(sources: dict, slug: str, anchor: str | None) -> str:
    """A link to a passage reads as its opening words (the anchor stays in the href)."""
    source = sources.get(slug)
    passage = next((p for p in source.passages.all() if p.anchor == anchor), None) if source and anchor else None
    return f"“{passage.opening()}”" if passage else "the source"


def general_feedback_html(question: dict, *, sources: dict, site_url: str) -> str:
    """Return the explanation, each citation (quote, the source named, a link to the passage by its opening words)
    and the disagreement panel as HTML a student reads in Moodle or Canvas; read_general_feedback reads it back.
    sources: the Source of each slug, with its passages prefetched."""
    parts = [format_html('<p class="quizsite-explanation">{}</p>', mark_safe(text_to_html(question["explanation"])))]
    if question["citations"]:
        citations = format_html_join(
            "\n",
            '<blockquote data-source="{}" data-passage="{}">{}</blockquote>'
            '<p>— {}, in <a href="{}">{}</a></p>',
            (
                (
                    citation["source"], citation["passage"] or "", citation["quote"],
                    source_name_html(sources, citation["source"]),
                    passage_url(site_url, citation["source"], citation["passage"]),
                    passage_link_text(sources, citation["source"], citation["passage"]),
                )
                for citation in question["citations"]
            ),
        )  # fmt: skip
        parts.append(
            format_html('<div class="quizsite-citations"><p><strong>Cited passages</strong></p>\n{}</div>', citations)
        )
    if question["disagreements"]:
        positions = format_html_join(
            "\n",
            '<li data-source="{}" data-passage="{}"><strong>{}</strong>: <span class="quizsite-claim">{}</span>'
            ' <q>{}</q> <a href="{}">{}</a></li>',
            (
                (
                    entry["source"], entry["passage"] or "", source_name_html(sources, entry["source"]),
                    entry["claim"], entry["quote"], passage_url(site_url, entry["source"], entry["passage"]),
                    passage_link_text(sources, entry["source"], entry["passage"]),
                )
                for entry in question["disagreements"]
            ),
        )  # fmt: skip
        parts.append(
            format_html(
                '<div class="quizsite-disagreement"><p><strong>Where the sources disagree:</strong> '
                '<span class="quizsite-point">{}</span></p>\n<ul>\n{}\n</ul></div>',
                question["disagreement_point"],
                positions,
            )
        )
    return "\n".join(parts)


EXPLANATION = re.compile(r'<p class="quizsite-explanation">(.*?)</p>', re.DOTALL)
CITATION = re.compile(r'<blockquote data-source="([^"]*)" data-passage="([^"]*)">(.*?)</blockquote>', re.DOTALL)
POINT = re.compile(r'<span class="quizsite-point">(.*?)</span>', re.DOTALL)
POSITION = re.compile(
    r'<li data-source="([^"]*)" data-passage="([^"]*)">.*?<span class="quizsite-claim">(.*?)</span>\s*<q>(.*?)</q>',
    re.DOTALL,
)


def read_general_feedback(markup: str) -> dict:
    """Return explanation, citations, disagreement point and disagreements from a general feedback: ours is
    read back exactly; any other feedback becomes the explanation."""
    explanation = EXPLANATION.search(markup or "")
    if explanation is None:
        return {"explanation": html_to_text(markup), "citations": [], "disagreement_point": "", "disagreements": []}
    point = POINT.search(markup)
    return {
        "explanation": html_to_text(explanation.group(1)),
        "citations": [
            {"source": html.unescape(source), "passage": html.unescape(passage) or None, "quote": html.unescape(quote)}
            for source, passage, quote in CITATION.findall(markup)
        ],
        "disagreement_point": html.unescape(point.group(1)) if point else "",
        "disagreements": [
            {
                "source": html.unescape(source),
                "passage": html.unescape(passage) or None,
                "claim": html.unescape(claim),
                "quote": html.unescape(quote),
            }
            for source, passage, claim, quote in POSITION.findall(markup)
        ],  # fmt: skip
    }


# Metadata carried as tags -------------------------------------------------------------------------------

KEEP_OPTION_ORDER_TAG = "keep-option-order"


def metadata_tags(question: dict) -> list[str]:
    """Return the question's framing, difficulty, topics and fixed option order as tags (Moodle tags, GIFT
    [tag:], QTI metadata)."""
    return [
        f"framing-{question['framing']}",
        f"difficulty-{question['difficulty']}",
        *(f"topic-{slug}" for slug in question["topics"]),
        *([KEEP_OPTION_ORDER_TAG] if question.get("keep_option_order") else []),
    ]


def read_metadata_tags(tags: list[str]) -> dict:
    """Return framing, difficulty and topics from tags written by metadata_tags (others are ignored)."""
    found: dict = {"topics": []}
    for tag in tags:
        name, _, value = tag.strip().partition("-")
        if tag.strip() == KEEP_OPTION_ORDER_TAG:
            found["keep_option_order"] = True
        elif name == "framing" and value:
            found["framing"] = value
        elif name == "difficulty" and value.isdigit():
            found["difficulty"] = int(value)
        elif name == "topic" and value:
            found["topics"].append(value)
    return found


# Building entries and ids -------------------------------------------------------------------------------


def new_entry(*, question_id: str, question_type: str, prompt: str, answer, feedback: dict, tags: dict) -> dict:
    """Return a draft bank entry; a file without our framing tag is taken as framing 'fact' (edit before
    publishing: the bank refuses 'fact' with disagreements, and 'attributed' without a named source)."""
    entry = {
        "id": question_id,
        "type": question_type,
        "status": "draft",
        "framing": tags.get("framing", "fact"),
        "difficulty": tags.get("difficulty", 2),
        "topics": tags.get("topics", []),
        "prompt": prompt,
        "answer": answer,
        **feedback,
    }
    if tags.get("keep_option_order"):
        entry["keep_option_order"] = True
    if not entry["disagreements"]:
        entry.pop("disagreements")
        entry.pop("disagreement_point")
    return entry


def question_slug(name: str, *, fallback: str, taken: set[str]) -> str:
    """Return a bank id from a question's name in a file, unique among taken (which it joins)."""
    base = name if SLUG_PATTERN.match(name or "") else slugify(name or "")
    base = (base or fallback)[: MAX_SLUG_LENGTH - 4].strip("-") or fallback
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def whole_points(value, default: int = 1) -> int:
    try:
        points = round(float(value))
    except (TypeError, ValueError):
        return default
    return points if points >= 1 else default


# Hostile files ------------------------------------------------------------------------------------------


def parse_xml(content: bytes, *, file_name: str) -> Element:
    """Return the root element; refuse DTDs (entity expansion, external entities) and malformed XML."""
    try:
        return fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden as error:
        raise FormatError(f"{file_name}: refused: the XML declares a DTD (entities are not accepted)") from error
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as error:
        raise FormatError(f"{file_name}: refused: the XML declares entities or external references") from error
    except ParseError as error:
        raise FormatError(f"{file_name}: not well-formed XML: {error}") from error


def local_name(element: Element) -> str:
    """Return an element's tag without its namespace."""
    return element.tag.rsplit("}", 1)[-1]


def read_zip(content: bytes, *, file_name: str) -> dict[str, bytes]:
    """Return the files in a zip by name; refuse too many entries, unsafe paths and too much uncompressed data
    (counted while reading, so a lying header does not help a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise FormatError(f"{file_name}: not a valid zip file") from error
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FormatError(f"{file_name}: refused: more than {MAX_ZIP_ENTRIES} files in the zip")
    files, budget = {}, MAX_ZIP_UNCOMPRESSED_BYTES
    for info in entries:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise FormatError(f"{file_name}: refused: unsafe path {name!r} in the zip")
        if info.is_dir():
            continue
        try:
            with archive.open(info) as member:
                data = member.read(budget + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            raise FormatError(f"{file_name}: cannot read {name!r} in the zip: {error}") from error
        budget -= len(data)
        if budget < 0:
            raise FormatError(
                f"{file_name}: refused: the zip unpacks to more than {MAX_ZIP_UNCOMPRESSED_BYTES // (1024 * 1024)} MiB"
            )
        files[name] = data
    return files


def decode_text(content: bytes, *, file_name: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(f"{file_name}: not UTF-8 text") from error

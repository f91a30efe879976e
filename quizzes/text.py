"""Text folding and quote location, below the models: is a quote verbatim in a source, where, and what is closest.

Editorial rule: two texts are compared after folding runs of whitespace to one space, curly quotes to straight
ones and dashes to a hyphen, and nothing else (case, punctuation and spelling must match).
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from quizzes.errors import QuoteInFurniture, QuoteNotFound, QuoteOutsidePassage, QuoteSpansPassages

_CHARACTER_FOLDS = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
    }
)

CLOSEST_TEXT_MAX_CHARS = 300
# A blank of a fill-in-the-blanks prompt: [[1]], [[2]], ...
CLOZE_BLANK_PATTERN = re.compile(r"\[\[(\d+)\]\]")


@dataclass(frozen=True)
class FoldedText:
    """A folded text and, for each of its characters, the index of the character it came from."""

    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the folded text back to the original text."""
        return self.offsets[start], self.offsets[end - 1] + 1


def fold_text(text: str) -> str:
    """Return the text as quotes are compared: whitespace, quotes and dashes folded."""
    return " ".join(text.translate(_CHARACTER_FOLDS).split())


@lru_cache(maxsize=32)
def fold_with_offsets(text: str) -> FoldedText:
    """Return the folded text with an offset map back into the original (cached: sources are long)."""
    folded_chars: list[str] = []
    offsets: list[int] = []
    pending_space_at = None
    for index, char in enumerate(text):
        if char.isspace():
            if pending_space_at is None:
                pending_space_at = index
            continue
        if pending_space_at is not None and folded_chars:
            folded_chars.append(" ")
            offsets.append(pending_space_at)
        pending_space_at = None
        folded_chars.append(char.translate(_CHARACTER_FOLDS))
        offsets.append(index)
    return FoldedText("".join(folded_chars), tuple(offsets))


def find_quote_spans(*, text: str, quote: str) -> list[tuple[int, int]]:
    """Return every [start, end) range of the original text where the quote occurs, after folding."""
    folded_quote = fold_text(quote)
    if not folded_quote:
        return []
    folded_source = fold_with_offsets(text)
    spans = []
    position = folded_source.text.find(folded_quote)
    while position != -1:
        spans.append(folded_source.original_span(position, position + len(folded_quote)))
        position = folded_source.text.find(folded_quote, position + 1)
    return spans


def closest_text(*, text: str, quote: str) -> str:
    """Return the stretch of the text that best resembles the quote, cut at word boundaries."""
    folded_quote = fold_text(quote)
    folded_source = fold_with_offsets(text)
    if not folded_quote or not folded_source.text:
        return ""
    matcher = SequenceMatcher(None, folded_source.text, folded_quote, autojunk=False)
    longest = matcher.find_longest_match(0, len(folded_source.text), 0, len(folded_quote))
    if longest.size == 0:
        return ""
    window_length = min(len(folded_quote), CLOSEST_TEXT_MAX_CHARS)
    start = max(0, longest.a - longest.b)
    end = min(len(folded_source.text), start + max(window_length, longest.size))
    while start > 0 and folded_source.text[start - 1] != " ":
        start -= 1
    while end < len(folded_source.text) and folded_source.text[end] != " ":
        end += 1
    original_start, original_end = folded_source.original_span(start, end)
    # A passage is one line of the source, and a quote may not cross passages: the hint stays within the
    # paragraph holding the best match, or it would suggest a quote that is refused in turn.
    match_start, _ = folded_source.original_span(longest.a, longest.a + longest.size)
    paragraph_start = text.rfind("\n", 0, match_start) + 1
    paragraph_end = text.find("\n", match_start)
    original_start = max(original_start, paragraph_start)
    original_end = min(original_end, len(text) if paragraph_end == -1 else paragraph_end)
    return " ".join(text[original_start:original_end].split())


def verify_quote(*, source, quote: str) -> list[tuple[int, int]]:
    """Return where the quote occurs in the source; raise QuoteNotFound (with the closest text) if nowhere."""
    spans = find_quote_spans(text=source.text, quote=quote)
    if not spans:
        raise QuoteNotFound(source=source, quote=quote, closest=closest_text(text=source.text, quote=quote))
    return spans


def locate_passage(*, source, quote: str, passages, anchor: str | None = None):
    """Return the passage that holds the quote (the one named by anchor, if given), never website furniture.

    Raises QuoteNotFound, QuoteOutsidePassage (anchor given but the quote is elsewhere), QuoteSpansPassages or
    QuoteInFurniture (the passage named, or every passage holding the quote, is website furniture).
    """
    spans = verify_quote(source=source, quote=quote)
    holders = []
    for start, end in spans:
        holder = next((p for p in passages if p.start <= start and end <= p.end), None)
        if holder is not None and holder not in holders:
            holders.append(holder)
    if anchor:
        named = next((p for p in holders if p.anchor == anchor), None)
        if named is None:
            raise QuoteOutsidePassage(
                source=source, quote=quote, passage_anchor=anchor, found_in=[p.anchor for p in holders]
            )
        holders = [named]
    if not holders:
        raise QuoteSpansPassages(source=source, quote=quote)
    citable = [p for p in holders if not p.is_furniture]
    if not citable:
        raise QuoteInFurniture(source=source, quote=quote, passage_anchors=[p.anchor for p in holders])
    return citable[0]


# Tab, newline and carriage return are ordinary in prompts and answers; every other control character is not.
_ALLOWED_CONTROL_CHARACTERS = frozenset("\t\n\r")


def text_problem(text: str) -> str:
    """Why a text cannot be stored or shown (a NUL or other control character, a lone surrogate), or ''."""
    for position, character in enumerate(text, start=1):
        code = ord(character)
        if code == 0:
            return f"contains a NUL character (U+0000) at position {position}"
        if (code < 0x20 or 0x7F <= code <= 0x9F) and character not in _ALLOWED_CONTROL_CHARACTERS:
            return f"contains a control character (U+{code:04X}) at position {position}"
        if 0xD800 <= code <= 0xDFFF:
            return f"contains a lone surrogate (U+{code:04X}) at position {position}, which is not valid Unicode"
    return ""


def nested_text_problem(value, *, where: str, max_depth: int) -> str:
    """The first hostile text or over-deep nesting in a parsed JSON/YAML value, named by its path, or ''."""
    stack = [(value, where, 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > max_depth:
            return f"{path or 'the body'} is nested more than {max_depth} levels deep"
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return f"{path or 'the body'} {problem}"
        elif isinstance(item, dict):
            for key, child in item.items():
                key_problem = text_problem(str(key))
                if key_problem:
                    return f"a key in {path or 'the body'} {key_problem}"
                stack.append((child, f"{path}.{key}" if path else str(key), depth + 1))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{index}]", depth + 1) for index, child in enumerate(item))
    return ""

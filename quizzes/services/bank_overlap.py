"""Whether a question can be answered by matching words: the measure behind "a bank that reasons".

A question counts as answerable by word overlap when the one cited sentence that shares the most content words
with its prompt also gives its key away:
- single choice: the correct option shares strictly more content words with that sentence than any other option;
- multiple choice: the options sharing at least half their content words with it are exactly the correct ones;
- true or false: it holds at least 60% of the prompt's content words (the statement is that sentence, or that
  sentence with a word changed);
- short answer and fill-in-the-blanks: it contains every content word of an accepted answer (of each blank);
- ordering: it alone holds at least half the content words of every item;
- matching: each pair is matched by words, every pair having a cited sentence that holds at least half the content
  words of both its sides (pairing a name with the sentence that names it is still matching words).
Content words are lower-cased words of three letters or more outside a list of function words, and numbers;
words naming the sources ("according", "article", "Wikipedia"...) are left out of the prompt, since every
attributed prompt has them. Anything else (comparing two sources, placing a claim in a perspective, reading a
figure against its caveats) needs more than one sentence and counts as reasoning.
"""

import re

from quizzes.text import fold_text

FUNCTION_WORDS = set(
    """
    the and for are but not you all any can her was one our out his has had have him how its who did does this
    that with from they them their there then than these those what when where which while whom whose why will
    would should could been being into onto upon about above after again against also among because before
    below between both each few more most other some such only own same very just over under until each were
    said says say says according article articles source sources column page wiki publication encyclopedia
    encyclopaedia wikipedia revolupedia imt cwi starr true false statement following which of these claims claim
    writes write written states state stated argues argue argued describes describe described calls call called
    """.split()
)
SOURCE_WORDS = {"according", "article", "wikipedia", "revolupedia", "imt", "cwi", "starr", "column", "page",
                "source", "publication", "encyclopedia", "wiki"}  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def content_words(text: str) -> set[str]:
    """The words of a text that carry its content (see the module's docstring)."""
    words = re.findall(r"[a-z0-9]+", fold_text(text).lower())
    return {word for word in words if word.isdigit() or (len(word) >= 3 and word not in FUNCTION_WORDS)}


def cited_sentences(entry: dict) -> list[set[str]]:
    """The content words of each sentence of the question's cited quotes."""
    return [
        content_words(sentence)
        for citation in entry.get("citations") or []
        for sentence in SENTENCE_END.split(citation["quote"])
        if content_words(sentence)
    ]


def share(words: set[str], sentence: set[str]) -> float:
    return len(words & sentence) / len(words) if words else 0.0


def answerable_by_overlap(entry: dict) -> bool:
    """Whether a bank entry's key can be found by matching its prompt's words to one cited sentence."""
    prompt = content_words(re.sub(r"\[\[\d+\]\]", " ", entry["prompt"])) - SOURCE_WORDS
    sentences = cited_sentences(entry)
    if not prompt or not sentences:
        return False
    best = max(sentences, key=lambda sentence: len(prompt & sentence))
    if not prompt & best:
        return False
    question_type, answer = entry["type"], entry["answer"]
    if question_type == "single_choice":
        overlaps = {c["key"]: len(content_words(c["text"]) & best) for c in entry["choices"]}
        top = max(overlaps.values())
        return top > 0 and [key for key, n in overlaps.items() if n == top] == [answer]
    if question_type == "multiple_choice":
        picked = {c["key"] for c in entry["choices"] if share(content_words(c["text"]), best) >= 0.5}
        return picked == set(answer)
    if question_type == "true_false":
        return share(prompt, best) >= 0.6
    if question_type == "short_answer":
        return any(content_words(text) and content_words(text) <= best for text in answer)
    if question_type == "cloze":
        return all(
            any(content_words(text) and content_words(text) <= best for text in texts) for texts in answer.values()
        )
    if question_type == "ordering":
        return all(share(content_words(item), best) >= 0.5 for item in answer)
    return all(
        any(share(content_words(pair["left"]), s) >= 0.5 and share(content_words(pair["right"]), s) >= 0.5
            for s in sentences)
        for pair in answer
    )  # fmt: skip


def reasoning_share(entries: list[dict]) -> tuple[int, int]:
    """How many of the entries can't be answered by word overlap, out of how many."""
    return sum(not answerable_by_overlap(entry) for entry in entries), len(entries)

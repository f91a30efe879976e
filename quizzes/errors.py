"""Domain errors: services raise them, views, serializers, forms and commands turn them into messages."""


class QuizError(Exception):
    """Base class of every error a user can be told about."""


class QuoteNotFound(QuizError):
    """A quote is not verbatim in the source (after folding whitespace, quotes and dashes)."""

    def __init__(self, *, source, quote: str, closest: str):
        self.source, self.quote, self.closest = source, quote, closest
        hint = f' The closest text found in it is: "{closest}"' if closest else ""
        super().__init__(f'The quote is not in "{source.display_name}" ({source.slug}).{hint}')


class QuoteOutsidePassage(QuizError):
    """A quote is in the source, but not inside the passage it claims to come from."""

    def __init__(self, *, source, quote: str, passage_anchor: str, found_in: list[str]):
        self.source, self.quote, self.passage_anchor, self.found_in = source, quote, passage_anchor, found_in
        where = ", ".join(found_in) if found_in else "no single passage (it spans a paragraph break)"
        super().__init__(
            f'The quote is in "{source.display_name}" ({source.slug}) but not in passage {passage_anchor}; '
            f"it is found in {where}."
        )


class QuoteSpansPassages(QuizError):
    """A quote runs across a paragraph break: cite each paragraph separately."""

    def __init__(self, *, source, quote: str):
        self.source, self.quote = source, quote
        super().__init__(
            f'The quote runs across a paragraph break in "{source.display_name}" ({source.slug}); '
            "cite each paragraph with its own quote."
        )


class QuoteInFurniture(QuizError):
    """A quote rests on website furniture (a donation appeal, navigation, a comment form): not the document's own
    text, so no key may rest on it."""

    def __init__(self, *, source, quote: str, passage_anchors: list[str]):
        self.source, self.quote, self.passage_anchors = source, quote, passage_anchors
        super().__init__(
            f'The quote rests on website furniture of "{source.display_name}" ({source.slug}): passage'
            f"{'s' if len(passage_anchors) > 1 else ''} {', '.join(passage_anchors)} "
            "(a donation appeal, navigation, a comment form or the like) is not the document's own text. "
            "Quote the text itself."
        )


class BankError(QuizError):
    """A bank file (or export) is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the question bank")


class SourceFileError(QuizError):
    """A source text or its metadata file cannot be loaded."""


class InvalidAnswer(QuizError):
    """An answer does not have the shape its question type needs (or names options the question lacks)."""


class QuizNotOpen(QuizError):
    """The quiz is not published, not yet open, or already closed."""


class NoAttemptsLeft(QuizError):
    """The student has used every attempt the quiz allows."""


class AttemptClosed(QuizError):
    """The attempt no longer takes answers: it was submitted, or its time ran out (it is then submitted)."""


class AnswerLocked(QuizError):
    """The question's key has been shown (review per question), so its answer can no longer change."""


class NothingToCheck(QuizError):
    """A question can't be checked: no answer is saved yet, or the quiz shows keys only after submission."""


class QuestionNotInAttempt(QuizError):
    """The question is not part of the attempt's quiz."""


class ReviewIdReused(QuizError):
    """A review id already recorded another card or rating: a client must send a new id for a new review."""


class UnknownDeck(QuizError):
    """No deck has this key (all, topic:<slug>, source:<slug> or quiz:<slug>)."""


class LtiRefused(QuizError):
    """An LTI exchange is refused: a launch (bad claims, replayed, inactive deployment), a registration or an LMS
    service call that failed. Carries the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int = 400):
        self.status = status
        super().__init__(message)


class ScoreSendFailed(QuizError):
    """The LMS did not take a score (down, slow or refusing); carries the send, which records its next try."""

    def __init__(self, message: str, *, score_send):
        self.score_send = score_send
        super().__init__(message)

from .attempts import Attempt, Response
from .questions import (
    AcceptedAnswer,
    Choice,
    Citation,
    DisagreementEntry,
    MatchingPair,
    OrderingItem,
    Question,
)
from .quizzes import Quiz, QuizQuestion
from .sources import Passage, Source, Topic

__all__ = [
    "AcceptedAnswer",
    "Attempt",
    "Choice",
    "Citation",
    "DisagreementEntry",
    "MatchingPair",
    "OrderingItem",
    "Passage",
    "Question",
    "Quiz",
    "QuizQuestion",
    "Response",
    "Source",
    "Topic",
]

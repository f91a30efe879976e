from .attempts import Attempt, Response
from .courses import Course, IntegrationKey
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
    "Course",
    "DisagreementEntry",
    "IntegrationKey",
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

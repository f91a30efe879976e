from .attempts import Attempt, Response
from .bank_loads import BankLoadRecord
from .cards import CardCitation, CardReview, CardState, Flashcard
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
    "BankLoadRecord",
    "CardCitation",
    "CardReview",
    "CardState",
    "Choice",
    "Citation",
    "Course",
    "DisagreementEntry",
    "Flashcard",
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

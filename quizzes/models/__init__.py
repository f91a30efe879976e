from .attempts import Attempt, AttemptRegrade, AttemptSlot, Response
from .bank_loads import BankLoadRecord
from .cards import CardCitation, CardReview, CardState, Flashcard
from .courses import Course, IntegrationKey
from .disagreements import DisagreementPoint, PositionQuote, SourcePosition
from .lti import GradeTarget, LtiCourse, LtiPlacement, ScoreSend
from .questions import (
    AcceptedAnswer,
    Choice,
    Citation,
    MatchingPair,
    OrderingItem,
    Question,
)
from .quizzes import Quiz, QuizPool, QuizQuestion
from .sources import Passage, Source, Topic
from .versions import QuestionVersion

__all__ = [
    "AcceptedAnswer",
    "Attempt",
    "AttemptRegrade",
    "AttemptSlot",
    "BankLoadRecord",
    "CardCitation",
    "CardReview",
    "CardState",
    "Choice",
    "Citation",
    "Course",
    "DisagreementPoint",
    "Flashcard",
    "GradeTarget",
    "IntegrationKey",
    "LtiCourse",
    "LtiPlacement",
    "MatchingPair",
    "OrderingItem",
    "Passage",
    "PositionQuote",
    "Question",
    "QuestionVersion",
    "Quiz",
    "QuizPool",
    "QuizQuestion",
    "Response",
    "ScoreSend",
    "SourcePosition",
    "Source",
    "Topic",
]

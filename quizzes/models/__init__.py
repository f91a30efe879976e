from .attempts import Attempt, Response
from .cards import CardCitation, CardReview, CardState, Flashcard
from .courses import Course, IntegrationKey
from .lti import GradeTarget, LtiCourse, LtiPlacement, ScoreSend
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
    "CardCitation",
    "CardReview",
    "CardState",
    "Choice",
    "Citation",
    "Course",
    "DisagreementEntry",
    "Flashcard",
    "GradeTarget",
    "IntegrationKey",
    "LtiCourse",
    "LtiPlacement",
    "MatchingPair",
    "OrderingItem",
    "Passage",
    "Question",
    "Quiz",
    "QuizQuestion",
    "Response",
    "ScoreSend",
    "Source",
    "Topic",
]

"""Database models, one module per area."""

from quizapp.models.attempt import Attempt, AttemptItem
from quizapp.models.bank import Bank, Fact, Question
from quizapp.models.item_tally import ItemTally, WrongAnswerTally
from quizapp.models.learner_tally import LearnerTally, StudyQuarter, StudyVersion
from quizapp.models.review import ReviewState
from quizapp.models.session import UserSession
from quizapp.models.shown import ShownItem, read_shown_item, shown_item
from quizapp.models.staged_upload import StagedUpload
from quizapp.models.user import User
from quizapp.models.version import QuestionVersion, Regrade

__all__ = [
    "Attempt",
    "AttemptItem",
    "Bank",
    "Fact",
    "ItemTally",
    "LearnerTally",
    "Question",
    "QuestionVersion",
    "Regrade",
    "ReviewState",
    "ShownItem",
    "StagedUpload",
    "StudyQuarter",
    "StudyVersion",
    "User",
    "UserSession",
    "WrongAnswerTally",
    "read_shown_item",
    "shown_item",
]

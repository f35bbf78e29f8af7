"""Database models, one module per area."""

from quizapp.models.attempt import Attempt, AttemptItem, QuizMode
from quizapp.models.bank import Bank, Category, Fact, Question, QuestionType
from quizapp.models.review import ReviewState
from quizapp.models.user import User

__all__ = [
    "Attempt",
    "AttemptItem",
    "Bank",
    "Category",
    "Fact",
    "Question",
    "QuestionType",
    "QuizMode",
    "ReviewState",
    "User",
]

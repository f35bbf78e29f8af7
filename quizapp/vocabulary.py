"""The words the whole app shares: categories, question types, quiz modes, mastery.

A plain module that imports nothing of the app, so pure modules (the bank
schema, the graders, the statistics, the GIFT reader) can name these values
without loading the models or Flask.
"""

from enum import StrEnum


class Category(StrEnum):
    """What a question is about; every question and fact has one."""

    DATE = "date"
    OFFICIAL = "official"
    FIGURE = "figure"
    PLACE = "place"
    OTHER = "other"


class QuestionType(StrEnum):
    """How a question is asked and answered.

    Adding a type takes one entry in each table keyed by this enum (the bank
    format's question classes in `bankfile.question_specs`, the graders, the answer
    forms and their input partials, the answer formatters and the GIFT, Anki and CSV
    exporters);
    `tests/test_question_type_tables.py` fails while any table lacks it.
    """

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    DATE = "date"
    TEXT = "text"
    MATCHING = "matching"
    ORDERING = "ordering"


class QuizMode(StrEnum):
    """Which questions a quiz asks and when it shows the answers."""

    PRACTICE = "practice"
    TEST = "test"
    REVIEW = "review"
    MISTAKES = "mistakes"

    @property
    def gives_feedback(self) -> bool:
        """Every mode but test shows the answer and explanation right after each question."""
        return self != QuizMode.TEST


class Outcome(StrEnum):
    """How an answered question went; the value doubles as its CSS class."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    SKIPPED = "skipped"
    NOT_ANSWERED = "not-answered"

    @property
    def label(self) -> str:
        """Say it in words, so colour is never the only sign."""
        return OUTCOME_LABELS[self]

    @classmethod
    def of(
        cls, is_answered: bool, response: object, is_correct: bool | None,
        points_earned: float | None,
    ) -> "Outcome":
        """Say how an answer went: skipped and unanswered are not the same as wrong."""
        if not is_answered:
            return cls.NOT_ANSWERED
        if response is None:
            return cls.SKIPPED
        if is_correct:
            return cls.CORRECT
        return cls.PARTIAL if points_earned else cls.INCORRECT


OUTCOME_LABELS = {
    Outcome.CORRECT: "Correct",
    Outcome.PARTIAL: "Partly correct",
    Outcome.INCORRECT: "Not correct",
    Outcome.SKIPPED: "Skipped",
    Outcome.NOT_ANSWERED: "Not answered",
}


class Mastery(StrEnum):
    """How well a learner knows a question or fact, from its review card."""

    NOT_SEEN = "not seen"
    LEARNING = "learning"
    KNOWN = "known"

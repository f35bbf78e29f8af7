"""Grade learners' responses, one grader per question type; no Flask, no database.

A new question type is one `Grader` subclass and one line in `GRADERS`.
"""

from typing import Any

from quizapp.grading.arrangement import MatchingGrader, OrderingGrader
from quizapp.grading.base import NO_ANSWER, NO_CONTEXT, Grade, Grader, GradingContext, Placement
from quizapp.grading.choice import MultipleChoiceGrader, SingleChoiceGrader, TrueFalseGrader
from quizapp.grading.dates import DateGrader
from quizapp.grading.numeric import NumericGrader
from quizapp.grading.text import TextGrader
from quizapp.vocabulary import QuestionType

__all__ = [
    "GRADERS", "NO_ANSWER", "NO_CONTEXT", "Grade", "GradingContext", "Placement",
    "feedback_for", "format_answer", "format_response", "grade", "placements",
]

GRADERS: dict[QuestionType, Grader] = {
    QuestionType.SINGLE: SingleChoiceGrader(),
    QuestionType.MULTIPLE: MultipleChoiceGrader(),
    QuestionType.TRUE_FALSE: TrueFalseGrader(),
    QuestionType.NUMERIC: NumericGrader(),
    QuestionType.DATE: DateGrader(),
    QuestionType.TEXT: TextGrader(),
    QuestionType.MATCHING: MatchingGrader(),
    QuestionType.ORDERING: OrderingGrader(),
}


def grader_for(question_type: str) -> Grader:
    """Return the grader of a question type, naming the known types when it has none."""
    try:
        return GRADERS[question_type]
    except KeyError:
        known = ", ".join(GRADERS)
        raise ValueError(f"no grader for question type {question_type!r}; known: {known}") from None


def grade(
    question_type: str,
    data: dict[str, Any],
    points: int,
    response: Any,
    context: GradingContext = NO_CONTEXT,
) -> Grade:
    """Grade a learner's response to a question of this type worth `points`."""
    return grader_for(question_type).grade(data, points, response, context)


def format_answer(question_type: str, data: dict[str, Any]) -> str:
    """Describe a question's correct answer for a learner."""
    return grader_for(question_type).format_answer(data)


def format_response(question_type: str, data: dict[str, Any], response: Any) -> str:
    """Describe a learner's response, or say there was no answer."""
    return grader_for(question_type).format_response(data, response)


def placements(question_type: str, data: dict[str, Any], response: Any) -> list[Placement]:
    """Compare an arranged answer (matching, ordering) with the key, row by row."""
    return grader_for(question_type).placements(data, response)


def feedback_for(question_type: str, data: dict[str, Any], response: Any) -> tuple[str, ...]:
    """Return what the bank tells a learner who gave this response: per choice or answer."""
    return grader_for(question_type).feedback(data, response)

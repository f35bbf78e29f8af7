"""Write every question of a bank, retired ones included, as CSV rows for a spreadsheet.

Besides the answer as learners see it, a row lists the wrong choices, the other
answers accepted (with their share of the points) and the feedback written per
answer, so an author can review a whole bank in one sheet.
"""

import csv
import io
from typing import Any

from quizapp.grading import format_answer
from quizapp.models import Bank, Question

COLUMNS = ("id", "category", "type", "prompt", "answer", "wrong_choices", "accepted_answers",
           "feedback", "explanation", "points", "fact", "paragraph", "retired")
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def export_csv(bank: Bank) -> str:
    """Return a header row, then one row per question in bank order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([defuse(cell) for cell in question_row(question)]
                     for question in bank.questions)
    return buffer.getvalue()


def question_row(question: Question) -> tuple[str, ...]:
    """Write a question's cells in COLUMNS order, the answer as learners see it."""
    data = question.data
    return (
        question.key,
        question.category,
        question.type,
        question.prompt,
        format_answer(question.type, data),
        LIST_SEPARATOR.join(wrong_choices(question.type, data)),
        LIST_SEPARATOR.join(accepted_answers(question.type, data)),
        LIST_SEPARATOR.join(feedback_notes(data)),
        question.explanation,
        str(question.points),
        question.fact.key if question.fact else "",
        str(question.source_paragraph or ""),
        "yes" if question.is_retired else "no",
    )


def wrong_choices(question_type: str, data: dict[str, Any]) -> list[str]:
    """List the choices that are not the answer, each with its weight when it has one."""
    if question_type == "single":
        rights = {data["answer"]}
    elif question_type == "multiple":
        rights = set(data["answers"])
    else:
        return []
    return [weighted(choice, data.get("choice_weights", {}).get(choice))
            for choice in data["choices"] if choice not in rights]


def accepted_answers(question_type: str, data: dict[str, Any]) -> list[str]:
    """List the other answers accepted: typed names, extra numbers or dates, with weights."""
    if question_type == "text":
        return [weighted(name, data.get("choice_weights", {}).get(name))
                for name in data.get("accept", [])]
    extras = data.get("extra_answers", [])
    return [weighted(str(extra["answer"]) + (f" ±{extra['tolerance']}"
                                            if extra.get("tolerance") else ""), extra["weight"])
            for extra in extras]


def feedback_notes(data: dict[str, Any]) -> list[str]:
    """List the feedback written per answer, each after the answer it is for."""
    notes = [f"{text}: {note}" for text, note in data.get("choice_feedback", {}).items()]
    if data.get("answer_feedback"):
        notes.append(f"right answer: {data['answer_feedback']}")
    notes += [f"{extra['answer']}: {extra['feedback']}"
              for extra in data.get("extra_answers", []) if extra.get("feedback")]
    if data.get("wrong_feedback"):
        notes.append(f"any other answer: {data['wrong_feedback']}")
    return notes


def weighted(text: str, weight: float | None) -> str:
    return text if weight is None else f"{text} ({weight:g}%)"


def defuse(cell: str) -> str:
    """Keep a cell from running as a formula by starting it with a quote, as OWASP advises."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell

"""Write every question of a bank, retired ones included, as CSV rows for a spreadsheet."""

import csv
import io

from quizapp.grading import format_answer
from quizapp.models import Bank, Question

COLUMNS = ("id", "category", "type", "prompt", "answer", "explanation", "points", "fact",
           "paragraph", "retired")
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    return (
        question.key,
        question.category,
        question.type,
        question.prompt,
        format_answer(question.type, question.data),
        question.explanation,
        str(question.points),
        question.fact.key if question.fact else "",
        str(question.source_paragraph or ""),
        "yes" if question.is_retired else "no",
    )


def defuse(cell: str) -> str:
    """Keep a cell from running as a formula by starting it with a quote, as OWASP advises."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell

"""Write a bank's active questions as Moodle GIFT, naming the ones GIFT cannot express.

What GIFT has no syntax for travels in `// key: value` comments that Moodle
skips and `load_gift_text` reads back (see quizapp/interop/gift_import.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quizapp.interop.gift_syntax import escape, escape_comment
from quizapp.models import Bank, Question
from quizapp.vocabulary import QuestionType

HEADER = (
    "// Moodle GIFT export of a quizapp bank. Comments such as `// points: 2` keep what\n"
    "// GIFT has no syntax for: Moodle skips them and `flask bank import` reads them."
)
ARROW = "->"


@dataclass(frozen=True)
class SkippedQuestion:
    id: str
    reason: str


@dataclass(frozen=True)
class GiftExport:
    text: str
    skipped: tuple[SkippedQuestion, ...]


def export_gift(bank: Bank) -> GiftExport:
    """Return the bank's active questions as GIFT text, with those GIFT cannot express."""
    blocks = [bank_header(bank)]
    skipped = []
    category = None
    for question in bank.questions:
        if question.is_retired:
            continue
        reason = unwritable_reason(question)
        if reason:
            skipped.append(SkippedQuestion(question.key, reason))
            continue
        if question.category != category:
            category = question.category
            blocks.append(f"$CATEGORY: {bank.slug}/{category}")
        blocks.append(question_block(question))
    return GiftExport("\n\n".join(blocks) + "\n", tuple(skipped))


def bank_header(bank: Bank) -> str:
    fields = {
        "bank": bank.slug,
        "bank-title": bank.title,
        "bank-description": bank.description,
        "source-publisher": bank.source_publisher,
        "source-title": bank.source_title,
        "source-published": bank.source_published.isoformat() if bank.source_published else None,
        "source-url": bank.source_url,
    }
    comments = [f"// {key}: {escape_comment(value)}" for key, value in fields.items() if value]
    return "\n".join([HEADER, *comments])


def unwritable_reason(question: Question) -> str | None:
    """Say why GIFT cannot carry this question, or None when it can."""
    if ANSWER_WRITERS[question.type] is None:
        return f"GIFT has no {question.type} questions"
    data = question.data
    if question.type == "matching" and any(ARROW in left for left in data["pairs"]):
        return f"a left-hand item contains {ARROW!r}, which GIFT reads as the pair's arrow"
    if question.type == "text" and any(ARROW in text for text in texts_accepted(data)):
        return f"an answer contains {ARROW!r}, which GIFT reads as a matching pair"
    return None


def question_block(question: Question) -> str:
    """Write one question: its setting comments, then ::id:: prompt {answers ####explanation}."""
    settings = {
        "points": question.points if question.points != 1 else None,
        "paragraph": question.source_paragraph,
        "unit": question.data.get("unit"),
        "tolerance-pct": question.data.get("tolerance_pct"),
        "accept-surname": "true" if question.data.get("accept_surname") else None,
        "refuse": "; ".join(question.data.get("refuse") or []) or None,
    }
    opening = "{#" if question.type == "numeric" else "{"
    text_format = f"[{question.text_format}]" if question.text_format != "plain" else ""
    explanation = [f"\t####{escape(question.explanation)}"] if question.explanation else []
    return "\n".join([
        *(f"// {key}: {escape_comment(str(value))}" for key, value in settings.items()
          if value is not None),
        f"::{escape(question.key)}:: {text_format}{escape(question.prompt)} {opening}",
        *(f"\t{line}" for line in ANSWER_WRITERS[question.type](question.data)),
        *explanation,
        "}",
    ])


def answer_line(marker: str, text: str, weight: Any = None, feedback: str | None = None) -> str:
    """Write one answer: its marker, %weight%, text and #feedback."""
    weighted = f"%{number_text(Decimal(str(weight)))}%" if weight is not None else ""
    noted = f"#{escape(feedback)}" if feedback else ""
    return f"{marker}{weighted}{text}{noted}"


def choice_line(data: dict[str, Any], marker: str, text: str, weight: Any = None) -> str:
    """Write a choice or accepted name with the weight and feedback the bank gives it."""
    weight = data.get("choice_weights", {}).get(text, weight)
    return answer_line(marker, escape(text), weight, data.get("choice_feedback", {}).get(text))


def single_answers(data: dict[str, Any]) -> list[str]:
    return [choice_line(data, "=" if choice == data["answer"] else "~", choice)
            for choice in data["choices"]]


def multiple_answers(data: dict[str, Any]) -> list[str]:
    """Weigh each choice as our grader does: as written, else right 100/n and wrong -100/n."""
    share = Decimal(100) / len(data["answers"])
    return [choice_line(data, "~", choice, share if choice in data["answers"] else -share)
            for choice in data["choices"]]


def truth_answers(data: dict[str, Any]) -> list[str]:
    """Write TRUE or FALSE, then the #wrong and #right feedback when there is any."""
    feedback = [data.get("wrong_feedback"), data.get("answer_feedback")]
    if not any(feedback):
        feedback = []
    return ["TRUE" if data["answer"] else "FALSE", *(f"#{escape(note or '')}" for note in feedback)]


def text_answers(data: dict[str, Any]) -> list[str]:
    return [choice_line(data, "=", text) for text in texts_accepted(data)]


def numeric_answers(data: dict[str, Any]) -> list[str]:
    """Write the answer and its tolerance, the extra answers, then the wrong-answer feedback.

    A percentage tolerance becomes the absolute margin it allows.
    """
    answer = Decimal(str(data["answer"]))
    if data.get("tolerance_pct") is not None:
        tolerance: Decimal | None = abs(answer) * Decimal(str(data["tolerance_pct"])) / 100
    elif data.get("tolerance") is not None:
        tolerance = Decimal(str(data["tolerance"]))
    else:
        tolerance = None
    lines = [answer_line("=", number_range(data["answer"], tolerance),
                         feedback=data.get("answer_feedback"))]
    lines += [answer_line("=", number_range(extra["answer"], extra.get("tolerance")),
                          extra["weight"], extra.get("feedback"))
              for extra in data.get("extra_answers", ())]
    if data.get("wrong_feedback"):
        lines.append(f"~#{escape(data['wrong_feedback'])}")
    return lines


def number_range(number: Any, tolerance: Any) -> str:
    if tolerance is None:
        return repr(number)
    return f"{number!r}:{number_text(Decimal(str(tolerance)))}"


def matching_answers(data: dict[str, Any]) -> list[str]:
    return [f"={escape(left)} {ARROW} {escape(right)}" for left, right in data["pairs"].items()]


def texts_accepted(data: dict[str, Any]) -> list[str]:
    return [data["answer"], *data.get("accept", [])]


def number_text(value: Decimal) -> str:
    """Write a decimal plainly, to five places at most, as Moodle's grade list does."""
    return format(round(value, 5).normalize(), "f")


# None: GIFT has no syntax for the type, so the export names the question as skipped.
ANSWER_WRITERS: dict[QuestionType, Callable[[dict[str, Any]], list[str]] | None] = {
    QuestionType.SINGLE: single_answers,
    QuestionType.MULTIPLE: multiple_answers,
    QuestionType.TRUE_FALSE: truth_answers,
    QuestionType.TEXT: text_answers,
    QuestionType.NUMERIC: numeric_answers,
    QuestionType.MATCHING: matching_answers,
    QuestionType.DATE: None,
    QuestionType.ORDERING: None,
}

"""Read the answers between a GIFT question's braces, one reader per kind of question.

Each reader returns the bank format's type fields, answer feedback and partial
credit included, and notes on anything the bank format has no place for. Syntax
the reader cannot make sense of raises GiftSyntaxError.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quizapp.interop.gift_syntax import Span

TextReader = Callable[[Span], str]
Reading = tuple[dict[str, Any], list[str]]
TRUTH = {"T": True, "TRUE": True, "F": False, "FALSE": False}
WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
WHOLE_NUMBER = re.compile(r"[+-]?\d+")


class GiftSyntaxError(ValueError):
    """Say what is wrong with the GIFT at the start of a span."""

    def __init__(self, span: Span, message: str):
        self.span = span
        super().__init__(message)


@dataclass(frozen=True)
class Answer:
    marker: str  # "=", "~", or "" for text before the first marker
    weight: Decimal | None
    text: Span
    feedback: Span | None


def split_answers(body: Span, markers: str, *, plain: bool = False) -> list[Answer]:
    """Cut answers at each marker, reading their %weight% and #feedback unless plain."""
    answers = []
    for index, piece in enumerate(body.split_before(markers)):
        marker = piece.masked[0] if index else ""
        rest = piece.cut(len(marker)).strip()
        if not marker and not rest:
            continue
        weight, feedback = None, None
        if not plain:
            weight, rest = take_weight(rest)
            rest, feedback = split_feedback(rest)
        answers.append(Answer(marker, weight, rest, feedback))
    return answers


def take_weight(span: Span) -> tuple[Decimal | None, Span]:
    """Split a leading %weight% off an answer; None when it has none."""
    if not span.masked.startswith("%"):
        return None, span
    match = WEIGHT.match(span.masked)
    if not match or abs(Decimal(match[1])) > 100:
        raise GiftSyntaxError(span, "a weight is a percentage from -100 to 100 between "
                              "% signs, such as %50%")
    return Decimal(match[1]), span.cut(match.end()).strip()


def split_feedback(span: Span) -> tuple[Span, Span | None]:
    """Split an answer's #feedback off its text."""
    marker = span.find("#")
    if marker < 0:
        return span, None
    return span.cut(0, marker).strip(), span.cut(marker + 1).strip() or None


def is_full_marks(answer: Answer) -> bool:
    return answer.weight is None or answer.weight == 100


def require_markers(answers: list[Answer], message: str) -> None:
    if answers and not answers[0].marker:
        raise GiftSyntaxError(answers[0].text, message)


def entry(answer: Answer, as_text: TextReader, weight: Decimal | None = None) -> Any:
    """Write an answer as the bank format does: plain text, or text with feedback and weight."""
    fields: dict[str, Any] = {"text": as_text(answer.text)}
    if answer.feedback:
        fields["feedback"] = answer.feedback.text
    if weight is not None:
        fields["weight"] = as_plain_number(weight)
    return fields if len(fields) > 1 else fields["text"]


def read_choices(body: Span, as_text: TextReader) -> Reading:
    """Read `=right ~wrong` as single choice, or `~%50%a ~%50%b ~%-50%c` as multiple."""
    answers = split_answers(body, "~=")
    require_markers(answers, "each choice starts with = (the right one) or ~ (a wrong one)")
    rights = [answer for answer in answers if answer.marker == "="]
    if rights:
        for right in rights:
            if not is_full_marks(right):
                raise GiftSyntaxError(right.text, "= marks an answer worth full marks; "
                                      "weight other answers with ~%50%")
        # Moodle gives every choice marked = full marks; the first is the one we show.
        choices = [entry(answer, as_text, answer.weight if answer.marker == "~" else
                         (None if answer is rights[0] else Decimal(100)))
                   for answer in answers]
        return {"type": "single", "choices": choices, "answer": as_text(rights[0].text)}, []
    rights = [answer for answer in answers if answer.weight and answer.weight > 0]
    # Moodle's unweighted wrong choice costs nothing, ours a share: write weights unless
    # they are exactly our default, as our own export writes them.
    weighted = not weights_match_our_scoring(answers, len(rights))
    choices = [entry(answer, as_text, (answer.weight or Decimal(0)) if weighted else None)
               for answer in answers]
    answer_texts = [as_text(answer.text) for answer in rights]
    return {"type": "multiple", "choices": choices, "answers": answer_texts}, []


def weights_match_our_scoring(answers: list[Answer], right_count: int) -> bool:
    """Tell whether right choices weigh 100/n and wrong ones -100/n, as our grader scores."""
    if not right_count:
        return True
    share = Decimal(100) / right_count
    return all(
        answer.weight is not None and abs(abs(answer.weight) - share) < Decimal("0.01")
        for answer in answers
    )


def read_matching(body: Span, as_text: TextReader) -> Reading:
    """Read `=left -> right` pairs; a pair without a left item is an extra right-hand answer."""
    answers = split_answers(body, "=", plain=True)
    require_markers(answers, "each pair starts with =, as in =left -> right")
    pairs: dict[str, str] = {}
    dropped = []
    for answer in answers:
        arrow = answer.text.find("->")
        if arrow < 0:
            raise GiftSyntaxError(answer.text, "a pair is written =left -> right")
        left, right = as_text(answer.text.cut(0, arrow)), as_text(answer.text.cut(arrow + 2))
        if not left:
            dropped.append(f"the extra right-hand answer {right!r} is not kept")
        elif left in pairs:
            raise GiftSyntaxError(answer.text, f"{left!r} is paired twice")
        else:
            pairs[left] = right
    return {"type": "matching", "pairs": pairs}, dropped


def read_truth(body: Span, as_text: TextReader) -> Reading:
    """Read {T}, {TRUE}, {F} or {FALSE}, with optional #wrong#right feedback."""
    value, *feedback = body.strip().split_before("#")
    fields: dict[str, Any] = {"type": "true_false", "answer": TRUTH[value.masked.strip()]}
    for name, part in zip(("wrong_feedback", "answer_feedback"), feedback, strict=False):
        if part.cut(1):
            fields[name] = part.cut(1).text
    return fields, []


def read_short_answer(body: Span, as_text: TextReader) -> Reading:
    """Read `=answer =alias =%50%partial`: the first full-marks answer, then the others."""
    answers = split_answers(body, "=")
    main = next((answer for answer in answers if is_full_marks(answer)), None)
    if main is None:
        raise GiftSyntaxError(body, "a short-answer question needs an answer worth full marks")
    fields: dict[str, Any] = {"type": "text", "answer": entry(main, as_text)}
    accepted = [entry(answer, as_text, None if is_full_marks(answer) else answer.weight)
                for answer in answers if answer is not main]
    if accepted:
        fields["accept"] = accepted
    return fields, []


def read_numeric(body: Span, as_text: TextReader) -> Reading:
    """Read `#answer`, `#answer:tolerance` or `#low..high`, then partial-credit answers.

    The first answer worth full marks is the answer; the others are extra answers,
    and `~#feedback` is what a learner whose number matches none of them is told.
    """
    body = body.strip().cut(1)
    fields: dict[str, Any] = {"type": "numeric"}
    wrong = body.find("~")
    if wrong >= 0:
        _, feedback = split_feedback(body.cut(wrong + 1))
        if feedback:
            fields["wrong_feedback"] = feedback.text
        body = body.cut(0, wrong)
    answers = split_answers(body, "=")
    main = next((answer for answer in answers if is_full_marks(answer)), None)
    if main is None:
        raise GiftSyntaxError(body, "a numerical question needs an answer worth full "
                              "marks, such as {#9000:50}")
    fields["answer"], tolerance = read_number_range(main.text)
    if tolerance is not None:
        fields["tolerance"] = tolerance
    if main.feedback:
        fields["answer_feedback"] = main.feedback.text
    extras = [numeric_extra(answer) for answer in answers if answer is not main]
    if extras:
        fields["extra_answers"] = extras
    return fields, []


def numeric_extra(answer: Answer) -> dict[str, Any]:
    """Write one more numerical answer with its weight (full marks when it has none)."""
    number, tolerance = read_number_range(answer.text)
    weight = Decimal(100) if answer.weight is None else answer.weight
    extra: dict[str, Any] = {"answer": number, "weight": as_plain_number(weight)}
    if tolerance is not None:
        extra["tolerance"] = tolerance
    if answer.feedback:
        extra["feedback"] = answer.feedback.text
    return extra


def read_number_range(span: Span) -> tuple[int | float, int | float | None]:
    """Read `answer`, `answer:tolerance` or `low..high` as an answer and its tolerance."""
    text = span.text
    if ".." in text:
        low, high = (Decimal(str(read_number_at(span, part))) for part in text.split("..", 1))
        if low > high:
            raise GiftSyntaxError(span, "a range is written low..high, the low end first")
        return as_plain_number((low + high) / 2), as_plain_number((high - low) / 2)
    if ":" in text:
        answer, tolerance = text.split(":", 1)
        return read_number_at(span, answer), read_number_at(span, tolerance)
    return read_number_at(span, text), None


def read_number_at(span: Span, text: str) -> int | float:
    number = read_number(text)
    if number is None:
        raise GiftSyntaxError(span, f"{text.strip()!r} is not a number")
    return number


def read_number(text: str) -> int | float | None:
    """Read a number as written, keeping whole numbers whole; None when it is not one."""
    text = text.strip()
    if WHOLE_NUMBER.fullmatch(text):
        return int(text)
    return float(text) if NUMBER.fullmatch(text) else None


def as_plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)

"""Grader for numeric questions: read numbers as people type them, within a tolerance."""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quizapp.grading.base import Assessment, Grader, GradingContext, answer_credit, as_text

# Thousands may be grouped by a comma, a space, a no-break space, a thin space or a
# narrow no-break space, used consistently; a lone comma is never read as a decimal point.
NUMBER = re.compile(
    r"""
    (?P<sign>[+-]?)
    (?P<whole>\d{1,3}(?P<sep>[,\u0020\u00a0\u2009\u202f])\d{3}(?:(?P=sep)\d{3})* | \d*)
    (?P<fraction>\.\d+)?
    """,
    re.VERBOSE,
)
# "10.000": dots between groups of three, as much of Europe writes ten thousand.
DOTTED_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
# A unit that is itself a magnitude ("million", "million people") scales the answer.
MAGNITUDES = {"thousand": Decimal(1000), "million": Decimal(10**6), "billion": Decimal(10**9)}


@dataclass(frozen=True)
class NumberReading:
    """A learner's number in the question's unit, and how it was read when not as typed."""

    number: Decimal
    note: str | None = None


class NumericGrader(Grader):
    """Full marks within the answer's tolerance, else the best extra answer's weight."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        return self.credit(data, response)[0]

    def assess(self, data: dict[str, Any], response: Any, context: GradingContext) -> Assessment:
        reading = read_response(response, data)
        return Assessment(self.credit(data, response)[0], reading.note if reading else None)

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        return self.credit(data, response)[1]

    def credit(self, data: dict[str, Any], response: Any) -> tuple[float, tuple[str, ...]]:
        reading = read_response(response, data)
        if reading is None:
            return 0.0, ()
        number = reading.number
        return answer_credit(data, within(number, data["answer"], allowed_error(data)),
                             lambda extra: agrees(number, extra))

    def format_answer(self, data: dict[str, Any]) -> str:
        answer = with_unit(Decimal(str(data["answer"])), data.get("unit"))
        if data.get("tolerance_pct"):
            return f"{answer} (±{data['tolerance_pct']}%)"
        if data.get("tolerance"):
            return f"{answer} (±{data['tolerance']})"
        return answer

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        reading = read_response(response, data)
        if reading is None:
            return as_text(response)
        return with_unit(reading.number, data.get("unit"))


def read_response(response: Any, data: dict[str, Any]) -> NumberReading | None:
    """Read a learner's number as the question expects it, noting any reading not as typed.

    Dots group thousands only when the answer is a whole number of a thousand or more,
    and a number typed in full ("18000000") is scaled to a unit such as "million".
    """
    unit = data.get("unit")
    answer = Decimal(str(data["answer"]))
    dots_group = answer == answer.to_integral_value() and abs(answer) >= 1000
    number = read_number(response, unit, dots_group_thousands=dots_group)
    if number is None:
        return None
    note = None
    if dots_group and DOTTED_THOUSANDS.fullmatch(strip_unit(as_text(response), unit)):
        note = f"Read {as_text(response)} as {with_unit(number, unit)}."
    magnitude = MAGNITUDES.get((unit or "").lower().partition(" ")[0])
    if magnitude and abs(number) >= magnitude > abs(answer):
        scaled = number / magnitude
        note = f"Read {number:,} as {with_unit(scaled, unit)}."
        number = scaled
    return NumberReading(number, note)


def read_number(
    response: Any, unit: str | None = None, dots_group_thousands: bool = False
) -> Decimal | None:
    """Read a typed number such as "9,000" or "9000.0", or "9000 sorties" in the question's unit.

    With `dots_group_thousands`, "10.000" is ten thousand rather than ten.
    """
    if isinstance(response, int | float) and not isinstance(response, bool):
        number = Decimal(str(response))
        return number if number.is_finite() else None
    text = strip_unit(as_text(response), unit)
    if dots_group_thousands and DOTTED_THOUSANDS.fullmatch(text):
        return Decimal(text.replace(".", ""))
    match = NUMBER.fullmatch(text)
    if not match or not (match["whole"] or match["fraction"]):
        return None
    digits = (match["whole"] or "0").replace(match["sep"] or ",", "")
    return Decimal(match["sign"] + digits + (match["fraction"] or ""))


def strip_unit(text: str, unit: str | None) -> str:
    """Drop the question's unit from the end of a typed answer."""
    if unit and text.lower().endswith(unit.lower()):
        return text[: -len(unit)].rstrip()
    return text


def within(number: Decimal, answer: int | float, error: Decimal) -> bool:
    return abs(number - Decimal(str(answer))) <= error


def agrees(number: Decimal, extra: dict[str, Any]) -> bool:
    """Tell whether a number falls within an extra answer's own absolute tolerance."""
    return within(number, extra["answer"], Decimal(str(extra.get("tolerance") or 0)))


def allowed_error(data: dict[str, Any]) -> Decimal:
    """Return the widest error the question forgives: absolute, or a percentage of the answer."""
    absolute = Decimal(str(data.get("tolerance") or 0))
    percent = Decimal(str(data.get("tolerance_pct") or 0))
    relative = abs(Decimal(str(data["answer"]))) * percent / 100
    return max(absolute, relative)


def with_unit(number: Decimal, unit: str | None) -> str:
    """Write a number with thousands commas, followed by its unit when it has one."""
    written = f"{number:,}"
    return f"{written} {unit}" if unit else written

"""Grader for numeric questions: read numbers as people type them, within a tolerance."""

import re
from decimal import Decimal
from typing import Any

from quizapp.grading.base import Grader, answer_credit, as_text

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


class NumericGrader(Grader):
    """Full marks within the answer's tolerance, else the best extra answer's weight."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        return self.credit(data, response)[0]

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        return self.credit(data, response)[1]

    def credit(self, data: dict[str, Any], response: Any) -> tuple[float, tuple[str, ...]]:
        number = read_number(response, data.get("unit"))
        if number is None:
            return 0.0, ()
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
        number = read_number(response, data.get("unit"))
        if number is None:
            return as_text(response)
        return with_unit(number, data.get("unit"))


def read_number(response: Any, unit: str | None = None) -> Decimal | None:
    """Read a typed number such as "9,000" or "9000.0", or "9000 sorties" in the question's unit."""
    if isinstance(response, int | float) and not isinstance(response, bool):
        number = Decimal(str(response))
        return number if number.is_finite() else None
    text = as_text(response)
    if unit and text.lower().endswith(unit.lower()):
        text = text[: -len(unit)].rstrip()
    match = NUMBER.fullmatch(text)
    if not match or not (match["whole"] or match["fraction"]):
        return None
    digits = (match["whole"] or "0").replace(match["sep"] or ",", "")
    return Decimal(match["sign"] + digits + (match["fraction"] or ""))


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

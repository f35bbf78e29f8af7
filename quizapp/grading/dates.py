"""Grader for date questions: read dates as people write them, at the precision asked."""

import datetime
import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from quizapp.grading.base import Grader, answer_credit, as_text

# English names, fixed here because the calendar module follows the process locale.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

ISO = re.compile(r"(?P<year>\d{4})(?:[-/](?P<month>\d{1,2})(?:[-/](?P<day>\d{1,2}))?)?")
DAY_FIRST = re.compile(r"(?:(?P<day>\d{1,2})[/.-])?(?P<month>\d{1,2})[/.-](?P<year>\d{4})")
WORD_OR_NUMBER = re.compile(r"[^\W\d_]+|\d+")
ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
FILLER_WORDS = {"of", "the"}


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int = 1
    day: int = 1
    precision: Precision = Precision.YEAR

    def fields(self, precision: Precision) -> tuple[int, ...]:
        """Return the year, month and day down to the given precision."""
        return (self.year, self.month, self.day)[:precision]

    def agrees_with(self, answer: "PartialDate") -> bool:
        """Tell whether this date is at least as precise as the answer and falls within it."""
        return self.precision >= answer.precision and (
            self.fields(answer.precision) == answer.fields(answer.precision)
        )

    def __str__(self) -> str:
        month = MONTH_NAMES[self.month - 1]
        if self.precision is Precision.DAY:
            return f"{self.day} {month} {self.year}"
        if self.precision is Precision.MONTH:
            return f"{month} {self.year}"
        return str(self.year)


class DateGrader(Grader):
    """Full marks for the answer at its precision, else the best extra answer's weight."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        return self.credit(data, response)[0]

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        return self.credit(data, response)[1]

    def credit(self, data: dict[str, Any], response: Any) -> tuple[float, tuple[str, ...]]:
        given = parse_date(as_text(response))
        if given is None:
            return 0.0, ()
        return answer_credit(data, given.agrees_with(read_answer(data["answer"])),
                             lambda extra: given.agrees_with(read_answer(extra["answer"])))

    def format_answer(self, data: dict[str, Any]) -> str:
        return str(read_answer(data["answer"]))

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        text = as_text(response)
        given = parse_date(text)
        return str(given) if given else text


def read_answer(answer: Any) -> PartialDate:
    """Read a bank's answer, which YAML may have loaded as a date or a bare year."""
    if isinstance(answer, datetime.date):
        return PartialDate(answer.year, answer.month, answer.day, Precision.DAY)
    parsed = parse_date(str(answer))
    if parsed is None:
        raise ValueError(f"date answer {answer!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return parsed


def parse_date(text: str) -> PartialDate | None:
    """Read "2015-09", "Sept 2015", "30 September 2015", "September 30, 2015" or "30/09/2015"."""
    text = text.strip()
    for pattern in (ISO, DAY_FIRST):
        match = pattern.fullmatch(text)
        if match:
            return build(match["year"], match["month"], match["day"])
    return parse_words(text)


def parse_words(text: str) -> PartialDate | None:
    """Read a date written with a month name, the day and year in either order around it."""
    year = month = day = None
    for token in WORD_OR_NUMBER.findall(text.lower()):
        if token.isdigit() and len(token) == 4 and year is None:
            year = token
        elif token.isdigit() and len(token) <= 2 and day is None:
            day = token
        elif month_number(token) and month is None:
            month = str(month_number(token))
        elif not (token in FILLER_WORDS or (token in ORDINAL_SUFFIXES and day)):
            return None
    if year is None or month is None:
        return None
    return build(year, month, day)


def month_number(word: str) -> int | None:
    """Return 1-12 for a month's English name or any abbreviation of three letters or more."""
    if len(word) < 3:
        return None
    for number, name in enumerate(MONTH_NAMES, start=1):
        if name.lower().startswith(word):
            return number
    return None


def build(year: str, month: str | None, day: str | None) -> PartialDate | None:
    """Make a partial date from its digits, or None when no such day exists."""
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return PartialDate(int(year), int(month or 1), int(day or 1), precision)

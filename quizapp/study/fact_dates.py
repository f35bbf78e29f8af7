"""Find the date a fact states, so the timeline sorts by it and a flashcard can hide it.

Bank facts are English prose written from news reports ("on Monday, 14 March 2016",
"in September 2015"). General date parsers guess a missing day or read any number as a
day, which would misplace "in May 2015"; these patterns keep the precision the text gives.
"""

import calendar
import re
from dataclasses import dataclass, field
from functools import lru_cache

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(?P<month>" + "|".join(name for name in calendar.month_name if name) + ")"
_WEEKDAY = "(?:(?:" + "|".join(calendar.day_name) + "),? )?"
_YEAR = r"(?P<year>\d{4})"
_PATTERNS = [
    re.compile(rf"\b{_WEEKDAY}(?P<day>\d{{1,2}}) {_MONTH},? {_YEAR}\b"),
    re.compile(rf"\b{_WEEKDAY}{_MONTH} (?P<day>\d{{1,2}}),? {_YEAR}\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_MONTH},? {_YEAR}\b"),
]


@dataclass(frozen=True, order=True)
class StatedDate:
    """A date as precise as the text gives it (day 0 when only the month is stated).

    Dates compare in calendar order; a month alone sorts before its days.
    """

    year: int
    month: int
    day: int = 0
    # Where the date sits in the text, for hiding it on a flashcard.
    span: tuple[int, int] = field(default=(0, 0), compare=False)


# Fact statements change only on import, and the bank page orders its timeline on every visit.
@lru_cache(maxsize=4096)
def stated_date(text: str) -> StatedDate | None:
    """Return the first complete date the text states, or None when it gives none."""
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            date = _from_match(match)
            if date is not None:
                found.append(date)
    if not found:
        return None
    return min(found, key=lambda date: (date.span[0], -date.span[1]))


def _from_match(match: re.Match) -> StatedDate | None:
    parts = match.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
    year, day = int(parts["year"]), int(parts.get("day") or 0)
    if not 1 <= month <= 12 or day > calendar.monthrange(year, month)[1]:
        return None
    return StatedDate(year, month, day, match.span())


def timeline_order(statements: list[str]) -> list[int]:
    """Return the indexes of the statements in date order; undated ones last, as given."""
    dates = [stated_date(statement) for statement in statements]
    return sorted(
        range(len(statements)),
        key=lambda index: (dates[index] is None, dates[index] or StatedDate(0, 0), index),
    )

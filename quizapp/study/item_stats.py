"""Item statistics: which questions work, from every learner's answers.

Classical test theory as Moodle's quiz statistics report defines it:

- facility: the mean share of the points earned on the question (0..1);
- discrimination: the correlation, across attempts, between the score on this
  question and the score on the rest of that attempt. Moodle prints it times
  100; here it stays in -1..1.

Moodle's quizzes ask every attempt the same questions, so it sums the marks on
the rest of the test. Our attempts differ in length, so the rest of the test is
scored as the mean fraction of its other questions; for attempts of equal
length that is a rescaling of Moodle's sum and gives the same correlation.
Attempts with no other question say nothing about the rest and are left out of
the correlation.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from math import sqrt
from statistics import correlation, fmean, pvariance
from typing import Any

QuestionKey = int | str

MIN_ANSWERS_FOR_FLAGS = 5
TOO_EASY_ABOVE = 0.9
TOO_HARD_BELOW = 0.2
WEAK_DISCRIMINATION_BELOW = 0.2
WRONG_ANSWERS_SHOWN = 3
# Scores whose variance is below this are treated as constant, so rounding noise
# in a column of equal scores cannot pass for a correlation.
_NO_VARIANCE = 1e-12


@dataclass(frozen=True)
class Response:
    """One learner's answer to one question within one attempt."""

    attempt_id: int
    question_key: QuestionKey
    fraction: float
    seconds_taken: float | None
    answer_text: str | None
    is_correct: bool


@dataclass(frozen=True)
class WrongAnswer:
    """A wrong answer as first spelled, and how many responses gave it."""

    text: str
    count: int


class Flag(StrEnum):
    TOO_EASY = "too easy"
    TOO_HARD = "too hard"
    NEGATIVE_DISCRIMINATION = "negative discrimination"
    WEAK_DISCRIMINATION = "weak discrimination"


FLAG_HINTS = {
    Flag.TOO_EASY: "Nearly everyone gets it right, so it tells learners apart poorly.",
    Flag.TOO_HARD: "Nearly everyone gets it wrong: check the wording and the key.",
    Flag.NEGATIVE_DISCRIMINATION: (
        "Strong learners get it wrong more often than weak ones: check the key."
    ),
    Flag.WEAK_DISCRIMINATION: "Strong and weak learners do about as well on it.",
}


@dataclass(frozen=True)
class PairSums:
    """Running sums over one question's (item score, rest-of-attempt score) pairs.

    Enough to give the correlation without the pairs, so a database can sum them.
    """

    count: int
    sum_x: float
    sum_y: float
    sum_xx: float
    sum_yy: float
    sum_xy: float

    def correlation(self) -> float | None:
        """Return Pearson's r, or None with fewer than two pairs or a constant side."""
        if self.count < 2:
            return None
        spread_x = self.sum_xx - self.sum_x * self.sum_x / self.count
        spread_y = self.sum_yy - self.sum_y * self.sum_y / self.count
        if min(spread_x, spread_y) / self.count < _NO_VARIANCE:
            return None
        covariation = self.sum_xy - self.sum_x * self.sum_y / self.count
        # Rounding can push |r| a hair past 1 when the scores line up exactly.
        return max(-1.0, min(1.0, covariation / sqrt(spread_x * spread_y)))


@dataclass(frozen=True)
class ItemStatistics:
    """One question's row in the admin statistics table."""

    question_key: QuestionKey
    times_answered: int
    facility: float
    discrimination: float | None
    average_seconds: float | None
    common_wrong_answers: tuple[WrongAnswer, ...]
    flags: tuple[Flag, ...]


def compute_item_statistics(responses: Iterable[Response]) -> list[ItemStatistics]:
    """Compute each question's statistics, ordered by question key."""
    by_attempt: dict[int, list[Response]] = defaultdict(list)
    by_question: dict[QuestionKey, list[Response]] = defaultdict(list)
    seen: set[tuple[int, QuestionKey]] = set()
    for response in responses:
        pair = (response.attempt_id, response.question_key)
        if pair in seen:
            raise ValueError(f"question {pair[1]!r} answered twice in attempt {pair[0]}")
        seen.add(pair)
        by_attempt[response.attempt_id].append(response)
        by_question[response.question_key].append(response)
    return [_statistics_for(key, by_question[key], by_attempt) for key in sorted(by_question)]


def flags_for(
    times_answered: int, facility: float, discrimination: float | None
) -> tuple[Flag, ...]:
    """Name what looks wrong with a question, once enough answers make it meaningful."""
    if times_answered < MIN_ANSWERS_FOR_FLAGS:
        return ()
    flags = []
    if facility > TOO_EASY_ABOVE:
        flags.append(Flag.TOO_EASY)
    if facility < TOO_HARD_BELOW:
        flags.append(Flag.TOO_HARD)
    if discrimination is not None and discrimination < 0:
        flags.append(Flag.NEGATIVE_DISCRIMINATION)
    elif discrimination is not None and discrimination < WEAK_DISCRIMINATION_BELOW:
        flags.append(Flag.WEAK_DISCRIMINATION)
    return tuple(flags)


_SORT_KEYS: dict[str, Callable[[ItemStatistics], Any]] = {
    "question_key": lambda row: row.question_key,
    "times_answered": lambda row: row.times_answered,
    "facility": lambda row: row.facility,
    "discrimination": lambda row: row.discrimination,
    "average_seconds": lambda row: row.average_seconds,
    "flags": lambda row: len(row.flags),
}
SORTABLE_COLUMNS = tuple(_SORT_KEYS)


def sort_statistics(
    rows: Iterable[ItemStatistics], column: str, descending: bool = False
) -> list[ItemStatistics]:
    """Sort rows by one column for the admin table; rows without a value go last."""
    if column not in _SORT_KEYS:
        raise ValueError(f"cannot sort by {column!r}; choose one of {SORTABLE_COLUMNS}")
    sort_key = _SORT_KEYS[column]
    # Sorting by key first makes ties come out in key order whichever way we sort.
    rows = sorted(rows, key=_SORT_KEYS["question_key"])
    with_value = [row for row in rows if sort_key(row) is not None]
    without_value = [row for row in rows if sort_key(row) is None]
    return sorted(with_value, key=sort_key, reverse=descending) + without_value


def _statistics_for(
    key: QuestionKey, answers: Sequence[Response], by_attempt: dict[int, list[Response]]
) -> ItemStatistics:
    facility = fmean(answer.fraction for answer in answers)
    discrimination = _discrimination(answers, by_attempt)
    seconds = [a.seconds_taken for a in answers if a.seconds_taken is not None]
    return ItemStatistics(
        question_key=key,
        times_answered=len(answers),
        facility=facility,
        discrimination=discrimination,
        average_seconds=fmean(seconds) if seconds else None,
        common_wrong_answers=_common_wrong_answers(answers),
        flags=flags_for(len(answers), facility, discrimination),
    )


def _discrimination(
    answers: Sequence[Response], by_attempt: dict[int, list[Response]]
) -> float | None:
    """Correlate the score on this question with the score on the rest of each attempt."""
    item_scores, rest_scores = [], []
    for answer in answers:
        others = [
            r.fraction
            for r in by_attempt[answer.attempt_id]
            if r.question_key != answer.question_key
        ]
        if others:
            item_scores.append(answer.fraction)
            rest_scores.append(fmean(others))
    if len(item_scores) < 2:
        return None
    if min(pvariance(item_scores), pvariance(rest_scores)) < _NO_VARIANCE:
        return None
    return correlation(item_scores, rest_scores)


def _common_wrong_answers(answers: Sequence[Response]) -> tuple[WrongAnswer, ...]:
    return rank_wrong_answers(
        (answer.answer_text, 1) for answer in answers if not answer.is_correct
    )


def rank_wrong_answers(counted: Iterable[tuple[str | None, int]]) -> tuple[WrongAnswer, ...]:
    """Rank wrong answers alike up to case and spacing; ties in alphabetical order.

    Takes (answer text, times given) in the order first given, so the spelling
    shown is the first one given; blank answers are not counted.
    """
    counts: Counter[str] = Counter()
    first_spelling: dict[str, str] = {}
    for answer_text, times in counted:
        text = " ".join((answer_text or "").split())
        if not text:
            continue
        counts[text.casefold()] += times
        first_spelling.setdefault(text.casefold(), text)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(
        WrongAnswer(first_spelling[folded], count) for folded, count in ranked[:WRONG_ANSWERS_SHOWN]
    )

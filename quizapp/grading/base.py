"""The grade a response earns, the grader interface, and tolerant readers of raw responses."""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

NO_ANSWER = "No answer"


@dataclass(frozen=True)
class Grade:
    points_earned: float
    points_possible: float
    is_correct: bool
    # How the response was read when that is worth telling the learner, such as a
    # forgiven misspelling ("Accepted: the spelling is Shoigu").
    note: str | None = None

    @property
    def fraction(self) -> float:
        """Return the share of the points earned, from 0 to 1."""
        if not self.points_possible:
            return 1.0 if self.is_correct else 0.0
        return self.points_earned / self.points_possible


@dataclass(frozen=True)
class Placement:
    """One row of an arranged answer: what the learner put at a place, and what belongs there."""

    place: str
    given: str
    expected: str

    @property
    def is_right(self) -> bool:
        return self.given == self.expected


class GradingContext:
    """What a grader may know beyond the question: the names other questions of the bank accept.

    A typed name close to this question's answer but equal or closer to another
    name of the bank is a different answer, not a slip. Only a slip needs them, so
    they may come as `read_bank_names`, called the first time they are asked for.
    """

    def __init__(self, bank_names: Iterable[str] = (),
                 read_bank_names: Callable[[], Iterable[str]] | None = None):
        self._given = frozenset(bank_names)
        self._read = read_bank_names

    @functools.cached_property
    def bank_names(self) -> frozenset[str]:
        return self._given | frozenset(self._read()) if self._read else self._given


NO_CONTEXT = GradingContext()


@dataclass(frozen=True)
class Assessment:
    """The share of the points a response earns, and how it was read where that needs saying."""

    fraction: float
    note: str | None = None


class Grader:
    """Grade one question type and describe its answers for people; subclass per type."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        """Return the share of the points a response earns: 1 only when fully correct."""
        raise NotImplementedError

    def assess(self, data: dict[str, Any], response: Any, context: GradingContext) -> Assessment:
        """Score a response; graders that read responses loosely override this to add a note."""
        return Assessment(self.score(data, response))

    def format_answer(self, data: dict[str, Any]) -> str:
        """Describe the correct answer for a learner."""
        raise NotImplementedError

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        """Describe a response for a learner, or return "" when there is nothing to show."""
        raise NotImplementedError

    def placements(self, data: dict[str, Any], response: Any) -> list[Placement]:
        """Compare an arranged answer row by row; types that arrange nothing have no rows."""
        return []

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        """Return what the bank tells a learner who gave this response, if anything."""
        return ()

    def grade(
        self,
        data: dict[str, Any],
        points: int,
        response: Any,
        context: GradingContext = NO_CONTEXT,
    ) -> Grade:
        """Turn the response's score into points, rounded to cents."""
        assessment = self.assess(data, response, context)
        return Grade(
            points_earned=round(assessment.fraction * points, 2),
            points_possible=float(points),
            is_correct=assessment.fraction == 1.0,
            note=assessment.note,
        )

    def format_response(self, data: dict[str, Any], response: Any) -> str:
        """Describe a response for a learner, saying so when they gave none."""
        return self.describe_response(data, response) or NO_ANSWER


def answer_credit(data: dict[str, Any], agrees_with_answer: bool,
                  agrees: Callable[[dict[str, Any]], bool]) -> tuple[float, tuple[str, ...]]:
    """Return the share and feedback a response earns: the answer's, else the best extra's.

    Numeric and date questions may list `extra_answers`, each with a weight in percent
    and feedback; `answer_feedback` is for the right answer, `wrong_feedback` for the rest.
    """
    if agrees_with_answer:
        return 1.0, tuple(filter(None, [data.get("answer_feedback")]))
    matching = [extra for extra in data.get("extra_answers", ()) if agrees(extra)]
    best = max(matching, key=lambda extra: extra["weight"], default=None)
    if best is None:
        return 0.0, tuple(filter(None, [data.get("wrong_feedback")]))
    return float(best["weight"]) / 100, tuple(filter(None, [best.get("feedback")]))


def as_text(response: Any) -> str:
    """Read a response as one stripped string, or "" when it is not a string."""
    return response.strip() if isinstance(response, str) else ""


def as_text_list(response: Any) -> list[str]:
    """Read a response as a list of stripped strings, or [] when it is not a list of strings."""
    if not isinstance(response, list | tuple):
        return []
    if not all(isinstance(item, str) for item in response):
        return []
    return [item.strip() for item in response]

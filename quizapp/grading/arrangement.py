"""Graders for questions that arrange given items: pair them up, or put them in order."""

from itertools import combinations
from typing import Any

from quizapp.grading.base import Grader, Placement, as_text, as_text_list


class MatchingGrader(Grader):
    """Partial credit: one share per left item paired with its right item."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        chosen = chosen_pairs(data, response)
        pairs = data["pairs"]
        return sum(chosen[left] == right for left, right in pairs.items()) / len(pairs)

    def format_answer(self, data: dict[str, Any]) -> str:
        return "; ".join(f"{left} → {right}" for left, right in data["pairs"].items())

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        chosen = chosen_pairs(data, response)
        if not any(chosen.values()):
            return ""
        return "; ".join(f"{left} → {chosen[left] or '—'}" for left in data["pairs"])

    def placements(self, data: dict[str, Any], response: Any) -> list[Placement]:
        chosen = chosen_pairs(data, response)
        return [Placement(left, chosen[left], right) for left, right in data["pairs"].items()]


class OrderingGrader(Grader):
    """Partial credit: the share of pairs of items placed in the right order relative to each other.

    Counting pairs (as Kendall's tau does) rather than positions means one event
    moved from first to last costs only the pairs it is part of, not every position.
    An item left out or placed twice earns none of its pairs.
    """

    def score(self, data: dict[str, Any], response: Any) -> float:
        items = data["items"]
        placed = as_text_list(response)
        position = {item: placed.index(item) for item in items if placed.count(item) == 1}
        pairs = list(combinations(items, 2))
        in_order = sum(
            earlier in position and later in position and position[earlier] < position[later]
            for earlier, later in pairs
        )
        return in_order / len(pairs)

    def format_answer(self, data: dict[str, Any]) -> str:
        return numbered(data["items"])

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        return numbered(as_text_list(response))

    def placements(self, data: dict[str, Any], response: Any) -> list[Placement]:
        placed = as_text_list(response)
        placed += [""] * (len(data["items"]) - len(placed))
        rows = zip(placed, data["items"], strict=False)
        return [
            Placement(str(position), given, item)
            for position, (given, item) in enumerate(rows, start=1)
        ]


def chosen_pairs(data: dict[str, Any], response: Any) -> dict[str, str]:
    """Map every left item to the right item the learner chose for it, or "" when none."""
    if not isinstance(response, dict):
        response = {}
    return {left: as_text(response.get(left)) for left in data["pairs"]}


def numbered(items: list[str]) -> str:
    """Write items as a numbered sequence: "1. A, 2. B, 3. C"."""
    return ", ".join(f"{position}. {item}" for position, item in enumerate(items, start=1))

"""Graders for questions answered by picking: one choice, several choices, or true/false.

A choice may carry a weight, a percent of the points from -100 to 100, and feedback
for the learner who picks it (`choice_weights` and `choice_feedback` in the data).
"""

from fractions import Fraction
from typing import Any

from quizapp.grading.base import Grader, as_text, as_text_list


class SingleChoiceGrader(Grader):
    """The answer earns full marks; another choice earns its weight, if it has one."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        picked = as_text(response)
        if picked == data["answer"]:
            return 1.0
        return max(float(data.get("choice_weights", {}).get(picked, 0)), 0.0) / 100

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        return picked_feedback(data, [as_text(response)])

    def format_answer(self, data: dict[str, Any]) -> str:
        also_right = [text for text, weight in data.get("choice_weights", {}).items()
                      if float(weight) >= 100 and text != data["answer"]]
        return " or ".join([data["answer"], *also_right])

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        return as_text(response)


class MultipleChoiceGrader(Grader):
    """Partial credit: the picks' weights added up, from nothing to full marks.

    Unweighted, a right pick is worth 1/n of the points (n right answers) and a
    wrong one takes 1/n away: right picks minus wrong picks, over n.
    """

    def score(self, data: dict[str, Any], response: Any) -> float:
        share = Fraction(100, len(data["answers"]))
        weights = data.get("choice_weights", {})
        total = sum(
            Fraction(str(weights[pick])) if pick in weights
            else share if pick in data["answers"] else -share
            for pick in distinct_picks(response)
        )
        return float(min(max(total / 100, Fraction(0)), Fraction(1)))

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        return picked_feedback(data, distinct_picks(response))

    def format_answer(self, data: dict[str, Any]) -> str:
        answers = set(data["answers"])
        return "; ".join(choice for choice in data["choices"] if choice in answers)

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        return "; ".join(distinct_picks(response))


class TrueFalseGrader(Grader):
    """All or nothing: the response must be the answer's truth value."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        picked = read_truth(response)
        return 1.0 if picked is not None and picked == read_truth(data["answer"]) else 0.0

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        if read_truth(response) is None:
            return ()
        right = self.score(data, response) == 1.0
        return tuple(filter(None, [data.get("answer_feedback" if right else "wrong_feedback")]))

    def format_answer(self, data: dict[str, Any]) -> str:
        return describe_truth(read_truth(data["answer"]))

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        return describe_truth(read_truth(response))


def picked_feedback(data: dict[str, Any], picks: list[str]) -> tuple[str, ...]:
    """Return the feedback written for each picked choice, in the learner's order."""
    notes = data.get("choice_feedback", {})
    return tuple(notes[pick] for pick in picks if pick in notes)


def distinct_picks(response: Any) -> list[str]:
    """List each non-empty pick once, in the learner's order, so repeats cannot earn twice."""
    return list(dict.fromkeys(pick for pick in as_text_list(response) if pick))


def read_truth(value: Any) -> bool | None:
    """Read a bool or a "true"/"false" string; None when it is neither."""
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False}.get(as_text(value).lower())


def describe_truth(value: bool | None) -> str:
    """Name a truth value as a learner reads it, or "" when there is none."""
    return {True: "True", False: "False", None: ""}[value]

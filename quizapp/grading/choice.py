"""Graders for questions answered by picking: one choice, several choices, or true/false."""

from typing import Any

from quizapp.grading.base import Grader, as_text, as_text_list


class SingleChoiceGrader(Grader):
    """All or nothing: the one picked choice must be the answer."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        return 1.0 if as_text(response) == data["answer"] else 0.0

    def format_answer(self, data: dict[str, Any]) -> str:
        return data["answer"]

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        return as_text(response)


class MultipleChoiceGrader(Grader):
    """Partial credit: right picks minus wrong picks, over the number of right answers."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        answers = set(data["answers"])
        picks = distinct_picks(response)
        right = sum(pick in answers for pick in picks)
        wrong = len(picks) - right
        return max(right - wrong, 0) / len(answers)

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

    def format_answer(self, data: dict[str, Any]) -> str:
        return describe_truth(read_truth(data["answer"]))

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        return describe_truth(read_truth(response))


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

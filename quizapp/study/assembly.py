"""Assemble a quiz: pick the questions and shuffle what each one shows.

Pure functions over plain values, so the choice and order of questions can be
tested without a database. The views store what these return on the attempt,
which is what keeps the order stable when a page is reloaded.
"""

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from quizapp.vocabulary import QuestionType


@dataclass(frozen=True)
class Candidate:
    """A question that may be asked: its database id, category and the ids it gives away."""

    question_id: int
    category: str
    gives_away: frozenset[int] = frozenset()


def choose_questions(
    candidates: Iterable[Candidate],
    categories: Sequence[str],
    count: int,
    rng: random.Random,
) -> list[int]:
    """Return up to `count` question ids from the chosen categories, in random order.

    A question that gives away another's answer is never chosen with it, so a quiz
    may hold fewer questions than asked when the bank has few that stand apart.
    """
    wanted = set(categories)
    pool = [c for c in candidates if not wanted or c.category in wanted]
    return spread_out(rng.sample(pool, len(pool)), count)


def spread_out(ordered: Iterable[Candidate], count: int) -> list[int]:
    """Take up to `count` question ids in order, skipping any that clash with one taken."""
    chosen: list[Candidate] = []
    for candidate in ordered:
        if len(chosen) == count:
            break
        if not any(clash(candidate, other) for other in chosen):
            chosen.append(candidate)
    return [candidate.question_id for candidate in chosen]


def clash(first: Candidate, second: Candidate) -> bool:
    """Tell whether either question gives away the other's answer."""
    return first.question_id in second.gives_away or second.question_id in first.gives_away


def present(question_type: str, data: dict, rng: random.Random) -> dict:
    """Return the shuffled choices, items or match options this attempt shows."""
    return PRESENTERS[question_type](data, rng)


def _choices(data: dict, rng: random.Random) -> dict:
    return {"choices": _shuffled(data["choices"], rng)}


def _matches(data: dict, rng: random.Random) -> dict:
    return {
        "left": _shuffled(list(data["pairs"]), rng),
        "right": _shuffled(sorted(set(data["pairs"].values())), rng),
    }


def _items(data: dict, rng: random.Random) -> dict:
    return {"items": _shuffled_not_solved(data["items"], rng)}


def _as_written(data: dict, rng: random.Random) -> dict:
    return {}


# What each question type shuffles per attempt; the rest show as written.
PRESENTERS: dict[QuestionType, Callable[[dict, random.Random], dict]] = {
    QuestionType.SINGLE: _choices,
    QuestionType.MULTIPLE: _choices,
    QuestionType.TRUE_FALSE: _as_written,
    QuestionType.NUMERIC: _as_written,
    QuestionType.DATE: _as_written,
    QuestionType.TEXT: _as_written,
    QuestionType.MATCHING: _matches,
    QuestionType.ORDERING: _items,
}


def _shuffled(values: Sequence, rng: random.Random) -> list:
    values = list(values)
    rng.shuffle(values)
    return values


def _shuffled_not_solved(items: Sequence, rng: random.Random) -> list:
    """Shuffle, avoiding the solved order so an ordering question is never pre-answered."""
    shuffled = _shuffled(items, rng)
    if shuffled == list(items) and len(items) > 1:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled

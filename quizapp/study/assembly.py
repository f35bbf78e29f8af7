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
    """A question that may be asked: its database id and category."""

    question_id: int
    category: str


def choose_questions(
    candidates: Iterable[Candidate],
    categories: Sequence[str],
    count: int,
    rng: random.Random,
) -> list[int]:
    """Return up to `count` question ids from the chosen categories, in random order."""
    wanted = set(categories)
    pool = [c.question_id for c in candidates if not wanted or c.category in wanted]
    return rng.sample(pool, min(count, len(pool)))


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

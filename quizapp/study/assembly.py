"""Assemble a quiz: pick the questions and shuffle what each one shows.

Pure functions over plain values, so the choice and order of questions can be
tested without a database. The views store what these return on the attempt,
which is what keeps the order stable when a page is reloaded.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


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
    if question_type in ("single", "multiple"):
        return {"choices": _shuffled(data["choices"], rng)}
    if question_type == "matching":
        return {
            "left": _shuffled(list(data["pairs"]), rng),
            "right": _shuffled(sorted(set(data["pairs"].values())), rng),
        }
    if question_type == "ordering":
        return {"items": _shuffled_not_solved(data["items"], rng)}
    return {}


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

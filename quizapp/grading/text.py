"""Grader for typed answers: forgive case, accents, punctuation and small slips in names."""

import unicodedata
from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from quizapp.grading.base import Grade, Grader, as_text

# Whole-answer similarity (rapidfuzz 0-100) a slip must keep. One slip in a six-letter
# surname ("Shoygu" for "Shoigu") scores 83; a changed letter in a four-letter word
# ("Hams" for "Homs") scores 75, so short words forgive only a letter dropped or added.
MIN_SIMILARITY = 80


class TextGrader(Grader):
    """The text must name the answer or an accepted alias, earning that alias's weight."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        named = accepted_name(data, as_text(response))
        return 0.0 if named is None else float(alias_weight(data, named)) / 100

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        named = accepted_name(data, as_text(response))
        note = data.get("choice_feedback", {}).get(named)
        return (note,) if note else ()

    def grade(self, data: dict[str, Any], points: int, response: Any) -> Grade:
        """Grade as usual, and name the right spelling when a slip earned credit."""
        result = super().grade(data, points, response)
        name = accepted_name(data, as_text(response))
        if result.points_earned and normalize(name) != normalize(as_text(response)):
            return replace(result, note=f"Accepted: the spelling is {name}")
        return result

    def format_answer(self, data: dict[str, Any]) -> str:
        return data["answer"]

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        return as_text(response)


def accepted_name(data: dict[str, Any], given: str) -> str | None:
    """Return the accepted name the text gives: one typed exactly first, then the best worth.

    An alias worth nothing can carry feedback for a common wrong answer; typed exactly,
    it must not be taken for a slip in a name worth more.
    """
    if not given:
        return None
    candidates = [name for name in [data["answer"], *(data.get("accept") or [])]
                  if names_match(given, name)]
    exact = "".join(normalize(given))
    return max(candidates, default=None, key=lambda name: (
        "".join(normalize(name)) == exact, alias_weight(data, name)))


def alias_weight(data: dict[str, Any], name: str) -> float:
    """Return the percent of the points an accepted name earns: 100 unless weighted."""
    return 100 if name == data["answer"] else data.get("choice_weights", {}).get(name, 100)


def names_match(given: str, expected: str) -> bool:
    """Tell whether a typed name is the expected one, up to small spelling slips."""
    given_words, expected_words = normalize(given), normalize(expected)
    if "".join(given_words) == "".join(expected_words):
        return True
    if len(given_words) != len(expected_words):
        return False
    similar = fuzz.ratio(" ".join(given_words), " ".join(expected_words)) >= MIN_SIMILARITY
    return similar and all(map(words_match, given_words, expected_words))


def normalize(text: str) -> list[str]:
    """Split text into lower-case words without accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return "".join(char if char.isalnum() else " " for char in bare).split()


def words_match(given: str, expected: str) -> bool:
    """Accept a slip in a word only when it keeps the first letter and few edits for its length.

    The first letter and the edit budget are what keep one person from turning into
    another: "Ivanov" and "Ozerov" differ in the first letter and in four letters.
    """
    if given == expected:
        return True
    if any(char.isdigit() for char in given + expected) or given[0] != expected[0]:
        return False
    return OSA.distance(given, expected) <= edit_budget(len(expected))


def edit_budget(length: int) -> int:
    """Return how many typing slips a word of this length forgives."""
    if length <= 3:
        return 0
    return 1 if length <= 7 else 2

"""Grader for typed answers: forgive case, accents, punctuation, titles and small slips in names.

Forgiving is bounded on purpose: a slip is accepted only when no other name the
bank knows is as close, and never when the author listed the word under `refuse`
(a real place or person one letter away, such as Tarsus for Tartous).
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from quizapp.grading.base import Assessment, Grader, GradingContext, as_text

# Whole-answer similarity (rapidfuzz 0-100) a slip must keep. One slip in a six-letter
# surname ("Shoygu" for "Shoigu") scores 83; a changed letter in a four-letter word
# ("Hams" for "Homs") scores 75, so short words forgive only a letter dropped or added.
MIN_SIMILARITY = 80

# Words a learner may put before a name: honorifics, titles and the posts that make them.
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "miss", "mister", "madam", "dr", "sir", "dame", "lord", "lady",
    "professor", "prof", "president", "vice", "prime", "deputy", "defence", "defense",
    "foreign", "interior", "minister", "secretary", "general", "gen", "colonel", "admiral",
    "commander", "marshal", "chief", "of", "staff", "kremlin", "chairman", "chairwoman",
    "chair", "head", "upper", "lower", "house", "committee", "un", "special", "envoy",
    "ambassador", "senator", "king", "queen", "prince", "princess", "sheikh",
})
# Lower-case particles that belong to a surname: "de Mistura", "al-Assad", "van Gogh".
SURNAME_PARTICLES = frozenset({
    "al", "el", "ad", "ar", "as", "bin", "ibn", "da", "de", "del", "della", "der", "di",
    "du", "la", "le", "van", "von",
})
LEADING_PARTICLES = re.compile(
    r"^(?:(?:" + "|".join(sorted(SURNAME_PARTICLES)) + r")[\s'\u2019-]+)+", re.IGNORECASE
)


@dataclass(frozen=True)
class NameMatch:
    """The accepted form a typed answer matched, and whether it was matched up to a slip."""

    name: str
    is_slip: bool


class TextGrader(Grader):
    """The text must name the answer or an accepted form, earning that form's weight."""

    def score(self, data: dict[str, Any], response: Any) -> float:
        return self.assess(data, response, GradingContext()).fraction

    def assess(self, data: dict[str, Any], response: Any, context: GradingContext) -> Assessment:
        match = find_match(as_text(response), data, context)
        if match is None:
            return Assessment(0.0)
        fraction = float(alias_weight(data, match.name)) / 100
        spelled = match.is_slip and fraction > 0
        return Assessment(fraction, f"Accepted: the spelling is {match.name}" if spelled else None)

    def feedback(self, data: dict[str, Any], response: Any) -> tuple[str, ...]:
        notes = data.get("choice_feedback")
        if not notes:  # most questions have none: no need to read the answer again
            return ()
        match = find_match(as_text(response), data, GradingContext())
        note = notes.get(match.name) if match else None
        return (note,) if note else ()

    def format_answer(self, data: dict[str, Any]) -> str:
        return data["answer"]

    def describe_response(self, data: dict[str, Any], response: Any) -> str:
        return as_text(response)


def find_match(given: str, data: dict[str, Any], context: GradingContext) -> NameMatch | None:
    """Find the accepted form a typed answer names, or None when it names none or a refused one."""
    refused = {joined(normalize(name)) for name in data.get("refuse") or []}
    candidates = accepted_forms(data)
    readings = readings_of(given)
    if not readings or any(joined(reading) in refused for reading in readings):
        return None
    exact = [
        name for name in candidates
        if any(same_name(reading, normalize(name)) for reading in readings)
    ]
    if exact:
        # An alias worth nothing may carry feedback for a common wrong answer.
        return NameMatch(max(exact, key=lambda name: alias_weight(data, name)), is_slip=False)
    slips = [
        (similarity(reading, normalize(name)), alias_weight(data, name), reading, name)
        for reading in readings
        for name in candidates
        if is_slip_of(reading, normalize(name))
    ]
    if not slips:
        return None
    best, _, reading, name = max(slips, key=lambda slip: slip[:2])
    own = {joined(normalize(form)) for form in candidates}
    rivals = [normalize(other) for other in context.bank_names
              if joined(normalize(other)) not in own]
    if any(similarity(reading, rival) >= best for rival in rivals):
        return None
    return NameMatch(name, is_slip=True)


def alias_weight(data: dict[str, Any], name: str) -> float:
    """Return the percent of the points an accepted name earns: 100 unless weighted."""
    return 100 if name == data["answer"] else data.get("choice_weights", {}).get(name, 100)


def accepted_forms(data: dict[str, Any]) -> list[str]:
    """List the answer, its aliases and, where the bank allows it, the answer's surname."""
    forms = [data["answer"], *(data.get("accept") or [])]
    if data.get("accept_surname"):
        forms += surnames(data["answer"])
    return list(dict.fromkeys(forms))


def names_in(question_type: str, data: dict[str, Any]) -> list[str]:
    """List the short names a question holds: typed answers, choices, pairs and items.

    These are the names a typed slip must not be closer to than to its own answer.
    """
    if question_type == "text":
        names = [data["answer"], *(data.get("accept") or [])]
    else:
        names = [*data.get("choices", []), *data.get("items", [])]
        for left, right in (data.get("pairs") or {}).items():
            names += [left, right]
    return [name for name in names if isinstance(name, str) and len(name.split()) <= 4]


def surnames(name: str) -> list[str]:
    """Return a full name's surname, with and without its particles ("de Mistura", "Mistura")."""
    words = name.split()
    if len(words) < 2:
        return []
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in SURNAME_PARTICLES:
        start -= 1
    surname = " ".join(words[start:])
    bare = LEADING_PARTICLES.sub("", surname)
    return list(dict.fromkeys(form for form in (surname, bare) if form))


def readings_of(given: str) -> list[list[str]]:
    """List the readings of a typed answer: as typed, before a comma, and without titles."""
    texts = [given, given.split(",", 1)[0]] if "," in given else [given]
    readings: list[list[str]] = []
    for text in texts:
        words = normalize(text)
        while words:
            if words not in readings:
                readings.append(words)
            if words[0] not in TITLE_WORDS:
                break
            words = words[1:]
    return readings


def names_match(given: str, expected: str) -> bool:
    """Tell whether a typed name is the expected one, up to small spelling slips."""
    given_words, expected_words = normalize(given), normalize(expected)
    return same_name(given_words, expected_words) or is_slip_of(given_words, expected_words)


def same_name(given: list[str], expected: list[str]) -> bool:
    """Tell whether two names are the same words, up to spacing and initials for first names."""
    if not given or not expected:
        return False
    return joined(given) == joined(expected) or with_initials(given, expected) == expected


def is_slip_of(given: list[str], expected: list[str]) -> bool:
    """Tell whether a name differs from the expected one by a few typing slips only."""
    given = with_initials(given, expected)
    if not given or len(given) != len(expected):
        return False
    similar = fuzz.ratio(" ".join(given), " ".join(expected)) >= MIN_SIMILARITY
    return similar and all(map(words_match, given, expected))


def with_initials(given: list[str], expected: list[str]) -> list[str]:
    """Spell out initials standing for the expected first names ("v putin", "vladimir putin")."""
    if len(given) != len(expected):
        return given
    last = len(given) - 1
    return [
        name if index < last and len(word) == 1 and word.isalpha() and name.startswith(word)
        else word
        for index, (word, name) in enumerate(zip(given, expected, strict=True))
    ]


def similarity(given: list[str], expected: list[str]) -> float:
    """Score how alike two names are, from 0 to 100."""
    return fuzz.ratio(" ".join(given), " ".join(expected))


def joined(words: list[str]) -> str:
    """Join words without spaces, so "S 400" and "S400" compare equal."""
    return "".join(words)


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

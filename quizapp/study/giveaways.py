"""Find questions that give away another's typed answer, so one quiz never asks both.

"Which president announced the withdrawal?" is no question at all next to "On what
date did Putin announce the withdrawal?". A question gives another away when what
it shows before it is answered contains the other's typed answer: a name the text
grader would accept in its prompt, items or pairs, or the number asked for anywhere,
choices included. A name among several choices tells nothing; a number does.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quizapp.grading.text import accepted_forms, alias_weight, normalize
from quizapp.vocabulary import QuestionType


@dataclass(frozen=True)
class ShownQuestion:
    """What a question shows before it is answered, and what it asks for."""

    question_id: int
    type: str
    prompt: str
    data: dict[str, Any]

    def shown_text(self, with_choices: bool) -> str:
        """Join the prompt, items and pairs a learner sees, and the choices if asked."""
        parts = [self.prompt, *self.data.get("items", [])]
        if with_choices:
            parts += self.data.get("choices", [])
        for left, right in (self.data.get("pairs") or {}).items():
            parts += [left, right]
        return " ".join(str(part) for part in parts)


def answer_patterns(question: ShownQuestion) -> list[re.Pattern]:
    """Patterns that find a typed question's answer in what another question shows.

    Names are sought among normalised words (see `normalize`); numbers in the raw text.
    """
    if question.type == QuestionType.TEXT:
        data = {**question.data, "accept_surname": True}
        forms = [form for form in accepted_forms(data) if alias_weight(data, form) > 0]
        words = {" ".join(normalize(form)) for form in forms} - {""}
        return [re.compile(rf"(?<!\w){re.escape(form)}(?!\w)") for form in words]
    if question.type == QuestionType.NUMERIC:
        number = Decimal(str(question.data["answer"])).normalize()
        written = {f"{number:,f}", f"{number:f}"}
        return [re.compile(rf"(?<![\w.,-]){re.escape(form)}(?![\d,]|\.\d)") for form in written]
    return []


def giveaways(questions: Iterable[ShownQuestion]) -> dict[int, frozenset[int]]:
    """Map each question id to the ids of the questions whose typed answer it shows."""
    questions = list(questions)
    raw = {question.question_id: question.shown_text(with_choices=True) for question in questions}
    words = {
        question.question_id: " ".join(normalize(question.shown_text(with_choices=False)))
        for question in questions
    }
    found: dict[int, set[int]] = {question_id: set() for question_id in raw}
    for asked in questions:
        patterns = answer_patterns(asked)
        texts = words if asked.type == QuestionType.TEXT else raw
        for other, text in texts.items():
            if other != asked.question_id and any(pattern.search(text) for pattern in patterns):
                found[other].add(asked.question_id)
    return {question_id: frozenset(ids) for question_id, ids in found.items()}

"""The question-bank file format as strict pydantic models: the bank, its source and its facts.

The questions, one class per type, are in `quizapp.bankfile.question_specs`.
"""

from datetime import date
from typing import Annotated

from pydantic import Field, model_validator

from quizapp.bankfile.fields import (
    CategoryName,
    ChoiceSpec,
    NumericAnswerSpec,
    Paragraph,
    Slug,
    Spec,
    Text,
    check_problems,
    repeats,
)
from quizapp.bankfile.question_specs import QUESTION_CLASSES, AnyQuestion


class SourceSpec(Spec):
    publisher: Annotated[Text, Field(max_length=200)]
    title: Annotated[Text, Field(max_length=300)]
    published: date
    url: Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")] | None = None


class FactSpec(Spec):
    id: Slug
    category: CategoryName
    statement: Text
    paragraph: Paragraph | None = None


class BankSpec(Spec):
    bank: Slug
    title: Annotated[Text, Field(max_length=300)]
    description: Text
    source: SourceSpec
    facts: list[FactSpec] = Field(default_factory=list)
    questions: Annotated[list[AnyQuestion], Field(min_length=1)]

    @model_validator(mode="after")
    def references_are_sound(self):
        """Reject repeated ids and unknown facts; give fact-linked questions their category."""
        problems = [
            (("facts", index, "id"), f"fact id {key!r} is used twice")
            for index, key in repeats([fact.id for fact in self.facts])
        ]
        problems += [
            (("questions", index, "id"), f"question id {key!r} is used twice")
            for index, key in repeats([question.id for question in self.questions])
        ]
        facts = {fact.id: fact for fact in self.facts}
        for index, question in enumerate(self.questions):
            if question.fact is not None and question.fact not in facts:
                problems.append(
                    (("questions", index, "fact"), f"no fact has the id {question.fact!r}")
                )
            elif question.category is None and question.fact is None:
                problems.append(
                    (("questions", index, "category"), "required when the question has no fact")
                )
            elif question.category is None:
                question.category = facts[question.fact].category
        check_problems(problems)
        return self


KNOWN_KEYS = frozenset(
    {*BankSpec.model_fields, *SourceSpec.model_fields, *FactSpec.model_fields,
     *ChoiceSpec.model_fields, *NumericAnswerSpec.model_fields}
    | {name for cls in QUESTION_CLASSES.values() for name in cls.model_fields}
)

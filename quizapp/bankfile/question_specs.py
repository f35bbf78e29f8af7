"""The question part of the bank format: the fields every question has, then one class per type.

Adding a type means a class here and its entry in `QUESTION_CLASSES`.
"""

from functools import cache, reduce
from operator import or_
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import Field, model_validator

from quizapp.bankfile.fields import (
    MAX_POINTS,
    CategoryName,
    Choice,
    ChoiceSpec,
    DateAnswerSpec,
    Loc,
    NonNegative,
    Number,
    NumericAnswerSpec,
    Paragraph,
    PartialDate,
    Slug,
    Spec,
    Text,
    check_problems,
    choice_entry,
    choice_notes,
    choice_text,
    repeats,
    unique_problems,
)
from quizapp.vocabulary import QuestionType


class QuestionSpec(Spec):
    """Fields every question has; subclasses add the fields of one type."""

    COMMON_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "fact", "category", "type", "prompt", "explanation", "points", "paragraph",
    )

    id: Slug
    fact: Slug | None = None
    category: CategoryName | None = None
    prompt: Text
    # How prompt, explanation and feedback are written; stored with the type's fields.
    format: Literal["plain", "markdown", "html"] = "plain"
    explanation: Text | None = None
    points: Annotated[int, Field(ge=1, le=MAX_POINTS)] = 1
    paragraph: Paragraph | None = None

    @classmethod
    @cache
    def data_fields(cls) -> tuple[str, ...]:
        """Name this type's own fields, in the order the format lists them."""
        return tuple(name for name in cls.model_fields if name not in cls.COMMON_FIELDS)

    def type_data(self) -> dict[str, Any]:
        """Return this type's own fields as JSON values, leaving out those not written."""
        return self.model_dump(
            mode="json", include=set(self.data_fields()), exclude_unset=True, exclude_none=True
        )

    @classmethod
    def type_entries(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Turn stored type data back into the fields of a bank file: type_data's inverse."""
        return {name: data[name] for name in cls.data_fields() if name in data}


class ChoiceQuestion(QuestionSpec):
    """A question whose choices may carry feedback and a weight; stored as plain texts."""

    choices: Annotated[list[Choice], Field(min_length=2)]

    @property
    def choice_texts(self) -> list[str]:
        return [choice_text(choice) for choice in self.choices]

    def type_data(self) -> dict[str, Any]:
        return {**super().type_data(), "choices": self.choice_texts,
                **choice_notes(self.choices, self.default_weight)}

    def default_weight(self, text: str) -> float:
        """Return what a choice is worth when no weight is written for it."""
        raise NotImplementedError

    @classmethod
    def type_entries(cls, data: dict[str, Any]) -> dict[str, Any]:
        entries = super().type_entries(data)
        entries["choices"] = [choice_entry(text, data) for text in data["choices"]]
        return entries

    def weight_of(self, text: str) -> Number | None:
        return next((choice.weight for choice in self.choices
                     if isinstance(choice, ChoiceSpec) and choice.text == text), None)


class SingleQuestion(ChoiceQuestion):
    type: Literal["single"]
    answer: Text

    def default_weight(self, text: str) -> float:
        return 100 if text == self.answer else 0

    @model_validator(mode="after")
    def answer_is_a_choice(self):
        texts = self.choice_texts
        problems = unique_problems("choices", texts)
        if self.answer not in texts:
            problems.append((("answer",), f"{self.answer!r} is not one of the choices"))
        for index, text in enumerate(texts):
            weight = self.weight_of(text)
            if text == self.answer and weight not in (None, 100):
                problems.append((("choices", index, "weight"),
                                 "the answer is worth 100; leave its weight out"))
            elif text != self.answer and weight is not None and weight > 100:
                problems.append((("choices", index, "weight"),
                                 "a choice is worth 100 at most (100 makes it right too)"))
        check_problems(problems)
        return self


class MultipleQuestion(ChoiceQuestion):
    type: Literal["multiple"]
    answers: Annotated[list[Text], Field(min_length=1)]

    def default_weight(self, text: str) -> float:
        share = 100 / len(self.answers)
        return share if text in self.answers else -share

    @model_validator(mode="after")
    def answers_are_choices(self):
        texts = self.choice_texts
        problems = unique_problems("choices", texts) + unique_problems("answers", self.answers)
        problems += [
            (("answers", index), f"{answer!r} is not one of the choices")
            for index, answer in enumerate(self.answers)
            if answer not in texts
        ]
        check_problems(problems or self.weight_problems())
        return self

    def weight_problems(self) -> list[tuple[Loc, str]]:
        """Require positive weights on answers adding up to 100, and none on wrong choices."""
        problems = []
        for index, text in enumerate(self.choice_texts):
            weight = self.weight_of(text)
            if weight is None:
                continue
            if text in self.answers and weight <= 0:
                problems.append((("choices", index, "weight"), "an answer's weight is above 0"))
            elif text not in self.answers and weight > 0:
                problems.append((("choices", index, "weight"),
                                 "a wrong choice's weight is 0 or below; list it in answers "
                                 "to give it credit"))
        share = self.default_weight(self.answers[0])
        total = sum(share if self.weight_of(text) is None else self.weight_of(text)
                    for text in self.answers)
        if abs(total - 100) > 0.01:
            problems.append((("answers",), f"the answers' weights add up to {total:g}, not 100 "
                             f"(an answer without a weight counts {share:g})"))
        return problems


class TrueFalseQuestion(QuestionSpec):
    type: Literal["true_false"]
    answer: bool
    answer_feedback: Text | None = None
    wrong_feedback: Text | None = None


class NumericQuestion(QuestionSpec):
    type: Literal["numeric"]
    answer: Number
    tolerance: NonNegative | None = None
    tolerance_pct: NonNegative | None = None
    unit: Text | None = None
    answer_feedback: Text | None = None
    extra_answers: list[NumericAnswerSpec] = Field(default_factory=list)
    wrong_feedback: Text | None = None

    @model_validator(mode="after")
    def one_tolerance_at_most(self):
        if self.tolerance is not None and self.tolerance_pct is not None:
            check_problems([(("tolerance_pct",), "give tolerance or tolerance_pct, not both")])
        return self


class DateQuestion(QuestionSpec):
    type: Literal["date"]
    answer: PartialDate
    answer_feedback: Text | None = None
    extra_answers: list[DateAnswerSpec] = Field(default_factory=list)
    wrong_feedback: Text | None = None


class TextQuestion(QuestionSpec):
    """The answer, then accepted forms: each full marks unless it has a lower weight."""

    type: Literal["text"]
    answer: Choice
    accept: list[Choice] = Field(default_factory=list)
    accept_surname: bool = False
    refuse: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def aliases_are_distinct(self):
        accepted = [choice_text(c) for c in [self.answer, *self.accept]]
        problems = [
            (("accept", index - 1), f"{alias!r} is already accepted")
            for index, alias in repeats(accepted)
        ]
        if isinstance(self.answer, ChoiceSpec) and self.answer.weight not in (None, 100):
            problems.append((("answer", "weight"), "the answer is worth 100; leave its weight "
                             "out and list answers worth less under accept"))
        problems += [
            (("accept", index, "weight"), "an accepted answer is worth 0 to 100")
            for index, alias in enumerate(self.accept)
            if isinstance(alias, ChoiceSpec) and alias.weight is not None and alias.weight < 0
        ]
        problems += unique_problems("refuse", self.refuse) + [
            (("refuse", index), f"{name!r} is also accepted; a name cannot be both")
            for index, name in enumerate(self.refuse)
            if name in accepted
        ]
        check_problems(problems)
        return self

    def type_data(self) -> dict[str, Any]:
        entries = [self.answer, *self.accept]
        data = {**super().type_data(), "answer": choice_text(self.answer),
                **choice_notes(entries, lambda text: 100)}
        if self.accept:
            data["accept"] = [choice_text(alias) for alias in self.accept]
        return data

    @classmethod
    def type_entries(cls, data: dict[str, Any]) -> dict[str, Any]:
        entries = super().type_entries(data)
        entries["answer"] = choice_entry(data["answer"], data)
        if "accept" in entries:
            entries["accept"] = [choice_entry(text, data) for text in data["accept"]]
        return entries


class MatchingQuestion(QuestionSpec):
    type: Literal["matching"]
    pairs: Annotated[dict[Text, Text], Field(min_length=2)]

    @model_validator(mode="after")
    def right_sides_are_distinct(self):
        lefts = list(self.pairs)
        check_problems([
            (("pairs", lefts[index]), f"{right!r} is already matched to another item")
            for index, right in repeats(list(self.pairs.values()))
        ])
        return self


class OrderingQuestion(QuestionSpec):
    type: Literal["ordering"]
    items: Annotated[list[Text], Field(min_length=2)]

    @model_validator(mode="after")
    def items_are_distinct(self):
        check_problems(unique_problems("items", self.items))
        return self


QUESTION_CLASSES: dict[QuestionType, type[QuestionSpec]] = {
    QuestionType(get_args(cls.model_fields["type"].annotation)[0]): cls
    for cls in (
        SingleQuestion, MultipleQuestion, TrueFalseQuestion, NumericQuestion,
        DateQuestion, TextQuestion, MatchingQuestion, OrderingQuestion,
    )
}
AnyQuestion = Annotated[reduce(or_, QUESTION_CLASSES.values()), Field(discriminator="type")]

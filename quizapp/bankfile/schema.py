"""The question-bank file format as strict pydantic models, one class per question type."""

import re
from collections.abc import Iterable
from datetime import date, datetime
from functools import reduce
from operator import or_
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    model_validator,
)

from quizapp.vocabulary import Category, QuestionType

Loc = tuple[str | int, ...]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class SpecProblems(ValueError):
    """Report problems found across fields, each at its own path below the failing model."""

    def __init__(self, problems: Iterable[tuple[Loc, str]]):
        self.problems = tuple(problems)
        super().__init__("; ".join(message for _, message in self.problems))


def check_problems(problems: list[tuple[Loc, str]]) -> None:
    """Raise the problems found, if any, so pydantic reports them with their paths."""
    if problems:
        raise SpecProblems(problems)


def check_number(value: Any) -> int | float:
    """Accept a finite int or float, but not a bool or a numeric-looking string."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, got {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number")
    return value


def date_as_text(value: Any) -> Any:
    """Let a YAML date or a bare year stand for the same date written as a string."""
    if isinstance(value, datetime):
        raise ValueError("must be a date without a time")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    return value


def check_partial_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD naming a date that exists."""
    match = PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"must be a date written YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a real date ({error})") from None
    return value


Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(max_length=100, pattern=SLUG_PATTERN)]
CategoryName = Annotated[Category, Field(strict=False)]
Number = Annotated[int | float, PlainValidator(check_number)]
NonNegative = Annotated[Number, Field(ge=0)]
# Far beyond any real article or score, and far inside the database's integer columns.
MAX_PARAGRAPH = 10_000
MAX_POINTS = 1_000
Paragraph = Annotated[int, Field(ge=1, le=MAX_PARAGRAPH)]
PartialDate = Annotated[str, BeforeValidator(date_as_text), AfterValidator(check_partial_date)]


def repeats(values: list) -> list[tuple[int, Any]]:
    """List the (index, value) of every value already seen earlier in the list."""
    seen: set = set()
    found = []
    for index, value in enumerate(values):
        if value in seen:
            found.append((index, value))
        seen.add(value)
    return found


def unique_problems(field: str, values: list) -> list[tuple[Loc, str]]:
    """Describe each repeated entry of a list field."""
    return [((field, index), f"{value!r} is listed twice") for index, value in repeats(values)]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


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


class QuestionSpec(Spec):
    """Fields every question has; subclasses add the fields of one type."""

    COMMON_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "fact", "category", "type", "prompt", "explanation", "points", "paragraph",
    )

    id: Slug
    fact: Slug | None = None
    category: CategoryName | None = None
    prompt: Text
    explanation: Text
    points: Annotated[int, Field(ge=1, le=MAX_POINTS)] = 1
    paragraph: Paragraph | None = None

    @classmethod
    def data_fields(cls) -> tuple[str, ...]:
        """Name this type's own fields, in the order the format lists them."""
        return tuple(name for name in cls.model_fields if name not in cls.COMMON_FIELDS)

    def type_data(self) -> dict[str, Any]:
        """Return this type's own fields as JSON values, leaving out those not written."""
        return self.model_dump(
            mode="json", include=set(self.data_fields()), exclude_unset=True, exclude_none=True
        )


class SingleQuestion(QuestionSpec):
    type: Literal["single"]
    choices: Annotated[list[Text], Field(min_length=2)]
    answer: Text

    @model_validator(mode="after")
    def answer_is_a_choice(self):
        problems = unique_problems("choices", self.choices)
        if self.answer not in self.choices:
            problems.append((("answer",), f"{self.answer!r} is not one of the choices"))
        check_problems(problems)
        return self


class MultipleQuestion(QuestionSpec):
    type: Literal["multiple"]
    choices: Annotated[list[Text], Field(min_length=2)]
    answers: Annotated[list[Text], Field(min_length=1)]

    @model_validator(mode="after")
    def answers_are_choices(self):
        problems = unique_problems("choices", self.choices) + unique_problems(
            "answers", self.answers
        )
        problems += [
            (("answers", index), f"{answer!r} is not one of the choices")
            for index, answer in enumerate(self.answers)
            if answer not in self.choices
        ]
        check_problems(problems)
        return self


class TrueFalseQuestion(QuestionSpec):
    type: Literal["true_false"]
    answer: bool


class NumericQuestion(QuestionSpec):
    type: Literal["numeric"]
    answer: Number
    tolerance: NonNegative | None = None
    tolerance_pct: NonNegative | None = None
    unit: Text | None = None

    @model_validator(mode="after")
    def one_tolerance_at_most(self):
        if self.tolerance is not None and self.tolerance_pct is not None:
            check_problems([(("tolerance_pct",), "give tolerance or tolerance_pct, not both")])
        return self


class DateQuestion(QuestionSpec):
    type: Literal["date"]
    answer: PartialDate


class TextQuestion(QuestionSpec):
    type: Literal["text"]
    answer: Text
    accept: list[Text] = []

    @model_validator(mode="after")
    def aliases_are_distinct(self):
        check_problems([
            (("accept", index - 1), f"{alias!r} is already accepted")
            for index, alias in repeats([self.answer, *self.accept])
        ])
        return self


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


class BankSpec(Spec):
    bank: Slug
    title: Annotated[Text, Field(max_length=300)]
    description: Text
    source: SourceSpec
    facts: list[FactSpec] = []
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
    {*BankSpec.model_fields, *SourceSpec.model_fields, *FactSpec.model_fields}
    | {name for cls in QUESTION_CLASSES.values() for name in cls.model_fields}
)

"""The building blocks of the bank file format: checked values, and answers with feedback."""

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
)

from quizapp.vocabulary import Category

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
# A share of the points in percent, as GIFT writes it; negative takes points away.
Weight = Annotated[Number, Field(ge=-100, le=100)]
WEIGHT_PRECISION = 0.01  # GIFT writes a third as 33.33333


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
    # No string cache: it would keep thousands of a large bank's strings alive after
    # the import, scattered over memory the worker then cannot give back.
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True,
                              cache_strings=False)



class ChoiceSpec(Spec):
    """A choice or accepted answer with what to tell a learner who gives it, and its worth."""

    text: Text
    feedback: Text | None = None
    weight: Weight | None = None


class ExtraAnswerSpec(Spec):
    """Feedback, and partial credit from 0 to 100 percent, for a near or common answer."""

    weight: Annotated[Number, Field(ge=0, le=100)]
    feedback: Text | None = None


class NumericAnswerSpec(ExtraAnswerSpec):
    answer: Number
    tolerance: NonNegative | None = None


class DateAnswerSpec(ExtraAnswerSpec):
    answer: PartialDate


def choice_form(value: Any) -> str:
    """Tell a plain choice from one written as a mapping, so errors name only the form used."""
    return "entry" if isinstance(value, dict | ChoiceSpec) else "plain"


# A choice is plain text or a mapping with text, feedback and weight. Pydantic puts the
# tag ("plain" or "entry") in error locations; the loader skips it when it finds no such key.
CHOICE_TAGS = ("plain", "entry")
Choice = Annotated[
    Annotated[Text, Tag("plain")] | Annotated[ChoiceSpec, Tag("entry")],
    Discriminator(choice_form),
]


def choice_text(choice: Choice) -> str:
    return choice if isinstance(choice, str) else choice.text


def choice_notes(choices: Iterable[Choice],
                 default_weight: Callable[[str], float]) -> dict[str, dict[str, Any]]:
    """Map the choice texts to the feedback and weight written for them, as stored JSON.

    A weight equal to what the choice is worth anyway is left out, so the same question
    is stored the same however it was written (GIFT must spell out every weight).
    """
    notes: dict[str, dict[str, Any]] = {"choice_feedback": {}, "choice_weights": {}}
    for choice in choices:
        if isinstance(choice, ChoiceSpec):
            if choice.feedback is not None:
                notes["choice_feedback"][choice.text] = choice.feedback
            if choice.weight is not None and abs(choice.weight - default_weight(choice.text)) \
                    >= WEIGHT_PRECISION:
                notes["choice_weights"][choice.text] = choice.weight
    return {key: value for key, value in notes.items() if value}


def choice_entry(text: str, data: dict[str, Any]) -> Any:
    """Write a stored choice back as the plain string or mapping an author would."""
    fields = {"text": text, "feedback": data.get("choice_feedback", {}).get(text),
              "weight": data.get("choice_weights", {}).get(text)}
    extras = {key: value for key, value in fields.items() if value is not None}
    return extras if len(extras) > 1 else text

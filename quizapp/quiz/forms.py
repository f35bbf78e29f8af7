"""Forms for answering a quiz's questions, one per question type."""

import calendar
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.fields import DateField, SelectFieldBase
from wtforms.validators import (
    AnyOf,
    InputRequired,
    Length,
    Regexp,
    StopValidation,
    ValidationError,
)

from quizapp.forms import ChoiceRequired, MultiCheckboxField, start_key_field
from quizapp.grading.numeric import read_number
from quizapp.vocabulary import QuestionType

MAX_TYPED_ANSWER = 200
MAX_KEPT_FORM_CLASSES = 2048
_FORM_CLASSES: dict[tuple, type["AnswerForm"]] = {}


def _typed_answer_checks(missing_message: str) -> list:
    """Validators every typed answer shares: something besides spaces, and not too long."""

    def not_blank(form, field):
        if not field.data.strip():
            raise StopValidation(f"Spaces alone are not an answer. {missing_message}")

    return [InputRequired(missing_message), not_blank, Length(
        max=MAX_TYPED_ANSWER,
        message=f"Keep your answer to at most {MAX_TYPED_ANSWER} characters.")]


class AnswerForm(FlaskForm):
    """Base of the per-question forms; `response()` gives the value the grader reads."""

    class Meta:
        # CSRFProtect checks the token of every POST before any view runs (see
        # test_security); a CSRF field here would only sign a fresh token per answer.
        csrf = False

    submit = SubmitField("Submit answer")
    skip = SubmitField("Skip this question")

    def response(self):
        return self.answer.data

    def is_skipping(self) -> bool:
        return bool(self.skip.data)


def answer_form_for(question_type: str, data: dict, presentation: dict, **kwargs) -> AnswerForm:
    """Build the answer form for one question as this attempt presents it.

    Making a form class costs more than validating an answer with it, so each class is
    made once per shape of question (see `form_shape`) and kept.
    """
    shape = (question_type, form_shape(question_type, data, presentation))
    form_class = _FORM_CLASSES.get(shape)
    if form_class is None:
        if len(_FORM_CLASSES) >= MAX_KEPT_FORM_CLASSES:  # every bank's shapes, many times over
            _FORM_CLASSES.clear()
        form_class = _FORM_CLASSES[shape] = ANSWER_FORMS[question_type](data, presentation)
    return form_class(**kwargs)


def form_shape(question_type: str, data: dict, presentation: dict) -> Hashable:
    """What of a question its answer form depends on: two questions alike here share a class.

    The order of choices and matches is left out, since it changes neither what is
    accepted nor the response (the inputs are drawn from the presentation); the order
    of rows is kept, since row N answers the Nth item shown.
    """
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return frozenset(presentation["choices"])
    if question_type == QuestionType.NUMERIC:
        return data.get("unit")
    if question_type == QuestionType.DATE:
        return date_precision(data)
    if question_type == QuestionType.MATCHING:
        return tuple(presentation["left"]), frozenset(presentation["right"])
    if question_type == QuestionType.ORDERING:
        return tuple(presentation["items"])
    return None


def date_precision(data: dict) -> int:
    """1 for a year, 2 for a month and year, 3 for a full date."""
    return len(str(data["answer"]).split("-"))


def saved_answer_fields(question_type: str, data: dict, presentation: dict, response: Any) -> dict:
    """Turn a stored response back into form values, so a test answer can be changed."""
    if response is None:
        return {}
    if question_type == "date" and isinstance(response, str):
        precision = len(str(data["answer"]).split("-"))
        if precision == 2:
            year, _, month = response.partition("-")
            return {"year": year, "month": month}
        return {"answer": date.fromisoformat(response) if precision == 3 else response}
    if question_type == "matching" and isinstance(response, dict):
        return {f"row_{i}": response.get(left) for i, left in enumerate(presentation["left"])}
    if question_type == "ordering" and isinstance(response, list):
        return {f"row_{i}": str(response.index(it) + 1)
                for i, it in enumerate(presentation["items"]) if it in response}
    return {"answer": response}


def shown_values(question_type: str, data: dict, presentation: dict, response: Any) -> dict:
    """Give the values a question's inputs show: a saved answer, else each type's defaults."""
    values = saved_answer_fields(question_type, data, presentation, response)
    if question_type == QuestionType.ORDERING:
        # Each item starts at the place it is shown in, so a keyboard user only changes what moves.
        values = {f"row_{index}": value for index, (value, _) in
                  enumerate(input_options(question_type, presentation))} | values
    return {name: value.isoformat() if isinstance(value, date) else value
            for name, value in values.items()}


def submitted_values(form: AnswerForm) -> tuple[dict, dict]:
    """Give the values and errors of a refused answer, to show its inputs again as sent."""
    values, errors = {}, {}
    for field in form:
        if isinstance(field, SelectFieldBase):
            values[field.name] = field.data
        else:
            values[field.name] = field._value()
        if field.errors:
            errors[field.name] = field.errors
    return values, errors


def input_options(question_type: str, presentation: dict) -> list[tuple[str, str]]:
    """List the (value, label) options of a question's selects: matches, positions or months."""
    if question_type == QuestionType.MATCHING:
        return [("", "Choose a match"), *((right, right) for right in presentation["right"])]
    if question_type == QuestionType.ORDERING:
        return [(str(n), f"Position {n}") for n in range(1, len(presentation["items"]) + 1)]
    if question_type == QuestionType.DATE:
        return [("", "Choose a month"),
                *((f"{n:02d}", calendar.month_name[n]) for n in range(1, 13))]
    return []


class FlagForm(FlaskForm):
    """Mark a test question to come back to, or clear the mark."""

    is_flagged = HiddenField(validators=[AnyOf(["0", "1"])])


class AbandonForm(FlaskForm):
    """Drop an unfinished quiz, then go back to the page that offered it."""

    back_to = HiddenField(validators=[AnyOf(["home", "bank"])])


class PractiseMistakesForm(FlaskForm):
    """Start a practice quiz on an attempt's mistakes, once however often it is sent."""

    start_key = start_key_field()


def _single(data, presentation):
    choices = [SelectChoice(c) for c in presentation["choices"]]
    return _form_with(answer=RadioField("Your answer", choices=choices,
                                        validators=[InputRequired("Choose an answer.")]))


def _true_false(data, presentation):
    return _form_with(answer=RadioField("True or false?", choices=[SelectChoice("true", "True"),
                                                                   SelectChoice("false", "False")],
                                        validators=[InputRequired("Choose true or false.")]))


def _multiple(data, presentation):
    choices = [SelectChoice(c) for c in presentation["choices"]]
    return _form_with(answer=MultiCheckboxField(
        "Tick every right answer", choices=choices,
        validators=[InputRequired("Tick at least one answer.")]))


def _numeric(data, presentation):
    unit = data.get("unit")

    def readable_number(form, field):
        # The grader's own reader decides, so the form accepts exactly what can be graded.
        if read_number(field.data, unit) is None:
            raise ValidationError("Enter digits only; commas or spaces between thousands are fine.")

    return _form_with(answer=StringField(
        "Your answer" + (f" (in {unit})" if unit else ""),
        description="Type digits; commas or spaces between thousands are fine.",
        validators=[*_typed_answer_checks("Enter a number."), readable_number],
        render_kw={"inputmode": "decimal", "autocomplete": "off"}))


def _text(data, presentation):
    return _form_with(answer=StringField(
        "Your answer", validators=_typed_answer_checks("Type an answer."),
        render_kw={"autocomplete": "off", "spellcheck": "false"}))


YEAR = Regexp(r"^\s*\d{4}\s*$", message="Enter a four-digit year, such as 2015.")


class _MonthForm(AnswerForm):
    month = SelectField("Month", choices=[SelectChoice(*option) for option in
                                          input_options(QuestionType.DATE, {})],
                        validators=[InputRequired("Choose a month.")])
    year = StringField("Year", validators=[InputRequired("Enter a year."), YEAR],
                       render_kw={"inputmode": "numeric", "autocomplete": "off"})

    def response(self):
        return f"{self.year.data.strip()}-{self.month.data}"


def _date(data, presentation):
    precision = date_precision(data)
    if precision == 1:
        return _form_with(answer=StringField(
            "Year", validators=[InputRequired("Enter a year."), YEAR],
            render_kw={"inputmode": "numeric", "autocomplete": "off"}))
    if precision == 2:
        return _MonthForm
    return _DayForm


class _DayForm(AnswerForm):
    answer = DateField("Date", validators=[InputRequired("Enter a full date.")])

    def response(self):
        return self.answer.data.isoformat()


class _ListForm(AnswerForm):
    """A form with one select per row: matching pairs or ordering positions."""

    row_labels: tuple[str, ...] = ()

    def rows(self):
        return [(label, self[f"row_{index}"]) for index, label in enumerate(self.row_labels)]


class _MatchingForm(_ListForm):
    def response(self):
        return {label: field.data for label, field in self.rows()}


class _OrderingForm(_ListForm):
    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        positions = [field.data for _, field in self.rows()]
        if valid and len(set(positions)) != len(positions):
            self.rows()[0][1].errors.append("Give each item a different position.")
            return False
        return valid

    def response(self):
        ranked = sorted(self.rows(), key=lambda row: int(row[1].data))
        return [label for label, _ in ranked]


def _matching(data, presentation):
    options = [SelectChoice(*option) for option in input_options("matching", presentation)]
    return _list_form(_MatchingForm, presentation["left"], options, "Choose a match for each.")


def _ordering(data, presentation):
    options = [SelectChoice(*option) for option in input_options("ordering", presentation)]
    # Each item starts at the place it is shown in, so a keyboard user only changes what moves.
    return _list_form(_OrderingForm, presentation["items"], options, "Choose a position.",
                      defaults=[value for value, _ in input_options("ordering", presentation)])


def _list_form(base, labels, options, required_message, defaults=None):
    defaults = defaults or [None] * len(labels)
    fields = {
        f"row_{index}": SelectField(label, choices=options, default=default,
                                    validators=[ChoiceRequired(required_message)])
        for index, (label, default) in enumerate(zip(labels, defaults, strict=True))
    }
    return type(base.__name__, (base,), {"row_labels": tuple(labels), **fields})


def _form_with(**fields):
    return type("QuestionAnswerForm", (AnswerForm,), fields)


ANSWER_FORMS: dict[QuestionType, Callable[[dict, dict], type[AnswerForm]]] = {
    QuestionType.SINGLE: _single,
    QuestionType.TRUE_FALSE: _true_false,
    QuestionType.MULTIPLE: _multiple,
    QuestionType.NUMERIC: _numeric,
    QuestionType.DATE: _date,
    QuestionType.TEXT: _text,
    QuestionType.MATCHING: _matching,
    QuestionType.ORDERING: _ordering,
}

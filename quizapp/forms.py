"""Form fields shared by several areas of the site."""

import secrets

from wtforms import HiddenField, PasswordField, SelectMultipleField
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from quizapp.accounts.rules import PASSWORD_RULE, password_problem


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes, one per choice, submitting the ticked values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def new_start_key() -> str:
    """A random key for one rendered start form: sent twice, it starts one quiz, not two."""
    return secrets.token_urlsafe(16)


def start_key_field() -> HiddenField:
    """The start form's hidden key; forms sent without one start a quiz every time."""
    return HiddenField(default=new_start_key, validators=[Optional(), Length(max=64)])


class ChoiceRequired(InputRequired):
    """Require a value without the HTML `required` attribute.

    HTML forbids `required` on a select whose first option is a real choice (an
    ordering position, a time zone), so the check stays on the server only.
    """

    def __init__(self, message: str | None = None):
        super().__init__(message)
        self.field_flags = {}


def strong_password(form, field) -> None:
    """Reject a password too weak to keep the account safe."""
    problem = password_problem(field.data)
    if problem:
        raise ValidationError(problem)


def new_password_field(label: str, missing: str) -> PasswordField:
    """A field for choosing a password, with the rule shown and checked."""
    return PasswordField(
        label, description=PASSWORD_RULE,
        validators=[DataRequired(message=missing), strong_password],
        render_kw={"autocomplete": "new-password"},
    )


def repeat_password_field(label: str, missing: str, of_field: str) -> PasswordField:
    """A second password field that must match the first, to catch a typing slip."""
    return PasswordField(
        label,
        validators=[
            DataRequired(message=missing),
            EqualTo(of_field, message="The two passwords do not match."),
        ],
        render_kw={"autocomplete": "new-password"},
    )

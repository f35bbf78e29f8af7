"""Form fields shared by several areas of the site."""

import secrets

from wtforms import HiddenField, SelectMultipleField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


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

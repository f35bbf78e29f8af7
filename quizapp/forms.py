"""Form fields shared by several areas of the site."""

import secrets

from wtforms import HiddenField, SelectMultipleField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes, one per choice, submitting the ticked values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def start_key_field() -> HiddenField:
    """A random key per rendered start form: sent twice, it starts one quiz, not two."""
    return HiddenField(default=lambda: secrets.token_urlsafe(16),
                       validators=[Optional(), Length(max=64)])

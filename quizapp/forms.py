"""Form fields shared by several areas of the site."""

from wtforms import SelectMultipleField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes, one per choice, submitting the ticked values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ChoiceRequired(InputRequired):
    """Require a value without the HTML `required` attribute.

    HTML forbids `required` on a select whose first option is a real choice (an
    ordering position, a time zone), so the check stays on the server only.
    """

    def __init__(self, message: str | None = None):
        super().__init__(message)
        self.field_flags = {}

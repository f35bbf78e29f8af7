"""Form fields shared by several areas of the site."""

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes, one per choice, submitting the ticked values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

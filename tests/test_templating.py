"""Template filters."""

import pytest

from quizapp.templating import format_points


@pytest.mark.parametrize(
    ("value", "text"),
    [(3.0, "3"), (2.5, "2.5"), (2 / 3, "0.67"), (0, "0"), (None, "0"), (1234.0, "1,234"),
     (0.005, "0.01"), (10.10, "10.1")],
)
def test_points_are_written_without_needless_decimals(value, text):
    assert format_points(value) == text

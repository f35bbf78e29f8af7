"""Template filters shared by every page."""

from flask import Flask

from quizapp.points import percent_of


def format_points(value: float | None) -> str:
    """Write points the way people do: 3, 2.5 or 0.67, never 3.0."""
    rounded = round(value or 0, 2)
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


def register(app: Flask) -> None:
    """Make the filters available to templates."""
    app.add_template_filter(format_points, "points")
    app.add_template_global(percent_of)

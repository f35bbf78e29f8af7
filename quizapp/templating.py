"""Template filters shared by every page."""

from typing import Any

from flask import Flask

from quizapp.grading import feedback_for
from quizapp.points import percent_of
from quizapp.richtext import render_inline, render_text


def format_points(value: float | None) -> str:
    """Write points the way people do: 3, 2.5 or 0.67, never 3.0."""
    rounded = round(value or 0, 2)
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


def choice_feedback(item: Any) -> tuple[str, ...]:
    """Return the feedback the bank wrote for an answered item's response (an AttemptItem)."""
    if not item.is_answered or item.response is None:
        return ()
    graded = item.graded_against
    return feedback_for(graded.type, graded.data, item.response)


def register(app: Flask) -> None:
    """Make the filters available to templates."""
    app.add_template_filter(format_points, "points")
    app.add_template_filter(render_text, "rich_text")
    app.add_template_filter(render_inline, "rich_inline")
    app.add_template_filter(choice_feedback, "choice_feedback")
    app.add_template_global(percent_of)

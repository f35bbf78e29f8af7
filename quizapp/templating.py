"""Template filters shared by every page."""

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from flask import Flask, request, url_for
from flask_login import current_user
from markupsafe import Markup

from quizapp.forms import new_start_key
from quizapp.grading import feedback_for
from quizapp.models.types import as_utc
from quizapp.points import percent_of
from quizapp.richtext import render_inline, render_text
from quizapp.zones import DEFAULT_ZONE, zone_named

# How a moment is written for people, by the detail a page needs.
TIME_STYLES = {
    "date": "{day} %B %Y",
    "datetime": "{day} %B %Y at %H:%M",
    "short": "{day} %b %Y, %H:%M",
    "time": "%H:%M:%S",
}


def format_points(value: float | None) -> str:
    """Write points the way people do: 3, 2.5 or 0.67, never 3.0."""
    rounded = round(value or 0, 2)
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


def learner_zone_name() -> str:
    """Name the zone the signed-in learner reads times in; UTC for visitors and new learners."""
    if current_user and current_user.is_authenticated and current_user.time_zone:
        return zone_named(current_user.time_zone).key
    return DEFAULT_ZONE


def format_local_time(
    moment: datetime, style: str = "datetime", zone_name: str | None = None
) -> str:
    """Write a stored UTC moment in the learner's zone, in one of TIME_STYLES."""
    local = moment.astimezone(zone_named(zone_name or learner_zone_name()))
    return local.strftime(TIME_STYLES[style].format(day=local.day))


def machine_time(moment: datetime) -> str:
    """Write a moment for <time datetime>: UTC to the second, as HTML allows."""
    return as_utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


def choice_feedback(item: Any) -> tuple[str, ...]:
    """Return the feedback the bank wrote for an answered item's response (an AttemptItem)."""
    if not item.is_answered or item.response is None:
        return ()
    graded = item.graded_against
    return feedback_for(graded.type, graded.data, item.response)


@cache
def mastery_badge(level: str) -> Markup:
    """Write a mastery level in words, with a class that colours it (built once per level)."""
    return Markup('<span class="mastery mastery-{}">{}</span>').format(
        level.replace(" ", "-"), level.capitalize()
    )


# Distinct URLs kept per app: `next=` carries any path a visitor asks for, so the
# store is emptied when full rather than allowed to grow without end.
KEPT_URLS = 4096


def kept_url_for(app: Flask) -> Callable[..., str]:
    """Make the templates' `url_for`: Flask's, with each URL built once per app.

    A URL without `_external` or other options depends only on the endpoint, its
    values and the script root: the app has no host or subdomain rules, and its one
    URL default, the static file hash, is left to `static_url` (tests check both).
    Building it through the URL map costs several times looking it up here, and a
    page links a dozen or more. Values are told apart by type too (1, 1.0 and True
    are equal keys but write different URLs).
    """
    built: dict[tuple, str] = {}

    def cached_url_for(endpoint: str, **values: Any) -> str:
        try:
            script_root = request.script_root
        except RuntimeError:  # no request: Flask builds from SERVER_NAME, if set
            return url_for(endpoint, **values)
        if endpoint[:1] == ".":
            # A relative endpoint names one of the blueprint handling the request.
            endpoint = f"{request.blueprint}{endpoint}" if request.blueprint else endpoint[1:]
        if not values:
            key = (script_root, endpoint)
        elif endpoint == "static" or any(name[:1] == "_" for name in values):
            return url_for(endpoint, **values)
        else:
            key = (script_root, endpoint,
                   *[(name, value.__class__, value) for name, value in sorted(values.items())])
        try:
            url = built.get(key)
        except TypeError:  # a list of values for one name: build it every time
            return url_for(endpoint, **values)
        if url is None:
            if len(built) >= KEPT_URLS:
                built.clear()
            url = built[key] = url_for(endpoint, **values)
        return url

    return cached_url_for


def register(app: Flask) -> None:
    """Make the filters, and a `url_for` that keeps the URLs it builds, available to templates."""
    app.add_template_global(kept_url_for(app), "url_for")
    app.add_template_filter(format_points, "points")
    app.add_template_filter(format_local_time, "local_time")
    app.add_template_filter(machine_time, "machine_time")
    app.add_template_global(learner_zone_name, "learner_zone_name")
    app.add_template_filter(render_text, "rich_text")
    app.add_template_filter(render_inline, "rich_inline")
    app.add_template_filter(choice_feedback, "choice_feedback")
    app.add_template_filter(mastery_badge)
    app.add_template_global(percent_of)
    app.add_template_global(new_start_key)

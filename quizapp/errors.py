"""Error pages in the site's own layout, saying in plain words what happened and where to go."""

import time
from dataclasses import dataclass

from flask import Flask, render_template
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException, InternalServerError

from quizapp.extensions import db, limiter


@dataclass(frozen=True)
class ErrorText:
    """What an error page says: a heading and a sentence on what the learner can do."""

    title: str
    advice: str


ERROR_TEXTS = {
    403: ErrorText("You cannot open this page",
                   "It belongs to someone else or needs an admin account."),
    404: ErrorText("Page not found",
                   "The address may be mistyped, or the bank or quiz no longer exists."),
    405: ErrorText("This page cannot do that",
                   "The page was asked for in a way it does not accept; go back and try again."),
    413: ErrorText("That was too large",
                   "What you sent is bigger than this site accepts. Nothing was saved."),
    429: ErrorText("Too many tries",
                   "Too many tries in a short time. Wait a little, then try again."),
    500: ErrorText("Something went wrong on our side",
                   "Nothing you did caused it, and your earlier answers are safe. "
                   "Try again in a moment."),
}


def render_error(error: HTTPException):
    """Render the styled page for an HTTP error, with its status code."""
    text = ERROR_TEXTS.get(error.code, ErrorText(error.name, error.description or ""))
    return render_template("error.html", code=error.code, text=text), error.code


def register(app: Flask) -> None:
    """Attach the error handlers to the app."""
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, render_error)

    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(error):
        wait = seconds_until_reset()
        page = render_template("error.html", code=429, text=ERROR_TEXTS[429], wait=wait)
        return page, 429, {"Retry-After": str(wait)}

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        if not isinstance(error, HTTPException):
            error = InternalServerError()
        return render_error(error)


def seconds_until_reset() -> int:
    """Whole seconds until the breached limit lets requests through again (at least one)."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, int(breached.reset_at - time.time()))

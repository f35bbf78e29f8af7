"""Error pages."""

import time

from flask import Flask, render_template
from flask_limiter import RateLimitExceeded

from quizapp.extensions import db, limiter

TOO_MANY_REQUESTS = "Too many tries in a short time. Wait a little, then try again."


def register(app: Flask) -> None:
    """Attach the error handlers to the app."""

    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def client_error(error):
        return render_template("error.html", error=error), error.code

    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(error):
        wait = seconds_until_reset()
        page = render_template("error.html", error=error, message=TOO_MANY_REQUESTS, wait=wait)
        return page, 429, {"Retry-After": str(wait)}

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("error.html", error=error), 500


def seconds_until_reset() -> int:
    """Whole seconds until the breached limit lets requests through again (at least one)."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, int(breached.reset_at - time.time()))

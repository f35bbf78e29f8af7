"""Error pages."""

from flask import Flask, render_template

from quizapp.extensions import db


def register(app: Flask) -> None:
    """Attach the error handlers to the app."""

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def client_error(error):
        return render_template("error.html", error=error), error.code

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("error.html", error=error), 500

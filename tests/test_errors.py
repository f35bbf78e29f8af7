"""Error pages come in the site's layout, with a plain explanation and a way back."""

import pytest
from flask import abort

from quizapp.extensions import db


@pytest.fixture
def failing_app(app):
    """The app with routes that fail in each way a learner might meet."""

    @app.get("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    @app.get("/forbidden")
    def forbidden():
        abort(403)

    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize(
    ("method", "path", "status", "heading"),
    [
        ("get", "/no-such-page", 404, "Page not found"),
        ("get", "/forbidden", 403, "You cannot open this page"),
        ("delete", "/", 405, "This page cannot do that"),
        ("get", "/boom", 500, "Something went wrong on our side"),
    ],
)
def test_error_pages_use_the_site_layout(failing_app, method, path, status, heading):
    response = getattr(failing_app.test_client(), method)(path)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert f'<h1 id="error-heading">{heading}</h1>' in page
    assert '<a class="brand" href="/">quizapp</a>' in page
    assert 'href="/">Back to the question banks</a>' in page
    assert "Traceback" not in page and "broken on purpose" not in page


def test_too_large_a_request_gets_the_styled_page(app):
    app.config["MAX_CONTENT_LENGTH"] = 10
    response = app.test_client().post("/auth/login", data={"username": "x" * 100})
    assert response.status_code == 413
    assert "That was too large" in response.get_data(as_text=True)


def test_server_error_rolls_the_session_back(failing_app):
    @failing_app.get("/half-done")
    def half_done():
        from quizapp.models import User

        db.session.add(User(username="half"))
        raise RuntimeError("after a write")

    assert failing_app.test_client().get("/half-done").status_code == 500
    from quizapp.models import User

    db.session.remove()
    assert db.session.query(User).filter_by(username="half").first() is None

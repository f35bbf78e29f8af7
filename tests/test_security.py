"""Site-wide protections: security headers and CSRF on every form."""

import pytest
from conftest import base_config
from flask import render_template_string, session, url_for
from flask_wtf.csrf import generate_csrf, validate_csrf
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from wtforms import ValidationError

from quizapp import create_app
from quizapp.security import SECURITY_HEADERS


def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_error_pages_carry_the_security_headers_too(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    policy = response.headers["Content-Security-Policy"]
    assert policy == SECURITY_HEADERS["Content-Security-Policy"]


def post_urls() -> list[str]:
    """A URL for every route that accepts POST, with placeholder parameters."""
    app = create_app(base_config("sqlite://"))
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "POST" in rule.methods:
                values = {name: 1 if name.endswith("_id") or name == "position" else "demo"
                          for name in rule.arguments}
                urls.append(url_for(rule.endpoint, **values))
    return sorted(urls)


POST_URLS = post_urls()


def test_the_site_has_forms_to_protect():
    assert "/auth/login" in POST_URLS
    assert "/quiz/1/1" in POST_URLS


@pytest.mark.parametrize("url", POST_URLS)
def test_every_post_without_a_csrf_token_is_refused(csrf_client, url):
    response = csrf_client.post(url, data={"username": "ada", "answer": "x"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_template_csrf_token_passes_flask_wtf_check_and_is_signed_per_request(app):
    """Templates sign with a serializer kept per app; Flask-WTF must accept what they sign."""
    tokens = []
    for _ in range(2):
        # An app context of its own for each request, so each starts with an empty `g`.
        with app.app_context(), app.test_request_context("/"):
            session["csrf_token"] = "a raw token kept in the session"
            token = render_template_string("{{ csrf_token() }}")
            validate_csrf(token)  # raises ValidationError if Flask-WTF would refuse it
            assert generate_csrf() == token
            tokens.append(token)
    with app.app_context(), app.test_request_context("/"):
        session["csrf_token"] = "another session's raw token"
        with pytest.raises(ValidationError):
            validate_csrf(tokens[0])


def test_template_csrf_token_is_what_flask_wtf_would_sign(app, monkeypatch):
    """The kept encoding of the raw token gives the very token Flask-WTF's serializer signs."""
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: 1_800_000_000)
    for raw in ("a raw token kept in the session", "another session's raw token"):
        with app.app_context(), app.test_request_context("/"):
            session["csrf_token"] = raw
            token = render_template_string("{{ csrf_token() }}")
            serializer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
            assert token == serializer.dumps(raw)

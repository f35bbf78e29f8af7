"""Cookie flags for HTTPS deployments, and private pages kept out of caches."""

import pytest
from conftest import TEST_PASSWORD

from quizapp import config as settings


def set_cookie_headers(response) -> dict[str, str]:
    """Map each cookie the response sets to its full Set-Cookie header."""
    return {
        header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")
    }


def sign_in_remembered(client):
    return client.post(
        "/auth/login", data={"username": "ada", "password": TEST_PASSWORD, "remember": "y"}
    )


@pytest.mark.parametrize(("value", "secure"), [("1", True), ("true", True), (None, False)])
def test_secure_cookies_setting_comes_from_the_environment(monkeypatch, tmp_path, value, secure):
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "x")
    if value is None:
        monkeypatch.delenv("QUIZAPP_SECURE_COOKIES", raising=False)
    else:
        monkeypatch.setenv("QUIZAPP_SECURE_COOKIES", value)
    config = settings.from_environment(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is secure
    assert config["REMEMBER_COOKIE_SECURE"] is secure


@pytest.mark.parametrize("app_config", [settings.cookie_settings(True)])
def test_secure_cookies_marks_session_and_remember_cookies_secure(client, make_user):
    make_user()
    cookies = set_cookie_headers(sign_in_remembered(client))
    assert "Secure" in cookies["session"]
    assert "Secure" in cookies["remember_token"]


def test_cookies_are_not_secure_by_default(client, make_user):
    make_user()
    cookies = set_cookie_headers(sign_in_remembered(client))
    assert "Secure" not in cookies["session"]
    assert "Secure" not in cookies["remember_token"]


def test_remember_cookie_is_http_only_and_same_site_lax(client, make_user):
    make_user()
    remember = set_cookie_headers(sign_in_remembered(client))["remember_token"]
    assert "HttpOnly" in remember
    assert "SameSite=Lax" in remember


def test_pages_for_a_signed_in_user_are_not_stored(client, auth, make_user, make_bank):
    make_user()
    make_bank()
    auth.login()
    for path in ("/", "/banks/demo", "/history/"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_pages_for_a_guest_are_not_stored(client, make_bank):
    make_bank()
    response = client.post("/banks/demo", data={"mode": "practice", "question_count": 2})
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(response.headers["Location"]).headers["Cache-Control"] == "no-store"


def test_public_pages_for_visitors_may_be_cached(client, make_bank):
    make_bank()
    assert "no-store" not in client.get("/banks/demo").headers.get("Cache-Control", "")

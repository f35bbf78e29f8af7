"""Registering, signing in and out, guests, safe redirects and CSRF."""

import re

import pytest
from conftest import TEST_PASSWORD, csrf_token_on
from flask import session
from sqlalchemy import func, select

from quizapp.accounts.rules import PASSWORD_RULE
from quizapp.auth import forms
from quizapp.auth.redirects import is_safe_redirect
from quizapp.extensions import db
from quizapp.learners import current_learner
from quizapp.models import Attempt, User, UserSession
from quizapp.models.session import hash_token

# Only the tests that lean on the database's own rules run on PostgreSQL too: the
# case-insensitive unique username, and a guest's attempts moving to an account.
NAME_RULE = pytest.mark.both_engines  # a unique index on lower(username), per engine
ATTEMPTS_MOVE = pytest.mark.both_engines  # moved attempts fire the tally triggers of each engine

STRONG_PASSWORD = "another good passphrase"


def register(client, username="grace", password=STRONG_PASSWORD, confirm=None):
    return client.post(
        "/auth/register",
        data={"username": username, "password": password, "confirm": confirm or password},
    )


def signed_in_user_id(client) -> str | None:
    """Return the id of the user whose live session the client's cookie names."""
    with client.session_transaction() as cookie_session:
        token = cookie_session.get("_user_id")
    if token is None:
        return None
    with db.engine.connect() as connection:
        user_id = connection.scalar(
            select(UserSession.user_id).where(UserSession.token_hash == hash_token(token))
        )
    return None if user_id is None else str(user_id)


def find_user(username: str) -> User | None:
    db.session.remove()
    return db.session.scalar(select(User).where(User.username == username))


def user_count() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(User))


def add_attempt(user_id: int, bank_id: int) -> int:
    attempt = Attempt(user_id=user_id, bank_id=bank_id, mode="practice")
    db.session.add(attempt)
    db.session.commit()
    return attempt.id


def attempt_owners() -> list[int]:
    db.session.remove()
    return list(db.session.scalars(select(Attempt.user_id).order_by(Attempt.id)))


@pytest.fixture
def learner_route(app):
    """A stand-in for a quiz view: it asks for the current learner and reports the id."""

    def learner():
        return str(current_learner().id)

    app.add_url_rule("/test/learner", view_func=learner)
    return "/test/learner"


# Registering


@NAME_RULE
@pytest.mark.production_hashing
def test_register_stores_hashed_password_signs_in_and_redirects_home(client):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    user = find_user("grace")
    assert user is not None and not user.is_guest and not user.is_admin
    assert user.password_hash != STRONG_PASSWORD
    assert user.password_hash.startswith("scrypt:")
    assert signed_in_user_id(client) == str(user.id)
    assert "Welcome, grace!" in client.get("/").get_data(as_text=True)


def test_register_page_states_the_password_rule(client):
    page = client.get("/auth/register").get_data(as_text=True)
    assert PASSWORD_RULE in page
    assert 'aria-describedby="password-hint"' in page


@NAME_RULE
@pytest.mark.parametrize(
    ("username", "password", "confirm", "message"),
    [
        ("ADA", STRONG_PASSWORD, None, "That username is taken."),
        ("grace", "short 1", None, "Use at least 10 characters."),
        ("grace", "onlylettershere", None, "Use more than letters alone or digits alone"),
        ("grace", "12345678901234", None, "Use more than letters alone or digits alone"),
        ("grace", STRONG_PASSWORD, "something else 1", "The two passwords do not match."),
        ("gr", STRONG_PASSWORD, None, "Use 3 to 40 characters: letters, digits"),
        ("grace hopper", STRONG_PASSWORD, None, "Use 3 to 40 characters: letters, digits"),
        ("g" * 41, STRONG_PASSWORD, None, "Use 3 to 40 characters: letters, digits"),
        ("", STRONG_PASSWORD, None, "Choose a username."),
    ],
)
def test_register_explains_what_is_wrong(client, make_user, username, password, confirm, message):
    make_user("ada")
    response = register(client, username, password, confirm)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert user_count() == 1
    assert signed_in_user_id(client) is None


@NAME_RULE
def test_register_reports_a_name_taken_between_validation_and_commit(
    client, make_user, monkeypatch
):
    make_user("ada")
    monkeypatch.setattr(forms, "find_account", lambda username: None)
    response = register(client, username="ada")
    assert response.status_code == 200
    assert "That username is taken." in response.get_data(as_text=True)
    assert user_count() == 1


# Signing in and out


@NAME_RULE
@pytest.mark.parametrize("typed_name", ["ada", "ADA", " ada "])
def test_login_signs_in_ignoring_case_and_goes_home(client, auth, make_user, typed_name):
    user = make_user("ada")
    response = auth.login(username=typed_name)
    assert response.headers["Location"] == "/"
    assert signed_in_user_id(client) == str(user.id)


@pytest.mark.parametrize(
    ("username", "password"),
    [("ada", "wrong password 1"), ("nobody", TEST_PASSWORD)],
)
def test_login_failure_gives_one_message_for_unknown_user_and_wrong_password(
    client, auth, make_user, username, password
):
    make_user("ada")
    response = auth.login(username=username, password=password)
    assert response.status_code == 200
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(("fields", "remembered"), [({"remember": "y"}, True), ({}, False)])
def test_remember_me_sets_a_lasting_cookie_only_when_asked(
    client, auth, make_user, fields, remembered
):
    make_user("ada")
    auth.login(**fields)
    assert (client.get_cookie("remember_token") is not None) is remembered


def test_logout_is_post_only(client, auth, make_user):
    make_user("ada")
    auth.login()
    assert client.get("/auth/logout").status_code == 405
    response = auth.logout()
    assert response.headers["Location"] == "/"
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("endpoint", ["/auth/login?next=/somewhere", "/auth/register"])
def test_signed_in_member_skips_the_forms(client, auth, make_user, endpoint):
    make_user("ada")
    auth.login()
    expected = "/somewhere" if "next" in endpoint else "/"
    assert client.get(endpoint).headers["Location"] == expected


def test_nav_shows_the_member_and_a_sign_out_button(client, auth, make_user):
    make_user("ada")
    auth.login()
    page = client.get("/").get_data(as_text=True)
    assert "Signed in as <strong>ada</strong>" in page
    assert re.search(r'<form method="post" action="/auth/logout">', page)
    assert "/auth/register" not in page


def test_nav_offers_sign_in_and_register_to_visitors(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/auth/register">Register</a>' in page
    assert 'href="/auth/login?next=/">Sign in</a>' in page
    assert "Sign out" not in page


# Safe redirects after signing in

UNSAFE_TARGETS = [
    "//evil.com",
    "http://evil.com",
    "https://evil.com/quiz",
    "/\\evil.com",
    "/\\/evil.com",
    "\\\\evil.com",
    "javascript:alert(1)",
    "/\t/evil.com",
    "evil.com",
    "",
]


@pytest.mark.parametrize("target", UNSAFE_TARGETS)
def test_login_ignores_next_that_leaves_the_site(client, auth, make_user, target):
    make_user("ada")
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"username": "ada", "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/quiz/3", "/banks/syria-2016?mode=test", "/"])
def test_login_follows_next_on_this_site(client, make_user, target):
    make_user("ada")
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"username": "ada", "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    ("target", "safe"),
    [(target, False) for target in [*UNSAFE_TARGETS, None, "/ok\n", "ftp:/x"]]
    + [("/quiz/3", True), ("/banks/x?next=//evil.com", True), ("/a/b#c", True)],
)
def test_is_safe_redirect(target, safe):
    assert is_safe_redirect(target) is safe


# Guests


def test_current_learner_creates_one_guest_and_keeps_it(client, learner_route):
    first = client.get(learner_route).get_data(as_text=True)
    second = client.get(learner_route).get_data(as_text=True)
    assert first == second
    assert user_count() == 1
    guest = db.session.get(User, int(first))
    assert guest.is_guest and guest.username is None and guest.password_hash is None
    assert signed_in_user_id(client) == first


def test_current_learner_returns_the_signed_in_member(client, auth, make_user, learner_route):
    user = make_user("ada")
    auth.login()
    assert client.get(learner_route).get_data(as_text=True) == str(user.id)
    assert user_count() == 1


def test_current_learner_sets_no_remember_cookie_for_guests(app):
    with app.test_request_context():
        guest = current_learner()
        assert session["_user_id"] == guest.session_token
        assert session.get("_remember") != "set"


def test_nav_tells_guests_to_register(client, learner_route):
    client.get(learner_route)
    page = client.get("/").get_data(as_text=True)
    assert "Playing as guest \u2013" in page
    assert 'href="/auth/register">Register to keep your progress</a>' in page


@ATTEMPTS_MOVE
def test_guest_who_registers_keeps_their_row_and_attempts(client, make_bank, learner_route):
    guest_id = int(client.get(learner_route).get_data(as_text=True))
    add_attempt(guest_id, make_bank().id)
    response = register(client, username="grace")
    assert response.headers["Location"] == "/"
    user = find_user("grace")
    assert user.id == guest_id and not user.is_guest
    assert user.check_password(STRONG_PASSWORD)
    assert attempt_owners() == [guest_id]
    assert user_count() == 1


@ATTEMPTS_MOVE
def test_guest_who_signs_in_hands_attempts_to_the_account(
    client, auth, make_user, make_bank, learner_route
):
    bank_id = make_bank().id
    ada_id = make_user("ada").id
    add_attempt(ada_id, bank_id)
    guest_id = int(client.get(learner_route).get_data(as_text=True))
    add_attempt(guest_id, bank_id)
    add_attempt(guest_id, bank_id)
    response = auth.login()
    assert response.headers["Location"] == "/"
    assert attempt_owners() == [ada_id, ada_id, ada_id]
    assert db.session.get(User, guest_id) is None
    assert signed_in_user_id(client) == str(ada_id)


@ATTEMPTS_MOVE
def test_guest_failing_to_sign_in_keeps_their_attempts(
    client, auth, make_user, make_bank, learner_route
):
    make_user("ada")
    guest_id = int(client.get(learner_route).get_data(as_text=True))
    add_attempt(guest_id, make_bank().id)
    auth.login(password="wrong password 1")
    assert attempt_owners() == [guest_id]
    assert signed_in_user_id(client) == str(guest_id)


# CSRF


FORMS = {
    "register": ("/auth/register", "/auth/register", {
        "username": "grace", "password": STRONG_PASSWORD, "confirm": STRONG_PASSWORD,
    }),
    "login": ("/auth/login", "/auth/login", {"username": "ada", "password": TEST_PASSWORD}),
    "logout": ("/", "/auth/logout", {}),
}


def sign_in_with_token(csrf_client) -> None:
    token = csrf_token_on(csrf_client, "/auth/login")
    csrf_client.post(
        "/auth/login",
        data={"username": "ada", "password": TEST_PASSWORD, "csrf_token": token},
    )


@pytest.mark.parametrize("form_name", FORMS)
def test_post_without_csrf_token_is_rejected(csrf_client, make_user, form_name):
    make_user("ada")
    page, action, data = FORMS[form_name]
    if form_name == "logout":
        sign_in_with_token(csrf_client)
    csrf_client.get(page)
    assert csrf_client.post(action, data=data).status_code == 400


@pytest.mark.parametrize("form_name", FORMS)
def test_post_with_scraped_csrf_token_is_accepted(csrf_client, make_user, form_name):
    make_user("ada")
    page, action, data = FORMS[form_name]
    if form_name == "logout":
        sign_in_with_token(csrf_client)
    token = csrf_token_on(csrf_client, page)
    response = csrf_client.post(action, data={**data, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

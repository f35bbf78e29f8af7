"""Stored sessions: signing out, or changing the password, ends sessions for good."""

from conftest import IsolatedClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import UserSession
from quizapp.models.session import hash_token

PRIVATE_PAGE = "/history/"


def copy_of(client, app, *cookie_names) -> IsolatedClient:
    """A second browser holding copies of the first one's cookies, as a thief would."""
    thief = app.test_client()
    for name in cookie_names:
        cookie = client.get_cookie(name)
        thief.set_cookie(name, cookie.value)
    return thief


def is_signed_in(client) -> bool:
    return client.get(PRIVATE_PAGE).status_code == 200


def session_count() -> int:
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(UserSession))


def test_signing_in_stores_one_session(client, auth, make_user):
    make_user()
    auth.login()
    assert is_signed_in(client)
    assert session_count() == 1


def test_copied_session_cookie_stops_working_after_sign_out(app, client, auth, make_user):
    make_user()
    auth.login()
    thief = copy_of(client, app, "session")
    assert is_signed_in(thief)
    auth.logout()
    assert not is_signed_in(thief)
    assert not is_signed_in(client)
    assert session_count() == 0


def test_remember_cookie_holds_a_stored_random_token_not_the_user_id(
    app, client, auth, make_user
):
    user_id = make_user().id
    auth.login(remember="y")
    token, _, _signature = client.get_cookie("remember_token").value.partition("|")
    assert token != str(user_id)
    assert len(token) >= 40
    with db.engine.connect() as connection:
        stored = connection.scalar(select(UserSession.user_id).where(
            UserSession.token_hash == hash_token(token)
        ))
    assert stored == user_id


def test_copied_remember_cookie_stops_working_after_sign_out(app, client, auth, make_user):
    make_user()
    auth.login(remember="y")
    thief = copy_of(client, app, "remember_token")
    assert is_signed_in(thief)
    auth.logout()
    assert not is_signed_in(thief)


def test_signing_out_one_browser_keeps_the_other_signed_in(app, make_user):
    make_user()
    laptop, phone = app.test_client(), app.test_client()
    for browser in (laptop, phone):
        browser.post("/auth/login", data={"username": "ada", "password": "correct horse battery"})
    laptop.post("/auth/logout")
    assert not is_signed_in(laptop)
    assert is_signed_in(phone)


def test_a_cookie_naming_a_user_id_opens_nothing(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
    assert not is_signed_in(client)


def test_loading_the_user_takes_one_query(client, sign_in_as, make_user, query_counter):
    sign_in_as(client, make_user())
    with query_counter() as statements:
        client.get("/auth/login")
    assert len(statements) == 1


def test_last_seen_is_refreshed_at_most_hourly(client, sign_in_as, make_user, query_counter):
    from datetime import timedelta

    from quizapp.models.types import utcnow

    token = sign_in_as(client, make_user())
    two_hours_ago = utcnow() - timedelta(hours=2)
    db.session.execute(UserSession.__table__.update().values(last_seen_at=two_hours_ago))
    db.session.commit()
    client.get("/auth/login")
    with db.engine.connect() as connection:
        seen = connection.scalar(select(UserSession.last_seen_at).where(
            UserSession.token_hash == hash_token(token)
        ))
    assert seen > utcnow() - timedelta(minutes=1)
    with query_counter() as statements:
        client.get("/auth/login")
    assert not any(statement.startswith("UPDATE") for statement in statements)

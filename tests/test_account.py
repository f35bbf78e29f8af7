"""The account page: change the password, sign out everywhere, download and delete my data."""

import json

import pytest
from conftest import TEST_PASSWORD, csrf_token_on
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, ReviewState, User, UserSession

NEW_PASSWORD = "a brand new passphrase"


def count(model) -> int:
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def second_browser(app):
    browser = app.test_client()
    browser.post("/auth/login", data={"username": "ada", "password": TEST_PASSWORD})
    assert signed_in(browser)
    return browser


def change_password(client, current=TEST_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "confirm": confirm or new,
    })


def delete_account(client, password=TEST_PASSWORD, understood="y"):
    return client.post("/account/delete", data={"password": password, "understood": understood})


def stored_user(username="ada") -> User | None:
    db.session.remove()
    return db.session.scalar(select(User).where(User.username == username))


def add_review_card(user_id: int, question_id: int) -> None:
    from quizapp.models.types import utcnow

    db.session.add(ReviewState(
        user_id=user_id, question_id=question_id, card_state={"stability": 1.0},
        due_at=utcnow(), mastery="learning", last_reviewed_at=utcnow(), last_is_correct=True,
    ))
    db.session.commit()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/account/")
    assert response.headers["Location"] == "/auth/login?next=/account/"


def test_guests_are_sent_to_register(client, make_bank):
    make_bank()
    client.post("/banks/demo", data={"mode": "practice", "question_count": 2})
    assert client.get("/account/").headers["Location"] == "/auth/register"


def test_nav_links_the_account_page_for_members(client, auth, make_user):
    make_user()
    auth.login()
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account/">Account</a>' in page


def test_account_page_lists_this_device(client, auth, make_user):
    make_user()
    client.environ_base["HTTP_USER_AGENT"] = "TestBrowser/1.0"
    auth.login()
    page = client.get("/account/").get_data(as_text=True)
    assert "TestBrowser/1.0" in page and "(this device)" in page


# Changing the password


@pytest.mark.both_engines  # foreign keys cascade in the database
def test_change_password_ends_every_other_session_and_keeps_this_one(
    app, client, auth, make_user
):
    make_user()
    auth.login()
    phone = second_browser(app)
    response = change_password(client)
    assert response.headers["Location"] == "/account/"
    assert "signed out on 1 other device." in client.get("/account/").get_data(as_text=True)
    assert stored_user().check_password(NEW_PASSWORD)
    assert not signed_in(phone)
    assert count(UserSession) == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"current": "not my password"}, "That is not your current password."),
    ({"new": "short 1"}, "Use at least 10 characters."),
    ({"confirm": "something else 2"}, "The two passwords do not match."),
])
def test_change_password_refuses_with_a_reason(app, client, auth, make_user, fields, message):
    make_user()
    auth.login()
    phone = second_browser(app)
    response = change_password(client, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored_user().check_password(TEST_PASSWORD)
    assert signed_in(phone)


# Signing out everywhere


def test_sign_out_everywhere_ends_every_session(app, client, auth, make_user):
    make_user()
    auth.login(remember="y")
    phone = second_browser(app)
    response = client.post("/account/sign-out-everywhere")
    assert response.headers["Location"] == "/"
    assert not signed_in(client)
    assert not signed_in(phone)
    assert count(UserSession) == 0


# Downloading my data


def test_download_holds_my_attempts_answers_and_cards_only(
    client, auth, make_user, make_bank, make_attempt
):
    bank = make_bank()
    single, numeric = bank.questions[0], bank.questions[3]
    ada, grace = make_user("ada"), make_user("grace")
    make_attempt(ada, bank, answers=[(single, 1), (numeric, 0)])
    make_attempt(grace, bank, answers=[(numeric, 1)])
    add_review_card(ada.id, single.id)
    add_review_card(grace.id, numeric.id)
    auth.login()
    response = client.get("/account/data.json")
    assert response.headers["Content-Disposition"] == "attachment; filename=quizapp-ada.json"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["username"] == "ada"
    [attempt] = data["attempts"]
    assert [(a["question"], a["points_earned"]) for a in attempt["answers"]] == [
        ("q-single", 1), ("q-numeric", 0)
    ]
    assert [card["question"] for card in data["review_cards"]] == ["q-single"]
    assert len(data["sessions"]) == 1


def test_download_keeps_a_running_test_secret(client, auth, make_user, make_bank):
    make_user()
    statements = [{"key": f"q-tf-{n}", "category": "other", "type": "true_false",
                   "prompt": f"Statement {n}.", "data": {"answer": True}} for n in (1, 2)]
    make_bank(questions=statements)
    auth.login()
    start = client.post("/banks/demo", data={"mode": "test", "question_count": 2})
    client.post(start.headers["Location"], data={"answer": "true"})  # graded, not yet shown
    data = json.loads(client.get("/account/data.json").get_data(as_text=True))
    answer = data["attempts"][0]["answers"][0]
    assert answer["response"] is not None and answer["answered_at"] is not None
    assert answer["points_earned"] is None and answer["is_correct"] is None
    for card in data["review_cards"]:
        assert card["last_is_correct"] is None and card["mastery"] is None


# Deleting the account


@pytest.mark.both_engines  # foreign keys cascade in the database
def test_delete_account_removes_it_with_all_its_data(
    client, auth, make_user, make_bank, make_attempt
):
    bank = make_bank()
    question = bank.questions[0]
    ada, grace = make_user("ada"), make_user("grace")
    make_attempt(ada, bank, answers=[(question, 1)])
    make_attempt(grace, bank, answers=[(question, 1)])
    add_review_card(ada.id, question.id)
    add_review_card(grace.id, question.id)
    auth.login()
    response = delete_account(client)
    assert response.headers["Location"] == "/"
    assert stored_user("ada") is None
    assert stored_user("grace") is not None
    assert (count(Attempt), count(AttemptItem), count(ReviewState)) == (1, 1, 1)
    assert count(UserSession) == 0
    assert not signed_in(client)


@pytest.mark.parametrize(("fields", "message"), [
    ({"password": "not my password"}, "That is not your current password."),
    ({"understood": ""}, "Tick the box to confirm."),
])
def test_delete_account_needs_the_password_and_the_tick(
    client, auth, make_user, fields, message
):
    make_user()
    auth.login()
    response = delete_account(client, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored_user() is not None


def test_the_only_admin_cannot_delete_their_account(client, auth, make_user):
    make_user(is_admin=True)
    auth.login()
    response = delete_account(client)
    assert response.status_code == 422
    assert "You are the only admin." in response.get_data(as_text=True)
    assert stored_user() is not None


# Protection


ACCOUNT_FORMS = {
    "password": ("/account/password", {
        "current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }),
    "sign-out-everywhere": ("/account/sign-out-everywhere", {}),
    "delete": ("/account/delete", {"password": TEST_PASSWORD, "understood": "y"}),
}


@pytest.mark.parametrize("form_name", ACCOUNT_FORMS)
def test_account_forms_need_the_csrf_token(csrf_client, make_user, form_name):
    make_user()
    token = csrf_token_on(csrf_client, "/auth/login")
    csrf_client.post("/auth/login", data={
        "username": "ada", "password": TEST_PASSWORD, "csrf_token": token,
    })
    action, data = ACCOUNT_FORMS[form_name]
    assert csrf_client.post(action, data=data).status_code == 400
    token = csrf_token_on(csrf_client, "/account/")
    assert csrf_client.post(action, data={**data, "csrf_token": token}).status_code == 302


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}])
def test_guessing_the_current_password_is_rate_limited(client, auth, make_user):
    make_user()
    auth.login()
    for _ in range(10):
        assert change_password(client, current="a wrong guess 1").status_code == 422
    response = change_password(client)
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert stored_user().check_password(TEST_PASSWORD)

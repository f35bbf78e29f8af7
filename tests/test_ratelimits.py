"""Rate limits: sign-in, new accounts and guests, answers, admin uploads and every other write."""

import time
import uuid

import pytest
from conftest import TEST_PASSWORD

from quizapp import config as settings
from quizapp.extensions import db
from quizapp.models import User
from quizapp.ratelimits import ANSWER_LIMIT, NEW_ACCOUNT_LIMIT, SIGN_IN_LIMIT

REDIS_URL = "redis://127.0.0.1:6379"
START_FORM = {"mode": "practice", "question_count": 2}


def allowed(limit: str) -> int:
    """How many requests the first window of a limit such as '20 per minute;200 per day' lets by."""
    return int(limit.split(";")[0].split()[0])


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def fail_sign_in(client, username="ada"):
    return client.post("/auth/login", data={"username": username, "password": "wrong password!"})


def assert_too_many(response):
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    page = response.get_data(as_text=True)
    assert "Too many tries in a short time" in page
    assert 'rel="stylesheet"' in page and '<nav' in page  # the site's own layout


def guest_count() -> int:
    db.session.remove()
    return db.session.query(User).filter(User.is_guest.is_(True)).count()


def test_sign_in_is_refused_after_ten_failures_for_one_account(app, make_user):
    make_user("ada")
    client = client_at(app, "10.0.0.1")
    for _ in range(allowed(SIGN_IN_LIMIT)):
        assert fail_sign_in(client).status_code == 200
    # From another address too, and even with the right password.
    elsewhere = client_at(app, "10.0.0.2")
    response = elsewhere.post("/auth/login", data={"username": "ADA", "password": TEST_PASSWORD})
    assert_too_many(response)


def test_sign_in_is_refused_after_ten_failures_from_one_address(app, make_user):
    client = client_at(app, "10.0.0.3")
    for number in range(allowed(SIGN_IN_LIMIT)):
        assert fail_sign_in(client, f"someone{number}").status_code == 200
    assert_too_many(fail_sign_in(client, "someone-new"))
    assert fail_sign_in(client_at(app, "10.0.0.4"), "someone-new").status_code == 200


def test_successful_sign_ins_do_not_count(app, make_user):
    make_user("ada")
    client = client_at(app, "10.0.0.5")
    for _ in range(allowed(SIGN_IN_LIMIT) + 2):
        response = client.post("/auth/login", data={"username": "ada", "password": TEST_PASSWORD})
        assert response.status_code == 302
        client.post("/auth/logout")


def test_sign_in_limit_resets_after_its_window(app, make_user, monkeypatch):
    make_user("ada")
    client = client_at(app, "10.0.0.6")
    for _ in range(allowed(SIGN_IN_LIMIT)):
        fail_sign_in(client)
    assert fail_sign_in(client).status_code == 429
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 61)
    response = client.post("/auth/login", data={"username": "ada", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_registration_is_limited_per_address(app):
    client = client_at(app, "10.0.0.7")
    form = {"username": "grace", "password": "a good passphrase", "confirm": "no match"}
    for _ in range(allowed(NEW_ACCOUNT_LIMIT)):
        assert client.post("/auth/register", data=form).status_code == 200
    assert_too_many(client.post("/auth/register", data=form))


def test_replayed_start_without_cookie_creates_guests_only_up_to_the_limit(app, make_bank):
    make_bank()
    form = START_FORM
    for _ in range(allowed(NEW_ACCOUNT_LIMIT)):
        assert client_at(app, "10.0.0.8").post("/banks/demo", data=form).status_code == 302
    assert_too_many(client_at(app, "10.0.0.8").post("/banks/demo", data=form))
    assert guest_count() == allowed(NEW_ACCOUNT_LIMIT)


def test_a_browser_keeps_one_guest_however_often_it_starts(app, make_bank):
    make_bank()
    client = client_at(app, "10.0.0.9")
    for _ in range(allowed(NEW_ACCOUNT_LIMIT) + 5):
        assert client.post("/banks/demo", data=START_FORM).status_code == 302
    assert guest_count() == 1


def test_answers_are_limited_per_learner(app, make_bank):
    make_bank()
    client = client_at(app, "10.0.0.10")
    location = client.post("/banks/demo", data=START_FORM).headers["Location"]
    for _ in range(allowed(ANSWER_LIMIT)):
        assert client.post(location, data={"skip": "1"}).status_code == 302
    assert_too_many(client.post(location, data={"skip": "1"}))


def test_every_other_write_has_a_default_limit(app):
    client = client_at(app, "10.0.0.11")
    for _ in range(120):
        assert client.post("/auth/logout").status_code == 302
    assert_too_many(client.post("/auth/logout"))
    assert client.get("/").status_code == 200  # reading is never limited


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": False}])
def test_switched_off_limits_let_everything_through(app, make_user):
    make_user("ada")
    client = client_at(app, "10.0.0.12")
    for _ in range(allowed(SIGN_IN_LIMIT) * 2):
        assert fail_sign_in(client).status_code == 200


@pytest.mark.parametrize(("value", "enabled"), [
    (None, True), ("off", False), ("OFF ", False), ("0", True), ("no", True),
])
def test_only_the_word_off_disables_limits(monkeypatch, tmp_path, value, enabled):
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "x")
    if value is None:
        monkeypatch.delenv("QUIZAPP_RATELIMITS", raising=False)
    else:
        monkeypatch.setenv("QUIZAPP_RATELIMITS", value)
    assert settings.from_environment(str(tmp_path))["RATELIMIT_ENABLED"] is enabled


def test_storage_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "x")
    monkeypatch.delenv("QUIZAPP_RATELIMIT_STORAGE_URL", raising=False)
    assert settings.from_environment(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv("QUIZAPP_RATELIMIT_STORAGE_URL", REDIS_URL)
    assert settings.from_environment(str(tmp_path))["RATELIMIT_STORAGE_URI"] == REDIS_URL


def redis_reachable() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_address():
    """An address of this test's own, so its counters in the shared Redis are its alone."""
    if not redis_reachable():
        pytest.skip(f"Redis not reachable at {REDIS_URL}; start one to test shared limits")
    import redis

    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    yield address
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(match=f"*{address}*"):
        server.delete(key)


@pytest.mark.parametrize(
    "app_config", [{"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URL}]
)
def test_limits_held_in_redis_apply_to_every_worker(app, make_user, redis_address):
    make_user("nobody-else-uses-this")
    client = client_at(app, redis_address)
    for number in range(allowed(SIGN_IN_LIMIT)):
        assert fail_sign_in(client, f"redis-user-{number}").status_code == 200
    # A second worker with its own memory reads the same counters from Redis.
    import redis

    stored = [key for key in redis.Redis.from_url(REDIS_URL).scan_iter(match=f"*{redis_address}*")]
    assert stored
    assert_too_many(fail_sign_in(client, "redis-user-new"))


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "QUIZAPP_PROXY_COUNT": 1}])
def test_behind_a_proxy_each_visitor_is_counted_by_their_own_address(app):
    proxy = client_at(app, "10.0.0.13")
    for number in range(allowed(SIGN_IN_LIMIT)):
        proxy.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.1"
        assert fail_sign_in(proxy, f"someone{number}").status_code == 200
    assert_too_many(fail_sign_in(proxy, "someone-new"))
    proxy.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.2"
    assert fail_sign_in(proxy, "someone-new").status_code == 200

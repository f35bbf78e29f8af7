"""Times in the learner's zone: detected by the browser, stored, changeable, used everywhere."""

from datetime import UTC, datetime, timedelta

import pytest
from conftest import csrf_token_on

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.types import utcnow
from quizapp.study.progress import study_streak
from quizapp.templating import format_local_time, machine_time
from quizapp.zones import is_zone_name, local_date, sqlite_local_date, zone_named

MOMENT = datetime(2026, 3, 1, 23, 30, 15, 123456, tzinfo=UTC)


def test_zone_names_are_checked_against_the_iana_database():
    assert is_zone_name("Europe/London") and is_zone_name("Asia/Tokyo")
    assert not is_zone_name("Mars/Olympus") and not is_zone_name("") and not is_zone_name(None)
    assert zone_named("Mars/Olympus").key == "UTC"


def test_a_moment_falls_on_the_learners_own_day():
    assert local_date(MOMENT, "UTC").day == 1
    assert local_date(MOMENT, "Asia/Tokyo").day == 2
    assert local_date(MOMENT, "America/New_York").day == 1


def test_times_are_written_in_the_zone_and_machine_times_to_the_second():
    assert format_local_time(MOMENT, "datetime", "Asia/Tokyo") == "2 March 2026 at 08:30"
    assert format_local_time(MOMENT, "short", "UTC") == "1 Mar 2026, 23:30"
    assert machine_time(MOMENT) == "2026-03-01T23:30:15Z"


def test_detected_zone_is_stored_once_and_never_replaces_a_choice(
    client, make_user, sign_in_as
):
    ada = make_user()
    sign_in_as(client, ada)
    page = client.get("/").get_data(as_text=True)
    assert 'class="time-zone-detect"' in page
    assert client.post("/progress/time-zone/detected",
                       data={"time_zone": "Asia/Tokyo"}).get_json() == {"stored": True}
    assert client.post("/progress/time-zone/detected",
                       data={"time_zone": "Europe/Paris"}).get_json() == {"stored": False}
    db.session.remove()
    assert db.session.get(User, ada.id).time_zone == "Asia/Tokyo"
    assert 'class="time-zone-detect"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "x" * 200, "UTC'; DROP TABLE user;--"])
def test_an_unknown_detected_zone_is_refused(client, make_user, sign_in_as, zone):
    ada = make_user()
    sign_in_as(client, ada)
    response = client.post("/progress/time-zone/detected", data={"time_zone": zone})
    assert response.status_code == 400
    db.session.remove()
    assert db.session.get(User, ada.id).time_zone is None


def test_settings_page_changes_the_zone(client, make_user, sign_in_as):
    ada = make_user()
    sign_in_as(client, ada)
    page = client.get("/progress/time-zone").get_data(as_text=True)
    assert '<option selected value="UTC">UTC</option>' in page
    response = client.post("/progress/time-zone", data={"time_zone": "Europe/Berlin"})
    assert response.headers["Location"] == "/progress/time-zone"
    db.session.remove()
    assert db.session.get(User, ada.id).time_zone == "Europe/Berlin"
    bad = client.post("/progress/time-zone", data={"time_zone": "Nowhere"})
    assert bad.status_code == 200 and "Not a valid choice" in bad.get_data(as_text=True)


def test_time_zone_pages_need_an_account(client):
    assert client.get("/progress/time-zone").status_code == 302
    assert client.post("/progress/time-zone/detected",
                       data={"time_zone": "UTC"}).status_code == 302


def test_detection_needs_the_csrf_token(csrf_client, make_user, sign_in_as):
    sign_in_as(csrf_client, make_user())
    assert csrf_client.post("/progress/time-zone/detected",
                            data={"time_zone": "UTC"}).status_code == 400
    token = csrf_token_on(csrf_client, "/")
    response = csrf_client.post("/progress/time-zone/detected",
                                data={"time_zone": "UTC", "csrf_token": token})
    assert response.get_json() == {"stored": True}


@pytest.mark.both_engines
def test_streak_counts_the_learners_days_not_utc_days(app, make_user, make_bank, make_attempt):
    bank = make_bank()
    ada = make_user()
    # 23:30 UTC yesterday is already today in Tokyo; 00:30 UTC today is today in both.
    now = utcnow().replace(hour=12, minute=0)
    late = (now - timedelta(days=1)).replace(hour=23, minute=30)
    early = now.replace(hour=0, minute=30)
    make_attempt(ada, bank, [(bank.questions[0], 1)], finished_at=late)
    make_attempt(ada, bank, [(bank.questions[0], 1)], finished_at=early)
    assert study_streak(ada.id, now, "UTC") == 2
    assert study_streak(ada.id, now, "Asia/Tokyo") == 1
    assert study_streak(ada.id, now, None) == 2


def test_history_shows_times_in_the_learners_zone(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    bank = make_bank()
    ada = make_user()
    ada.time_zone = "Asia/Tokyo"
    db.session.commit()
    make_attempt(ada, bank, [(bank.questions[0], 1)], finished_at=MOMENT)
    sign_in_as(client, ada)
    page = client.get("/history/").get_data(as_text=True)
    assert '<time datetime="2026-03-01T23:30:15Z">2 Mar 2026, 08:30</time>' in page
    assert "(times in Asia/Tokyo)" in page
    assert "2 Mar 2026 08:30 Asia/Tokyo: 100%" in page


@pytest.mark.parametrize(("stored", "zone", "day"), [
    ("2026-03-28 18:29:59.999999", "Asia/Kolkata", "2026-03-28"),
    ("2026-03-28 18:30:00", "Asia/Kolkata", "2026-03-29"),
    ("2026-03-29 00:59:59", "Europe/London", "2026-03-29"),
    ("2026-10-24 23:00:00", "Europe/London", "2026-10-25"),
    ("2026-10-25 23:00:00", "Europe/London", "2026-10-25"),
    ("2026-12-31 23:59:59", None, "2026-12-31"),
])
def test_sqlite_local_date_reads_each_minute_in_the_zone(stored, zone, day):
    assert sqlite_local_date(stored, zone) == day

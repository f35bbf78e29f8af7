"""Starting a quiz once per start form, however often the form is sent."""

import re

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt


def start_key_on(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="start_key"[^>]*value="([^"]+)"', page)
    assert match, f"no start key on {path}"
    return match.group(1)


def attempt_count() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(Attempt))


def test_each_start_form_carries_its_own_random_key(client, learner):
    keys = {start_key_on(client, "/banks/demo") for _ in range(3)}
    assert len(keys) == 3
    assert all(len(key) >= 16 for key in keys)


def test_sending_one_start_form_twice_starts_one_quiz(client, learner):
    form = {"mode": "test", "question_count": 3, "start_key": start_key_on(client, "/banks/demo")}
    first = client.post("/banks/demo", data=form)
    again = client.post("/banks/demo", data=form)
    assert first.headers["Location"] == again.headers["Location"]
    assert first.headers["Location"].startswith("/quiz/")
    assert attempt_count() == 1


def test_two_start_forms_start_two_quizzes(client, learner):
    for _ in range(2):
        client.post("/banks/demo", data={
            "mode": "practice", "question_count": 3,
            "start_key": start_key_on(client, "/banks/demo"),
        })
    assert attempt_count() == 2


def test_another_learners_key_starts_a_quiz_of_ones_own(client, learner, make_user, sign_in_as):
    form = {"mode": "practice", "question_count": 3, "start_key": "the-same-key-for-both"}
    client.post("/banks/demo", data=form)
    sign_in_as(client, make_user("grace"))
    response = client.post("/banks/demo", data=form)
    db.session.remove()
    mine = db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()
    assert mine.user.username == "grace"
    assert response.headers["Location"] == f"/quiz/{mine.id}/1"


def test_weak_facts_quiz_started_twice_is_one_quiz(client, learner):
    first_attempt = client.post("/banks/demo", data={"mode": "practice", "question_count": 8})
    attempt_id = first_attempt.headers["Location"].split("/")[2]
    for position in range(1, 9):
        client.post(f"/quiz/{attempt_id}/{position}", data={"skip": "Skip this question"})
    key = start_key_on(client, "/progress/demo")
    locations = {
        client.post("/progress/demo/weak-facts-quiz", data={"start_key": key}).headers["Location"]
        for _ in range(2)
    }
    assert len(locations) == 1 and locations.pop().startswith("/quiz/")
    assert attempt_count() == 2


def test_a_start_key_longer_than_stored_is_refused(client, learner):
    response = client.post("/banks/demo", data={
        "mode": "practice", "question_count": 3, "start_key": "k" * 65,
    })
    assert response.status_code == 200
    assert attempt_count() == 0


def test_practising_mistakes_twice_with_one_key_is_one_quiz(client, learner):
    started = client.post("/banks/demo", data={"mode": "practice", "question_count": 3})
    attempt_id = started.headers["Location"].split("/")[2]
    client.post(f"/quiz/{attempt_id}/finish")
    page = client.get(f"/quiz/{attempt_id}/result").get_data(as_text=True)
    key = re.search(r'name="start_key" value="([^"]+)"', page).group(1)
    locations = {client.post(f"/quiz/{attempt_id}/mistakes", data={"start_key": key})
                 .headers["Location"] for _ in range(2)}
    assert len(locations) == 1 and locations.pop().startswith("/quiz/")
    assert attempt_count() == 2

"""Requests that race each other over one attempt or one review card, as a real server sees them.

Each side of a race is a test client of its own app (its own engine and
connection pool) on the same database, run in its own thread, so the two
requests overlap in the database exactly as two server workers' would.
"""

import threading

import pytest
from conftest import base_config
from sqlalchemy import func, select
from test_learner_tally import assert_kept_right

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, ItemTally, ReviewState
from quizapp.models.types import utcnow
from quizapp.study.attempts import attempt_with_questions
from quizapp.vocabulary import QuizMode

pytestmark = pytest.mark.both_engines  # locking and transaction isolation differ by engine

ROUNDS = 25
TRUE_FALSE = [
    {"key": f"q-tf-{n}", "category": "other", "type": "true_false",
     "prompt": f"Statement {n} holds.", "data": {"answer": True}}
    for n in range(2)
]


@pytest.fixture
def twin_client(app):
    """A client of a second app on the same database, as a second server worker would be."""
    twin = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]))
    twin.test_client_class = app.test_client_class
    yield twin.test_client()
    with twin.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def learner(client, twin_client, make_user, make_bank, sign_in_as):
    """One learner signed in on both clients, and a bank of two true-or-false questions."""
    bank = make_bank(questions=TRUE_FALSE)
    user = make_user()
    sign_in_as(client, user)
    sign_in_as(twin_client, user)
    return user, bank


def at_once(*posts):
    """Send each (client, path, form) POST from its own thread, all released together.

    Return the responses in order; an exception in any thread fails the test.
    """
    start = threading.Barrier(len(posts))
    responses = [None] * len(posts)
    failures = []

    def run(index, post):
        client, path, form = post
        start.wait()
        try:
            responses[index] = client.post(path, data=form)
        except Exception as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return responses


def new_attempt(user, bank, mode: QuizMode) -> int:
    question_ids = [question.id for question in bank.questions]
    attempt = attempt_with_questions(user, bank, mode, question_ids, utcnow())
    db.session.commit()
    return attempt.id


def test_an_answer_racing_finish_is_counted_or_refused_never_both(client, twin_client, learner):
    user, bank = learner
    for _ in range(ROUNDS):
        attempt_id = new_attempt(user, bank, QuizMode.TEST)
        answered, finished = at_once(
            (client, f"/quiz/{attempt_id}/1", {"answer": "true"}),
            (twin_client, f"/quiz/{attempt_id}/finish", {}),
        )
        assert answered.status_code == finished.status_code == 302
    db.session.remove()
    items_total = (
        select(func.coalesce(func.sum(AttemptItem.points_earned), 0))
        .where(AttemptItem.attempt_id == Attempt.id)
        .scalar_subquery()
    )
    attempts = db.session.execute(select(Attempt.points_earned, items_total)).all()
    assert len(attempts) == ROUNDS
    assert all(stored == total for stored, total in attempts), attempts
    assert_kept_right()


def test_one_question_answered_in_two_attempts_at_once_counts_twice(
    client, twin_client, learner
):
    user, bank = learner
    for _ in range(ROUNDS):
        first, second = (new_attempt(user, bank, QuizMode.PRACTICE) for _ in range(2))
        responses = at_once(
            (client, f"/quiz/{first}/1", {"answer": "true"}),
            (twin_client, f"/quiz/{second}/1", {"answer": "true"}),
        )
        assert [response.status_code for response in responses] == [302, 302]
    db.session.remove()
    card = db.session.scalars(select(ReviewState)).one()
    assert card.review_count == 2 * ROUNDS
    tallies, _ = assert_kept_right()
    assert [answers for answers, *_ in tallies.values()] == [2 * ROUNDS]


def test_a_double_clicked_start_starts_one_quiz(client, twin_client, learner):
    for round_number in range(ROUNDS):
        form = {"mode": "test", "question_count": 2, "start_key": f"double-click-{round_number}"}
        responses = at_once((client, "/banks/demo", form), (twin_client, "/banks/demo", form))
        locations = {response.headers["Location"] for response in responses}
        assert len(locations) == 1, locations
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == ROUNDS


def test_attempts_finished_at_once_both_count_in_the_item_statistics(
    client, twin_client, learner
):
    user, bank = learner
    for _ in range(ROUNDS):
        first, second = (new_attempt(user, bank, QuizMode.PRACTICE) for _ in range(2))
        for attempt_id in (first, second):
            for position in (1, 2):
                assert client.post(f"/quiz/{attempt_id}/{position}",
                                   data={"answer": "true"}).status_code == 302
        finished = at_once(
            (client, f"/quiz/{first}/finish", {}),
            (twin_client, f"/quiz/{second}/finish", {}),
        )
        assert [response.status_code for response in finished] == [302, 302]
    db.session.remove()
    tallies = db.session.execute(select(ItemTally.times_answered, ItemTally.pair_count)).all()
    assert tallies == [(2 * ROUNDS, 2 * ROUNDS)] * 2

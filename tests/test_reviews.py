"""Spaced repetition in the app: cards follow answers, review and mistakes modes use them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, ReviewState, User
from quizapp.models.types import utcnow

pytestmark = pytest.mark.both_engines  # SQL aggregates, constraints and migrations differ by engine


def start(client, **fields):
    return client.post("/banks/demo", data={"mode": "practice", "question_count": 8} | fields)


def latest_attempt() -> Attempt:
    db.session.remove()
    return db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()


def answer_all(client, attempt, right_keys=()):
    """Answer every question: true/false ones rightly when their key is listed, else skip."""
    for item in attempt.items:
        url = f"/quiz/{attempt.id}/{item.position}"
        if item.question.key in right_keys and item.question.type == "true_false":
            client.post(url, data={"answer": "true" if item.question.data["answer"] else "false"})
        else:
            client.post(url, data={"skip": "Skip this question"})


def cards(user_id) -> dict[str, ReviewState]:
    db.session.remove()
    states = db.session.scalars(select(ReviewState).where(ReviewState.user_id == user_id))
    return {state.question.key: state for state in states}


def test_each_answer_schedules_its_question(client, make_user, make_bank, sign_in_as):
    make_bank()
    user = make_user()
    user_id = user.id
    sign_in_as(client, user)
    start(client)
    before = utcnow()
    answer_all(client, latest_attempt(), right_keys={"q-tf"})
    schedule = cards(user_id)
    assert len(schedule) == 8
    right, skipped = schedule["q-tf"], schedule["q-single"]
    assert right.last_is_correct and not skipped.last_is_correct
    assert right.due_at > skipped.due_at > before
    assert right.review_count == skipped.review_count == 1


@pytest.fixture
def answered_everything(client, make_user, make_bank, sign_in_as) -> int:
    """A signed-in learner who has answered (skipped) every question once; their id."""
    make_bank()
    user = make_user()
    user_id = user.id
    sign_in_as(client, user)
    start(client)
    answer_all(client, latest_attempt())
    return user_id


def test_review_mode_asks_only_due_questions_most_overdue_first(client, answered_everything):
    schedule = cards(answered_everything)
    now = utcnow()
    schedule["q-date"].due_at = now - timedelta(days=3)
    schedule["q-text"].due_at = now - timedelta(days=1)
    for key in set(schedule) - {"q-date", "q-text"}:
        schedule[key].due_at = now + timedelta(days=2)
    db.session.commit()
    response = start(client, mode="review")
    attempt = latest_attempt()
    assert response.headers["Location"] == f"/quiz/{attempt.id}/1"
    assert [item.question.key for item in attempt.items] == ["q-date", "q-text"]


def test_review_mode_with_nothing_due_says_so(client, make_user, make_bank, sign_in_as):
    make_bank()
    sign_in_as(client, make_user())
    response = start(client, mode="review")
    assert "Nothing is due for review" in response.get_data(as_text=True)
    assert latest_attempt() is None


def test_mistakes_mode_asks_what_was_wrong_last_time(client, make_user, make_bank, sign_in_as):
    make_bank()
    user = make_user()
    sign_in_as(client, user)
    start(client)
    answer_all(client, latest_attempt(), right_keys={"q-tf"})
    start(client, mode="mistakes")
    asked = {item.question.key for item in latest_attempt().items}
    assert len(asked) == 7 and "q-tf" not in asked


def test_bank_and_home_pages_show_what_is_due(client, answered_everything):
    schedule = cards(answered_everything)
    for state in list(schedule.values())[:3]:
        state.due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    for page in (client.get("/banks/demo"), client.get("/")):
        assert "3 questions due for review now." in page.get_data(as_text=True)
        assert "Next review due" in page.get_data(as_text=True)


def test_a_guest_who_signs_in_keeps_their_cards(client, make_user, make_bank, auth):
    make_bank()
    make_user()
    start(client)
    guest_id = latest_attempt().user_id
    answer_all(client, latest_attempt())
    assert len(cards(guest_id)) == 8
    auth.login()
    db.session.remove()
    ada = db.session.scalar(select(User).where(User.username == "ada"))
    assert len(cards(ada.id)) == 8
    assert db.session.get(User, guest_id) is None


def test_due_summary_times_are_aware_utc(app, make_user, make_bank):
    from quizapp.study.reviews import due_summaries

    bank = make_bank()
    user = make_user()
    now = utcnow()
    for offset, question in zip((-1, 2, 5), bank.questions, strict=False):
        db.session.add(ReviewState(user=user, question=question, card_state={}, mastery="learning",
                                   due_at=now + timedelta(hours=offset), last_reviewed_at=now,
                                   last_is_correct=True, review_count=1))
    db.session.commit()
    summary = due_summaries(user, now)[bank.id]
    assert summary.due_now == 1
    assert summary.next_due_at == now + timedelta(hours=2)
    assert summary.next_due_at.tzinfo is not None


def test_bank_cards_count_every_card_and_mark_facts_by_theirs(app, make_user, make_bank):
    from quizapp.study.reviews import bank_cards
    from quizapp.vocabulary import Mastery

    bank = make_bank()
    user, other = make_user(), make_user("other")
    now = utcnow()
    questions = {question.key: question for question in bank.questions}
    for key, hours, mastery, right in [("q-numeric", -1, "known", True),
                                       ("q-date", 3, "learning", False),
                                       ("q-tf", -2, "known", False),
                                       ("q-single", -3, "known", False)]:
        db.session.add(ReviewState(user=user, question=questions[key], card_state={},
                                   mastery=mastery, due_at=now + timedelta(hours=hours),
                                   last_reviewed_at=now, last_is_correct=right, review_count=1))
    db.session.add(ReviewState(user=other, question=questions["q-date"], card_state={},
                               mastery="known", due_at=now - timedelta(hours=1),
                               last_reviewed_at=now, last_is_correct=False, review_count=1))
    questions["q-single"].is_retired = True
    db.session.commit()
    cards = bank_cards(user, bank.id, now)
    # Questions without a fact count towards reviews and mistakes; retired ones do not.
    assert (cards.due.due_now, cards.due.next_due_at, cards.mistakes) == (
        2, now + timedelta(hours=3), 2)
    fact_ids = {fact.key: fact.id for fact in bank.facts}
    assert cards.mastery.levels == {fact_ids["sorties"]: Mastery.KNOWN,
                                    fact_ids["start"]: Mastery.LEARNING}
    assert bank_cards(make_user("new"), bank.id, now).due is None

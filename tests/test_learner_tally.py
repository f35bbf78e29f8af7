"""Learner tallies and study quarters, kept by database triggers, always equal a count from scratch.

Each test changes answers the way some part of the app (or a bulk load) does,
then compares the kept sums with sums worked out in Python from every answer.
"""

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, insert, select
from test_question_versions import answered_attempt, bank_text, import_text, question

from quizapp.accounts.users import delete_account, merge_guest_into
from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, Bank, LearnerTally, StudyQuarter, User
from quizapp.study.attempts import (
    attempt_with_questions,
    finish_attempt,
    record_answer,
    save_answer,
)
from quizapp.study.learner_tallies import recount_learner_tallies
from quizapp.study.regrading import regrade_question
from quizapp.study.resume import abandon_attempt
from quizapp.vocabulary import QuizMode

pytestmark = pytest.mark.both_engines  # triggers are written once per engine

NOW = datetime(2026, 3, 1, 9, 10, tzinfo=UTC)
TRUE_FALSE = [
    {"key": f"q-tf-{n}", "category": "other", "type": "true_false",
     "prompt": f"Statement {n} holds.", "data": {"answer": True}}
    for n in range(3)
]


def counted_from_scratch() -> tuple[dict, dict]:
    """Sum every stored answer per learner and question, and count them per UTC quarter hour.

    A test's answers count once it is handed in, the others at once.
    """
    tallies = defaultdict(lambda: [0, 0, 0.0, 0.0])
    quarters = Counter()
    rows = db.session.execute(
        select(Attempt.user_id, Attempt.mode, Attempt.finished_at, AttemptItem.question_id,
               AttemptItem.is_correct, AttemptItem.points_earned, AttemptItem.points_possible,
               AttemptItem.answered_at)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(AttemptItem.answered_at.is_not(None))
    )
    for (user_id, mode, finished_at, question_id, is_correct, earned, possible,
         answered_at) in rows:
        if mode == QuizMode.TEST and finished_at is None:
            continue
        tally = tallies[(user_id, question_id)]
        tally[0] += 1
        tally[1] += is_correct is False
        tally[2] += earned or 0.0
        tally[3] += possible
        quarter = answered_at.replace(minute=answered_at.minute // 15 * 15, second=0,
                                      microsecond=0)
        quarters[(user_id, quarter)] += 1
    return {key: tuple(sums) for key, sums in tallies.items()}, dict(quarters)


def kept() -> tuple[dict, dict]:
    """Read the sums the triggers kept."""
    tallies = {
        (row.user_id, row.question_id): (row.answers, row.misses, row.points_earned,
                                         row.points_possible)
        for row in db.session.scalars(select(LearnerTally))
    }
    quarters = {(row.user_id, row.starts_at): row.answers
                for row in db.session.scalars(select(StudyQuarter))}
    return tallies, quarters


def assert_kept_right() -> tuple[dict, dict]:
    """Check the kept sums against a count from scratch; return them for further checks."""
    db.session.expire_all()
    tallies, quarters = kept()
    expected_tallies, expected_quarters = counted_from_scratch()
    assert rounded(tallies) == rounded(expected_tallies)
    assert quarters == expected_quarters
    return tallies, quarters


def rounded(tallies: dict) -> dict:
    """Round the points, which running sums and a fresh sum may add up in different orders."""
    return {key: (answers, misses, round(earned, 9), round(possible, 9))
            for key, (answers, misses, earned, possible) in tallies.items()}


def started(user, bank, mode=QuizMode.PRACTICE, at=NOW) -> Attempt:
    attempt = attempt_with_questions(user, bank, mode, [q.id for q in bank.questions], at)
    db.session.commit()
    return attempt


def test_answers_count_at_once_and_a_test_s_at_hand_in(make_user, make_bank):
    bank = make_bank(questions=TRUE_FALSE)
    ada = make_user()
    practice = started(ada, bank)
    record_answer(practice.items[0], "true", NOW)
    record_answer(practice.items[1], "false", NOW + timedelta(minutes=5))
    finish_attempt(practice, NOW + timedelta(minutes=21))
    unfinished = started(ada, bank)
    record_answer(unfinished.items[2], "false", NOW + timedelta(hours=2))
    db.session.commit()
    counted_before_the_test = assert_kept_right()

    test = started(ada, bank, QuizMode.TEST)
    save_answer(test.items[0], "true", NOW + timedelta(minutes=30))
    db.session.commit()
    save_answer(test.items[0], "false", NOW + timedelta(minutes=50))  # changed: a miss now
    save_answer(test.items[1], "true", NOW + timedelta(minutes=50))
    db.session.commit()
    assert assert_kept_right() == counted_before_the_test  # nothing shows before hand-in

    finish_attempt(test, NOW + timedelta(minutes=55))
    db.session.commit()
    tallies, quarters = assert_kept_right()
    first, second, third = (question.id for question in bank.questions)
    assert tallies[(ada.id, first)] == (2, 1, 1.0, 2.0)
    assert tallies[(ada.id, second)] == (2, 1, 1.0, 2.0)
    assert tallies[(ada.id, third)] == (1, 1, 0.0, 1.0)
    # The changed answer counts once, in the quarter hour of its last change (10:00, not 9:30).
    assert quarters == {(ada.id, NOW.replace(minute=0)): 1, (ada.id, NOW.replace(minute=15)): 1,
                        (ada.id, NOW.replace(hour=10, minute=0)): 2,
                        (ada.id, NOW.replace(hour=11, minute=0)): 1}


def test_an_open_test_s_answers_stay_out_when_changed_moved_or_dropped(make_user, make_bank):
    bank = make_bank(questions=TRUE_FALSE)
    ada = make_user()
    guest = User(is_guest=True)
    db.session.add(guest)
    db.session.commit()
    for learner in (ada, guest):
        test = started(learner, bank, QuizMode.TEST)
        save_answer(test.items[0], "false", NOW)
        db.session.commit()
    ada_id, guest_id, question_id = ada.id, guest.id, bank.questions[0].id
    import_text(bank_text(answer="Westhaven"))
    regraded = started(ada, db.session.scalar(Bank.by_slug("norwick")), QuizMode.TEST)
    save_answer(regraded.items[0], "Eastport", NOW)
    db.session.commit()
    regraded_id, regraded_item_id = regraded.id, regraded.items[0].id
    import_text(bank_text(answer="Eastport"))
    regrade_question(question(), "admin")  # re-grades the open test's answer too
    db.session.commit()
    assert db.session.get(AttemptItem, regraded_item_id).is_correct
    assert assert_kept_right() == ({}, {})

    merge_guest_into(db.session.get(User, guest_id), db.session.get(User, ada_id))
    db.session.commit()
    assert assert_kept_right() == ({}, {})
    abandon_attempt(db.session.get(Attempt, regraded_id))
    db.session.commit()
    assert assert_kept_right() == ({}, {})

    for test in db.session.scalars(select(Attempt)):
        finish_attempt(test, NOW + timedelta(minutes=5))
    db.session.commit()
    tallies, quarters = assert_kept_right()
    assert tallies == {(ada_id, question_id): (2, 2, 0.0, 2.0)}
    assert quarters == {(ada_id, NOW.replace(minute=0)): 2}
    recount_learner_tallies()
    db.session.commit()
    assert assert_kept_right() == (tallies, quarters)


def test_a_regrade_moves_the_points_and_misses(make_user):
    import_text(bank_text(answer="Westhaven"))
    ada = make_user()
    ada_id = ada.id
    answered_attempt(ada, "Eastport")
    assert kept()[0] == {(ada_id, question().id): (1, 1, 0.0, 1.0)}
    import_text(bank_text(answer="Eastport"))
    regrade_question(question(), "admin")
    db.session.commit()
    tallies, _ = assert_kept_right()
    assert tallies == {(ada_id, question().id): (1, 0, 1.0, 1.0)}


def test_a_merged_guest_brings_their_answers_along(make_user, make_bank):
    bank = make_bank(questions=TRUE_FALSE)
    ada = make_user()
    guest = User(is_guest=True)
    db.session.add(guest)
    db.session.commit()
    for learner, response in ((ada, "true"), (guest, "false"), (guest, "true")):
        attempt = started(learner, bank)
        record_answer(attempt.items[0], response, NOW)
        db.session.commit()
    guest_id = guest.id
    merge_guest_into(guest, ada)
    db.session.commit()
    tallies, quarters = assert_kept_right()
    assert tallies == {(ada.id, bank.questions[0].id): (3, 1, 2.0, 3.0)}
    assert quarters == {(ada.id, NOW.replace(minute=0)): 3}
    assert guest_id not in {user_id for user_id, _ in tallies}


def test_abandoned_deleted_and_bulk_loaded_answers_are_counted(make_user, make_bank):
    bank = make_bank(questions=TRUE_FALSE)
    ada, bob = make_user(), make_user(username="bob")
    kept_attempt, abandoned = started(ada, bank), started(ada, bank)
    for attempt in (kept_attempt, abandoned):
        record_answer(attempt.items[0], "true", NOW)
        db.session.commit()
    abandon_attempt(abandoned)
    db.session.commit()
    assert assert_kept_right()[0] == {(ada.id, bank.questions[0].id): (1, 0, 1.0, 1.0)}

    attempt_ids = db.session.scalars(
        insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
        [{"user_id": bob.id, "bank_id": bank.id, "mode": "practice", "categories": [],
          "started_at": NOW - timedelta(days=day), "finished_at": NOW - timedelta(days=day)}
         for day in range(3)],
    ).all()
    db.session.execute(insert(AttemptItem), [
        {"attempt_id": attempt_id, "question_id": question.id, "position": position,
         "presentation": {}, "response": "true", "points_earned": float(position != 1),
         "points_possible": 1.0, "is_correct": position != 1,
         "answered_at": NOW - timedelta(days=day)}
        for day, attempt_id in enumerate(attempt_ids)
        for position, question in enumerate(bank.questions, start=1)
    ])
    db.session.commit()
    tallies, quarters = assert_kept_right()
    assert tallies[(bob.id, bank.questions[0].id)] == (3, 3, 0.0, 3.0)
    assert len([key for key in quarters if key[0] == bob.id]) == 3

    db.session.execute(delete(Attempt).where(Attempt.id == attempt_ids[0]))
    db.session.commit()
    tallies, _ = assert_kept_right()
    assert tallies[(bob.id, bank.questions[0].id)] == (2, 2, 0.0, 2.0)

    delete_account(db.session.get(User, bob.id))
    db.session.commit()
    tallies, quarters = assert_kept_right()
    assert {user_id for user_id, _ in tallies} == {user_id for user_id, _ in quarters} == {ada.id}


def test_a_recount_gives_what_the_triggers_kept(make_user, make_bank):
    bank = make_bank(questions=TRUE_FALSE)
    ada, bob = make_user(), make_user(username="bob")
    for learner, minutes in ((ada, 0), (ada, 25), (bob, 50)):
        attempt = started(learner, bank)
        record_answer(attempt.items[0], "true", NOW + timedelta(minutes=minutes))
        record_answer(attempt.items[1], "false", NOW + timedelta(minutes=minutes))
        db.session.commit()
    open_test = started(bob, bank, QuizMode.TEST)
    save_answer(open_test.items[2], "false", NOW + timedelta(hours=3))
    db.session.commit()
    before = assert_kept_right()
    recount_learner_tallies()
    db.session.commit()
    assert assert_kept_right() == before
    assert len(before[0]) == 4 and len(before[1]) == 3


def test_the_migration_counts_open_tests_out_and_back_in_on_the_way_down(app, make_user,
                                                                          make_bank):
    bank = make_bank(questions=TRUE_FALSE)
    ada = make_user()
    ada_id, first = ada.id, bank.questions[0].id
    practice = started(ada, bank)
    record_answer(practice.items[0], "true", NOW)
    test = started(ada, bank, QuizMode.TEST)
    save_answer(test.items[0], "false", NOW)
    db.session.commit()
    test_id = test.id
    db.session.remove()
    counted_at_once = {(ada_id, first): (2, 1, 1.0, 2.0)}

    downgrade(revision="3c1e2f0a9b7d")  # where every answer counted at once
    assert kept()[0] == counted_at_once
    save_answer(db.session.get(Attempt, test_id).items[0], "true", NOW)
    db.session.commit()
    assert kept()[0] == {(ada_id, first): (2, 0, 2.0, 2.0)}
    db.session.remove()
    upgrade()
    assert assert_kept_right()[0] == {(ada_id, first): (1, 0, 1.0, 1.0)}

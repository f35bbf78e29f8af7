"""Rules the database itself enforces, whatever code path writes the rows."""

import pytest
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.models.types import utcnow

pytestmark = pytest.mark.both_engines  # constraints and expression indexes differ by engine


@pytest.mark.parametrize("second", ["alice", "ALICE", "aLiCe"])
def test_usernames_differing_only_in_case_cannot_both_exist(app, second):
    db.session.add(User(username="Alice"))
    db.session.commit()
    db.session.add(User(username=second))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_many_guests_without_usernames_may_exist(app):
    db.session.add_all([User(is_guest=True) for _ in range(3)])
    db.session.commit()


def test_one_learner_cannot_hold_two_attempts_with_one_start_key(app, make_user, make_bank):
    user, bank = make_user(), make_bank()
    for _ in range(2):
        db.session.add(Attempt(user=user, bank=bank, mode="test", categories=[],
                               started_at=utcnow(), start_key="same-key"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()

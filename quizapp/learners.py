"""Who is learning: guests kept as real User rows, and quizzes they start exactly once."""

from collections.abc import Callable

from flask_login import current_user, login_user
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import Attempt, User


def current_guest() -> User | None:
    """Return the signed-in guest, or None for a registered user or an anonymous visitor."""
    if current_user.is_authenticated and current_user.is_guest:
        return current_user._get_current_object()
    return None


def current_learner() -> User:
    """Return the signed-in user, or create and sign in a guest so every attempt has an owner.

    A new guest is committed in its own small transaction before it is logged in, so the
    session cookie never names a row that a later rollback could undo (SQLite may then
    reuse that id for someone else). Call it before adding anything else to the session.
    """
    if current_user.is_authenticated:
        return current_user._get_current_object()
    guest = User(is_guest=True)
    db.session.add(guest)
    db.session.commit()
    login_user(guest, remember=False)
    return guest


def start_once(
    learner: User, start_key: str | None, start: Callable[[], Attempt | None]
) -> Attempt | None:
    """Start and commit an attempt, or return the one an earlier POST of this form started.

    A double-clicked Start sends the same key twice. When both requests get past
    the lookup, the unique key fails the second commit, which then returns the first.
    """
    if start_key and (earlier := db.session.scalar(Attempt.started_with(learner, start_key))):
        return earlier
    attempt = start()
    if attempt is None:
        return None
    attempt.start_key = start_key or None
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if not start_key:
            raise
        return db.session.scalar(Attempt.started_with(learner, start_key))
    return attempt

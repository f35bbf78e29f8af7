"""Who is learning: stored sign-in sessions, guests kept as real User rows, and quizzes
they start exactly once."""

from collections.abc import Callable

from flask import request
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from quizapp.accounts.sessions import end_session, start_session
from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.ratelimits import guest_creation_limit


def sign_in(user: User, remember: bool = False) -> None:
    """Start a stored session for the user, commit it, and put its token in the cookies.

    Any session the browser had (a guest's, say) ends: every sign-in gets a fresh token.
    """
    if current_user.is_authenticated:
        end_session(current_user.session_token)
    start_session(user, request.user_agent.string)
    db.session.commit()
    login_user(user, remember=remember)


def sign_out() -> None:
    """End the current session for good, so a copy of its cookies opens nothing."""
    if current_user.is_authenticated:
        end_session(current_user.session_token)
        db.session.commit()
    logout_user()


def current_guest() -> User | None:
    """Return the signed-in guest, or None for a registered user or an anonymous visitor."""
    if current_user.is_authenticated and current_user.is_guest:
        return current_user._get_current_object()
    return None


def current_learner() -> User:
    """Return the signed-in user, or create and sign in a guest so every attempt has an owner.

    A browser keeps its guest through the session cookie; a request without one (a
    replayed form, a script) gets a new guest only within the per-address limit. The
    guest is committed in its own small transaction before it is signed in, so the
    cookie never names a row that a later rollback could undo. Call it before adding
    anything else to the session.
    """
    if current_user.is_authenticated:
        return current_user._get_current_object()
    with guest_creation_limit():
        guest = User(is_guest=True)
        db.session.add(guest)
        db.session.flush()
        sign_in(guest)
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

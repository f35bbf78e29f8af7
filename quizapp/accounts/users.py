"""Find, create and merge accounts; the caller owns the transaction and commits."""

from datetime import datetime
from functools import cache

from sqlalchemy import delete, func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db
from quizapp.models import Attempt, ReviewState, User, UserSession
from quizapp.study.item_tallies import recounting


def find_account(username: str) -> User | None:
    """Return the registered account with this username, ignoring case."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def authenticate(username: str, password: str) -> User | None:
    """Return the account only when the username and password both match."""
    user = find_account(username)
    if user is None:
        # Hash anyway so an unknown username takes as long as a wrong password.
        check_password_hash(_decoy_hash(), password)
        return None
    return user if user.check_password(password) else None


def create_account(username: str, password: str, *, is_admin: bool = False) -> User:
    """Add a new registered account to the session."""
    user = User(username=username, is_admin=is_admin, is_guest=False)
    user.set_password(password)
    db.session.add(user)
    return user


def upgrade_guest(guest: User, username: str, password: str) -> User:
    """Turn a guest into a registered account in place, so its attempts stay attached."""
    guest.username = username
    guest.set_password(password)
    guest.is_guest = False
    return guest


def merge_guest_into(guest: User, account: User) -> None:
    """Move the guest's attempts and review cards to the account, then delete the guest.

    Where both have a card for the same question, the account's own card stands.
    """
    db.session.execute(
        update(Attempt).where(Attempt.user_id == guest.id).values(user_id=account.id)
    )
    account_questions = select(ReviewState.question_id).where(ReviewState.user_id == account.id)
    db.session.execute(
        update(ReviewState)
        .where(ReviewState.user_id == guest.id, ReviewState.question_id.not_in(account_questions))
        .values(user_id=account.id)
    )
    db.session.delete(guest)


@cache
def _decoy_hash() -> str:
    return generate_password_hash("not a real password")


def delete_idle_guests(idle_since: datetime) -> int:
    """Delete guests neither created, nor playing, nor seen since a time; return how many.

    Their attempts, answers, review cards and sessions go with them (the foreign keys
    cascade), so nothing is left behind that no one can reach.
    """
    recent_attempts = select(Attempt.id).where(
        Attempt.user_id == User.id, Attempt.started_at >= idle_since
    )
    recent_sessions = select(UserSession.id).where(
        UserSession.user_id == User.id, UserSession.last_seen_at >= idle_since
    )
    idle = select(User.id).where(
        User.is_guest.is_(True),
        User.created_at < idle_since,
        ~recent_attempts.exists(),
        ~recent_sessions.exists(),
    ).correlate(None)
    with recounting(select(Attempt.id).where(Attempt.user_id.in_(idle))):
        return db.session.execute(
            delete(User).where(User.id.in_(idle)),
            execution_options={"synchronize_session": False},
        ).rowcount


def is_only_admin(user: User) -> bool:
    """Tell whether deleting this account would leave nobody to manage the banks."""
    if not user.is_admin:
        return False
    others = select(func.count()).select_from(User).where(User.is_admin, User.id != user.id)
    return db.session.scalar(others) == 0


def delete_account(user: User) -> None:
    """Delete the account; its attempts, answers, review cards and sessions go with it.

    Its finished attempts leave the item statistics with it.
    """
    with recounting(select(Attempt.id).where(Attempt.user_id == user.id)):
        db.session.execute(
            delete(User).where(User.id == user.id),
            execution_options={"synchronize_session": False},
        )

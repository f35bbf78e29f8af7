"""Start and end stored sessions; the caller owns the transaction and commits."""

import secrets

from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.models import User, UserSession
from quizapp.models.session import hash_token

USER_AGENT_LENGTH = 200


def start_session(user: User, user_agent: str = "") -> str:
    """Store a new session for the user and return its random token, for the cookies only."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(
        user_id=user.id, token_hash=hash_token(token), user_agent=user_agent[:USER_AGENT_LENGTH]
    ))
    user.session_token = token
    return token


def end_session(token: str | None) -> None:
    """End one session for good: its session and remember cookies load nobody any more."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(token)))


def end_other_sessions(user: User, keep_token: str | None = None) -> int:
    """End every session of the user except the one holding `keep_token`; return how many."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_token:
        statement = statement.where(UserSession.token_hash != hash_token(keep_token))
    return db.session.execute(statement).rowcount


def sessions_of(user: User) -> list[UserSession]:
    """List the user's live sessions, most recently seen first."""
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ))


"""Signed-in sessions, stored so that each one can be ended for good."""

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow


def hash_token(token: str) -> str:
    """Digest a session token: the table never holds a token a thief could replay."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class UserSession(db.Model):
    """One signed-in browser: its cookies carry the token whose digest is stored here."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

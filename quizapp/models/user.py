"""Learner and author accounts, including guests who have not registered yet."""

from datetime import datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import Index, String, bindparam, func, inspect, select, update
from sqlalchemy.orm import Mapped, make_transient_to_detached, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db, login_manager, read_rows
from quizapp.models.session import UserSession, hash_token
from quizapp.models.types import UTCDateTime, utcnow

SEEN_RESOLUTION = timedelta(hours=1)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # Guests have no username or password until they register.
    username: Mapped[str | None] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_guest: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # An IANA zone name such as "Europe/London"; None until the browser reports one.
    time_zone: Mapped[str | None] = mapped_column(String(64))

    # The token of the session this object was loaded for: Flask-Login stores it in the
    # session and remember cookies instead of the user id, so ending the session ends both.
    session_token = None

    def get_id(self) -> str | None:
        """Name the session, not the account, in cookies (Flask-Login's alternative id)."""
        return self.session_token

    def set_password(self, password: str) -> None:
        """Store a slow salted hash of the password, never the password itself."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Tell whether the password matches the stored hash."""
        return self.password_hash is not None and check_password_hash(
            self.password_hash, password
        )


# The database itself keeps "Alice" and "alice" from both existing, whatever path writes.
Index("uq_user_lower_username", func.lower(User.username), unique=True)


# Built once: Flask-Login runs the loader on every request a signed-in user makes. Plain
# columns rather than ORM entities, so the row costs a tuple, not an identity-map load.
USER_COLUMNS = tuple(User.__table__.columns)
USER_KEYS = tuple(column.key for column in USER_COLUMNS)
new_user_object = inspect(User).class_manager.new_instance
LIVE_SESSION_USER = (
    select(*USER_COLUMNS, UserSession.__table__.c.id.label("session_id"),
           UserSession.__table__.c.last_seen_at)
    .join_from(User.__table__, UserSession.__table__)
    .where(UserSession.__table__.c.token_hash == bindparam("token_hash"))
)
TOUCH_SESSION = (
    update(UserSession.__table__)
    .where(UserSession.__table__.c.id == bindparam("session_id"))
    .values(last_seen_at=bindparam("seen_at"))
)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Load the user of a live session in one query; an ended session loads nobody.

    The session row is read on every request, never cached, so a session ended on
    any worker stops working on all of them at once.
    """
    row = read_rows(LIVE_SESSION_USER, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    # The row is the user as stored: fill the object as the ORM's own loading does (its
    # state, not its constructor's per-attribute events) and attach it to the session as
    # if the ORM had loaded it, so changes to it (a time zone, a password) are written back.
    user = new_user_object()
    user.__dict__.update(zip(USER_KEYS, row, strict=False))  # the session columns follow
    make_transient_to_detached(user)
    db.session.add(user)
    now = utcnow()
    if now - row.last_seen_at > SEEN_RESOLUTION:
        # Coarse on purpose: at most one write an hour per session, never one per page.
        db.session.execute(TOUCH_SESSION, {"session_id": row.session_id, "seen_at": now})
        db.session.commit()
    user.session_token = token
    return user

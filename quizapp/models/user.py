"""Learner and author accounts, including guests who have not registered yet."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, String, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db, login_manager
from quizapp.models.types import UTCDateTime, utcnow


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


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))

"""Bank files an admin uploaded and has not confirmed yet, kept where every app server sees them."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow


class StagedUpload(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The random token in the preview's URL; only the admin who uploaded may use it.
    token: Mapped[str] = mapped_column(String(43), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

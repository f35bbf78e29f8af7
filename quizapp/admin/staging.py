"""Keep an uploaded bank file between its preview and the admin's confirmation.

The file waits in the database, so behind a load balancer any app server can
confirm an upload that another one previewed. The confirmation names the upload
only by a random token, so the file that gets imported is the one that was
previewed, never text sent back by the browser. The caller commits.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.models import StagedUpload as StagedUploadRow
from quizapp.models.types import utcnow

STALE_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class StagedUpload:
    token: str
    filename: str
    raw: bytes


def stage_upload(owner_id: int, filename: str, raw: bytes) -> str:
    """Keep an upload under a fresh random token, clearing abandoned ones; return the token."""
    discard_stale()
    token = secrets.token_urlsafe(32)
    db.session.add(StagedUploadRow(token=token, owner_id=owner_id, filename=filename, content=raw))
    return token


def load_staged(token: str, owner_id: int) -> StagedUpload | None:
    """Return the upload this owner staged under the token, or None for any other."""
    row = db.session.scalar(select(StagedUploadRow).where(
        StagedUploadRow.token == token,
        StagedUploadRow.owner_id == owner_id,
        StagedUploadRow.created_at >= utcnow() - STALE_AFTER,
    ))
    return None if row is None else StagedUpload(row.token, row.filename, row.content)


def discard_staged(token: str) -> None:
    """Delete a staged upload once it is imported or no longer passes the checks."""
    db.session.execute(delete(StagedUploadRow).where(StagedUploadRow.token == token))


def discard_stale() -> None:
    """Delete uploads staged longer ago than a day: previews nobody confirmed."""
    db.session.execute(
        delete(StagedUploadRow).where(StagedUploadRow.created_at < utcnow() - STALE_AFTER)
    )

"""Keep an uploaded bank file on the server between its preview and the admin's confirmation.

The confirmation names the upload only by a random token, so the file that gets
imported is the one that was previewed, never text sent back by the browser.
"""

import json
import re
import secrets
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")  # what secrets.token_urlsafe(32) returns
STALE_AFTER_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class StagedUpload:
    token: str
    filename: str
    raw: bytes


def stage_upload(directory: Path, owner_id: int, filename: str, raw: bytes) -> str:
    """Save an upload under a fresh random token, clearing abandoned ones; return the token."""
    directory.mkdir(parents=True, exist_ok=True)
    discard_stale(directory, time.time() - STALE_AFTER_SECONDS)
    token = secrets.token_urlsafe(32)
    content_path(directory, token).write_bytes(raw)
    details = {"owner_id": owner_id, "filename": filename}
    details_path(directory, token).write_text(json.dumps(details), encoding="utf-8")
    return token


def load_staged(directory: Path, token: str, owner_id: int) -> StagedUpload | None:
    """Return the upload this owner staged under the token, or None for any other."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    try:
        details = json.loads(details_path(directory, token).read_text(encoding="utf-8"))
        raw = content_path(directory, token).read_bytes()
    except FileNotFoundError:
        return None
    if details["owner_id"] != owner_id:
        return None
    return StagedUpload(token, details["filename"], raw)


def discard_staged(directory: Path, token: str) -> None:
    """Delete a staged upload once it is imported."""
    if TOKEN_PATTERN.fullmatch(token):
        content_path(directory, token).unlink(missing_ok=True)
        details_path(directory, token).unlink(missing_ok=True)


def discard_stale(directory: Path, older_than: float) -> None:
    """Delete uploads last written before a Unix time: previews nobody confirmed."""
    for path in directory.glob("*.upload*"):
        # Another request may clear the same file between the listing and the check.
        with suppress(FileNotFoundError):
            if path.stat().st_mtime < older_than:
                path.unlink()


def content_path(directory: Path, token: str) -> Path:
    return directory / f"{token}.upload"


def details_path(directory: Path, token: str) -> Path:
    return directory / f"{token}.upload.json"

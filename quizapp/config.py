"""Configuration read from environment variables, with safe defaults."""

import os
import secrets
import time
from pathlib import Path

DEFAULT_MAX_BANK_BYTES = 2 * 1024 * 1024
# Room for the multipart envelope around an upload of the largest allowed bank file.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


def load_or_create_secret_key(instance_path: str) -> str:
    """Return the instance's secret key, generating and storing it on first use.

    The file is created exclusively, so when several workers start at once
    the first one's key wins and every worker signs sessions alike.
    """
    key_file = Path(instance_path) / "secret_key"
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(key_file)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(secrets.token_hex(32))
    return _read_key(key_file)


def _read_key(key_file: Path) -> str:
    # A worker that lost the race may look before the winner has written.
    for _ in range(50):
        key = key_file.read_text(encoding="utf-8").strip()
        if key:
            return key
        time.sleep(0.01)
    raise RuntimeError(f"{key_file} is empty; delete it or set QUIZAPP_SECRET_KEY")


def is_on(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def cookie_settings(secure: bool) -> dict:
    """Mark every cookie Secure for HTTPS deployments (Flask-WTF keeps CSRF in the session)."""
    return {"SESSION_COOKIE_SECURE": secure, "REMEMBER_COOKIE_SECURE": secure}


def from_environment(instance_path: str) -> dict:
    """Build the settings that come from QUIZAPP_* environment variables."""
    default_db = "sqlite:///" + str(Path(instance_path) / "quizapp.sqlite")
    return cookie_settings(is_on(os.environ.get("QUIZAPP_SECURE_COOKIES"))) | {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("QUIZAPP_DATABASE_URL", default_db),
        "SECRET_KEY": os.environ.get("QUIZAPP_SECRET_KEY")
        or load_or_create_secret_key(instance_path),
        "QUIZAPP_MAX_BANK_BYTES": int(
            os.environ.get("QUIZAPP_MAX_BANK_BYTES", DEFAULT_MAX_BANK_BYTES)
        ),
        # Only the exact word "off" disables the limits, so a typo never leaves them open.
        "RATELIMIT_ENABLED": os.environ.get("QUIZAPP_RATELIMITS", "").strip().lower() != "off",
        "RATELIMIT_STORAGE_URI": os.environ.get("QUIZAPP_RATELIMIT_STORAGE_URL", "memory://"),
        "QUIZAPP_PROXY_COUNT": int(os.environ.get("QUIZAPP_PROXY_COUNT", 0)),
    }

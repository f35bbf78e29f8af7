"""Decide whether a `next=` target stays on this site."""

from urllib.parse import urlsplit


def is_safe_redirect(target: str | None) -> bool:
    """Allow only a relative path on this site, so `next=` cannot send a learner elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    # Browsers read "\" as "/" and drop tabs and newlines, turning "/\evil.com" into "//evil.com".
    if "\\" in target or any(char.isspace() or ord(char) < 32 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc

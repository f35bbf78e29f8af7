"""Site-wide protections: security headers, no caching of private pages, and refusing
input no page could mean.

Odd input gets a 4xx before any view sees it: control characters (PostgreSQL
refuses NUL in text outright) and ids too large for the database's integers.
"""

import re

from flask import Flask, abort, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import IntegerConverter

# Templates carry no inline script or style, so the policy can forbid both outright.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# The largest value of an INTEGER column on PostgreSQL; SQLite's are wider.
DATABASE_INT_MAX = 2**31 - 1
# Any C0 control or DEL in a path; query and form text may still hold tabs and line
# breaks, which the views read as ordinary (unsafe `next` targets included).
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The only bodies Werkzeug reads into `request.form` and `request.files`; checking the
# type first spares every other request (each GET) building two empty dictionaries.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class DatabaseIntConverter(IntegerConverter):
    """An `<int:...>` URL segment that only matches ids the database can hold."""

    def __init__(self, map, *args, max=DATABASE_INT_MAX, **kwargs):
        super().__init__(map, *args, max=max, **kwargs)


def database_int(text: str) -> int:
    """Read a positive whole number the database can hold, such as a page; else ValueError."""
    number = int(text)
    if not 1 <= number <= DATABASE_INT_MAX:
        raise ValueError(f"{number} is out of range")
    return number


def refuse_control_characters() -> None:
    """Answer 400 to a request whose path, query or form holds control characters."""
    texts = [text for pair in request.args.items(multi=True) for text in pair]
    if request.mimetype in FORM_TYPES:
        texts += [text for pair in request.form.items(multi=True) for text in pair]
        texts += [upload.filename or "" for upload in request.files.values()]
    if CONTROL_CHARACTER.search(request.path) or any(map(CONTROL_IN_TEXT.search, texts)):
        abort(400, "The request holds control characters, which no page here accepts. "
                   "Remove them and try again.")


# Encoded raw tokens kept per app, one per session; emptied when full.
KEPT_PAYLOADS = 4096


def csrf_token() -> str:
    """Flask-WTF's `csrf_token()` for templates, signing with a serializer kept per app.

    Flask-WTF builds its serializer on every call, which costs as much as the signing.
    The token is still signed afresh on each request, with Flask-WTF's key and salt,
    and it falls back to Flask-WTF whenever the session has no raw token yet.
    """
    config = current_app.config
    field = config["WTF_CSRF_FIELD_NAME"]
    secret = config.get("WTF_CSRF_SECRET_KEY", current_app.secret_key)
    raw = session.get(field)
    if secret and field not in g and isinstance(raw, str):
        kept = current_app.extensions.get("csrf_serializer")
        if kept is None or kept[0] != secret:
            serializer = URLSafeTimedSerializer(secret, salt="wtf-csrf-token")
            kept = (secret, serializer, serializer.make_signer(), {})
            current_app.extensions["csrf_serializer"] = kept
        _, serializer, signer, payloads = kept
        # What `serializer.dumps(raw)` signs: the raw token's encoding, the same for the
        # whole session, so it is kept; the timestamp and signature are made afresh.
        payload = payloads.get(raw)
        if payload is None:
            if len(payloads) >= KEPT_PAYLOADS:
                payloads.clear()
            payload = payloads[raw] = serializer.dump_payload(raw)
        setattr(g, field, signer.sign(payload).decode())
    return generate_csrf()


def register(app: Flask) -> None:
    """Refuse odd input early and add the security headers to every response.

    Call it before registering the blueprints: their `<int:...>` rules take the
    bounded converter only if it is in place when they are added.
    """
    app.url_map.converters["int"] = DatabaseIntConverter
    # Flask-WTF offers its own to every template context; this one, added later, wins.
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.before_request(refuse_control_characters)

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static" and current_user.is_authenticated:
            # A signed-in user's or guest's pages must not outlive the session in any cache.
            response.headers["Cache-Control"] = "no-store"
        return response

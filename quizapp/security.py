"""Response headers: pages use only this site's scripts and styles; private pages go uncached."""

from flask import Flask, request
from flask_login import current_user

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


def register(app: Flask) -> None:
    """Add the security headers to every response."""

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static" and current_user.is_authenticated:
            # A signed-in user's or guest's pages must not outlive the session in any cache.
            response.headers["Cache-Control"] = "no-store"
        return response

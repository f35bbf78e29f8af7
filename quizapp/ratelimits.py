"""Who each rate limit counts, and how much anyone may write.

The limits sit far above what a person does by hand and far below what a script
needs to guess passwords or fill the database. `QUIZAPP_RATELIMITS=off` switches
them all off (benchmarks, load tests from one address); it is never the default.
"""

from flask import request
from flask_limiter.util import get_remote_address

from quizapp.extensions import learner_or_address, limiter

SIGN_IN_LIMIT = "10 per minute"
NEW_ACCOUNT_LIMIT = "20 per minute;200 per day"
ANSWER_LIMIT = "60 per minute"
ADMIN_UPLOAD_LIMIT = "20 per minute"
PASSWORD_CHECK_LIMIT = "10 per minute"


def address() -> str:
    return f"address:{get_remote_address()}"


def submitted_account() -> str:
    """Count sign-in attempts per account named, whatever address they come from."""
    return f"account:{request.form.get('username', '').strip().lower()[:40]}"


def failed(response) -> bool:
    """A form that failed comes back as a page; success redirects."""
    return response.status_code != 302


# Sign-in: only failures count, so a learner who signs in often never meets the limit.
sign_in_per_account = limiter.limit(
    SIGN_IN_LIMIT, key_func=submitted_account, methods=["POST"], deduct_when=failed
)
sign_in_per_address = limiter.limit(
    SIGN_IN_LIMIT, key_func=address, methods=["POST"], deduct_when=failed
)
registration_limit = limiter.shared_limit(
    NEW_ACCOUNT_LIMIT, scope="new-account", key_func=address, methods=["POST"]
)
answer_limit = limiter.limit(ANSWER_LIMIT, key_func=learner_or_address, methods=["POST"])
admin_upload_limit = limiter.shared_limit(
    ADMIN_UPLOAD_LIMIT, scope="admin-upload", key_func=learner_or_address, methods=["POST"]
)
password_check_limit = limiter.shared_limit(
    PASSWORD_CHECK_LIMIT, scope="password-check", key_func=learner_or_address,
    methods=["POST"], deduct_when=failed,
)


def guest_creation_limit():
    """Limit new guests per address, shared with registration: both add an account row."""
    return limiter.shared_limit(NEW_ACCOUNT_LIMIT, scope="new-account", key_func=address)

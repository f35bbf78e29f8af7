"""What makes a username or password acceptable, shared by the web forms and the CLI."""

import re

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{3,40}")
USERNAME_RULE = "3 to 40 characters: letters, digits, dots, underscores or hyphens."

PASSWORD_MIN_LENGTH = 10
PASSWORD_RULE = (
    f"At least {PASSWORD_MIN_LENGTH} characters, and not only letters or only digits: "
    "mix in a digit, a space or a symbol."
)


def username_problem(username: str) -> str | None:
    """Explain why a username is not allowed, or return None when it is fine."""
    if USERNAME_PATTERN.fullmatch(username):
        return None
    return f"Use {USERNAME_RULE}"


def password_problem(password: str) -> str | None:
    """Explain why a password is too weak, or return None when it is strong enough."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Use at least {PASSWORD_MIN_LENGTH} characters."
    if password.isalpha() or password.isdigit():
        return "Use more than letters alone or digits alone: add a digit, a space or a symbol."
    return None

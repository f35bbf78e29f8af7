"""Odd input never gets a server error, on any route, whoever sends it.

Every route in the URL map gets a table of odd values: in each URL segment in
turn, in the query string and in every form field the site has. A refusal
(4xx) is the expected answer; a page that harmlessly ignores the value may
answer 2xx or 3xx; a 5xx, or an exception escaping the app, fails the test.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import UserSession
from quizapp.models.session import hash_token
from quizapp.models.types import utcnow
from quizapp.study.attempts import attempt_with_questions
from quizapp.vocabulary import QuizMode

pytestmark = pytest.mark.both_engines  # PostgreSQL refuses NUL bytes and integers SQLite takes

ODD_VALUES = [
    "\x00",
    "nul\x00inside",
    "escape\x1b[31mred",
    "bell\x07 and delete\x7f",
    "99999999999999999999",
    "-1",
    "1e20",
    "NaN",
    "x" * 5000,
]
# The values PostgreSQL treats otherwise than SQLite: it refuses NUL bytes, integers
# and floats out of its columns' range, negative LIMIT and OFFSET, and strings longer
# than their column, all of which SQLite stores or ignores. Control characters reach
# both engines alike, so the Python that handles them is checked once, on SQLite.
POSTGRES_ODD_VALUES = [value for value in ODD_VALUES if not {"\x1b", "\x07"} & set(value)]
QUERY_NAMES = ["page", "sort", "order", "next", "bank"]
FORM_NAMES = [
    "username", "password", "confirm", "remember", "mode", "categories", "question_count",
    "time_limit_minutes", "start_key", "answer", "year", "month", "row_0", "row_1", "skip",
    "fingerprint", "submit",
]
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def routes(app) -> list[tuple[str, str]]:
    """Every (method, rule) pair the app serves, HEAD and OPTIONS aside."""
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def fill(rule: str, valid: dict[str, str], odd_argument: str | None = None, odd: str = "") -> str:
    """The rule's path with valid values, except one argument set to an odd value."""

    def value(match):
        name = match.group(1)
        return quote(odd if name == odd_argument else valid[name], safe="")

    return ARGUMENT.sub(value, rule)


def requests_for(rule: str, valid: dict[str, str], odd_values: list[str]):
    """Yield (path, form) pairs: each odd value in each segment, the query and the form."""
    arguments = ARGUMENT.findall(rule)
    for odd in odd_values:
        for argument in arguments:
            yield fill(rule, valid, argument, odd), {}
        yield fill(rule, valid) + "?" + urlencode(dict.fromkeys(QUERY_NAMES, odd)), {}
        yield fill(rule, valid), dict.fromkeys(FORM_NAMES, odd)


@pytest.fixture
def valid_arguments(app, make_user, make_bank):
    """Real values for every URL argument, so the odd one is the only thing wrong.

    Call it for each route: the attempt is new each time, since one route abandons it.
    """
    bank = make_bank()
    learner = make_user()

    def arguments() -> dict[str, str]:
        attempt = attempt_with_questions(learner, bank, QuizMode.TEST,
                                         [q.id for q in bank.questions], utcnow())
        db.session.commit()
        return {"bank_slug": "demo", "attempt_id": str(attempt.id), "position": "1",
                "question_key": "q-single", "token": "A" * 43, "file_format": "yaml",
                "filename": "style.css", "fact_key": "start"}

    return arguments, learner


# Each case sends hundreds of requests; dealt into shares of the routes, the cases
# spread over the test processes instead of keeping one busy to the end.
ROUTE_SHARES = 4


def signed_in(app, client, token: str) -> bool:
    """Tell whether the client still holds the stored session `token`.

    Cheaper than signing in again before every request, and it needs no list of the
    routes that sign out, end other sessions, change the password or delete the account.
    """
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return False
    session = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    if session.get("_user_id") != token:
        return False
    with db.engine.connect() as connection:
        return connection.scalar(
            select(UserSession.id).where(UserSession.token_hash == hash_token(token))
        ) is not None


@pytest.mark.parametrize("share", range(ROUTE_SHARES))
@pytest.mark.parametrize("role", ["learner", "admin"])
def test_odd_input_never_gets_a_server_error(app, client, make_user, sign_in_as,
                                            valid_arguments, role, share, database_url):
    arguments, learner = valid_arguments
    user = learner if role == "learner" else make_user("root", is_admin=True)
    odd_values = POSTGRES_ODD_VALUES if database_url.startswith("postgresql") else ODD_VALUES
    failures = []
    token = sign_in_as(client, user)
    for method, rule in routes(app)[share::ROUTE_SHARES]:
        for path, form in requests_for(rule, arguments(), odd_values):
            # A sign-out route must not leave the requests after it signed out.
            if not signed_in(app, client, token):
                token = sign_in_as(client, user)
            try:
                with client.open(path, method=method, data=form or None) as response:
                    status = response.status_code
            except Exception as error:
                status = f"{type(error).__name__}: {error}"[:120]
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{method} {path[:80]!r} {sorted(form)[:2]}: {status}")
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])


def test_control_characters_in_a_form_field_get_a_clear_400(client, valid_arguments,
                                                           sign_in_as):
    _, learner = valid_arguments
    sign_in_as(client, learner)
    response = client.post("/banks/demo", data={"mode": "practice", "question_count": "3",
                                                "categories": "date\x00"})
    assert response.status_code == 400
    assert "control characters" in response.get_data(as_text=True)


def test_tabs_and_line_breaks_in_form_fields_are_ordinary_text(client, valid_arguments):
    response = client.post("/auth/login", data={"username": "ada\t", "password": "a\r\nb"})
    assert response.status_code == 200
    assert "control characters" not in response.get_data(as_text=True)

"""Odd input never gets a server error, on any route, whoever sends it.

Every route in the URL map gets a table of odd values: in each URL segment in
turn, in the query string and in every form field the site has. A refusal
(4xx) is the expected answer; a page that harmlessly ignores the value may
answer 2xx or 3xx; a 5xx, or an exception escaping the app, fails the test.
"""

import re
from urllib.parse import quote, urlencode

import pytest

from quizapp.extensions import db
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


def requests_for(rule: str, valid: dict[str, str]):
    """Yield (path, form) pairs: each odd value in each segment, the query and the form."""
    arguments = ARGUMENT.findall(rule)
    for odd in ODD_VALUES:
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


# Each case sends about a thousand requests; dealt into shares of the routes, the cases
# spread over the test processes instead of keeping one busy to the end.
ROUTE_SHARES = 4


@pytest.mark.parametrize("share", range(ROUTE_SHARES))
@pytest.mark.parametrize("role", ["learner", "admin"])
def test_odd_input_never_gets_a_server_error(app, client, make_user, sign_in_as,
                                            valid_arguments, role, share):
    arguments, learner = valid_arguments
    user = learner if role == "learner" else make_user("root", is_admin=True)
    failures = []
    for method, rule in routes(app)[share::ROUTE_SHARES]:
        for path, form in requests_for(rule, arguments()):
            sign_in_as(client, user)  # a sign-out route must not end the test's session
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

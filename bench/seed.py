"""Seed learners: through HTTP as a browser would, and in bulk SQL for a long history.

Only table and column names are shared with the app (reflected at run time), so
the harness survives moves inside the quizapp package.
"""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bench.client import Browser

PASSWORD = "benchmark password 1"
ITEMS_PER_ATTEMPT = 20
SEED_TABLES = ["user", "bank", "question", "attempt", "attempt_item", "review_state"]


def expect(response, status: int, what: str) -> str:
    """Return the redirect target of a response that must have `status`, else stop the run."""
    if response.status != status:
        raise RuntimeError(f"{what}: expected {status}, got {response.status}\n"
                           f"{response.body[:2000]}")
    return response.location


def register(browser: Browser, username: str) -> None:
    """Register an account and stay signed in, as the registration form does."""
    form = browser.form("/auth/register")
    fields = form.filled("submit", username=username, password=PASSWORD, confirm=PASSWORD)
    expect(browser.post("/auth/register", fields), 302, f"register {username}")


def login(browser: Browser, username: str, password: str = PASSWORD) -> None:
    form = browser.form("/auth/login")
    fields = form.filled("submit", username=username, password=password, remember=None)
    expect(browser.post("/auth/login", fields), 302, f"sign in {username}")


def start_quiz(browser: Browser, bank_slug: str, questions: int) -> str:
    """Start a test-mode quiz over every category; return the path of its first question."""
    path = f"/banks/{bank_slug}"
    form = browser.form(path)
    fields = form.filled("submit", mode="test", categories=None,
                         question_count=str(questions), time_limit_minutes="")
    return expect(browser.post(path, fields), 302, f"start a quiz on {bank_slug}")


def answer_form(browser: Browser, question_path: str) -> list[tuple[str, str]]:
    """Return a valid answer to the question at `question_path`, pressing "Submit answer"."""
    return browser.form(question_path).filled("submit")


def answer_all(browser: Browser, first_question: str) -> str:
    """Answer every question of a test quiz in turn; return the path of its result page."""
    path = first_question
    for _ in range(1000):
        if path.endswith("/result"):
            return path
        if path.endswith("/hand-in"):
            # After the last answer a test shows what is left, then hands in.
            finish = attempt_path(first_question) + "/finish"
            fields = browser.form(path, action=finish).filled()
            path = expect(browser.post(finish, fields), 302, f"hand in {path}")
            continue
        path = expect(browser.post(path, answer_form(browser, path)), 302, f"answer {path}")
    raise RuntimeError(f"quiz at {first_question} never finished")


def attempt_path(question_path: str) -> str:
    """Return `/quiz/ID` from a question path `/quiz/ID/POSITION`."""
    match = re.fullmatch(r"(/quiz/\d+)/\d+", question_path)
    if not match:
        raise RuntimeError(f"not a question path: {question_path}")
    return match[1]


def bulk_history(database_url: str, username: str, bank_slug: str, answers: int) -> None:
    """Give a registered learner `answers` answered questions over past days, in bulk SQL.

    Finished attempts of twenty answers, a third of them wrong, one a day back in
    time, plus a review card per question: what years of study leave behind.
    """
    engine = sa.create_engine(database_url)
    tables = sa.MetaData()
    tables.reflect(engine, only=SEED_TABLES)
    user, bank, question = tables.tables["user"], tables.tables["bank"], tables.tables["question"]
    attempt, item = tables.tables["attempt"], tables.tables["attempt_item"]
    now = datetime.now(UTC)
    with engine.begin() as conn:
        user_id = conn.scalar(sa.select(user.c.id).where(user.c.username == username))
        bank_id = conn.scalar(sa.select(bank.c.id).where(bank.c.slug == bank_slug))
        question_ids = conn.scalars(
            sa.select(question.c.id).where(question.c.bank_id == bank_id,
                                           question.c.is_retired.is_(False))
            .order_by(question.c.position)
        ).all()
        attempts = max(1, answers // ITEMS_PER_ATTEMPT)
        attempt_ids = conn.scalars(
            sa.insert(attempt).returning(attempt.c.id, sort_by_parameter_order=True),
            [{"user_id": user_id, "bank_id": bank_id, "mode": "practice", "categories": [],
              "started_at": now - timedelta(days=n, minutes=10),
              "finished_at": now - timedelta(days=n),
              "points_earned": float(n % ITEMS_PER_ATTEMPT),
              "points_possible": float(ITEMS_PER_ATTEMPT)}
             for n in range(attempts)],
        ).all()
        conn.execute(sa.insert(item), [
            {"attempt_id": attempt_id,
             "question_id": question_ids[(n * ITEMS_PER_ATTEMPT + position) % len(question_ids)],
             "position": position, "presentation": {}, "response": "an answer",
             "points_earned": float((n + position) % 3 != 0), "points_possible": 1.0,
             "is_correct": (n + position) % 3 != 0, "answered_at": now - timedelta(days=n),
             "seconds_taken": 12.0}
            for n, attempt_id in enumerate(attempt_ids)
            for position in range(1, ITEMS_PER_ATTEMPT + 1)
        ])
        conn.execute(sa.insert(tables.tables["review_state"]), [
            {"user_id": user_id, "question_id": question_id, "card_state": {},
             "mastery": "learning", "due_at": now + timedelta(hours=i - 10),
             "last_reviewed_at": now, "last_is_correct": i % 2 == 0, "review_count": 1}
            for i, question_id in enumerate(question_ids)
        ])
    engine.dispose()

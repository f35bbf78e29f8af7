#!/usr/bin/env python3
"""Measure how the learner pages scale with the size of a learner's history.

Seeds two learners in a fresh database, one with a small history and one with
a large one, then times each page for both and prints large/small ratios of the
median time, of the SQL statements run and of the peak memory. A page that
scales well keeps the query ratio at 1.0 and the time ratio far below the data
ratio. Prints numbers only; it asserts nothing (tests never time anything).

usage: scripts/benchmark.py [--database-url URL] [--small N] [--large N] [--repeat N]
"""

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp import create_app  # noqa: E402
from quizapp.accounts.sessions import start_session  # noqa: E402
from quizapp.bankfile.importer import import_bank  # noqa: E402
from quizapp.bankfile.loader import load_bank_file  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import Attempt, AttemptItem, Bank, ReviewState, User  # noqa: E402

BANK_FILE = ROOT / "questions" / "russia-syria-2016.yaml"
ITEMS_PER_ATTEMPT = 20
PAGES = ["/", "/banks/{slug}", "/history/", "/history/history.csv", "/progress/{slug}",
         "/admin/banks/{slug}"]


def seed_learner(name: str, answers: int, bank: Bank, now: datetime) -> User:
    """Give a new learner `answers` answered questions spread over past days, in bulk."""
    user = User(username=name, is_admin=True)
    user.set_password("benchmark password 1")
    db.session.add(user)
    db.session.flush()
    questions = [q for q in bank.questions if not q.is_retired]
    attempts = max(1, answers // ITEMS_PER_ATTEMPT)
    attempt_ids = db.session.scalars(
        insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
        [{"user_id": user.id, "bank_id": bank.id, "mode": "practice", "categories": [],
          "started_at": now - timedelta(days=n, minutes=10),
          "finished_at": now - timedelta(days=n),
          "points_earned": float(n % ITEMS_PER_ATTEMPT),
          "points_possible": float(ITEMS_PER_ATTEMPT)}
         for n in range(attempts)],
    ).all()
    rows = []
    for n, attempt_id in enumerate(attempt_ids):
        for position in range(1, ITEMS_PER_ATTEMPT + 1):
            question = questions[(n * ITEMS_PER_ATTEMPT + position) % len(questions)]
            right = (n + position) % 3 != 0
            rows.append({"attempt_id": attempt_id, "question_id": question.id,
                         "position": position, "presentation": {}, "response": "an answer",
                         "points_earned": float(right), "points_possible": 1.0,
                         "is_correct": right, "answered_at": now - timedelta(days=n),
                         "seconds_taken": 12.0})
    db.session.execute(insert(AttemptItem), rows)
    db.session.execute(insert(ReviewState), [
        {"user_id": user.id, "question_id": q.id, "card_state": {}, "mastery": "learning",
         "due_at": now + timedelta(hours=i - 10), "last_reviewed_at": now,
         "last_is_correct": i % 2 == 0, "review_count": 1}
        for i, q in enumerate(questions)
    ])
    db.session.commit()
    return user


def measure(app, user_id: int, path: str, repeat: int) -> tuple[float, int, int]:
    """Return the median seconds, the SQL statements and the peak bytes of one page."""
    client = app.test_client()
    with app.app_context():
        token = start_session(db.session.get(User, user_id))
        db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = token
    statements = []
    engine = db.engine

    def count(*_args):
        statements.append(1)

    client.get(path)  # warm up: compile templates and open the pooled connection
    timings = []
    for attempt in range(repeat):
        statements.clear()
        sa.event.listen(engine, "before_cursor_execute", count)
        tracemalloc.start()
        started = time.perf_counter()
        response = client.get(path)
        body = response.get_data()
        timings.append(time.perf_counter() - started)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        sa.event.remove(engine, "before_cursor_execute", count)
        if response.status_code != 200 or not body:
            raise SystemExit(f"{path} answered {response.status_code}")
        if attempt == 0:
            queries = len(statements)
    return statistics.median(timings), queries, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--small", type=int, default=200, help="answers of the small history")
    parser.add_argument("--large", type=int, default=10_000, help="answers of the large history")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/benchmark.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark",
                          "WTF_CSRF_ENABLED": False})
        with app.app_context():
            upgrade()
            import_bank(load_bank_file(BANK_FILE, app.config["QUIZAPP_MAX_BANK_BYTES"]),
                        db.session)
            db.session.commit()
            bank = db.session.scalar(Bank.by_slug("russia-syria-2016"))
            now = datetime.now(UTC)
            small = seed_learner("small", args.small, bank, now).id
            large = seed_learner("large", args.large, bank, now).id
            slug = bank.slug
        print(f"database: {sa.make_url(url).get_backend_name()}; "
              f"answers: small {args.small}, large {args.large} "
              f"(data ratio {args.large / args.small:.0f}x)")
        print(f"{'page':28} {'small ms':>9} {'large ms':>9} {'time x':>7} "
              f"{'queries':>9} {'query x':>8} {'memory x':>9}")
        for page in PAGES:
            path = page.format(slug=slug)
            with app.app_context():
                small_time, small_queries, small_peak = measure(app, small, path, args.repeat)
                large_time, large_queries, large_peak = measure(app, large, path, args.repeat)
            print(f"{path:28} {small_time * 1000:9.1f} {large_time * 1000:9.1f} "
                  f"{large_time / small_time:7.2f} {small_queries:4d}/{large_queries:<4d} "
                  f"{large_queries / small_queries:8.2f} {large_peak / small_peak:9.2f}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()

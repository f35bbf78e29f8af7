#!/usr/bin/env python3
"""Measure quizapp at scale on PostgreSQL: 10,000 learners, 50,000 attempts, 1,000,000 answers.

Creates a database of its own (dropped at the end unless --keep), seeds it in
bulk with COPY on the shipped bank, then times through the Flask test client:
the admin item statistics page, a learner's home, history and progress pages,
the question page, the answer POST and the finish POST; then serves it with gunicorn and
loads the answer POST with wrk at 16 connections (`bench/scale_load.py`). `--explain`
prints the plan of every query those pages run. Prints numbers only; it asserts nothing.

usage: bench/scale.py [--server-url URL] [--database NAME] [--keep] [--reuse] [--explain]
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale_load import answers_under_load, print_answers_under_load  # noqa: E402
from quizapp import create_app  # noqa: E402
from quizapp.bankfile.importer import import_bank  # noqa: E402
from quizapp.bankfile.loader import load_bank_file  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.grading import grade  # noqa: E402
from quizapp.models import Bank, Question, User  # noqa: E402
from quizapp.study.assembly import present  # noqa: E402
from quizapp.study.attempts import attempt_with_questions  # noqa: E402
from quizapp.study.item_tallies import count_finished_attempts  # noqa: E402
from quizapp.study.learner_tallies import recount_learner_tallies  # noqa: E402
from quizapp.study.scheduling import mastery_of, rating_for, schedule_review  # noqa: E402
from quizapp.vocabulary import QuizMode  # noqa: E402

BANK_FILE = ROOT / "questions" / "russia-syria-2016.yaml"
LEARNERS, ATTEMPTS, ITEMS_PER_ATTEMPT = 10_000, 50_000, 20
PASSWORD = "scale benchmark password"
SAMPLED_LEARNERS = 30
ANSWERING_LEARNERS = 20
NOW = datetime.now(UTC).replace(microsecond=0)


def candidate_responses(question: Question) -> list:
    """A right response and a few wrong ones, shaped as each question type stores them."""
    data = question.data
    if question.type == "single":
        return list(data["choices"])
    if question.type == "multiple":
        others = [choice for choice in data["choices"] if choice not in data["answers"]]
        return [data["answers"], data["answers"][:1], others[:1] or ["none"]]
    if question.type == "true_false":
        return ["true", "false"]
    if question.type == "matching":
        lefts, rights = list(data["pairs"]), list(data["pairs"].values())
        return [dict(data["pairs"]), dict(zip(lefts, rights[1:] + rights[:1], strict=True))]
    if question.type == "ordering":
        return [list(data["items"]), list(reversed(data["items"]))]
    wrong = {"numeric": ["0", "123456"], "date": ["1999", "2001-01"],
             "text": ["Lavrov", "lavrov ", "I don't know"]}[question.type]
    return [str(data["answer"]), *wrong]


def graded_responses(questions: list[Question]) -> dict[int, tuple[list, list]]:
    """Grade each candidate once: (right ones, wrong ones) as (json, earned, is_correct)."""
    graded = {}
    for question in questions:
        right, wrong = [], []
        for response in candidate_responses(question):
            result = grade(question.type, question.data, question.points, response)
            row = (json.dumps(response), result.points_earned, result.is_correct)
            (right if result.is_correct else wrong).append(row)
        graded[question.id] = (right, wrong or right)
    return graded


def seed(app) -> None:
    """Import the shipped bank and COPY in the learners, their attempts, answers and cards."""
    rng = random.Random(2016)
    with app.app_context():
        upgrade()
        import_bank(load_bank_file(BANK_FILE, app.config["QUIZAPP_MAX_BANK_BYTES"]), db.session)
        admin = User(username="scale-admin", is_admin=True)
        admin.set_password(PASSWORD)
        db.session.add(admin)
        db.session.commit()
        bank = db.session.scalar(sa.select(Bank))
        questions = [q for q in bank.questions if not q.is_retired]
        graded = graded_responses(questions)
        presented = {q.id: json.dumps(present(q.type, q.data, rng)) for q in questions}
        admin_id, password_hash, bank_id = admin.id, admin.password_hash, bank.id
        db.session.close()
        cards = {ok: schedule_review(None, rating_for(float(ok), ok, 20.0), NOW) for ok in (0, 1)}
        raw = db.engine.raw_connection()
        cursor = raw.driver_connection.cursor()
        first_user = admin_id + 1
        with cursor.copy('COPY "user" (id, username, password_hash, is_admin, is_guest, '
                         "created_at) FROM STDIN") as copy:
            for n in range(LEARNERS):
                copy.write_row((first_user + n, f"learner{n}", password_hash, False,
                                False, NOW - timedelta(days=400)))
        ability = [rng.betavariate(4, 2) for _ in range(LEARNERS)]
        easiness = {q.id: rng.uniform(-0.3, 0.3) for q in questions}
        latest: dict[tuple[int, int], tuple[bool, datetime]] = {}
        attempts = []
        # Answers stream in first and their attempts follow, so the foreign key
        # checks wait until the end of the load (one COPY at a time per connection).
        cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.copy("COPY attempt_item (attempt_id, question_id, position, presentation, "
                         "response, points_earned, points_possible, is_correct, answered_at, "
                         "seconds_taken) FROM STDIN") as items:
            for attempt_id in range(1, ATTEMPTS + 1):
                learner = rng.randrange(LEARNERS)
                started = NOW - timedelta(days=rng.uniform(1, 365))
                answered, earned = started, 0.0
                for position, question in enumerate(rng.sample(questions, ITEMS_PER_ATTEMPT), 1):
                    right, wrong = graded[question.id]
                    is_right = rng.random() < ability[learner] + easiness[question.id]
                    response, points, correct = rng.choice(right if is_right else wrong)
                    seconds = rng.uniform(4, 60)
                    answered += timedelta(seconds=seconds)
                    earned += points
                    items.write_row((attempt_id, question.id, position, presented[question.id],
                                     response, points, float(question.points), correct, answered,
                                     seconds))
                    latest[(first_user + learner, question.id)] = (correct, answered)
                attempts.append((attempt_id, first_user + learner, bank_id, "practice", "[]",
                                 started, answered, earned, float(ITEMS_PER_ATTEMPT)))
        with cursor.copy("COPY attempt (id, user_id, bank_id, mode, categories, started_at, "
                         "finished_at, points_earned, points_possible) FROM STDIN") as copy:
            for row in attempts:
                copy.write_row(row)
        with cursor.copy("COPY review_state (user_id, question_id, card_state, due_at, mastery, "
                         "last_reviewed_at, last_is_correct, review_count) FROM STDIN") as copy:
            for (user_id, question_id), (correct, reviewed) in latest.items():
                card = cards[int(correct)]
                copy.write_row((user_id, question_id, json.dumps(card.card_state),
                                NOW + timedelta(days=rng.uniform(-30, 30)),
                                mastery_of(card.card_state).value, reviewed, correct, 1))
        for table in ("user", "attempt"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                           f'(SELECT max(id) FROM "{table}"))')
        raw.commit()
        raw.close()
        # COPY bypasses finish_attempt, so count the attempts in the item statistics as it does.
        count_finished_attempts(list(range(1, ATTEMPTS + 1)))
        # Replica mode also skipped the triggers that keep learners' tallies.
        recount_learner_tallies()
        db.session.commit()
    print(f"seeded {LEARNERS:,} learners, {ATTEMPTS:,} attempts, "
          f"{ATTEMPTS * ITEMS_PER_ATTEMPT:,} answers, {len(latest):,} review cards")


class Recorder:
    """Keep every statement a request runs, with its parameters, for EXPLAIN."""

    def __init__(self):
        self.statements: list[tuple[str, object]] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not executemany:
            self.statements.append((statement, parameters))


def signed_in_client(app, username: str):
    """Sign in through the real form, CSRF token included, as a browser would."""
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    reply = client.post("/auth/login", data={"username": username, "password": PASSWORD,
                                             "csrf_token": token})
    if reply.status_code != 302:
        raise SystemExit(f"could not sign in as {username}: {reply.status_code}")
    return client, token


def database_cpu_seconds(monitor, database: str) -> float:
    """CPU time used so far by the PostgreSQL backends serving the database (same host)."""
    pids = monitor.execute(sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :name"),
                           {"name": database}).scalars()
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime and stime
    return ticks / os.sysconf("SC_CLK_TCK")


class Timer:
    """Time requests by the wall clock and by the CPU they cost here and in PostgreSQL.

    On a shared machine the wall clock counts other people's work too; the CPU
    seconds do not, so they tell what the page would take on an idle server.
    """

    def __init__(self, monitor, database: str):
        self.monitor, self.database = monitor, database

    def __call__(self, client, method: str, path: str, **kwargs) -> tuple[float, float]:
        cpu = time.process_time() + database_cpu_seconds(self.monitor, self.database)
        started = time.perf_counter()
        reply = client.open(path, method=method, **kwargs)
        reply.get_data()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() + database_cpu_seconds(self.monitor, self.database) - cpu
        if reply.status_code not in (200, 302):
            raise SystemExit(f"{method} {path} answered {reply.status_code}")
        return elapsed, cpu


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def explain(app, client, method: str, path: str, **kwargs) -> None:
    """Print the plan of every query the request runs, marking sequential scans."""
    recorder = Recorder()
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", recorder)
        client.open(path, method=method, **kwargs)
        sa.event.remove(db.engine, "before_cursor_execute", recorder)
        raw = db.engine.raw_connection()
        cursor = raw.driver_connection.cursor()
        print(f"\n== EXPLAIN {method} {path}: {len(recorder.statements)} statements")
        for statement, parameters in recorder.statements:
            if not statement.lstrip().upper().startswith(
                ("SELECT", "WITH", "UPDATE", "INSERT", "DELETE")
            ):
                continue
            cursor.execute("EXPLAIN " + statement, parameters)
            plan = [line for (line,) in cursor.fetchall()]
            marker = "SEQ SCAN " if any("Seq Scan" in line for line in plan) else ""
            print(f"-- {marker}{' '.join(statement.split())[:150]}")
            print("\n".join(f"   {line}" for line in plan))
        raw.rollback()
        raw.close()


def report(label: str, samples: list[tuple[float, float]]) -> None:
    wall = [elapsed for elapsed, _ in samples]
    cpu = [used for _, used in samples]
    print(f"{label:34} {statistics.median(wall) * 1000:8.1f} "
          f"{percentile(wall, 0.99) * 1000:8.1f} {statistics.median(cpu) * 1000:8.1f} "
          f"{len(samples):8d}")


def measure(app, timed: Timer, show_plans: bool) -> None:
    """Time the admin statistics page, the learner pages and answering, and print the numbers."""
    with app.app_context():
        slug = db.session.scalar(sa.select(Bank.slug))
        singles = db.session.scalars(sa.select(Question.id).where(Question.type == "single")).all()
    admin, _ = signed_in_client(app, "scale-admin")
    admin_path = f"/admin/banks/{slug}"
    stats = [timed(admin, "GET", admin_path) for _ in range(3)]
    print(f"\n{'page':34} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'samples':>8}")
    report("admin item statistics", stats)
    pages = {"home /": "/", "history /history/": "/history/",
             f"progress /progress/{slug}"[:34]: f"/progress/{slug}"}
    samples: dict[str, list[tuple[float, float]]] = defaultdict(list)
    rng = random.Random(12)
    learners = rng.sample(range(LEARNERS), SAMPLED_LEARNERS)
    for number in learners:
        client, _ = signed_in_client(app, f"learner{number}")
        for label, path in pages.items():
            samples[label] += [timed(client, "GET", path) for _ in range(3)]
    for number in learners[:ANSWERING_LEARNERS]:
        client, token = signed_in_client(app, f"learner{number}")
        attempt_id, items = new_attempt(app, f"learner{number}", singles, rng)
        for position, choice in items:
            path = f"/quiz/{attempt_id}/{position}"
            samples["question page GET"].append(timed(client, "GET", path))
            samples["answer POST (sequential)"].append(timed(
                client, "POST", path,
                data={"answer": choice, "submit": "Submit answer", "csrf_token": token}))
        samples["finish POST (sequential)"].append(timed(
            client, "POST", f"/quiz/{attempt_id}/finish", data={"csrf_token": token}))
    for label, values in samples.items():
        report(label, values)
    if show_plans:
        explain(app, admin, "GET", admin_path)
        client, token = signed_in_client(app, f"learner{learners[0]}")
        for path in pages.values():
            explain(app, client, "GET", path)
        attempt_id, items = new_attempt(app, f"learner{learners[0]}", singles, rng)
        explain(app, client, "GET", f"/quiz/{attempt_id}/1")
        explain(app, client, "POST", f"/quiz/{attempt_id}/1",
                data={"answer": items[0][1], "submit": "Submit answer", "csrf_token": token})
        explain(app, client, "POST", f"/quiz/{attempt_id}/finish", data={"csrf_token": token})


def new_attempt(app, username: str, singles: list[int], rng: random.Random):
    """Start a practice quiz of ten single-choice questions; return its id and first choices."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        bank = db.session.scalar(sa.select(Bank))
        attempt = attempt_with_questions(user, bank, QuizMode.PRACTICE,
                                         rng.sample(singles, min(10, len(singles))), NOW)
        db.session.commit()
        return attempt.id, [(item.position, item.presentation["choices"][0])
                            for item in attempt.items]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="a PostgreSQL database to connect through (default: %(default)s)")
    parser.add_argument("--database", default="quizapp_scale", help="database to create")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="migrate a kept database to the latest schema and measure it again")
    parser.add_argument("--explain", action="store_true", help="print every query's plan")
    args = parser.parse_args()
    server = sa.create_engine(args.server_url, isolation_level="AUTOCOMMIT")
    url = sa.make_url(args.server_url).set(database=args.database)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False),
                      "SECRET_KEY": "scale benchmark", "RATELIMIT_ENABLED": False})
    try:
        if not args.reuse:
            with server.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'))
                conn.execute(sa.text(f'CREATE DATABASE "{args.database}"'))
            started = time.perf_counter()
            seed(app)
            with sa.create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(sa.text("VACUUM ANALYZE"))
            print(f"seeding took {time.perf_counter() - started:.0f} s")
        else:
            with app.app_context():
                upgrade()  # a database kept by an older version gets the newer tables
        with server.connect() as monitor:
            measure(app, Timer(monitor, args.database), args.explain)
        with app.app_context():
            slug = db.session.scalar(sa.select(Bank.slug))
        print_answers_under_load(answers_under_load(
            url.render_as_string(hide_password=False),
            [f"learner{number}" for number in range(LEARNERS)], PASSWORD, slug))
    finally:
        with app.app_context():
            db.engine.dispose()
        if not args.keep:
            with server.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'))
        server.dispose()


if __name__ == "__main__":
    main()

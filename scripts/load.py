"""Load and fault test: many learners take a test at once over real HTTP while a worker dies.

Serves the app under gunicorn with four workers on a fresh SQLite database and,
when PostgreSQL answers, on a fresh PostgreSQL database. Every learner registers,
starts a test, answers every question and finishes; midway one worker is killed
with SIGKILL and a learner whose request fails retries it once. Then the
database is checked: every attempt finished, every answer stored once, every
stored total equal to the sum of its items. Exits non-zero on any miss.

    python scripts/load.py [--learners 50] [--answers 20] [--no-kill]
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.client import HTTPException
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, build_opener

import sqlalchemy as sa

from quizapp import create_app
from quizapp.extensions import db

ROOT = Path(__file__).resolve().parent.parent
BANK_SLUG = "russia-syria-2016"
POSTGRES_URL = os.environ.get(
    "QUIZAPP_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PASSWORD = "a long load-test passphrase"
WORKERS = 4


@dataclass
class Tally:
    """What the learners saw, shared by their threads."""

    answers_sent: int = 0
    server_errors: int = 0
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, count in counts.items():
                setattr(self, name, getattr(self, name) + count)


class FormReader(HTMLParser):
    """Collect the fields of a page's forms: inputs with their types, selects with options."""

    def __init__(self):
        super().__init__()
        self.inputs: list[dict] = []
        self.selects: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "input" and attrs.get("name"):
            self.inputs.append(attrs)
        elif tag == "select":
            self._select = attrs.get("name")
            self.selects[self._select] = []
        elif tag == "option" and self._select and attrs.get("value"):
            self.selects[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def value(self, name: str) -> str:
        return next(i.get("value", "") for i in self.inputs if i["name"] == name)


def answer_for(page: FormReader) -> dict[str, str]:
    """A valid (not necessarily right) answer to whatever question the page asks."""
    form = {"csrf_token": page.value("csrf_token")}
    for field_ in page.inputs:
        name, kind = field_["name"], field_.get("type", "text")
        if name in form or name in ("submit", "skip"):
            continue
        if kind in ("radio", "checkbox"):
            form[name] = field_["value"]
        elif kind == "date":
            form[name] = "2015-09-30"
        elif kind == "text":
            form[name] = {"numeric": "2015", "decimal": "100"}.get(field_.get("inputmode"), "Putin")
    for row, (name, options) in enumerate(page.selects.items()):
        form[name] = options[row % len(options)]
    return form


class Learner:
    """One browser: a cookie jar, and a request that is retried once when it fails."""

    def __init__(self, base: str, tally: Tally):
        self.base, self.tally = base, tally
        self.http = build_opener(HTTPCookieProcessor(CookieJar()))

    def send(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """GET or POST; return status, final path and page, retrying a failure once."""
        data = urlencode(form, doseq=True).encode() if form is not None else None
        for attempt in (1, 2):
            try:
                with self.http.open(self.base + path, data=data, timeout=60) as response:
                    return response.status, urlsplit(response.url).path, response.read().decode()
            except HTTPError as error:
                with error:
                    if error.code < 500:
                        return error.code, path, error.read().decode()
                self.tally.add(server_errors=1)
            except (URLError, HTTPException, ConnectionError):
                pass  # the worker died mid-request: a browser user would press reload
            if attempt == 1:
                self.tally.add(retries=1)
        raise RuntimeError(f"{path} failed twice")

    def page(self, path: str) -> FormReader:
        reader = FormReader()
        reader.feed(self.send(path)[2])
        return reader

    def take_test(self, name: str, answers: int) -> None:
        register = self.page("/auth/register")
        self.send("/auth/register", {"csrf_token": register.value("csrf_token"), "username": name,
                                     "password": PASSWORD, "confirm": PASSWORD})
        if self.send("/history/")[1] != "/history/":  # the registration's answer was lost
            login = self.page("/auth/login")
            self.send("/auth/login", {"csrf_token": login.value("csrf_token"),
                                      "username": name, "password": PASSWORD})
        bank = self.page(f"/banks/{BANK_SLUG}")
        _, path, _ = self.send(f"/banks/{BANK_SLUG}", {
            "csrf_token": bank.value("csrf_token"), "start_key": bank.value("start_key"),
            "mode": "test", "question_count": answers,
        })
        attempt_id = path.split("/")[2]
        for position in range(1, answers + 1):
            question = f"/quiz/{attempt_id}/{position}"
            self.send(question, answer_for(self.page(question)))
            self.tally.add(answers_sent=1)
        result = self.page(f"/quiz/{attempt_id}/result")
        self.send(f"/quiz/{attempt_id}/finish", {"csrf_token": result.value("csrf_token")})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database_url: str) -> None:
    """Migrate the database and import the shipped banks through the `flask` commands.

    They run in this process: a new Python for each took seconds to import the app.
    """
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["bank", "import", str(ROOT / "questions")]):
        result = runner.invoke(args=args)
        if result.exit_code != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.output}")
    with app.app_context():
        db.engine.dispose()


@contextmanager
def served(database_url: str):
    """Run gunicorn on the database; yield its base URL and master process."""
    port = free_port()
    env = os.environ | {"QUIZAPP_DATABASE_URL": database_url, "QUIZAPP_RATELIMITS": "off",
                        "QUIZAPP_SECRET_KEY": "load-test-secret"}
    # --preload as deploy/gunicorn.conf.py serves: the app is built once and forked, so
    # the worker that replaces the killed one starts at once. No control socket: every
    # gunicorn of the user shares its default path, and two runs at once would clash.
    # A session of its own, so the server can be stopped workers and all in one signal.
    master = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--preload", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--no-control-socket",
         "quizapp:create_app()"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # the master imports the app first: allow a minute
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        yield base, master
    finally:
        # Each answer was committed before its response: nothing is left to finish, and
        # a graceful stop cost seconds while each worker tore its Python down.
        os.killpg(master.pid, signal.SIGKILL)
        master.wait(timeout=30)


def workers_of(master: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
    return [int(pid) for pid in children.split()]


def kill_one_worker_midway(master, tally: Tally, halfway: int, done: threading.Event) -> None:
    while not done.is_set() and tally.answers_sent < halfway:
        time.sleep(0.05)
    if not done.is_set():
        victim = workers_of(master)[0]
        os.kill(victim, signal.SIGKILL)
        print(f"  killed worker {victim} with SIGKILL after {tally.answers_sent} answers")


def stored_figures(database_url: str) -> dict[str, int]:
    """Count, in the database, what the run left behind."""
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        one = lambda sql: conn.execute(sa.text(sql)).scalar() or 0  # noqa: E731
        figures = {
            "finished attempts": one("SELECT count(*) FROM attempt WHERE finished_at IS NOT NULL"),
            "stored answers": one("SELECT count(*) FROM attempt_item "
                                  "WHERE answered_at IS NOT NULL"),
            "doubled answers": one("SELECT sum(review_count - 1) FROM review_state")
            + one("SELECT count(*) - count(DISTINCT user_id) FROM attempt"),
            "totals differing from their items": one(
                "SELECT count(*) FROM attempt a WHERE a.points_earned <> (SELECT "
                "coalesce(sum(i.points_earned), 0) FROM attempt_item i "
                "WHERE i.attempt_id = a.id)"),
        }
    engine.dispose()
    return figures


def run(database_url: str, learners: int, answers: int, kill: bool) -> list[str]:
    """Run the load on a migrated, empty database; return the misses (empty when all held)."""
    prepare(database_url)
    tally, done = Tally(), threading.Event()
    with served(database_url) as (base, master):
        killer = threading.Thread(target=kill_one_worker_midway,
                                  args=(master, tally, learners * answers // 2, done))
        if kill:
            killer.start()
        failures: list[str] = []

        def learn(number: int) -> None:
            try:
                Learner(base, tally).take_test(f"load{number}", answers)
            except Exception as error:
                failures.append(f"learner {number}: {error}")

        threads = [threading.Thread(target=learn, args=(n,)) for n in range(learners)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        if kill:
            killer.join()
    figures = stored_figures(database_url) | {"5xx responses": tally.server_errors}
    for name, value in figures.items():
        print(f"  {name}: {value}")
    print(f"  requests retried: {tally.retries}")
    expected = {"finished attempts": learners, "stored answers": learners * answers,
                "doubled answers": 0, "totals differing from their items": 0,
                "5xx responses": 0}
    return failures + [f"{name}: {figures[name]}, expected {value}"
                       for name, value in expected.items() if figures[name] != value]


@contextmanager
def fresh_database(kind: str):
    """Yield the URL of a new, empty database of this kind, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/load.sqlite"
        return
    server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"quizapp_load_{os.getpid()}"
    with server.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def postgres_answers() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.OperationalError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--no-kill", dest="kill", action="store_false")
    options = parser.parse_args()
    kinds = ["sqlite"] + (["postgresql"] if postgres_answers() else [])
    if "postgresql" not in kinds:
        print(f"PostgreSQL does not answer at {POSTGRES_URL}: SQLite only")
    misses = []
    for kind in kinds:
        print(f"{kind}: {options.learners} learners x {options.answers} answers, "
              f"{WORKERS} gunicorn workers")
        with fresh_database(kind) as url:
            misses += [f"{kind}: {miss}" for miss in
                       run(url, options.learners, options.answers, options.kill)]
    print("\n".join(["MISSES:", *misses]) if misses else "All figures as expected.")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared fixtures: an app on a real SQLite file and, when reachable, on PostgreSQL."""

import functools
import os
import re
import shutil
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from weakref import WeakKeyDictionary

import psycopg
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade
from jinja2 import BytecodeCache
from werkzeug.routing import Rule
from werkzeug.security import generate_password_hash

import quizapp.accounts.users
import quizapp.models.user
import quizapp.study.streaks
from quizapp import create_app
from quizapp.accounts.sessions import start_session
from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, Bank, Fact, Question, User
from quizapp.study.item_tallies import count_finished_attempts
from quizapp.study.learner_tallies import recount_learner_tallies

POSTGRES_URL = os.environ.get(
    "QUIZAPP_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TEST_PASSWORD = "correct horse battery"


def base_config(database_url: str) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        # Only the rate-limit tests switch limits on, so the rest never meet them.
        "RATELIMIT_ENABLED": False,
    }
    if database_url.startswith("postgresql"):
        libpq_url = sa.make_url(database_url).set(drivername="postgresql")
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "creator": functools.partial(
                KeptConnection.take, libpq_url.render_as_string(hide_password=False)
            ),
        }
    return config


class KeptConnection(psycopg.Connection):
    """A PostgreSQL connection that, closed by one test's app, is handed to the next.

    Every test builds a new app and engine, and a new server process cost
    PostgreSQL about 65 ms of CPU to warm its catalog caches. Closing resets the
    session instead (DISCARD ALL: settings, prepared statements, locks, temporary
    tables) and keeps the connection, so each test still starts from a clean one.
    """

    @classmethod
    def take(cls, conninfo: str) -> "KeptConnection":
        kept = KEPT_CONNECTIONS.setdefault(conninfo, [])
        if kept:
            return kept.pop()
        # Never prepared on the server: a kept engine's executemany once met a statement
        # psycopg believed prepared after DISCARD ALL had dropped it.
        connection = cls.connect(conninfo, prepare_threshold=None)
        connection.kept_in = kept
        return connection

    @staticmethod
    def close_all() -> None:
        for kept in KEPT_CONNECTIONS.values():
            while kept:
                psycopg.Connection.close(kept.pop())

    def close(self) -> None:
        if self.closed:
            return
        try:
            self.rollback()
            self.autocommit = True
            self.execute("DISCARD ALL")
            self.autocommit = False
            self.isolation_level = self.read_only = self.deferrable = None
        except psycopg.Error:
            super().close()
            return
        self.kept_in.append(self)


KEPT_CONNECTIONS: dict[str, list[KeptConnection]] = {}


def postgres_reachable() -> bool:
    """Tell whether the PostgreSQL server answers, leaving no connection behind either way."""
    engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 2})
    try:
        with engine.connect():
            return True
    except Exception:
        return False
    finally:
        engine.dispose()


def migrate_to_head(database_url: str) -> None:
    """Build the schema the way production does: through the migrations."""
    app = create_app(base_config(database_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file that each test copies, so migrations run once."""
    path = tmp_path_factory.mktemp("template") / "quizapp.sqlite"
    migrate_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database():
    """A PostgreSQL database of this run's own, migrated once and dropped at the end.

    Each run creates its own database next to the configured one, so two test
    runs on one machine never empty each other's tables.
    """
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}; set QUIZAPP_TEST_DATABASE_URL")
    server = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"quizapp_test_{os.getpid()}"
    with server.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        # Tests never outlive a crash of the server, so commits need not wait for the disk:
        # each would otherwise sit about 4 ms in fdatasync here.
        conn.execute(sa.text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    migrate_to_head(url)
    KEPT_ENGINES.shared_urls.add(url)
    yield url
    KeptConnection.close_all()
    with server.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture(scope="session")
def postgres_emptier(postgres_database):
    """Empty the run's PostgreSQL database after each test, over one connection kept open.

    A new connection per test cost PostgreSQL about 70 ms of CPU to empty an
    empty database, most of it warming a new server process's catalog caches.
    """
    engine = sa.create_engine(postgres_database)
    with engine.connect() as conn:
        superuser = conn.execute(sa.text("SHOW is_superuser")).scalar() == "on"
    yield functools.partial(empty_postgres_database, engine, skip_triggers=superuser)
    engine.dispose()


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc):
    """Run database tests on SQLite; those marked `both_engines` on PostgreSQL too.

    Only what depends on the engine (migrations, constraints, locking and
    concurrency, SQL aggregates, JSON columns) needs the second run; the rest
    exercises the same Python either way.
    """
    if "database_url" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_engines") is not None
        metafunc.parametrize("database_url", ENGINES if both else ENGINES[:1], indirect=True)


class KeptEngines:
    """SQLAlchemy engines for the test databases, handed from one test's app to the next.

    SQLAlchemy caches compiled SQL per engine, and each test builds a new app, so
    each test compiled all its statements again: about 30% of a database test's
    CPU. An engine serves one app at a time (a second app in the same test, as a
    second server worker would be, gets another) and returns when the app fixture
    ends, its pool disposed, so no connection outlives the test; the compiled SQL
    stays. Apps on any other database get an engine of their own, as before.

    PostgreSQL's are kept too, over connections that prepare no statements on the
    server (see `KeptConnection.take`).
    """

    def __init__(self):
        self.shared_urls: set[str] = set()
        self._free: dict[tuple[str, str], list[sa.Engine]] = {}
        self._lent: WeakKeyDictionary[sa.Engine, tuple[str, str]] = WeakKeyDictionary()

    def make_engine(self, bind_key, options: dict, app) -> sa.Engine:
        url = sa.make_url(options["url"]).render_as_string(hide_password=False)
        if url not in self.shared_urls:
            return sa.engine_from_config(options, prefix="")
        key = (url, repr(sorted(options.items(), key=lambda item: item[0])))
        free = self._free.setdefault(key, [])
        engine = free.pop() if free else sa.engine_from_config(options, prefix="")
        self._lent[engine] = key
        return engine

    def give_back(self, engine: sa.Engine) -> None:
        """Dispose the engine's pool and keep the engine for the next test's app."""
        engine.dispose()
        if (key := self._lent.pop(engine, None)) is not None:
            self._free[key].append(engine)

    def dispose(self, url: str) -> None:
        for (engine_url, _), engines in self._free.items():
            if engine_url == url:
                for engine in engines:
                    engine.dispose()

    def dispose_all(self) -> None:
        for engines in self._free.values():
            for engine in engines:
                engine.dispose()
        for engine in list(self._lent):
            engine.dispose()


KEPT_ENGINES = KeptEngines()


@pytest.fixture(scope="session", autouse=True)
def kept_engines():
    """Hand every app on a test database the engine kept for it (see `KeptEngines`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "_make_engine", KEPT_ENGINES.make_engine)
        yield KEPT_ENGINES
        KEPT_ENGINES.dispose_all()


@pytest.fixture(scope="session")
def sqlite_path(tmp_path_factory, kept_engines):
    """The one SQLite file this worker's tests use, made afresh from the template per test."""
    path = tmp_path_factory.mktemp("database") / "quizapp.sqlite"
    kept_engines.shared_urls.add(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(request):
    """A freshly migrated, empty database of the kind the test is parametrised with."""
    # Engines are kept from test to test; what app code kept per engine must not be.
    quizapp.study.streaks._worked_out.clear()
    if request.param == "sqlite":
        path = request.getfixturevalue("sqlite_path")
        url = f"sqlite:///{path}"
        # No connection may stay open on the file replaced, nor its WAL survive it.
        KEPT_ENGINES.dispose(url)
        for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield url
        return
    url = request.getfixturevalue("postgres_database")
    empty = request.getfixturevalue("postgres_emptier")
    yield url
    empty()


# Each sequence back to its start value, as ALTER SEQUENCE ... RESTART would, in one query.
RESTART_SEQUENCES = (
    "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false)"
    " FROM pg_sequences WHERE schemaname = current_schema()"
)


def empty_postgres_database(engine: sa.Engine, skip_triggers: bool = False) -> None:
    """Delete every row and restart the id sequences, as a new database would have them.

    DELETE on a test's handful of rows is far cheaper than TRUNCATE, which
    rewrites every table's files whether or not it holds anything. When allowed
    (a superuser), the deletes skip the triggers: the tallies they would keep are
    emptied too, and on a test's ten thousand answers they took seconds. All of it
    goes in one round trip, a third of the time of a statement each.
    """
    quote = engine.dialect.identifier_preparer.format_table
    script = [
        *(["SET LOCAL session_replication_role = replica"] if skip_triggers else []),
        *(f"DELETE FROM {quote(table)}" for table in reversed(db.metadata.sorted_tables)),
        RESTART_SEQUENCES,
    ]
    with engine.begin() as conn:
        # No parameters, but the driver still reads % as the start of one.
        conn.exec_driver_sql(";\n".join(script).replace("%", "%%"))


class SharedTemplateCode(BytecodeCache):
    """Compiled templates kept for the whole run, shared by every test's app.

    Each test builds a new app, whose Jinja environment would otherwise parse and
    compile every template it renders again. Jinja checks each entry against the
    template's source, so an edited template is compiled afresh.
    """

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()


@pytest.fixture(scope="session", autouse=True)
def kept_url_builders():
    """Compile each URL rule's builders once per run, not again for every test's app.

    Werkzeug writes and compiles two Python functions per rule as an app registers
    its routes: about 60% of building an app, which every test does. A builder
    reaches its rule only through the `self` it is bound to, so the one compiled for
    an earlier app serves the same rule of the next: same text, parsed parts,
    defaults and converter types, all in the key.
    """
    compile_builder = Rule._compile_builder
    builders = {}

    def kept(rule: Rule, append_unknown: bool = True):
        key = (rule.rule, tuple(rule._trace), append_unknown,
               repr(sorted((rule.defaults or {}).items())),
               tuple((name, type(converter)) for name, converter in rule._converters.items()))
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Rule, "_compile_builder", kept)
        yield


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context.

    pytest-flask keeps a request context pushed for the whole test, and Flask
    reuses it for the client's requests, which would share `g` (Flask-Login's
    cached user) and the database session between the test and the views. A
    fresh context per request behaves like a real server: a view that forgets
    to commit loses its changes, and each request loads the user anew.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app_config() -> dict:
    """Settings a test module adds to the base config: override it in the module."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    app = create_app(base_config(database_url) | app_config)
    app.test_client_class = IsolatedClient
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    yield app
    with app.app_context():
        db.session.remove()
        KEPT_ENGINES.give_back(db.engine)


@pytest.fixture
def csrf_client(app):
    """A client of a second app on the same database, with CSRF protection switched on."""
    protected = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]) | {
        "WTF_CSRF_ENABLED": True,
    })
    protected.test_client_class = IsolatedClient
    protected.jinja_env.bytecode_cache = TEMPLATE_CODE
    yield protected.test_client()
    with protected.app_context():
        db.session.remove()
        KEPT_ENGINES.give_back(db.engine)


def csrf_token_on(client, path: str) -> str:
    """Read the CSRF token from the form a page serves, as a browser would send it back."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def client(app):
    """A client that does not keep request contexts alive after each request."""
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Werkzeug's default, scrypt, takes about 75 ms of CPU on purpose, and the suite signs
# in, registers and changes passwords hundreds of times. Tests hash with a quick method
# instead; tests marked `production_hashing` keep the real one and check it.
QUICK_HASH_METHOD = "pbkdf2:sha256:1000"


@pytest.fixture(autouse=True)
def quick_password_hashing(request, monkeypatch):
    """Hash passwords with a quick method, unless the test is marked `production_hashing`."""
    if request.node.get_closest_marker("production_hashing") is not None:
        return
    quick = functools.partial(generate_password_hash, method=QUICK_HASH_METHOD)
    for module in (quizapp.models.user, quizapp.accounts.users):
        monkeypatch.setattr(module, "generate_password_hash", quick)


def create_user(username="ada", password=TEST_PASSWORD, is_admin=False) -> User:
    """Add and commit a user, inside an app context; `make_user` hands this to tests."""
    user = User(username=username, is_admin=is_admin)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def make_user(app):
    """Create a user; pass overrides for username, password or is_admin."""
    return create_user


@pytest.fixture
def learner(client, make_user, make_bank, sign_in_as):
    """A learner signed in on `client`, with the default demo bank to take quizzes on."""
    make_bank()
    user = make_user()
    sign_in_as(client, user)
    return user


def create_bank(slug="demo", title="Demo bank", questions=None, facts=None) -> Bank:
    """Add and commit a bank, inside an app context; `make_bank` hands this to tests."""
    bank = Bank(slug=slug, title=title, description="A bank for tests.",
                source_publisher="BBC News", source_title="A test article")
    for position, fact in enumerate(facts or DEFAULT_FACTS):
        bank.facts.append(Fact(position=position, **fact))
    facts_by_key = {fact.key: fact for fact in bank.facts}
    for position, spec in enumerate(questions or DEFAULT_QUESTIONS):
        spec = dict(spec)
        fact_key = spec.pop("fact", None)
        spec.setdefault("explanation", "Because the source says so.")
        bank.questions.append(
            Question(position=position, fact=facts_by_key.get(fact_key), **spec)
        )
    db.session.add(bank)
    db.session.commit()
    return bank


@pytest.fixture
def make_bank(app):
    """Create a small bank with one question of each type, or the questions given.

    Each question is a dict of Question columns; `data` holds the type-specific fields.
    """
    return create_bank


DEFAULT_FACTS = [
    {"key": "start", "category": "date", "statement": "The campaign began in September 2015.",
     "paragraph": 3},
    {"key": "sorties", "category": "figure", "statement": "More than 9,000 sorties were flown.",
     "paragraph": 5},
]

DEFAULT_QUESTIONS = [
    {"key": "q-single", "category": "place", "type": "single", "prompt": "Which base?",
     "data": {"choices": ["Hmeimim", "Tartus", "Latakia"], "answer": "Hmeimim"}},
    {"key": "q-multiple", "category": "place", "type": "multiple", "prompt": "Which are cities?",
     "data": {"choices": ["Palmyra", "Aleppo", "Hmeimim"], "answers": ["Palmyra", "Aleppo"]}},
    {"key": "q-tf", "category": "other", "type": "true_false", "prompt": "Talks were in Geneva.",
     "data": {"answer": True}},
    {"key": "q-numeric", "category": "figure", "type": "numeric", "prompt": "How many sorties?",
     "fact": "sorties", "data": {"answer": 9000, "tolerance": 0, "unit": "sorties"}},
    {"key": "q-date", "category": "date", "type": "date", "prompt": "When did it start?",
     "fact": "start", "data": {"answer": "2015-09"}},
    {"key": "q-text", "category": "official", "type": "text", "prompt": "Defence minister?",
     "data": {"answer": "Sergei Shoigu", "accept": ["Shoigu"]}},
    {"key": "q-matching", "category": "official", "type": "matching", "prompt": "Match posts.",
     "data": {"pairs": {"Putin": "President", "Lavrov": "Foreign Minister"}}},
    {"key": "q-ordering", "category": "date", "type": "ordering", "prompt": "Order these.",
     "data": {"items": ["Palmyra captured", "Air campaign starts", "Pull-out announced"]}},
]


@pytest.fixture
def query_counter(app):
    """Count the SQL statements run inside a `with query_counter() as count:` block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def sign_in_as():
    """Sign a test client in as a user directly through the session cookie."""

    def sign_in(client, user) -> str:
        token = start_session(user)
        db.session.commit()
        db.session.refresh(user)  # loaded again, so a test can still read it once detached
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
        return token

    return sign_in


class AuthActions:
    """Sign in and out through the real routes."""

    def __init__(self, client):
        self._client = client

    def login(self, username="ada", password=TEST_PASSWORD, **fields):
        return self._client.post(
            "/auth/login", data={"username": username, "password": password, **fields}
        )

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def record_attempt(user, bank, answers=(), finished_at=None, mode="practice", minutes=3,
                   is_finished=True):
    """Add and commit an attempt, counted in the item statistics; see `make_attempt`."""
    finished_at = finished_at or datetime.now(UTC)
    attempt = Attempt(user=user, bank=bank, mode=mode, categories=[],
                      started_at=finished_at - timedelta(minutes=minutes),
                      finished_at=finished_at if is_finished else None)
    for position, (question, earned, *response) in enumerate(answers, start=1):
        attempt.items.append(AttemptItem(
            question=question, position=position, points_possible=question.points,
            points_earned=earned, is_correct=earned == question.points,
            response=response[0] if response else "recorded", answered_at=finished_at,
            seconds_taken=10.0,
        ))
    if is_finished:
        attempt.points_earned = float(sum(answer[1] for answer in answers))
        attempt.points_possible = float(sum(answer[0].points for answer in answers))
    db.session.add(attempt)
    db.session.flush()
    count_finished_attempts([attempt.id])
    db.session.commit()
    return attempt


@pytest.fixture
def make_attempt(app):
    """Record an attempt, finished and counted in the item statistics unless told otherwise.

    Pass answers as (question, points_earned) or (question, points_earned, response).
    """
    return record_attempt


@contextmanager
def answers_loaded_in_bulk():
    """Load many answers in the block with PostgreSQL's tally triggers off, then recount.

    Row by row, the triggers took PostgreSQL about 10 s for ten thousand answers of
    one learner, each updating the same rows again; `recount_learner_tallies`, made
    for such loads, leaves the sums the triggers would. On SQLite, or for a
    PostgreSQL user who may not switch triggers off, the triggers run as usual.
    The caller commits.
    """
    if db.session.get_bind().dialect.name != "postgresql" or (
        db.session.scalar(sa.text("SHOW is_superuser")) != "on"
    ):
        yield
        return
    db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    yield
    db.session.execute(sa.text("SET LOCAL session_replication_role = origin"))
    recount_learner_tallies()

"""The app factory, configuration and database wiring."""

import pytest
import sqlalchemy as sa
from flask_migrate import check

from quizapp import create_app
from quizapp.extensions import db

pytestmark = pytest.mark.both_engines  # SQL aggregates, constraints and migrations differ by engine


def test_config_comes_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")
    assert app.config["SECRET_KEY"] == "from-env"


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("QUIZAPP_DATABASE_URL", raising=False)
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "x")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{app.instance_path}/quizapp.sqlite"
    )


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    from quizapp.config import load_or_create_secret_key

    first = load_or_create_secret_key(str(tmp_path))
    second = load_or_create_secret_key(str(tmp_path))
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_models_match_migrations(app):
    with app.app_context():
        check()  # raises when a model change has no migration


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
            # NORMAL (1): with WAL, still safe against corruption, and no fsync per commit.
            assert conn.execute(sa.text("PRAGMA synchronous")).scalar() == 1
    else:
        assert db.engine.dialect.name == "postgresql"
        assert db.engine.dialect.driver == "psycopg"


def test_home_lists_banks_with_counts(client, make_bank):
    make_bank(title="Syria test bank")
    page = client.get("/").get_data(as_text=True)
    assert "Syria test bank" in page
    assert "8 questions" in page


def test_migrations_go_down_to_nothing_and_back_up(app):
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()
        assert {"bank", "question", "attempt", "review_state"} <= set(
            sa.inspect(db.engine).get_table_names()
        )
        check()


def test_workers_starting_together_share_one_secret_key(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from quizapp.config import load_or_create_secret_key

    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(load_or_create_secret_key, [str(tmp_path)] * 32))
    assert len(keys) == 1
    assert keys == {(tmp_path / "secret_key").read_text(encoding="utf-8")}


def test_only_connections_to_a_database_server_are_pinged_on_checkout(app):
    """A server can drop a pooled connection; a SQLite file cannot, so it skips the ping."""
    with app.app_context():
        pinged = db.engine.pool._pre_ping
    assert pinged == (db.engine.dialect.name != "sqlite")


def test_session_cookies_signed_with_a_rotated_key_still_open(app, client):
    """The session serializer is kept per key set, so a key change is seen at once."""
    with client.session_transaction() as session:
        session["probe"] = "kept"
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]
    app.secret_key = "a new key"
    with client.session_transaction() as session:
        assert session["probe"] == "kept"
        session["probe"] = "signed with the new key"
    app.config["SECRET_KEY_FALLBACKS"] = []
    with client.session_transaction() as session:
        assert session["probe"] == "signed with the new key"
    app.secret_key = "yet another key"
    with client.session_transaction() as session:
        assert "probe" not in session

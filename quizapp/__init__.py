"""quizapp: study question banks written from a news article."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from quizapp import config as settings
from quizapp.extensions import SessionInterface, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def create_app(config: dict | None = None) -> Flask:
    """Create and configure the quizapp application."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        RATELIMIT_STORAGE_URI="memory://",
    )
    if config is None:
        app.config.from_mapping(settings.from_environment(app.instance_path))
    else:
        app.config.from_mapping(config)
        app.config.setdefault("QUIZAPP_MAX_BANK_BYTES", settings.DEFAULT_MAX_BANK_BYTES)
    # Flask defaults this to None (no limit); refuse bodies far beyond the largest bank file.
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_CONTENT_LENGTH"] or (
        app.config["QUIZAPP_MAX_BANK_BYTES"] + settings.UPLOAD_OVERHEAD_BYTES
    )

    if not app.config.get("SQLALCHEMY_DATABASE_URI", "").startswith("sqlite"):
        # A database server may drop pooled connections (a restart, an idle timeout), so
        # each is tested on checkout; a SQLite file cannot, and the test would cost a query.
        options = {"pool_pre_ping": True, **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    app.session_interface = SessionInterface()

    proxies = app.config.get("QUIZAPP_PROXY_COUNT", 0)
    if proxies:
        # Behind a load balancer, limits per address must count the visitor, not the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    # Imported here, as Flask's tutorial does, so importing a pure module such as
    # quizapp.grading does not load every blueprint and their libraries.
    from quizapp import (
        account,
        admin,
        auth,
        banks,
        errors,
        flashcards,
        history,
        main,
        models,  # noqa: F401  (importing the models registers their tables)
        progress,
        quiz,
        security,
        static_assets,
        templating,
    )
    from quizapp.cli.bank import bank_cli
    from quizapp.cli.user import user_cli

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)
    login_manager.init_app(app)
    security.register(app)
    limiter.init_app(app)

    app.register_blueprint(main.bp)
    app.register_blueprint(banks.bp)
    app.register_blueprint(quiz.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(progress.bp)
    app.register_blueprint(history.bp)
    app.register_blueprint(flashcards.bp)
    app.register_blueprint(account.bp)
    errors.register(app)
    static_assets.register(app)
    templating.register(app)
    app.cli.add_command(user_cli)
    app.cli.add_command(bank_cli)
    return app

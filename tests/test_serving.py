"""`make run` serves through gunicorn with the settings in deploy/gunicorn.conf.py."""

import multiprocessing
import runpy
from pathlib import Path

import pytest
from gunicorn.util import import_app

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def settings(monkeypatch):
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    return lambda: runpy.run_path(str(CONFIG))


def test_workers_follow_the_core_count_on_the_usual_url(settings):
    config = settings()
    assert config["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert config["bind"] == "127.0.0.1:5000"
    assert config["preload_app"] is True


def test_environment_overrides_workers_and_address(settings, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8000")
    config = settings()
    assert config["workers"] == 3
    assert config["bind"] == "0.0.0.0:8000"


def test_gunicorn_builds_the_app_from_the_configured_factory(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "serving test")
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path}/quizapp.sqlite")
    app = import_app(settings()["wsgi_app"])
    assert app.name == "quizapp"
    assert app.config["SECRET_KEY"] == "serving test"

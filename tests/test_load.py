"""A small run of the load and fault script: real gunicorn workers, one killed midway."""

import importlib.util
from pathlib import Path

import pytest
from conftest import postgres_reachable

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "load.py"


def load_script():
    spec = importlib.util.spec_from_file_location("load_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_ten_learners_lose_no_answer_when_a_worker_dies(kind):
    if kind == "postgresql" and not postgres_reachable():
        pytest.skip("PostgreSQL not reachable; set QUIZAPP_TEST_DATABASE_URL")
    load = load_script()
    with load.fresh_database(kind) as url:
        assert load.run(url, learners=10, answers=5, kill=True) == []

"""The answer POST under 16 connections at scale: gunicorn and wrk on the million-answer database.

Many learners of the seeded database sign in over HTTP and each starts a test quiz;
wrk then sends their answers to the first question in turn, 16 at a time. A test
answer may be changed until hand-in, so every request grades and stores the answer
again, under its attempt's lock, while other learners' answers go in beside it.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from bench import seed
from bench.client import USER_AGENT, Browser
from bench.servers import GUNICORN_SETTINGS, app_environment, start_gunicorn
from bench.wrk import CONNECTIONS, Load, WrkResult, run_wrk

# Twice the connections, so no two connections need wait on one learner's lock for long.
LOAD_LEARNERS = 2 * CONNECTIONS
ROUNDS, SECONDS = 3, 5
QUIZ_QUESTIONS = 10
# Worker counts to serve with: `make bench`'s two, and what `make run` starts on this
# machine (deploy/gunicorn.conf.py: two per core plus one), since a worker waiting on
# PostgreSQL leaves its core to another.
WORKER_COUNTS = {"make bench": 2, "make run": 2 * os.cpu_count() + 1}


def answering_learner(base_url: str, username: str, password: str, bank_slug: str) -> str:
    """Sign in, start a test quiz and answer its first question; return the POST as a line."""
    browser = Browser(base_url)
    seed.login(browser, username, password)
    question = seed.start_quiz(browser, bank_slug, QUIZ_QUESTIONS)
    answer = seed.answer_form(browser, question)
    moved_on = seed.expect(browser.post(question, answer), 302, f"answer {question}")
    if not moved_on.endswith("/2"):  # a signed-out or refused answer goes elsewhere
        raise RuntimeError(f"{username}'s answer to {question} led to {moved_on}")
    return "\t".join((question, browser.cookie_header(), urlencode(answer)))


def answers_under_load(database_url: str, usernames: list[str], password: str,
                       bank_slug: str) -> dict[int, list[WrkResult]]:
    """Serve the database with gunicorn and load the answer POST, for each worker count."""
    results = {}
    learners = iter(usernames)
    for workers in sorted(set(WORKER_COUNTS.values())):
        settings = [*GUNICORN_SETTINGS]
        settings[settings.index("--workers") + 1] = str(workers)
        with tempfile.TemporaryDirectory(prefix="quizapp-scale-") as scratch:
            folder = Path(scratch)
            server = start_gunicorn("quizapp", "quizapp:create_app()",
                                    app_environment(database_url), folder, settings)
            try:
                # Fresh learners for each server, so every quiz starts at its first question.
                lines = [answering_learner(server.url, next(learners), password, bank_slug)
                         for _ in range(LOAD_LEARNERS)]
                posts = folder / "answers.tsv"
                posts.write_text("\n".join(lines) + "\n")
                load = Load(lines[0].split("\t", 1)[0], (f"User-Agent: {USER_AGENT}",),
                            many_posts=posts)
                run_wrk(server.url, load, 1)  # warm: imports, templates, connection pools
                results[workers] = [run_wrk(server.url, load, SECONDS) for _ in range(ROUNDS)]
            finally:
                server.stop()
    return results


def print_answers_under_load(results: dict[int, list[WrkResult]]) -> None:
    """Print each round and the worst p99, the figure the target is about."""
    print(f"\nanswer POST, {CONNECTIONS} connections, {LOAD_LEARNERS} learners answering")
    print(f"{'workers':>16} {'round':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7}")
    for workers, rounds in results.items():
        named = " / ".join(name for name, count in WORKER_COUNTS.items() if count == workers)
        for number, result in enumerate(rounds, 1):
            print(f"{f'{workers} ({named})':>16} {number:5d} {result.rps:8.1f} "
                  f"{result.p50_ms:8.1f} {result.p99_ms:8.1f} {result.failed:7d}")
        print(f"{'':>16} worst p99 {max(result.p99_ms for result in rounds):.1f} ms "
              f"(target <= 100 ms)")

"""Run the benchmark: `python -m bench [--quick] [--pages NAME,...] [--database-url URL]`.

Serves quizapp and a bare Flask app under the same gunicorn settings, seeds
learners over HTTP (and a long history in bulk SQL), loads each page with wrk
in alternating rounds and reports quizapp's requests per second as a share of
bare Flask's. Prints PASS/FAIL against the targets but asserts nothing: it
exits 0 whatever the numbers, since timing belongs here and never in tests.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from bench import report, seed
from bench.client import USER_AGENT, Browser, probe
from bench.history_scale import measure_scale, print_scale
from bench.imports import time_admin_upload, time_cli_import
from bench.servers import (
    app_environment,
    flask_cli,
    rss_mb,
    scratch_database,
    start_gunicorn,
)
from bench.wrk import Load, median_ratio, run_wrk

BANK = "russia-syria-2016"
ADMIN = "bench-admin"
HISTORY_ANSWERS = 10_000
SMALL_HISTORY_ANSWERS = 200  # the small side of the scale comparison
QUIZ_QUESTIONS = 10
# Lowest acceptable share of bare Flask's requests per second, from issue 12.
PAGE_TARGETS = {"question": 0.22, "answer": 0.15, "home": 0.15, "bank": 0.15,
                "result": 0.15, "history": 0.12, "progress": 0.10}
IMPORT_TARGET = 4.0  # at most this many times the bare parse
UPLOAD_TARGET_SECONDS = 3.0
RSS_TARGET_MB = 120.0


STARTED = time.monotonic()


def step(message: str) -> None:
    """Say what the run does now, with the time since it began, so a stall shows where."""
    elapsed = int(time.monotonic() - STARTED)
    print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 1 round of 2 s per page instead of 3 of 5 s")
    parser.add_argument("--pages", default=",".join(PAGE_TARGETS),
                        help=f"comma-separated pages to load (default: {','.join(PAGE_TARGETS)})")
    parser.add_argument("--database-url",
                        help="a PostgreSQL server URL; the run creates and drops its own "
                        "databases beside it (default: SQLite files in a temporary folder)")
    args = parser.parse_args()
    args.pages = [name.strip() for name in args.pages.split(",") if name.strip()]
    unknown = sorted(set(args.pages) - set(PAGE_TARGETS))
    if unknown:
        parser.error(f"unknown pages {', '.join(unknown)}; choose from {', '.join(PAGE_TARGETS)}")
    args.rounds, args.seconds = (1, 2) if args.quick else (3, 5)
    return args


def seed_loads(base_url: str, database_url: str) -> dict[str, Load]:
    """Seed the three learners and return how to load each page as the right one of them."""
    learner = Browser(base_url)
    seed.register(learner, "bench-learner")
    question = seed.start_quiz(learner, BANK, QUIZ_QUESTIONS)
    answered = seed.start_quiz(learner, BANK, QUIZ_QUESTIONS)
    result = seed.answer_all(learner, seed.start_quiz(learner, BANK, QUIZ_QUESTIONS))
    answer_body = urlencode(seed.answer_form(learner, answered))
    learner_headers = (f"Cookie: {learner.cookie_header()}", f"User-Agent: {USER_AGENT}")

    veteran = Browser(base_url)
    seed.register(veteran, "bench-veteran")
    seed.bulk_history(database_url, "bench-veteran", BANK, HISTORY_ANSWERS)
    veteran_headers = (f"Cookie: {veteran.cookie_header()}", f"User-Agent: {USER_AGENT}")
    seed.register(Browser(base_url), "bench-novice")
    seed.bulk_history(database_url, "bench-novice", BANK, SMALL_HISTORY_ANSWERS)
    return {
        "question": Load(question, learner_headers),
        "answer": Load(answered, learner_headers, answer_body),
        "home": Load("/", learner_headers),
        "bank": Load(f"/banks/{BANK}", learner_headers),
        "result": Load(result, learner_headers),
        "history": Load("/history/", veteran_headers),
        "progress": Load(f"/progress/{BANK}", veteran_headers),
    }


def check_status(base_url: str, name: str, load: Load) -> None:
    """Stop the run if a page does not answer as it should, before timing it."""
    expected = 302 if load.post_body is not None else 200
    status = probe(base_url + load.path, load.headers, load.post_body)
    if status != expected:
        raise RuntimeError(f"{name} page {load.path} answered {status}, not {expected}")


def measure_page(servers: dict, name: str, load: Load, args) -> dict:
    """Alternate bare and quizapp rounds on one page; the ratio is the median of round ratios."""
    check_status(servers["quizapp"].url, name, load)
    for server in servers.values():  # warm both: imports, templates, connection pools
        run_wrk(server.url, load, 1)
    rounds = []
    for number in range(1, args.rounds + 1):
        bare = run_wrk(servers["bare"].url, load, args.seconds)
        quizapp = run_wrk(servers["quizapp"].url, load, args.seconds)
        step(f"  {name} round {number}: bare {bare.rps:.0f} rps, quizapp {quizapp.rps:.0f} rps")
        rounds.append({"bare": vars(bare), "quizapp": vars(quizapp)})
    ratio = median_ratio([r["quizapp"]["rps"] for r in rounds], [r["bare"]["rps"] for r in rounds])
    target = PAGE_TARGETS[name]

    def median_of(side, key):
        return statistics.median(r[side][key] for r in rounds)

    return {"path": load.path, "method": "POST" if load.post_body else "GET",
            "rps": median_of("quizapp", "rps"), "bare_rps": median_of("bare", "rps"),
            "p50_ms": median_of("quizapp", "p50_ms"), "p99_ms": median_of("quizapp", "p99_ms"),
            "failed": sum(r["quizapp"]["failed"] for r in rounds),
            "ratio": round(ratio, 4), "target": target, "pass": ratio >= target,
            "rounds": rounds}


def worker_rss(server) -> list[float]:
    return [round(rss_mb(pid), 1) for pid in server.worker_pids()]


def serve_and_measure(args, folder: Path, database_url: str, results: dict) -> None:
    """Seed, load every page, then time the admin upload, all against live servers."""
    env = app_environment(database_url)
    step("migrating, importing the shipped banks, creating the admin")
    flask_cli(env, "db", "upgrade")
    flask_cli(env, "bank", "import", "questions/")
    flask_cli(env, "user", "create", ADMIN, "--admin",
              stdin=f"{seed.PASSWORD}\n{seed.PASSWORD}\n")
    with ExitStack() as servers_stack:
        servers = {}
        for name, spec in (("bare", "bench.bare_app:app"), ("quizapp", "quizapp:create_app()")):
            servers[name] = start_gunicorn(name, spec, env, folder)
            servers_stack.callback(servers[name].stop)
        step("seeding learners")
        loads = seed_loads(servers["quizapp"].url, database_url)
        step(f"loading pages with wrk: {args.rounds} round(s) of {args.seconds} s each, "
             "bare then quizapp")
        for name in args.pages:
            results["pages"][name] = measure_page(servers, name, loads[name], args)
        after_pages = worker_rss(servers["quizapp"])
        step("timing the admin upload, preview and confirm")
        try:
            upload = time_admin_upload(servers["quizapp"].url, ADMIN, seed.PASSWORD, folder)
        except (RuntimeError, OSError) as error:  # too slow or refused is a result, not a crash
            upload = {"error": str(error)[:500]}
        upload["target"] = UPLOAD_TARGET_SECONDS
        upload["pass"] = "error" not in upload and all(
            upload[f"{name}_seconds"] <= UPLOAD_TARGET_SECONDS
            for name in ("upload", "preview", "confirm"))
        results["admin_upload"] = upload
        quizapp_rss = worker_rss(servers["quizapp"])
        results["memory"] = {
            "quizapp_workers_mb": quizapp_rss, "quizapp_after_pages_mb": after_pages,
            "bare_workers_mb": worker_rss(servers["bare"]), "target": RSS_TARGET_MB,
            "pass": bool(quizapp_rss) and max(quizapp_rss) <= RSS_TARGET_MB,
        }


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: `apt-get install wrk` (make bench does it as root)",
              file=sys.stderr)
        return 1
    database = sa.make_url(args.database_url).get_backend_name() if args.database_url else "sqlite"
    results = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
               "commit": report.git_commit(), "mode": "quick" if args.quick else "full",
               "database": database, "settings": {"rounds": args.rounds, "seconds": args.seconds,
                                                  "connections": 16, "threads": 2,
                                                  "gunicorn": "2 sync workers"},
               "load_average": {"start": os.getloadavg()[0]}, "pages": {}}
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-") as name:
        folder = Path(name)
        step(f"creating a scratch {database} database")
        with scratch_database(args.database_url, folder, "serve") as database_url:
            serve_and_measure(args, folder, database_url, results)
            step("servers stopped")
            step("comparing page costs for a small and a large history")
            results["scale"] = measure_scale(
                database_url, BANK, ("bench-novice", SMALL_HISTORY_ANSWERS),
                ("bench-veteran", HISTORY_ANSWERS), repeat=3 if args.quick else 7)
        step("timing `flask bank import` of a generated bank")
        imported = time_cli_import(args.database_url, folder)
        results["import"] = {**imported, "target": IMPORT_TARGET,
                             "pass": imported["ratio"] <= IMPORT_TARGET}
    results["load_average"]["end"] = os.getloadavg()[0]
    step("done")
    report.print_table(results)
    print_scale(results["scale"])
    report.write_json(results)
    report.append_history(results)
    print(f"\nwrote {report.LATEST.relative_to(report.BENCH.parent)} and a history row "
          f"in {report.README.relative_to(report.BENCH.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

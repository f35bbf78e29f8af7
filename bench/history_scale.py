"""How learner pages scale with a learner's history: a small one against a large one.

Loaded pages tell how fast quizapp is; this tells why a page is slow for a long
history. For each page it compares the two learners' median time, SQL statements
and peak Python memory in one process (Flask's test client, no server). A page
that scales keeps the statement ratio at 1.0 and its time ratio far below the data
ratio. It needs only `create_app` and SQLAlchemy's engine events, no app internals.
"""

import statistics
import time
import tracemalloc
from contextlib import contextmanager

import sqlalchemy as sa

from bench.seed import PASSWORD

SCALE_PAGES = ["/", "/banks/{bank}", "/history/", "/history/history.csv", "/progress/{bank}"]


@contextmanager
def counting_statements():
    """Count the SQL statements any engine runs inside the block."""
    statements = []

    def count(*_args):
        statements.append(1)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)


def signed_in_client(app, username: str):
    client = app.test_client()
    reply = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    if reply.status_code != 302:
        raise RuntimeError(f"test client could not sign in {username}: {reply.status_code}")
    return client


def fetch(client, path: str) -> None:
    reply = client.get(path)
    body = reply.get_data()  # a streamed page runs its queries while it is read
    if reply.status_code != 200 or not body:
        raise RuntimeError(f"{path} answered {reply.status_code}")


def measure(client, path: str, repeat: int) -> dict:
    """Return the median milliseconds, the statements and the peak KiB of one page."""
    fetch(client, path)  # warm up: templates compiled, pooled connection open
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fetch(client, path)
        timings.append(time.perf_counter() - started)
    with counting_statements() as statements:
        fetch(client, path)
    tracemalloc.start()
    try:
        fetch(client, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"ms": statistics.median(timings) * 1000, "statements": len(statements),
            "peak_kib": peak / 1024}


def measure_scale(database_url: str, bank: str, small: tuple[str, int],
                  large: tuple[str, int], repeat: int) -> dict:
    """Measure every scale page for the small and the large learner; return their ratios."""
    from quizapp import create_app  # imported late: the rest of the harness never needs it

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "benchmark",
                      "WTF_CSRF_ENABLED": False})
    clients = {name: signed_in_client(app, name) for name in (small[0], large[0])}
    pages = {}
    for page in SCALE_PAGES:
        path = page.format(bank=bank)
        few = measure(clients[small[0]], path, repeat)
        many = measure(clients[large[0]], path, repeat)
        pages[path] = {
            "small": few, "large": many,
            "time_ratio": many["ms"] / few["ms"],
            "statement_ratio": many["statements"] / max(few["statements"], 1),
            "memory_ratio": many["peak_kib"] / max(few["peak_kib"], 1e-9),
        }
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()
    return {"small_answers": small[1], "large_answers": large[1], "pages": pages}


def print_scale(scale: dict) -> None:
    small, large = scale["small_answers"], scale["large_answers"]
    print(f"\nscale: a learner with {large:,} answers against one with {small:,} "
          f"(data ratio {large / small:.0f}x)")
    print(f"{'page':26} {'small ms':>9} {'large ms':>9} {'time x':>7} {'statements':>11} "
          f"{'stmt x':>7} {'memory x':>9}")
    for path, page in scale["pages"].items():
        few, many = page["small"], page["large"]
        print(f"{path:26} {few['ms']:9.1f} {many['ms']:9.1f} {page['time_ratio']:7.2f} "
              f"{few['statements']:>5}/{many['statements']:<5} {page['statement_ratio']:7.2f} "
              f"{page['memory_ratio']:9.2f}")

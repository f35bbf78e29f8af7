"""Processes the benchmark runs: scratch databases, the flask CLI, and gunicorn servers.

Every process started here is stopped by its own id, within a bounded time, even
when the run fails halfway.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
# The same settings for quizapp and the bare app, so only the application differs.
# The long timeout lets a slow admin import finish, so it is measured rather than killed.
GUNICORN_SETTINGS = ["--workers", "2", "--worker-class", "sync", "--timeout", "300"]
CLI_TIMEOUT = 600
START_TIMEOUT = 60
STOP_TIMEOUT = 10


@contextlib.contextmanager
def scratch_database(server_url: str | None, folder: Path, label: str) -> Iterator[str]:
    """Yield the URL of an empty database: a SQLite file, or a PostgreSQL database of our own.

    On PostgreSQL the database is created beside `server_url` and dropped at the end, so
    the database the URL names is never touched.
    """
    if not server_url:
        yield f"sqlite:///{folder / label}.sqlite"
        return
    name = f"quizapp_bench_{os.getpid()}_{label}"
    server = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def app_environment(database_url: str, **extra: str) -> dict[str, str]:
    """Return the environment quizapp runs in: our database, no rate limits."""
    return {
        **os.environ,
        "QUIZAPP_DATABASE_URL": database_url,
        "QUIZAPP_SECRET_KEY": "benchmark secret key, not for production",
        "QUIZAPP_RATELIMITS": "off",
        **extra,
    }


def flask_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> float:
    """Run `flask --app quizapp ARGS...`, fail loudly on error, and return its wall time.

    `stdin` is typed at the command's prompts (a password, say), never put in argv.
    """
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quizapp", *args], cwd=ROOT, env=env,
        input=stdin or "", capture_output=True, text=True, timeout=CLI_TIMEOUT,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A gunicorn master we started, with its log file."""

    name: str
    process: subprocess.Popen
    url: str
    log: Path

    def worker_pids(self) -> list[int]:
        """Return the pids whose parent is this master: its workers."""
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    # The command name may hold spaces; the parent pid follows its closing ")".
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[1]) == self.process.pid:
                        pids.append(int(entry.name))
        return sorted(pids)

    def stop(self) -> None:
        """Stop the master and its workers (one process group), killing them if they linger."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(STOP_TIMEOUT)


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_gunicorn(name: str, app_spec: str, env: dict[str, str], folder: Path,
                   settings: list[str] = GUNICORN_SETTINGS) -> Server:
    """Start gunicorn on a free local port and wait until it answers HTTP."""
    port = free_port()
    log = folder / f"{name}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *settings,
             "--bind", f"127.0.0.1:{port}", app_spec],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=output,
            start_new_session=True,  # its own process group, so stop() reaches the workers
        )
    server = Server(name, process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_serving(server)
    except BaseException:
        server.stop()
        raise
    return server


def wait_until_serving(server: Server) -> None:
    """Return once the server answers any HTTP at all; raise if it dies or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited at start:\n{server.log.read_text()}")
        try:
            urllib.request.urlopen(server.url + "/", timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    log = server.log.read_text()
    raise RuntimeError(f"{server.name} did not answer in {START_TIMEOUT} s:\n{log}")

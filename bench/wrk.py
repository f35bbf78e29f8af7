"""Drive a page with wrk and read its report; compare quizapp with bare Flask round by round."""

import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

CONNECTIONS = 16
THREADS = 2
ANSWER_SCRIPT = Path(__file__).resolve().parent / "answer.lua"
MANY_ANSWERS_SCRIPT = Path(__file__).resolve().parent / "answers.lua"
TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = r"([\d.]+)(us|ms|s|m|h)"


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run measured; `failed` counts non-2xx/3xx answers and socket errors."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int


@dataclass(frozen=True)
class Load:
    """How to load one page: its path, extra headers, and the body of a POST if any.

    `many_posts` names a file of POSTs, one per line (path, cookie and body, tab-separated),
    sent in turn instead: many learners answering at once.
    """

    path: str
    headers: tuple[str, ...] = ()
    post_body: str | None = None
    many_posts: Path | None = None


def to_ms(number: str, unit: str) -> float:
    return float(number) * TIME_UNITS_MS[unit]


def parse_wrk_output(text: str) -> WrkResult:
    """Read requests per second, latency percentiles and failures from `wrk --latency`."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    requests = re.search(r"^\s*(\d+) requests in", text, re.M)
    if not rps or not requests:
        raise ValueError(f"not a wrk report:\n{text}")
    percentiles = {
        int(match[1]): to_ms(match[2], match[3])
        for match in re.finditer(rf"^\s+(50|99)%\s+{_TIME}\s*$", text, re.M)
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    failed = int(non_2xx[1]) if non_2xx else 0
    if socket:
        failed += sum(int(count) for count in socket.groups())
    return WrkResult(
        rps=float(rps[1]),
        p50_ms=percentiles.get(50, float("nan")),
        p99_ms=percentiles.get(99, float("nan")),
        requests=int(requests[1]),
        failed=failed,
    )


def run_wrk(base_url: str, load: Load, seconds: float) -> WrkResult:
    """Load one page for `seconds` with the fixed connection and thread counts."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
               "--timeout", "10s"]
    for header in load.headers:
        command += ["-H", header]
    script, argument = None, None
    if load.many_posts is not None:
        script, argument = MANY_ANSWERS_SCRIPT, str(load.many_posts)
    elif load.post_body is not None:
        script, argument = ANSWER_SCRIPT, load.post_body
    if script is not None:
        command += ["-s", str(script)]
    command.append(base_url + load.path)
    if argument is not None:  # the script's own arguments follow `--`
        command += ["--", argument]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk_output(done.stdout)


def median_ratio(quizapp: list[float], bare: list[float]) -> float:
    """Return the median of per-round ratios quizapp/bare; rounds pair up in order.

    Pairing rounds cancels slow drifts of the machine that a ratio of totals would keep.
    """
    if not quizapp or len(quizapp) != len(bare):
        raise ValueError("need the same number of quizapp and bare rounds, at least one")
    return statistics.median(q / b if b else 0.0 for q, b in zip(quizapp, bare, strict=True))

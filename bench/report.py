"""Show a run: the table on stdout, results/latest.json, and a history row in README.md."""

import json
import math
import os
import subprocess
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LATEST = BENCH / "results" / "latest.json"
README = BENCH / "README.md"
HISTORY_MARKER = "<!-- history rows are appended below this line -->"


def verdict(passed: bool | None) -> str:
    return "n/a" if passed is None else ("PASS" if passed else "FAIL")


def number(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}"


def print_table(results: dict) -> None:
    """Print every measurement with its target and PASS/FAIL."""
    load = results["load_average"]
    print(f"\nload average (1 min) at start {load['start']:.2f}, at end {load['end']:.2f}, "
          f"on {os.cpu_count()} cores: the higher, the noisier the numbers")
    print(f"\n{'page':10} {'rps':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} "
          f"{'target':>7}  result  (bare rps, failed requests)")
    for name, page in results["pages"].items():
        print(f"{name:10} {number(page['rps']):>8} {number(page['p50_ms'], 2):>8} "
              f"{number(page['p99_ms'], 2):>8} {number(page['ratio'], 3):>7} "
              f">={page['target']:<5}  {verdict(page['pass']):6}  "
              f"({number(page['bare_rps'])}, {page['failed']})")
    if "import" in results:
        imp = results["import"]
        print(f"\nimport of {imp['questions']:,} questions ({imp['bytes']:,} bytes): CLI "
              f"{imp['cli_seconds']:.2f} s - start-up {imp['startup_seconds']:.2f} s, against "
              f"CSafeLoader parse {imp['parse_seconds']:.2f} s: {imp['ratio']:.2f}x "
              f"(target <= {imp['target']}x) {verdict(imp['pass'])}")
    if "admin_upload" in results:
        up = results["admin_upload"]
        if "error" in up:
            print(f"admin upload, preview and confirm: FAIL ({up['error']})")
        else:
            print(f"admin, bank of {up['bytes']:,} bytes ({up['questions']:,} questions): "
                  f"upload {up['upload_seconds']:.2f} s, preview {up['preview_seconds']:.2f} s, "
                  f"confirm {up['confirm_seconds']:.2f} s (target <= {up['target']} s each) "
                  f"{verdict(up['pass'])}")
    if "memory" in results:
        mem = results["memory"]
        workers = ", ".join(f"{mb:.1f}" for mb in mem["quizapp_workers_mb"])
        bare = ", ".join(f"{mb:.1f}" for mb in mem["bare_workers_mb"])
        print(f"worker RSS after the run: quizapp {workers} MB (after the pages "
              f"{', '.join(f'{mb:.1f}' for mb in mem['quizapp_after_pages_mb'])}); "
              f"bare {bare} MB (target <= {mem['target']} MB) {verdict(mem['pass'])}")


def git_commit() -> str:
    """Return the short commit, with `+` when the code differs from it (results aside)."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=BENCH.parent, capture_output=True,
                              text=True, timeout=30)

    head = git("rev-parse", "--short", "HEAD").stdout.strip() or "unknown"
    dirty = git("diff", "--quiet", "HEAD", "--", ".", ":!bench/README.md", ":!bench/results")
    return head + ("+" if dirty.returncode == 1 else "")


def write_json(results: dict) -> None:
    LATEST.parent.mkdir(exist_ok=True)
    LATEST.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def history_row(results: dict) -> str:
    """Return the run's one-line summary for the history table in README.md."""
    pages = results["pages"]
    ratios = [number(pages[name]["ratio"], 3) if name in pages else "-"
              for name in ("question", "answer", "home", "bank", "result", "history", "progress")]
    imp = results.get("import")
    up = results.get("admin_upload")
    mem = results.get("memory")
    cells = [
        results["date"][:16].replace("T", " "), f"`{results['commit']}`",
        results["mode"], results["database"], number(results["load_average"]["start"], 1),
        *ratios,
        number(imp["ratio"], 2) if imp else "-",
        "/".join(number(up.get(f"{step}_seconds"), 2) for step in ("upload", "preview", "confirm"))
        if up and "error" not in up else ("failed" if up else "-"),
        number(max(mem["quizapp_workers_mb"]), 0) if mem else "-",
    ]
    return "| " + " | ".join(cells) + " |"


def append_history(results: dict) -> None:
    """Add the run below the history marker of README.md, oldest first."""
    text = README.read_text(encoding="utf-8")
    if HISTORY_MARKER not in text:
        raise RuntimeError(f"{README} lost its history marker: {HISTORY_MARKER}")
    README.write_text(text.rstrip("\n") + "\n" + history_row(results) + "\n", encoding="utf-8")

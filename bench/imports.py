"""Time bank imports: the CLI against a bare YAML parse, and an admin's upload over HTTP."""

import statistics
import time
from pathlib import Path

import yaml

from bench.bankgen import bank_text, bank_under
from bench.client import Browser, find_form
from bench.seed import expect
from bench.servers import app_environment, flask_cli, scratch_database

IMPORT_QUESTIONS = 10_000
# A little under the default QUIZAPP_MAX_BANK_BYTES (2 MiB), so the upload form accepts it.
UPLOAD_BYTES = 2_090_000
# Each admin request may take minutes on a loaded machine; the run waits, then reports it.
ADMIN_TIMEOUT = 280


def parse_seconds(path: Path) -> float:
    """Time a bare parse of the file with PyYAML's C safe loader: the floor for any import."""
    started = time.perf_counter()
    with path.open("rb") as stream:
        yaml.load(stream, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def time_cli_import(server_url: str | None, folder: Path) -> dict:
    """Time `flask bank import` of a generated 10,000-question bank into an empty database.

    The CLI's fixed start-up (interpreter, app import, create_app) is timed apart with
    `flask bank --help` and taken off, so the ratio compares import work with parse work.
    The parse is timed before, between and after the CLI runs, so a change in the
    machine's load during the run moves both sides alike.
    """
    path = folder / "generated-import.yaml"
    path.write_text(bank_text("generated-import", IMPORT_QUESTIONS), encoding="utf-8")
    size = path.stat().st_size
    parses = [parse_seconds(path)]
    with scratch_database(server_url, folder, "import") as url:
        env = app_environment(url, QUIZAPP_MAX_BANK_BYTES=str(size + 1))
        flask_cli(env, "db", "upgrade")
        startup = flask_cli(env, "bank", "--help")
        parses.append(parse_seconds(path))
        cli = flask_cli(env, "bank", "import", str(path))
        parses.append(parse_seconds(path))
    parse = statistics.median(parses)
    return {
        "questions": IMPORT_QUESTIONS, "bytes": size, "cli_seconds": cli,
        "startup_seconds": startup, "parse_seconds": parse, "parse_runs": parses,
        "ratio": max(cli - startup, 0.0) / parse,
    }


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def time_admin_upload(base_url: str, admin: str, password: str, folder: Path) -> dict:
    """Upload, preview and confirm a 2 MB bank as an admin, timing each request."""
    content = bank_under("generated-upload", UPLOAD_BYTES).encode()
    (folder / "generated-upload.yaml").write_bytes(content)
    browser = Browser(base_url)
    form = browser.form("/auth/login")
    expect(browser.post("/auth/login", form.filled("submit", username=admin,
                                                   password=password, remember=None)),
           302, "admin sign in")
    upload_form = browser.form("/admin/", action="/admin/upload")
    fields = upload_form.filled("submit", bank_file=None)
    response, upload = timed(lambda: browser.upload(
        "/admin/upload", fields, "bank_file", "generated-upload.yaml", content, ADMIN_TIMEOUT))
    preview_path = expect(response, 302, "admin upload")
    response, preview = timed(lambda: browser.request(preview_path, timeout=ADMIN_TIMEOUT))
    expect(response, 200, "admin preview")
    confirm_form = find_form(response.body, preview_path)
    response, confirm = timed(lambda: browser.post(
        preview_path, confirm_form.filled("submit"), ADMIN_TIMEOUT))
    expect(response, 302, "admin confirm")
    return {"bytes": len(content), "questions": content.count(b"\n  - id: question-"),
            "upload_seconds": upload, "preview_seconds": preview, "confirm_seconds": confirm}

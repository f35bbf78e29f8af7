"""Browser-test fixtures: the app on a live local server, driven by Debian's Chromium."""

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from quizapp.bankfile.importer import import_bank
from quizapp.bankfile.loader import load_bank_file
from quizapp.extensions import db

CHROMIUM = shutil.which("chromium")
CHROMIUM_MISSING = (
    "Chromium not found: install Debian's chromium (apt-get install chromium)"
    " to run the browser tests"
)
# Root needs --no-sandbox; the rest keep Chromium off the network these machines lack.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 5_000
BROWSER_TESTS = Path(__file__).parent
SCREENSHOT_DIR = BROWSER_TESTS.parents[1] / "docs" / "screenshots"
SHIPPED_BANK = BROWSER_TESTS.parents[1] / "questions" / "russia-syria-2016.yaml"

# Markup a Content-Security-Policy without 'unsafe-inline' would block.
FIND_INLINE_CODE_JS = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const name of element.getAttributeNames()) {
      if (name.startsWith("on") || name === "style") {
        found.push(`<${element.localName} ${name}="${element.getAttribute(name)}">`);
      }
    }
  }
  for (const script of document.querySelectorAll("script")) {
    if (script.textContent.trim()) {
      found.push(`<script>${script.textContent.trim().slice(0, 60)}</script>`);
    }
  }
  return found;
}"""


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser, and skip them all when Chromium is missing."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
            if CHROMIUM is None:
                item.add_marker(pytest.mark.skip(reason=CHROMIUM_MISSING))


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """Copy the migrated SQLite file: browser tests run on SQLite only, never PostgreSQL."""
    path = tmp_path / "quizapp.sqlite"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(app):
    """Turn CSRF protection back on, since the browser submits real forms."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@contextmanager
def served(app: Flask) -> Iterator[LiveServer]:
    """Serve an app on a free local port from a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval keeps shutdown() from costing half a second per test.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="browser-server"
    )
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture
def browser_server(app) -> Iterator[LiveServer]:
    """Serve the test app on a free local port from a background thread."""
    with served(app) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch one headless Chromium for the whole run; tests isolate through contexts."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Gather console errors and uncaught exceptions from this test's pages."""
    return []


@pytest.fixture
def open_page(browser, browser_server, console_errors) -> Iterator[Callable[..., Page]]:
    """Open pages in fresh contexts aimed at the live server; kwargs go to new_context."""
    contexts = []

    def open_(**context_options) -> Page:
        context = browser.new_context(base_url=browser_server.url, **context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: _record_console_error(message, console_errors))
        page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
        return page

    yield open_
    for context in contexts:
        context.close()


def _record_console_error(message, console_errors: list[str]) -> None:
    if message.type == "error":
        console_errors.append(f"{message.text} ({message.location.get('url')})")


@pytest.fixture
def page(open_page) -> Page:
    """Open a page with JavaScript on, in a context of its own."""
    return open_page()


@pytest.fixture
def find_inline_code() -> Callable[[Page], list[str]]:
    """Return the inline scripts, on* handlers and style attributes in a page's DOM."""
    return lambda page: page.evaluate(FIND_INLINE_CODE_JS)


@pytest.fixture
def screenshot(tmp_path) -> Callable[[Page, str], Path]:
    """Save a full-page screenshot, into docs/screenshots/ only if QUIZAPP_SAVE_SCREENSHOTS=1."""
    keep = os.environ.get("QUIZAPP_SAVE_SCREENSHOTS") == "1"
    directory = SCREENSHOT_DIR if keep else tmp_path / "screenshots"

    def save(page: Page, name: str) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save


@pytest.fixture
def shipped_bank(browser_server) -> str:
    """Import the shipped Syria 2016 bank into the live server's database; return its slug."""
    app = browser_server.app
    with app.app_context():
        spec = load_bank_file(SHIPPED_BANK, app.config["QUIZAPP_MAX_BANK_BYTES"])
        report = import_bank(spec, db.session)
        db.session.commit()
    return report.bank

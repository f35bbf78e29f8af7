"""Every page, in real Chromium: axe-core finds no violation in either theme at 360 and
1280 px, nothing scrolls sideways or is too small to tap at 360 px, and the Nu Html
Checker finds no error in the HTML the server sends."""

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import base_config, create_bank, create_user, record_attempt
from playwright.sync_api import BrowserContext, Page

from quizapp import create_app
from quizapp.extensions import db

from .conftest import served
from .site_pages import VISITOR_PAGES, SitePage, build_site

ROOT = Path(__file__).parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
THEMES = ("light", "dark")
WIDTHS = (360, 1280)
HEIGHT = 800
TAP_TARGET_PX = 44

needs_axe = pytest.mark.skipif(
    not AXE.exists(), reason="axe-core missing: run `npm install` (make browser-deps)"
)
needs_vnu = pytest.mark.skipif(
    not VNU.exists() or JAVA is None,
    reason="the Nu Html Checker needs node_modules/vnu-jar (`npm install`) and Java",
)

# Controls a finger must hit, each at least 44 x 44 px; a radio or checkbox counts with its
# label, and links inside running text are exempt (WCAG 2.5.5 "inline" exception).
SMALL_TARGETS_JS = """(minimum) => {
  const visible = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const controls = document.querySelectorAll(
    "button, input:not([type=hidden]), select, textarea, summary, a.button, nav a"
  );
  const small = [];
  for (const control of controls) {
    if (!visible(control)) continue;
    const target = ["radio", "checkbox"].includes(control.type)
      ? control.closest(".choice, .field, .field-check, label") || control
      : control;
    const box = target.getBoundingClientRect();
    if (box.width < minimum || box.height < minimum) {
      const label = control.labels?.[0]?.textContent || control.textContent || control.name;
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      small.push(`${control.localName} "${(label || "").trim().slice(0, 40)}" ${size}`);
    }
  }
  return small;
}"""

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".table-scroll")) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) wide.push(`${el.localName}.${el.className}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""

AXE_JS = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + n.failureSummary),
  }));
}"""


def checked_page(context: BrowserContext) -> Page:
    """A tab whose every page carries axe-core, added before the page's own scripts run."""
    if AXE.exists():
        context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def visit(page: Page, site_page: SitePage):
    response = page.goto(site_page.path)
    assert response is not None, site_page
    return response


def check_pages(page: Page, site_pages: list[SitePage]) -> list[str]:
    """Run every check on every page, in both themes and both widths; return the problems.

    Each page loads once, at the first width in the first theme; the other widths and
    themes are switched in place. That is what a reload would show: the layout reflows
    on a new width, the styles follow prefers-color-scheme through light-dark(), and no
    script reads the width or the theme only at load.
    """
    problems = []
    for site_page in site_pages:
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        page.emulate_media(color_scheme=THEMES[0])
        visit(page, site_page)
        where = f"{site_page.name} ({site_page.path}) at {WIDTHS[0]}px, {THEMES[0]}"
        layout = page.evaluate(OVERFLOW_JS)
        if layout["scroll"] > layout["width"]:
            problems.append(f"{where}: scrolls sideways ({layout['scroll']}px wide "
                            f"in {layout['width']}px): {layout['wide']}")
        for target in page.evaluate(SMALL_TARGETS_JS, TAP_TARGET_PX):
            problems.append(f"{where}: tap target under 44px: {target}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for theme in THEMES:
                page.emulate_media(color_scheme=theme)
                where = f"{site_page.name} ({site_page.path}) at {width}px, {theme}"
                for violation in page.evaluate(AXE_JS):
                    problems.append(f"{where}: axe {violation['id']} ({violation['impact']}): "
                                    f"{violation['help']}: {violation['nodes']}")
    return problems


@dataclass(frozen=True)
class Site:
    """The live site: a signed-in tab with the pages to check, and a visitor's tab.

    Each check reuses these two tabs, as the sweep did when it was one test.
    """

    member: Page
    pages: list[SitePage]
    visitor: Page

    def dealt(self, share: int, shares: int) -> list[tuple[Page, list[SitePage]]]:
        """Every `shares`-th page from `share` on, with the tab that opens it."""
        both = [(self.member, page) for page in self.pages]
        both += [(self.visitor, page) for page in VISITOR_PAGES]
        mine = both[share::shares]
        return [(tab, [page for owner, page in mine if owner is tab])
                for tab in (self.member, self.visitor)]


@pytest.fixture(scope="session")
def site(browser, sqlite_template, tmp_path_factory) -> Iterator[Site]:
    """The site with data for every page, built once per test process and then only read.

    Both contexts ignore the CSP and carry axe. The checks below share it, so the
    sweep can be dealt out over the test processes without each building the site.
    """
    path = tmp_path_factory.mktemp("every-page") / "quizapp.sqlite"
    shutil.copy(sqlite_template, path)
    app = create_app(base_config(f"sqlite:///{path}") | {"WTF_CSRF_ENABLED": True})
    with served(app) as server:
        member = browser.new_context(base_url=server.url, bypass_csp=True)
        member.set_default_timeout(10_000)
        with app.app_context():
            pages = build_site(member, create_user, create_bank, record_attempt)
        visitor = browser.new_context(base_url=server.url, bypass_csp=True)
        yield Site(checked_page(member), pages, checked_page(visitor))
        visitor.close()
        member.close()
    with app.app_context():
        db.engine.dispose()


# The axe sweep is the longest check in the suite; dealt into shares, the test processes
# split it between them.
AXE_SHARES = 6


@needs_axe
@pytest.mark.parametrize("share", range(AXE_SHARES))
def test_every_page_passes_axe_fits_360px_and_has_big_targets(site, share):
    problems = []
    for tab, site_pages in site.dealt(share, AXE_SHARES):
        problems += check_pages(tab, site_pages)
    assert not problems, "\n".join(problems)


def test_the_axe_shares_deal_out_every_page_once():
    pages = [SitePage(f"page-{number}", f"/{number}") for number in range(30)]
    site = Site(member="member tab", pages=pages, visitor="visitor tab")
    dealt = [(tab, page) for share in range(AXE_SHARES)
             for tab, shared in site.dealt(share, AXE_SHARES) for page in shared]
    everything = [("member tab", page) for page in pages]
    everything += [("visitor tab", page) for page in VISITOR_PAGES]
    assert sorted(dealt, key=repr) == sorted(everything, key=repr)


# A short run never pays back the optimising compiler's work, nor a parallel collector.
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
# Checked in the same run as the site, so that run shows it can report an error at all.
BROKEN_DOCUMENT = '<!doctype html><html lang="en"><title>x</title><p id="a"></p><p id="a"></p>'


def vnu_errors(documents: dict[str, str], directory: Path) -> list[str]:
    """Check every document in one run of the Nu Html Checker (one JVM start)."""
    paths = []
    for name, html in documents.items():
        path = directory / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(str(path))
    run = subprocess.run(
        [JAVA, *JVM_OPTIONS, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *paths],
        capture_output=True, text=True, check=True,
    )
    report = json.loads(run.stderr or run.stdout)
    return [
        f"{Path(message['url']).stem}:{message.get('lastLine')}: {message['message']}"
        f" [{message.get('extract', '').strip()[:80]}]"
        for message in report["messages"]
        if message["type"] == "error"
    ]


@needs_vnu
def test_every_page_is_valid_html_and_the_checker_reports_invalid_html(site, tmp_path):
    documents = {"broken": BROKEN_DOCUMENT}
    for site_page in site.pages:
        documents[site_page.name] = site.member.request.get(site_page.path).text()
    for site_page in VISITOR_PAGES:
        documents[site_page.name] = site.visitor.request.get(site_page.path).text()
    errors = vnu_errors(documents, tmp_path)
    broken = [error for error in errors if error.startswith("broken:")]
    assert any("Duplicate ID" in error for error in broken), errors
    site_errors = [error for error in errors if error not in broken]
    assert not site_errors, "\n".join(site_errors)

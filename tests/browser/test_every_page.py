"""Every page, in real Chromium: axe-core finds no violation in either theme at 360 and
1280 px, nothing scrolls sideways or is too small to tap at 360 px, and the Nu Html
Checker finds no error in the HTML the server sends."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

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
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def visit(page: Page, site_page: SitePage):
    response = page.goto(site_page.path)
    assert response is not None, site_page
    return response


def axe_violations(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_JS)


def check_pages(page: Page, site_pages: list[SitePage]) -> list[str]:
    """Run every check on every page, in both themes and both widths; return the problems."""
    problems = []
    for site_page in site_pages:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for theme in THEMES:
                page.emulate_media(color_scheme=theme)
                visit(page, site_page)
                where = f"{site_page.name} ({site_page.path}) at {width}px, {theme}"
                for violation in axe_violations(page):
                    problems.append(f"{where}: axe {violation['id']} ({violation['impact']}): "
                                    f"{violation['help']}: {violation['nodes']}")
                if width == WIDTHS[0] and theme == THEMES[0]:
                    layout = page.evaluate(OVERFLOW_JS)
                    if layout["scroll"] > layout["width"]:
                        problems.append(f"{where}: scrolls sideways ({layout['scroll']}px wide "
                                        f"in {layout['width']}px): {layout['wide']}")
                    for target in page.evaluate(SMALL_TARGETS_JS, TAP_TARGET_PX):
                        problems.append(f"{where}: tap target under 44px: {target}")
    return problems


@pytest.fixture
def site(browser, browser_server, make_user, make_bank, make_attempt):
    """A signed-in context that ignores the CSP (to inject axe) and the pages to check."""
    context = browser.new_context(base_url=browser_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    pages = build_site(context, make_user, make_bank, make_attempt)
    yield context, pages
    context.close()


@needs_axe
def test_every_page_passes_axe_fits_360px_and_has_big_targets(site, browser, browser_server):
    context, pages = site
    problems = check_pages(checked_page(context), pages)
    visitor = browser.new_context(base_url=browser_server.url, bypass_csp=True)
    problems += check_pages(checked_page(visitor), VISITOR_PAGES)
    visitor.close()
    assert not problems, "\n".join(problems)


def vnu_errors(documents: dict[str, str], directory: Path) -> list[str]:
    """Check every document in one run of the Nu Html Checker (one JVM start)."""
    paths = []
    for name, html in documents.items():
        path = directory / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(str(path))
    run = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *paths],
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
def test_every_page_is_valid_html(site, browser, browser_server, tmp_path):
    context, pages = site
    documents = {}
    for site_page in pages:
        response = context.request.get(site_page.path)
        documents[site_page.name] = response.text()
    visitor = browser.new_context(base_url=browser_server.url)
    for site_page in VISITOR_PAGES:
        documents[site_page.name] = visitor.request.get(site_page.path).text()
    visitor.close()
    errors = vnu_errors(documents, tmp_path)
    assert not errors, "\n".join(errors)


@needs_vnu
def test_the_checker_reports_invalid_html(tmp_path):
    broken = '<!doctype html><html lang="en"><title>x</title><p id="a"></p><p id="a"></p>'
    assert any("Duplicate ID" in error for error in vnu_errors({"broken": broken}, tmp_path))



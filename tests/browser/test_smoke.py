"""The browser layer end to end: live server, Chromium, and a page that obeys a strict CSP."""

import pytest
from playwright.sync_api import expect

# Pages every learner reaches, with the control each offers; all must work with JavaScript off.
# Question pages need an attempt of one's own: test_quiz_journey.py plays one without JavaScript.
PAGES_WITHOUT_JAVASCRIPT = [
    ("/", "Question banks", "link", "Syria test bank"),
    ("/banks/demo", "Syria test bank", "button", "Start a practice quiz"),
    ("/auth/login", "Sign in", "button", "Sign in"),
    ("/auth/register", "Register", "button", "Register"),
]


def test_browser_server_runs_on_sqlite_with_csrf_on(browser_server, request):
    assert "postgresql" not in request.node.name
    assert browser_server.app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert browser_server.app.config["WTF_CSRF_ENABLED"] is True


def test_home_lists_banks_without_console_errors(page, make_bank, console_errors, screenshot):
    make_bank(title="Syria test bank")

    response = page.goto("/")

    assert response is not None and response.ok
    bank = page.get_by_role("listitem").filter(has_text="Syria test bank")
    expect(bank.get_by_role("heading", name="Syria test bank")).to_be_visible()
    expect(bank).to_contain_text("8 questions")
    assert screenshot(page, "home").stat().st_size > 0
    assert console_errors == []


def test_home_has_no_inline_code(page, make_bank, find_inline_code):
    make_bank()

    response = page.goto("/")

    assert response is not None and response.ok
    assert find_inline_code(page) == []


def test_inline_code_finder_reports_handlers_styles_and_scripts(page, find_inline_code):
    page.set_content(
        '<p style="color: red">x</p><button onclick="go()">go</button><script>go()</script>'
    )

    assert find_inline_code(page) == [
        '<p style="color: red">',
        '<button onclick="go()">',
        "<script>go()</script>",
    ]


@pytest.mark.parametrize(("path", "heading", "role", "name"), PAGES_WITHOUT_JAVASCRIPT)
def test_page_works_without_javascript(open_page, make_bank, path, heading, role, name):
    make_bank(title="Syria test bank")
    page = open_page(java_script_enabled=False)

    response = page.goto(path)

    assert response is not None and response.ok
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("main").get_by_role(role, name=name, exact=True)).to_be_visible()

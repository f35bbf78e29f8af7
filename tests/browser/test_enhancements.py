"""The quiz page's JavaScript: reordering, the live countdown, and form niceties."""

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TEST_PASSWORD
from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, Bank, User
from quizapp.models.types import utcnow
from quizapp.study.attempts import attempt_with_questions
from quizapp.vocabulary import QuizMode

from .answering import open_more_options

ORDERING = {
    "key": "q-ordering",
    "category": "date",
    "type": "ordering",
    "prompt": "Put these in order.",
    "data": {
        "items": ["Air campaign starts", "Palmyra captured", "Aleppo retaken", "Pull-out announced"]
    },
}
MONTH_DATE = {
    "key": "q-date",
    "category": "date",
    "type": "date",
    "prompt": "When did it start?",
    "data": {"answer": "2015-09"},
}
MAX_TABS = 30
APP_JS = Path(__file__).parents[2] / "quizapp" / "static" / "app.js"


def sign_in(page: Page, make_user) -> User:
    """Sign in by posting the login form from the page's cookie jar, without drawing it.

    These tests are about the quiz page; the journeys sign in through the form itself.
    """
    user = make_user()
    form = page.request.get("/auth/login").text()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    assert token, "no CSRF token on the login form"
    signed_in = page.request.post("/auth/login", form={
        "csrf_token": token.group(1), "username": "ada", "password": TEST_PASSWORD,
    })
    assert "Sign out" in signed_in.text()
    return user


def open_practice_quiz(page: Page, user: User, bank: Bank) -> None:
    """Start a practice quiz on every question of the bank for the user, and open it.

    The bank page's start form has journeys of its own; these tests begin on the quiz.
    """
    question_ids = [question.id for question in bank.questions]
    attempt = attempt_with_questions(user, bank, QuizMode.PRACTICE, question_ids, utcnow())
    db.session.commit()
    page.goto(f"/quiz/{attempt.id}/1")


def start_quiz(page: Page, mode: str = "Practice", minutes: int | None = None) -> None:
    page.goto("/banks/demo")
    open_more_options(page)
    page.get_by_label(re.compile(f"^{mode}:")).check()
    if minutes is not None:
        page.get_by_label(re.compile("^Time limit")).fill(str(minutes))
    page.get_by_role("button", name="Start the quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1$"))


def shown_items(page: Page) -> list[str]:
    return page.locator("ol.row-list > li.row label").all_inner_texts()


def position_values(page: Page) -> list[str]:
    return page.locator("ol.row-list select").evaluate_all("selects => selects.map(s => s.value)")


def row(page: Page, item: str):
    return page.locator("ol.row-list > li.row").filter(has_text=item)


def tab_to(page: Page, button_name: str) -> None:
    """Press Tab until this button has focus, as a keyboard user would."""
    button = page.get_by_role("button", name=button_name, exact=True)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {button_name!r}")


def recorded_item(app) -> AttemptItem:
    with app.app_context():
        db.session.remove()
        item = db.session.scalars(select(AttemptItem).where(AttemptItem.position == 1)).one()
        db.session.expunge(item)
        return item


@pytest.fixture
def ordering_page(page, make_user, make_bank) -> Page:
    """Sign in and open a practice quiz whose only question is the ordering one."""
    bank = make_bank(questions=[ORDERING])
    open_practice_quiz(page, sign_in(page, make_user), bank)
    return page


def test_move_buttons_reorder_by_keyboard_and_the_shown_order_is_recorded(
    ordering_page, app, console_errors
):
    page = ordering_page
    first, second, third, fourth = shown_items(page)
    expect(page.locator("ol.row-list select").first).to_be_focused()

    tab_to(page, f"Move down: {first}")
    page.keyboard.press("Enter")
    page.keyboard.press("Space")

    expect(page.get_by_role("button", name=f"Move down: {first}")).to_be_focused()
    assert shown_items(page) == [second, third, first, fourth]
    assert position_values(page) == ["1", "2", "3", "4"]
    expect(page.locator(".reorder-announcer")).to_have_text(f"{first} moved to position 3 of 4")
    tab_to(page, "Submit answer")
    page.keyboard.press("Enter")
    expect(page.locator(".feedback")).to_be_visible()
    assert recorded_item(app).response == [second, third, first, fourth]
    assert console_errors == []


def test_move_up_on_the_first_row_leaves_the_order_and_says_so(ordering_page, console_errors):
    page = ordering_page
    items = shown_items(page)
    move_up = page.get_by_role("button", name=f"Move up: {items[0]}")

    expect(move_up).to_have_attribute("aria-disabled", "true")
    move_up.focus()
    page.keyboard.press("Enter")

    assert shown_items(page) == items
    expect(move_up).to_be_focused()
    expect(page.locator(".reorder-announcer")).to_have_text(
        f"{items[0]} is already at position 1 of 4"
    )
    assert console_errors == []


def test_drag_and_drop_reorders_and_renumbers(ordering_page, app, console_errors):
    page = ordering_page
    first, second, third, fourth = shown_items(page)

    row(page, fourth).drag_to(row(page, first))

    assert shown_items(page) == [fourth, first, second, third]
    assert position_values(page) == ["1", "2", "3", "4"]
    expect(page.locator(".reorder-announcer")).to_have_text(f"{fourth} moved to position 1 of 4")
    row(page, first).drag_to(row(page, third))
    assert shown_items(page) == [fourth, second, third, first]
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator(".feedback")).to_be_visible()
    assert recorded_item(app).response == [fourth, second, third, first]
    assert console_errors == []


def test_changing_selects_into_a_full_order_moves_the_rows(ordering_page, console_errors):
    page = ordering_page
    first, second, third, fourth = shown_items(page)

    row(page, first).get_by_role("combobox").select_option("2")
    assert shown_items(page) == [first, second, third, fourth]
    row(page, second).get_by_role("combobox").select_option("1")

    assert shown_items(page) == [second, first, third, fourth]
    expect(row(page, second).get_by_role("combobox")).to_be_focused()
    expect(page.locator(".reorder-announcer")).to_have_text(f"{second} moved to position 1 of 4")
    assert console_errors == []


def test_ordering_works_without_javascript(open_page, make_user, make_bank, app):
    bank = make_bank(questions=[ORDERING])
    page = open_page(java_script_enabled=False)
    open_practice_quiz(page, sign_in(page, make_user), bank)
    first, second, third, fourth = shown_items(page)

    expect(page.get_by_role("button", name=re.compile("^Move"))).to_have_count(0)
    row(page, first).get_by_role("combobox").select_option("4")
    row(page, fourth).get_by_role("combobox").select_option("1")
    page.get_by_role("button", name="Submit answer").click()

    expect(page.locator(".feedback")).to_be_visible()
    assert recorded_item(app).response == [fourth, second, third, first]


@pytest.mark.parametrize(
    ("button", "field", "records_the_order"),
    [("Submit answer", "submit", True), ("Skip this question", "skip", False)],
)
def test_a_second_submit_is_ignored_and_the_first_keeps_its_button(
    ordering_page, app, console_errors, button, field, records_the_order
):
    page = ordering_page
    items = shown_items(page)

    # Two clicks in one task, faster than any hand; a later listener sees which were cancelled.
    cancelled, marked_disabled = page.evaluate(
        """name => {
            const form = document.querySelector("form.answer-form");
            const cancelled = [];
            form.addEventListener("submit", (event) => cancelled.push(event.defaultPrevented));
            form.elements[name].click();
            form.elements[name].click();
            return [cancelled, form.elements[name].getAttribute("aria-disabled")];
        }""",
        field,
    )

    assert cancelled == [False, True]
    assert marked_disabled == "true"
    expect(page.locator(".feedback")).to_be_visible()
    # The submitter's name reached the server: a skip records nothing, an answer the order.
    assert recorded_item(app).response == (items if records_the_order else None)
    assert console_errors == []


def test_the_first_field_with_an_error_gets_focus_and_reads_the_question(
    page, make_user, make_bank, console_errors
):
    bank = make_bank(questions=[MONTH_DATE])
    open_practice_quiz(page, sign_in(page, make_user), bank)
    expect(page.get_by_label("Month")).to_be_focused()

    page.get_by_label("Month").select_option(label="September")
    page.get_by_role("button", name="Submit answer").click()

    year = page.get_by_label("Year")
    expect(year).to_be_focused()
    expect(year).to_have_accessible_description(re.compile("^When did it start?"))
    # Chromium logs the 422 of the re-rendered form; no script error may join it.
    assert [error for error in console_errors if "status of 422" not in error] == []


def test_countdown_shows_time_left_without_chattering(page, make_user, make_bank, console_errors):
    make_bank(questions=[ORDERING])
    sign_in(page, make_user)

    start_quiz(page, mode="Test", minutes=5)

    clock = page.locator(".deadline .countdown")
    expect(clock).to_have_text(re.compile(r"^Time left: [45]:\d\d$"))
    expect(clock).not_to_have_attribute("aria-live", re.compile(".*"))
    expect(page.locator(".countdown-announcer")).to_have_attribute("role", "status")
    expect(page.locator(".countdown-announcer")).to_have_text("")
    assert console_errors == []


def test_countdown_reaching_zero_hands_in_and_shows_the_result(
    page, make_user, make_bank, app, console_errors
):
    make_bank(questions=[ORDERING, MONTH_DATE])
    sign_in(page, make_user)
    start_quiz(page, mode="Test", minutes=5)
    with app.app_context():
        db.session.execute(update(Attempt).values(deadline_at=utcnow() + timedelta(seconds=3)))
        db.session.commit()

    page.reload()

    expect(page.locator(".countdown")).to_have_text(re.compile(r"^Time left: 0:0[1-3]$"))
    expect(page).to_have_url(re.compile(r"/quiz/\d+/result$"), timeout=8_000)
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.get_by_text("Time is up.")).to_be_visible()
    assert console_errors == []


@pytest.fixture(scope="module")
def script_page(browser) -> Iterator[Page]:
    """A blank page running the site's script, for its pure functions: no server needed."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>app.js</title>")
    page.add_script_tag(path=str(APP_JS))
    yield page
    context.close()


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(5, "0:05"), (299, "4:59"), (600, "10:00"), (3725, "1:02:05")],
)
def test_time_left_format(script_page, seconds, shown):
    assert script_page.evaluate("s => formatTimeLeft(s)", seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "spoken"),
    [
        (1200, "20 minutes left"),
        (420, ""),
        (300, "5 minutes left"),
        (240, "4 minutes left"),
        (60, "1 minute left"),
        (59, ""),
        (30, "30 seconds left"),
        (10, "10 seconds left"),
        (9, ""),
    ],
)
def test_spoken_reminders_only_at_sensible_moments(script_page, seconds, spoken):
    assert script_page.evaluate("s => spokenReminder(s)", seconds) == spoken

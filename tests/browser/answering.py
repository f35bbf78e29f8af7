"""Answer the question on screen the way a person would, from a key the test looks up itself.

The page never shows the answer key, so the test reads it from the live server's
database, finding the question by the attempt id and position in the page's URL.
"""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Locator, Page
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AttemptItem

QUESTION_URL = re.compile(r"/quiz/(\d+)/(\d+)$")
# Enough Tab presses to cross the header and every control of the longest question.
MAX_KEY_PRESSES = 60


@dataclass(frozen=True)
class ShownQuestion:
    """The question on screen: its key, its explanation and the order this attempt shows."""

    attempt_id: int
    position: int
    type: str
    prompt: str
    data: dict[str, Any]
    presentation: dict[str, Any]
    explanation: str


def shown_question(page: Page) -> ShownQuestion:
    """Look up the question the page shows by the attempt and position in its URL."""
    match = QUESTION_URL.search(page.url)
    assert match, f"not a question page: {page.url}"
    attempt_id, position = map(int, match.groups())
    item = db.session.scalars(
        select(AttemptItem).where(
            AttemptItem.attempt_id == attempt_id, AttemptItem.position == position
        )
    ).one()
    question = item.question
    shown = ShownQuestion(
        attempt_id, position, question.type, question.prompt, question.data,
        item.presentation, question.explanation,
    )
    db.session.remove()
    return shown


def open_more_options(page: Page) -> None:
    """Unfold the bank page's full start form (mode, categories, count, time limit)."""
    page.locator("summary").filter(has_text="More options").click()


def answer_correctly(page: Page, question: ShownQuestion) -> None:
    """Fill in the right answer with the mouse and the keyboard's letters, then submit."""
    MOUSE_ANSWERS[question.type](page, question)
    page.get_by_role("button", name="Submit answer").click()


def answer_correctly_by_keyboard(page: Page, question: ShownQuestion) -> None:
    """Fill in the right answer and submit with Tab, Space, arrow keys and Enter alone."""
    KEYBOARD_ANSWERS[question.type](page, question)
    focus_by_keyboard(page, page.get_by_role("button", name="Submit answer"))
    page.keyboard.press("Enter")


def click_label(page: Page, text: str) -> None:
    """Tick a radio button or checkbox by clicking the words of its label."""
    page.locator("form.answer-form").get_by_text(text, exact=True).click()


def pick_single(page: Page, question: ShownQuestion) -> None:
    click_label(page, question.data["answer"])


def pick_true_or_false(page: Page, question: ShownQuestion) -> None:
    click_label(page, "True" if question.data["answer"] else "False")


def pick_multiple(page: Page, question: ShownQuestion) -> None:
    for choice in question.data["answers"]:
        click_label(page, choice)


def type_number(page: Page, question: ShownQuestion) -> None:
    # Thousands separators, as people write large figures.
    page.get_by_label(re.compile(r"^Your answer")).press_sequentially(
        f"{question.data['answer']:,}"
    )


def type_date(page: Page, question: ShownQuestion) -> None:
    """Answer at the precision the form asks: a year, a month and year, or a full date."""
    parts = str(question.data["answer"]).split("-")
    if len(parts) == 3:
        page.get_by_label("Date", exact=True).fill(question.data["answer"])
        return
    if len(parts) == 2:
        month = calendar.month_name[int(parts[1])]
        page.get_by_label("Month", exact=True).select_option(label=month)
    page.get_by_label("Year", exact=True).press_sequentially(parts[0])


def type_text(page: Page, question: ShownQuestion) -> None:
    page.get_by_label("Your answer", exact=True).press_sequentially(question.data["answer"])


def select_matches(page: Page, question: ShownQuestion) -> None:
    for left, right in question.data["pairs"].items():
        page.get_by_label(left, exact=True).select_option(label=right)


def select_positions(page: Page, question: ShownQuestion) -> None:
    for place, item in enumerate(question.data["items"], start=1):
        page.get_by_label(item, exact=True).select_option(label=f"Position {place}")


def pick_single_by_keyboard(page: Page, question: ShownQuestion) -> None:
    """Tab into the radio group, tick the first choice, then arrow down to the right one."""
    choices = question.presentation["choices"]
    focus_by_keyboard(page, page.get_by_label(choices[0], exact=True))
    page.keyboard.press("Space")
    for _ in range(choices.index(question.data["answer"])):
        page.keyboard.press("ArrowDown")


def order_by_keyboard(page: Page, question: ShownQuestion) -> None:
    """Tab to each item's position select and step it to the right place with the arrows."""
    for place, item in enumerate(question.data["items"], start=1):
        select = page.get_by_label(item, exact=True)
        focus_by_keyboard(page, select)
        steps = place - int(select.input_value())
        for _ in range(abs(steps)):
            page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")


def focus_by_keyboard(page: Page, target: Locator) -> None:
    """Move the focus onto the target with Tab or Shift+Tab, as a keyboard user would."""
    for _ in range(MAX_KEY_PRESSES):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab" if lies_ahead(target) else "Shift+Tab")
    raise AssertionError(f"{MAX_KEY_PRESSES} presses of Tab never reached {target}")


def lies_ahead(target: Locator) -> bool:
    """Tell whether the target comes after the focused element in the page's tab order."""
    return target.evaluate(
        """element => {
          const focused = document.activeElement;
          return !focused || focused === document.body
            || Boolean(focused.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


Answerer = Callable[[Page, ShownQuestion], None]

MOUSE_ANSWERS: dict[str, Answerer] = {
    "single": pick_single,
    "true_false": pick_true_or_false,
    "multiple": pick_multiple,
    "numeric": type_number,
    "date": type_date,
    "text": type_text,
    "matching": select_matches,
    "ordering": select_positions,
}

KEYBOARD_ANSWERS: dict[str, Answerer] = {
    "single": pick_single_by_keyboard,
    "ordering": order_by_keyboard,
}

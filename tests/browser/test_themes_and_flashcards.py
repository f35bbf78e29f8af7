"""Themes, the focus ring and flashcards in real Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ReviewState
from quizapp.models.types import utcnow
from quizapp.study.attempts import attempt_with_questions
from quizapp.vocabulary import QuizMode

from .site_pages import PASSWORD, sign_in

RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)")


def luminance(css_colour: str) -> float:
    """Relative luminance of a computed rgb() colour, as WCAG defines it."""
    channels = [int(value) / 255 for value in RGB.match(css_colour).groups()]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def page_background(page: Page) -> str:
    return page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_ring_contrasts(page: Page) -> list[float]:
    """Focus a control in the page and one in the header; compare each ring with its ground."""
    ratios = []
    for selector, ground in (("main a", "main"), (".site-header a.brand", ".site-header")):
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        ring = page.locator(selector).first.evaluate("(el) => getComputedStyle(el).outlineColor")
        background = page.evaluate(
            "(s) => { let el = document.querySelector(s);"
            " while (el && getComputedStyle(el).backgroundColor === 'rgba(0, 0, 0, 0)')"
            " el = el.parentElement;"
            " return getComputedStyle(el || document.documentElement).backgroundColor; }",
            ground,
        )
        ratios.append(contrast(ring, background))
    return ratios


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_system_theme_applies_and_focus_ring_stands_out(open_page, make_bank, scheme):
    make_bank()
    page = open_page(color_scheme=scheme)
    page.goto("/")
    background = page_background(page)
    assert (luminance(background) < 0.1) == (scheme == "dark")
    assert all(ratio >= 3 for ratio in focus_ring_contrasts(page))


def test_theme_toggle_is_remembered_per_browser(open_page, make_bank):
    make_bank()
    page = open_page(color_scheme="light")
    page.goto("/")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.goto("/banks/demo")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    background = page_background(page)
    assert luminance(background) < 0.1
    assert all(ratio >= 3 for ratio in focus_ring_contrasts(page))


def test_theme_toggle_is_hidden_without_javascript(open_page, make_bank):
    make_bank()
    page = open_page(java_script_enabled=False, color_scheme="dark")
    page.goto("/")
    expect(page.get_by_role("button", name="Dark theme")).to_be_hidden()
    assert luminance(page_background(page)) < 0.1


def test_flashcards_by_keyboard_space_flips_and_a_number_rates(page, make_bank, screenshot):
    make_bank()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/flashcards/demo")
    expect(page.get_by_role("heading", name="When did this happen?")).to_be_visible()
    answer = page.get_by_text("The campaign began in September 2015.", exact=True)
    expect(answer).to_be_hidden()
    page.keyboard.press("Space")
    expect(answer).to_be_visible()
    expect(page.locator(".flashcard-back")).to_be_focused()
    screenshot(page, "flashcards")
    page.keyboard.press("3")
    expect(page.get_by_role("heading", name="What does the figure 9,000 count?")).to_be_visible()
    states = db.session.scalars(select(ReviewState)).all()
    assert [state.review_count for state in states] == [1]
    db.session.remove()


def test_flashcards_without_javascript_flip_by_link_and_rate_by_form(open_page, make_bank):
    make_bank()
    page = open_page(java_script_enabled=False)
    page.goto("/flashcards/demo")
    page.get_by_role("link", name="Show the answer").click()
    expect(page).to_have_url(re.compile(r"/flashcards/demo/cards/start\?side=back$"))
    page.get_by_role("button", name="Easy").click()
    expect(page.get_by_role("heading", name="What does the figure 9,000 count?")).to_be_visible()


def test_question_page_in_dark_at_360px_fits_the_screen(
    open_page, make_bank, make_user, screenshot
):
    bank = make_bank()
    learner = make_user(password=PASSWORD)
    attempt = attempt_with_questions(
        learner, bank, QuizMode.PRACTICE, [question.id for question in bank.questions], utcnow()
    )
    db.session.commit()
    attempt_id = attempt.id
    db.session.remove()
    page = open_page(color_scheme="dark", viewport={"width": 360, "height": 800})
    sign_in(page, "ada")
    page.goto(f"/quiz/{attempt_id}/1")
    expect(page.get_by_role("heading", name="Which base?")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert luminance(page_background(page)) < 0.1
    screenshot(page, "question-dark-360")

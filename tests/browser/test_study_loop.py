"""The study loop in real Chromium: keyboard-only practice, test-mode navigation, start area."""

import re

import pytest
from playwright.sync_api import Page, expect

from .answering import ShownQuestion, shown_question

BASES = ["Hmeimim", "Tartus", "Latakia", "Palmyra"]
QUESTION_COUNT = 10
# A choice question needs at most: pick, submit, next.
KEY_PRESSES_PER_CHOICE_QUESTION = 3
RESULT_URL = re.compile(r"/quiz/\d+/result$")
CORRECT = re.compile(r"^\s*Correct\s+·")


def choice_questions(count: int) -> list[dict]:
    """Single-choice and true/false questions, alternating, each with a known answer."""
    questions = []
    for n in range(count):
        if n % 2:
            questions.append({"key": f"tf-{n}", "category": "other", "type": "true_false",
                              "prompt": f"Statement {n} is true.", "data": {"answer": n % 4 == 1}})
        else:
            answer = BASES[n % len(BASES)]
            questions.append({"key": f"base-{n}", "category": "place", "type": "single",
                              "prompt": f"Which base is named in paragraph {n}?",
                              "data": {"choices": BASES, "answer": answer}})
    return questions


class CountingKeyboard:
    """Press keys on the page and count every press, as the issue's measure does."""

    def __init__(self, page: Page):
        self.page = page
        self.presses = 0

    def press(self, key: str) -> None:
        self.presses += 1
        self.page.keyboard.press(key)


def choice_key(question: ShownQuestion) -> str:
    """The digit that picks the right choice, counting the tiles as shown."""
    if question.type == "true_false":
        return "1" if question.data["answer"] else "2"
    return str(question.presentation["choices"].index(question.data["answer"]) + 1)


def next_tab_stop_after_focus(page: Page) -> str:
    """Name the id of the element that Tab reaches from the focused one, without pressing it."""
    return page.evaluate(
        """() => {
          const focusable = Array.from(document.querySelectorAll(
            "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']"
          ));
          const after = focusable.find((element) =>
            document.activeElement.compareDocumentPosition(element)
              & Node.DOCUMENT_POSITION_FOLLOWING);
          return after ? after.id : null;
        }"""
    )


def start_practice(page: Page) -> None:
    page.goto("/banks/demo")
    page.get_by_role("button", name="Start a practice quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1$"))
    # app.js reveals the hint, so once it shows, the shortcuts listen.
    expect(page.locator(".key-hint")).to_be_visible()


def test_a_practice_quiz_by_keyboard_alone_takes_three_presses_a_question(
    open_page, make_bank, console_errors
):
    make_bank(questions=choice_questions(QUESTION_COUNT))
    page = open_page(viewport={"width": 1280, "height": 800})
    start_practice(page)
    keyboard = CountingKeyboard(page)

    for position in range(1, QUESTION_COUNT + 1):
        expect(page.locator(".quiz-step")).to_have_text(f"Question {position} of {QUESTION_COUNT}")
        expect(page.locator(".key-hint")).to_be_visible()
        question = shown_question(page)
        keyboard.press(choice_key(question))
        keyboard.press("Enter")
        verdict = page.locator("#feedback-heading")
        expect(verdict).to_have_text(CORRECT)
        expect(verdict).to_be_focused()
        assert next_tab_stop_after_focus(page) == "next-question"
        keyboard.press("Enter" if position % 2 else "n")

    expect(page).to_have_url(RESULT_URL)
    expect(page.locator(".score-line")).to_have_text(
        re.compile(rf"^\s*{QUESTION_COUNT} of {QUESTION_COUNT} points \(100%\)\s*$")
    )
    assert keyboard.presses <= KEY_PRESSES_PER_CHOICE_QUESTION * QUESTION_COUNT
    assert console_errors == []


def test_shortcuts_never_fire_while_typing(page, make_bank, console_errors):
    make_bank(questions=[{"key": "q-text", "category": "official", "type": "text",
                          "prompt": "Defence minister?", "data": {"answer": "Sergei Shoigu"}}])
    start_practice(page)
    field = page.get_by_label("Your answer", exact=True)
    expect(field).to_be_focused()

    page.keyboard.type("Sergei Shoigu 1 n")
    expect(field).to_have_value("Sergei Shoigu 1 n")
    expect(page.locator("#feedback-heading")).to_have_count(0)
    field.fill("Sergei Shoygu")
    page.keyboard.press("Enter")

    expect(page.locator("#feedback-heading")).to_have_text(CORRECT)
    expect(page.get_by_text("Accepted: the spelling is Sergei Shoigu")).to_be_visible()
    assert console_errors == []


def test_s_skips_and_the_feedback_says_skipped(page, make_bank, console_errors):
    make_bank(questions=choice_questions(2))
    start_practice(page)

    page.keyboard.press("s")

    expect(page.locator("#feedback-heading")).to_have_text(re.compile(r"^\s*Skipped\s+·"))
    assert console_errors == []


def choice_text(question: ShownQuestion, right: bool) -> str:
    """The words of a right (or a wrong) choice of the question on screen."""
    if question.type == "true_false":
        return "True" if question.data["answer"] == right else "False"
    if right:
        return question.data["answer"]
    return next(c for c in question.presentation["choices"] if c != question.data["answer"])


def pick(page: Page, right: bool = True) -> str:
    """Click the tile of a right or wrong choice and submit; return the words clicked."""
    text = choice_text(shown_question(page), right)
    page.locator("form.answer-form").get_by_text(text, exact=True).click()
    page.get_by_role("button", name="Submit answer").click()
    return text


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_test_with_a_flag_a_changed_answer_and_the_review_page(
    open_page, make_bank, console_errors, javascript
):
    make_bank(questions=choice_questions(4))
    page = open_page(viewport={"width": 1280, "height": 800}, java_script_enabled=javascript)
    page.goto("/banks/demo")
    page.locator("summary").filter(has_text="More options").click()
    page.get_by_label(re.compile("^Test:")).check()
    page.get_by_label("Number of questions").fill("4")
    page.get_by_role("button", name="Start the quiz").click()
    navigator = page.get_by_role("navigation", name="All questions")

    wrong = pick(page, right=False)
    expect(page.locator(".quiz-step")).to_have_text("Question 2 of 4")
    expect(page.locator("#feedback-heading")).to_have_count(0)
    pick(page)
    page.get_by_role("button", name="Flag for later").click()
    expect(page.locator(".quiz-step")).to_contain_text("Flagged")
    page.get_by_role("button", name="Skip for now").click()
    expect(page.locator(".quiz-step")).to_have_text("Question 4 of 4")
    expect(navigator.get_by_role("link", name="Question 3: not answered, flagged")).to_be_visible()
    expect(navigator.get_by_role("link", name="Question 2: answered", exact=True)).to_be_visible()
    pick(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Review and hand in")
    expect(page.get_by_text("You have answered 3 of 4 questions.")).to_be_visible()
    unanswered = page.locator("section").filter(
        has=page.get_by_role("heading", name="Not answered yet (1)")
    )
    expect(unanswered.get_by_role("link", name="Question 3")).to_be_visible()
    expect(page.get_by_role("heading", name="Flagged for later (1)")).to_be_visible()

    navigator.get_by_role("link", name="Question 1: answered", exact=True).click()
    expect(page.get_by_label(wrong, exact=True)).to_be_checked()
    pick(page)
    expect(page.locator(".quiz-step")).to_have_text("Question 2 of 4")
    navigator.get_by_role("link", name="Question 3: not answered, flagged").click()
    pick(page)
    page.get_by_role("link", name="Review and hand in").click()
    expect(page.get_by_role("heading", name="Not answered yet (0)")).to_be_visible()
    expect(page.get_by_role("heading", name="Flagged for later (1)")).to_be_visible()

    page.get_by_role("button", name="Hand in now").click()
    expect(page).to_have_url(RESULT_URL)
    expect(page.locator(".big-score-percent")).to_have_text("100%")
    expect(page.locator(".score-line")).to_have_text(re.compile(r"^\s*4 of 4 points \(100%\)"))
    expect(page.locator(".review-item").first.get_by_text(CORRECT)).to_be_visible()
    assert console_errors == []


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("returning", [False, True])
def test_start_is_visible_without_scrolling(open_page, shipped_bank, width, returning):
    page = open_page(viewport={"width": width, "height": 800})
    page.goto(f"/banks/{shipped_bank}")
    start_name = "Start a practice quiz"
    if returning:
        page.get_by_role("button", name=start_name).click()
        page.get_by_role("button", name="Skip this question").click()
        page.goto(f"/banks/{shipped_bank}")
        start_name = "Start a new practice quiz"
        expect(page.get_by_role("link", name=re.compile("^Continue your quiz"))).to_be_in_viewport()

    start = page.get_by_role("button", name=start_name)
    expect(start).to_be_in_viewport()
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800
    assert page.evaluate("() => window.scrollY") == 0


def sizes(page: Page, selector: str) -> list[tuple[float, float]]:
    return [(box["width"], box["height"]) for box in
            (element.bounding_box() for element in page.locator(selector).all()) if box]


def test_tiles_and_navigator_are_big_enough_to_tap_at_360(open_page, make_bank):
    make_bank(questions=choice_questions(4))
    page = open_page(viewport={"width": 360, "height": 800})
    page.goto("/banks/demo")
    page.locator("summary").filter(has_text="More options").click()
    page.get_by_label(re.compile("^Test:")).check()
    page.get_by_role("button", name="Start the quiz").click()

    tiles = sizes(page, "label.tile")
    targets = sizes(page, ".navigator-link")
    assert tiles and all(height >= 44 for _, height in tiles)
    assert len(targets) == 4 and all(w >= 44 and h >= 44 for w, h in targets)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

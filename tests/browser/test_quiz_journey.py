"""Quiz journeys in real Chromium: register or play as a guest, answer, finish, review."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from quizapp.banks.forms import MODE_LABELS
from quizapp.extensions import db
from quizapp.models import Attempt, Bank, Question
from quizapp.vocabulary import QuizMode

from .answering import (
    ShownQuestion,
    answer_correctly,
    answer_correctly_by_keyboard,
    open_more_options,
    shown_question,
)

QUESTION_TYPES = (
    "single", "multiple", "true_false", "numeric", "date", "text", "matching", "ordering"
)
ANSWERED_BY_KEYBOARD = {"single", "ordering"}
PASSWORD = "nine thousand sorties 2016"
# Templates indent their text, so the patterns allow white space around the words.
CORRECT = re.compile(r"^\s*Correct\s+·")
SKIPPED = re.compile(r"^\s*Skipped\s+·")
RESULT_URL = re.compile(r"/quiz/\d+/result$")


@pytest.fixture
def check_page(find_inline_code) -> Callable[[Page], None]:
    """Fail when the page now shown carries inline code, naming its URL."""

    def check(page: Page) -> None:
        found = find_inline_code(page)
        assert found == [], f"inline code on {page.url}: {found}"

    return check


def register(page: Page, username: str) -> None:
    """Fill in and send the registration form that the page shows."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Register", exact=True).click()


def start_quiz(page: Page, bank_slug: str, mode: QuizMode, question_count: int) -> None:
    """Open the bank page and start a quiz through its form."""
    page.goto(f"/banks/{bank_slug}")
    open_more_options(page)
    page.get_by_text(MODE_LABELS[mode], exact=True).click()
    page.get_by_label("Number of questions").fill(str(question_count))
    page.get_by_role("button", name="Start the quiz").click()


def active_question_count(bank_slug: str) -> int:
    """Count the questions a quiz on the bank can ask."""
    return db.session.scalar(
        select(func.count(Question.id))
        .join(Bank)
        .where(Bank.slug == bank_slug, Question.is_retired.is_(False))
    )


def latest_attempt() -> Attempt:
    """The quiz started last."""
    db.session.expire_all()
    return db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()


def first_of_each_type(attempt: Attempt) -> list[int]:
    """The position where each question type first comes up in the attempt, in order."""
    first: dict[str, int] = {}
    for item in sorted(attempt.items, key=lambda item: item.position):
        first.setdefault(item.question.type, item.position)
    return sorted(first.values())


def feedback(page: Page):
    """Find the practice-mode verdict heading: Correct, Partly correct or Not correct."""
    return page.locator("#feedback-heading")


def score_line(page: Page):
    return page.locator(".score-line")


def points(earned: int, possible: int) -> re.Pattern:
    """Match a score line whatever the number formatting of whole points."""
    percent = round(100 * earned / possible)
    return re.compile(rf"^\s*{earned}(\.0)? of {possible}(\.0)? points \({percent}%\)\s*$")


def review_of(page: Page, question: ShownQuestion):
    """Find the result page's review of one question, listed in the order asked."""
    return page.locator(".review-item").nth(question.position - 1)


def step(page: Page):
    """Find the "Question 3 of 10" line above the prompt."""
    return page.locator(".quiz-step")


def test_member_answers_every_question_type_then_reviews_the_result(
    page, shipped_bank, console_errors, check_page, screenshot
):
    page.goto("/auth/register")
    check_page(page)
    register(page, "learner")
    expect(page.get_by_role("status")).to_contain_text("Your account is ready.")
    # Every question of the bank, so every type is sure to come up. Assembly leaves out
    # a question another one gives away, so the quiz may be shorter than the bank.
    start_quiz(page, shipped_bank, QuizMode.PRACTICE, active_question_count(shipped_bank))
    expect(step(page)).to_contain_text("Question 1 of")
    attempt = latest_attempt()
    total, attempt_id = len(attempt.items), attempt.id
    firsts = first_of_each_type(attempt)
    db.session.remove()
    answered: dict[str, ShownQuestion] = {}
    skipped = False

    for position in firsts:
        if shown_question(page).position < position and not skipped:
            # One question of a type already answered is skipped through its button; the
            # rest of those show nothing new, so the learner goes on by address.
            skipped = True
            question = shown_question(page)
            expect(step(page)).to_have_text(f"Question {question.position} of {total}")
            check_page(page)
            page.get_by_role("button", name="Skip this question").click()
            expect(feedback(page)).to_have_text(SKIPPED)
            check_page(page)
            page.get_by_role("link", name="Next question").click()
        if shown_question(page).position < position:
            page.goto(f"/quiz/{attempt_id}/{position}")
        question = shown_question(page)
        assert question.type not in answered, question
        expect(step(page)).to_have_text(f"Question {question.position} of {total}")
        expect(page.get_by_role("heading", level=1)).to_have_text(question.prompt)
        check_page(page)
        if question.type == "single":
            screenshot(page, "question")
        if question.type in ANSWERED_BY_KEYBOARD:
            answer_correctly_by_keyboard(page, question)
        else:
            answer_correctly(page, question)
        expect(feedback(page), question.type).to_have_text(CORRECT)
        answered[question.type] = question
        check_page(page)
        page.get_by_role("link", name="Next question").click()
    assert answered.keys() == set(QUESTION_TYPES)
    page.get_by_role("button", name="Finish now").click()

    expect(page).to_have_url(RESULT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    expect(score_line(page)).to_have_text(points(len(QUESTION_TYPES), total))
    expect(page.locator(".review-item")).to_have_count(total)
    for question in answered.values():
        review = review_of(page, question)
        expect(review.get_by_role("heading")).to_have_text(question.prompt)
        expect(review.get_by_text(CORRECT)).to_be_visible()
        expect(review.get_by_text(question.explanation, exact=True)).to_be_visible()
    check_page(page)
    assert console_errors == []


def test_guest_keeps_their_attempt_after_registering(
    open_page, shipped_bank, console_errors, check_page
):
    page = open_page()
    start_quiz(page, shipped_bank, QuizMode.PRACTICE, 2)
    answer_correctly(page, shown_question(page))
    page.get_by_role("link", name="Next question").click()
    answer_correctly(page, shown_question(page))
    page.get_by_role("button", name="See your result").click()
    expect(score_line(page)).to_have_text(points(2, 2))
    result_url = page.url

    page.get_by_role("link", name="Register to keep your progress").click()
    check_page(page)
    register(page, "former-guest")

    expect(page.get_by_role("status")).to_contain_text("Your progress as a guest is now saved")
    bank_card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", level=2))
    expect(bank_card.locator(".your-scores")).to_contain_text("1 quiz finished")
    response = page.goto(result_url)
    assert response is not None and response.status == 200
    expect(score_line(page)).to_have_text(points(2, 2))
    attempt_id = int(result_url.split("/")[-2])
    assert db.session.get(Attempt, attempt_id).user.username == "former-guest"
    assert console_errors == []

    stranger = open_page().goto(result_url)
    assert stranger is not None and stranger.status == 404


def test_test_mode_moves_on_without_feedback_and_hands_in_from_the_review_page(
    page, shipped_bank, console_errors, check_page, screenshot
):
    count = 4
    start_quiz(page, shipped_bank, QuizMode.TEST, count)

    for position in range(1, count):
        expect(page).to_have_url(re.compile(rf"/quiz/\d+/{position}$"))
        expect(step(page)).to_have_text(f"Question {position} of {count}")
        answer_correctly(page, shown_question(page))
        expect(feedback(page)).to_have_count(0)
        check_page(page)
    expect(page).to_have_url(re.compile(rf"/quiz/\d+/{count}$"))
    page.get_by_role("button", name="Skip for now").click()

    expect(page).to_have_url(re.compile(r"/quiz/\d+/hand-in$"))
    expect(page.get_by_role("heading", name="Not answered yet (1)")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Hand in now").click()
    expect(page).to_have_url(RESULT_URL)
    expect(score_line(page)).to_have_text(points(count - 1, count))
    # "Skip for now" leaves a test question open, so at hand-in it was never answered.
    expect(page.locator(".review-item").nth(count - 1)).to_contain_text("Not answered")
    check_page(page)
    screenshot(page, "result")
    assert console_errors == []


def test_quiz_works_without_javascript(open_page, make_bank):
    make_bank()
    page = open_page(java_script_enabled=False)
    start_quiz(page, "demo", QuizMode.PRACTICE, len(QUESTION_TYPES))

    for _ in range(len(QUESTION_TYPES) - 1):
        answer_correctly(page, shown_question(page))
        expect(feedback(page)).to_have_text(CORRECT)
        page.get_by_role("link", name="Next question").click()
    answer_correctly(page, shown_question(page))
    expect(feedback(page)).to_have_text(CORRECT)
    page.get_by_role("button", name="See your result").click()

    expect(page).to_have_url(RESULT_URL)
    expect(score_line(page)).to_have_text(points(len(QUESTION_TYPES), len(QUESTION_TYPES)))

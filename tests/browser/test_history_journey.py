"""History journey in real Chromium: two quizzes, the history table and chart, a review, the CSV,
then a review-mode quiz on the questions made due."""

import csv
import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from quizapp.banks.forms import MODE_LABELS
from quizapp.extensions import db
from quizapp.models import ReviewState, User
from quizapp.models.types import utcnow
from quizapp.vocabulary import QuizMode

from .answering import answer_correctly, open_more_options, shown_question

PASSWORD = "score history in the browser"
RESULT_URL = re.compile(r"/quiz/(\d+)/result$")


def register(page: Page, username: str) -> None:
    page.goto("/auth/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Register", exact=True).click()


def take_quiz(page: Page, mode: QuizMode, question_count: int) -> None:
    """Start a quiz on the demo bank and answer every question it asks."""
    page.goto("/banks/demo")
    open_more_options(page)
    page.get_by_text(MODE_LABELS[mode], exact=True).click()
    page.get_by_label("Number of questions").fill(str(question_count))
    page.get_by_role("button", name="Start the quiz").click()
    for _ in range(question_count):
        answer_correctly(page, shown_question(page))
    if mode == QuizMode.TEST:
        page.get_by_role("button", name="Hand in now").click()
    expect(page).to_have_url(RESULT_URL)


def make_every_card_due(username: str) -> None:
    """Move the learner's review dates into the past, as if days had gone by."""
    user_id = db.session.scalar(select(User.id).where(User.username == username))
    db.session.execute(
        update(ReviewState)
        .where(ReviewState.user_id == user_id)
        .values(due_at=utcnow() - timedelta(days=1))
    )
    db.session.commit()
    db.session.remove()


def test_learner_reads_history_downloads_it_and_runs_a_review(
    page, make_bank, console_errors, find_inline_code, screenshot, tmp_path
):
    make_bank()
    register(page, "historian")
    take_quiz(page, QuizMode.TEST, 2)
    take_quiz(page, QuizMode.TEST, 3)
    newest_id = int(RESULT_URL.search(page.url).group(1))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your history")
    rows = page.locator(".history-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("3 of 3 points (100%)")
    expect(rows.nth(1)).to_contain_text("2 of 2 points (100%)")
    chart = page.get_by_role("img", name="Score over time")
    expect(chart.locator("circle.chart-point")).to_have_count(2)
    assert find_inline_code(page) == []
    screenshot(page, "history")

    rows.nth(0).get_by_role("link", name=re.compile("^Review")).click()
    expect(page).to_have_url(re.compile(rf"/quiz/{newest_id}/result$"))
    expect(page.locator(".review-item")).to_have_count(3)
    page.get_by_role("link", name="See all your results").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download your whole history as CSV").click()
    assert download.value.suggested_filename == "quizapp-history.csv"
    saved = tmp_path / "history.csv"
    download.value.save_as(saved)
    header, *data = csv.reader(Path(saved).read_text().splitlines())
    assert header[:2] == ["finished_at", "bank_slug"]
    assert [row[5:7] for row in data] == [["3", "3"], ["2", "2"]]

    make_every_card_due("historian")
    page.goto("/banks/demo")
    page.get_by_role("button", name=re.compile(r"^Review \d+ due questions?$")).click()
    expect(page.locator(".quiz-context")).to_contain_text("Review mode")
    answer_correctly(page, shown_question(page))
    expect(page.locator("#feedback-heading")).to_have_text(re.compile(r"^\s*Correct\b"))
    assert console_errors == []

"""Every page of the site, reached as a signed-in admin learner, for checks that cover them all.

Each question type appears twice: unanswered, and with its practice feedback.
"""

from dataclasses import dataclass

from playwright.sync_api import BrowserContext, Page, expect

from quizapp.extensions import db
from quizapp.models.types import utcnow
from quizapp.study.attempts import attempt_with_questions
from quizapp.study.flashcards import rate_fact
from quizapp.study.scheduling import Rating
from quizapp.vocabulary import QuizMode

from .answering import answer_correctly, shown_question

PASSWORD = "every page of the site"


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str


def sign_in(page: Page, username: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".nav-text")).to_contain_text(f"Signed in as {username}")


def build_site(context: BrowserContext, make_user, make_bank, make_attempt) -> list[SitePage]:
    """Create the data every page needs, sign the context in, and list the pages."""
    bank = make_bank()
    learner = make_user(username="ada", password=PASSWORD, is_admin=True)
    question_ids = [question.id for question in bank.questions]
    kinds = [question.type for question in bank.questions]
    finished = make_attempt(learner, bank, [(question, 1) for question in bank.questions[:4]])
    fresh = attempt_with_questions(learner, bank, QuizMode.PRACTICE, question_ids, utcnow())
    answered = attempt_with_questions(learner, bank, QuizMode.PRACTICE, question_ids, utcnow())
    timed = attempt_with_questions(learner, bank, QuizMode.TEST, question_ids[:2], utcnow(),
                                   time_limit_minutes=30)
    rate_fact(learner.id, bank.facts[1], Rating.Again, utcnow())
    db.session.commit()
    ids = fresh.id, answered.id, timed.id, finished.id
    db.session.remove()

    page = context.new_page()
    sign_in(page, "ada")
    for position in range(1, len(question_ids) + 1):
        page.goto(f"/quiz/{ids[1]}/{position}")
        answer_correctly(page, shown_question(page))
    page.close()

    pages = [
        SitePage("home", "/"),
        SitePage("bank", "/banks/demo"),
        SitePage("bank-to-learn", "/banks/demo?facts=to-learn"),
        SitePage("flashcard-front", "/flashcards/demo"),
        SitePage("flashcard-back", "/flashcards/demo/cards/start?side=back"),
        SitePage("progress-index", "/progress/"),
        SitePage("progress", "/progress/demo"),
        SitePage("time-zone", "/progress/time-zone"),
        SitePage("history", "/history/"),
        SitePage("result", f"/quiz/{ids[3]}/result"),
        SitePage("timed-test", f"/quiz/{ids[2]}/1"),
        SitePage("admin", "/admin/"),
        SitePage("admin-bank", "/admin/banks/demo"),
        SitePage("not-found", "/no-such-page"),
    ]
    for position, kind in enumerate(kinds, start=1):
        pages.append(SitePage(f"question-{kind}", f"/quiz/{ids[0]}/{position}"))
        pages.append(SitePage(f"feedback-{kind}", f"/quiz/{ids[1]}/{position}"))
    return pages


# Pages a visitor without an account sees.
VISITOR_PAGES = [
    SitePage("visitor-home", "/"),
    SitePage("visitor-bank", "/banks/demo"),
    SitePage("visitor-flashcards", "/flashcards/demo"),
    SitePage("sign-in", "/auth/login"),
    SitePage("register", "/auth/register"),
]

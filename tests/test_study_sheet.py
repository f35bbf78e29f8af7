"""The study sheet: timeline in stated-date order, folding sections, the mastery filter."""

import re

from quizapp.extensions import db
from quizapp.models import ReviewState
from quizapp.models.types import utcnow
from quizapp.vocabulary import Mastery

FACTS = [
    {"key": "pullout", "category": "date", "statement": "Troops left on 15 March 2016.",
     "paragraph": 3},
    {"key": "undated", "category": "date", "statement": "The talks were in their second day.",
     "paragraph": 4},
    {"key": "campaign", "category": "date", "statement": "The campaign began in September 2015.",
     "paragraph": 31},
    {"key": "announced", "category": "date", "statement": "Putin spoke on Monday, 14 March 2016.",
     "paragraph": 2},
    {"key": "geneva", "category": "place", "statement": "The talks were in Geneva.",
     "paragraph": 6},
]
QUESTIONS = [
    {"key": f"q-{fact['key']}", "category": fact["category"], "type": "true_false",
     "prompt": f"True of {fact['key']}?", "fact": fact["key"], "data": {"answer": True}}
    for fact in FACTS
]


def sheet_of(client, query="") -> str:
    response = client.get(f"/banks/demo{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return page[page.index('id="sheet-heading"'):]


def test_timeline_follows_the_dates_the_facts_state_undated_last(client, make_bank):
    make_bank(facts=FACTS, questions=QUESTIONS)
    timeline = sheet_of(client)
    timeline = timeline[timeline.index('id="sheet-date"'):timeline.index('id="sheet-place"')]
    order = re.findall(r"<li>([^<]+?)\s*<span", timeline)
    assert order == [
        "The campaign began in September 2015.",
        "Putin spoke on Monday, 14 March 2016.",
        "Troops left on 15 March 2016.",
        "The talks were in their second day.",
    ]


def test_sections_fold(client, make_bank):
    make_bank(facts=FACTS, questions=QUESTIONS)
    sheet = sheet_of(client)
    assert sheet.count('<details class="study-section" open>') == 2
    assert '<summary><h3 id="sheet-date">Timeline' in sheet


def test_filter_shows_only_what_the_learner_does_not_know_yet(
    client, make_bank, make_user, sign_in_as
):
    bank = make_bank(facts=FACTS, questions=QUESTIONS)
    ada = make_user()
    now = utcnow()
    known = next(question for question in bank.questions if question.key == "q-geneva")
    db.session.add(ReviewState(user=ada, question=known, card_state={}, mastery=Mastery.KNOWN,
                               due_at=now, last_reviewed_at=now, last_is_correct=True,
                               review_count=3))
    db.session.commit()
    sign_in_as(client, ada)

    assert "The talks were in Geneva." in sheet_of(client)
    filtered = sheet_of(client, "?facts=to-learn")
    assert "The talks were in Geneva." not in filtered
    assert "The campaign began in September 2015." in filtered
    assert "aria-current=\"page\">Only what I don't know yet" in filtered


def test_filter_says_so_when_everything_is_known(client, make_bank, make_user, sign_in_as):
    bank = make_bank(facts=FACTS[4:], questions=QUESTIONS[4:])
    ada = make_user()
    now = utcnow()
    db.session.add(ReviewState(user=ada, question=bank.questions[0], card_state={},
                               mastery=Mastery.KNOWN, due_at=now, last_reviewed_at=now,
                               last_is_correct=True, review_count=3))
    db.session.commit()
    sign_in_as(client, ada)
    assert "You know every fact of this bank." in sheet_of(client, "?facts=to-learn")


def test_a_visitor_sees_every_fact_and_no_filter(client, make_bank):
    make_bank(facts=FACTS, questions=QUESTIONS)
    sheet = sheet_of(client, "?facts=to-learn")
    assert "Only what I don" not in sheet
    assert "The talks were in Geneva." in sheet
    assert 'href="/flashcards/demo"' in sheet


def test_sheet_shows_an_edited_fact_and_a_new_mark_at_once(
    client, make_bank, make_user, sign_in_as
):
    """Rendered sheets are kept per worker: a change to what they show must never be missed."""
    bank = make_bank(facts=FACTS, questions=QUESTIONS)
    ada = make_user()
    sign_in_as(client, ada)
    assert "Troops left on 15 March 2016." in sheet_of(client)
    assert "mastery-known" not in sheet_of(client)

    geneva = next(question for question in bank.questions if question.key == "q-geneva")
    now = utcnow()
    db.session.add(ReviewState(user=ada, question=geneva, card_state={}, mastery=Mastery.KNOWN,
                               due_at=now, last_reviewed_at=now, last_is_correct=True,
                               review_count=3))
    bank.facts[0].statement = "Troops left on 16 March 2016."
    db.session.commit()
    sheet = sheet_of(client)
    assert "Troops left on 16 March 2016." in sheet
    assert "Troops left on 15 March 2016." not in sheet
    assert re.search(r"The talks were in Geneva\.\s*<span class=\"hint\">\(paragraph 6\)</span>"
                     r' <span class="mastery mastery-known">Known</span>', sheet)

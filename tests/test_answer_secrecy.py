"""No page gives an answer away before it counts.

Every question page of the shipped bank hides its own answer, and in test mode no
page, the quiz's own or any other, shows how an answer went before hand-in.
"""

import re
from pathlib import Path

import pytest
from conftest import DEFAULT_QUESTIONS
from markupsafe import escape
from sqlalchemy import select

from quizapp.bankfile.importer import import_bank
from quizapp.bankfile.loader import load_bank_file
from quizapp.extensions import db
from quizapp.grading import format_answer
from quizapp.models import Attempt

SHIPPED_BANK = Path(__file__).resolve().parent.parent / "questions" / "russia-syria-2016.yaml"
# For these types the right answer is one of the options every learner sees.
ANSWER_AMONG_OPTIONS = {"single", "multiple", "true_false", "matching", "ordering"}


def secrets_of(question) -> list[str]:
    """The texts that would give a free-answer question away if a page showed them."""
    data = question.data
    texts = [format_answer(question.type, data), str(data["answer"])]
    texts += data.get("accept", [])
    return [text for text in texts if len(text) > 2]


@pytest.mark.parametrize("mode", ["practice", "test"])
def test_no_question_page_shows_its_answer_before_it_is_submitted(
    app, client, make_user, sign_in_as, mode
):
    import_bank(load_bank_file(SHIPPED_BANK, app.config["QUIZAPP_MAX_BANK_BYTES"]), db.session)
    db.session.commit()
    sign_in_as(client, make_user())
    client.post("/banks/russia-syria-2016", data={"mode": mode, "question_count": 500})
    db.session.remove()
    attempt = db.session.scalars(select(Attempt)).one()
    free_answers = [i for i in attempt.items if i.question.type not in ANSWER_AMONG_OPTIONS]
    assert len(free_answers) >= 20
    for item in free_answers:
        page = client.get(f"/quiz/{attempt.id}/{item.position}").get_data(as_text=True)
        # From the prompt on: above it sit only the site header, bank title and progress.
        page = page[page.index('<h1 class="prompt">'):]
        assert str(escape(item.question.prompt)) in page
        for secret in secrets_of(item.question):
            assert secret not in page, f"{item.question.key} shows {secret!r}"


def test_no_response_in_test_mode_shows_feedback_before_hand_in(client, make_user, make_bank,
                                                                 sign_in_as):
    """Whatever is sent to a question already answered or skipped, nothing gives feedback."""
    make_bank(questions=[
        {"key": f"q-text-{n}", "category": "official", "type": "text", "prompt": f"Who {n}?",
         "data": {"answer": "Sergei Shoigu"}} for n in range(3)
    ])
    sign_in_as(client, make_user())
    client.post("/banks/demo", data={"mode": "test", "question_count": 3})
    db.session.remove()
    attempt = db.session.scalars(select(Attempt)).one()
    client.post(f"/quiz/{attempt.id}/1", data={"answer": "anything at all"})
    client.post(f"/quiz/{attempt.id}/2", data={"skip": "Skip this question"})
    probes = [("GET", {}), ("POST", {}), ("POST", {"answer": ""}), ("POST", {"answer": "Shoigu"}),
              ("POST", {"skip": "Skip"})]
    for position in (1, 2):
        for method, data in probes:
            for follow in (False, True):
                response = client.open(f"/quiz/{attempt.id}/{position}", method=method,
                                        data=data, follow_redirects=follow)
                page = response.get_data(as_text=True)
                assert response.status_code < 500
                shown = 'class="feedback' in page or "Sergei Shoigu" in page
                assert not shown, f"{method} {data} to question {position} shows feedback"
    db.session.remove()
    assert not db.session.get(Attempt, attempt.id).is_finished


# Every page a learner can open that reflects their answers, and the account's data export.
ANSWER_PAGES = ["/", "/progress/", "/progress/demo", "/banks/demo", "/banks/demo?facts=to-learn",
                "/flashcards/demo", "/history/", "/history/history.csv", "/account/data.json"]
# What may change as a test is answered: the unfinished quiz's answered count, the keys
# each form is given afresh, and the answers themselves in the learner's own export.
CHANGING = [
    (re.compile(r'<ul class="continue-list">.*?</ul>', re.DOTALL), "(unfinished quizzes)"),
    (re.compile(r'(name="(?:csrf_token|start_key)"[^>]*value=")[^"]*'), r"\1(key)"),
]


def pages_seen(client) -> dict[str, object]:
    """Fetch every page that reflects answers, minus what may change before hand-in."""
    seen = {}
    for path in ANSWER_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        if path.endswith(".json"):
            export = response.get_json()
            for attempt in export["attempts"]:
                if attempt["finished_at"] is None:
                    attempt["answers"] = [
                        (answer["points_earned"], answer["is_correct"])
                        for answer in attempt["answers"]
                    ]
            seen[path] = export
            continue
        page = response.get_data(as_text=True)
        for pattern, stand_in in CHANGING:
            page = pattern.sub(stand_in, page)
        seen[path] = page
    return seen


@pytest.mark.both_engines  # the sums the pages read are kept by triggers written per engine
def test_no_page_reflects_a_test_answer_before_hand_in(client, make_user, make_bank,
                                                       sign_in_as):
    """A test answered in one tab leaves every other page as it was until it is handed in."""
    make_bank(questions=[q for q in DEFAULT_QUESTIONS if q["key"] in ("q-numeric", "q-date")])
    sign_in_as(client, make_user())
    client.post("/banks/demo", data={"mode": "test", "question_count": 2})
    db.session.remove()
    attempt = db.session.scalars(select(Attempt)).one()
    position = {item.question.key: item.position for item in attempt.items}
    before = pages_seen(client)

    client.post(f"/quiz/{attempt.id}/{position['q-numeric']}", data={"answer": "12"})
    client.post(f"/quiz/{attempt.id}/{position['q-date']}", data={"year": "2015", "month": "09"})
    assert pages_seen(client) == before
    db.session.remove()
    assert all(item.is_answered for item in db.session.get(Attempt, attempt.id).items)

    client.post(f"/quiz/{attempt.id}/finish")
    after = pages_seen(client)
    changed = {path for path in ANSWER_PAGES if after[path] != before[path]}
    assert changed == set(ANSWER_PAGES)  # each page moves at hand-in, so a leak would show
    assert "More than 9,000 sorties were flown." in after["/progress/demo"]

"""What a learner is told after answering: per-choice feedback, formatted text, the source link."""

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt

SINGLE = {
    "key": "home-port", "category": "place", "type": "single",
    "prompt": "Which port do the ferries sail from?",
    "data": {"choices": ["Eastport", "Westhaven", "Southcliff"], "answer": "Eastport",
             "choice_feedback": {"Westhaven": "Westhaven is the winter port.",
                                 "Southcliff": "Southcliff is on the mainland."},
             "choice_weights": {"Westhaven": 50}},
}
FORMATTED = {
    "key": "formatted", "category": "other", "type": "true_false",
    "prompt": "The strike was **long**.", "explanation": "",
    "data": {"answer": True, "format": "markdown"},
}
HTML = {
    "key": "html", "category": "other", "type": "true_false",
    "prompt": "<p>Was it <em>cold</em>?<script>alert(1)</script></p>",
    "explanation": "<p onclick='x()'>It <b>was</b>.</p><img src='https://e.org/x.png'>",
    "data": {"answer": True, "format": "html"},
}


@pytest.fixture
def quiz(client, make_user, make_bank, sign_in_as):
    """Sign a learner in and start a practice quiz on a bank of the given questions."""

    def start(*questions, source_url=None):
        bank = make_bank(questions=list(questions))
        bank.source_url = source_url
        db.session.commit()
        sign_in_as(client, make_user())
        client.post("/banks/demo", data={"mode": "practice", "question_count": len(questions)})
        db.session.remove()
        return db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()

    return start


def test_feedback_for_the_picked_choice_is_shown_after_answering_only(client, quiz):
    attempt = quiz(SINGLE)
    url = f"/quiz/{attempt.id}/1"
    assert "winter port" not in client.get(url).get_data(as_text=True)
    client.post(url, data={"answer": "Westhaven"})
    page = client.get(url).get_data(as_text=True)
    assert "Partly correct" in page
    assert "Westhaven is the winter port." in page
    assert "Southcliff is on the mainland." not in page


def test_result_shows_the_feedback_for_each_answer(client, quiz):
    attempt = quiz(SINGLE)
    client.post(f"/quiz/{attempt.id}/1", data={"answer": "Southcliff"})
    client.post(f"/quiz/{attempt.id}/finish")
    page = client.get(f"/quiz/{attempt.id}/result").get_data(as_text=True)
    assert "Southcliff is on the mainland." in page
    assert "winter port" not in page


def test_markdown_is_rendered_and_a_missing_explanation_shows_nothing(client, quiz):
    attempt = quiz(FORMATTED)
    url = f"/quiz/{attempt.id}/1"
    assert "The strike was <strong>long</strong>." in client.get(url).get_data(as_text=True)
    client.post(url, data={"answer": "true"})
    assert 'class="explanation"' not in client.get(url).get_data(as_text=True)


def test_html_is_sanitised_never_shown_raw(client, quiz):
    attempt = quiz(HTML)
    url = f"/quiz/{attempt.id}/1"
    client.post(url, data={"answer": "true"})
    page = client.get(url).get_data(as_text=True)
    assert "Was it <em>cold</em>?" in page
    assert "It <b>was</b>." in page
    assert "<script>alert" not in page and "onclick" not in page and "e.org" not in page


@pytest.mark.parametrize("source_url", ["https://example.org/story", None])
def test_the_source_is_a_link_when_the_bank_has_its_address(client, quiz, source_url):
    attempt = quiz(SINGLE, source_url=source_url)
    url = f"/quiz/{attempt.id}/1"
    client.post(url, data={"answer": "Eastport"})
    page = client.get(url).get_data(as_text=True)
    link = '<a href="https://example.org/story" rel="noopener noreferrer">BBC News, “A test'
    assert (link in page) == bool(source_url)
    assert "“A test article”" in page

"""Test mode like a real exam: change answers until hand-in, flag questions, review, hand in."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from test_accessibility import check_page
from test_quiz import ALL_TYPES, correct_payload, fresh, item_of_type, latest_attempt, start

from quizapp.extensions import db
from quizapp.models import AttemptItem, ReviewState
from quizapp.models.types import utcnow
from quizapp.quiz.forms import answer_form_for, saved_answer_fields

pytestmark = pytest.mark.both_engines  # guarded UPDATEs and the hand-in aggregate differ by engine


@pytest.fixture
def test_attempt(client, learner):
    start(client, mode="test")
    return latest_attempt()


def wrong_payload(item):
    return {"answer": "false" if item.question.data["answer"] else "true"}


def review_count() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count(ReviewState.id)))


def test_an_answer_can_be_changed_until_hand_in(client, test_attempt):
    item = item_of_type(test_attempt, "true_false")
    url = f"/quiz/{test_attempt.id}/{item.position}"
    client.post(url, data=wrong_payload(item))
    assert fresh(AttemptItem, item.id).points_earned == 0
    client.post(url, data=correct_payload(item))
    assert fresh(AttemptItem, item.id).is_correct is True
    client.post(f"/quiz/{test_attempt.id}/finish")
    assert latest_attempt().points_earned == 1
    client.post(url, data=wrong_payload(item))
    assert fresh(AttemptItem, item.id).is_correct is True


def test_the_review_schedule_hears_of_a_test_once_at_hand_in(client, test_attempt):
    item = item_of_type(test_attempt, "true_false")
    url = f"/quiz/{test_attempt.id}/{item.position}"
    client.post(url, data=wrong_payload(item))
    client.post(url, data=correct_payload(item))
    assert review_count() == 0
    client.post(f"/quiz/{test_attempt.id}/finish")
    db.session.remove()
    states = db.session.scalars(select(ReviewState)).all()
    assert [(s.question_id, s.review_count, s.last_is_correct) for s in states] == [
        (item.question_id, 1, True)
    ]


def test_skipping_in_a_test_leaves_the_question_open_and_moves_on(client, test_attempt):
    response = client.post(f"/quiz/{test_attempt.id}/1", data={"skip": "Skip for now"})
    assert response.headers["Location"] == f"/quiz/{test_attempt.id}/2"
    assert not fresh(AttemptItem, test_attempt.items[0].id).is_answered


def test_a_saved_answer_is_shown_again_to_be_changed(client, test_attempt):
    item = item_of_type(test_attempt, "single")
    url = f"/quiz/{test_attempt.id}/{item.position}"
    client.post(url, data={"answer": "Tartus"})
    page = client.get(url).get_data(as_text=True)
    tartus = r'<input checked id="answer-\d" name="answer" required type="radio" value="Tartus">'
    assert re.search(tartus, page)
    assert "Your saved answer is filled in" in page


@pytest.mark.parametrize("question_type", ALL_TYPES)
def test_saved_answers_fill_the_form_back_in(app, client, test_attempt, question_type):
    item = item_of_type(test_attempt, question_type)
    client.post(f"/quiz/{test_attempt.id}/{item.position}", data=correct_payload(item))
    stored = fresh(AttemptItem, item.id)
    question = stored.question
    with app.test_request_context():
        fields = saved_answer_fields(question.type, question.data, stored.presentation,
                                     stored.response)
        form = answer_form_for(question.type, question.data, stored.presentation, **fields)
        assert form.response() == stored.response


def test_flagging_marks_the_question_in_the_navigator_and_can_be_undone(client, test_attempt):
    url = f"/quiz/{test_attempt.id}/2"
    response = client.post(f"{url}/flag", data={"is_flagged": "1"})
    assert response.headers["Location"] == url
    assert fresh(AttemptItem, test_attempt.items[1].id).is_flagged
    page = client.get(f"/quiz/{test_attempt.id}/1").get_data(as_text=True)
    assert 'aria-label="Question 2: not answered, flagged"' in page
    assert "Remove the flag" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/flag", data={"is_flagged": "0"})
    assert not fresh(AttemptItem, test_attempt.items[1].id).is_flagged


@pytest.mark.parametrize("value", ["", "yes", "2"])
def test_a_bad_flag_value_changes_nothing(client, test_attempt, value):
    client.post(f"/quiz/{test_attempt.id}/1/flag", data={"is_flagged": value})
    assert not fresh(AttemptItem, test_attempt.items[0].id).is_flagged


def test_practice_mode_has_no_flags(client, learner):
    start(client)
    attempt = latest_attempt()
    client.post(f"/quiz/{attempt.id}/1/flag", data={"is_flagged": "1"})
    assert not fresh(AttemptItem, attempt.items[0].id).is_flagged
    assert "Flag for later" not in client.get(f"/quiz/{attempt.id}/1").get_data(as_text=True)


def test_hand_in_page_lists_unanswered_and_flagged_questions(client, test_attempt):
    first, second, third = test_attempt.items[:3]
    client.post(f"/quiz/{test_attempt.id}/1", data=correct_payload(first))
    client.post(f"/quiz/{test_attempt.id}/2", data=correct_payload(second))
    client.post(f"/quiz/{test_attempt.id}/2/flag", data={"is_flagged": "1"})
    page = client.get(f"/quiz/{test_attempt.id}/hand-in").get_data(as_text=True)
    assert "You have answered 2 of 8 questions." in page
    unanswered = page[page.index("Not answered yet (6)"):page.index("Flagged for later")]
    assert f"Question 3</a>: {third.question.prompt}" in unanswered
    assert "Question 1</a>" not in unanswered
    flagged = page[page.index("Flagged for later (1)"):page.index("Hand in now")]
    assert f"Question 2</a>: {second.question.prompt}" in flagged
    assert not latest_attempt().is_finished


def test_hand_in_page_of_a_practice_quiz_goes_back_to_the_question(client, learner):
    start(client)
    attempt = latest_attempt()
    response = client.get(f"/quiz/{attempt.id}/hand-in")
    assert response.headers["Location"] == f"/quiz/{attempt.id}/1"


def test_the_time_limit_still_holds_at_hand_in(client, learner):
    start(client, mode="test", time_limit_minutes=5, question_count=2)
    attempt = latest_attempt()
    client.post(f"/quiz/{attempt.id}/1", data=correct_payload(attempt.items[0]))
    attempt.deadline_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(f"/quiz/{attempt.id}/1", data={"skip": "Skip for now"})
    assert response.headers["Location"] == f"/quiz/{attempt.id}/result"
    assert client.get(f"/quiz/{attempt.id}/hand-in").headers["Location"].endswith("/result")
    assert latest_attempt().points_earned == 1


@pytest.mark.parametrize("path", ["/1/flag", "/hand-in"])
def test_another_learner_gets_404_on_test_pages(client, test_attempt, make_user, sign_in_as, path):
    sign_in_as(client, make_user(username="mallory"))
    method = client.post if path.endswith("flag") else client.get
    assert method(f"/quiz/{test_attempt.id}{path}", data={"is_flagged": "1"}).status_code == 404


def test_hand_in_page_query_count_does_not_grow_with_questions(
    client, make_user, make_bank, sign_in_as, query_counter
):
    many = [{"key": f"q{n}", "category": "figure", "type": "numeric", "prompt": f"Q{n}?",
             "data": {"answer": n}} for n in range(30)]
    make_bank(questions=many)
    sign_in_as(client, make_user())
    counts = []
    for size in (3, 30):
        start(client, mode="test", question_count=size)
        attempt = latest_attempt()
        client.post(f"/quiz/{attempt.id}/2/flag", data={"is_flagged": "1"})
        with query_counter() as statements:
            assert client.get(f"/quiz/{attempt.id}/hand-in").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_test_mode_pages_are_well_structured(client, test_attempt):
    client.post(f"/quiz/{test_attempt.id}/1", data=correct_payload(test_attempt.items[0]))
    client.post(f"/quiz/{test_attempt.id}/2/flag", data={"is_flagged": "1"})
    paths = [f"/quiz/{test_attempt.id}/{item.position}" for item in test_attempt.items]
    for path in [*paths, f"/quiz/{test_attempt.id}/hand-in", "/", "/banks/demo"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert check_page(response.get_data(as_text=True)) == [], path

"""Coming back: continue or abandon a quiz, one-click starts, the result's next steps."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from test_quiz import correct_payload, item_of_type, latest_attempt, start

from quizapp.extensions import db
from quizapp.models import Attempt, ReviewState
from quizapp.models.types import utcnow

pytestmark = pytest.mark.both_engines  # the unfinished-quiz aggregate and ordering differ by engine


def page_of(client, path="/banks/demo") -> str:
    return client.get(path).get_data(as_text=True)


def quick_start_forms(page: str) -> dict[str, str]:
    """Map each one-click start button's words to the mode its form posts."""
    forms = re.findall(r'<form [^>]*class="quick-start">(.*?)</form>', page, re.S)
    found = {}
    for form in forms:
        mode = re.search(r'name="mode" value="(\w+)"', form)
        label = re.search(r"<button[^>]*>([^<]+)</button>", form).group(1)
        found[label] = mode.group(1) if mode else None
    return found


@pytest.mark.parametrize("path", ["/", "/banks/demo"])
def test_an_unfinished_quiz_can_be_continued_where_it_stopped(client, learner, path):
    start(client, question_count=3)
    attempt = latest_attempt()
    client.post(f"/quiz/{attempt.id}/1", data={"skip": "Skip this question"})
    page = page_of(client, path)
    assert f'href="/quiz/{attempt.id}/2">Continue your quiz (question 2 of 3)' in page
    client.post(f"/quiz/{attempt.id}/finish")
    assert "Continue your quiz" not in page_of(client, path)


def test_every_unfinished_quiz_is_offered_and_only_the_learners_own(
    client, learner, make_user, sign_in_as
):
    start(client, question_count=2)
    start(client, mode="test", question_count=3)
    assert page_of(client, "/").count("Continue your quiz") == 2
    sign_in_as(client, make_user(username="bob"))
    assert "Continue your quiz" not in page_of(client, "/")


def test_a_timed_quiz_past_its_deadline_is_not_offered(client, learner):
    start(client, mode="test", time_limit_minutes=5, question_count=2)
    attempt = latest_attempt()
    attempt.deadline_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert "Continue your quiz" not in page_of(client, "/")


@pytest.mark.parametrize(("back_to", "location"), [("home", "/"), ("bank", "/banks/demo"),
                                                     ("elsewhere", "/banks/demo")])
def test_abandoning_drops_the_quiz_and_goes_back(client, learner, back_to, location):
    start(client, question_count=2)
    attempt = latest_attempt()
    response = client.post(f"/quiz/{attempt.id}/abandon", data={"back_to": back_to})
    assert response.headers["Location"] == location
    assert latest_attempt() is None
    assert "abandoned" in page_of(client, location)


def test_a_finished_quiz_cannot_be_abandoned(client, learner):
    start(client, question_count=2)
    attempt = latest_attempt()
    client.post(f"/quiz/{attempt.id}/finish")
    response = client.post(f"/quiz/{attempt.id}/abandon", data={"back_to": "home"})
    assert response.headers["Location"] == f"/quiz/{attempt.id}/result"
    assert latest_attempt().is_finished


def test_another_learner_cannot_abandon_a_quiz(client, learner, make_user, sign_in_as):
    start(client, question_count=2)
    attempt = latest_attempt()
    sign_in_as(client, make_user(username="mallory"))
    assert client.post(f"/quiz/{attempt.id}/abandon").status_code == 404
    assert latest_attempt() is not None


def test_bank_page_starts_in_one_click_with_the_long_form_folded(client, make_bank):
    make_bank()
    page = page_of(client)
    assert quick_start_forms(page) == {"Start a practice quiz": "practice"}
    details = page[page.index('<details class="more-options">'):page.index("</details>")]
    assert "<summary>More options" in details and 'name="time_limit_minutes"' in details
    response = client.post("/banks/demo", data={"mode": "practice", "question_count": "10"})
    assert response.headers["Location"] == f"/quiz/{latest_attempt().id}/1"


def test_bad_start_form_opens_more_options(client, learner):
    page = start(client, question_count=0).get_data(as_text=True)
    assert '<details class="more-options" open>' in page


def test_due_reviews_and_mistakes_are_buttons(client, learner):
    learner_id = learner.id
    start(client)
    attempt = latest_attempt()
    right = item_of_type(attempt, "true_false")
    for item in attempt.items:
        payload = correct_payload(item) if item is right else {"skip": "Skip this question"}
        client.post(f"/quiz/{attempt.id}/{item.position}", data=payload)
    db.session.remove()
    for state in db.session.scalars(select(ReviewState).where(ReviewState.user_id == learner_id)):
        state.due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    buttons = quick_start_forms(page_of(client))
    assert buttons["Review 8 due questions"] == "review"
    assert buttons["Practise your 7 mistakes"] == "mistakes"
    client.post("/banks/demo", data={"mode": "mistakes", "question_count": "7"})
    assert len(latest_attempt().items) == 7


@pytest.mark.parametrize("mode", ["review", "mistakes"])
def test_a_new_learner_choosing_review_or_mistakes_is_pointed_to_practice(client, learner, mode):
    response = start(client, mode=mode)
    page = response.get_data(as_text=True)
    assert latest_attempt() is None
    assert 'class="flash flash-info"' in page and "flash-error" not in page
    assert "Try a practice quiz." in page
    assert quick_start_forms(page)["Start a practice quiz"] == "practice"


def finish_with(client, right_types: set[str]) -> Attempt:
    start(client)
    attempt = latest_attempt()
    for item in attempt.items:
        if item.question.type in right_types:
            client.post(f"/quiz/{attempt.id}/{item.position}", data=correct_payload(item))
    client.post(f"/quiz/{attempt.id}/finish")
    return latest_attempt()


def test_result_shows_the_change_since_the_last_quiz_on_the_bank(client, learner):
    first = finish_with(client, {"single", "text"})
    assert "Your first finished quiz on this bank." in page_of(client, f"/quiz/{first.id}/result")
    second = finish_with(client, {"single", "text", "numeric", "date"})
    page = page_of(client, f"/quiz/{second.id}/result")
    assert '<span class="big-score-percent">50%</span>' in page
    assert re.search(r"▲ Up 25 points\s+since your last quiz on this bank \(25%\)", page)
    assert "Your first finished" in page_of(client, f"/quiz/{first.id}/result")


def test_result_offers_to_practise_exactly_its_mistakes(client, learner):
    attempt = finish_with(client, {"single", "text"})
    page = page_of(client, f"/quiz/{attempt.id}/result")
    assert "Practise these 6 mistakes" in page
    assert 'href="/banks/demo">Back to the bank' in page
    wrong = {i.question_id for i in attempt.items if i.question.type not in {"single", "text"}}
    response = client.post(f"/quiz/{attempt.id}/mistakes")
    retry = latest_attempt()
    assert response.headers["Location"] == f"/quiz/{retry.id}/1"
    assert retry.mode == "practice" and {i.question_id for i in retry.items} == wrong


def test_result_without_mistakes_offers_none(client, learner):
    start(client, question_count=1)
    attempt = latest_attempt()
    client.post(f"/quiz/{attempt.id}/1", data=correct_payload(attempt.items[0]))
    client.post(f"/quiz/{attempt.id}/finish")
    page = page_of(client, f"/quiz/{attempt.id}/result")
    assert "Practise these" not in page and "nothing to practise again" in page
    response = client.post(f"/quiz/{attempt.id}/mistakes", follow_redirects=True)
    assert "No mistakes to practise" in response.get_data(as_text=True)
    assert latest_attempt().id == attempt.id


def test_mistakes_of_an_unfinished_attempt_are_not_offered(client, learner):
    start(client, question_count=2)
    assert client.post(f"/quiz/{latest_attempt().id}/mistakes").status_code == 404


def test_result_offers_the_due_reviews(client, learner):
    attempt = finish_with(client, {"single", "numeric"})
    db.session.remove()
    for state in db.session.scalars(select(ReviewState)):
        state.due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    buttons = quick_start_forms(page_of(client, f"/quiz/{attempt.id}/result"))
    assert buttons["Review 2 due questions"] == "review"


def test_bank_and_home_query_counts_do_not_grow_with_unfinished_quizzes(
    client, learner, query_counter
):
    counts = []
    for quizzes in (1, 5):
        while len(db.session.scalars(select(Attempt)).all()) < quizzes:
            start(client, question_count=2)
        db.session.remove()
        for path in ("/", "/banks/demo"):
            with query_counter() as statements:
                assert client.get(path).status_code == 200
            counts.append(len(statements))
    assert counts[:2] == counts[2:]

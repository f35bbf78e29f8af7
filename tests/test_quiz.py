"""Taking a quiz through the browser's forms: start, answer, feedback, finish, result."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, Question, User
from quizapp.models.types import utcnow

# Starting, answering, finishing and counting statements run on PostgreSQL too: they
# lean on JSON columns, upserts, guarded updates and aggregates written per engine.
# Pages that only validate a form or render feedback run the same Python on either.
ENGINE_DEPENDENT = pytest.mark.both_engines

ALL_TYPES = ["single", "multiple", "true_false", "numeric", "date", "text", "matching", "ordering"]


def start(client, bank_slug="demo", **fields):
    form = {"mode": "practice", "question_count": 8} | fields
    return client.post(f"/banks/{bank_slug}", data=form)


def latest_attempt() -> Attempt:
    db.session.remove()
    return db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()


def fresh(model, row_id):
    """Read a row as committed, not as this test's session last saw it."""
    db.session.remove()
    return db.session.get(model, row_id)


def item_of_type(attempt: Attempt, question_type: str) -> AttemptItem:
    return next(i for i in attempt.items if i.question.type == question_type)


def correct_payload(item: AttemptItem) -> dict:
    """The form fields a learner submits to answer this item fully right."""
    data, shown = item.question.data, item.presentation
    match item.question.type:
        case "single":
            return {"answer": data["answer"]}
        case "multiple":
            return {"answer": data["answers"]}
        case "true_false":
            return {"answer": "true" if data["answer"] else "false"}
        case "numeric":
            return {"answer": f"{data['answer']:,}"}
        case "date":
            year, month = data["answer"].split("-")
            return {"year": year, "month": month}
        case "text":
            return {"answer": data["accept"][0].upper()}
        case "matching":
            return {f"row_{i}": data["pairs"][left] for i, left in enumerate(shown["left"])}
        case "ordering":
            return {f"row_{i}": str(data["items"].index(it) + 1)
                    for i, it in enumerate(shown["items"])}
    raise AssertionError(item.question.type)


@ENGINE_DEPENDENT
def test_starting_a_quiz_creates_the_attempt_and_opens_question_one(client, learner):
    learner_id = learner.id
    response = start(client)
    attempt = latest_attempt()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/quiz/{attempt.id}/1"
    assert attempt.user_id == learner_id
    assert [i.position for i in attempt.items] == list(range(1, 9))


@ENGINE_DEPENDENT
def test_a_guest_can_start_a_quiz_without_an_account(client, make_bank):
    make_bank()
    response = start(client)
    attempt = latest_attempt()
    assert response.headers["Location"] == f"/quiz/{attempt.id}/1"
    assert db.session.get(User, attempt.user_id).is_guest
    assert client.get(response.headers["Location"]).status_code == 200


@ENGINE_DEPENDENT
def test_categories_limit_the_questions_asked(client, learner):
    start(client, categories=["date"])
    assert {i.question.category for i in latest_attempt().items} == {"date"}


@ENGINE_DEPENDENT
def test_question_count_limits_the_quiz(client, learner):
    start(client, question_count=3)
    assert len(latest_attempt().items) == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"question_count": 0}, "Choose between 1 and 500 questions."),
        ({"question_count": ""}, "Say how many questions you want."),
        ({"mode": "practice", "time_limit_minutes": 5}, "Time limits apply in test mode only"),
        ({"mode": "cheat"}, "Not a valid choice"),
        ({"categories": ["weather"]}, "is not a valid choice"),
    ],
)
def test_bad_start_form_says_what_is_wrong_and_starts_nothing(client, learner, fields, message):
    response = start(client, **fields)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert latest_attempt() is None


@ENGINE_DEPENDENT
def test_no_matching_questions_is_explained(client, make_user, make_bank, sign_in_as):
    make_bank(questions=[{"key": "only", "category": "place", "type": "true_false",
                          "prompt": "Is it?", "data": {"answer": True}}])
    sign_in_as(client, make_user())
    response = start(client, categories=["place"], question_count=5)
    assert response.status_code == 302
    attempt = latest_attempt()
    assert len(attempt.items) == 1


def test_unknown_bank_is_404(client):
    assert client.get("/banks/no-such-bank").status_code == 404


@pytest.mark.parametrize("question_type", ALL_TYPES)
@ENGINE_DEPENDENT
def test_a_correct_answer_of_each_type_earns_full_points_and_shows_feedback(
    client, learner, question_type
):
    start(client)
    item = item_of_type(latest_attempt(), question_type)
    url = f"/quiz/{item.attempt_id}/{item.position}"
    response = client.post(url, data=correct_payload(item))
    assert response.headers["Location"] == url
    page = client.get(url).get_data(as_text=True)
    assert "Correct" in page
    assert "Because the source says so." in page
    stored = fresh(AttemptItem, item.id)
    assert stored.is_correct is True
    assert stored.points_earned == stored.points_possible


@ENGINE_DEPENDENT
def test_a_wrong_answer_earns_nothing_and_shows_the_right_one(client, learner):
    start(client)
    item = item_of_type(latest_attempt(), "text")
    url = f"/quiz/{item.attempt_id}/{item.position}"
    client.post(url, data={"answer": "Somebody Else"})
    page = client.get(url).get_data(as_text=True)
    assert "Not correct" in page
    assert "Sergei Shoigu" in page
    assert fresh(AttemptItem, item.id).points_earned == 0


@pytest.mark.parametrize(
    ("question_type", "payload", "message"),
    [
        ("numeric", {"answer": "about nine thousand"}, "Enter digits only"),
        ("numeric", {"answer": ""}, "Enter a number."),
        ("single", {}, "Choose an answer."),
        ("date", {"year": "15", "month": "09"}, "Enter a four-digit year"),
        ("date", {"year": "2015", "month": ""}, "Choose a month."),
        ("ordering", {"row_0": "1", "row_1": "1", "row_2": "2"}, "different position"),
        ("text", {"answer": " \t "}, "Spaces alone are not an answer"),
        ("text", {"answer": "Shoigu " * 40}, "at most 200 characters"),
        ("numeric", {"answer": "9" * 201}, "at most 200 characters"),
    ],
)
def test_invalid_answers_are_explained_and_not_recorded(
    client, learner, question_type, payload, message
):
    start(client)
    item = item_of_type(latest_attempt(), question_type)
    response = client.post(f"/quiz/{item.attempt_id}/{item.position}", data=payload)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert not fresh(AttemptItem, item.id).is_answered


@ENGINE_DEPENDENT
def test_skipping_records_no_answer_and_no_points(client, learner):
    start(client)
    item = latest_attempt().items[0]
    client.post(f"/quiz/{item.attempt_id}/1", data={"skip": "Skip this question"})
    stored = fresh(AttemptItem, item.id)
    assert stored.is_answered and stored.response is None and stored.points_earned == 0


def test_a_skipped_question_says_skipped_not_wrong(client, learner):
    start(client)
    item = latest_attempt().items[0]
    page = client.post(f"/quiz/{item.attempt_id}/1", data={"skip": "Skip this question"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Skipped" in page and "Not correct" not in page


@ENGINE_DEPENDENT
def test_resubmitting_an_answer_does_not_change_it(client, learner):
    start(client)
    item = item_of_type(latest_attempt(), "true_false")
    url = f"/quiz/{item.attempt_id}/{item.position}"
    wrong = "false" if item.question.data["answer"] else "true"
    client.post(url, data={"answer": wrong})
    replay = client.post(url, data=correct_payload(item), follow_redirects=True)
    assert "your first answer stands" in replay.get_data(as_text=True)
    assert fresh(AttemptItem, item.id).points_earned == 0


@ENGINE_DEPENDENT
def test_test_mode_gives_no_feedback_and_goes_to_hand_in_after_the_last_answer(client, learner):
    start(client, mode="test", question_count=2)
    attempt = latest_attempt()
    first, second = attempt.items
    response = client.post(f"/quiz/{attempt.id}/1", data=correct_payload(first))
    assert response.headers["Location"] == f"/quiz/{attempt.id}/2"
    page = client.get(f"/quiz/{attempt.id}/1").get_data(as_text=True)
    assert "Right answer" not in page and "Because the source says so." not in page
    assert "Correct" not in page
    response = client.post(f"/quiz/{attempt.id}/2", data=correct_payload(second))
    assert response.headers["Location"] == f"/quiz/{attempt.id}/hand-in"
    assert not latest_attempt().is_finished
    client.post(f"/quiz/{attempt.id}/finish")
    finished = latest_attempt()
    assert finished.is_finished
    assert finished.points_earned == finished.points_possible == 2


@ENGINE_DEPENDENT
def test_answers_after_the_deadline_are_not_counted(client, learner):
    start(client, mode="test", time_limit_minutes=5, question_count=2)
    attempt = latest_attempt()
    assert attempt.deadline_at - attempt.started_at == timedelta(minutes=5)
    attempt.deadline_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(f"/quiz/{attempt.id}/1", data=correct_payload(attempt.items[0]))
    assert response.headers["Location"] == f"/quiz/{attempt.id}/result"
    finished = latest_attempt()
    assert finished.is_finished and finished.points_earned == 0
    assert not finished.items[0].is_answered


@ENGINE_DEPENDENT
def test_a_finished_attempt_cannot_be_changed(client, learner):
    start(client, question_count=2)
    attempt = latest_attempt()
    client.post(f"/quiz/{attempt.id}/finish")
    response = client.post(f"/quiz/{attempt.id}/1", data=correct_payload(attempt.items[0]))
    assert response.headers["Location"] == f"/quiz/{attempt.id}/result"
    assert latest_attempt().points_earned == 0


@ENGINE_DEPENDENT
def test_result_shows_score_breakdown_and_every_explanation(client, learner):
    start(client)
    attempt = latest_attempt()
    item = item_of_type(attempt, "numeric")
    client.post(f"/quiz/{attempt.id}/{item.position}", data=correct_payload(item))
    client.post(f"/quiz/{attempt.id}/finish")
    page = client.get(f"/quiz/{attempt.id}/result").get_data(as_text=True)
    assert "1 of 8 points (12%)" in page
    assert "Figure" in page and "<td>1 of 1</td>" in page
    assert page.count("Because the source says so.") == 8
    assert page.count("Not answered") == 7
    assert "paragraph 5" in page


def test_result_of_an_unfinished_attempt_sends_back_to_the_quiz(client, learner):
    start(client)
    attempt = latest_attempt()
    response = client.get(f"/quiz/{attempt.id}/result")
    assert response.headers["Location"] == f"/quiz/{attempt.id}/1"


@pytest.mark.parametrize("path", ["/1", "/result", "/finish"])
def test_another_learner_gets_404_on_an_attempt(client, learner, make_user, sign_in_as, path):
    start(client)
    attempt = latest_attempt()
    sign_in_as(client, make_user(username="mallory"))
    method = client.post if path == "/finish" else client.get
    assert method(f"/quiz/{attempt.id}{path}").status_code == 404


def test_anonymous_visitor_gets_404_on_an_attempt(client, learner, app):
    start(client)
    attempt = latest_attempt()
    stranger = app.test_client()
    assert stranger.get(f"/quiz/{attempt.id}/1").status_code == 404
    assert stranger.post(f"/quiz/{attempt.id}/1", data={"answer": "x"}).status_code == 404


@ENGINE_DEPENDENT
def test_reloading_shows_the_same_order(client, learner):
    start(client)
    attempt = latest_attempt()
    item = item_of_type(attempt, "single")
    url = f"/quiz/{attempt.id}/{item.position}"
    first, again = client.get(url).get_data(as_text=True), client.get(url).get_data(as_text=True)
    order = [re.findall(r'value="(Hmeimim|Tartus|Latakia)"', page) for page in (first, again)]
    assert order[0] == order[1] == item.presentation["choices"]


def strip_tokens(page: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*', "", page)


@pytest.mark.parametrize("question_type", ALL_TYPES)
def test_question_page_does_not_reveal_the_answer(client, learner, question_type):
    """The page must read the same whatever the key is, so it cannot leak the key."""
    start(client)
    item = item_of_type(latest_attempt(), question_type)
    url = f"/quiz/{item.attempt_id}/{item.position}"
    before = strip_tokens(client.get(url).get_data(as_text=True))
    question = db.session.get(Question, item.question_id)
    data = dict(question.data)
    match question_type:
        case "single":
            data["answer"] = next(c for c in data["choices"] if c != data["answer"])
        case "multiple":
            data["answers"] = [c for c in data["choices"] if c not in data["answers"]]
        case "true_false":
            data["answer"] = not data["answer"]
        case "numeric":
            assert "9000" not in before and "9,000" not in before
            data["answer"] = 1234
        case "date":
            assert "2015" not in before and "September" not in before.split("<select")[0]
            data["answer"] = "2011-03"
        case "text":
            assert "Shoigu" not in before
            data["answer"], data["accept"] = "Someone", []
        case "matching":
            lefts = list(data["pairs"])
            data["pairs"] = dict(zip(lefts, reversed(list(data["pairs"].values())), strict=True))
        case "ordering":
            data["items"] = list(reversed(data["items"]))
    question.data = data
    db.session.commit()
    assert strip_tokens(client.get(url).get_data(as_text=True)) == before


# The signed-in learner (one query), then what the page itself reads.
RESULT_PAGE_QUERIES = 1 + 2  # the attempt with its items; the score before and reviews due


@ENGINE_DEPENDENT
def test_result_page_query_count_does_not_grow_with_questions(
    client, make_user, make_bank, sign_in_as, query_counter
):
    # A fact of its own for every question, so a fact loaded per item would show.
    facts = [{"key": f"f{n}", "category": "figure", "statement": f"Fact {n}.", "paragraph": n}
             for n in range(30)]
    many = [{"key": f"q{n}", "category": "figure", "type": "numeric", "prompt": f"Q{n}?",
             "fact": f"f{n}", "data": {"answer": n}} for n in range(30)]
    make_bank(questions=many, facts=facts)
    sign_in_as(client, make_user())
    counts = []
    for size in (3, 30):
        start(client, question_count=size)
        attempt = latest_attempt()
        client.post(f"/quiz/{attempt.id}/1", data={"answer": "1"})
        client.post(f"/quiz/{attempt.id}/finish")
        db.session.remove()
        with query_counter() as statements:
            assert client.get(f"/quiz/{attempt.id}/result").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= RESULT_PAGE_QUERIES


@ENGINE_DEPENDENT
def test_a_fully_answered_test_stays_open_until_handed_in(client, learner):
    """Answering every question no longer ends a test: the learner may still change answers."""
    start(client, mode="test", question_count=1)
    attempt = latest_attempt()
    item = attempt.items[0]
    client.post(f"/quiz/{attempt.id}/1", data=correct_payload(item))
    assert client.get(f"/quiz/{attempt.id}/1").status_code == 200
    assert not latest_attempt().is_finished
    response = client.get(f"/quiz/{attempt.id}/result")
    assert response.headers["Location"] == f"/quiz/{attempt.id}/hand-in"


def feedback_after(client, item, payload) -> str:
    url = f"/quiz/{item.attempt_id}/{item.position}"
    client.post(url, data=payload)
    return client.get(url).get_data(as_text=True)


def test_skipped_feedback_has_a_skipped_verdict_and_the_right_answer(client, learner):
    start(client)
    item = item_of_type(latest_attempt(), "single")
    page = feedback_after(client, item, {"skip": "Skip this question"})
    verdict = page[page.index('id="feedback-heading"'):page.index("</h2>")]
    assert "Skipped" in verdict and "Not correct" not in verdict
    assert "Hmeimim" in page


def test_a_forgiven_slip_earns_credit_and_names_the_spelling(client, learner):
    start(client)
    item = item_of_type(latest_attempt(), "text")
    page = feedback_after(client, item, {"answer": "Sergey Shoygu"})
    assert "Correct" in page
    assert "Accepted: the spelling is Sergei Shoigu" in page
    exact = feedback_after(client, item_of_type(latest_attempt(), "single"),
                           {"answer": "Hmeimim"})
    assert "Accepted:" not in exact


def test_matching_feedback_marks_each_pair(client, learner):
    start(client)
    item = item_of_type(latest_attempt(), "matching")
    left = item.presentation["left"]
    chosen = {f"row_{i}": "President" for i in range(len(left))}
    page = feedback_after(client, item, chosen)
    rows = re.findall(r'<tr class="is-(right|wrong)">\s*<th scope="row">([^<]+)</th>', page)
    assert sorted(rows) == [("right", "Putin"), ("wrong", "Lavrov")]
    assert "Partly correct" in page


def test_ordering_feedback_shows_the_given_order_beside_the_right_one(client, learner):
    start(client)
    item = item_of_type(latest_attempt(), "ordering")
    shown = item.presentation["items"]
    page = feedback_after(client, item, {f"row_{i}": str(i + 1) for i in range(len(shown))})
    row = r'<th scope="row">(\d)</th>\s*<td>.*?</span> ([^<]+)</td>\s*<td>([^<]+)</td>'
    cells = re.findall(row, page)
    right = item.question.data["items"]
    assert cells == [(str(n + 1), shown[n], right[n]) for n in range(3)]


@pytest.mark.parametrize(
    ("url", "linked"),
    [("https://www.bbc.co.uk/news/world-middle-east-35807689", True),
     ("javascript:alert(1)", False), (None, False)],
)
def test_feedback_links_the_source_article_only_by_http(client, learner, url, linked):
    start(client)
    attempt = latest_attempt()
    attempt.bank.source_url = url
    db.session.commit()
    page = feedback_after(client, attempt.items[0], {"skip": "Skip this question"})
    assert (f'<a href="{url}" rel="noopener noreferrer">BBC News' in page) is linked
    assert "javascript:" not in page


def test_feedback_puts_the_verdict_then_next_question_first_in_tab_order(client, learner):
    start(client, question_count=2)
    item = latest_attempt().items[0]
    page = feedback_after(client, item, {"skip": "Skip this question"})
    verdict = page.index('id="feedback-heading" class="verdict skipped" tabindex="-1"')
    after = page[verdict:]
    focusable = re.findall(r"<(a|button|input)\b[^>]*>", after)
    assert 'id="next-question"' in re.search(r"<a\b[^>]*>", after).group(0)
    assert focusable[0] == "a"
    assert "Finish now" not in page


def test_question_page_shows_progress_and_tiles_with_native_inputs(client, learner):
    start(client)
    item = item_of_type(latest_attempt(), "single")
    page = client.get(f"/quiz/{item.attempt_id}/{item.position}").get_data(as_text=True)
    assert f"Question {item.position} of 8" in page
    assert re.search(r'<progress id="quiz-progress" class="quiz-progress" max="8" value="0">', page)
    tiles = re.findall(r'<label class="tile" for="(answer-\d)"><input[^>]*id="(answer-\d)"[^>]*'
                       r'type="radio"', page)
    assert len(tiles) == 3 and all(label_for == input_id for label_for, input_id in tiles)
    assert page.count('id="csrf_token"') <= 1


@ENGINE_DEPENDENT
def test_question_page_query_count_does_not_grow_with_questions(
    client, make_user, make_bank, sign_in_as, query_counter
):
    many = [{"key": f"q{n}", "category": "figure", "type": "numeric", "prompt": f"Q{n}?",
             "data": {"answer": n}} for n in range(30)]
    make_bank(questions=many)
    sign_in_as(client, make_user())
    counts = []
    for size in (3, 30):
        for mode in ("practice", "test"):
            start(client, mode=mode, question_count=size)
            attempt = latest_attempt()
            client.post(f"/quiz/{attempt.id}/1", data={"answer": "1"})
            with query_counter() as statements:
                assert client.get(f"/quiz/{attempt.id}/1").status_code == 200
            counts.append(len(statements))
    assert counts[:2] == counts[2:]
    # The learner; the item with its attempt, question and every item's status.
    practice, test = counts[:2]
    assert practice <= 1 + 1 and test <= 1 + 1


# The learner, the item shown, the lock on the open attempt that reads the last answer time.
ANSWER_QUERIES = 1 + 1 + 1


@pytest.mark.parametrize("mode, writes", [
    ("practice", 1 + 2),  # the guarded UPDATE; the review card's INSERT ... ON CONFLICT, read
    ("test", 1),  # the guarded UPDATE; the review waits for hand-in
])
@ENGINE_DEPENDENT
def test_answer_query_count_does_not_grow_with_questions(
    client, make_user, make_bank, sign_in_as, query_counter, mode, writes
):
    many = [{"key": f"q{n}", "category": "figure", "type": "numeric", "prompt": f"Q{n}?",
             "data": {"answer": n}} for n in range(30)]
    make_bank(questions=many)
    counts, seen = [], []
    for size in (3, 30):
        # A learner of their own for each size: had the first quiz's learner answered the
        # same question, its review card would exist and take an UPDATE of its own.
        sign_in_as(client, make_user(f"learner{size}"))
        start(client, mode=mode, question_count=size)
        attempt = latest_attempt()
        db.session.remove()
        for _ in range(2):  # a first answer, then the same answer again
            # -1 is no question's answer, so every draw of questions counts the same statements.
            with query_counter() as statements:
                response = client.post(f"/quiz/{attempt.id}/2", data={"answer": "-1"})
            assert response.status_code == 302
            counts.append(len(statements))
            seen.append(statements)
    # On a mismatch, the statements themselves say which read or write came or went.
    assert counts[:2] == counts[2:], "\n\n".join(map("\n".join, seen))
    first, again = counts[:2]
    assert first <= ANSWER_QUERIES + writes
    # A practice answer stands once given; a test answer is replaced.
    assert again <= ANSWER_QUERIES + (0 if mode == "practice" else writes)


@ENGINE_DEPENDENT
def test_typed_answer_reads_the_banks_other_names_only_for_a_slip(
    client, make_user, make_bank, sign_in_as, query_counter
):
    make_bank(questions=[
        {"key": f"city{n}", "category": "place", "type": "text", "prompt": f"City {n}?",
         "data": {"answer": answer}} for n, answer in enumerate(("Homs", "Hom"))
    ])
    sign_in_as(client, make_user())
    start(client, mode="test", question_count=2)
    item = next(i for i in latest_attempt().items if i.question.data["answer"] == "Homs")
    url = f"/quiz/{item.attempt_id}/{item.position}"
    grades = {}
    for response in ("Homs", "Hom"):  # right; a slip as close to the other question's answer
        with query_counter() as statements:
            assert client.post(url, data={"answer": response}).status_code == 302
        grades[response] = (len(statements), fresh(AttemptItem, item.id).is_correct)
    assert grades["Homs"] == (ANSWER_QUERIES + 1, True)
    assert grades["Hom"] == (ANSWER_QUERIES + 1 + 1, False)

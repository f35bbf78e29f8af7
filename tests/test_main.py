"""The home page: banks, counts and the learner's own scores."""

import re
from datetime import UTC, datetime, timedelta

from quizapp.extensions import db
from quizapp.models import Bank


def test_home_shows_best_and_last_score_of_the_signed_in_learner(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    bank = make_bank()
    ada, bob = make_user(), make_user(username="bob")
    first, second = bank.questions[:2]
    day = datetime(2026, 1, 1, tzinfo=UTC)
    make_attempt(ada, bank, [(first, 1), (second, 1)], finished_at=day)
    make_attempt(ada, bank, [(first, 1), (second, 0)], finished_at=day + timedelta(days=1))
    make_attempt(bob, bank, [(first, 0), (second, 0)], finished_at=day + timedelta(days=2))
    sign_in_as(client, ada)
    page = client.get("/").get_data(as_text=True)
    assert "Your best score: 100% · last score: 50% (2 quizzes finished)" in page


def test_home_shows_no_scores_to_a_visitor(client, make_user, make_bank, make_attempt):
    bank = make_bank()
    make_attempt(make_user(), bank, [(bank.questions[0], 1)])
    assert "Your best score" not in client.get("/").get_data(as_text=True)


def test_home_query_count_does_not_grow_with_banks(
    client, make_user, make_bank, make_attempt, sign_in_as, query_counter
):
    user = make_user()
    sign_in_as(client, user)
    counts = []
    for n in range(1, 8):
        bank = make_bank(slug=f"bank-{n}", title=f"Bank {n}")
        make_attempt(user, bank, [(bank.questions[0], 1)])
        if n in (1, 7):
            with query_counter() as statements:
                assert client.get("/").status_code == 200
            counts.append(len(statements))
    # The session's user, the banks with their counts, scores, due reviews, unfinished quizzes.
    assert counts == [5, 5]


def test_home_lists_each_bank_with_its_active_questions_per_category(client, make_bank):
    make_bank()
    bank = make_bank(slug="other", title="Another bank")
    bank.questions[0].is_retired = True
    db.session.add(Bank(slug="empty", title="Empty bank", description="Nothing yet."))
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    titles = re.findall(r'<h2><a href="/banks/[\w-]+">([^<]+)</a></h2>', page)
    assert titles == ["Another bank", "Demo bank", "Empty bank"]
    assert re.search(r"8 questions:\s*2 date, 1 figure, 2 official, 1 other, 2 place", page)
    assert re.search(r"7 questions:\s*2 date, 1 figure, 2 official, 1 other, 1 place", page)
    assert re.search(r"0 questions:\s*</p>", page)

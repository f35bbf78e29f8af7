"""/progress/: every bank the learner has studied, in a fixed number of queries."""

from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.models.types import utcnow
from quizapp.study.flashcards import rate_fact
from quizapp.study.scheduling import Rating


@pytest.mark.both_engines
def test_lists_banks_quizzed_or_studied_as_flashcards_only(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    quizzed = make_bank(slug="quizzed", title="Quizzed bank")
    carded = make_bank(slug="carded", title="Carded bank")
    make_bank(slug="untouched", title="Untouched bank")
    ada, bob = make_user(), make_user(username="bob")
    make_attempt(ada, quizzed, [(quizzed.questions[0], 1)])
    rate_fact(ada.id, carded.facts[0], Rating.Good, utcnow())
    other = make_bank(slug="bobs", title="Bob's bank")
    make_attempt(bob, other, [(other.questions[0], 1)])
    db.session.commit()
    sign_in_as(client, ada)
    page = client.get("/progress/").get_data(as_text=True)
    assert 'href="/progress/carded">Carded bank</a>' in page
    assert 'href="/progress/quizzed">Quizzed bank</a>' in page
    assert page.index("Carded bank") < page.index("Quizzed bank")
    assert "Untouched bank" not in page and "Bob" not in page
    assert "Best score 100%" in page


def test_nav_links_to_progress_for_learners(client, make_user, sign_in_as):
    assert 'href="/progress/"' not in client.get("/").get_data(as_text=True)
    sign_in_as(client, make_user())
    assert '<a href="/progress/">Progress</a>' in client.get("/").get_data(as_text=True)


def test_a_new_learner_is_told_what_to_do(client, make_user, sign_in_as):
    assert "Nothing studied yet" in client.get("/progress/").get_data(as_text=True)
    sign_in_as(client, make_user())
    assert "Nothing studied yet" in client.get("/progress/").get_data(as_text=True)


def test_query_count_does_not_grow_with_banks(
    client, make_user, make_bank, make_attempt, sign_in_as, query_counter
):
    ada = make_user()
    sign_in_as(client, ada)
    counts = []
    for n in range(3):
        bank = make_bank(slug=f"bank-{n}", title=f"Bank {n}")
        make_attempt(ada, bank, [(bank.questions[0], 1)],
                     finished_at=utcnow() - timedelta(days=n))
        with query_counter() as statements:
            assert client.get("/progress/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[-1]

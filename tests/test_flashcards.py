"""Flashcards: fronts from facts, the deck order, and ratings in the quizzes' schedule."""

from datetime import timedelta

import pytest
from conftest import csrf_token_on
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ReviewState, User
from quizapp.models.types import utcnow
from quizapp.study.flashcards import Front, deck_of, front_of, rate_fact
from quizapp.study.reviews import due_question_ids
from quizapp.study.scheduling import Rating

FACTS = [
    {"key": "start", "category": "date", "statement": "The campaign began in September 2015.",
     "paragraph": 3},
    {"key": "sorties", "category": "figure", "statement": "More than 9,000 sorties were flown.",
     "paragraph": 5},
    {"key": "no-questions", "category": "other", "statement": "A fact nothing asks about.",
     "paragraph": 7},
]
QUESTIONS = [
    {"key": "q-date", "category": "date", "type": "date", "prompt": "When did it start?",
     "fact": "start", "data": {"answer": "2015-09"}},
    {"key": "q-date-tf", "category": "date", "type": "true_false", "prompt": "Began in 2015?",
     "fact": "start", "data": {"answer": True}},
    {"key": "q-numeric", "category": "figure", "type": "numeric", "prompt": "How many sorties?",
     "fact": "sorties", "data": {"answer": 9000, "tolerance": 0}},
]


@pytest.fixture
def card_bank(make_bank):
    return make_bank(facts=FACTS, questions=QUESTIONS)


@pytest.mark.parametrize(
    ("category", "statement", "expected"),
    [
        ("date", "Russia's air campaign began in September 2015.",
         Front("When did this happen?", "Russia's air campaign began in ….")),
        ("figure", "Shoigu put the number of sorties at more than 9,000.",
         Front("What does the figure 9,000 count?")),
        ("official", "Sergei Shoigu is Russia's Defence Minister.", Front("Who is Sergei Shoigu?")),
        ("official", "Staffan de Mistura, the UN Special Envoy, is mediating the talks.",
         Front("Who is Staffan de Mistura?")),
        ("official", "Pankov said it was premature.", Front("What did Pankov say?")),
        ("place", "Russia's Hmeimim airbase is in Latakia.",
         Front("Where is Russia's Hmeimim airbase?")),
        ("place", "Deraa is a province in the south of Syria.", Front("What is Deraa?")),
        ("figure", "The death toll stood at more than a quarter of a million.",
         Front("How many died?")),
        ("other", "Talks were in their second day.", Front("How many died?")),
    ],
)
def test_front_asks_from_the_category_and_the_text(category, statement, expected):
    assert front_of(category, statement, ["How many died?", "Another prompt"]) == expected


@pytest.mark.both_engines
def test_deck_offers_facts_with_questions_in_sheet_order(app, card_bank):
    deck = deck_of(None, card_bank.id, utcnow())
    assert (deck.next_fact_id, deck.due, deck.new) == (card_bank.facts[0].id, 0, 2)


@pytest.mark.both_engines
def test_rating_moves_every_active_question_of_the_fact(app, card_bank, make_user):
    ada = make_user()
    now = utcnow()
    card_bank.questions[1].is_retired = True
    moved = rate_fact(ada.id, card_bank.facts[0], Rating.Good, now)
    db.session.commit()
    assert moved == 1
    state = db.session.scalar(select(ReviewState).where(ReviewState.user_id == ada.id))
    assert state.question_id == card_bank.questions[0].id
    assert state.due_at > now and state.last_is_correct is True
    deck = deck_of(ada.id, card_bank.id, now)
    assert (deck.next_fact_id, deck.due, deck.new) == (card_bank.facts[1].id, 0, 1)


@pytest.mark.both_engines
def test_again_makes_the_fact_a_mistake_due_in_review_quizzes(app, card_bank, make_user):
    ada = make_user()
    now = utcnow()
    rate_fact(ada.id, card_bank.facts[1], Rating.Again, now)
    db.session.commit()
    later = now + timedelta(days=1)
    assert due_question_ids(ada, card_bank.id, [], later) == [card_bank.questions[2].id]
    deck = deck_of(ada.id, card_bank.id, later)
    assert (deck.next_fact_id, deck.due, deck.new) == (card_bank.facts[1].id, 1, 1)


def test_front_page_hides_the_answer_and_links_to_the_back(client, card_bank):
    page = client.get("/flashcards/demo").get_data(as_text=True)
    assert "When did this happen?" in page
    assert "The campaign began in …." in page
    assert 'href="/flashcards/demo/cards/start?side=back"' in page
    assert 'class="flashcard-back" aria-labelledby="back-heading" tabindex="-1" hidden>' in page


def test_back_shows_the_fact_its_paragraph_and_the_ratings(client, card_bank):
    page = client.get("/flashcards/demo/cards/start?side=back").get_data(as_text=True)
    assert 'tabindex="-1" hidden>' not in page
    assert "Show the answer" not in page
    assert "The campaign began in September 2015." in page
    assert "paragraph 3" in page
    for value, label in enumerate(["Again", "Hard", "Good", "Easy"], start=1):
        assert f'name="rating" value="{value}"' in page and label in page


def test_rating_by_form_schedules_and_shows_the_next_card(
    client, card_bank, make_user, sign_in_as
):
    ada = make_user()
    sign_in_as(client, ada)
    asked = [card_bank.questions[0].id, card_bank.questions[1].id]
    response = client.post(
        "/flashcards/demo/cards/start/rating", data={"rating": "3", "version": "0"}
    )
    assert response.headers["Location"] == "/flashcards/demo"
    db.session.remove()
    states = db.session.scalars(select(ReviewState).where(ReviewState.user_id == ada.id)).all()
    assert sorted(state.question_id for state in states) == asked
    next_card = client.get("/flashcards/demo").get_data(as_text=True)
    assert "What does the figure 9,000 count?" in next_card


def test_a_repeated_rating_counts_once(client, card_bank, make_user, sign_in_as):
    sign_in_as(client, make_user())
    for _ in range(2):
        client.post("/flashcards/demo/cards/start/rating", data={"rating": "4", "version": "0"})
    db.session.remove()
    counts = db.session.scalars(select(ReviewState.review_count)).all()
    assert counts == [1, 1]


@pytest.mark.parametrize("rating", ["", "0", "5", "good"])
def test_a_bad_rating_changes_nothing_and_says_why(
    client, card_bank, make_user, sign_in_as, rating
):
    sign_in_as(client, make_user())
    response = client.post("/flashcards/demo/cards/start/rating",
                           data={"rating": rating, "version": "0"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Choose Again, Hard, Good or Easy" in response.get_data(as_text=True)
    db.session.remove()
    assert db.session.scalars(select(ReviewState)).all() == []


def test_a_visitor_who_rates_becomes_a_guest_with_the_card(client, card_bank):
    client.post("/flashcards/demo/cards/start/rating", data={"rating": "3", "version": "0"})
    db.session.remove()
    guest = db.session.scalar(select(User).where(User.is_guest.is_(True)))
    assert guest is not None
    assert len(db.session.scalars(select(ReviewState)).all()) == 2


@pytest.mark.parametrize(
    "path", ["/flashcards/nope", "/flashcards/demo/cards/no-questions", "/flashcards/demo/cards/x"]
)
def test_unknown_banks_and_cards_are_not_found(client, card_bank, path):
    assert client.get(path).status_code == 404


def test_deck_done_says_when_the_next_card_is_due(client, card_bank, make_user, sign_in_as):
    ada = make_user()
    for fact in card_bank.facts[:2]:
        rate_fact(ada.id, fact, Rating.Easy, utcnow())
    db.session.commit()
    sign_in_as(client, ada)
    page = client.get("/flashcards/demo").get_data(as_text=True)
    assert "All caught up" in page and "The next one is due" in page


def test_rating_needs_the_csrf_token(csrf_client, card_bank):
    assert csrf_client.post(
        "/flashcards/demo/cards/start/rating", data={"rating": "3", "version": "0"}
    ).status_code == 400
    token = csrf_token_on(csrf_client, "/flashcards/demo/cards/start?side=back")
    response = csrf_client.post(
        "/flashcards/demo/cards/start/rating",
        data={"rating": "3", "version": "0", "csrf_token": token},
    )
    assert response.status_code == 302


@pytest.mark.both_engines
def test_flashcard_page_query_count_does_not_grow_with_reviews(
    client, card_bank, make_user, sign_in_as, query_counter
):
    ada = make_user()
    sign_in_as(client, ada)
    with query_counter() as before:
        assert "When did this happen?" in client.get("/flashcards/demo").get_data(as_text=True)
    month_ago = utcnow() - timedelta(days=30)
    rate_fact(ada.id, card_bank.facts[0], Rating.Again, month_ago)
    rate_fact(ada.id, card_bank.facts[1], Rating.Hard, month_ago)
    db.session.commit()
    with query_counter() as after:
        page = client.get("/flashcards/demo").get_data(as_text=True)
    assert "2 due for review" in page
    assert len(after) == len(before)

"""The progress page, the weak-facts quiz and mastery marks on the study sheet."""

import re
from datetime import datetime, timedelta

import pytest
from conftest import answers_loaded_in_bulk
from sqlalchemy import func, insert, select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, ReviewState, User
from quizapp.models.types import utcnow
from quizapp.study.attempts import attempt_with_questions
from quizapp.study.mastery import CategoryAccuracy
from quizapp.study.progress import accuracy_by_category, weakest_facts
from quizapp.vocabulary import Mastery, QuizMode

pytestmark = pytest.mark.both_engines  # SQL aggregates, constraints and migrations differ by engine

# Seven facts with one question each, fact "a" also having a second active and a retired one.
WEAK_FACTS = [
    {"key": key, "category": "other", "statement": f"Statement about {key}.", "paragraph": None}
    for key in "abcdefg"
]
WEAK_QUESTIONS = [
    {"key": f"q-{key}", "category": "other", "type": "true_false", "prompt": f"True of {key}?",
     "fact": key, "data": {"answer": True}}
    for key in "abcdefg"
] + [
    {"key": "q-a-second", "category": "other", "type": "true_false", "prompt": "Also a?",
     "fact": "a", "data": {"answer": True}},
    {"key": "q-a-retired", "category": "other", "type": "true_false", "prompt": "Once a?",
     "fact": "a", "data": {"answer": True}, "is_retired": True},
]
# (question key, answers, misses) chosen so the order tests every tie-break.
WEAK_ANSWERS = [
    ("q-a", 2, 2), ("q-a-second", 2, 1),  # a: 3 missed of 4
    ("q-b", 5, 2),                        # b: 2 of 5
    ("q-c", 2, 2),                        # c: 2 of 2, a worse share, so before b
    ("q-d", 1, 1),                        # d: 1 of 1, before e on the sheet
    ("q-e", 1, 1),                        # e: 1 of 1
    ("q-f", 3, 1),                        # f: 1 of 3, sixth so left out
    ("q-g", 2, 0),                        # g: never missed
]


def by_key(bank):
    return {question.key: question for question in bank.questions}


def answers_for(questions, plan):
    """Expand (key, answers, misses) into (question, points) pairs, misses first."""
    pairs = []
    for key, answers, misses in plan:
        pairs += [(questions[key], 0)] * misses + [(questions[key], 1)] * (answers - misses)
    return pairs


def page_of(client, path="/progress/demo") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def weak_bank(make_bank):
    return make_bank(facts=WEAK_FACTS, questions=WEAK_QUESTIONS)


def test_accuracy_sums_points_per_category_over_every_attempt(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    bank = make_bank()
    questions = by_key(bank)
    ada, bob = make_user(), make_user(username="bob")
    make_attempt(ada, bank, [(questions["q-single"], 1), (questions["q-multiple"], 0.5),
                             (questions["q-date"], 0)])
    make_attempt(ada, bank, [(questions["q-single"], 1), (questions["q-date"], 1),
                             (questions["q-ordering"], 1), (questions["q-text"], 0)])
    make_attempt(bob, bank, [(questions["q-text"], 1), (questions["q-tf"], 1)])
    # Questions handed out but never answered do not count against the learner.
    attempt_with_questions(ada, bank, QuizMode.PRACTICE, [questions["q-text"].id], utcnow())
    db.session.commit()

    assert accuracy_by_category(ada.id, bank.id) == [
        CategoryAccuracy("date", 2.0, 3.0),
        CategoryAccuracy("official", 0.0, 1.0),
        CategoryAccuracy("place", 2.5, 3.0),
    ]
    sign_in_as(client, ada)
    page = page_of(client)
    for row in ("67% of 3 points", "0% of 1 point<", "83% of 3 points"):
        assert row in page
    assert 'value="83"' in page
    assert "Other</th>" not in page


def test_weakest_facts_come_worst_first_and_stop_at_five(
    make_user, weak_bank, make_attempt
):
    ada, bob = make_user(), make_user(username="bob")
    questions = by_key(weak_bank)
    make_attempt(ada, weak_bank, answers_for(questions, WEAK_ANSWERS))
    make_attempt(bob, weak_bank, answers_for(questions, [("q-g", 9, 9)]))

    weak = weakest_facts(ada.id, weak_bank.id)

    assert [(fact.statement, fact.misses, fact.answers) for fact in weak] == [
        ("Statement about a.", 3, 4),
        ("Statement about c.", 2, 2),
        ("Statement about b.", 2, 5),
        ("Statement about d.", 1, 1),
        ("Statement about e.", 1, 1),
    ]


def test_progress_page_lists_weak_facts_in_order_with_their_counts(
    client, make_user, weak_bank, make_attempt, sign_in_as
):
    ada = make_user()
    make_attempt(ada, weak_bank, answers_for(by_key(weak_bank), WEAK_ANSWERS))
    sign_in_as(client, ada)
    page = page_of(client)
    shown = re.findall(r"Statement about (\w)\.\s*<span class=\"hint\">Missed (\d+) of (\d+)", page)
    assert shown == [("a", "3", "4"), ("c", "2", "2"), ("b", "2", "5"), ("d", "1", "1"),
                     ("e", "1", "1")]
    assert page.count('value="Quiz me on these facts"') == 1


def test_weak_facts_quiz_asks_their_active_questions_for_the_learner(
    client, make_user, weak_bank, make_attempt, sign_in_as
):
    ada, bob = make_user(), make_user(username="bob")
    ada_id = ada.id
    questions = by_key(weak_bank)
    make_attempt(ada, weak_bank, answers_for(questions, WEAK_ANSWERS))
    make_attempt(bob, weak_bank, answers_for(questions, [("q-g", 9, 9)]))
    sign_in_as(client, ada)

    response = client.post("/progress/demo/weak-facts-quiz")

    db.session.remove()
    attempt = db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()
    assert response.headers["Location"] == f"/quiz/{attempt.id}/1"
    assert attempt.user_id == ada_id
    assert attempt.mode == QuizMode.PRACTICE
    assert not attempt.is_finished
    assert [item.question.key for item in attempt.items] == [
        "q-a", "q-a-second", "q-c", "q-b", "q-d", "q-e"
    ]


def test_weak_facts_quiz_without_misses_starts_nothing(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    bank = make_bank()
    ada = make_user()
    make_attempt(ada, bank, [(question, 1) for question in bank.questions])
    sign_in_as(client, ada)

    response = client.post("/progress/demo/weak-facts-quiz")

    assert response.headers["Location"] == "/progress/demo"
    assert "no missed facts to quiz you on" in page_of(client)
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_visitor_is_pointed_to_a_quiz_and_no_guest_is_made(client, make_bank):
    make_bank()
    page = page_of(client)
    assert 'href="/banks/demo">Take a quiz' in page
    assert 'href="/auth/login?next=/progress/demo">sign in' in page
    response = client.post("/progress/demo/weak-facts-quiz")
    assert response.headers["Location"] == "/progress/demo"
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_bank_is_not_found(client, make_user, sign_in_as, method):
    sign_in_as(client, make_user())
    path = "/progress/nope" + ("/weak-facts-quiz" if method == "post" else "")
    assert getattr(client, method)(path).status_code == 404


def test_another_learners_answers_never_show(
    client, make_user, weak_bank, make_attempt, sign_in_as
):
    ada, bob = make_user(), make_user(username="bob")
    make_attempt(bob, weak_bank, answers_for(by_key(weak_bank), WEAK_ANSWERS))
    sign_in_as(client, ada)
    page = page_of(client)
    assert "Statement about" not in page
    assert "not answered any question in this bank yet" in page
    assert "No streak yet" in page


def test_streak_counts_days_in_any_bank_up_to_yesterday(
    client, make_user, make_bank, make_attempt, sign_in_as
):
    bank, other = make_bank(), make_bank(slug="other", title="Other bank")
    ada, bob = make_user(), make_user(username="bob")
    now = utcnow()
    make_attempt(ada, bank, [(bank.questions[0], 1)], finished_at=now - timedelta(days=1))
    make_attempt(ada, other, [(other.questions[0], 0)], finished_at=now - timedelta(days=2))
    make_attempt(ada, bank, [(bank.questions[1], 1)], finished_at=now - timedelta(days=2))
    make_attempt(ada, bank, [(bank.questions[1], 1)], finished_at=now - timedelta(days=4))
    make_attempt(bob, bank, [(bank.questions[1], 1)], finished_at=now)
    make_attempt(bob, bank, [(bank.questions[1], 1)], finished_at=now - timedelta(days=3))
    sign_in_as(client, ada)
    assert "2 days in a row" in page_of(client)


def test_progress_page_shows_reviews_due(client, make_user, make_bank, sign_in_as):
    bank = make_bank()
    ada = make_user()
    now = utcnow()
    for question, due_at in zip(bank.questions[:3], [-2, -1, 3], strict=True):
        db.session.add(review_state(ada, question, Mastery.LEARNING, True,
                                    now + timedelta(days=due_at)))
    db.session.commit()
    sign_in_as(client, ada)
    assert "2 questions due for review now." in page_of(client)


def review_state(user, question, mastery, last_is_correct, due_at=None):
    now = utcnow()
    return ReviewState(user=user, question=question, card_state={}, mastery=mastery,
                       due_at=due_at or now + timedelta(days=1), last_reviewed_at=now,
                       last_is_correct=last_is_correct, review_count=1)


# Per fact: each question's (mastery, right last time), or None for no card.
MASTERY_CASES = {
    "a": ([(Mastery.KNOWN, True), (Mastery.KNOWN, True)], "Known"),
    "b": ([(Mastery.KNOWN, True)], "Known"),
    "c": ([(Mastery.KNOWN, False)], "Learning"),
    "d": ([(Mastery.LEARNING, True)], "Learning"),
    "e": ([], "Not seen"),
}


def test_study_sheet_marks_each_fact_with_the_learners_mastery(
    client, make_user, weak_bank, sign_in_as
):
    ada, bob = make_user(), make_user(username="bob")
    questions = by_key(weak_bank)
    for key, (states, _) in MASTERY_CASES.items():
        keys = [f"q-{key}", "q-a-second"][: len(states)]
        for question_key, (mastery, right) in zip(keys, states, strict=True):
            db.session.add(review_state(ada, questions[question_key], mastery, right))
    # A retired question's card and another learner's cards do not count.
    db.session.add(review_state(ada, questions["q-a-retired"], Mastery.LEARNING, False))
    db.session.add(review_state(bob, questions["q-e"], Mastery.KNOWN, True))
    db.session.commit()
    sign_in_as(client, ada)

    page = page_of(client, "/banks/demo")

    marks = dict(re.findall(r"Statement about (\w)\.\s*<span class=\"mastery [\w-]+\">([\w ]+)<",
                            page))
    assert marks == {key: label for key, (_, label) in MASTERY_CASES.items()} | {
        "f": "Not seen", "g": "Not seen"
    }
    assert '<span class="mastery mastery-not-seen">Not seen</span>' in page
    assert 'href="/progress/demo">Your progress' in page


def test_study_sheet_shows_no_mastery_to_a_visitor(client, make_bank):
    make_bank()
    page = page_of(client, "/banks/demo")
    assert 'class="mastery' not in page
    assert "Your progress" not in page


def test_result_page_links_to_progress(client, make_user, make_bank, make_attempt, sign_in_as):
    bank = make_bank()
    ada = make_user()
    attempt = make_attempt(ada, bank, [(bank.questions[0], 1)])
    sign_in_as(client, ada)
    assert 'href="/progress/demo">Your progress' in page_of(client, f"/quiz/{attempt.id}/result")


def count_queries(client, query_counter, path) -> int:
    with query_counter() as statements:
        page_of(client, path)
    return len(statements)


@pytest.mark.parametrize("path", ["/progress/demo", "/banks/demo"])
def test_query_count_does_not_grow_with_attempts(
    client, make_user, make_bank, make_attempt, sign_in_as, query_counter, path
):
    bank = make_bank()
    ada = make_user()
    sign_in_as(client, ada)
    db.session.add_all(review_state(ada, question, Mastery.LEARNING, False)
                       for question in bank.questions)
    now = utcnow()
    counts = []
    for n in range(60):
        answers = [(question, n % 2) for question in bank.questions]
        make_attempt(ada, bank, answers, finished_at=now - timedelta(days=n))
        if n + 1 in (3, 60):
            counts.append(count_queries(client, query_counter, path))
    assert counts[0] == counts[1]
    if path == "/progress/demo":
        # The learner, the bank, accuracy, weak facts, the version of the learner's
        # study quarters, their latest run of days and reviews due; seen again with
        # nothing new, the streak worked out the first time is reused.
        assert counts == [PROGRESS_QUERIES, PROGRESS_QUERIES]
        assert count_queries(client, query_counter, path) == PROGRESS_QUERIES - 1


PROGRESS_QUERIES = 7
SCALE_ATTEMPTS = 1250  # eight answers each: 10,000 recorded answers
SCALE_DAYS = 200


def test_progress_page_with_ten_thousand_answers(
    client, make_user, make_bank, make_attempt, sign_in_as, query_counter
):
    bank = make_bank()
    ada = make_user()
    sign_in_as(client, ada)
    make_attempt(ada, bank, [(bank.questions[0], 1)])
    small = count_queries(client, query_counter, "/progress/demo")

    today = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    expected = record_answers(ada, bank, today)
    db.session.commit()

    with query_counter() as statements:
        page = page_of(client)
    assert len(statements) == small == PROGRESS_QUERIES
    assert db.session.scalar(select(func.count()).select_from(AttemptItem)) == 10_001
    for category, (earned, possible) in expected.items():
        assert f"{round(100 * earned / possible)}% of {possible:,} points" in page, category
    assert f"{SCALE_DAYS} days in a row" in page


def record_answers(user, bank, today: datetime) -> dict[str, tuple[int, int]]:
    """Bulk-insert a long history of answers; return (earned, possible) per category."""
    attempt_ids = db.session.scalars(
        insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
        [
            {"user_id": user.id, "bank_id": bank.id, "mode": "practice", "categories": [],
             "started_at": day, "finished_at": day, "points_earned": 0, "points_possible": 0}
            for day in (today - timedelta(days=n % SCALE_DAYS) for n in range(SCALE_ATTEMPTS))
        ],
    ).all()
    totals = {question.category: [0, 0] for question in bank.questions}
    totals[bank.questions[0].category] = [1, 1]  # the small attempt's one right answer
    rows = []
    for n, attempt_id in enumerate(attempt_ids):
        answered_at = today - timedelta(days=n % SCALE_DAYS)
        for position, question in enumerate(bank.questions, start=1):
            right = (n + position) % 3 != 0
            totals[question.category][0] += right
            totals[question.category][1] += 1
            rows.append({
                "attempt_id": attempt_id, "question_id": question.id, "position": position,
                "presentation": {}, "response": "recorded", "points_earned": float(right),
                "points_possible": 1.0, "is_correct": right, "answered_at": answered_at,
                "seconds_taken": 5.0,
            })
    with answers_loaded_in_bulk():
        db.session.execute(insert(AttemptItem), rows)
    return {category: (earned, possible) for category, (earned, possible) in totals.items()}


"""The item statistics kept in SQL tallies agree with the pure module, quizapp.study.item_stats."""

import math
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from item_stats_support import assert_same_statistics, reference_statistics

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem
from quizapp.study.item_queries import bank_item_statistics
from quizapp.study.item_stats import PairSums
from quizapp.study.item_tallies import count_finished_attempts

pytestmark = pytest.mark.both_engines

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)

# Each scenario is a list of attempts; each attempt maps a question key to
# (share earned, stored response, seconds taken). The worked examples of
# tests/test_item_stats.py, and the awkward cases around them.
SCENARIOS = {
    "perfectly-discriminating": [
        {"q-single": (0.0, "Tartus", 5), "q-tf": (0.0, False, 6), "q-date": (1.0, "2015-09", 7)},
        {"q-single": (0.0, "Latakia", 5), "q-tf": (1.0, True, 6), "q-date": (0.0, "2016", 7)},
        {"q-single": (1.0, "Hmeimim", 5), "q-tf": (1.0, True, 6), "q-date": (1.0, "2015-09", 7)},
        {"q-single": (1.0, "Hmeimim", 5), "q-tf": (1.0, True, 6), "q-date": (1.0, "2015-09", 7)},
    ],
    "negatively-discriminating-uneven-lengths": [
        {"q-text": (1.0, "Shoigu", 12), "q-tf": (0.0, False, None), "q-date": (0.0, "2014", 3)},
        {"q-text": (1.0, "Shoigu", 9), "q-tf": (0.0, False, 4)},
        {"q-text": (0.0, "Lavrov", 30), "q-tf": (1.0, True, 2), "q-date": (1.0, "2015-09", 8),
         "q-numeric": (1.0, "9000", 9)},
        {"q-text": (0.0, " lavrov  ", None), "q-tf": (1.0, True, 2), "q-date": (1.0, "2015-09", 5)},
        {"q-text": (0.0, "Putin", 14), "q-tf": (1.0, True, 1)},
    ],
    "partial-credit-and-skips": [
        {"q-multiple": (0.5, ["Palmyra"], 10), "q-ordering": (0.25, ["b", "a"], 20),
         "q-text": (0.0, None, 4)},
        {"q-multiple": (1.0, ["Palmyra", "Aleppo"], 11), "q-ordering": (1.0, ["a", "b"], 21),
         "q-text": (0.0, "  ", 4)},
        {"q-multiple": (0.5, ["Aleppo"], 12), "q-ordering": (0.5, ["a", "c"], 22),
         "q-text": (1.0, "Sergei Shoigu", 4)},
    ],
    "constant-scores-and-lone-answers": [
        {"q-single": (1.0, "Hmeimim", 1), "q-numeric": (0.1, "8000", 1)},
        {"q-single": (1.0, "Hmeimim", 1), "q-numeric": (0.1, "8000", 1)},
        {"q-single": (1.0, "Hmeimim", 1), "q-numeric": (0.1, "7000", 1)},
        {"q-date": (0.0, "2016", 1)},
        {"q-date": (1.0, "2015-09", 1)},
    ],
}


def store_attempts(bank, user, attempts) -> None:
    """Store finished attempts whose items earn the given shares of one point each."""
    questions = {question.key: question for question in bank.questions}
    for number, answers in enumerate(attempts):
        attempt = Attempt(user=user, bank=bank, mode="practice", categories=[],
                          started_at=NOW - timedelta(hours=number, minutes=5),
                          finished_at=NOW - timedelta(hours=number))
        for position, (key, (share, response, seconds)) in enumerate(answers.items(), start=1):
            attempt.items.append(AttemptItem(
                question=questions[key], position=position, points_possible=1.0,
                points_earned=share, is_correct=share == 1.0, response=response,
                answered_at=attempt.finished_at, seconds_taken=seconds,
            ))
        db.session.add(attempt)
    count_every_attempt()


def count_every_attempt() -> None:
    """Count the stored attempts in the tallies, as finishing each of them does."""
    db.session.flush()
    count_finished_attempts(db.session.scalars(db.select(Attempt.id).order_by(Attempt.id)).all())
    db.session.commit()


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sql_statistics_match_the_pure_module(make_bank, make_user, scenario):
    bank = make_bank()
    store_attempts(bank, make_user(), SCENARIOS[scenario])
    expected = reference_statistics(bank)
    computed = bank_item_statistics(
        db.session, bank.id, {question.id: question for question in bank.questions}
    )
    assert computed, "the scenario should produce statistics"
    assert_same_statistics(computed, expected)


def test_worked_discrimination_comes_out_of_sql(make_bank, make_user):
    # From tests/test_item_stats.py: q-single scores 0, 0, 1, 1 against a rest of
    # 0.5, 0.5, 1, 1, so r = 1; q-date's rest is 0, 0.5, 1, 1 against 1, 0, 1, 1.
    bank = make_bank()
    store_attempts(bank, make_user(), SCENARIOS["perfectly-discriminating"])
    rows = {row.question_key: row for row in bank_item_statistics(
        db.session, bank.id, {question.id: question for question in bank.questions}
    )}
    assert rows["q-single"].discrimination == pytest.approx(1.0)
    assert rows["q-single"].facility == pytest.approx(0.5)
    # Two wrong answers given once each: the tie goes alphabetically.
    assert [wrong.text for wrong in rows["q-single"].common_wrong_answers] == ["Latakia", "Tartus"]


def test_unfinished_attempts_and_unanswered_items_do_not_count(make_bank, make_user):
    bank = make_bank()
    user = make_user()
    store_attempts(bank, user, SCENARIOS["perfectly-discriminating"])
    open_attempt = Attempt(user=user, bank=bank, mode="practice", categories=[], started_at=NOW)
    open_attempt.items.append(AttemptItem(question=bank.questions[0], position=1,
                                          points_possible=1.0, points_earned=0.0,
                                          is_correct=False, response="Tartus", answered_at=NOW))
    last = db.session.scalars(db.select(Attempt).order_by(Attempt.id.desc())).first()
    last.items.append(AttemptItem(question=bank.questions[3], position=9, points_possible=1.0))
    db.session.add(open_attempt)
    db.session.commit()
    rows = {row.question_key: row for row in bank_item_statistics(
        db.session, bank.id, {question.id: question for question in bank.questions}
    )}
    assert rows["q-single"].times_answered == 4
    assert "q-numeric" not in rows


@pytest.mark.parametrize(("is_correct", "facility"), [(True, 1.0), (False, 0.0)])
def test_question_worth_no_points_counts_as_right_or_wrong(make_bank, make_user, is_correct,
                                                           facility):
    bank = make_bank()
    attempt = Attempt(user=make_user(), bank=bank, mode="practice", categories=[],
                      started_at=NOW, finished_at=NOW)
    attempt.items.append(AttemptItem(question=bank.questions[0], position=1,
                                     points_possible=0.0, points_earned=0.0,
                                     is_correct=is_correct, response="Hmeimim", answered_at=NOW))
    db.session.add(attempt)
    count_every_attempt()
    [row] = bank_item_statistics(db.session, bank.id, {bank.questions[0].id: bank.questions[0]})
    assert row.facility == facility


def test_pair_sums_give_pearsons_r():
    # x = 1, 1, 0, 0 against y = 0, 0.5, 1, 1: r = -3 / sqrt(11), as worked out by hand.
    xs, ys = [1, 1, 0, 0], [0, 0.5, 1, 1]
    sums = PairSums(4, sum(xs), sum(ys), sum(x * x for x in xs), sum(y * y for y in ys),
                    sum(x * y for x, y in zip(xs, ys, strict=True)))
    assert sums.correlation() == pytest.approx(-3 / math.sqrt(11))
    assert PairSums(1, 1, 1, 1, 1, 1).correlation() is None
    assert PairSums(3, 0.3, 1, 0.03, 0.5, 0.1).correlation() is None


def test_migrations_index_answers_by_attempt_with_their_scores(app):
    # The statistics scan reads every answer of a bank in attempt order from this
    # index alone; without it PostgreSQL visits a million table rows.
    with app.app_context():
        indexes = {index["name"]: index["column_names"]
                   for index in sa.inspect(db.engine).get_indexes("attempt_item")}
    assert indexes["ix_attempt_item_attempt_id_scores"] == [
        "attempt_id", "question_id", "points_earned", "points_possible", "is_correct",
        "seconds_taken", "answered_at",
    ]

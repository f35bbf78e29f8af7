"""Percentages and shares of points: one rule, the same in Python and in SQL."""

import pytest
import sqlalchemy as sa

from quizapp.points import percent_expression, percent_of, share_earned


@pytest.mark.parametrize(("earned", "possible", "percent"), [
    (3, 4, 75.0), (0, 4, 0.0), (None, 4, 0.0), (2, 0, 0.0), (0, None, 0.0), (2.5, 5, 50.0),
])
def test_percent_of(earned, possible, percent):
    assert percent_of(earned, possible) == percent


@pytest.mark.parametrize(("earned", "possible"), [(3, 4), (0, 4), (2, 0), (1, 3)])
def test_the_database_computes_the_same_percentage(earned, possible):
    engine = sa.create_engine("sqlite://")
    with engine.connect() as connection:
        value = connection.execute(sa.select(percent_expression(
            sa.literal(earned, sa.Float), sa.literal(possible, sa.Float)))).scalar_one()
    assert value == pytest.approx(percent_of(earned, possible))


@pytest.mark.parametrize(("earned", "possible", "is_correct", "share"), [
    (1, 2, False, 0.5), (None, 2, False, 0.0), (0, 0, True, 1.0), (0, 0, False, 0.0),
])
def test_share_earned(earned, possible, is_correct, share):
    assert share_earned(earned, possible, is_correct) == share

"""How points become shares and percentages: one home for the rule, in Python and in SQL.

A quiz worth nothing scores 0%, never a division by zero; a question worth
nothing counts as fully right or fully wrong.
"""

from sqlalchemy import ColumnElement, Float, case, cast, func, literal


def percent_of(earned: float | None, possible: float | None) -> float:
    """Return the percentage of the possible points earned; 0 when nothing was possible."""
    if not possible:
        return 0.0
    return 100 * (earned or 0) / possible


def percent_expression(earned: ColumnElement, possible: ColumnElement) -> ColumnElement:
    """The same percentage computed by the database, for aggregates over many attempts."""
    return func.coalesce(100 * earned / func.nullif(possible, 0), 0)


def share_earned(earned: float | None, possible: float, is_correct: bool | None) -> float:
    """Return the share of the points earned; a question worth nothing counts as right or wrong."""
    if not possible:
        return 1.0 if is_correct else 0.0
    return (earned or 0.0) / possible


def share_expression(
    earned: ColumnElement, possible: ColumnElement, is_correct: ColumnElement
) -> ColumnElement:
    """The same share computed by the database, as a float on every engine."""
    return case(
        (possible == 0, case((is_correct.is_(True), literal(1.0, Float)),
                             else_=literal(0.0, Float))),
        else_=cast(func.coalesce(earned, 0), Float) / possible,
    )

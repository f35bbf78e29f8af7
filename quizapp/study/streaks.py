"""Study streaks: a learner's consecutive days of study, in their own time zone, in one query.

The days come from the quarter hours the learner answered in (`StudyQuarter`,
kept by the database), and the database numbers them to find the latest run of
consecutive days, so a year-long streak costs one row, not a year of rows.
"""

from datetime import datetime
from weakref import WeakKeyDictionary

from sqlalchemy import Date, Integer, bindparam, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from quizapp.extensions import db
from quizapp.models import StudyQuarter, StudyVersion
from quizapp.study.mastery import streak
from quizapp.zones import local_date, zone_named


class day_in_zone(GenericFunction):
    """The calendar day of a stored UTC timestamp in a learner's zone: day_in_zone(moment, zone)."""

    type = Date()
    inherit_cache = True


@compiles(day_in_zone, "postgresql")
def _day_in_zone_postgresql(element, compiler, **kw):
    moment, zone = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(timezone({zone}, {moment}) AS DATE)"


@compiles(day_in_zone, "sqlite")
def _day_in_zone_sqlite(element, compiler, **kw):
    # Registered on every SQLite connection by quizapp.extensions.
    return f"quizapp_local_date({compiler.process(element.clauses, **kw)})"


class day_number(GenericFunction):
    """A calendar day as a whole number that grows by one a day: day_number(day)."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "postgresql")
def _day_number_postgresql(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) AS INTEGER)"


def _latest_run():
    """Select the newest study day and the length of its run, for bindable user, zone and today.

    The days are materialized first so SQLite works out each quarter's day once.
    """
    day = day_in_zone(StudyQuarter.starts_at, bindparam("zone"))
    days = (
        select(day.label("day"))
        .where(StudyQuarter.user_id == bindparam("user_id"))
        .distinct()
        .cte("days")
        .prefix_with("MATERIALIZED")
    )
    run = day_number(days.c.day) + func.row_number().over(order_by=days.c.day.desc())
    numbered = select(days.c.day, run.label("run")).where(days.c.day <= bindparam("today"))
    numbered = numbered.subquery()
    return (
        select(func.max(numbered.c.day), func.count())
        .group_by(numbered.c.run)
        .order_by(numbered.c.run.desc())
        .limit(1)
    )


LATEST_RUN = _latest_run()


_VERSION = select(StudyVersion.version).where(StudyVersion.user_id == bindparam("user_id"))
# Streaks worked out, per database engine (so two apps in one process never share),
# per learner: (version of their quarters, zone, today, streak). Each worker keeps its own.
_worked_out: WeakKeyDictionary = WeakKeyDictionary()
KEPT_STREAKS = 10_000


def study_streak(user_id: int, now: datetime, zone_name: str | None = None) -> int:
    """Count the user's consecutive days of study, in any bank, up to today or yesterday.

    Days are the learner's own, in their time zone (UTC when they have none); days
    after today are left out. Numbered newest first, the days of one unbroken run
    share `day_number + position`, so the latest run is the group with the largest.
    A streak once worked out is reused, after one light query, until the learner's
    quarters change (the triggers move their version on), their zone, or the day.
    """
    zone_name = zone_named(zone_name).key
    today = local_date(now, zone_name)
    version = db.session.scalar(_VERSION, {"user_id": user_id})
    kept = _worked_out.setdefault(db.engine, {})
    key = (version, zone_name, today)
    known = kept.get(user_id)
    if known is not None and known[0] == key:
        return known[1]
    latest = db.session.execute(
        LATEST_RUN, {"user_id": user_id, "zone": zone_name, "today": today}
    ).first()
    days = streak(latest[0], latest[1], today) if latest else 0
    if len(kept) >= KEPT_STREAKS:
        kept.clear()
    kept[user_id] = (key, days)
    return days

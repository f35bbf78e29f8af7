"""Datetimes go in aware and come back aware and in UTC, on either engine."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text

from quizapp.models.types import UTCDateTime, read_sqlite_moment

MOMENTS = [
    datetime(2026, 12, 8, 2, 47, 0, tzinfo=UTC),
    datetime(2026, 12, 8, 2, 47, 0, 123456, tzinfo=UTC),
    datetime(2016, 3, 15, 9, 30, tzinfo=timezone(timedelta(hours=3))),  # Moscow, then
]


@pytest.fixture
def moments_table(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'types.sqlite'}")
    table = Table("moment", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UTCDateTime))
    table.create(engine)
    yield engine, table
    engine.dispose()


def test_sqlite_gives_back_the_same_instant_aware_in_utc(moments_table):
    engine, table = moments_table
    with engine.begin() as conn:
        conn.execute(insert(table), [{"at": moment} for moment in MOMENTS] + [{"at": None}])
        read = conn.scalars(select(table.c.at).order_by(table.c.id)).all()
    assert read[:-1] == MOMENTS  # the same instants...
    assert all(moment.tzinfo is UTC for moment in read[:-1])  # ...as UTC
    assert read[-1] is None


def test_text_written_by_sql_itself_reads_as_utc(moments_table):
    engine, table = moments_table
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO moment (at) VALUES (datetime('2026-12-08 02:47:00'))"))
        assert conn.scalar(select(table.c.at)) == datetime(2026, 12, 8, 2, 47, tzinfo=UTC)


def test_a_written_offset_is_kept_rather_than_taken_for_utc():
    assert read_sqlite_moment("2026-12-08T05:47:00+03:00") == datetime(2026, 12, 8, 2, 47,
                                                                       tzinfo=UTC)


def test_a_naive_datetime_is_refused(moments_table):
    engine, table = moments_table
    with pytest.raises(Exception, match="naive datetime"), engine.begin() as conn:
        conn.execute(insert(table), {"at": datetime(2026, 12, 8, 2, 47)})

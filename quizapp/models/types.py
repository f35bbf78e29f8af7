"""Column types shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, TypeDecorator


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Return `moment.astimezone(UTC)`, skipping the conversion for a moment already in UTC.

    Columns read back from SQLite are in UTC already, and pages write dozens of them.
    """
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def read_sqlite_moment(value: str | None) -> datetime | None:
    """Read a datetime SQLite keeps as text (always UTC, as written below) in one call.

    SQLAlchemy's own reading takes a regular expression and then a second call to
    add the zone; the history page reads a hundred of these.
    """
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator):
    """Store aware datetimes as UTC and always read them back aware.

    SQLite drops the zone; PostgreSQL keeps it. This makes both behave alike.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use an aware UTC datetime")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def result_processor(self, dialect, coltype):
        if dialect.name == "sqlite":
            return read_sqlite_moment
        return super().result_processor(dialect, coltype)

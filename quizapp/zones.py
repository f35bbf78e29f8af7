"""Learners' time zones: which names are valid and how a stored UTC moment reads locally.

A plain module (standard library only) so the templates, the study queries and
the SQLite connection hook can all share it.
"""

from datetime import UTC, date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_ZONE = "UTC"


@cache
def zone_names() -> tuple[str, ...]:
    """Return every IANA zone name this system knows, sorted, for the settings form."""
    return tuple(sorted(available_timezones() - {"localtime", "Factory"}))


@cache
def _zone_name_set() -> frozenset[str]:
    return frozenset(zone_names())


def is_zone_name(name: str | None) -> bool:
    """Tell whether a browser-reported name is a real IANA zone."""
    return bool(name) and name in _zone_name_set()


@cache
def zone_named(name: str | None) -> ZoneInfo:
    """Return the zone with this name, or UTC for a learner who has none (or a stale one)."""
    try:
        return ZoneInfo(name) if is_zone_name(name) else ZoneInfo(DEFAULT_ZONE)
    except ZoneInfoNotFoundError:
        return ZoneInfo(DEFAULT_ZONE)


def local_date(moment: datetime, zone_name: str | None) -> date:
    """Return the calendar day a UTC moment falls on in the named zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone_named(zone_name)).date()


def sqlite_local_date(stored: str | None, zone_name: str | None) -> str | None:
    """SQLite has no time zones: this is registered as its `quizapp_local_date` function.

    SQLite calls it once per row, so the day is worked out once per minute: every zone's
    offset is a whole number of minutes, so all moments in one UTC minute share a day.
    """
    if stored is None:
        return None
    return _local_day_of_minute(stored[:16], zone_name)


@lru_cache(maxsize=4096)
def _local_day_of_minute(minute: str, zone_name: str | None) -> str:
    return local_date(datetime.fromisoformat(minute), zone_name).isoformat()

"""Write history rows as CSV, a line at a time, safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Iterator

from quizapp.history.records import HistoryRow
from quizapp.interop.spreadsheet import defuse

HEADER = (
    "finished_at", "bank_slug", "bank_title", "mode", "categories",
    "points_earned", "points_possible", "percent", "seconds_taken",
)
def number_cell(value: float) -> str:
    return f"{value:g}"


def csv_cells(row: HistoryRow) -> tuple[str, ...]:
    """Return one row's cells in HEADER order."""
    return (
        row.finished_at.isoformat(),
        defuse(row.bank_slug),
        defuse(row.bank_title),
        defuse(row.mode),
        defuse(" ".join(row.categories) or "all"),
        number_cell(row.points_earned),
        number_cell(row.points_possible),
        f"{row.percent:.1f}",
        str(row.seconds_taken),
    )


def csv_lines(rows: Iterable[HistoryRow]) -> Iterator[str]:
    """Yield the header line, then one CSV line per row, never holding the whole file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield take(buffer)
    for row in rows:
        writer.writerow(csv_cells(row))
        yield take(buffer)


def take(buffer: io.StringIO) -> str:
    """Return what the buffer holds and empty it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text

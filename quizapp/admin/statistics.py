"""One bank's item statistics table: the figures summed in SQL, then the sortable headers."""

from dataclasses import dataclass

COLUMN_LABELS = {
    "question_key": "Question",
    "times_answered": "Times answered",
    "facility": "Facility",
    "discrimination": "Discrimination",
    "average_seconds": "Average time",
    "flags": "Flags",
}
ORDERS = {"asc": False, "desc": True}


@dataclass(frozen=True)
class TableOrder:
    """The column the table is sorted by, and which way."""

    column: str = "question_key"
    descending: bool = False

    @classmethod
    def from_query(cls, sort: str | None, order: str | None) -> "TableOrder":
        """Read ?sort=&order=, falling back to question order for anything unknown."""
        if sort not in COLUMN_LABELS:
            return cls()
        return cls(sort, ORDERS.get(order or "asc", False))


@dataclass(frozen=True)
class SortHeader:
    """A sortable column header: its aria-sort state and the order a click asks for."""

    column: str
    label: str
    aria_sort: str | None
    next_order: str


def sort_headers(current: TableOrder) -> dict[str, SortHeader]:
    """Describe every sortable header; clicking the sorted column reverses it."""
    headers = {}
    for column, label in COLUMN_LABELS.items():
        if column != current.column:
            headers[column] = SortHeader(column, label, None, "asc")
        elif current.descending:
            headers[column] = SortHeader(column, label, "descending", "asc")
        else:
            headers[column] = SortHeader(column, label, "ascending", "desc")
    return headers


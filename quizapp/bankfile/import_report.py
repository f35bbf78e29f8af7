"""What an import does to a bank, record by record, as the preview, CLI and flash message say it."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Change(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    RETIRED = "retired"
    RESTORED = "restored"
    KEPT_RETIRED = "kept_retired"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        """Name the change for people."""
        return "kept retired by an admin" if self is Change.KEPT_RETIRED else self.value


@dataclass(frozen=True)
class FieldChange:
    """One field of a question before and after an import, for the upload preview."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class KeyChanges:
    """The ids of one kind of record (facts or questions), grouped by what an import does."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    kept_retired: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @classmethod
    def tally(cls, changes: Iterable[tuple[str, Change]]) -> "KeyChanges":
        """Group (key, change) pairs, keeping their order within each group."""
        groups: dict[str, list[str]] = {change.value: [] for change in Change}
        for key, change in changes:
            groups[change.value].append(key)
        return cls(**{name: tuple(keys) for name, keys in groups.items()})

    @property
    def is_unchanged(self) -> bool:
        return not (self.added or self.updated or self.retired or self.restored)


@dataclass(frozen=True)
class ImportReport:
    bank: str
    bank_change: Change  # added, updated or unchanged: the bank's own title, description, source
    facts: KeyChanges
    questions: KeyChanges
    # For each updated question, by id: the fields that change.
    question_diffs: tuple[tuple[str, tuple[FieldChange, ...]], ...] = ()

    @property
    def is_unchanged(self) -> bool:
        return (
            self.bank_change == Change.UNCHANGED
            and self.facts.is_unchanged
            and self.questions.is_unchanged
        )

    @property
    def change(self) -> Change:
        """What happens to the bank as a whole: updated whenever anything in it changes."""
        if self.bank_change == Change.ADDED:
            return Change.ADDED
        return Change.UNCHANGED if self.is_unchanged else Change.UPDATED

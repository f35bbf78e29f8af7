"""Check an uploaded bank file and preview its import, the way `flask bank check` would."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy.orm import Session

from quizapp.admin.staging import StagedUpload
from quizapp.bankfile.import_report import Change, FieldChange, ImportReport, KeyChanges
from quizapp.bankfile.importer import ImportPlan, make_plan
from quizapp.bankfile.loader import load_bank_text
from quizapp.bankfile.problems import Problem

PLANNED_CHANGES = (Change.ADDED, Change.UPDATED, Change.RETIRED, Change.RESTORED)


@dataclass(frozen=True)
class ProblemExcerpt:
    """A problem with the line of the file it points at, and a caret under its column."""

    problem: Problem
    line_text: str | None
    pointer: str


def upload_label(filename: str | None) -> str:
    """Name an upload by its base name, whatever path the browser sent along."""
    return PurePosixPath((filename or "").replace("\\", "/")).name or "upload.yaml"


def excerpt_problems(raw: bytes, problems: list[Problem]) -> tuple[ProblemExcerpt, ...]:
    """Pair each problem with the offending line, read leniently so bad bytes still show."""
    lines = raw.decode("utf-8", errors="replace").splitlines()
    excerpts = []
    for problem in problems:
        line_text = lines[problem.line - 1] if 1 <= problem.line <= len(lines) else None
        excerpts.append(ProblemExcerpt(problem, line_text, " " * (problem.column - 1) + "^"))
    return tuple(excerpts)


def plan_upload(staged: StagedUpload, max_bytes: int, session: Session) -> ImportPlan:
    """Validate the staged file again and plan its import; raise BankFileError if it fails."""
    return make_plan(load_bank_text(staged.raw, staged.filename, max_bytes), session)


def plan_fingerprint(report: ImportReport) -> str:
    """Digest a plan so a confirmation can tell whether the database moved since the preview."""
    return hashlib.sha256(repr(report).encode()).hexdigest()


def summarise_import(report: ImportReport) -> str:
    """Say in one line what an import changed, for the admin's flash message."""
    return (
        f"Imported bank {report.bank} ({report.change}). "
        f"Questions: {count_changes(report.questions)}. Facts: {count_changes(report.facts)}."
    )


def count_changes(changes: KeyChanges) -> str:
    counted = [*PLANNED_CHANGES, *([Change.KEPT_RETIRED] if changes.kept_retired else [])]
    return ", ".join(f"{len(getattr(changes, change))} {change.label}" for change in counted)


def readable_diffs(report: ImportReport) -> list[tuple[str, list[FieldChange]]]:
    """Write each updated question's changed fields as text an admin can compare."""
    return [
        (key, [FieldChange(change.field, as_text(change.before), as_text(change.after))
               for change in changes])
        for key, changes in report.question_diffs
    ]


def as_text(value: Any) -> str:
    """Show a field value: lists joined by semicolons, mappings as pairs, nothing as a dash."""
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return "; ".join(as_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{left} → {as_text(right)}" for left, right in value.items())
    return str(value)

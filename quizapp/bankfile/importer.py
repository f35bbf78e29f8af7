"""Upsert one bank from its spec, matching facts and questions by their stable ids.

A question or fact missing from the file is retired, never deleted, so the
attempts that asked it keep their history; one that comes back is restored,
unless an admin retired it by hand. A question whose prompt, key or choices
change gets a new version, so past attempts keep the version they asked.
Nothing here commits: the caller owns the transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from quizapp.bankfile.import_report import Change, FieldChange, ImportReport, KeyChanges
from quizapp.bankfile.question_specs import QuestionSpec
from quizapp.bankfile.reading import collector_paused
from quizapp.bankfile.schema import BankSpec, FactSpec
from quizapp.models import Bank, Fact, Question, QuestionVersion
from quizapp.models.version import VERSIONED_FIELDS

INSERT_BATCH = 1000


@dataclass(frozen=True)
class RowPlan:
    """What to do to one fact or question row: the values it should end up with."""

    key: str
    row: Any
    values: dict[str, Any]
    change: Change


@dataclass(frozen=True)
class ImportPlan:
    slug: str  # not the whole spec, so a caller done with the spec lets it go
    bank: Bank | None
    bank_values: dict[str, Any]
    facts: list[RowPlan]
    questions: list[RowPlan]

    def report(self) -> ImportReport:
        if self.bank is None:
            bank_change = Change.ADDED
        elif differs(self.bank, self.bank_values):
            bank_change = Change.UPDATED
        else:
            bank_change = Change.UNCHANGED
        return ImportReport(
            bank=self.slug,
            bank_change=bank_change,
            facts=KeyChanges.tally((item.key, item.change) for item in self.facts),
            questions=KeyChanges.tally((item.key, item.change) for item in self.questions),
            question_diffs=tuple(
                (item.key, field_changes(item.row, item.values))
                for item in self.questions
                if item.change == Change.UPDATED
            ),
        )


def plan_import(spec: BankSpec, session: Session, restore_retired: bool = False) -> ImportReport:
    """Report what importing the spec would change, without changing anything."""
    return make_plan(spec, session, restore_retired).report()


def import_bank(spec: BankSpec, session: Session, restore_retired: bool = False) -> ImportReport:
    """Bring the bank in the database in line with the spec and report what changed.

    Questions an admin retired stay retired unless `restore_retired` is given.
    """
    plan = make_plan(spec, session, restore_retired)
    report = plan.report()
    apply_plan(plan, session)
    return report


@collector_paused()
def make_plan(spec: BankSpec, session: Session, restore_retired: bool = False) -> ImportPlan:
    bank = session.scalar(Bank.by_slug(spec.bank))
    return ImportPlan(
        slug=spec.bank,
        bank=bank,
        bank_values=bank_values(spec),
        facts=pair_up(
            {fact.key: fact for fact in bank.facts} if bank else {},
            [(fact.id, fact_values(fact, index)) for index, fact in enumerate(spec.facts)],
        ),
        questions=pair_up(
            {question.key: question for question in bank.questions} if bank else {},
            [(q.id, question_values(q, index)) for index, q in enumerate(spec.questions)],
            restore_retired,
        ),
    )


def bank_values(spec: BankSpec) -> dict[str, Any]:
    return {
        "title": spec.title,
        "description": spec.description,
        "source_publisher": spec.source.publisher,
        "source_title": spec.source.title,
        "source_published": spec.source.published,
        "source_url": spec.source.url,
    }


def fact_values(fact: FactSpec, position: int) -> dict[str, Any]:
    return {
        "key": fact.id,
        "category": fact.category.value,
        "statement": fact.statement,
        "paragraph": fact.paragraph,
        "position": position,
        "is_retired": False,
    }


def question_values(question: QuestionSpec, position: int) -> dict[str, Any]:
    return {
        "key": question.id,
        "fact": question.fact,
        "category": question.category.value,
        "type": question.type,
        "prompt": question.prompt,
        "explanation": question.explanation or "",
        "points": question.points,
        "paragraph": question.paragraph,
        "data": question.type_data(),
        "position": position,
        "is_retired": False,
        "is_retired_by_admin": False,
    }


def pair_up(
    existing: dict[str, Any], wanted: list[tuple[str, dict]], restore_retired: bool = False
) -> list[RowPlan]:
    """Match wanted records to stored rows by key; plan to retire rows no longer wanted."""
    plans = [plan_row(key, existing.get(key), values, restore_retired) for key, values in wanted]
    wanted_keys = {key for key, _ in wanted}
    plans += [
        RowPlan(key, row, {"is_retired": True}, Change.RETIRED)
        for key, row in existing.items()
        if key not in wanted_keys and not row.is_retired
    ]
    return plans


def plan_row(key: str, row: Any, values: dict[str, Any], restore_retired: bool) -> RowPlan:
    """Plan one wanted record: keep a question an admin retired retired, unless told not to."""
    if row is not None and getattr(row, "is_retired_by_admin", False) and not restore_retired:
        kept = {**values, "is_retired": True, "is_retired_by_admin": True}
        return RowPlan(key, row, kept, Change.KEPT_RETIRED)
    return RowPlan(key, row, values, classify(row, values))


def classify(row: Any, values: dict[str, Any]) -> Change:
    if row is None:
        return Change.ADDED
    if row.is_retired:
        return Change.RESTORED
    return Change.UPDATED if differs(row, values) else Change.UNCHANGED


def field_changes(row: Any, values: dict[str, Any]) -> tuple[FieldChange, ...]:
    """List the fields a question's update changes; its type data key by key."""
    changes = []
    for name, value in values.items():
        before = stored(row, name)
        if name == "data":
            changes += [
                FieldChange(key, before.get(key), value.get(key))
                for key in dict.fromkeys([*before, *value])
                if before.get(key) != value.get(key)
            ]
        elif before != value and name != "position":
            changes.append(FieldChange(name, before, value))
    return tuple(changes)


def stored(row: Any, name: str) -> Any:
    """Read a row's value the way the plan states it: a question's fact by its key."""
    if name == "fact":
        return row.fact.key if row.fact else None
    return getattr(row, name)


def differs(row: Any, values: dict[str, Any]) -> bool:
    return any(stored(row, name) != value for name, value in values.items())


@collector_paused()
def apply_plan(plan: ImportPlan, session: Session) -> None:
    """Write the plan: new rows in bulk, stored rows only where a value changes.

    Touching only changed values lets unchanged rows keep their updated_at. New
    facts, questions and first versions go in as a few multi-row INSERTs, since
    building an ORM object per row costs several times the parse of the file.
    """
    bank = plan.bank
    if bank is None:
        bank = Bank(slug=plan.slug)
        session.add(bank)
    assign(bank, plan.bank_values, lambda key: None)
    for item in plan.facts:
        if item.row is not None:
            assign(item.row, item.values, lambda key: None)
    session.flush()
    insert_rows(session, Fact, (
        {**item.values, "bank_id": bank.id} for item in plan.facts if item.row is None
    ))
    fact_ids = ids_by_key(session, Fact, bank.id)

    def fact_row(key: str | None) -> Fact | None:
        return None if key is None else session.get(Fact, fact_ids[key])

    for item in plan.questions:
        if item.row is not None:
            update_question(item, fact_row, session)
    new_questions = [item.values for item in plan.questions if item.row is None]
    insert_rows(session, Question, (
        {**without_fact(values), "bank_id": bank.id, "fact_id": fact_ids.get(values["fact"]),
         "version": 1}
        for values in new_questions
    ))
    question_ids = ids_by_key(session, Question, bank.id) if new_questions else {}
    insert_rows(session, QuestionVersion, (
        {"question_id": question_ids[values["key"]], "number": 1,
         **{name: values[name] for name in VERSIONED_FIELDS}}
        for values in new_questions
    ))
    session.flush()
    session.expire(bank, ["facts", "questions"])  # they now hold the rows inserted in bulk


def update_question(item: RowPlan, fact_row: Callable[[str | None], Any], session: Session) -> None:
    """Bring a stored question in line with its plan, with a new version if it is edited."""
    row = item.row
    is_edit = any(
        name in item.values and stored(row, name) != item.values[name]
        for name in VERSIONED_FIELDS
    )
    assign(row, item.values, fact_row)
    if is_edit:
        row.version = (row.version or 0) + 1
        session.add(QuestionVersion.of(row))


def insert_rows(session: Session, model: type, rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows by executemany, a batch at a time, so their parameters never pile up.

    Ids are read back by key afterwards, which every engine does fast.
    """
    rows = iter(rows)
    while batch := list(islice(rows, INSERT_BATCH)):
        session.execute(insert(model.__table__), batch)


def ids_by_key(session: Session, model: type, bank_id: int) -> dict[str, int]:
    return dict(session.execute(select(model.key, model.id).where(model.bank_id == bank_id)).all())


def without_fact(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name != "fact"}


def assign(row: Any, values: dict[str, Any], fact_row: Callable[[str | None], Any]) -> None:
    for name, value in values.items():
        if stored(row, name) != value:
            setattr(row, name, fact_row(value) if name == "fact" else value)

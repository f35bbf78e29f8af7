"""Importing a bank: upsert by stable ids, retire instead of delete, change nothing twice."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from quizapp.bankfile.importer import Change, KeyChanges, import_bank, plan_import
from quizapp.bankfile.loader import load_bank_text
from quizapp.extensions import db
from quizapp.models import Bank, Fact, Question

pytestmark = pytest.mark.both_engines  # SQL aggregates, constraints and migrations differ by engine

DATA = Path(__file__).parent / "data"
FULL = yaml.safe_load((DATA / "full.yaml").read_text(encoding="utf-8"))
FULL_QUESTION_KEYS = tuple(q["id"] for q in FULL["questions"])
FULL_FACT_KEYS = tuple(f["id"] for f in FULL["facts"])


def spec_of(document: dict):
    return load_bank_text(yaml.safe_dump(document, sort_keys=False), "test.yaml", 10**6)


def import_document(document: dict):
    """Import a bank document the way the CLI does: one transaction, then a clean session."""
    report = import_bank(spec_of(document), db.session)
    db.session.commit()
    db.session.remove()
    return report


def edited(**changes) -> dict:
    """Copy the full bank with top-level keys replaced."""
    return {**FULL, **changes}


def questions_without(key: str) -> list[dict]:
    return [q for q in FULL["questions"] if q["id"] != key]


def stored_question(key: str) -> Question:
    return db.session.scalar(select(Question).where(Question.key == key))


def test_first_import_adds_everything(app):
    report = import_document(FULL)
    assert report.bank == "norwick-ferry-strike"
    assert report.bank_change == Change.ADDED
    assert report.questions == KeyChanges(added=FULL_QUESTION_KEYS)
    assert report.facts == KeyChanges(added=FULL_FACT_KEYS)
    bank = db.session.scalar(Bank.by_slug("norwick-ferry-strike"))
    assert [q.key for q in bank.questions] == list(FULL_QUESTION_KEYS)
    assert bank.source_url == "https://example.org/norwick/ferry-strike"


@pytest.mark.parametrize(
    ("key", "category", "data"),
    [
        ("strike-start-day", "date", {"answer": "2021-06-02"}),
        ("strike-start-year", "date", {"answer": "2021"}),
        ("crossings", "figure", {"answer": 340, "tolerance_pct": 10, "unit": "crossings"}),
        ("home-port-name", "other", {"answer": True}),
        ("people-and-roles", "official", {"pairs": {
            "Mara Quill": "Union leader", "Ivo Brant": "Harbour master",
            "Lena Osk": "Mayor of Eastport"}}),
    ],
)
def test_import_stores_type_fields_as_written(app, key, category, data):
    import_document(FULL)
    question = stored_question(key)
    assert question.category == category
    assert question.data == data


def test_import_links_questions_to_their_facts(app):
    import_document(FULL)
    assert stored_question("crossings").fact.key == "crossings-cancelled"
    assert stored_question("island-towns").fact is None


def test_reimporting_an_unchanged_file_changes_nothing(app):
    import_document(FULL)
    stamps = dict(db.session.execute(select(Question.key, Question.updated_at)).all())
    bank_stamp = db.session.scalar(select(Bank.updated_at))
    db.session.remove()
    report = import_document(FULL)
    assert report.is_unchanged
    assert report.questions == KeyChanges(unchanged=FULL_QUESTION_KEYS)
    assert report.facts == KeyChanges(unchanged=FULL_FACT_KEYS)
    assert dict(db.session.execute(select(Question.key, Question.updated_at)).all()) == stamps
    assert db.session.scalar(select(Bank.updated_at)) == bank_stamp


def test_edited_question_keeps_its_row_and_is_reported_updated(app):
    import_document(FULL)
    row_id = stored_question("crossings").id
    questions = [
        {**q, "answer": 345} if q["id"] == "crossings" else q for q in FULL["questions"]
    ]
    report = import_document(edited(questions=questions))
    assert report.questions.updated == ("crossings",)
    assert stored_question("crossings").id == row_id
    assert stored_question("crossings").data["answer"] == 345


def test_import_retires_removed_question(app):
    import_document(FULL)
    report = import_document(edited(questions=questions_without("crossings")))
    assert report.questions.retired == ("crossings",)
    assert stored_question("crossings").is_retired
    assert db.session.scalar(select(func.count()).select_from(Question)) == len(
        FULL_QUESTION_KEYS
    )


def test_import_restores_a_retired_question_that_returns(app):
    import_document(FULL)
    row_id = stored_question("crossings").id
    import_document(edited(questions=questions_without("crossings")))
    report = import_document(FULL)
    assert report.questions.restored == ("crossings",)
    assert not stored_question("crossings").is_retired
    assert stored_question("crossings").id == row_id


def test_import_retires_removed_fact(app):
    import_document(FULL)
    facts = [f for f in FULL["facts"] if f["id"] != "home-port"]
    questions = [{k: v for k, v in q.items() if k != "fact"} | {"category": "other"}
                 if q.get("fact") == "home-port" else q for q in FULL["questions"]]
    report = import_document(edited(facts=facts, questions=questions))
    assert report.facts.retired == ("home-port",)
    assert report.questions.updated == ("home-port-name",)
    assert db.session.scalar(select(Fact.is_retired).where(Fact.key == "home-port"))
    assert stored_question("home-port-name").fact is None


def test_changed_title_updates_the_bank_only(app):
    import_document(FULL)
    report = import_document(edited(title="The Norwick ferry strike, day by day"))
    assert report.bank_change == Change.UPDATED
    assert report.questions.is_unchanged
    assert db.session.scalar(select(Bank.title)) == "The Norwick ferry strike, day by day"


def test_plan_import_reports_without_writing(app):
    import_document(FULL)
    spec = spec_of(edited(questions=questions_without("crossings")))
    report = plan_import(spec, db.session)
    db.session.commit()
    db.session.remove()
    assert report.questions.retired == ("crossings",)
    assert not stored_question("crossings").is_retired


def test_plan_import_of_a_new_bank_writes_nothing(app):
    report = plan_import(spec_of(FULL), db.session)
    db.session.commit()
    assert report.bank_change == Change.ADDED
    assert db.session.scalar(select(func.count()).select_from(Bank)) == 0


def test_banks_with_the_same_question_ids_stay_apart(app):
    import_document(FULL)
    import_document(edited(bank="another-bank"))
    assert db.session.scalar(select(func.count()).select_from(Question)) == 2 * len(
        FULL_QUESTION_KEYS
    )

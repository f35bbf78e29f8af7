"""Exporting a bank: YAML in the format's key order that imports back to the same bank."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from quizapp.bankfile.exporter import export_bank
from quizapp.bankfile.importer import import_bank
from quizapp.bankfile.loader import load_bank_file, load_bank_text
from quizapp.extensions import db
from quizapp.models import Bank

FULL = Path(__file__).parent / "data" / "full.yaml"
FEEDBACK = Path(__file__).parent / "data" / "feedback.yaml"
LIMIT = 10**6


def import_spec(spec) -> Bank:
    import_bank(spec, db.session)
    db.session.commit()
    db.session.remove()
    return db.session.scalar(Bank.by_slug(spec.bank))


def snapshot(bank: Bank) -> dict:
    """Everything an import decides about a bank, without row ids or timestamps."""
    return {
        "bank": [bank.slug, bank.title, bank.description, bank.source_publisher,
                 bank.source_title, bank.source_published, bank.source_url],
        "facts": [(f.key, f.category, f.statement, f.paragraph, f.position, f.is_retired)
                  for f in bank.facts],
        "questions": [(q.key, q.fact.key if q.fact else None, q.category, q.type, q.prompt,
                       q.explanation, q.points, q.paragraph, q.data, q.position, q.is_retired)
                      for q in bank.questions],
    }


@pytest.mark.parametrize("path", [FULL, FEEDBACK])
def test_export_then_import_into_an_empty_database_gives_the_same_bank(app, path):
    original = load_bank_file(path, LIMIT)
    bank = import_spec(original)
    before = snapshot(bank)
    text = export_bank(bank)
    db.session.delete(bank)
    db.session.commit()
    assert db.session.scalars(select(Bank)).all() == []

    exported = load_bank_text(text, "exported.yaml", LIMIT)
    assert exported == original
    assert snapshot(import_spec(exported)) == before


def test_export_follows_the_format_key_order(app):
    text = export_bank(import_spec(load_bank_file(FULL, LIMIT)))
    document = yaml.safe_load(text)
    assert list(document) == ["bank", "title", "description", "source", "facts", "questions"]
    by_id = {q["id"]: q for q in document["questions"]}
    assert list(by_id["crossings"]) == [
        "id", "fact", "type", "prompt", "answer", "tolerance_pct", "unit", "explanation",
    ]
    assert list(by_id["island-towns"]) == [
        "id", "category", "type", "prompt", "choices", "answers", "explanation", "paragraph",
    ]


def test_export_leaves_out_defaults_but_keeps_overrides(app):
    document = yaml.safe_load(export_bank(import_spec(load_bank_file(FULL, LIMIT))))
    by_id = {q["id"]: q for q in document["questions"]}
    assert by_id["strike-start-day"]["points"] == 2
    assert "points" not in by_id["strike-start-year"]
    assert "category" not in by_id["crossings"]  # implied by its fact
    assert by_id["home-port-name"]["category"] == "other"  # differs from its fact's


def test_export_leaves_out_retired_questions(app):
    spec = load_bank_file(FULL, LIMIT)
    import_spec(spec)
    import_spec(spec.model_copy(update={"questions": spec.questions[1:]}))
    document = yaml.safe_load(export_bank(db.session.scalar(Bank.by_slug(spec.bank))))
    assert [q["id"] for q in document["questions"]] == [q.id for q in spec.questions[1:]]


def test_export_is_readable_block_yaml_with_unicode_kept(app):
    spec = load_bank_file(FULL, LIMIT)
    text = export_bank(import_spec(spec.model_copy(update={"title": "Grève des ferries"})))
    assert "title: Grève des ferries\n" in text
    assert "\n\nquestions:\n  - id: strike-start-day\n" in text
    assert "\n\n  - id: strike-start-year\n" in text
    assert "{" not in text
    assert "description: |-\n  Every key" in text
    assert "explanation: >-\n      The union voted first" in text


def test_export_writes_choices_with_feedback_or_weight_as_mappings(app):
    document = yaml.safe_load(export_bank(import_spec(load_bank_file(FEEDBACK, LIMIT))))
    by_id = {q["id"]: q for q in document["questions"]}
    assert by_id["home-port"]["choices"] == [
        {"text": "Eastport", "feedback": "Right, the timetable starts there."},
        {"text": "Westhaven", "feedback": "Westhaven is the winter port only.", "weight": 50},
        "Southcliff",
    ]
    assert by_id["union-leader"]["accept"][0] == "Quill"
    assert "explanation" not in by_id["union-leader"]
    assert by_id["island-towns"]["format"] == "markdown"

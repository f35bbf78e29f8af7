"""Helpers for the interoperability tests: store a bank file, then load it as exports do."""

from pathlib import Path

from quizapp.bankfile.importer import import_bank
from quizapp.bankfile.loader import load_bank_file
from quizapp.extensions import db
from quizapp.interop.loading import select_bank_for_export
from quizapp.models import Bank

DATA = Path(__file__).parent / "data"
FULL = DATA / "full.yaml"
MOODLE_SAMPLE = DATA / "moodle-sample.gift"
SHIPPED_BANK = Path(__file__).resolve().parents[1] / "questions" / "russia-syria-2016.yaml"
LIMIT = 10**6


def store_bank_file(path: Path) -> Bank:
    """Import a YAML bank file, then load the bank afresh the way the exports load it."""
    spec = load_bank_file(path, LIMIT)
    import_bank(spec, db.session)
    db.session.commit()
    db.session.remove()
    return db.session.scalar(select_bank_for_export(spec.bank))

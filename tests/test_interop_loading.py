"""Exports read a bank in a fixed number of queries, however many questions it holds."""

import pytest
from conftest import DEFAULT_FACTS, DEFAULT_QUESTIONS

from quizapp.bankfile.exporter import export_bank
from quizapp.extensions import db
from quizapp.interop.anki import anki_package
from quizapp.interop.gift_export import export_gift
from quizapp.interop.loading import select_bank_for_export
from quizapp.interop.spreadsheet import export_csv


def queries_to_export(slug: str, exporter, query_counter) -> int:
    db.session.remove()
    with query_counter() as statements:
        exporter(db.session.scalar(select_bank_for_export(slug)))
    return len(statements)


@pytest.mark.parametrize("exporter", [export_gift, export_csv, anki_package, export_bank],
                         ids=["gift", "csv", "anki", "yaml"])
def test_export_queries_do_not_grow_with_the_questions(app, make_bank, query_counter, exporter):
    make_bank(slug="small")
    make_bank(
        slug="large",
        facts=[{**fact, "key": f"{fact['key']}-{copy}"}
               for copy in range(3) for fact in DEFAULT_FACTS],
        questions=[{**question, "key": f"{question['key']}-{copy}",
                    "fact": f"{question['fact']}-{copy}" if "fact" in question else None}
                   for copy in range(3) for question in DEFAULT_QUESTIONS],
    )
    small = queries_to_export("small", exporter, query_counter)
    assert small <= 3
    assert queries_to_export("large", exporter, query_counter) == small

"""CSV export: one row per question under a header row, with formula injection defused."""

import csv
import io

import pytest
from interop_support import SHIPPED_BANK, store_bank_file

from quizapp.extensions import db
from quizapp.interop.formats import EXPORT_FORMATS
from quizapp.interop.spreadsheet import defuse, export_csv


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_first_row_names_the_columns(app, make_bank):
    header = export_csv(make_bank()).split("\r\n", 1)[0]
    assert header == ("id,category,type,prompt,answer,wrong_choices,accepted_answers,feedback,"
                      "explanation,points,fact,paragraph,retired")


def test_one_row_per_question_in_bank_order_retired_ones_included(app, make_bank):
    bank = make_bank()
    bank.questions[0].is_retired = True
    db.session.commit()
    rows = rows_of(export_csv(bank))
    assert [(row["id"], row["retired"]) for row in rows] == [
        ("q-single", "yes"), ("q-multiple", "no"), ("q-tf", "no"), ("q-numeric", "no"),
        ("q-date", "no"), ("q-text", "no"), ("q-matching", "no"), ("q-ordering", "no"),
    ]


def test_row_writes_the_answer_as_text_with_fact_and_paragraph(app, make_bank):
    row = {row["id"]: row for row in rows_of(export_csv(make_bank()))}["q-numeric"]
    assert row == {
        "id": "q-numeric", "category": "figure", "type": "numeric",
        "prompt": "How many sorties?", "answer": "9,000 sorties", "wrong_choices": "",
        "accepted_answers": "", "feedback": "",
        "explanation": "Because the source says so.", "points": "1", "fact": "sorties",
        "paragraph": "5", "retired": "no",
    }


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://example.org\")", "'=HYPERLINK(\"http://example.org\")"),
    ("+1+2", "'+1+2"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("Which base?", "Which base?"),
    ("Total = 3", "Total = 3"),
    ("", ""),
])
def test_cells_that_would_run_as_formulas_start_with_a_quote(cell, written):
    assert defuse(cell) == written


def test_export_defuses_question_text(app, make_bank):
    bank = make_bank(questions=[{"key": "q", "category": "other", "type": "true_false",
                                 "prompt": "=1+1", "explanation": "@once",
                                 "data": {"answer": True}}])
    (row,) = rows_of(export_csv(bank))
    assert (row["prompt"], row["explanation"]) == ("'=1+1", "'@once")


def test_shipped_bank_exports_a_row_for_every_question(app):
    bank = store_bank_file(SHIPPED_BANK)
    rows = rows_of(export_csv(bank))
    assert len(rows) == len(bank.questions) > 90
    assert all(row["answer"] for row in rows)


def test_rows_list_wrong_choices_accepted_answers_and_feedback(app, make_bank):
    bank = make_bank(questions=[
        {"key": "port", "category": "place", "type": "single", "prompt": "Which port?",
         "data": {"choices": ["Eastport", "Westhaven", "Southcliff"], "answer": "Eastport",
                  "choice_weights": {"Westhaven": 50},
                  "choice_feedback": {"Westhaven": "Winter only.", "Eastport": "Yes."}}},
        {"key": "leader", "category": "official", "type": "text", "prompt": "Who?",
         "data": {"answer": "Mara Quill", "accept": ["Quill", "Mara"],
                  "choice_weights": {"Mara": 50}}},
        {"key": "count", "category": "figure", "type": "numeric", "prompt": "How many?",
         "data": {"answer": 340, "answer_feedback": "Right.", "wrong_feedback": "No.",
                  "extra_answers": [{"answer": 300, "tolerance": 30, "weight": 50,
                                     "feedback": "Close."}]}},
    ])
    rows = {row["id"]: row for row in rows_of(export_csv(bank))}
    assert [(rows[key]["wrong_choices"], rows[key]["accepted_answers"], rows[key]["feedback"])
            for key in ("port", "leader", "count")] == [
        ("Westhaven (50%); Southcliff", "", "Westhaven: Winter only.; Eastport: Yes."),
        ("", "Quill; Mara (50%)", ""),
        ("", "300 ±30 (50%)", "right answer: Right.; 300: Close.; any other answer: No."),
    ]


def test_the_download_starts_with_a_byte_order_mark_and_keeps_non_ascii(app, make_bank):
    bank = make_bank(questions=[{"key": "q", "category": "place", "type": "true_false",
                                 "prompt": "Was it in Zürich?", "data": {"answer": True}}])
    content = EXPORT_FORMATS["csv"].render(bank).content
    assert content.startswith(b"\xef\xbb\xbfid,category")
    assert "Zürich" in content.decode("utf-8-sig")

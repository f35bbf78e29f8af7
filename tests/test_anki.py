"""Anki export: a valid .apkg (a zip holding a SQLite collection) with one note per question."""

import io
import json
import re
import sqlite3
import zipfile
from contextlib import closing

import genanki
import pytest
from interop_support import SHIPPED_BANK, store_bank_file

from quizapp.extensions import db
from quizapp.interop.anki import anki_package, stable_id
from quizapp.interop.loading import select_bank_for_export


def open_collection(package: bytes, tmp_path) -> sqlite3.Connection:
    """Unzip the package's collection.anki2 and open it as the SQLite database it must be."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        path = tmp_path / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(path)


def notes_of(package: bytes, tmp_path) -> dict[str, tuple[str, str, str]]:
    """Map each note's GUID to its (front, back, tags)."""
    with closing(open_collection(package, tmp_path)) as collection:
        rows = collection.execute("SELECT guid, flds, tags FROM notes").fetchall()
    return {guid: (*fields.split("\x1f"), tags.strip()) for guid, fields, tags in rows}


def test_package_holds_one_note_per_active_question_with_category_and_type_tags(
        app, make_bank, tmp_path):
    bank = make_bank()
    bank.questions[-1].is_retired = True
    db.session.commit()
    notes = notes_of(anki_package(bank), tmp_path)
    assert {guid: tags for guid, (_, _, tags) in notes.items()} == {
        genanki.guid_for("demo", "q-single"): "place single",
        genanki.guid_for("demo", "q-multiple"): "place multiple",
        genanki.guid_for("demo", "q-tf"): "other true_false",
        genanki.guid_for("demo", "q-numeric"): "figure numeric",
        genanki.guid_for("demo", "q-date"): "date date",
        genanki.guid_for("demo", "q-text"): "official text",
        genanki.guid_for("demo", "q-matching"): "official matching",
    }


def test_collection_names_the_deck_after_the_bank_with_ids_from_its_slug(
        app, make_bank, tmp_path):
    with closing(open_collection(anki_package(make_bank()), tmp_path)) as collection:
        decks = json.loads(collection.execute("SELECT decks FROM col").fetchone()[0])
        models = json.loads(collection.execute("SELECT models FROM col").fetchone()[0])
    assert decks[str(stable_id("deck", "demo"))]["name"] == "Demo bank"
    assert list(models) == [str(stable_id("note type", "demo"))]


@pytest.mark.parametrize(("first", "second", "same"), [
    (("deck", "demo"), ("deck", "demo"), True),
    (("deck", "demo"), ("deck", "other-bank"), False),
    (("deck", "demo"), ("note type", "demo"), False),
])
def test_ids_depend_only_on_the_slug_and_what_they_name(first, second, same):
    assert (stable_id(*first) == stable_id(*second)) is same
    assert 1 << 30 <= stable_id(*first) < 1 << 31


@pytest.mark.parametrize(("key", "front_has", "back_has"), [
    ("q-single", ["<p>Which base?</p>", "<li>Tartus</li>"],
     ["<b>Answer:</b> Hmeimim", "Because the source says so."]),
    ("q-tf", ["True or false?"], ["<b>Answer:</b> True"]),
    ("q-numeric", ["How many sorties?"],
     ["<b>Answer:</b> 9,000 sorties", "Source: BBC News, “A test article”, paragraph 5."]),
    ("q-matching", ["<li>Putin</li>", "Match each with one of:"],
     ["Putin → President; Lavrov → Foreign Minister"]),
    ("q-ordering", ["Put in order:", "<ul><li>Air campaign starts</li><li>Palmyra captured"
                    "</li><li>Pull-out announced</li></ul>"],
     ["1. Palmyra captured, 2. Air campaign starts, 3. Pull-out announced"]),
])
def test_front_asks_and_back_answers_explains_and_cites(app, make_bank, tmp_path, key,
                                                        front_has, back_has):
    front, back, _ = notes_of(anki_package(make_bank()), tmp_path)[genanki.guid_for("demo", key)]
    assert [part for part in front_has if part not in front] == []
    assert [part for part in back_has if part not in back] == []
    assert "Answer:" not in front


def test_fields_are_html_escaped(app, make_bank, tmp_path):
    bank = make_bank(questions=[{"key": "q", "category": "other", "type": "true_false",
                                 "prompt": "Is <b> & co a tag?", "data": {"answer": True}}])
    front, _, _ = notes_of(anki_package(bank), tmp_path)[genanki.guid_for("demo", "q")]
    assert front.startswith("<p>Is &lt;b&gt; &amp; co a tag?</p>")


def test_shipped_bank_exports_a_note_for_every_question(app, tmp_path):
    bank = store_bank_file(SHIPPED_BANK)
    notes = notes_of(anki_package(bank), tmp_path)
    assert len(notes) == len(bank.questions) > 90


def test_package_leaves_no_temporary_files(app, make_bank, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    anki_package(db.session.scalar(select_bank_for_export(make_bank().slug)))
    assert list(scratch.iterdir()) == []


def test_choices_are_shuffled_the_same_way_on_every_export(app, make_bank, tmp_path):
    choices = [f"Choice {number}" for number in range(1, 9)]
    bank = make_bank(questions=[
        {"key": f"q{index}", "category": "place", "type": "single", "prompt": "Which?",
         "data": {"choices": choices, "answer": "Choice 1"}} for index in range(4)])
    guids = [genanki.guid_for("demo", f"q{index}") for index in range(4)]
    (tmp_path / "first").mkdir()
    (tmp_path / "again").mkdir()
    first = notes_of(anki_package(bank), tmp_path / "first")
    again = notes_of(anki_package(bank), tmp_path / "again")
    orders = [re.findall(r"Choice \d", first[guid][0]) for guid in guids]
    assert [re.findall(r"Choice \d", again[guid][0]) for guid in guids] == orders
    assert all(sorted(order) == choices for order in orders)
    assert choices not in orders  # eight choices left in file order four times: 1 in 10^18
    assert len({tuple(order) for order in orders}) > 1  # each note has its own order


def test_formatted_text_is_rendered_safely_and_the_source_linked(app, make_bank, tmp_path):
    bank = make_bank(questions=[{
        "key": "q", "category": "other", "type": "true_false", "explanation": "",
        "prompt": "Is it **so**?<script>x()</script>", "data": {"answer": True,
                                                              "format": "markdown"}}])
    bank.source_url = "https://example.org/story"
    db.session.commit()
    front, back, _ = notes_of(anki_package(bank), tmp_path)[genanki.guid_for("demo", "q")]
    assert front.startswith("<p>Is it <strong>so</strong>?&lt;script&gt;")
    assert '<a href="https://example.org/story">Source: BBC News' in back

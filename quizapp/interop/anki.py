"""Write a bank's active questions as an Anki deck package (.apkg), one note per question.

The deck and note type ids come from the bank's slug and each note's GUID from
the slug and question id, so importing a new export into Anki updates the
notes already there instead of adding copies.
"""

import hashlib
import io
import itertools
import random
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from contextlib import closing
from html import escape
from pathlib import Path
from typing import Any

import genanki

from quizapp.grading import format_answer
from quizapp.models import Bank, Question
from quizapp.richtext import render_text
from quizapp.vocabulary import QuestionType

FIELDS = [{"name": "Front"}, {"name": "Back"}]
CARD = {
    "name": "Question",
    "qfmt": "{{Front}}",
    "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
}
CSS = (
    ".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
    ".source { font-size: 14px; color: #555; }"
)
ANKI_ID_FLOOR = 1 << 30  # genanki's advice: ids between 2**30 and 2**31


def anki_package(bank: Bank) -> bytes:
    """Return the .apkg bytes of a deck holding the bank's active questions."""
    model = genanki.Model(stable_id("note type", bank.slug), f"quizapp {bank.slug}",
                          fields=FIELDS, templates=[CARD], css=CSS)
    deck = genanki.Deck(stable_id("deck", bank.slug), bank.title)
    for question in bank.questions:
        if not question.is_retired:
            guid = genanki.guid_for(bank.slug, question.key)
            deck.add_note(genanki.Note(
                model=model,
                fields=[front(question, random.Random(guid)), back(bank, question)],
                tags=[question.category, question.type],
                guid=guid,
            ))
    return package_bytes(genanki.Package(deck), time.time())


def stable_id(kind: str, slug: str) -> int:
    """Derive an Anki id from the bank slug, the same on every export."""
    digest = hashlib.sha256(f"quizapp {kind} {slug}".encode()).digest()
    return ANKI_ID_FLOOR + int.from_bytes(digest[:4], "big") % ANKI_ID_FLOOR


def package_bytes(package: genanki.Package, timestamp: float) -> bytes:
    """Zip the collection as genanki's write_to_file does, but clean up its database file."""
    with tempfile.TemporaryDirectory() as folder:
        collection = Path(folder) / "collection.anki2"
        with closing(sqlite3.connect(collection)) as connection:
            package.write_to_db(connection.cursor(), timestamp,
                                itertools.count(int(timestamp * 1000)))
            connection.commit()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()


def front(question: Question, rng: random.Random) -> str:
    """Show the prompt and what the learner picks from, never in an order that gives it away.

    Banks often list the right choice first, so choices are shuffled; `rng` is seeded by
    the note's GUID, so every export shows a note's choices in the same order.
    """
    details = FRONT_DETAILS[question.type](question.data, rng)
    return author_text(question.prompt, question.text_format) + details


def choice_list(data: dict[str, Any], rng: random.Random) -> str:
    return bullets(rng.sample(data["choices"], len(data["choices"])))


def match_lists(data: dict[str, Any], rng: random.Random) -> str:
    return (bullets(list(data["pairs"])) + paragraph("Match each with one of:")
            + bullets(sorted(data["pairs"].values())))


def order_list(data: dict[str, Any], rng: random.Random) -> str:
    return paragraph("Put in order:") + bullets(sorted(data["items"]))


def nothing_more(data: dict[str, Any], rng: random.Random) -> str:
    return ""


# What a card's front shows below the prompt, by question type.
FRONT_DETAILS: dict[QuestionType, Callable[[dict[str, Any], random.Random], str]] = {
    QuestionType.SINGLE: choice_list,
    QuestionType.MULTIPLE: choice_list,
    QuestionType.TRUE_FALSE: lambda data, rng: paragraph("True or false?"),
    QuestionType.NUMERIC: nothing_more,
    QuestionType.DATE: nothing_more,
    QuestionType.TEXT: nothing_more,
    QuestionType.MATCHING: match_lists,
    QuestionType.ORDERING: order_list,
}


def back(bank: Bank, question: Question) -> str:
    """Give the answer as the quiz pages word it, then the explanation and the source."""
    answer = format_answer(question.type, question.data)
    citation = escape(f"Source: {bank.citation(question.source_paragraph)}.")
    if bank.source_url:
        citation = f'<a href="{escape(bank.source_url)}">{citation}</a>'
    return (f"<p><b>Answer:</b> {escape(answer)}</p>"
            f"{author_text(question.explanation, question.text_format)}"
            f'<p class="source">{citation}</p>')


def author_text(text: str, text_format: str) -> str:
    """Write a prompt or explanation as HTML: plain text as a paragraph, the rest sanitised."""
    if not text:
        return ""
    return paragraph(text) if text_format == "plain" else str(render_text(text, text_format))


def paragraph(text: str) -> str:
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"


def bullets(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"

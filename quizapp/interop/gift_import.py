"""Load a GIFT file as a bank spec, through the same validation as a YAML bank file.

GIFT has no syntax for a bank's slug, title, description or source, nor for a
question's points, paragraph, unit or percentage tolerance. They come from
`// key: value` comments, which Moodle skips and `export_gift` writes: the bank's
(`bank`, `bank-title`, `bank-description`, `source-publisher`, `source-title`,
`source-published`, `source-url`) anywhere, a question's (`category`, `points`,
`paragraph`, `unit`, `tolerance-pct`) in its own block. Options given by the
caller win over the file; the slug and title otherwise come from the file name,
and a source nobody names is filled in with a note (see `fill_source`).
"""

from dataclasses import dataclass
from datetime import date
from os import PathLike
from pathlib import PurePath
from typing import Any

from quizapp.bankfile.fields import SpecProblems
from quizapp.bankfile.loader import describe
from quizapp.bankfile.problems import BankFileError, Problem
from quizapp.bankfile.reading import decoded_text, in_file_order, read_limited, validated_spec
from quizapp.bankfile.safe_yaml import format_path
from quizapp.bankfile.schema import BankSpec
from quizapp.interop.gift_reader import GiftDocument, read_gift, slugify

SOURCE_FIELDS = ("publisher", "title", "published", "url")
BANK_COMMENT_KEYS = {"bank": "bank", "title": "bank-title", "description": "bank-description"}
SOURCE_FILLED = (
    "the file does not name its source ({missing}), so the bank cites {cited}; give "
    "--source-publisher, --source-title and --source-published, or comment lines "
    "`// source-publisher: ...`, to cite the real one"
)
NO_QUESTIONS = "no questions found: a question is its text followed by {answers}"


@dataclass(frozen=True)
class GiftImport:
    """A validated bank from a GIFT file, and notes on what the file said that was not kept."""

    spec: BankSpec
    notes: tuple[Problem, ...]


def load_gift_file(path: str | PathLike, max_bytes: int, *, slug: str | None = None,
                   title: str | None = None, source: dict[str, str] | None = None,
                   today: date | None = None) -> GiftImport:
    """Load and validate the GIFT file at path, reading no more than max_bytes + 1 bytes."""
    return load_gift_text(read_limited(path, max_bytes), str(path), max_bytes,
                          slug=slug, title=title, source=source, today=today)


def load_gift_text(text_or_bytes: str | bytes, filename: str, max_bytes: int, *,
                   slug: str | None = None, title: str | None = None,
                   source: dict[str, str] | None = None,
                   today: date | None = None) -> GiftImport:
    """Validate GIFT given as text or bytes; filename labels problems and names the bank.

    `source` holds publisher, title, published or url given by the caller, winning over
    the file's comments; what neither names is filled in (published: `today`) with a note.
    """
    document = read_gift(decoded_text(text_or_bytes, filename, max_bytes), filename)
    if document.problems:
        raise BankFileError(in_file_order(document.problems))
    if not document.questions:
        raise BankFileError([Problem(filename, 1, 1, "", NO_QUESTIONS)])
    data = bank_data(document, filename, slug, title)
    notes = fill_source(data, document, source or {}, filename, today or date.today())
    spec = validated_spec(data, lambda details: explain(details, document, filename))
    return GiftImport(spec, (*notes, *document.notes))


def bank_data(document: GiftDocument, filename: str, slug: str | None,
              title: str | None) -> dict[str, Any]:
    """Lay the document out as a bank file would, taking bank fields from options or comments."""
    header = {key: value for key, (value, _) in document.header.items()}
    name = PurePath(filename)
    stem = name.stem.replace("_", " ").replace("-", " ").strip()
    data: dict[str, Any] = {
        "bank": slug or header.get("bank") or slugify(name.stem),
        "title": title or header.get("bank-title") or stem[:1].upper() + stem[1:],
        "description": header.get("bank-description") or f"Questions imported from {name.name}.",
        "questions": [question.fields for question in document.questions],
    }
    data["source"] = {
        field: header[f"source-{field}"] for field in SOURCE_FIELDS if f"source-{field}" in header
    }
    return data


def fill_source(data: dict[str, Any], document: GiftDocument, given: dict[str, str],
                filename: str, today: date) -> list[Problem]:
    """Let the caller's source fields win; fill what nobody named from the file, with a note.

    GIFT has no syntax for a source, so a file straight from Moodle names none: the bank
    cites the file itself, as its title, imported today, until the author says better.
    """
    source = data["source"] | {field: value for field, value in given.items() if value}
    missing = [field for field in ("publisher", "title", "published") if field not in source]
    source.setdefault("publisher", "Unknown publisher")
    source.setdefault("title", data["title"])
    source.setdefault("published", today.isoformat())
    source["published"] = as_date(source["published"])
    data["source"] = source
    if not missing:
        return []
    cited = f"{source['publisher']}, “{source['title']}”, {source['published']}"
    line, column = min((position for key, (_, position) in document.header.items()
                        if key.startswith("source-")), default=(1, 1))
    return [Problem(filename, line, column, "source",
                    SOURCE_FILLED.format(missing=", ".join(missing), cited=cited))]


def as_date(text: str) -> date | str:
    """Read YYYY-MM-DD, leaving anything else for validation to report."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def explain(details: dict, document: GiftDocument, filename: str) -> list[Problem]:
    """Turn one pydantic error into problems at the lines the fields were written on."""
    loc = details["loc"]
    cause = details.get("ctx", {}).get("error")
    if isinstance(cause, SpecProblems):
        return [locate((*loc, *sub_loc), message, document, filename)
                for sub_loc, message in cause.problems]
    return [locate(loc, describe(details, loc, None), document, filename)]


def locate(loc: tuple, message: str, document: GiftDocument, filename: str) -> Problem:
    """Point at the question field's line, or at the bank comment (line 1 when not written)."""
    if loc[0] == "questions":
        question = document.questions[loc[1]]
        rest = loc[2:]
        if rest and rest[0] == question.fields["type"]:
            rest = rest[1:]  # the discriminated union names the question type in the loc
        line, column = question.positions.get(rest[0] if rest else "prompt",
                                               question.positions["prompt"])
        return Problem(filename, line, column, format_path(("questions", loc[1], *rest)), message)
    key = f"source-{loc[1]}" if len(loc) > 1 else BANK_COMMENT_KEYS.get(loc[0], loc[0])
    line, column = document.header[key][1] if key in document.header else (1, 1)
    return Problem(filename, line, column, key, message)

"""Read GIFT blocks into question fields of the bank format, noting what GIFT carries that we drop.

GIFT's question kinds map onto ours: a single `=` among `~` choices is `single`,
`~%50%` weights with no `=` are `multiple` (the positively weighted choices are the
answers), `{T}`/`{F}` is `true_false`, `{=a =b}` is `text` (the first answer, the
others accepted), `{#9000:50}` or `{#8950..9050}` is `numeric` and
`{=left -> right}` is `matching`.
"""

import hashlib
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quizapp.bankfile.problems import Problem
from quizapp.interop.gift_answers import (
    TRUTH,
    GiftSyntaxError,
    read_choices,
    read_matching,
    read_number,
    read_numeric,
    read_short_answer,
    read_truth,
)
from quizapp.interop.gift_syntax import Block, Comment, Position, Span, split_blocks
from quizapp.vocabulary import Category

# Formats the bank keeps; [moodle] and [plain] text is shown as it is written.
RICH_FORMATS = ("html", "markdown")
BANK_KEYS = frozenset({
    "bank", "bank-title", "bank-description",
    "source-publisher", "source-title", "source-published", "source-url",
})
# `// key: value` comments that set one field of the question below them.
QUESTION_KEYS = {"category": "category", "points": "points", "paragraph": "paragraph",
                 "unit": "unit", "tolerance-pct": "tolerance_pct",
                 "accept-surname": "accept_surname", "refuse": "refuse"}
NUMERIC_ONLY = frozenset({"unit", "tolerance_pct"})
TEXT_ONLY = frozenset({"accept_surname", "refuse"})
FORMAT_MARKER = re.compile(r"\[(html|moodle|plain|markdown)\]")
BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6])\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class ReadQuestion:
    """A question's fields as the bank format names them, with where each was written."""

    fields: dict[str, Any]
    positions: dict[str, Position]


@dataclass(frozen=True)
class GiftDocument:
    header: dict[str, tuple[str, Position]]
    questions: list[ReadQuestion] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_gift(text: str, filename: str) -> GiftDocument:
    """Read every block of a GIFT file, collecting problems instead of stopping at the first."""
    return GiftReader(filename).read(text)


class GiftReader:
    """Read blocks in order, carrying the `$CATEGORY:` in force from one block to the next."""

    def __init__(self, filename: str):
        self.filename = filename
        self.document = GiftDocument(header={})
        self.category: tuple[str, Position] = (Category.OTHER.value, (1, 1))
        self.ids: set[str] = set()

    def read(self, text: str) -> GiftDocument:
        for block in split_blocks(text):
            try:
                self.read_block(block)
            except GiftSyntaxError as error:
                self.problem(block.position(error.span.start), str(error))
        return self.document

    def note(self, position: Position, where: str, message: str) -> None:
        self.document.notes.append(Problem(self.filename, *position, where, message))

    def problem(self, position: Position, message: str) -> None:
        self.document.problems.append(Problem(self.filename, *position, "", message))

    def read_block(self, block: Block) -> None:
        """Read a block as a category change, a question, or only comments."""
        settings = self.read_comments(block)
        span = Span.of(block.body).strip()
        if span.masked.startswith("$CATEGORY:"):
            self.read_category(span.cut(len("$CATEGORY:")).strip(), block)
        elif span:
            question = self.read_question(span, block)
            if question is not None and self.apply_settings(question, settings):
                self.document.questions.append(question)

    def read_comments(self, block: Block) -> dict[str, Comment]:
        """File bank-wide `// key: value` comments in the header; return the question's own."""
        settings = {}
        for comment in block.comments:
            if comment.key in BANK_KEYS:
                if comment.key in self.document.header:
                    self.problem((comment.line, 1), f"`// {comment.key}:` is given twice")
                self.document.header[comment.key] = (Span.of(comment.value).text, (comment.line, 1))
            elif comment.key in QUESTION_KEYS:
                settings[comment.key] = comment
        return settings

    def apply_settings(self, question: ReadQuestion, settings: dict[str, Comment]) -> bool:
        """Set the fields named in the question's comments; False if one does not apply."""
        question.fields.setdefault("category", self.category[0])
        question.positions.setdefault("category", self.category[1])
        for key, comment in settings.items():
            name = QUESTION_KEYS[key]
            if name in NUMERIC_ONLY and question.fields["type"] != "numeric":
                self.problem((comment.line, 1), f"`// {key}:` applies only to numeric questions")
                return False
            if name in TEXT_ONLY and question.fields["type"] != "text":
                self.problem((comment.line, 1), f"`// {key}:` applies only to short answers")
                return False
            question.fields[name] = setting_value(name, Span.of(comment.value).text)
            question.positions[name] = (comment.line, 1)
        if "tolerance-pct" in settings:
            question.fields.pop("tolerance", None)  # the written tolerance was worked out from it
        return True

    def read_category(self, span: Span, block: Block) -> None:
        """Take our category from the last step of a Moodle category path; 'other' if unknown."""
        line_end = span.find("\n")
        if line_end >= 0 and span.cut(line_end):
            raise GiftSyntaxError(span.cut(line_end).strip(),
                                  "leave a blank line between $CATEGORY: and the next question")
        path = span.text
        name = path.rstrip("/").rsplit("/", 1)[-1].strip().lower()
        position = block.position(span.start)
        if name not in set(Category):
            self.note(position, "", f"category {path!r} is none of {', '.join(Category)}; "
                      "the questions below it are filed under 'other'")
            name = Category.OTHER.value
        self.category = (name, position)

    def read_question(self, span: Span, block: Block) -> ReadQuestion | None:
        start = block.position(span.start)
        title = None
        if span.masked.startswith("::"):
            end = span.find("::", 2)
            if end < 0:
                raise GiftSyntaxError(span, "the title opened with :: is not closed with ::")
            title, span = span.cut(2, end), span.cut(end + 2).strip()
        opening, closing = span.find("{"), span.find("}")
        if opening < 0 and closing < 0:
            self.note(start, "", "text without {answers} is a description, not a question; "
                      "skipped")
            return None
        check_braces(span, opening, closing)
        text_format, before = read_format(span.cut(0, opening))
        body, after = span.cut(opening + 1, closing), span.cut(closing + 1)
        as_text = html_reader(text_format)
        body, explanation = split_general_feedback(body)
        kind, reader = question_reader(body)
        if reader is None:
            self.note(start, "", f"GIFT {kind} questions have no counterpart here; skipped")
            return None
        type_fields, dropped = reader(body, as_text)
        # The id comes from the prompt as plain text, as it did before formats were kept.
        plain_prompt = missing_word_prompt(as_text(before), as_text(after))
        fields = {"id": self.unique_id(title.text if title else "", plain_prompt, start),
                  **type_fields, "prompt": missing_word_prompt(before.text, after.text)}
        if text_format in RICH_FORMATS:
            fields["format"] = text_format
        if explanation:
            fields["explanation"] = explanation.text
        for message in dropped:
            self.note(start, f"question {fields['id']}", message)
        answers_at = block.position(body.start)
        return ReadQuestion(fields, {
            "id": block.position(title.start) if title else start,
            "prompt": start,
            "explanation": block.position(explanation.start) if explanation else answers_at,
            **{name: answers_at for name in type_fields},
        })

    def unique_id(self, title: str, prompt: str, position: Position) -> str:
        """Derive the question's id, adding -2, -3... to one already taken, with a note."""
        base = question_id(title, prompt)
        key, number = base, 1
        while key in self.ids:
            number += 1
            key = f"{base[:100 - len(str(number)) - 1]}-{number}"
        if key != base:
            self.note(position, f"question {key}", f"the id {base!r} is already taken by "
                      f"an earlier question, so this one is {key!r}")
        self.ids.add(key)
        return key


def check_braces(span: Span, opening: int, closing: int) -> None:
    """Refuse answers that are not one balanced, unnested {...} block."""
    if opening < 0:
        raise GiftSyntaxError(span.cut(closing), "} closes answers that no { opened")
    if closing < 0:
        raise GiftSyntaxError(span.cut(opening), "{ opens answers that no } closes")
    if closing < opening:
        raise GiftSyntaxError(span.cut(closing), "} comes before the { it should close")
    nested = span.find("{", opening + 1)
    if 0 <= nested < closing:
        raise GiftSyntaxError(span.cut(nested), "{ inside answers; write \\{ for a literal brace")
    extra = min((found for found in (span.find("{", closing + 1), span.find("}", closing + 1))
                 if found >= 0), default=-1)
    if extra >= 0:
        raise GiftSyntaxError(span.cut(extra), "a question has one {answers} block; "
                              "write \\{ or \\} for a literal brace")


def read_format(before: Span) -> tuple[str, Span]:
    """Split off a leading [html], [moodle], [plain] or [markdown] text-format marker."""
    before = before.strip()
    match = FORMAT_MARKER.match(before.masked)
    return (match[1], before.cut(match.end())) if match else ("moodle", before)


def missing_word_prompt(before: str, after: str) -> str:
    """Put a blank where the answers stood, as Moodle does when text follows them."""
    if not after:
        return before
    joint = "" if not after[0].isalnum() else " "
    return f"{before} _____{joint}{after}".strip()


def html_reader(text_format: str) -> Callable[[Span], str]:
    """Read choices and answers as plain text, dropping tags when the question is HTML."""
    if text_format != "html":
        return lambda span: span.text
    return lambda span: " ".join(html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", span.text))).split())


def split_general_feedback(body: Span) -> tuple[Span, Span | None]:
    """Split off the general feedback after the last ####, which becomes the explanation."""
    marker = body.masked.rfind("####")
    if marker < 0:
        return body, None
    return body.cut(0, marker), body.cut(marker + 4).strip() or None


def question_reader(body: Span) -> tuple[str, Any]:
    """Tell the kind of question from its answers the way Moodle does, in Moodle's order."""
    answers = body.masked.strip()
    if not answers:
        return "essay", None
    if answers.startswith("#"):
        return "numerical", read_numeric
    if "~" in answers:
        return "multiple choice", read_choices
    if "=" in answers and "->" in answers:
        return "matching", read_matching
    if answers.split("#", 1)[0].strip() in TRUTH:
        return "true/false", read_truth
    return "short answer", read_short_answer


def question_id(title: str, prompt: str) -> str:
    """Slugify the title; without one, make an id that stays the same while the prompt does."""
    if slugify(title):
        return slugify(title)
    digest = hashlib.sha1(prompt.encode()).hexdigest()[:6]
    words = "-".join(slugify(prompt).split("-")[:6])[:60].strip("-")
    return f"{words}-{digest}" if words else f"q-{digest}"


def slugify(text: str) -> str:
    """Turn text into a slug: ASCII lowercase words joined by hyphens, at most 100 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100].strip("-")


def as_number(text: str) -> int | float | str:
    """Read a comment's number, leaving text that is not one for validation to report."""
    number = read_number(text)
    return text if number is None else number


def setting_value(name: str, text: str) -> Any:
    """Read a `// key: value` setting as the field it sets: text, a flag, a list or a number."""
    if name in ("category", "unit"):
        return text
    if name == "accept_surname":
        return text.strip().lower() == "true"
    if name == "refuse":
        return [part.strip() for part in text.split(";") if part.strip()]
    return as_number(text)

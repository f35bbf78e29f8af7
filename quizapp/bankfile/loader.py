"""Read a bank file safely and validate it, or explain every problem by line and column."""

import difflib
from os import PathLike
from typing import Any

from pydantic import ValidationError
from yaml.nodes import Node, ScalarNode

from quizapp.bankfile.problems import MAX_PROBLEMS, BankFileError, Problem
from quizapp.bankfile.safe_yaml import Document, Loc, parse_yaml, problem_at
from quizapp.bankfile.schema import (
    KNOWN_KEYS,
    QUESTION_CLASSES,
    SLUG_PATTERN,
    BankSpec,
    SpecProblems,
)

QUESTION_TYPES = ", ".join(QUESTION_CLASSES)
MAPPING_EXPECTED = "must be a mapping of keys to values"
TYPE_MESSAGES = {
    "model_type": MAPPING_EXPECTED,
    "model_attributes_type": MAPPING_EXPECTED,
    "dict_type": MAPPING_EXPECTED,
    "list_type": "must be a list",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "date_type": "must be a date written YYYY-MM-DD",
    "too_short": "needs at least {min_length} entries",
}
PATTERN_MEANINGS = {
    SLUG_PATTERN: "must be lowercase letters and digits joined by single hyphens, "
    "like 'air-campaign-2015'",
}


def load_bank_file(path: str | PathLike, max_bytes: int) -> BankSpec:
    """Load and validate the bank file at path, reading no more than max_bytes + 1 bytes."""
    with open(path, "rb") as stream:
        raw = stream.read(max_bytes + 1)
    return load_bank_text(raw, str(path), max_bytes)


def load_bank_text(text_or_bytes: str | bytes, filename: str, max_bytes: int) -> BankSpec:
    """Validate a bank given as text or bytes (an upload, say); filename labels the problems."""
    raw = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    if len(raw) > max_bytes:
        message = f"the file is over the size limit of {max_bytes:,} bytes"
        raise BankFileError([Problem(filename, 1, 1, "", message)])
    document = parse_yaml(decode_utf8(raw, filename), filename)
    if not isinstance(document.data, dict):
        message = "the top level must be a mapping of keys such as bank, title and questions"
        raise BankFileError([problem_at(filename, document.nodes[()], (), message)])
    try:
        return BankSpec.model_validate(document.data)
    except ValidationError as error:
        raise first_problems(error.errors(), document, filename) from None


def first_problems(errors: list[dict], document: Document, filename: str) -> BankFileError:
    """Explain the errors nearest the top of the file, and only count the rest.

    Explaining an unknown key costs a fuzzy match against every known key, so a
    file of thousands of them would take half a minute to refuse in full.
    """
    errors = sorted(errors, key=lambda details: position(details, document))
    explained = errors[:MAX_PROBLEMS]
    problems = {
        problem for details in explained for problem in explain(details, document, filename)
    }
    ordered = sorted(problems, key=lambda problem: (problem.line, problem.column))
    return BankFileError(ordered, omitted=len(errors) - len(explained))


def position(details: dict, document: Document) -> tuple[int, int]:
    """Where in the file a pydantic error points, cheaply, to put errors in file order."""
    path, on_key = resolve(details["loc"], document.data)
    nodes = document.key_nodes if on_key or details["type"] == "extra_forbidden" else document.nodes
    while path not in nodes and path:
        path = path[:-1]
    node = nodes.get(path) or document.nodes[()]
    return node.start_mark.line, node.start_mark.column


def decode_utf8(raw: bytes, filename: str) -> str:
    """Decode UTF-8 strictly, pointing at the first byte that is not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        message = (
            f"the file is not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start}"
        )
        raise BankFileError([Problem(filename, line, column, "", message)]) from None


def explain(details: dict, document: Document, filename: str) -> list[Problem]:
    """Turn one pydantic error into problems located at the YAML nodes they concern."""
    loc = details["loc"]
    kind = details["type"]
    cause = details.get("ctx", {}).get("error")
    if isinstance(cause, SpecProblems):
        return [
            locate(document, filename, (*loc, *sub_loc), message, kind)
            for sub_loc, message in cause.problems
        ]
    if kind.startswith("union_tag"):
        loc = (*loc, "type")
    path, on_key = resolve(loc, document.data)
    node = (document.key_nodes if on_key else document.nodes).get(path)
    return [locate(document, filename, loc, describe(details, path, node), kind)]


def resolve(loc: tuple, data: Any) -> tuple[Loc, bool]:
    """Map a pydantic loc onto a data path, dropping union tags; tell if it ends on a key."""
    path: Loc = ()
    for part in loc:
        if part == "[key]":
            return path, True
        if isinstance(data, dict) and part not in data and data.get("type") == part:
            continue  # the discriminated union names the question type in the loc
        path = (*path, part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            data = None
    return path, False


def locate(document: Document, filename: str, loc: tuple, message: str, kind: str) -> Problem:
    """Point a problem at its node: the key for unknown keys, the parent for missing ones."""
    path, on_key = resolve(loc, document.data)
    if (on_key or kind == "extra_forbidden") and path in document.key_nodes:
        return problem_at(filename, document.key_nodes[path], path, message)
    holder = path
    while holder not in document.nodes:
        holder = holder[:-1]
    return problem_at(filename, document.nodes[holder], path, message)


def describe(details: dict, path: Loc, node: Node | None) -> str:
    """Say what is wrong in the author's terms rather than pydantic's."""
    kind, ctx = details["type"], details.get("ctx", {})
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return unknown_key_message(path[-1])
    if kind == "union_tag_invalid":
        return f"unknown question type {ctx['tag']!r}; use one of: {QUESTION_TYPES}"
    if kind == "union_tag_not_found":
        return f"required key is missing; use one of: {QUESTION_TYPES}"
    if kind == "value_error":
        return str(ctx["error"])
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "string_pattern_mismatch" and ctx["pattern"] in PATTERN_MEANINGS:
        return PATTERN_MEANINGS[ctx["pattern"]]
    if kind in TYPE_MESSAGES:
        message = TYPE_MESSAGES[kind].format(**ctx)
    else:
        message = details["msg"][0].lower() + details["msg"][1:]
    if isinstance(node, ScalarNode):
        message += f", got {node.value!r}" if node.value else ", got nothing"
        if kind == "string_type" and not node.style:
            message += " (put it in quotes to keep it as text)"
        if kind == "date_type" and node.style:
            message += " (leave out the quotes)"
    return message


def unknown_key_message(key: Any) -> str:
    """Name the unknown key and the known key it was probably meant to be."""
    guesses = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1)
    hint = f"; did you mean {guesses[0]!r}?" if guesses else ""
    return f"unknown key {key!r}{hint}"


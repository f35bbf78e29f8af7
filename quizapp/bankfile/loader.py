"""Read a bank file safely and validate it, or explain every problem by line and column."""

import difflib
from os import PathLike
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError
from yaml.nodes import Node, ScalarNode

from quizapp.bankfile.fields import CHOICE_TAGS, SLUG_PATTERN, SpecProblems
from quizapp.bankfile.problems import BankFileError, Problem
from quizapp.bankfile.question_specs import QUESTION_CLASSES, AnyQuestion
from quizapp.bankfile.reading import (
    collector_paused,
    decoded_text,
    in_file_order,
    read_limited,
    validated_spec,
)
from quizapp.bankfile.safe_yaml import Document, Loc, parse_yaml, problem_at
from quizapp.bankfile.schema import KNOWN_KEYS, BankSpec
from quizapp.bankfile.streamed_yaml import streamed_data

QUESTION_TYPES = ", ".join(QUESTION_CLASSES)
QUESTION_ADAPTER = TypeAdapter(AnyQuestion, config=ConfigDict(cache_strings=False))
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
STRICT_EXPLANATION = "required key is missing (--strict wants every question explained)"
PATTERN_MEANINGS = {
    SLUG_PATTERN: "must be lowercase letters and digits joined by single hyphens, "
    "like 'air-campaign-2015'",
}


def load_bank_file(path: str | PathLike, max_bytes: int, *, strict: bool = False) -> BankSpec:
    """Load and validate the bank file at path, reading no more than max_bytes + 1 bytes.

    Strict also requires what a published bank should have: every question explained.
    """
    return load_bank_text(read_limited(path, max_bytes), str(path), max_bytes, strict=strict)


@collector_paused()
def load_bank_text(text_or_bytes: str | bytes, filename: str, max_bytes: int, *,
                   strict: bool = False) -> BankSpec:
    """Validate a bank given as text or bytes (an upload, say); filename labels the problems."""
    text = decoded_text(text_or_bytes, filename, max_bytes)
    spec = quickly_validated(text, strict)
    return spec if spec is not None else carefully_validated(text, filename, strict)


def quickly_validated(text: str, strict: bool) -> BankSpec | None:
    """Validate a plainly valid file without its node tree; None if it has any problem."""
    data = streamed_data(text)
    if not isinstance(data, dict):
        return None
    try:
        validate_questions_in_place(data)
        spec = BankSpec.model_validate(data)
    except ValidationError:
        return None
    if strict and any(question.explanation is None for question in spec.questions):
        return None
    return spec


def validate_questions_in_place(data: dict) -> None:
    """Swap each question's plain data for its model, so the two never all exist at once."""
    questions = data.get("questions")
    if isinstance(questions, list):
        for index, question in enumerate(questions):
            questions[index] = QUESTION_ADAPTER.validate_python(question)


def carefully_validated(text: str, filename: str, strict: bool) -> BankSpec:
    """Validate with every node at hand, raising BankFileError with each problem's position."""
    document = parse_yaml(text, filename)
    if not isinstance(document.data, dict):
        message = "the top level must be a mapping of keys such as bank, title and questions"
        top = problem_at(filename, document.nodes[()], (), message)
        raise BankFileError([*document.problems, top])
    try:
        spec = validated_spec(
            document.data,
            lambda details: explain(details, document, filename),
            lambda details: position(details, document),
        )
    except BankFileError as error:
        problems = merge_problems(document.problems, error.problems)
        raise BankFileError(problems, omitted=error.omitted) from None
    unexplained = [
        locate(document, filename, ("questions", index, "explanation"), STRICT_EXPLANATION,
               "missing")
        for index, question in enumerate(spec.questions)
        if strict and question.explanation is None
    ]
    if document.problems or unexplained:
        raise BankFileError(in_file_order([*document.problems, *unexplained]))
    return spec


def merge_problems(unreadable: tuple[Problem, ...], invalid: list[Problem]) -> list[Problem]:
    """Join values YAML could not read with schema problems, dropping the echo at the same field."""
    echoed = {(problem.line, problem.field_path) for problem in unreadable}
    kept = [problem for problem in invalid if (problem.line, problem.field_path) not in echoed]
    return in_file_order({*unreadable, *kept})


def position(details: dict, document: Document) -> tuple[int, int]:
    """Where in the file a pydantic error points, found cheaply, to keep the first ones."""
    path, on_key = resolve(details["loc"], document.data)
    nodes = document.key_nodes if on_key or details["type"] == "extra_forbidden" else document.nodes
    while path not in nodes and path:
        path = path[:-1]
    node = nodes.get(path) or document.nodes[()]
    return node.start_mark.line, node.start_mark.column


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
        if part in CHOICE_TAGS and not (isinstance(data, dict) and part in data):
            continue  # a choice's union names its form, plain or a mapping
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


"""Explain YAML syntax errors in an author's words, with the line at fault and a hint.

PyYAML reports what its parser expected ("mapping values are not allowed here");
an author needs to know what is wrong with the line they wrote and how to fix it.
"""

from dataclasses import dataclass

import yaml

MORE_INDENTED = (
    "this line is indented more than the key above it; a list item needs `- `, "
    "a nested key needs two more spaces than its parent"
)
NOT_LINED_UP = (
    "this line does not line up with the lines above it; keys of one mapping start "
    "in the same column, list items start with `- `, and a nested key needs two more "
    "spaces than its parent"
)
TAB = "this line has a tab character; YAML indents with spaces only: replace the tab with spaces"
COLON_IN_VALUE = (
    "a colon followed by a space inside a value starts a new key; put the whole value in "
    'quotes, like title: "Syria: the pull-out"'
)
NO_COLON = (
    "this line is neither `key: value` nor a list item; put a colon and a space after "
    "the key, or start a list item with `- `"
)
UNCLOSED_QUOTE = "the quoted text that starts on this line is never closed; add the closing quote"
UNCLOSED_BRACKETS = (
    "the {kind} in {brackets} on this line is not closed; add the closing `{close}`, "
    "or write one item per line"
)
RESERVED_START = "a value cannot start with `{char}`; put the value in quotes"


@dataclass(frozen=True)
class SyntaxExplanation:
    """Where a syntax error is (1-based) and what to tell the author about it."""

    line: int
    column: int
    message: str


def explain_syntax_error(error: yaml.MarkedYAMLError, text: str) -> SyntaxExplanation:
    """Turn a parser error into a located message that shows the line and a hint."""
    mark = error.problem_mark or error.context_mark
    lines = text.splitlines()
    problem, context, start = error.problem or "", error.context or "", error.context_mark
    line = lines[mark.line] if mark.line < len(lines) else ""
    hint = None
    if "\t" in indentation_of(line) or "'\\t'" in problem:
        hint = TAB
    elif "mapping values are not allowed" in problem:
        hint = MORE_INDENTED if indented_deeper(lines, mark.line) else COLON_IN_VALUE
    elif "expected <block end>" in problem:
        hint = NOT_LINED_UP
    elif "could not find expected ':'" in problem and start:
        mark, hint = start, NO_COLON
    elif "quoted scalar" in context and start:
        mark, hint = start, UNCLOSED_QUOTE
    elif ("flow sequence" in context or "flow mapping" in context) and start:
        mark, hint = start, unclosed_brackets(context)
    elif "cannot start any token" in problem:
        hint = RESERVED_START.format(char=line[mark.column : mark.column + 1])
    line = lines[mark.line] if mark.line < len(lines) else ""
    at_line_start = hint in (MORE_INDENTED, NOT_LINED_UP, NO_COLON)
    column = len(indentation_of(line)) + 1 if at_line_start else mark.column + 1
    message = hint or pyyaml_message(error)
    if line.strip():
        message += f" (line {mark.line + 1} reads: {shorten(line.rstrip())!r})"
    return SyntaxExplanation(mark.line + 1, column, f"invalid YAML: {message}")


def pyyaml_message(error: yaml.MarkedYAMLError) -> str:
    """Fall back on the parser's own words, with the line where its context began."""
    mark = error.problem_mark or error.context_mark
    message = error.problem or "the parser could not read this"
    if error.context:
        message += f" ({error.context}"
        if error.context_mark and error.context_mark.line != mark.line:
            message += f" at line {error.context_mark.line + 1}"
        message += ")"
    return message


def unclosed_brackets(context: str) -> str:
    """Describe a [list] or {mapping} that is never closed."""
    is_list = "sequence" in context
    return UNCLOSED_BRACKETS.format(
        kind="list" if is_list else "mapping",
        brackets="square brackets" if is_list else "braces",
        close="]" if is_list else "}",
    )


def shorten(line: str, limit: int = 80) -> str:
    """Cut a long line to its start, marking the cut."""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def indentation_of(line: str) -> str:
    """Return the run of spaces and tabs a line starts with."""
    return line[: len(line) - len(line.lstrip(" \t"))]


def indented_deeper(lines: list[str], at: int) -> bool:
    """Tell whether a line is indented more than the last non-blank, non-comment line above it."""
    if at >= len(lines):
        return False
    for above in reversed(lines[:at]):
        if above.strip() and not above.lstrip().startswith("#"):
            return len(indentation_of(lines[at])) > len(indentation_of(above))
    return False

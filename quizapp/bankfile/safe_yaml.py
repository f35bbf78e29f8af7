"""Parse YAML into plain data, keeping each node's position and refusing anything unsafe.

Only SafeLoader is used. On top of it, aliases are refused outright (no alias
bombs), nesting is capped, only the plain YAML tags are allowed (no
`!!python/...` or custom tags) and a key repeated in a mapping is an error.
"""

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.bankfile.problems import BankFileError, Problem
from quizapp.bankfile.yaml_messages import explain_syntax_error

Loc = tuple[Any, ...]
YAML_TAG_PREFIX = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(
    YAML_TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
MAX_DEPTH = 20
# C0 and C1 control characters and DEL; tab, line feed and carriage return are text.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Document:
    """Plain data parsed from YAML, with the node behind every path for error positions."""

    data: Any
    nodes: dict[Loc, Node]
    key_nodes: dict[Loc, Node]
    # Values that could not be read (an impossible date, say) are left as None and
    # reported here, so validation can still report every other problem in one run.
    problems: tuple[Problem, ...] = ()


class StrictLoader(yaml.SafeLoader):
    """Compose nodes like SafeLoader, but refuse aliases and deep nesting."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(
                None, None, "aliases (*name) are not allowed in bank files", event.start_mark
            )
        if self.depth >= MAX_DEPTH:
            raise ComposerError(
                None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def format_path(path: Loc) -> str:
    """Write a path the way authors read it: questions[3].choices[0]."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) and not isinstance(part, bool) else f".{part}"
    return text.lstrip(".")


def problem_at(filename: str, node: Node, path: Loc, message: str) -> Problem:
    """Build a problem pointing at the start of a YAML node."""
    mark = node.start_mark
    return Problem(filename, mark.line + 1, mark.column + 1, format_path(path), message)


def short_tag(tag: str) -> str:
    """Write a tag the way authors type it."""
    return "!!" + tag.removeprefix(YAML_TAG_PREFIX) if tag.startswith(YAML_TAG_PREFIX) else tag


# How each event changes the nesting depth; an alias has no entry, so it stops the scan.
DEPTH_CHANGE = {
    yaml.MappingStartEvent: 1, yaml.SequenceStartEvent: 1,
    yaml.MappingEndEvent: -1, yaml.SequenceEndEvent: -1,
    yaml.ScalarEvent: 0, yaml.StreamStartEvent: 0, yaml.StreamEndEvent: 0,
    yaml.DocumentStartEvent: 0, yaml.DocumentEndEvent: 0,
}


def compose_with_libyaml(text: str) -> Node | None:
    """Compose with PyYAML's C parser when the file is plainly safe; None means use Python.

    The C parser composes a large file many times faster. A first pass over its
    events (flat, so no recursion) refuses aliases and deep nesting before any node
    is built; anything unusual, including every syntax error, goes to the slower
    pure-Python loader, whose checks and messages are the reference.
    """
    if not yaml.__with_libyaml__:
        return None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            change = DEPTH_CHANGE.get(type(event))
            if change is None:
                return None
            depth += change
            if depth > MAX_DEPTH:
                return None
        loader = yaml.CSafeLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None


def parse_yaml(text: str, filename: str) -> Document:
    """Turn YAML text into a Document, or raise BankFileError saying where it went wrong."""
    root = compose_with_libyaml(text)
    if root is None:
        root = compose_strictly(text, filename)
    if root is None or (root.tag == YAML_TAG_PREFIX + "null" and not root.value):
        raise BankFileError([Problem(filename, 1, 1, "", "the file is empty")])
    builder = TreeBuilder(filename)
    data = builder.build(root, ())
    return Document(data, builder.nodes, builder.key_nodes, tuple(builder.problems))


def compose_strictly(text: str, filename: str) -> Node | None:
    """Compose with the pure-Python loader, explaining any problem by line and column."""
    try:
        # The reader checks every character as it is created, so this is inside the try too.
        loader = StrictLoader(text)
    except yaml.reader.ReaderError as error:
        raise BankFileError([reader_problem(error, text, filename)]) from None
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        explained = explain_syntax_error(error, text)
        problem = Problem(filename, explained.line, explained.column, "", explained.message)
        raise BankFileError([problem]) from None
    except yaml.reader.ReaderError as error:
        raise BankFileError([reader_problem(error, text, filename)]) from None
    finally:
        loader.dispose()
    return root


def reader_problem(error: yaml.reader.ReaderError, text: str, filename: str) -> Problem:
    """Point at a character YAML does not allow, such as NUL or another control character."""
    line = text.count("\n", 0, error.position) + 1
    column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
    character = error.character if isinstance(error.character, int) else ord(error.character)
    message = f"character U+{character:04X} is not allowed in YAML"
    return Problem(filename, line, column, "", message)


class TreeBuilder:
    """Build plain data from composed nodes, recording each node by its path."""

    def __init__(self, filename: str):
        self.filename = filename
        self.constructor = SafeConstructor()
        self.problems: list[Problem] = []
        self.nodes: dict[Loc, Node] = {}
        self.key_nodes: dict[Loc, Node] = {}

    def report(self, node: Node, path: Loc, message: str) -> None:
        self.problems.append(problem_at(self.filename, node, path, message))

    def build(self, node: Node, path: Loc) -> Any:
        """Return the plain value of a node, reporting disallowed tags."""
        self.nodes[path] = node
        if node.tag not in PLAIN_TAGS:
            self.report(node, path, f"the tag {short_tag(node.tag)} is not allowed; "
                        "bank files hold plain text, numbers, lists and mappings only")
            return None
        if isinstance(node, MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.build_scalar(node, path)

    def build_scalar(self, node: ScalarNode, path: Loc) -> Any:
        try:
            value = self.constructor.construct_object(node)
        except (yaml.constructor.ConstructorError, ValueError) as error:
            kind = "real date" if node.tag.endswith("timestamp") else short_tag(node.tag)
            reason = getattr(error, "problem", None) or str(error)
            self.report(node, path, f"{node.value!r} is not a {kind}: {reason}")
            return None
        # Escapes such as "\0" or "\e" in quoted text make characters the reader never saw.
        control = CONTROL_CHARACTER.search(value) if isinstance(value, str) else None
        if control:
            code = f"U+{ord(control.group()):04X}"
            self.report(node, path, f"control character {code} is not allowed in text")
            return None
        return value

    def build_mapping(self, node: MappingNode, path: Loc) -> dict:
        mapping: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in PLAIN_TAGS:
                self.report(key_node, path, "mapping keys must be plain text or numbers")
                continue
            key = self.build_scalar(key_node, path)
            key_path = (*path, key)
            if key in mapping:
                first = self.key_nodes[key_path].start_mark.line + 1
                self.report(key_node, key_path, f"duplicate key {key!r} (first at line {first})")
                continue
            self.key_nodes[key_path] = key_node
            mapping[key] = self.build(value_node, key_path)
        return mapping

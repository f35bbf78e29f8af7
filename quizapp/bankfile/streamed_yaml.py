"""Read a plainly valid bank file straight from libyaml's events, keeping no node tree.

The node tree that `safe_yaml` builds exists to put every problem at its line
and column, yet most files have none: for a 2 MB bank it is some 150,000 nodes
and twice as many marks, held for the whole request and then thrown away. This
reader builds the same plain data from the C parser's events as they stream past
and gives up, returning None, at anything `safe_yaml` would refuse or report
(aliases, deep nesting, other tags, repeated keys, unreadable values, control
characters, syntax errors), so that the careful reader reads the file again and
explains it in its own words.
"""

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from quizapp.bankfile.safe_yaml import CONTROL_CHARACTER, MAX_DEPTH, PLAIN_TAGS, YAML_TAG_PREFIX

STR_TAG = YAML_TAG_PREFIX + "str"
MAP_TAG = YAML_TAG_PREFIX + "map"
SEQ_TAG = YAML_TAG_PREFIX + "seq"
SCALAR_CONSTRUCTORS = {
    tag: SafeConstructor.yaml_constructors[tag] for tag in PLAIN_TAGS - {MAP_TAG, SEQ_TAG}
}


class Unusual(Exception):
    """Something for the careful reader to look at and explain."""


def streamed_data(text: str) -> Any | None:
    """Return the file's plain data, or None when the careful reader must take it."""
    if not yaml.__with_libyaml__:
        return None
    reader = EventReader(text)
    try:
        return reader.document()
    except (Unusual, yaml.YAMLError, ValueError, ArithmeticError):
        return None
    finally:
        reader.events.close()  # frees the parser at once, even when it stopped halfway


class EventReader:
    """Build plain values from a stream of parser events, one document deep."""

    def __init__(self, text: str):
        self.events = yaml.parse(text, Loader=yaml.CSafeLoader)
        self.resolver = yaml.resolver.Resolver()
        self.constructor = SafeConstructor()
        self.depth = 0

    def expect(self, kind: type) -> yaml.Event:
        event = next(self.events)
        if type(event) is not kind:
            raise Unusual
        return event

    def document(self) -> Any:
        """Read the one document of the stream; an empty stream or a second document is unusual."""
        self.expect(yaml.StreamStartEvent)
        self.expect(yaml.DocumentStartEvent)
        data = self.value(next(self.events))
        self.expect(yaml.DocumentEndEvent)
        self.expect(yaml.StreamEndEvent)
        return data

    def value(self, event: yaml.Event) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self.scalar(event)
        if kind is yaml.MappingStartEvent:
            self.enter(event, MappingNode, MAP_TAG)
            value = self.mapping()
        elif kind is yaml.SequenceStartEvent:
            self.enter(event, SequenceNode, SEQ_TAG)
            value = self.sequence()
        else:
            raise Unusual  # an alias, above all
        self.depth -= 1
        return value

    def enter(self, event: yaml.CollectionStartEvent, node_kind: type, plain_tag: str) -> None:
        """Go one level down, refusing deep nesting and collections tagged other than plainly."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(node_kind, None, event.implicit)
        self.depth += 1
        if tag != plain_tag or self.depth > MAX_DEPTH:
            raise Unusual

    def mapping(self) -> dict:
        mapping: dict = {}
        for event in self.events:
            if type(event) is yaml.MappingEndEvent:
                return mapping
            if type(event) is not yaml.ScalarEvent:
                raise Unusual  # a key that is a list or a mapping
            key = self.scalar(event)
            if key in mapping:
                raise Unusual
            mapping[key] = self.value(next(self.events))
        raise Unusual

    def sequence(self) -> list:
        items = []
        for event in self.events:
            if type(event) is yaml.SequenceEndEvent:
                return items
            items.append(self.value(event))
        raise Unusual

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        """Resolve and construct a scalar as SafeLoader would, for the plain tags only."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
        if tag == STR_TAG:
            value = event.value
        elif tag in SCALAR_CONSTRUCTORS:
            node = ScalarNode(tag, event.value, style=event.style)
            value = SCALAR_CONSTRUCTORS[tag](self.constructor, node)
        else:
            raise Unusual
        if isinstance(value, str) and CONTROL_CHARACTER.search(value):
            raise Unusual
        return value

"""GIFT's text rules, shared by its reader and writer: escapes, blocks, comments, positions.

GIFT (Moodle's "General Import Format Technology") writes one question per
block of lines, blocks separated by blank lines. A backslash keeps one of
~ = # { } : from meaning anything; `\\n` is a line break inside a text.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

SPECIAL = "~=#{}:"
ESCAPES = {"\\": "\\\\", "\n": "\\n", **{char: "\\" + char for char in SPECIAL}}
UNESCAPES = {"\\": "\\", "n": "\n", **{char: char for char in SPECIAL}}
ESCAPE_PAIR = re.compile(r"\\(.)", re.DOTALL)
LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
# `// key: value` comments carry what GIFT has no syntax for; Moodle skips them as comments.
METADATA = re.compile(r"^//\s*([a-z][a-z-]*)\s*:\s*(.*?)\s*$")

Position = tuple[int, int]


def escape(text: str) -> str:
    """Write text so GIFT reads it back literally."""
    return "".join(ESCAPES.get(char, char) for char in text.replace("\r", ""))


def escape_comment(text: str) -> str:
    """Write a `// key: value` value on one line; only backslashes and line breaks need escapes."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def unescape(raw: str) -> str:
    """Read GIFT text: a line break in the file is a space, `\\n` a real line break."""
    spaced = LINE_BREAK.sub(" ", raw)
    return ESCAPE_PAIR.sub(lambda pair: UNESCAPES.get(pair[1], pair[0]), spaced).strip()


@dataclass(frozen=True)
class Span:
    """A stretch of a block's text; `masked` hides escaped characters from the syntax search."""

    raw: str
    masked: str
    start: int

    @classmethod
    def of(cls, raw: str) -> "Span":
        return cls(raw, ESCAPE_PAIR.sub("\0\0", raw), 0)

    def find(self, token: str, begin: int = 0) -> int:
        return self.masked.find(token, begin)

    def cut(self, begin: int, end: int | None = None) -> "Span":
        end = len(self.raw) if end is None else end
        return Span(self.raw[begin:end], self.masked[begin:end], self.start + begin)

    def strip(self) -> "Span":
        begin = len(self.masked) - len(self.masked.lstrip())
        return self.cut(begin, max(begin, len(self.masked.rstrip())))

    def split_before(self, markers: str) -> list["Span"]:
        """Cut the span before each unescaped marker character; the first piece may be empty."""
        cuts = [0, *(index for index, char in enumerate(self.masked) if char in markers)]
        return [self.cut(begin, end) for begin, end in zip(cuts, [*cuts[1:], None], strict=True)]

    @property
    def text(self) -> str:
        return unescape(self.raw)

    def __bool__(self) -> bool:
        return bool(self.masked.strip())


@dataclass(frozen=True)
class Comment:
    line: int
    key: str
    value: str


@dataclass(frozen=True)
class Block:
    """One question's lines; comment lines are blanked in `body` so offsets keep their places."""

    first_line: int
    body: str
    comments: tuple[Comment, ...]

    def position(self, offset: int) -> Position:
        """Return the 1-based line and column of an offset in the body."""
        line_start = self.body.rfind("\n", 0, offset) + 1
        return self.first_line + self.body.count("\n", 0, offset), offset - line_start + 1


def split_blocks(text: str) -> Iterator[Block]:
    """Yield the blocks of a GIFT file: runs of lines between blank lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = None
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip() and first is None:
            first = number
        elif not line.strip() and first is not None:
            yield make_block(first, lines[first - 1 : number - 1])
            first = None


def make_block(first_line: int, lines: list[str]) -> Block:
    """Blank the comment lines of a block, keeping its `// key: value` ones aside."""
    body, comments = [], []
    for number, line in enumerate(lines, start=first_line):
        if line.strip().startswith("//"):
            body.append("")
            match = METADATA.match(line.strip())
            if match:
                comments.append(Comment(number, match[1], match[2]))
        else:
            body.append(line)
    return Block(first_line, "\n".join(body), tuple(comments))

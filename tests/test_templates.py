"""Templates stay compatible with a Content-Security-Policy that forbids inline code."""

import re
from pathlib import Path

import pytest

TEMPLATE_DIR = Path(__file__).parents[1] / "quizapp" / "templates"
TEMPLATES = sorted(path for path in TEMPLATE_DIR.rglob("*") if path.is_file())

JINJA_TAG = re.compile(r"\{[%#].*?[%#]\}", re.DOTALL)
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
INLINE_ATTRIBUTE = re.compile(r"\s(on[a-z]+|style)\s*=", re.IGNORECASE)


def blank_jinja_tags(text: str) -> str:
    """Blank out {% %} and {# #} blocks, keeping newlines so line numbers still match."""
    return JINJA_TAG.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)


def find_inline_code(text: str) -> list[tuple[int, str]]:
    """Return (line, description) for each inline script, on* handler or style attribute."""
    text = blank_jinja_tags(text)
    found = []
    for match in SCRIPT.finditer(text):
        if match.group(1).strip():
            found.append((text.count("\n", 0, match.start()) + 1, "inline <script> content"))
    for match in INLINE_ATTRIBUTE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append((line, f"inline {match.group(1)}= attribute"))
    return sorted(found)


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<script>alert(1)</script>", [(1, "inline <script> content")]),
        ('<script src="/a.js">\n  go()\n</script>', [(1, "inline <script> content")]),
        ('<p>\n<button onclick="go()">', [(2, "inline onclick= attribute")]),
        ("<body onload = 'go()'>", [(1, "inline onload= attribute")]),
        ('<div\n  style="color: red">', [(2, "inline style= attribute")]),
        ('<script src="/a.js" defer></script>', []),
        ("<script src='/a.js'>\n</script>", []),
        ("{% set style = 'plain' %}<p>Go on, see the style guide.</p>", []),
        ("{# onclick= is banned #}", []),
        ('<div data-style="x" class="online">', []),
    ],
)
def test_find_inline_code(markup, expected):
    assert find_inline_code(markup) == expected


def test_templates_are_found():
    assert TEMPLATE_DIR / "base.html" in TEMPLATES


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=[str(path.relative_to(TEMPLATE_DIR)) for path in TEMPLATES]
)
def test_template_has_no_inline_code(template):
    found = find_inline_code(template.read_text(encoding="utf-8"))
    name = template.relative_to(TEMPLATE_DIR.parents[1])
    assert not found, "\n".join(f"{name}:{line}: {what}" for line, what in found)

"""Template filters."""

import pytest

from quizapp.richtext import render_inline, render_text
from quizapp.templating import format_points


@pytest.mark.parametrize(
    ("value", "text"),
    [(3.0, "3"), (2.5, "2.5"), (2 / 3, "0.67"), (0, "0"), (None, "0"), (1234.0, "1,234"),
     (0.005, "0.01"), (10.10, "10.1")],
)
def test_points_are_written_without_needless_decimals(value, text):
    assert format_points(value) == text


@pytest.mark.parametrize(("text", "text_format", "html"), [
    ("a <b>bold</b> claim", "plain", "a &lt;b&gt;bold&lt;/b&gt; claim"),
    ("a **bold** claim", "markdown", "<p>a <strong>bold</strong> claim</p>"),
    ("<script>alert(1)</script>*x*", "markdown", "<p>&lt;script&gt;alert(1)&lt;/script&gt;"
     "<em>x</em></p>"),
    ("[link](javascript:alert(1))", "markdown", "<p>[link](javascript:alert(1))</p>"),
    ("<p onclick='x'>a</p><script>alert(1)</script><img src='https://e.org/i.png'>", "html",
     "<p>a</p>"),
    ('<a href="https://e.org">e</a>', "html",
     '<a href="https://e.org" rel="noopener noreferrer nofollow">e</a>'),
    ("<style>p{}</style><iframe src='https://e.org'></iframe>ok", "html", "ok"),
])
def test_author_text_is_rendered_safely_in_its_format(text, text_format, html):
    assert render_text(text, text_format) == html


def test_inline_text_keeps_no_block_tags():
    assert render_inline("<p>What <em>is</em> it?</p>", "html") == "What <em>is</em> it?"
    assert render_inline("What **is** it?", "markdown") == "What <strong>is</strong> it?"

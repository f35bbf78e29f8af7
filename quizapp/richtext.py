"""Show author text written as plain text, Markdown or HTML, safely: escaped or sanitised.

Markdown is rendered by markdown-it-py with raw HTML turned off, and every result
passes nh3's allow-list, so no script, style, event handler or image from another
site reaches a page. Pure: no Flask, so exports can render the same way.
"""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

TEXT_FORMATS = ("plain", "markdown", "html")
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "br", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "u",
})
BLOCK_TAGS = INLINE_TAGS | {
    "blockquote", "caption", "dd", "div", "dl", "dt", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
MARKDOWN = MarkdownIt("commonmark", {"html": False})


def render_text(text: str | None, text_format: str = "plain") -> Markup:
    """Render a block of author text (an explanation, feedback) as safe HTML."""
    if text_format == "markdown":
        return sanitise(MARKDOWN.render(text or ""), BLOCK_TAGS)
    if text_format == "html":
        return sanitise(text or "", BLOCK_TAGS)
    return escape(text or "")


def render_inline(text: str | None, text_format: str = "plain") -> Markup:
    """Render author text that sits inside a heading or a line (a prompt) as safe HTML."""
    if text_format == "markdown":
        return sanitise(MARKDOWN.renderInline(text or ""), INLINE_TAGS)
    if text_format == "html":
        return sanitise(text or "", INLINE_TAGS)
    return escape(text or "")


def sanitise(html: str, tags: frozenset[str]) -> Markup:
    """Keep only allow-listed tags and attributes; links get rel=noopener noreferrer."""
    cleaned = nh3.clean(html, tags=set(tags), attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                        link_rel="noopener noreferrer nofollow")
    return Markup(cleaned.strip())


def plain_text(text: str | None, text_format: str = "plain") -> str:
    """Reduce author text to plain words, for places that show no markup (CSV, labels)."""
    if text_format == "plain":
        return text or ""
    return Markup(render_text(text, text_format)).striptags()

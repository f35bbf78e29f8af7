"""The test navigator's links as escaped HTML, written in one pass over the statuses.

Drawn by the template, ten links were some hundred escaped expressions, about a
tenth of the question page; here each link is one formatted string.
"""

from collections.abc import Iterable

from markupsafe import Markup, escape

FLAG = '<span aria-hidden="true">⚑</span>'


def navigator_links(statuses: Iterable, url_prefix: str, current: int | None) -> Markup:
    """Write a `<li>` link to each question, marked answered, flagged and current.

    `statuses` have a position, is_answered and is_flagged (items or their statuses);
    `url_prefix` followed by a position is that question's URL.
    """
    prefix = escape(url_prefix)
    lines = []
    for status in statuses:
        position = int(status.position)
        answered, flagged = status.is_answered, status.is_flagged
        classes = ("navigator-link" + (" is-answered" if answered else "")
                   + (" is-flagged" if flagged else ""))
        label = (f"Question {position}: {'answered' if answered else 'not answered'}"
                 f"{', flagged' if flagged else ''}")
        marker = ' aria-current="step"' if position == current else ""
        lines.append(f'<li><a href="{prefix}{position}" class="{classes}" aria-label="{label}"'
                     f"{marker}>{position}{FLAG if flagged else ''}</a></li>")
    return Markup("\n".join(lines))

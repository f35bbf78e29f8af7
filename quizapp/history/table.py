"""The history table's rows as escaped HTML, written in one pass over the page's rows.

Twenty rows of seven cells drawn by the template cost a few hundred escaped
expressions and forty filter calls; here each row is one formatted string.
"""

from collections.abc import Callable, Iterable
from datetime import tzinfo

from markupsafe import Markup, escape

from quizapp.charts import MONTHS
from quizapp.history.records import HistoryRow
from quizapp.templating import format_points, machine_time


def table_rows(rows: Iterable[HistoryRow], zone: tzinfo, link: Callable[..., str]) -> Markup:
    """Write each row as a `<tr>`, its time in `zone` as the "short" time style writes it.

    `link` builds URLs (the templates' `url_for`, which keeps what it builds).
    """
    lines = []
    for row in rows:
        local = row.finished_at.astimezone(zone)
        finished = (f"{local.day} {MONTHS[local.month - 1]} {local.year}, "
                    f"{local.hour:02}:{local.minute:02}")
        categories = ", ".join(name.capitalize() for name in row.categories) or "All"
        lines.append(
            f'<tr>\n<th scope="row"><time datetime="{machine_time(row.finished_at)}">'
            f"{finished}</time></th>\n"
            f"<td>{escape(row.bank_title)}</td>\n"
            f"<td>{escape(row.mode.capitalize())}</td>\n"
            f"<td>{escape(categories)}</td>\n"
            f"<td>{format_points(row.points_earned)} of {format_points(row.points_possible)} points"
            f" ({round(row.percent):d}%)</td>\n"
            f"<td>{row.seconds_taken // 60} min {row.seconds_taken % 60} s</td>\n"
            f'<td><a href="{escape(link("quiz.result", attempt_id=row.attempt_id))}">Review'
            f'<span class="visually-hidden"> the quiz finished {finished}</span></a></td>\n</tr>'
        )
    return Markup("\n".join(lines))

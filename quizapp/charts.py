"""Geometry for server-rendered SVG charts: scale scores over time into a fixed viewBox.

Templates draw what this module computes, so the chart needs no JavaScript and
its arithmetic is tested without a browser.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import NamedTuple

from markupsafe import Markup, escape

from quizapp.templating import machine_time

WIDTH = 600
HEIGHT = 260
MARGIN_LEFT = 48
MARGIN_RIGHT = 24
MARGIN_TOP = 16
MARGIN_BOTTOM = 36
PERCENT_TICKS = (0, 25, 50, 75, 100)
# The x labels show as much of the time as the span needs for them to differ.
TIME_FORMATS = (
    (timedelta(days=2), ""),
    (timedelta(minutes=10), "%H:%M"),
    (timedelta(0), "%H:%M:%S"),
)
# Each point's own words are written from the date's fields: strftime, called twice
# for each of fifty points, cost more than the rest of the chart. Same as "%b".
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Tick:
    """A gridline position on one axis, in viewBox units, with the words printed there."""

    position: float
    label: str
    anchor: str = "middle"


class ChartPoint(NamedTuple):
    """One score drawn on the chart, with a label that names it in words.

    `when` is the local time as the data table beside the chart writes it (the
    "short" style of `quizapp.templating`), `when_utc` the same moment for `<time>`.
    A named tuple: fifty frozen dataclasses cost more to build than the page spends drawing them.
    """

    x: float
    y: float
    percent: float
    finished_at: datetime
    label: str
    when: str
    when_utc: str


class ChartMarkup(NamedTuple):
    """A chart's parts as markup for the template to place: see `ScoreChart.markup`."""

    grid: Markup
    circles: Markup
    table_rows: Markup


@dataclass(frozen=True)
class ScoreChart:
    """A line chart of percent scores, oldest on the left, ready for an SVG template."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    points: tuple[ChartPoint, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def polyline(self) -> str:
        """Return the points as an SVG `points` attribute."""
        return " ".join(f"{point.x:g},{point.y:g}" for point in self.points)

    def markup(self) -> "ChartMarkup":
        """Write the gridlines, each point's circle and the data table's rows as escaped SVG/HTML.

        Drawn by the template, fifty points and their gridlines were hundreds of escaped
        expressions, more than the rest of the history page; here they are one pass.
        """
        grid = []
        for tick in self.y_ticks:
            grid.append(
                f'<line x1="{self.left}" x2="{self.right}" y1="{tick.position}"'
                f' y2="{tick.position}"/>\n<text x="{self.left - 8}" y="{tick.position}"'
                f' text-anchor="{tick.anchor}" dominant-baseline="middle">'
                f"{escape(tick.label)}</text>"
            )
        for tick in self.x_ticks:
            grid.append(
                f'<text x="{tick.position}" y="{self.bottom + 22}" text-anchor="{tick.anchor}">'
                f"{escape(tick.label)}</text>"
            )
        circles, rows = [], []
        for point in self.points:
            circles.append(
                f'<circle class="chart-point" cx="{point.x}" cy="{point.y}" r="4">'
                f"<title>{escape(point.label)}</title></circle>"
            )
            # `when` and `when_utc` are written from a moment's numbers and month names
            # (see `score_chart`): nothing in them to escape, unlike the zone in a label.
            rows.append(
                f'<tr><th scope="row"><time datetime="{point.when_utc}">'
                f"{point.when}</time></th><td>{round(point.percent):d}%</td></tr>"
            )
        return ChartMarkup(*(Markup("\n".join(part)) for part in (grid, circles, rows)))

    @property
    def lowest(self) -> float | None:
        return min((point.percent for point in self.points), default=None)

    @property
    def highest(self) -> float | None:
        return max((point.percent for point in self.points), default=None)

    @property
    def latest(self) -> float | None:
        return self.points[-1].percent if self.points else None


def score_chart(scores: Iterable[tuple[datetime, float]], zone: tzinfo = UTC) -> ScoreChart:
    """Place (finished_at, percent) scores on a time axis and a 0-100% axis.

    Scores may come in any order; percents outside 0-100 are clamped. When every
    score has the same time they share the middle of the x axis. Labels show the
    times in `zone`, the learner's own.
    """
    ordered = sorted(
        ((moment.astimezone(zone), clamp(percent), moment) for moment, percent in scores),
        key=lambda s: s[0],
    )
    zone_name = getattr(zone, "key", None) or zone.tzname(None) or "UTC"
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    start = ordered[0][0] if ordered else None
    span = (ordered[-1][0] - start) if ordered else timedelta(0)

    def x_of(moment: datetime) -> float:
        if not span:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * ((moment - start) / span), 1)

    def y_of(percent: float) -> float:
        return round(bottom - (bottom - top) * percent / 100, 1)

    time_format = next(format_ for least, format_ in TIME_FORMATS if span >= least)
    points = []
    for moment, percent, given in ordered:
        date = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
        clock = f"{moment.hour:02}:{moment.minute:02}"
        points.append(ChartPoint(
            x_of(moment), y_of(percent), percent, moment,
            label=f"{date} {clock} {zone_name}: {percent:.0f}%",
            when=f"{date}, {clock}",
            when_utc=machine_time(given),  # as given, UTC from the database: no conversion
        ))
    return ScoreChart(
        width=WIDTH, height=HEIGHT, left=left, right=right, top=top, bottom=bottom,
        points=tuple(points),
        x_ticks=time_ticks(start, span, x_of, time_format),
        y_ticks=tuple(Tick(y_of(percent), f"{percent}%", "end") for percent in PERCENT_TICKS),
    )


def time_ticks(
    start: datetime | None, span: timedelta, x_of: Callable[[datetime], float], time_format: str
) -> tuple[Tick, ...]:
    """Label the first and last moments, and the middle one when they differ."""
    if start is None:
        return ()
    if not span:
        return (Tick(x_of(start), moment_label(start, time_format)),)
    moments = {"start": start, "middle": start + span / 2, "end": start + span}
    return tuple(
        Tick(x_of(moment), moment_label(moment, time_format), anchor)
        for anchor, moment in moments.items()
    )


def moment_label(moment: datetime, time_format: str) -> str:
    """Write a moment as a short date, then the time of day in the format given."""
    label = f"{moment.day} {moment:%b %Y}"
    return f"{label} {moment.strftime(time_format)}" if time_format else label


def clamp(percent: float) -> float:
    return min(max(float(percent), 0.0), 100.0)

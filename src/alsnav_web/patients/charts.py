"""Server-rendered line charts (SVG) of ALSFRS-R scores over time.

The chart is drawn by ``patients/includes/line_chart.html`` from the geometry computed here. It is
an image with a text alternative (``role="img"``, ``<title>`` and ``<desc>``); the numbers are in
a data table beside it. Series differ by colour *and* by line pattern and marker shape, so colour is
never the only cue. No inline styles: colours are SVG presentation attributes (the site's CSP
forbids inline CSS).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 20, 16, 44
#: The phone version of every chart: drawn 300 units wide, so its 14-unit labels stay at least
#: 12 CSS px when the chart is squeezed into a 320 px screen (about 284 px of chart).
NARROW_WIDTH, NARROW_HEIGHT = 300, 230
FONT_SIZE = 14

#: colour (≥ 4.5:1 on white), dash pattern and marker of each series, in order.
STYLES: tuple[tuple[str, str, str], ...] = (
    ("#0b5d5b", "", "circle"),
    ("#0a4f8f", "8 5", "square"),
    ("#8a3b00", "2 4", "triangle"),
    ("#5a2d82", "12 4 2 4", "diamond"),
    ("#1b1b1b", "", "circle"),
)


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    color: str
    dash: str
    marker: str
    line: str  # SVG path data of the line ("" with one point)
    markers: str  # SVG path data of every marker


@dataclass(frozen=True)
class Tick:
    position: str  # SVG coordinate, already text: templates would localise a number ("12,5")
    label: str
    anchor: str = "end"  # SVG text-anchor of the label


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    y_label: str
    series: tuple[Series, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    font_size: int = FONT_SIZE
    #: the same chart drawn for narrow screens (shown instead of this one below 40rem)
    narrow: Chart | None = None

    @property
    def y_label_x(self) -> int:
        return self.left - 6

    @property
    def tick_end(self) -> int:
        return self.bottom + 6

    @property
    def x_label_y(self) -> int:
        return self.bottom + 24


def date_text(when: dt.date) -> str:
    """``15 Sep 2025`` (no leading zero, English month abbreviations, not locale-dependent)."""
    return f"{when.day} {when.strftime('%b')} {when.year}"


def _marker(kind: str, x: float, y: float, r: float = 5.0) -> str:
    if kind == "square":
        r *= 0.9
        return f"M{x - r:.1f} {y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}Z"
    if kind == "triangle":
        return f"M{x:.1f} {y - r * 1.15:.1f}L{x + r:.1f} {y + r * 0.85:.1f}L{x - r:.1f} {y + r * 0.85:.1f}Z"
    if kind == "diamond":
        r *= 1.2
        return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}Z"
    return f"M{x - r:.1f} {y:.1f}a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0a{r:.1f} {r:.1f} 0 1 0 {-2 * r:.1f} 0Z"


def _x_scale(dates: Sequence[dt.date], width: int) -> tuple[dt.date, float]:
    first, last = min(dates), max(dates)
    span = (last - first).days
    return first, (width - RIGHT - LEFT) / span if span else 0.0


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    y_label: str,
    dates: Sequence[dt.date],
    series: Sequence[tuple[str, str, Sequence[float]]],
    y_max: int,
    y_step: int,
    width: int = WIDTH,
    height: int = HEIGHT,
    with_narrow: bool = True,
) -> Chart:
    """A chart of ``series`` (key, label, values aligned with ``dates``) on a 0…``y_max`` axis,
    with its narrow-screen version in ``narrow`` (id ``<chart_id>-narrow``)."""
    if not dates:
        raise ValueError("a chart needs at least one date")
    first, per_day = _x_scale(dates, width)
    plot_w, plot_h = width - RIGHT - LEFT, height - BOTTOM - TOP

    def x_of(when: dt.date) -> float:
        return LEFT + (when - first).days * per_day if per_day else LEFT + plot_w / 2

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - value / y_max)

    drawn = []
    for index, (key, label, values) in enumerate(series):
        color, dash, marker = STYLES[index % len(STYLES)]
        points = [(x_of(d), y_of(v)) for d, v in zip(dates, values, strict=True)]
        line = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) if len(points) > 1 else ""
        markers = "".join(_marker(marker, x, y) for x, y in points)
        drawn.append(Series(key, label, color, dash, marker, line, markers))

    y_ticks = tuple(Tick(f"{y_of(v):.1f}", str(v), "end") for v in range(0, y_max + 1, y_step))
    narrow = None
    if with_narrow:
        narrow = line_chart(
            chart_id=f"{chart_id}-narrow",
            title=title,
            description=description,
            y_label=y_label,
            dates=dates,
            series=series,
            y_max=y_max,
            y_step=y_step,
            width=NARROW_WIDTH,
            height=NARROW_HEIGHT,
            with_narrow=False,
        )
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        y_label=y_label,
        series=tuple(drawn),
        x_ticks=_date_ticks(dates, x_of, most=5 if with_narrow else 3),
        y_ticks=y_ticks,
        width=width,
        height=height,
        right=width - RIGHT,
        bottom=height - BOTTOM,
        narrow=narrow,
    )


def _date_ticks(
    dates: Sequence[dt.date], x_of: Callable[[dt.date], float], most: int = 5
) -> tuple[Tick, ...]:
    """Up to ``most`` date labels evenly spread over the time axis (first and last always shown)."""
    first, last = min(dates), max(dates)
    span = (last - first).days
    if span == 0:
        return (Tick(f"{x_of(first):.1f}", date_text(first), "middle"),)
    count = most if span >= 120 else min(len(set(dates)), 3 if most >= 5 else 2)
    ticks = []
    for i in range(count):
        when = first + dt.timedelta(days=round(span * i / (count - 1))) if count > 1 else first
        label = f"{when.strftime('%b')} {when.year}" if span >= 120 else date_text(when)
        anchor = "start" if i == 0 else "end" if i == count - 1 else "middle"
        ticks.append(Tick(f"{x_of(when):.1f}", label, anchor))
    return tuple(ticks)


def change_sentence(label: str, values: Sequence[float]) -> str:
    """``Total went from 44 to 38 (lowest 38, highest 44).`` — the gist of one series, in words."""
    if not values:
        return ""
    first, last = values[0], values[-1]
    if len(values) == 1:
        return f"{label}: {first:g}."
    return f"{label} went from {first:g} to {last:g} (lowest {min(values):g}, highest {max(values):g})."

"""The geometry of a union page's chart: scales, ticks and coordinates as plain data.

`templates/_chart.svg.j2` draws it as inline SVG, one `<svg>` per panel: the same picture as
unionparse.chart (whose year choice, shares, labels and colours it reuses) without matplotlib:

- members (total) and grassroots unions (CĐCS) by year as lines with points; a year with no
  figure breaks the line, a year with no article is shaded grey, and a year whose sources
  disagree shows each value as a red cross, labelled "a ≠ b";
- how the CĐCS were graded: each year's shares as a stacked bar, with a legend.

Coordinates are in the SVG's user units (its viewBox); the page scales the picture to its width.
Text widths are estimated (no font metrics here): CHAR em per character.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from unionparse.chart import COLOURS, LABELS, SERIES, by_year, shares, year_labels
from unionparse.timeline import CATEGORIES, Row

WIDTH = 360
PLOT_HEIGHT = 150
TOP = 30  # room for the title
RIGHT = 12
FONT = 11  # tick labels and legend (report.css sets the same)
CHAR = 0.6  # a character's width, in em, for the margins
LABEL_ANGLE = 40  # x labels are turned this many degrees
LABEL_GAP = 14  # from the x axis to an x label's anchor
LEGEND_ROW = 16
TITLES = {"members.total": "Members", "grassroots_unions": "Grassroots unions (CĐCS)"}


class Tick(NamedTuple):
    at: float  # x of an x tick, y of a y tick
    label: str


class Point(NamedTuple):
    x: float
    y: float
    year: str
    value: int


class Conflict(NamedTuple):
    """A year whose sources disagree: a cross at each value, and "a ≠ b" above them."""

    year: str
    crosses: list[Point]
    text: str
    text_x: float
    text_y: float


class Bar(NamedTuple):
    """One category's part of a year's stacked bar."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str
    year: str
    percent: float  # as printed in the chart's summary


class LegendItem(NamedTuple):
    x: float
    y: float
    colour: str
    label: str


@dataclass
class Panel:
    """One `<svg>`: its size, plot box (left, top, right, bottom), axes and marks."""

    name: str  # `members-total`, `grassroots_unions`, `ratings`: the svg's data-chart
    title: str
    summary: str  # what the picture shows, in words: its accessible name
    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    gaps: list[tuple[float, float]]  # (x, width) of each year with no article
    colour: str = ""
    lines: list[list[tuple[float, float]]] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    unrated: list[float] = field(default_factory=list)  # x of a year with no grading reported
    legend: list[LegendItem] = field(default_factory=list)
    angle = LABEL_ANGLE  # of the x labels

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top

    @property
    def plot_width(self) -> float:
        return _r(self.right - self.left)

    @property
    def label_y(self) -> float:
        """Where the x labels are anchored (each at its tick's x)."""
        return self.bottom + LABEL_GAP


def _r(v: float) -> float:
    """A coordinate to one decimal: enough for a screen, and short in the page (`180`, not
    `180.0`)."""
    v = round(v, 1) + 0.0  # no -0.0
    return int(v) if v.is_integer() else v


def nice_ticks(top: float, most: int = 6) -> list[int]:
    """0, step, 2 step, ... to the first tick at or above `top`: at most `most` steps of 1, 2,
    2.5 or 5 times a power of ten (whole numbers: the counts are)."""
    if top <= 0:
        return [0, 1]
    power = 10 ** max(0, math.floor(math.log10(top / most)))
    step = 10 * power  # always few enough steps, since power > top / most / 10
    for m in (1, 2, 2.5, 5):
        if m * power == int(m * power) and math.ceil(top / (m * power)) <= most:
            step = m * power
            break
    step = int(step)
    return [i * step for i in range(math.ceil(top / step) + 1)]


def _text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR


class _XAxis:
    """The years of a union from first to last, one slot each, across the plot's width."""

    def __init__(self, rows: dict[int, Row], left: float) -> None:
        self.rows = rows
        self.years = list(range(min(rows), max(rows) + 1))
        self.labels = year_labels(rows, self.years)
        self.right = WIDTH - RIGHT
        self._place(left)
        # the first label, turned, reaches left of its tick: keep it inside the picture
        reach = _text_width(self.labels[0]) * math.cos(math.radians(LABEL_ANGLE)) + 4
        if self.x(0) < reach:
            self._place(left + reach - self.x(0))

    def _place(self, left: float) -> None:
        self.left = left
        self.slot = (self.right - left) / len(self.years)

    def x(self, i: int) -> float:
        return self.left + self.slot * (i + 0.5)

    def ticks(self) -> list[Tick]:
        return [Tick(_r(self.x(i)), label) for i, label in enumerate(self.labels)]

    def gaps(self) -> list[tuple[float, float]]:
        return [
            (_r(self.left + self.slot * i), _r(self.slot))
            for i, y in enumerate(self.years)
            if y not in self.rows
        ]

    def label_depth(self) -> float:
        """How far the turned x labels reach below the axis."""
        longest = max(_text_width(label) for label in self.labels)
        return LABEL_GAP + longest * math.sin(math.radians(LABEL_ANGLE)) + FONT


def _left_margin(labels: list[str]) -> float:
    return 10 + max(_text_width(label) for label in labels)


def count_panel(rows: dict[int, Row], name: str, colour: str) -> Panel:
    """Members or CĐCS by year (`name` a timeline field: `members.total`)."""
    values = {y: r.values.get(name) for y, r in rows.items()}
    clashes = {y: [v for v, _ in r.conflicts[name]] for y, r in rows.items() if name in r.conflicts}
    top = max(
        [v for v in values.values() if v is not None] + [max(c) for c in clashes.values()],
        default=0,
    )
    ticks = nice_ticks(top * 1.1)  # room above the highest point for a conflict's label
    axis = _XAxis(rows, _left_margin([str(t) for t in ticks]))
    bottom = TOP + PLOT_HEIGHT
    scale = PLOT_HEIGHT / ticks[-1]

    def y_of(v: float) -> float:
        return _r(bottom - v * scale)

    panel = Panel(
        name=name.replace(".", "-"),
        title=TITLES[name],
        summary="",
        width=WIDTH,
        height=_r(bottom + axis.label_depth()),
        left=_r(axis.left),
        top=TOP,
        right=_r(axis.right),
        bottom=bottom,
        x_ticks=axis.ticks(),
        y_ticks=[Tick(y_of(t), str(t)) for t in ticks],
        gaps=axis.gaps(),
        colour=colour,
    )
    said: list[str] = []
    line: list[tuple[float, float]] = []
    for i, (year, label) in enumerate(zip(axis.years, axis.labels, strict=True)):
        x, value = _r(axis.x(i)), values.get(year)
        if value is not None:
            point = Point(x, y_of(value), label, value)
            panel.points.append(point)
            line.append((x, point.y))
            said.append(f"{label}: {value}")
            continue
        if len(line) > 1:
            panel.lines.append(line)
        line = []
        if year in clashes:
            vs = clashes[year]
            text = " ≠ ".join(str(v) for v in vs)
            half = _text_width(text) / 2
            panel.conflicts.append(
                Conflict(
                    label,
                    [Point(x, y_of(v), label, v) for v in vs],
                    text,
                    _r(min(max(x, half + 2), WIDTH - half - 2)),
                    _r(y_of(max(vs)) - 9),
                )
            )
            said.append(f"{label}: sources disagree, {text}")
        elif year in rows:
            said.append(f"{label}: no figure")
        else:
            said.append(f"{label}: no article")
    if len(line) > 1:
        panel.lines.append(line)
    panel.summary = f"{panel.title} by year. {'; '.join(said)}."
    return panel


def ratings_panel(rows: dict[int, Row]) -> Panel:
    """Each year's grading of the CĐCS as shares (`chart.shares`) stacked in one bar."""
    used = [c for c in CATEGORIES if any(f"ratings.{c}" in r.values for r in rows.values())]
    ticks = list(range(0, 101, 20))
    axis = _XAxis(rows, _left_margin([str(t) for t in ticks]))
    bottom = TOP + PLOT_HEIGHT
    scale = PLOT_HEIGHT / 100
    legend_top = bottom + axis.label_depth() + 4
    columns = 2
    column_width = (WIDTH - axis.left) / columns
    panel = Panel(
        name="ratings",
        title="Grading of the CĐCS (% of CĐCS)",
        summary="",
        width=WIDTH,
        height=_r(legend_top + LEGEND_ROW * math.ceil(len(used) / columns)),
        left=_r(axis.left),
        top=TOP,
        right=_r(axis.right),
        bottom=bottom,
        x_ticks=axis.ticks(),
        y_ticks=[Tick(_r(bottom - t * scale), str(t)) for t in ticks],
        gaps=axis.gaps(),
        legend=[
            LegendItem(
                _r(axis.left + column_width * (i % columns)),
                _r(legend_top + LEGEND_ROW * (i // columns)),
                COLOURS[c],
                LABELS[c],
            )
            for i, c in enumerate(used)
        ],
    )
    said: list[str] = []
    width = axis.slot * 0.75
    for i, (year, label) in enumerate(zip(axis.years, axis.labels, strict=True)):
        row = rows.get(year)
        if row is None:
            said.append(f"{label}: no article")
            continue
        x = axis.x(i)
        share = shares(row)
        stacked = 0.0
        parts = []
        for c in used:
            if c not in share:
                continue
            percent = round(share[c] * 100, 1)
            height = min(percent, 100 - stacked)  # a grading that adds up past 100% is cut
            if height > 0:
                panel.bars.append(
                    Bar(
                        _r(x - width / 2),
                        _r(bottom - (stacked + height) * scale),
                        _r(width),
                        _r(height * scale),
                        COLOURS[c],
                        LABELS[c],
                        label,
                        percent,
                    )
                )
            stacked += height
            parts.append(f"{LABELS[c]} {percent:g}%")
        if parts:
            said.append(f"{label}: {', '.join(parts)}")
        else:
            panel.unrated.append(_r(x))
            said.append(f"{label}: none reported")
    panel.summary = f"Grading of the CĐCS by year, as shares of the CĐCS. {'; '.join(said)}."
    return panel


def panels(rows: list[Row]) -> list[Panel]:
    """The chart of a union's rows (one union's): its three panels, or none when no row has a
    dated period."""
    chosen = by_year(rows)
    if not chosen:
        return []
    lines = [count_panel(chosen, name, colour) for name, _, colour in SERIES]
    return [*lines, ratings_panel(chosen)]

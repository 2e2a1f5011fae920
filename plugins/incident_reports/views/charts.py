"""Horizontal bar charts laid out at build time, for inline SVG (no JavaScript, no chart library).

A chart is rows of stacked bars. Every row ends in a text label with its
figures, so a reader never has to tell series apart by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

#: Layout in SVG user units (the SVG scales down to the width available).
ROW_HEIGHT = 26
BAR_HEIGHT = 18
BAR_AREA = 240
CHAR_WIDTH = 7.2
GAP = 6
MARGIN = 4
LABEL_CHARS = 36
#: How many distinct series colours the stylesheet defines (``incidents-series-0`` ...).
SERIES_COLOURS = 6


class Part(NamedTuple):
    """One stacked part of a bar: which series, how much, and what it is called (shown on hover)."""

    series: int
    value: float
    name: str


class Bar(NamedTuple):
    """One row of a chart: its label, its parts, and the text with its figures."""

    label: str
    parts: Sequence[Part]
    text: str


@dataclass(frozen=True)
class Segment:
    """A drawn part of a bar."""

    series: int
    x: float
    width: float
    name: str


@dataclass(frozen=True)
class Row:
    """A drawn row: label, segments and the text after the bar."""

    label: str
    short_label: str
    y: float
    segments: tuple[Segment, ...]
    text: str
    text_x: float


@dataclass(frozen=True)
class Chart:
    """A laid-out chart: an id for its title and description, its size and rows, its legend."""

    id: str
    title: str
    desc: str
    width: float
    height: float
    label_width: float
    rows: tuple[Row, ...]
    legend: tuple[tuple[int, str], ...]

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def _shortened(label: str) -> str:
    """A label that fits the label column (the full one stays in the row's title)."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar], legend: Sequence[str] = ()) -> Chart:
    """Lay out rows of stacked bars on one linear scale (the longest bar fills the bar area)."""
    labels = [_shortened(bar.label) for bar in bars]
    label_width = round(max((len(label) for label in labels), default=1) * CHAR_WIDTH + GAP * 2)
    largest = max((sum(part.value for part in bar.parts) for bar in bars), default=0)
    scale = BAR_AREA / largest if largest > 0 else 0
    rows = []
    for index, (bar, short) in enumerate(zip(bars, labels, strict=True)):
        x = float(label_width)
        segments = []
        for part in bar.parts:
            if part.value <= 0:
                continue
            width = round(part.value * scale, 2)
            segments.append(Segment(part.series % SERIES_COLOURS, round(x, 2), width, part.name))
            x += width
        rows.append(Row(bar.label, short, MARGIN + index * ROW_HEIGHT, tuple(segments), bar.text, round(x + GAP, 2)))
    text_width = max((len(bar.text) for bar in bars), default=0) * CHAR_WIDTH
    return Chart(
        id=chart_id, title=title, desc=desc,
        width=round(label_width + BAR_AREA + GAP + text_width + MARGIN),
        height=MARGIN * 2 + len(rows) * ROW_HEIGHT,
        label_width=label_width, rows=tuple(rows),
        legend=tuple((index % SERIES_COLOURS, name) for index, name in enumerate(legend)),
    )

"""Draw horizontal bar charts as static SVG in two variants, phone and wide (issue 9).

A chart is never shrunk to fit a phone: each variant is drawn at the width it is shown at, with its text
at a readable size, and the page shows one of them by a CSS media query. Every position is computed here
from the shipped chart font's own metrics (labels wrapped to the width, values at the ends of the bars),
and the browser draws the text with that same font, so the layout is the same on every machine.

The SVG is written directly rather than through Vega/vl-convert: vl-convert measures every text item
through its font database (2–9 ms each), which made these charts cost 30–260 ms per
variant; this takes about a millisecond (bench/charts.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from markupsafe import Markup, escape

from generator.chart_font import FAMILY, FontMetrics, chart_font_metrics, drawable, wrap
from generator.numbers import to_vn_number

ACCENT = "#1f6f8b"
TEXT = "#222222"
VALUE_GAP = 4  # px between a bar's end and its value


@dataclass(frozen=True)
class Geometry:
    """One variant's layout: its width, where labels go, and text and bar sizes in CSS px."""

    name: str  # the variant's CSS class is kb-chart-<name>
    width: int
    label_share: float  # 0: labels above the bars at full width; else a column beside them, at most this share
    font_size: int = 13
    bar: int = 16
    bar_gap: int = 3
    row_gap: int = 10


# Content is 328 px wide on a 360 px phone and 640 px from a 672 px (42em) viewport up (site.css).
PHONE = Geometry("phone", 328, 0)
WIDE = Geometry("wide", 640, 0.5, bar=18)
VARIANTS = (PHONE, WIDE)


@dataclass(frozen=True)
class Bar:
    amount: Decimal
    color: str

    @property
    def text(self) -> str:
        """The value printed at the bar's end, as the tables print it (`1.790.878`, `695,4`)."""
        return to_vn_number(self.amount)


@dataclass(frozen=True)
class BarGroup:
    """One category: its label and one bar per series."""

    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    """What a bar chart draws: the groups in display order and, for several series, a legend."""

    groups: tuple[BarGroup, ...]
    legend: tuple[tuple[str, str], ...] = ()  # (series name, colour)


def amount(value: object) -> Decimal:
    """The exact amount of a table cell (a Decimal, or a figure object carrying one as `.value`)."""
    return Decimal(getattr(value, "value", value))  # type: ignore[arg-type]


def bar_chart_data(frame: pd.DataFrame, category: str, value: str, *, descending: bool = False) -> BarChart:
    """One bar per row of *frame* (largest first if *descending*)."""
    rows = [(str(label), amount(v)) for label, v in zip(frame[category], frame[value])]
    if descending:
        rows.sort(key=lambda row: -row[1])
    return BarChart(tuple(BarGroup(label, (Bar(v, ACCENT),)) for label, v in rows))


def grouped_bar_data(frame: pd.DataFrame, category: str, series: str, value: str,
                     colors: dict[str, str]) -> BarChart:
    """One group per *category* (in order of appearance), one bar per *series* in the order of *colors*."""
    groups = []
    for label, rows in frame.groupby(category, sort=False):
        by_series = {s: amount(v) for s, v in zip(rows[series], rows[value])}
        groups.append(BarGroup(str(label), tuple(Bar(by_series[s], c) for s, c in colors.items() if s in by_series)))
    used = set(frame[series])
    return BarChart(tuple(groups), tuple((s, c) for s, c in colors.items() if s in used))


def draw_variants(chart: BarChart, label_id: str) -> dict[str, Markup]:
    """Every variant of a chart as SVG markup, keyed by variant name; each is labelled by the element *label_id*."""
    metrics = chart_font_metrics()
    values = {bar: bar.text for group in chart.groups for bar in group.bars}
    return {g.name: Markup(_Layout(g, metrics).draw(chart, values, label_id)) for g in VARIANTS}


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True)
class _Text:
    x: float
    baseline: float  # of the first line
    lines: tuple[str, ...]


@dataclass
class _Layout:
    """Places the marks of one chart in one variant, in pixels (y grows downwards)."""

    g: Geometry
    metrics: FontMetrics
    column: float = 0  # width of the label column beside the bars (0: labels above them)
    rects: list[_Rect] = field(default_factory=list)
    texts: list[_Text] = field(default_factory=list)

    @property
    def box(self) -> float:
        """Height of one line's box (ascent + descent), as the browser sizes a text element."""
        return (self.metrics.ascent + self.metrics.descent) * self.g.font_size

    @property
    def line(self) -> int:
        return round(self.box + 1)

    def draw(self, chart: BarChart, values: dict[Bar, str], label_id: str) -> str:
        if self.g.label_share:  # as wide as the longest label, up to the share
            longest = max(self.metrics.width(drawable(group.label, self.metrics), self.g.font_size) for group in chart.groups)
            self.column = min(longest + 2, self.g.width * self.g.label_share)
        y = self.legend(chart.legend, 1.0)
        x0, room, domain = self.scale(values)
        for group in chart.groups:
            y = self.group(group, values, y, x0, room / float(domain)) + self.g.row_gap
        return self.svg(round(y - self.g.row_gap + 2), label_id)

    def text(self, x: float, top: float, lines: Sequence[str]) -> None:
        """A (multi-line) text whose first line's box starts at *top*."""
        self.texts.append(_Text(x, top + self.metrics.ascent * self.g.font_size, tuple(lines)))

    def legend(self, legend: Sequence[tuple[str, str]], y: float) -> float:
        """Swatches and series names, in as many rows as the width needs; return the y below them."""
        if not legend:
            return y
        swatch, x = 12, 0.0
        for name, color in legend:
            text = drawable(name, self.metrics)
            needed = swatch + 5 + self.metrics.width(text, self.g.font_size)
            if x and x + needed > self.g.width - 2:
                x, y = 0.0, y + self.line
            self.rects.append(_Rect(x, y + (self.box - swatch) / 2, swatch, swatch, color))
            self.text(x + swatch + 5, y, [text])
            x += needed + 16
        return y + self.box + self.g.row_gap

    def scale(self, values: dict[Bar, str]) -> tuple[float, float, Decimal]:
        """(x where bars start, px they may use, amount drawn that long): every value fits after its bar."""
        x0 = self.column + 12 if self.column else 0
        room = self.g.width - x0 - 2
        domain = Decimal(1)
        for bar, text in values.items():
            needed = self.metrics.width(text, self.g.font_size) + VALUE_GAP
            domain = max(domain, bar.amount * Decimal(room) / Decimal(room - needed))
        return x0, room, domain

    def group(self, group: BarGroup, values: dict[Bar, str], y: float, x0: float, px_per_unit: float) -> float:
        """Place one category's label and bars from *y*; return the y below them."""
        g = self.g
        lines = wrap(drawable(group.label, self.metrics), (self.column or g.width) - 2, g.font_size, self.metrics)
        label_height = (len(lines) - 1) * self.line + self.box
        slot = max(g.bar, self.box)  # a bar and its value
        bars_height = len(group.bars) * (slot + g.bar_gap) - g.bar_gap
        if self.column:  # label beside the bars, both centred on the row
            block = max(label_height, bars_height)
            self.text(0, y + (block - label_height) / 2, lines)
            bars_top, end = y + (block - bars_height) / 2, y + block
        else:  # label above the bars
            self.text(0, y, lines)
            bars_top = y + label_height + 3
            end = bars_top + bars_height
        for i, bar in enumerate(group.bars):
            top = bars_top + i * (slot + g.bar_gap) + (slot - g.bar) / 2
            length = float(max(bar.amount, Decimal(0))) * px_per_unit
            self.rects.append(_Rect(x0, top, length, g.bar, bar.color))
            self.text(x0 + length + VALUE_GAP, top + (g.bar - self.box) / 2, [values[bar]])
        return end

    def svg(self, height: int, label_id: str) -> str:
        """The placed marks as one labelled SVG image whose text is all in the chart font."""
        g = self.g
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart-svg kb-chart-{g.name}" role="img" '
                 f'aria-labelledby="{escape(label_id)}" width="{g.width}" height="{height}" '
                 f'viewBox="0 0 {g.width} {height}" font-family="\'{FAMILY}\', sans-serif" '
                 f'font-size="{g.font_size}" fill="{TEXT}">']
        parts += [f'<rect x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.width)}" height="{_n(r.height)}" fill="{r.color}"/>'
                  for r in self.rects]
        for t in self.texts:
            first, *rest = t.lines
            spans = "".join(f'<tspan x="{_n(t.x)}" dy="{self.line}">{escape(text)}</tspan>' for text in rest)
            parts.append(f'<text x="{_n(t.x)}" y="{_n(t.baseline)}">{escape(first)}{spans}</text>')
        return "".join(parts) + "</svg>"


def _n(value: float) -> str:
    """A coordinate with at most two decimals, written the same way on every machine."""
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"

"""Render charts with altair to static SVG at build time (vl-convert), so they work offline and in print."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd
from markupsafe import escape
import vl_convert as vlc

from generator.figures import Figure
from generator.model import SiteModel
from generator.numbers import format_date, format_percent
from generator.schema import number
from generator.tables import Table, projects_table, sources_table

VI_FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
AMOUNT = "Số tiền (triệu đồng)"
PERCENT = "Tỷ lệ ghi trong văn bản"


def _percent(printed: str | None) -> str:
    value = number(printed)
    return format_percent(value) if value is not None else ""


def _float(value: object) -> float:
    """Chart positions are floats; the exact figure stays in the table beside the chart."""
    return float(value.value) if isinstance(value, Figure) else float(value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Chart:
    """A chart as inline SVG, with the table that holds the same data (for screen readers)."""

    name: str
    title: str
    svg: str
    table: Table


def _category_axis(title: str) -> alt.Axis:
    """A category axis whose title sits above the labels, so browser fonts cannot make them collide."""
    return alt.Axis(title=title, labelLimit=230, titleAngle=0, titleAnchor="end", titleAlign="right",
                    titleBaseline="bottom", titleX=-6, titleY=-6)


def _bar(table: Table, category: str, title: str) -> alt.Chart:
    data = table.frame.assign(**{AMOUNT: table.frame[AMOUNT].map(_float)})
    return (
        alt.Chart(data, title=alt.TitleParams(title, anchor="start", fontSize=15))
        .mark_bar(color="#1f6f8b")
        .encode(
            x=alt.X(f"{AMOUNT}:Q", title="Số tiền (triệu đồng)", axis=alt.Axis(format=",.0f", labelFlush=False)),
            y=alt.Y(f"{category}:N", sort="-x", axis=_category_axis(category)),
            tooltip=[category, alt.Tooltip(f"{AMOUNT}:Q", format=",.2~f")],
        )
        .properties(width=420, height=alt.Step(26))
    )


def render_svg(chart: alt.Chart, chart_id: str, title: str) -> str:
    """Render an altair chart to SVG with the Vietnamese number format and an accessible <title>."""
    # Browsers measure text a little wider than vl-convert does: pad the left edge so labels are not cut.
    spec = chart.properties(padding={"left": 24, "right": 8, "top": 8, "bottom": 8}).to_dict()
    svg = vlc.vegalite_to_svg(spec, format_locale=VI_FORMAT_LOCALE)
    opening = f'<svg role="img" aria-labelledby="{chart_id}-title" '
    svg = svg.replace("<svg ", opening, 1)
    return re.sub(r"(<svg[^>]*>)", rf'\1<title id="{chart_id}-title">{escape(title)}</title>', svg, count=1)


def sources_chart(model: SiteModel, plan_id: str) -> Chart | None:
    table = sources_table(model, plan_id)
    if table.frame.empty:
        return None
    title = "Kinh phí theo nguồn vốn (triệu đồng)"
    svg = render_svg(_bar(table, "Nguồn vốn", title), f"chart-{table.name}", title)
    return Chart(table.name, title, svg, table)


def projects_chart(model: SiteModel, plan_id: str) -> Chart | None:
    table = projects_table(model, plan_id)
    if len(table.frame) < 2:
        return None
    title = "Kinh phí theo chương trình, dự án (triệu đồng)"
    svg = render_svg(_bar(table, "Chương trình, dự án", title), f"chart-{table.name}", title)
    return Chart(table.name, title, svg, table)


def progress_chart(model: SiteModel, plan_id: str) -> Chart | None:
    """Disbursement or forecast against the allocation it is a percentage of, where a progress report prints it."""
    tree = model.fund_trees[plan_id]
    lines = tree.lines
    rows = []
    for line in lines.values():
        if line.nature in ("disbursed", "forecast") and line.percent_of in lines:
            label = line.label + (f" (đến {format_date(line.as_of)})" if line.as_of else "")
            done = "Đã giải ngân" if line.nature == "disbursed" else "Ước thực hiện"
            rows.append({"Nội dung": label, "Loại": "Kế hoạch vốn", AMOUNT: tree.figure([lines[line.percent_of]]),
                         PERCENT: ""})
            rows.append({"Nội dung": label, "Loại": done, AMOUNT: tree.figure([line]),
                         PERCENT: _percent(line.percent_printed)})
    if not rows:
        return None
    table = Table(f"{plan_id}-tien-do", "Tiến độ giải ngân", pd.DataFrame(rows), numeric=(AMOUNT,),
                  download=f"ke-hoach/{plan_id}/nguon-von")
    title = "Giải ngân, ước thực hiện so với kế hoạch vốn (triệu đồng)"
    data = table.frame.assign(**{AMOUNT: table.frame[AMOUNT].map(_float)})
    chart = (
        alt.Chart(data, title=alt.TitleParams(title, anchor="start", fontSize=15))
        .mark_bar()
        .encode(
            y=alt.Y("Nội dung:N", sort=None, axis=_category_axis("Nội dung")),
            yOffset=alt.YOffset("Loại:N", sort=["Kế hoạch vốn", "Đã giải ngân", "Ước thực hiện"]),
            x=alt.X(f"{AMOUNT}:Q", title="Số tiền (triệu đồng)", axis=alt.Axis(format=",.0f")),
            color=alt.Color("Loại:N", title="Loại", scale=alt.Scale(
                domain=["Kế hoạch vốn", "Đã giải ngân", "Ước thực hiện"], range=["#9fb7c9", "#1f6f8b", "#c0642b"])),
            tooltip=["Nội dung", "Loại", alt.Tooltip(f"{AMOUNT}:Q", format=",.2~f")],
        )
        .properties(width=360, height=alt.Step(14))
    )
    svg = render_svg(chart, f"chart-{table.name}", title)
    return Chart(table.name, title, svg, table)


CHARTS: dict[str, Callable[[SiteModel, str], Chart | None]] = {
    "sources": sources_chart,
    "projects": projects_chart,
    "progress": progress_chart,
}


def build_charts(model: SiteModel) -> dict[str, dict[str, Chart]]:
    """Build every registered chart for every plan: plan id -> chart kind -> chart."""
    charts: dict[str, dict[str, Chart]] = {}
    for plan in model.plans:
        made = {kind: make(model, plan.id) for kind, make in CHARTS.items()}
        charts[plan.id] = {kind: chart for kind, chart in made.items() if chart is not None}
    return charts

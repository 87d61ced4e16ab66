"""Build the plans' charts at build time as static SVG (generator/chart_svg.py), so they work offline and in print."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from generator.chart_svg import BarChart, bar_chart_data, draw_variants, grouped_bar_data
from generator.model import SiteModel, headline_line
from generator.numbers import format_date, format_percent
from generator.schema import number
from generator.tables import Table, projects_table, sources_table

AMOUNT = "Số tiền (triệu đồng)"
PERCENT = "Tỷ lệ ghi trong văn bản"
PROGRESS_COLORS = {"Kế hoạch vốn": "#6b8ca3", "Đã giải ngân": "#1f6f8b", "Ước thực hiện": "#b5561f"}


@dataclass(frozen=True)
class Chart:
    """A chart drawn twice as inline SVG (phone and wide), with the table that holds the same data."""

    name: str
    title: str  # said once, in the figure's caption; both SVGs are labelled by it
    svgs: dict[str, Markup]  # variant name (chart_svg.VARIANTS) -> SVG markup, escaped where it is drawn
    table: Table

    @property
    def title_id(self) -> str:
        return title_id(self.name)


def title_id(name: str) -> str:
    return f"chart-{name}-title"


def draw_chart(table: Table, title: str, data: BarChart) -> Chart:
    """Draw *data* (taken from *table*) in every variant, labelled by *title*."""
    return Chart(table.name, title, draw_variants(data, title_id(table.name)), table)


def period_words(year: int | None, period: str | None) -> str:
    """`năm 2025` or `giai đoạn 2023–2025`, for chart titles."""
    if year is not None:
        return f"năm {year}"
    return f"giai đoạn {period.replace('-', '–')}" if period else ""


def _plan_period(model: SiteModel, plan_id: str) -> str:
    """The year or period of the plan's headline total, else of the plan."""
    headline = headline_line(model, plan_id)
    if headline is not None and (headline.year or headline.period):
        return period_words(headline.year, headline.period)
    plan = model.plan(plan_id)
    single = plan.period_start == plan.period_end
    return period_words(plan.period_start if single else None, None if single else f"{plan.period_start}-{plan.period_end}")


def _percent(printed: str | None) -> str:
    value = number(printed)
    return format_percent(value) if value is not None else ""


def _title(*words: str) -> str:
    return " ".join(w for w in words if w)


def sources_chart(model: SiteModel, plan_id: str) -> Chart | None:
    table = sources_table(model, plan_id)
    if table.frame.empty:
        return None
    title = _title("Kinh phí", _plan_period(model, plan_id), "theo nguồn vốn (triệu đồng)")
    return draw_chart(table, title, bar_chart_data(table.frame, "Nguồn vốn", AMOUNT, descending=True))


def projects_chart(model: SiteModel, plan_id: str) -> Chart | None:
    table = projects_table(model, plan_id)
    if len(table.frame) < 2:
        return None
    title = _title("Kinh phí", _plan_period(model, plan_id), "theo chương trình, dự án (triệu đồng)")
    return draw_chart(table, title, bar_chart_data(table.frame, "Chương trình, dự án", AMOUNT))


def progress_chart(model: SiteModel, plan_id: str) -> Chart | None:
    """Disbursement or forecast against the allocation it is a percentage of, where a progress report prints it."""
    tree = model.fund_trees[plan_id]
    lines = tree.lines
    rows = []
    years = set()
    for line in lines.values():
        if line.nature in ("disbursed", "forecast") and line.percent_of in lines:
            label = line.label + (f" (đến {format_date(line.as_of)})" if line.as_of else "")
            done = "Đã giải ngân" if line.nature == "disbursed" else "Ước thực hiện"
            rows.append({"Nội dung": label, "Loại": "Kế hoạch vốn", AMOUNT: tree.figure([lines[line.percent_of]]),
                         PERCENT: ""})
            rows.append({"Nội dung": label, "Loại": done, AMOUNT: tree.figure([line]),
                         PERCENT: _percent(line.percent_printed)})
            years.add(period_words(line.year, line.period))
    if not rows:
        return None
    table = Table(f"{plan_id}-tien-do", "Tiến độ giải ngân", pd.DataFrame(rows), numeric=(AMOUNT,),
                  download=f"ke-hoach/{plan_id}/nguon-von")
    period = years.pop() if len(years) == 1 else ""
    title = _title("Giải ngân, ước thực hiện", period, "so với kế hoạch vốn (triệu đồng)")
    return draw_chart(table, title, grouped_bar_data(table.frame, "Nội dung", "Loại", AMOUNT, PROGRESS_COLORS))


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

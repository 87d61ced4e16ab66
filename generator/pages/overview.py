"""Targets and funds overview pages across all plans, filterable by district, program and year."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from generator.model import SiteModel
from generator.pages.common import Page, plan_path
from generator.tables import Table


@dataclass(frozen=True)
class Filter:
    key: str  # data attribute on rows, e.g. "district-id"
    label: str
    options: tuple[tuple[str, str], ...]  # (value, text)


@dataclass(frozen=True)
class OverviewContext:
    intro: str
    table: Table
    filters: tuple[Filter, ...]


def _filters(model: SiteModel, table: Table) -> tuple[Filter, ...]:
    frame = table.frame
    years = sorted(set(frame["year_id"]) - {""}) if not frame.empty else []
    return (
        Filter("district-id", "Huyện", tuple((d.id, d.name) for d in model.districts.values())),
        Filter("program-id", "Chương trình", tuple(
            (p, model.programs[p].short_name) for p in sorted(set(frame.get("program_id", []))) if p)),
        Filter("year-id", "Năm", tuple((y, y) for y in years)),
    )


def year_key(year: object) -> str:
    """The filter value of a year cell: `2024`, or empty when the row has no year (never `2024.0`)."""
    return "" if year is None or year is pd.NA else str(int(year))  # type: ignore[call-overload]


def _prepared(model: SiteModel, table: Table) -> Table:
    frame = table.frame.assign(
        district_id=table.frame["plan_id"].map(lambda p: model.plan(p).district),
        year_id=table.frame["Năm"].map(year_key),
        plan_path=table.frame["plan_id"].map(plan_path),
    )
    return replace(table, frame=frame, link_columns=(("Kế hoạch", "plan_path"),))


def targets_overview_page(model: SiteModel, targets: Table) -> Page:
    table = _prepared(model, targets)
    context = OverviewContext("Tất cả chỉ tiêu của các kế hoạch, kèm mục trong văn bản nguồn.", table, _filters(model, table))
    return Page("chi-tieu.md", "Chỉ tiêu", "overview.md.j2", context,
                description="Bảng tổng hợp chỉ tiêu của các kế hoạch", kind="overview", search_boost=2)


def funds_overview_page(model: SiteModel, funds: Table) -> Page:
    table = _prepared(model, funds)
    context = OverviewContext(
        "Mọi số tiền in trong các kế hoạch: tổng và các dòng chi tiết, theo nguồn vốn và tính chất.",
        table, _filters(model, table))
    return Page("nguon-von.md", "Nguồn vốn", "overview.md.j2", context,
                description="Bảng tổng hợp nguồn vốn của các kế hoạch", kind="overview", search_boost=2)

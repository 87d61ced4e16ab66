"""Targets and funds overview pages across all plans, filterable by district, program and year.

A page stays under 200 KB of gzipped HTML: past OVERVIEW_ROW_LIMIT rows the overview becomes an index
of provinces and districts, and each district gets its own filterable page (`chi-tieu/<district>.md`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from generator.model import SiteModel
from generator.pages.common import Link, Page, plan_path
from generator.tables import Table


@dataclass(frozen=True)
class Filter:
    key: str  # data attribute on rows, e.g. "district-id"
    label: str
    options: tuple[tuple[str, str], ...]  # (value, text)


OVERVIEW_ROW_LIMIT = 1500  # about 80 bytes of gzipped HTML a row: well under 200 KB a page


@dataclass(frozen=True)
class OverviewContext:
    intro: str
    table: Table
    filters: tuple[Filter, ...]


@dataclass(frozen=True)
class AreaRows:
    link: Link
    rows: int
    plans: int = 0  # program parts: the plans of the area that carry the program


@dataclass(frozen=True)
class OverviewIndexContext:
    intro: str
    provinces: tuple[tuple[str, tuple[AreaRows, ...]], ...]  # province name, its districts' pages


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


TARGETS_INTRO = "Tất cả chỉ tiêu của các kế hoạch, kèm mục trong văn bản nguồn."
FUNDS_INTRO = "Mọi số tiền in trong các kế hoạch: tổng và các dòng chi tiết, theo nguồn vốn và tính chất."


def targets_overview_pages(model: SiteModel, targets: Table) -> list[Page]:
    return _overview_pages(model, targets, model.counts.targets, "chi-tieu", "Chỉ tiêu", TARGETS_INTRO,
                           "Bảng tổng hợp chỉ tiêu của các kế hoạch")


def funds_overview_pages(model: SiteModel, funds: Table) -> list[Page]:
    return _overview_pages(model, funds, model.counts.fund_lines, "nguon-von", "Nguồn vốn", FUNDS_INTRO,
                           "Bảng tổng hợp nguồn vốn của các kế hoạch")


def targets_overview_page(model: SiteModel, targets: Table) -> Page:
    return targets_overview_pages(model, targets)[0]


def funds_overview_page(model: SiteModel, funds: Table) -> Page:
    return funds_overview_pages(model, funds)[0]


def _overview_pages(model: SiteModel, table: Table, rows: int, stem: str, title: str, intro: str,
                    description: str) -> list[Page]:
    """One filterable page, or past the row limit (*rows*: the whole site's, model.SiteCounts) an index page and
    one page per district."""
    prepared = _prepared(model, table)
    if rows <= OVERVIEW_ROW_LIMIT:
        return [Page(f"{stem}.md", title, "overview.md.j2", OverviewContext(intro, prepared, _filters(model, prepared)),
                     description=description, kind="overview", search_boost=2)]
    pages, provinces = [], []
    rows_of = prepared.frame.groupby("district_id", sort=False).indices  # each district's rows, found once
    for province, district_ids in model.provinces.items():
        areas = []
        for district_id in district_ids:
            if district_id not in rows_of:
                continue
            part = prepared.frame.take(rows_of[district_id]).reset_index(drop=True)
            district = model.districts[district_id]
            path = f"{stem}/{district_id}.md"
            sub = replace(prepared, name=f"{prepared.name}-{district_id}", frame=part)
            filters = tuple(f for f in _filters(model, sub) if f.key != "district-id")
            pages.append(Page(path, f"{title}: huyện {district.name}", "overview.md.j2",
                              OverviewContext(f"{intro} Huyện {district.name}, tỉnh {district.province}.", sub, filters),
                              description=f"{description}, huyện {district.name}", kind="overview", search_boost=2,
                              search_part=province))
            areas.append(AreaRows(Link(f"Huyện {district.name}", path), len(part)))
        if areas:
            provinces.append((model.province_names[province], tuple(areas)))
    index = Page(f"{stem}.md", title, "overview_index.md.j2", OverviewIndexContext(intro, tuple(provinces)),
                 description=description, kind="overview", search_boost=2)
    return [index, *pages]

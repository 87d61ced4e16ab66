"""Program / project / sub-project page: its place in the hierarchy, targets and funds across plans.

A page stays under 200 KB of gzipped HTML: past OVERVIEW_ROW_LIMIT rows the program page lists the provinces
that carry it, and the rows go to one page per province (`chuong-trinh/<id>/tinh-<province>.md`), or per district
(`chuong-trinh/<id>/<district>.md`) for a province that is itself past the limit. A program split so that has
projects keeps only the rows given to itself: each project's rows are on the project's pages (otherwise every row
of a sub-project would be written three times, in its sub-project's, project's and program's parts: a fifth of a
national site).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from generator.admin_units import slug
from generator.model import Located, SiteModel
from generator.pages.common import Link, Page, district_text, plan_path, program_path
from generator.kb import item_field
from generator.pages.overview import OVERVIEW_ROW_LIMIT, AreaRows
from generator.schema import FundLine, Program, Target
from generator.tables import Table

KIND_LABEL = {"mtqg": "Chương trình mục tiêu quốc gia", "du-an": "Dự án", "tieu-du-an": "Tiểu dự án",
              "de-an": "Đề án, chính sách hỗ trợ", "khac": "Chương trình khác"}


@dataclass(frozen=True)
class ProvinceParts:
    """A province's share of a long program page: one page for the province, or one per district."""

    name: str  # "Lai Châu"
    whole: AreaRows | None  # the province's page; None when its districts have a page each
    districts: tuple[AreaRows, ...] = ()


@dataclass(frozen=True)
class ProgramContext:
    program: Program
    kind_text: str
    chain: tuple[Link, ...]
    children: tuple[Link, ...]
    plans: tuple[Link, ...]
    targets: Table
    funds: Table
    areas: tuple[ProvinceParts, ...] = ()  # past the row limit: where the rows are, by province
    up: Link | None = None  # on a province or district part: the program's own page
    own_rows_only: bool = False  # split, with projects: the rows given to the program itself, not its projects'


def _filtered(table: Table, ids: set[str], name: str) -> Table:
    frame = table.frame[table.frame["id_key"].isin(ids)].drop(columns=["id_key"]).reset_index(drop=True)
    return replace(table, name=name, frame=frame, link_columns=(("Kế hoạch", "plan_path"),))


def with_keys(table: Table) -> Table:
    """Add the `plan/item` key and plan link that program pages select and link rows by."""
    frame = table.frame.assign(id_key=table.frame["plan_id"] + "/" + table.frame["id"],
                               plan_path=table.frame["plan_id"].map(plan_path))
    return replace(table, frame=frame)


def program_pages(model: SiteModel, program_id: str, targets: Table, funds: Table) -> list[Page]:
    """The program's page; past the row limit an index by province and one page per province or district."""
    program = model.programs[program_id]
    entries = model.by_program.get(program_id, ())
    target_keys = {f"{e.plan_id}/{e.item.id}" for e in entries if isinstance(e.item, Target)}
    fund_keys = {f"{e.plan_id}/{e.item.id}" for e in entries if isinstance(e.item, FundLine)}
    plan_ids = sorted({e.plan_id for e in entries} | {p.id for p in model.plans if program_id in p.programs})
    whole = ProgramContext(
        program=program, kind_text=KIND_LABEL[program.kind],
        chain=tuple(Link(p.short_name, program_path(p.id)) for p in model.program_chain(program_id)[:-1]),
        children=tuple(Link(f"{c.short_name}: {c.name}", program_path(c.id)) for c in program.projects),
        plans=tuple(Link(model.plan(p).title, plan_path(p)) for p in plan_ids),
        targets=_filtered(targets, target_keys, f"chuong-trinh-{program_id}-chi-tieu"),
        funds=_filtered(funds, fund_keys, f"chuong-trinh-{program_id}-nguon-von"),
    )
    title = f"{program.short_name}: {program.name}" if program.kind != "mtqg" else program.name
    page = Page(program_path(program_id), title, "program.md.j2", whole,
                description=f"{KIND_LABEL[program.kind]}: chỉ tiêu và kinh phí trong các kế hoạch",
                kind="program", search_boost=3)
    if len(whole.targets.frame) + len(whole.funds.frame) <= OVERVIEW_ROW_LIMIT:
        return [page]
    if program.projects:
        whole = _own_rows(whole, entries, program_id)
    parts, provinces, maker = [], [], _Parts(whole)
    for province, whole_province, groups in _area_groups(model, whole, plan_ids):
        areas = []
        for area_id, area_name, ids in groups:
            path = f"{program_path(program_id)[:-3]}/{area_id}.md"
            part = maker.part(ids, f"chuong-trinh-{program_id}-{area_id}", Link(title, page.path))
            parts.append(replace(page, path=path, title=f"{title}: {area_name}", context=part, area=area_name,
                                 description=f"{page.description}, {area_name}", searchable=False,
                                 search_part=slug(province)))
            label = area_name.split(", ")[0]
            areas.append(AreaRows(Link(label[:1].upper() + label[1:], path),
                                  len(part.targets.frame) + len(part.funds.frame), len(part.plans)))
        parts_of = ProvinceParts(province, areas[0]) if whole_province else ProvinceParts(province, None, tuple(areas))
        provinces.append(parts_of)
    index = replace(whole, plans=(), targets=_empty(whole.targets), funds=_empty(whole.funds), areas=tuple(provinces))
    return [replace(page, context=index), *parts]


def _own_rows(whole: ProgramContext, entries: tuple[Located, ...], program_id: str) -> ProgramContext:
    """The program's rows without its projects' (each on its project's own pages)."""
    own = {f"{e.plan_id}/{e.item.id}" for e in entries if item_field(e.item, "program") == program_id}
    def kept(table: Table) -> Table:
        keys = table.frame["plan_id"] + "/" + table.frame["id"]
        return replace(table, frame=table.frame[keys.isin(own)].reset_index(drop=True))
    return replace(whole, targets=kept(whole.targets), funds=kept(whole.funds), own_rows_only=True)


def _area_groups(model: SiteModel, whole: ProgramContext,
                 plan_ids: list[str]) -> list[tuple[str, bool, list[tuple[str, str, set[str]]]]]:
    """Per province: one group of plan ids for the whole province (page `tinh-<province>`), or one per district
    (page `<district>`) when it is too long."""
    rows = _rows_per_plan(whole)
    by_district: dict[str, set[str]] = {}
    for plan_id in plan_ids:
        by_district.setdefault(model.plan(plan_id).district, set()).add(plan_id)
    result = []
    for province, district_ids in model.provinces.items():
        present = [d for d in district_ids if d in by_district]
        if not present:
            continue
        name = model.province_names[province]
        whole_province = sum(rows.get(p, 0) for d in present for p in by_district[d]) <= OVERVIEW_ROW_LIMIT
        if whole_province:
            groups = [(f"tinh-{province}", f"tỉnh {name}", set().union(*(by_district[d] for d in present)))]
        else:
            groups = [(d, f"{district_text(model.districts[d])}, tỉnh {name}", by_district[d])
                      for d in present]
        result.append((name, whole_province, groups))
    return result


def _rows_per_plan(context: ProgramContext) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in (context.targets, context.funds):
        for plan_id, count in table.frame["plan_id"].value_counts().items():
            counts[str(plan_id)] = counts.get(str(plan_id), 0) + int(count)
    return counts


class _Parts:
    """Makes the parts of one program: where each plan's rows and link are, found once (not once per part:
    thousands of parts times hundreds of thousands of rows at national scale)."""

    def __init__(self, whole: ProgramContext) -> None:
        self.whole = whole
        self.rows = {id(t): t.frame.groupby("plan_id", sort=False).indices for t in (whole.targets, whole.funds)}
        self.plan_at = {link.path: index for index, link in enumerate(whole.plans)}

    def part(self, plan_ids: set[str], name: str, up: Link) -> ProgramContext:
        """The program's rows in some plans only (one province's or district's), in the program's order."""
        def rows(table: Table, suffix: str) -> Table:
            where = self.rows[id(table)]
            found = [where[p] for p in plan_ids if p in where]
            positions = np.sort(np.concatenate(found)) if found else np.array([], dtype=np.intp)
            return replace(table, name=f"{name}-{suffix}", frame=table.frame.take(positions).reset_index(drop=True))
        at = sorted(self.plan_at[path] for path in (plan_path(p) for p in plan_ids) if path in self.plan_at)
        whole = self.whole
        return replace(whole, plans=tuple(whole.plans[i] for i in at), targets=rows(whole.targets, "chi-tieu"),
                       funds=rows(whole.funds, "nguon-von"), up=up)


def _empty(table: Table) -> Table:
    return replace(table, frame=table.frame.iloc[0:0])

"""Commune page (what citizens come for): who leads it, targets and money naming it, its post-2025 unit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.admin_units import slug
from generator.drafts import with_draft_column
from generator.pages.changes import HistoryBlock
from generator.model import Located, SiteModel
from generator.pages.common import Link, Page, agency_path, commune_path, district_path, district_text, new_unit_path, plan_path
from generator.schema import Assignment, Commune, FundLine, Target
from generator.tables import ASSIGNMENT_ROLE_TEXT, MONEY, Table, program_label, target_value, typed


@dataclass(frozen=True)
class Responsibility:
    agency: Link
    role: str
    with_agency: Link | None
    plan: Link
    section: str
    printed: str
    unreviewed: bool


@dataclass(frozen=True)
class CommuneContext:
    commune: Commune
    type_text: str
    district: Link
    province: str
    leads: tuple[Responsibility, ...]
    co_leads: tuple[Responsibility, ...]
    targets: Table
    funds: Table
    plans: tuple[Link, ...]
    successors: tuple[Link, ...]
    aliases: tuple[str, ...]
    history: HistoryBlock


def _responsibility(model: SiteModel, district: str, entry: Located) -> Responsibility:
    a = entry.item
    assert isinstance(a, Assignment)
    with_agency = None
    if a.with_agency:
        with_agency = Link(model.agencies[(district, a.with_agency)].name, agency_path(district, a.with_agency))
    return Responsibility(
        agency=Link(model.agencies[(district, a.agency)].name, agency_path(district, a.agency)),
        role=ASSIGNMENT_ROLE_TEXT[a.role], with_agency=with_agency,
        plan=Link(model.plan(entry.plan_id).title, plan_path(entry.plan_id)), section=a.section, printed=a.commune_printed,
        unreviewed=a.unreviewed,
    )


def _items_table(model: SiteModel, name: str, entries: list[Located], download: str) -> Table:
    rows = []
    for entry in entries:
        item = entry.item
        row: dict[str, object] = {"Kế hoạch": model.plan(entry.plan_id).title, "plan_path": plan_path(entry.plan_id),
               "Chương trình": program_label(model, getattr(item, "program", None)), "Mục": item.section,
               "note": getattr(item, "note", "")}
        if isinstance(item, Target):
            row.update({"Chỉ tiêu": item.indicator, "Giá trị": target_value(item), "Đơn vị": item.unit, "Năm": item.year})
        elif isinstance(item, FundLine):
            row.update({"Nội dung": item.label, MONEY: model.fund_trees[entry.plan_id].figure([item]),
                        "Năm": item.year, "Giai đoạn": item.period or ""})
        rows.append(row)
    frame = pd.DataFrame(rows)
    title = "Chỉ tiêu nêu tên xã" if name.endswith("chi-tieu") else "Kinh phí nêu tên xã"
    table = Table(name, title, typed(frame), numeric=(MONEY,), link_columns=(("Kế hoạch", "plan_path"),),
                  note_column="note", download=download)
    return with_draft_column(table, [entry.item.unreviewed for entry in entries])


def commune_page(model: SiteModel, district_id: str, commune_id: str, history: HistoryBlock) -> Page:
    commune = model.communes[(district_id, commune_id)]
    district = model.districts[district_id]
    entries = model.by_commune.get((district_id, commune_id), ())
    assignments = [(e, e.item) for e in entries if isinstance(e.item, Assignment)]
    base = f"xa-{district_id}-{commune_id}"
    successors = tuple(
        Link(s.name, new_unit_path(f"{slug(s.province)}-{slug(s.name)}")) for s in commune.successors
    )
    context = CommuneContext(
        commune=commune, type_text="Thị trấn" if commune.type == "thị trấn" else commune.type.capitalize(),
        district=Link(f"Huyện {district.name}", district_path(district_id)), province=district.province,
        leads=tuple(_responsibility(model, district_id, e) for e, a in assignments if a.role == "lead"),
        co_leads=tuple(_responsibility(model, district_id, e) for e, a in assignments if a.role == "co_lead"),
        targets=_items_table(model, f"{base}-chi-tieu", [e for e in entries if isinstance(e.item, Target)],
                             f"huyen/{district_id}/chi-tieu"),
        funds=_items_table(model, f"{base}-kinh-phi", [e for e in entries if isinstance(e.item, FundLine)],
                           f"huyen/{district_id}/nguon-von"),
        plans=tuple(Link(p.title, plan_path(p.id)) for p in model.plans if p.district == district_id),
        successors=successors, aliases=commune.aliases, history=history,
    )
    title = f"{context.type_text} {commune.name}"
    return Page(commune_path(district_id, commune_id), title, "commune.md.j2", context,
                description=f"{title}, huyện {district.name}, tỉnh {district.province}: cơ quan phụ trách, chỉ tiêu, kinh phí",
                kind="commune", search_boost=8, area=district_text(district))

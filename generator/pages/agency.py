"""Agency page: its duties (lead, support…) across plans and the communes it is responsible for."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.drafts import mark_drafts, with_draft_column
from generator.pages.changes import HistoryBlock
from generator.model import SiteModel
from generator.pages.common import Link, Page, agency_path, district_path, district_text, plan_path
from generator.schema import Agency, Duty
from generator.tables import ROLE_TEXT, Table, assignments_table, program_label


@dataclass(frozen=True)
class AgencyContext:
    agency: Agency
    district: Link
    duties: Table
    lead_count: int
    communes: Table
    history: HistoryBlock


def agency_page(model: SiteModel, district_id: str, agency_id: str, history: HistoryBlock) -> Page:
    agency = model.agencies[(district_id, agency_id)]
    entries = model.by_agency.get((district_id, agency_id), ())
    duties = [(e.plan_id, e.item) for e in entries if isinstance(e.item, Duty)]
    rows = [{"Vai trò": ROLE_TEXT[d.role.value], "Nhiệm vụ": d.task,
             "Chương trình": program_label(model, d.program), "Kế hoạch": model.plan(plan_id).title,
             "plan_path": plan_path(plan_id), "Mục": d.section} for plan_id, d in duties]
    table = Table(f"co-quan-{district_id}-{agency_id}-nhiem-vu", "Nhiệm vụ được giao",
                  pd.DataFrame(rows, columns=["Vai trò", "Nhiệm vụ", "Chương trình", "Kế hoạch", "plan_path", "Mục"]),
                  link_columns=(("Kế hoạch", "plan_path"),), download=f"huyen/{district_id}/nhiem-vu")
    table = with_draft_column(table, [d.unreviewed for _, d in duties])
    plan_ids = tuple(p.id for p in model.plans if p.district == district_id)
    communes = mark_drafts(assignments_table(model, plan_ids, f"co-quan-{district_id}-{agency_id}-phu-trach",
                                             agency=agency_id), model.kb)
    context = AgencyContext(
        agency=agency, district=Link(f"Huyện {model.districts[district_id].name}", district_path(district_id)),
        duties=table, lead_count=sum(1 for _, d in duties if d.role.value == "lead"),
        communes=Table(communes.name, "Xã được giao phụ trách", communes.frame.drop(columns=["Cơ quan", "agency_path"]),
                       link_columns=(("Xã, thị trấn", "commune_path"), ("Kế hoạch", "plan_path")),
                       download=f"huyen/{district_id}/phan-cong"),
        history=history,
    )
    return Page(agency_path(district_id, agency_id), agency.name, "agency.md.j2", context,
                description=f"{agency.name}, huyện {model.districts[district_id].name}: nhiệm vụ và xã phụ trách",
                kind="agency", search_boost=4,
                area=district_text(model.districts[district_id]))

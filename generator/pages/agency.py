"""Agency page: its duties (lead, support…) across plans and the communes it is responsible for."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.pages.changes import HistoryBlock
from generator.model import SiteModel
from generator.pages.common import Link, Page, agency_path, district_path, plan_path
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
    duties = [e for e in entries if isinstance(e.item, Duty)]
    rows = [{"Vai trò": ROLE_TEXT[e.item.role.value], "Nhiệm vụ": e.item.task,
             "Chương trình": program_label(model, e.item.program), "Kế hoạch": model.plan(e.plan_id).title,
             "plan_path": plan_path(e.plan_id), "Mục": e.item.section} for e in duties if isinstance(e.item, Duty)]
    table = Table(f"co-quan-{district_id}-{agency_id}-nhiem-vu", "Nhiệm vụ được giao",
                  pd.DataFrame(rows, columns=["Vai trò", "Nhiệm vụ", "Chương trình", "Kế hoạch", "plan_path", "Mục"]),
                  link_columns=(("Kế hoạch", "plan_path"),))
    plan_ids = tuple(p.id for p in model.plans if p.district == district_id)
    communes = assignments_table(model, plan_ids, f"co-quan-{district_id}-{agency_id}-phu-trach")
    mine = communes.frame[communes.frame["agency_path"] == agency_path(district_id, agency_id)].reset_index(drop=True)
    context = AgencyContext(
        agency=agency, district=Link(f"Huyện {model.districts[district_id].name}", district_path(district_id)),
        duties=table, lead_count=sum(1 for e in duties if e.item.role.value == "lead"),
        communes=Table(communes.name, "Xã được giao phụ trách", mine.drop(columns=["Cơ quan", "agency_path"]),
                       link_columns=(("Xã, thị trấn", "commune_path"), ("Kế hoạch", "plan_path"))),
        history=history,
    )
    return Page(agency_path(district_id, agency_id), agency.name, "agency.md.j2", context,
                description=f"{agency.name}, huyện {model.districts[district_id].name}: nhiệm vụ và xã phụ trách",
                kind="agency", search_boost=4)

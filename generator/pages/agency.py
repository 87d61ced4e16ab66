"""Agency page: its communes with who shares them, what it must do, with whom it works, what its groups must do."""

from __future__ import annotations

from dataclasses import dataclass

from generator.admin_units import slug
from generator.pages.changes import HistoryBlock
from generator.model import SiteModel
from generator.pages.common import (DutyLine, Link, Page, agency_path, commune_path, district_path, district_text,
                                    period_text, plan_path)
from generator.pages.duties import duty_line
from generator.responsibility import agency_duties, commune_partners
from generator.schema import Agency, Assignment
from generator.tables import ASSIGNMENT_ROLE_TEXT


@dataclass(frozen=True)
class CommuneCharge:
    """A commune the agency is in charge of, and who shares the charge."""

    commune: Link
    role: str
    lead: bool
    partners: tuple[tuple[str, Link], ...]
    plan: Link
    period: str
    section: str
    unreviewed: bool


@dataclass(frozen=True)
class AgencyContext:
    agency: Agency
    district: Link
    district_name: str
    communes: tuple[CommuneCharge, ...]
    own: tuple[DutyLine, ...]  # leads, implements, advises, reports…
    support: tuple[DutyLine, ...]  # its own phối hợp duties and duties naming it as a partner
    groups: tuple[DutyLine, ...]  # duties addressed to groups it belongs to
    downloads: tuple[tuple[str, str], ...]  # (label, path under tai-ve without extension)
    history: HistoryBlock


def agency_title(model: SiteModel, district_id: str, agency_id: str) -> str:
    """`Phòng Tư pháp — huyện Phong Thổ`: same-name agencies of different districts are told apart."""
    district = model.districts[district_id]
    return f"{model.agencies[(district_id, agency_id)].name} — {district.type} {district.name}"


def _charges(model: SiteModel, district_id: str, agency_id: str) -> tuple[CommuneCharge, ...]:
    charges = []
    for plan in model.district_plans(district_id):
        for a in model.bundle(plan.id).assignments:
            if a.agency == agency_id:
                charges.append(_charge(model, district_id, plan.id, a))
    return tuple(sorted(charges, key=lambda c: (not c.lead, c.commune.text)))


def _charge(model: SiteModel, district_id: str, plan_id: str, a: Assignment) -> CommuneCharge:
    plan, commune = model.plan(plan_id), model.communes[(district_id, a.commune)]
    partners = tuple((ASSIGNMENT_ROLE_TEXT[p.role], Link(model.agencies[(district_id, p.agency)].name,
                                                         agency_path(district_id, p.agency)))
                     for p in commune_partners(model, plan_id, a))
    return CommuneCharge(Link(f"{'Thị trấn' if commune.type == 'thị trấn' else 'Xã'} {commune.name}",
                              commune_path(district_id, a.commune)),
                         ASSIGNMENT_ROLE_TEXT[a.role], a.role == "lead", partners,
                         Link(plan.title, plan_path(plan_id)), period_text(plan), a.section, a.unreviewed)


def agency_page(model: SiteModel, district_id: str, agency_id: str, history: HistoryBlock) -> Page:
    agency = model.agencies[(district_id, agency_id)]
    district = model.districts[district_id]
    refs = agency_duties(model, district_id, agency_id)
    lines = [(ref, duty_line(model, district_id, ref, for_agency=agency_id)) for ref in refs]
    context = AgencyContext(
        agency=agency, district=Link(f"Huyện {district.name}", district_path(district_id)), district_name=district.name,
        communes=_charges(model, district_id, agency_id),
        own=tuple(line for ref, line in lines if ref.via == "own" and ref.duty.role.value != "support"),
        support=tuple(line for ref, line in lines if ref.via == "partner" or
                      (ref.via == "own" and ref.duty.role.value == "support")),
        groups=tuple(line for ref, line in lines if ref.via == "group"),
        downloads=(("Nhiệm vụ của các cơ quan trong huyện", f"huyen/{district_id}/nhiem-vu"),
                   ("Phân công phụ trách xã trong huyện", f"huyen/{district_id}/phan-cong")),
        history=history,
    )
    title = agency_title(model, district_id, agency_id)
    return Page(agency_path(district_id, agency_id), title, "agency.md.j2", context,
                description=f"{title}, tỉnh {district.province}: xã phụ trách, nhiệm vụ, phối hợp",
                kind="agency", search_boost=4, area=district_text(district), search_part=slug(district.province))

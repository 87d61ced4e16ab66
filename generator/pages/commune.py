"""Commune page (what citizens come for): who is in charge and what they must do here, the money, the targets."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from generator.admin_units import slug
from generator.drafts import with_draft_column
from generator.figures import Figure
from generator.kb import item_field
from generator.numbers import format_date
from generator.pages.changes import HistoryBlock
from generator.model import Located, SiteModel, headline_figure, totals_by_group
from generator.pages.common import (DutyLine, Link, Page, agency_path, commune_path, district_path, district_text,
                                    new_unit_path, period_text, plan_path)
from generator.pages.duties import duty_line
from generator.responsibility import commune_duties, commune_partners, committee_duties
from generator.schema import Assignment, Commune, FundLine, Predecessor, ProgressResult, Target
from generator.tables import ASSIGNMENT_ROLE_TEXT, GROUP_TEXT, MONEY, Table, program_label, target_value, typed


@dataclass(frozen=True)
class Responsible:
    """One agency in charge of the commune under one plan, with what it must do here."""

    agency: Link
    role: str
    lead: bool
    partners: tuple[tuple[str, Link], ...]  # (their role, agency) of the others in charge of the commune
    plan: Link
    period: str
    section: str
    printed: str
    duties: tuple[DutyLine, ...]
    unreviewed: bool


@dataclass(frozen=True)
class PlanMoney:
    """A district plan's printed total, which covers every commune of the district without splitting it."""

    plan: Link
    period: str
    total: Figure | None
    by_group: tuple[tuple[str, Figure], ...]


@dataclass(frozen=True)
class FormerCommune:
    """A commune merged into this one (lineage, not spelling)."""

    label: str  # "xã Đồng Giáp"
    when: str  # "năm 2020, Nghị quyết …" or "" when the sources do not say


@dataclass(frozen=True)
class OldNamesPrinted:
    """Former names that a plan still prints, and where."""

    names: str  # "Đồng Giáp, Tràng Các"
    plan: Link
    section: str


@dataclass(frozen=True)
class CommuneContext:
    commune: Commune
    type_text: str
    district: Link
    province: str
    responsible: tuple[Responsible, ...]
    shared: tuple[DutyLine, ...]  # duties every agency in charge of the commune has there (said once)
    committee: tuple[DutyLine, ...]
    targets: Table
    results: Table
    funds: Table
    money: tuple[PlanMoney, ...]
    plans: tuple[Link, ...]
    successors: tuple[Link, ...]
    aliases: tuple[str, ...]
    merged_from: tuple[FormerCommune, ...]
    old_names_printed: tuple[OldNamesPrinted, ...]
    history: HistoryBlock


def _agency_link(model: SiteModel, district: str, agency: str) -> Link:
    return Link(model.agencies[(district, agency)].name, agency_path(district, agency))


def _responsible(model: SiteModel, district: str, entry: Located) -> Responsible:
    a = entry.item
    assert isinstance(a, Assignment)
    plan = model.plan(entry.plan_id)
    partners = tuple((ASSIGNMENT_ROLE_TEXT[p.role], _agency_link(model, district, p.agency))
                     for p in commune_partners(model, entry.plan_id, a))
    return Responsible(
        agency=_agency_link(model, district, a.agency), role=ASSIGNMENT_ROLE_TEXT[a.role], lead=a.role == "lead",
        partners=partners, plan=Link(plan.title, plan_path(plan.id)), period=period_text(plan), section=a.section,
        printed=a.commune_printed, unreviewed=a.unreviewed,
        duties=tuple(duty_line(model, district, ref, for_agency=a.agency)
                     for ref in commune_duties(model, district, a.agency, entry.plan_id)),
    )


def _shared(responsible: list[Responsible]) -> tuple[tuple[Responsible, ...], tuple[DutyLine, ...]]:
    """Duties that every agency in charge has here are said once, not repeated on each card."""
    if len(responsible) < 2:
        return tuple(responsible), ()
    common = [d for d in responsible[0].duties if all(d in r.duties for r in responsible[1:])]
    return tuple(replace(r, duties=tuple(d for d in r.duties if d not in common)) for r in responsible), tuple(common)


def _plan_money(model: SiteModel, district: str) -> tuple[PlanMoney, ...]:
    return tuple(
        PlanMoney(Link(p.title, plan_path(p.id)), period_text(p), headline_figure(model, p.id),
                  tuple((GROUP_TEXT[g], f) for g, f in totals_by_group(model, p.id).items()))
        for p in model.district_plans(district)
    )


def _former(former: Predecessor) -> FormerCommune:
    when = ", ".join(part for part in (f"năm {former.year}" if former.year else "", former.decision or "") if part)
    return FormerCommune(f"{former.type} {former.name}", when)


def _old_names_printed(model: SiteModel, commune: Commune) -> tuple[OldNamesPrinted, ...]:
    """Group former names by the plan section that prints them (plans on this site only)."""
    places: dict[tuple[str, str], list[str]] = {}
    for former in commune.merged_from:
        for at in former.printed_in:
            if model.has_plan(at.plan):
                places.setdefault((at.plan, at.section), []).append(former.name)
    return tuple(OldNamesPrinted(", ".join(names), Link(model.plan(plan).title, plan_path(plan)), section)
                 for (plan, section), names in places.items())


def _items_table(model: SiteModel, name: str, title: str, entries: list[Located], download: str) -> Table:
    rows = []
    for entry in entries:
        item = entry.item
        row: dict[str, object] = {"Kế hoạch": model.plan_labels[entry.plan_id], "plan_path": plan_path(entry.plan_id),
                                  "Chương trình": program_label(model, item_field(item, "program")),
                                  "Mục": item.section, "note": item_field(item, "note", "")}
        if isinstance(item, Target):
            row.update({"Chỉ tiêu": item.indicator, "Giá trị": target_value(item), "Đơn vị": item.unit, "Năm": item.year})
        elif isinstance(item, ProgressResult):
            row.update({"Kết quả": item.indicator, "Giá trị": item.value or "", "Đơn vị": item.unit,
                        "Đến ngày": format_date(item.as_of)})
        elif isinstance(item, FundLine):
            row.update({"Nội dung": item.label, MONEY: model.fund_trees[entry.plan_id].figure([item]),
                        "Năm": item.year, "Giai đoạn": item.period or ""})
        rows.append(row)
    table = Table(name, title, typed(pd.DataFrame(rows)), numeric=(MONEY,), link_columns=(("Kế hoạch", "plan_path"),),
                  note_column="note", download=download)
    return with_draft_column(table, [entry.item.unreviewed for entry in entries])


def commune_page(model: SiteModel, district_id: str, commune_id: str, history: HistoryBlock) -> Page:
    commune = model.communes[(district_id, commune_id)]
    district = model.districts[district_id]
    entries = model.by_commune.get((district_id, commune_id), ())
    assignments = sorted((e for e in entries if isinstance(e.item, Assignment)),
                         key=lambda e: (e.item.role != "lead", e.plan_id))  # type: ignore[union-attr]
    base = f"xa-{district_id}-{commune_id}"
    type_text = "Thị trấn" if commune.type == "thị trấn" else commune.type.capitalize()
    responsible, shared = _shared([_responsible(model, district_id, e) for e in assignments])
    context = CommuneContext(
        commune=commune, type_text=type_text,
        district=Link(f"Huyện {district.name}", district_path(district_id)), province=district.province,
        responsible=responsible, shared=shared,
        committee=tuple(duty_line(model, district_id, ref) for ref in committee_duties(model, district_id)),
        targets=_items_table(model, f"{base}-chi-tieu", "Chỉ tiêu nêu tên xã",
                             [e for e in entries if isinstance(e.item, Target)], f"huyen/{district_id}/chi-tieu"),
        results=_items_table(model, f"{base}-ket-qua", "Kết quả thực hiện nêu tên xã",
                             [e for e in entries if isinstance(e.item, ProgressResult)], f"huyen/{district_id}/ket-qua"),
        funds=_items_table(model, f"{base}-kinh-phi", "Kinh phí nêu tên xã",
                           [e for e in entries if isinstance(e.item, FundLine)], f"huyen/{district_id}/nguon-von"),
        money=_plan_money(model, district_id),
        plans=tuple(Link(p.title, plan_path(p.id)) for p in model.district_plans(district_id)),
        successors=tuple(Link(s.name, new_unit_path(f"{slug(s.province)}-{slug(s.name)}")) for s in commune.successors),
        aliases=commune.aliases, history=history,
        merged_from=tuple(_former(former) for former in commune.merged_from),
        old_names_printed=_old_names_printed(model, commune),
    )
    title = f"{type_text} {commune.name}"
    return Page(commune_path(district_id, commune_id), title, "commune.md.j2", context,
                description=f"{title}, huyện {district.name}, tỉnh {district.province}: cơ quan phụ trách, việc phải làm, kinh phí, chỉ tiêu",
                kind="commune", search_boost=8, area=district_text(district), search_part=slug(district.province))

"""Plan page: metadata, legal bases, targets by program, funds (table + charts), duties, assignments, findings."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from generator.charts import Chart
from generator.drafts import mark_drafts, with_draft_column
from generator.errors import Issue
from generator.pages.changes import HistoryBlock
from generator.figures import Figure
from generator.model import SiteModel, headline_figure
from generator.pages.common import (Link, Page, period_text, agency_path, commune_path, district_path, district_text,
                                    plan_path, program_path)
from generator.schema import Duty, LegalBasis, Plan, PrintedField
from generator.numbers import format_date
from generator.tables import ASSIGNMENT_ROLE_TEXT, KIND_TEXT, ROLE_TEXT, Table, assignments_table, funds_table, program_label, targets_table



@dataclass(frozen=True)
class DutyGroup:
    agency: Link
    duties: tuple[tuple[str, Duty], ...]  # (role text, duty)


@dataclass(frozen=True)
class BasisLine:
    """One legal basis as the page prints it: the number (or what is missing) in bold, then the rest."""

    head: str
    rest: str
    unreviewed: bool


LEGAL_KIND_TEXT = {"quyet-dinh": "Quyết định", "nghi-quyet": "Nghị quyết", "ke-hoach": "Kế hoạch",
                   "cong-van": "Công văn", "nghi-dinh": "Nghị định", "thong-tu": "Thông tư",
                   "chuong-trinh": "Chương trình", "de-an": "Đề án", "khac": "Văn bản"}


def date_phrase(date: str) -> str:
    """`ngày 18/01/2022`; a date printed with a blank day (`2021-02`) or only a year says so."""
    parts = date.split("-")
    if len(parts) == 3:
        return f"ngày {format_date(date)}"
    if len(parts) == 2:
        return f"tháng {parts[1]}/{parts[0]} (không ghi ngày)"
    return f"năm {parts[0]} (không ghi ngày, tháng)"


def basis_line(basis: LegalBasis) -> BasisLine:
    """Say what the plan cites, and what it leaves out ("không ghi số", "không ghi cơ quan ban hành")."""
    head = basis.number or f"{LEGAL_KIND_TEXT[basis.kind]} (không ghi số)"
    rest = f" {date_phrase(basis.date)}" if basis.date else ""
    rest += f" của {basis.issuer}" if basis.issuer else " (không ghi cơ quan ban hành)"
    rest += f": {basis.title}" if basis.title else ""
    return BasisLine(head, rest, basis.unreviewed)


@dataclass(frozen=True)
class PlanContext:
    plan: Plan
    kind_text: str
    period: str
    district: Link
    province: str
    number_text: str
    date_text: str
    programs: tuple[Link, ...]
    legal_bases: tuple[BasisLine, ...]
    draft_count: int  # unreviewed items shown (build --allow-draft): the page says it is a draft
    headline: Figure | None
    charts: tuple[Chart, ...]
    target_groups: tuple[tuple[str, Table], ...]
    funds: Table
    duty_groups: tuple[DutyGroup, ...]
    assignments: Table
    results: Table | None
    findings: tuple[Issue, ...]
    communes: tuple[Link, ...]
    history: HistoryBlock


def printed_text(field: PrintedField, what: str) -> str:
    """Say what the source prints for a number or date, distinguishing blank from unknown."""
    if field.status == "printed":
        return field.value or format_date(field.date) or field.printed or ""
    if field.status == "blank":
        known = f"tháng {field.month:02d}/{field.year}" if field.month and field.year else ""
        shown = f" (bản in: “{field.printed}”)" if field.printed else (f" ({known})" if known else "")
        return f"chưa ghi {what}{shown}"
    return f"văn bản nguồn không có {what}"


def _duty_groups(model: SiteModel, plan: Plan) -> tuple[DutyGroup, ...]:
    groups: dict[str, list[tuple[str, Duty]]] = {}
    for duty in model.bundle(plan.id).duties:
        groups.setdefault(duty.agency, []).append((ROLE_TEXT[duty.role.value], duty))
    return tuple(
        DutyGroup(Link(model.agencies[(plan.district, agency)].name, agency_path(plan.district, agency)), tuple(duties))
        for agency, duties in groups.items()
    )


def results_table(model: SiteModel, plan_id: str) -> Table | None:
    progress = model.bundle(plan_id).progress
    if progress is None:
        return None
    rows = [{"Kết quả": r.indicator, "Giá trị": r.value or "", "Đơn vị": r.unit, "Đến ngày": format_date(r.as_of),
             "Chương trình": program_label(model, r.program), "Mục": r.section, "note": r.note} for r in progress.results]
    table = Table(f"{plan_id}-ket-qua", f"Kết quả thực hiện {progress.period_label}", pd.DataFrame(rows),
                  note_column="note", download=f"ke-hoach/{plan_id}/ket-qua")
    return with_draft_column(table, [r.unreviewed for r in progress.results])


def _target_groups(model: SiteModel, plan_id: str) -> tuple[tuple[str, Table], ...]:
    table = mark_drafts(targets_table(model, (plan_id,)), model.kb)
    frame = table.frame.drop(columns=["Kế hoạch", "Huyện"])
    groups: list[tuple[str, Table]] = []
    for label, part in frame.groupby("Chương trình", sort=True, dropna=False):
        title = label or "Mục tiêu chung của kế hoạch"
        sub = part.drop(columns=["Chương trình"]).reset_index(drop=True)
        groups.append((str(title), Table(f"{plan_id}-chi-tieu-{len(groups) + 1}", f"Chỉ tiêu: {title}", sub, numeric=("Năm",),
                                         note_column="note", download=f"ke-hoach/{plan_id}/chi-tieu")))
    return tuple(groups)


def plan_page(model: SiteModel, plan_id: str, charts: dict[str, Chart], history: HistoryBlock) -> Page:
    plan = model.plan(plan_id)
    district = model.districts[plan.district]
    funds = funds_table(model, (plan_id,))
    funds = mark_drafts(funds, model.kb)
    funds = replace(funds, name=f"{plan_id}-nguon-von", title="Các dòng kinh phí",
                    frame=funds.frame.drop(columns=["Kế hoạch", "Huyện"]), download=f"ke-hoach/{plan_id}/nguon-von")
    communes = sorted({(plan.district, a.commune) for a in model.bundle(plan_id).assignments})
    context = PlanContext(
        plan=plan, kind_text=KIND_TEXT[plan.kind], period=period_text(plan), district=Link(f"Huyện {district.name}", district_path(district.id)),
        province=district.province, number_text=printed_text(plan.number, "số"), date_text=printed_text(plan.date, "ngày"),
        programs=tuple(Link(model.programs[p].name, program_path(p)) for p in plan.programs),
        legal_bases=tuple(basis_line(b) for b in plan.legal_bases),
        draft_count=sum(item.unreviewed for _, item in model.bundle(plan_id).items()),
        headline=headline_figure(model, plan_id),
        charts=tuple(charts.values()), target_groups=_target_groups(model, plan_id), funds=funds,
        duty_groups=_duty_groups(model, plan),
        assignments=mark_drafts(replace(assignments_table(model, (plan_id,), f"{plan_id}-phu-trach"),
                                        download=f"ke-hoach/{plan_id}/phan-cong"), model.kb),
        results=results_table(model, plan_id), findings=model.findings.get(plan_id, ()),
        communes=tuple(Link(model.communes[c].name, commune_path(*c)) for c in communes), history=history,
    )
    return Page(plan_path(plan_id), plan.title, "plan.md.j2", context,
                description=f"{KIND_TEXT[plan.kind]} của {plan.issuer}, {period_text(plan)}",
                kind="plan", search_boost=5, feeds=(history.feed,) if history.feed else (),
                area=district_text(district))

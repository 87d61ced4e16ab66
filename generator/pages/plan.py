"""Plan page: metadata, legal bases, targets by program, funds (table + charts), duties, assignments, findings."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from generator.admin_units import slug
from generator.charts import Chart
from generator.drafts import mark_drafts, with_draft_column
from generator.errors import Issue
from generator.pages.changes import HistoryBlock
from generator.pages.source import SourceLink
from generator.figures import Figure
from generator.model import SiteModel, headline_figure, totals_by_group
from generator.pages.compare import compare_link, compare_province
from generator.pages.common import (Link, Page, period_text, agency_path, commune_path, district_path, district_text,
                                    plan_path, program_path)
from generator.schema import Duty, LegalBasis, Plan, PrintedField, Target, number
from generator.numbers import format_date, format_percent
from generator.sums import in_millions
from generator.tables import ASSIGNMENT_ROLE_TEXT, COMPARATOR_TEXT, GROUP_TEXT, KIND_TEXT, ROLE_TEXT, Table, assignments_table, funds_table, program_label, target_value, targets_table



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
class Progress:
    """A reported disbursement or forecast against the allocation it is printed as a share of."""

    label: str
    done: Figure
    base: Figure
    percent: str  # as printed, e.g. `17,22%`
    section: str


@dataclass(frozen=True)
class KeyLine:
    """A target or result in one line: what, how much, by when, where printed."""

    text: str
    value: str
    when: str
    section: str


@dataclass(frozen=True)
class PlanSummary:
    """What a journalist needs on the first phone screen: money, split, progress, key targets, slips."""

    headline: Figure | None
    by_source: tuple[tuple[str, Figure], ...]
    progress: tuple[Progress, ...]
    targets: tuple[KeyLine, ...]
    results: tuple[KeyLine, ...]
    results_label: str
    findings: int
    counts: tuple[tuple[str, int, str], ...]  # (label, count, anchor)


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
    summary: PlanSummary
    charts: tuple[Chart, ...]
    target_groups: tuple[tuple[str, Table], ...]
    funds: Table
    duty_groups: tuple[DutyGroup, ...]
    assignments: Table
    results: Table | None
    findings: tuple[Issue, ...]
    communes: tuple[Link, ...]
    history: HistoryBlock
    compare: Link
    source: SourceLink | None = None  # the original document, published with the site


def printed_text(field: PrintedField, what: str) -> str:
    """Say what the source prints for a number or date, distinguishing blank from unknown."""
    if field.status == "printed":
        return field.value or format_date(field.date) or field.printed or ""
    if field.status == "blank":
        known = f"tháng {field.month:02d}/{field.year}" if field.month and field.year else ""
        shown = f" (văn bản ghi: “{field.printed}”)" if field.printed else (f" ({known})" if known else "")
        return f"chưa ghi {what}{shown}"
    return f"văn bản nguồn không có {what}"


def _progress(model: SiteModel, plan_id: str) -> tuple[Progress, ...]:
    """The plan-wide disbursement and forecasts: printed percentages of the largest allocation."""
    tree = model.fund_trees[plan_id]
    reported = [line for line in tree.lines.values()
                if line.nature == "disbursed" and line.percent_printed and line.percent_of in tree.lines]
    if not reported:
        return ()
    largest = max(in_millions(tree.lines[line.percent_of or ""]) for line in reported)
    chosen = [line for line in reported if in_millions(tree.lines[line.percent_of or ""]) == largest]
    return tuple(
        Progress(label="Đã giải ngân" + (f" đến {format_date(line.as_of)}" if line.as_of else ""),
                 done=tree.figure([line]), base=tree.figure([tree.lines[line.percent_of or ""]]),
                 percent=format_percent(number(line.percent_printed) or 0), section=line.section)
        for line in chosen
    )


def target_phrase(target: Target) -> str:
    """`giảm 3,5 %`, `≥ 98,5 %`: the comparator in words, the value as printed, the unit."""
    return " ".join(part for part in (COMPARATOR_TEXT[target.comparator], target_value(target), target.unit) if part)


def short(text: str, limit: int = 90) -> str:
    """Shorten a printed sentence for the summary at a word boundary; the full text is further down."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _key_targets(model: SiteModel, plan_id: str, limit: int = 2) -> tuple[KeyLine, ...]:
    """A few headline targets of the plan's own period: poverty first (the programs' own measure)."""
    plan = model.plan(plan_id)
    targets = [t for t in model.bundle(plan_id).targets if t.value and plan.period_start <= t.year <= plan.period_end]
    rate = [t for t in targets if "tỷ lệ hộ nghèo" in t.indicator.lower()]
    poverty = [t for t in targets if "nghèo" in t.indicator.lower() and t.unit.startswith("%")]
    chosen = list(dict.fromkeys(rate + poverty + targets))[:limit]
    return tuple(KeyLine(short(t.indicator, 70), target_phrase(t), f"năm {t.year}", t.section) for t in chosen)


def _key_results(model: SiteModel, plan_id: str, limit: int = 2) -> tuple[KeyLine, ...]:
    results = [r for r in model.bundle(plan_id).results if r.value]
    return tuple(KeyLine(short(r.indicator, 70), f"{r.value} {r.unit}".strip(), f"đến {format_date(r.as_of)}", r.section)
                 for r in results[:limit])


def _summary(model: SiteModel, plan_id: str) -> PlanSummary:
    bundle = model.bundle(plan_id)
    progress = bundle.progress
    return PlanSummary(
        headline=headline_figure(model, plan_id),
        by_source=tuple(sorted(((GROUP_TEXT[k], f) for k, f in totals_by_group(model, plan_id).items()),
                               key=lambda item: -item[1].value)),
        progress=_progress(model, plan_id), targets=_key_targets(model, plan_id), results=_key_results(model, plan_id),
        results_label=f"Kết quả {progress.period_label}" if progress else "",
        findings=len(model.findings.get(plan_id, ())),
        counts=(("chỉ tiêu", len(bundle.targets), "chi-tieu"), ("dòng kinh phí", len(bundle.fund_lines), "kinh-phi"),
                ("nhiệm vụ", len(bundle.duties), "nhiem-vu-cua-cac-co-quan"),
                ("xã được phân công", len({a.commune for a in bundle.assignments}), "phan-cong-phu-trach-xa")),
    )


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


def plan_page(model: SiteModel, plan_id: str, charts: dict[str, Chart], history: HistoryBlock, *,
              source: SourceLink | None = None) -> Page:
    plan = model.plan(plan_id)
    district = model.districts[plan.district]
    funds = funds_table(model, (plan_id,))
    funds = mark_drafts(funds, model.kb)
    funds = replace(funds, name=f"{plan_id}-nguon-von", title="Các dòng kinh phí",
                    frame=funds.frame.drop(columns=["Kế hoạch", "Huyện"]), download=f"ke-hoach/{plan_id}/nguon-von")
    communes = sorted({(plan.district, a.commune) for a in model.bundle(plan_id).assignments})
    # Its drafts are found by the (hidden) plan path; the column naming this plan on every row is dropped.
    assignments = mark_drafts(assignments_table(model, (plan_id,), f"{plan_id}-phu-trach"), model.kb)
    assignments = replace(assignments, frame=assignments.frame.drop(columns=["Kế hoạch"]),
                          download=f"ke-hoach/{plan_id}/phan-cong")
    context = PlanContext(
        plan=plan, kind_text=KIND_TEXT[plan.kind], period=period_text(plan), district=Link(f"Huyện {district.name}", district_path(district.id)),
        province=district.province, number_text=printed_text(plan.number, "số"), date_text=printed_text(plan.date, "ngày"),
        programs=tuple(Link(model.programs[p].name, program_path(p)) for p in plan.programs),
        legal_bases=tuple(basis_line(b) for b in plan.legal_bases),
        draft_count=sum(item.unreviewed for _, item in model.bundle(plan_id).items()),
        headline=headline_figure(model, plan_id), summary=_summary(model, plan_id),
        charts=tuple(charts.values()), target_groups=_target_groups(model, plan_id), funds=funds,
        duty_groups=_duty_groups(model, plan),
        assignments=assignments,
        results=results_table(model, plan_id), findings=model.findings.get(plan_id, ()),
        communes=tuple(Link(model.communes[c].name, commune_path(*c)) for c in communes), history=history,
        compare=compare_link("So sánh kế hoạch này với kế hoạch của huyện khác", plans=(plan_id,),
                             province=compare_province(model, plan.district)),
        source=source,
    )
    return Page(plan_path(plan_id), plan.title, "plan.md.j2", context,
                description=f"{KIND_TEXT[plan.kind]} của {plan.issuer}, {period_text(plan)}",
                kind="plan", search_boost=5, feeds=(history.feed,) if history.feed else (),
                area=district_text(district), search_part=slug(district.province))

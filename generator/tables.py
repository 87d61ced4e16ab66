"""Build the site's tables as pandas DataFrames (raw values; formatting happens at render time)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from generator.model import SiteModel, headline_line, program_lines, totals_by_source
from generator.urls import agency_path, commune_path, plan_path
from generator.numbers import format_date
from generator.schema import Comparator, FundLine, Target
from generator.sums import in_millions

COMPARATOR_TEXT = {
    Comparator.eq: "=", Comparator.gte: "≥", Comparator.gt: ">", Comparator.lte: "≤", Comparator.lt: "<",
    Comparator.range: "từ … đến", Comparator.decrease_by: "giảm", Comparator.increase_by: "tăng",
    Comparator.maintain: "duy trì",
}
NATURE_TEXT = {"planned": "Kế hoạch, dự kiến", "allocated": "Đã giao, phân bổ", "unallocated": "Chưa phân bổ",
               "disbursed": "Đã giải ngân", "forecast": "Ước thực hiện"}
ROLE_TEXT = {"lead": "Chủ trì", "support": "Phối hợp", "advise": "Tham mưu", "standing": "Thường trực",
             "implement": "Thực hiện", "supervise": "Giám sát", "report": "Báo cáo"}
ASSIGNMENT_ROLE_TEXT = {"lead": "Phụ trách", "co_lead": "Đồng phụ trách"}
KIND_TEXT = {"multi_year": "Kế hoạch giai đoạn", "annual": "Kế hoạch năm",
             "annual_with_progress_report": "Kế hoạch năm kèm báo cáo kết quả"}


@dataclass(frozen=True)
class Table:
    """A named table: its columns' units live in the header; numeric columns are right-aligned."""

    name: str
    title: str
    frame: pd.DataFrame
    numeric: tuple[str, ...] = ()
    percent: tuple[str, ...] = ()
    link_columns: tuple[tuple[str, str], ...] = ()  # (column shown, column holding its URL)


def program_label(model: SiteModel, program_id: str | None) -> str:
    """Return `MTQG Giảm nghèo bền vững › Dự án 3 › Tiểu dự án 1` for a program id."""
    if not program_id:
        return ""
    return " › ".join(p.short_name for p in model.program_chain(program_id))


def target_value(target: Target) -> str:
    """Return the printed value of a target with its range bound, e.g. `98,5` or `10 – 12`."""
    if target.value_max:
        return f"{target.value} – {target.value_max}"
    return target.value or ""


def _top_program(model: SiteModel, program_id: str | None) -> str:
    return model.program_chain(program_id)[0].id if program_id else ""


def targets_table(model: SiteModel, plan_ids: tuple[str, ...] | None = None) -> Table:
    """All targets (optionally of some plans) with their plan, program and section."""
    rows = []
    for plan in model.plans:
        if plan_ids is not None and plan.id not in plan_ids:
            continue
        for target in model.bundle(plan.id).targets:
            rows.append({
                "Kế hoạch": plan.title, "plan_id": plan.id, "Huyện": model.districts[plan.district].name,
                "Chương trình": program_label(model, target.program), "program_id": _top_program(model, target.program),
                "Chỉ tiêu": target.indicator, "So sánh": COMPARATOR_TEXT[target.comparator],
                "Giá trị": target_value(target), "Đơn vị": target.unit, "Năm": target.year,
                "Phạm vi": target.scope.printed or _scope_text(model, plan.district, target),
                "Mục": target.section, "id": target.id,
            })
    return Table("chi-tieu", "Chỉ tiêu", pd.DataFrame(rows, columns=_TARGET_COLUMNS), numeric=("Năm",))


_TARGET_COLUMNS = ["Kế hoạch", "plan_id", "Huyện", "Chương trình", "program_id", "Chỉ tiêu", "So sánh",
                   "Giá trị", "Đơn vị", "Năm", "Phạm vi", "Mục", "id"]


def _scope_text(model: SiteModel, district: str, target: Target) -> str:
    names = [model.communes[(district, c)].name for c in target.scope.communes if (district, c) in model.communes]
    villages = [v.name for v in target.scope.villages]
    return ", ".join(names + villages) or "Toàn huyện"


def funds_table(model: SiteModel, plan_ids: tuple[str, ...] | None = None) -> Table:
    """Every printed amount with its source, nature, total it belongs to and section."""
    rows = []
    for plan in model.plans:
        if plan_ids is not None and plan.id not in plan_ids:
            continue
        lines = {line.id: line for line in model.bundle(plan.id).fund_lines}
        for line in lines.values():
            rows.append(_fund_row(model, plan.id, plan.title, plan.district, line, lines))
    return Table("nguon-von", "Nguồn vốn", pd.DataFrame(rows, columns=_FUND_COLUMNS),
                 numeric=("Số tiền (triệu đồng)", "Năm"))


_FUND_COLUMNS = ["Kế hoạch", "plan_id", "Huyện", "Chương trình", "program_id", "Nội dung", "Nguồn vốn",
                 "Số tiền (triệu đồng)", "Năm", "Giai đoạn", "Tính chất", "Thuộc tổng", "Mục", "id"]


def _fund_row(model: SiteModel, plan_id: str, title: str, district: str, line: FundLine,
              lines: dict[str, FundLine]) -> dict[str, object]:
    sources = {s.id: s.name for s in model.kb.fund_sources}
    return {
        "Kế hoạch": title, "plan_id": plan_id, "Huyện": model.districts[district].name,
        "Chương trình": program_label(model, line.program), "program_id": _top_program(model, line.program),
        "Nội dung": line.label, "Nguồn vốn": sources[line.source], "Số tiền (triệu đồng)": in_millions(line),
        "Năm": line.year, "Giai đoạn": line.period or "", "Tính chất": NATURE_TEXT[line.nature]
        + (f" (đến {format_date(line.as_of)})" if line.as_of else ""),
        "Thuộc tổng": lines[line.parent].label if line.parent else "", "Mục": line.section, "id": line.id,
    }


def sources_table(model: SiteModel, plan_id: str) -> Table:
    """Headline total of a plan split by fund source."""
    names = {s.id: s.name for s in model.kb.fund_sources}
    totals = totals_by_source(model, plan_id)
    frame = pd.DataFrame([{"Nguồn vốn": names[k], "Số tiền (triệu đồng)": v} for k, v in totals.items()],
                         columns=["Nguồn vốn", "Số tiền (triệu đồng)"])
    return Table(f"{plan_id}-theo-nguon", "Kinh phí theo nguồn vốn", frame, numeric=("Số tiền (triệu đồng)",))


def projects_table(model: SiteModel, plan_id: str) -> Table:
    """Headline total of a plan split by program/project, using the printed project totals."""
    headline = headline_line(model, plan_id)
    totals: dict[str, Decimal] = {}
    for leaf in program_lines(model, plan_id, headline) if headline else []:
        label = program_label(model, leaf.program) or "Không gắn chương trình"
        totals[label] = totals.get(label, Decimal(0)) + in_millions(leaf)
    frame = pd.DataFrame([{"Chương trình, dự án": k, "Số tiền (triệu đồng)": v} for k, v in sorted(totals.items())],
                         columns=["Chương trình, dự án", "Số tiền (triệu đồng)"])
    return Table(f"{plan_id}-theo-du-an", "Kinh phí theo chương trình, dự án", frame, numeric=("Số tiền (triệu đồng)",))


def headline_table(model: SiteModel) -> Table:
    """One row per plan: the headline total and its split by source family."""
    groups = {s.id: s.group for s in model.kb.fund_sources}
    rows = []
    for plan in model.plans:
        headline = headline_line(model, plan.id)
        row: dict[str, object] = {"Kế hoạch": plan.title, "plan_id": plan.id, "Huyện": model.districts[plan.district].name,
                                  "Tổng in (triệu đồng)": in_millions(headline) if headline is not None else None}
        for source, amount in totals_by_source(model, plan.id).items():
            column = f"{GROUP_TEXT[groups[source]]} (triệu đồng)"
            row[column] = row.get(column, Decimal(0)) + amount  # type: ignore[operator]
        rows.append(row)
    frame = pd.DataFrame(rows)
    numeric = tuple(c for c in frame.columns if "triệu đồng" in c)
    return Table("tong-hop-kinh-phi", "Kinh phí theo kế hoạch và nguồn", frame.fillna(""), numeric=numeric)


GROUP_TEXT = {"nstw": "NSTW", "nsdp": "NSĐP", "ngan-sach": "Ngân sách chưa tách cấp", "tin-dung": "Tín dụng",
              "long-ghep": "Lồng ghép", "huy-dong": "Huy động", "tong": "Chưa tách nguồn"}


def assignments_table(model: SiteModel, plan_ids: tuple[str, ...], name: str, *, agency: str | None = None) -> Table:
    """Agency-to-commune assignments of some plans (optionally of one agency only)."""
    rows = []
    for plan_id in plan_ids:
        plan = model.plan(plan_id)
        for a in model.bundle(plan_id).assignments:
            if agency is not None and a.agency != agency:
                continue
            rows.append({
                "Xã, thị trấn": model.communes[(plan.district, a.commune)].name,
                "commune_path": commune_path(plan.district, a.commune),
                "Cơ quan": model.agencies[(plan.district, a.agency)].name,
                "agency_path": agency_path(plan.district, a.agency),
                "Vai trò": ASSIGNMENT_ROLE_TEXT[a.role]
                + (f" (cùng {model.agencies[(plan.district, a.with_agency)].name})" if a.with_agency else ""),
                "Tên in trong kế hoạch": a.commune_printed, "Kế hoạch": plan.title, "plan_path": plan_path(plan_id),
                "Mục": a.section,
            })
    columns = ["Xã, thị trấn", "commune_path", "Cơ quan", "agency_path", "Vai trò", "Tên in trong kế hoạch",
               "Kế hoạch", "plan_path", "Mục"]
    return Table(name, "Phân công phụ trách xã", pd.DataFrame(rows, columns=columns),
                 link_columns=(("Xã, thị trấn", "commune_path"), ("Cơ quan", "agency_path"), ("Kế hoạch", "plan_path")))


def duties_table(model: SiteModel) -> Table:
    """Every duty of every agency, with role, plan and section."""
    rows = [
        {"Cơ quan": model.agencies[(plan.district, d.agency)].name, "agency_path": agency_path(plan.district, d.agency),
         "Vai trò": ROLE_TEXT[d.role.value], "Nhiệm vụ": d.task, "Chương trình": program_label(model, d.program),
         "Kế hoạch": plan.title, "plan_id": plan.id, "Mục": d.section, "id": d.id}
        for plan in model.plans for d in model.bundle(plan.id).duties
    ]
    columns = ["Cơ quan", "agency_path", "Vai trò", "Nhiệm vụ", "Chương trình", "Kế hoạch", "plan_id", "Mục", "id"]
    return Table("nhiem-vu", "Nhiệm vụ của các cơ quan", pd.DataFrame(rows, columns=columns),
                 link_columns=(("Cơ quan", "agency_path"),))


def build_tables(model: SiteModel) -> dict[str, Table]:
    """Build the site-wide tables; per-page tables are built by the page modules from the same functions."""
    tables = [targets_table(model), funds_table(model), headline_table(model), duties_table(model),
              assignments_table(model, tuple(p.id for p in model.plans), "phan-cong")]
    return {table.name: table for table in tables}

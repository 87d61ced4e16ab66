"""Build the site's tables as pandas DataFrames (raw values; formatting happens at render time)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from generator.figures import Figure
from generator.model import (SiteModel, headline_figure, headline_line, headline_parts, totals_by_group,
                             totals_by_program, totals_by_source)
from generator.urls import agency_path, commune_path, plan_path
from generator.numbers import format_date, format_percent
from generator.schema import Comparator, FundLine, Plan, Target, number

# Words a citizen reads before the value ("không quá 38,50 %"), as plans print them; never bare symbols.
COMPARATOR_TEXT = {
    Comparator.eq: "đạt", Comparator.gte: "ít nhất", Comparator.gt: "trên", Comparator.lte: "không quá",
    Comparator.lt: "dưới", Comparator.range: "từ … đến", Comparator.decrease_by: "giảm",
    Comparator.increase_by: "tăng", Comparator.maintain: "duy trì", Comparator.decrease_by_more_than: "giảm hơn",
    Comparator.decrease_to: "giảm xuống còn", Comparator.about: "khoảng",
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
    """A named table: its columns' units live in the header; numeric columns are right-aligned.

    Money cells hold `Figure`s (printed or computed, with their findings) and years nullable integers,
    so no value turns into a float on its way to the page. A footer row compares a computed sum with
    the printed total it stands for. Notes in `note_column` become numbered notes under the table.
    """

    name: str
    title: str
    frame: pd.DataFrame
    numeric: tuple[str, ...] = ()
    percent: tuple[str, ...] = ()
    link_columns: tuple[tuple[str, str], ...] = ()  # (column shown, column holding its URL)
    footer: tuple[tuple[str, Figure], ...] = ()  # (label, figure) rows under the body
    note_column: str = ""  # hidden column whose text is shown as a numbered note
    download: str = ""  # `tai-ve/<download>.csv|json` holds this table's data, typed (see generator/datasets.py)


YEAR = "Int64"  # pandas' nullable integer: a year column with gaps stays integer, never 2023.0
MONEY = "Số tiền (triệu đồng)"


def typed(frame: pd.DataFrame, years: tuple[str, ...] = ("Năm",)) -> pd.DataFrame:
    """Declare year columns as nullable integers (a missing year must not turn the column into floats)."""
    # assign, not astype({…}): astype copies every other column too (five times slower on a page's small tables)
    return frame.assign(**{column: frame[column].astype(YEAR) for column in years if column in frame.columns})


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


def selected_plans(model: SiteModel, plan_ids: tuple[str, ...] | None) -> list[Plan]:
    """The plans of *plan_ids* in the KB's order (all plans for None), without a scan of every plan for one plan:
    a plan's page asks for its own rows, and a scan per page made page building quadratic."""
    if plan_ids is None:
        return list(model.plans)
    if len(plan_ids) == 1:
        return [model.plan(plan_ids[0])] if model.has_plan(plan_ids[0]) else []
    wanted = set(plan_ids)
    return [plan for plan in model.plans if plan.id in wanted]


def targets_table(model: SiteModel, plan_ids: tuple[str, ...] | None = None) -> Table:
    """All targets (optionally of some plans) with their plan, program and section."""
    rows = []
    for plan in selected_plans(model, plan_ids):
        for target in model.bundle(plan.id).targets:
            rows.append({
                "Kế hoạch": model.plan_labels[plan.id], "plan_id": plan.id, "Huyện": model.districts[plan.district].name,
                "Chương trình": program_label(model, target.program), "program_id": _top_program(model, target.program),
                "Chỉ tiêu": target.indicator, "So sánh": COMPARATOR_TEXT[target.comparator],
                "Giá trị": target_value(target), "Đơn vị": target.unit, "Năm": target.year,
                "Phạm vi": target.scope.printed or _scope_text(model, plan.district, target),
                "Mục": target.section, "id": target.id, "note": target.note,
            })
    return Table("chi-tieu", "Chỉ tiêu", typed(pd.DataFrame(rows, columns=_TARGET_COLUMNS)), numeric=("Năm",),
                 note_column="note", download="chi-tieu")


_TARGET_COLUMNS = ["Kế hoạch", "plan_id", "Huyện", "Chương trình", "program_id", "Chỉ tiêu", "So sánh",
                   "Giá trị", "Đơn vị", "Năm", "Phạm vi", "Mục", "id", "note"]


def _scope_text(model: SiteModel, district: str, target: Target) -> str:
    names = [model.communes[(district, c)].name for c in target.scope.communes if (district, c) in model.communes]
    villages = [v.name for v in target.scope.villages]
    return ", ".join(names + villages) or "Toàn huyện"


def funds_table(model: SiteModel, plan_ids: tuple[str, ...] | None = None) -> Table:
    """Every printed amount with its source, nature, total it belongs to, printed percentage and section."""
    rows = []
    for plan in selected_plans(model, plan_ids):
        tree = model.fund_trees[plan.id]
        for line in tree.lines.values():
            rows.append(_fund_row(model, plan.id, model.plan_labels[plan.id], plan.district, line))
    return Table("nguon-von", "Nguồn vốn", typed(pd.DataFrame(rows, columns=_FUND_COLUMNS)),
                 numeric=(MONEY, "Năm"), note_column="note", download="nguon-von")


_FUND_COLUMNS = ["Kế hoạch", "plan_id", "Huyện", "Chương trình", "program_id", "Nội dung", "Nguồn vốn",
                 MONEY, "Tỷ lệ ghi trong văn bản", "Năm", "Giai đoạn", "Tính chất", "Thuộc tổng", "Mục", "id", "note"]


def _fund_row(model: SiteModel, plan_id: str, label: str, district: str, line: FundLine) -> dict[str, object]:
    sources = {s.id: s.name for s in model.kb.fund_sources}
    tree = model.fund_trees[plan_id]
    return {
        "Kế hoạch": label, "plan_id": plan_id, "Huyện": model.districts[district].name,
        "Chương trình": program_label(model, line.program), "program_id": _top_program(model, line.program),
        "Nội dung": line.label, "Nguồn vốn": sources[line.source], MONEY: tree.figure([line]),
        "Tỷ lệ ghi trong văn bản": printed_percent_text(model, plan_id, line),
        "Năm": line.year, "Giai đoạn": line.period or "", "Tính chất": NATURE_TEXT[line.nature]
        + (f" (đến {format_date(line.as_of)})" if line.as_of else ""),
        "Thuộc tổng": tree.lines[line.parent].label if line.parent else "", "Mục": line.section, "id": line.id,
        "note": line.note,
    }


def printed_percent_text(model: SiteModel, plan_id: str, line: FundLine) -> str:
    """`17,22% của Kế hoạch vốn năm 2024` for a percentage printed next to a figure; empty otherwise."""
    if not line.percent_printed:
        return ""
    value = number(line.percent_printed)
    assert value is not None
    base = model.fund_trees[plan_id].lines.get(line.percent_of or "")
    return format_percent(value) + (f" của “{base.label}”" if base is not None else "")


ORIGIN = "Nguồn số liệu"


def _split_table(model: SiteModel, plan_id: str, name: str, title: str, category: str,
                 figures: dict[str, Figure]) -> Table:
    frame = pd.DataFrame([{category: label, MONEY: figure, ORIGIN: figure.origin_text()}
                          for label, figure in figures.items()], columns=[category, MONEY, ORIGIN])
    return Table(f"{plan_id}-{name}", title, frame, numeric=(MONEY,), footer=_split_footer(model, plan_id, figures),
                 download=f"ke-hoach/{plan_id}/{name}")


def _split_footer(model: SiteModel, plan_id: str, figures: dict[str, Figure]) -> tuple[tuple[str, Figure], ...]:
    """A computed sum of the rows beside the printed total it splits (they agree unless a finding says why)."""
    printed = headline_figure(model, plan_id)
    if printed is None or not figures:
        return ()
    computed = sum(figures.values(), Figure(Decimal(0), ()))
    return (("Cộng các dòng trên", computed), ("Tổng theo văn bản", printed))


def sources_table(model: SiteModel, plan_id: str) -> Table:
    """Headline total of a plan split by fund source (printed lines, each counted once)."""
    names = {s.id: s.name for s in model.kb.fund_sources}
    figures = {names[source]: figure for source, figure in totals_by_source(model, plan_id).items()}
    return _split_table(model, plan_id, "theo-nguon", "Kinh phí theo nguồn vốn", "Nguồn vốn", figures)


def projects_table(model: SiteModel, plan_id: str) -> Table:
    """Headline total of a plan split by program/project, using the printed project totals."""
    figures: dict[str, Figure] = {}
    for program, figure in totals_by_program(model, plan_id).items():
        label = program_label(model, program) or "Không gắn chương trình"
        figures[label] = figures[label] + figure if label in figures else figure
    return _split_table(model, plan_id, "theo-chuong-trinh", "Kinh phí theo chương trình, dự án",
                        "Chương trình, dự án", dict(sorted(figures.items())))


PRINTED_TOTAL = "Tổng theo văn bản (triệu đồng)"


def headline_table(model: SiteModel) -> Table:
    """One row per plan: the printed headline total and its split by source family (each cell a Figure)."""
    rows = []
    for plan in model.plans:
        row: dict[str, object] = {"Kế hoạch": plan.title, "plan_id": plan.id, "Huyện": model.districts[plan.district].name,
                                  PRINTED_TOTAL: headline_figure(model, plan.id)}
        for group, figure in totals_by_group(model, plan.id).items():
            row[f"{GROUP_TEXT[group]} (triệu đồng)"] = figure
        rows.append(row)
    groups = [f"{GROUP_TEXT[g]} (triệu đồng)" for g in GROUP_TEXT if any(f"{GROUP_TEXT[g]} (triệu đồng)" in r for r in rows)]
    columns = ["Kế hoạch", "plan_id", "Huyện", PRINTED_TOTAL] + groups
    frame = pd.DataFrame(rows, columns=columns).astype(object)
    frame = frame.where(frame.notna(), None)
    return Table("tong-hop-kinh-phi", "Kinh phí theo kế hoạch và nguồn", frame, numeric=tuple(columns[3:]),
                 download="tong-hop-kinh-phi")


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
                "Tên ghi trong văn bản": a.commune_printed, "Kế hoạch": model.plan_labels[plan_id],
                "plan_path": plan_path(plan_id),
                "Mục": a.section,
            })
    columns = ["Xã, thị trấn", "commune_path", "Cơ quan", "agency_path", "Vai trò", "Tên ghi trong văn bản",
               "Kế hoạch", "plan_path", "Mục"]
    return Table(name, "Phân công phụ trách xã", pd.DataFrame(rows, columns=columns),
                 link_columns=(("Xã, thị trấn", "commune_path"), ("Cơ quan", "agency_path"), ("Kế hoạch", "plan_path")))


def duties_table(model: SiteModel) -> Table:
    """Every duty of every agency, with role, plan and section."""
    rows = [
        {"Cơ quan": model.agencies[(plan.district, d.agency)].name, "agency_path": agency_path(plan.district, d.agency),
         "Vai trò": ROLE_TEXT[d.role.value], "Nhiệm vụ": d.task, "Chương trình": program_label(model, d.program),
         "Kế hoạch": model.plan_labels[plan.id], "plan_id": plan.id, "Mục": d.section, "id": d.id}
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

"""Program / project / sub-project page: its place in the hierarchy, targets and funds across plans."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.model import SiteModel
from generator.pages.common import Link, Page, plan_path, program_path
from generator.schema import FundLine, Program, Target
from generator.tables import Table

KIND_LABEL = {"mtqg": "Chương trình mục tiêu quốc gia", "du-an": "Dự án", "tieu-du-an": "Tiểu dự án",
              "de-an": "Đề án, chính sách hỗ trợ", "khac": "Chương trình khác"}


@dataclass(frozen=True)
class ProgramContext:
    program: Program
    kind_text: str
    chain: tuple[Link, ...]
    children: tuple[Link, ...]
    plans: tuple[Link, ...]
    targets: Table
    funds: Table


def _filtered(table: Table, ids: set[str], name: str) -> Table:
    frame = table.frame[table.frame["id_key"].isin(ids)].drop(columns=["id_key"]).reset_index(drop=True)
    return replace(table, name=name, frame=frame, link_columns=(("Kế hoạch", "plan_path"),))


def with_keys(table: Table) -> Table:
    """Add the `plan/item` key and plan link that program pages select and link rows by."""
    frame = table.frame.assign(id_key=table.frame["plan_id"] + "/" + table.frame["id"],
                               plan_path=table.frame["plan_id"].map(plan_path))
    return replace(table, frame=frame)


def program_page(model: SiteModel, program_id: str, targets: Table, funds: Table) -> Page:
    """Program page from the site-wide targets and funds tables (built once, shared by every program)."""
    program = model.programs[program_id]
    entries = model.by_program.get(program_id, ())
    target_keys = {f"{e.plan_id}/{e.item.id}" for e in entries if isinstance(e.item, Target)}
    fund_keys = {f"{e.plan_id}/{e.item.id}" for e in entries if isinstance(e.item, FundLine)}
    plan_ids = sorted({e.plan_id for e in entries} | {p.id for p in model.plans if program_id in p.programs})
    context = ProgramContext(
        program=program, kind_text=KIND_LABEL[program.kind],
        chain=tuple(Link(p.short_name, program_path(p.id)) for p in model.program_chain(program_id)[:-1]),
        children=tuple(Link(f"{c.short_name}: {c.name}", program_path(c.id)) for c in program.projects),
        plans=tuple(Link(model.plan(p).title, plan_path(p)) for p in plan_ids),
        targets=_filtered(targets, target_keys, f"chuong-trinh-{program_id}-chi-tieu"),
        funds=_filtered(funds, fund_keys, f"chuong-trinh-{program_id}-nguon-von"),
    )
    return Page(program_path(program_id), f"{program.short_name}: {program.name}" if program.kind != "mtqg" else program.name,
                "program.md.j2", context, description=f"{KIND_LABEL[program.kind]}: chỉ tiêu và kinh phí trong các kế hoạch",
                kind="program", search_boost=3)

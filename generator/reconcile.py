"""Write a plan's reconciliation file: KB item counts per kind and per section, the source column left to fill.

`tests/test_seeds.py` reads the "Counts" table of every file in docs/reconciliation/ and requires, for
each plan, that the `kb` column matches the KB and that `source` (counted in the source document by the
author) equals it or a note explains why. The source column is left blank here on purpose: only a
person reading the source document can fill it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from generator.errors import Issue, KbError, Location
from generator.kb import KnowledgeBase

KINDS = ("legal_bases", "targets", "fund_lines", "duties", "assignments", "results")


def reconciliation_text(kb: KnowledgeBase, plan_id: str, source_counts: dict[str, int] | None = None) -> str:
    """Return the Markdown skeleton of a plan's reconciliation (source counts filled only if given)."""
    bundle = kb.plans[plan_id]
    per_kind: Counter[str] = Counter()
    per_section: Counter[tuple[str, str]] = Counter()
    for kind, item in bundle.items():
        per_kind[kind] += 1
        per_section[(item.section, kind)] += 1
    source = source_counts or {}
    lines = [
        f"# Reconciliation: {plan_id}", "",
        f"Source: `{bundle.plan.source_file if bundle.plan else ''}`", "",
        "<!-- Đếm từng loại mục trong văn bản nguồn, ghi vào cột source; cột kb do lệnh `python -m generator "
        f"reconcile {plan_id}` đếm trong cơ sở dữ liệu. Khi hai cột khác nhau, ghi lý do ở cột notes. -->", "",
        "## Method", "",
        "- (Ghi cách đếm từng loại mục: căn cứ, chỉ tiêu, dòng vốn, nhiệm vụ, phân công, kết quả.)", "",
        "## Counts", "| kind | source | kb | notes |", "|---|---|---|---|",
    ]
    lines += [f"| {kind} | {source.get(kind, '')} | {per_kind[kind]} | |" for kind in KINDS]
    lines += ["", "## Per section", "| section | kind | source | kb | notes |", "|---|---|---|---|---|"]
    lines += [f"| {section} | {kind} | | {count} | |" for (section, kind), count in sorted(per_section.items())]
    return "\n".join(lines) + "\n"


def write_reconciliation(kb: KnowledgeBase, plan_id: str, docs_dir: Path) -> Path:
    """Write docs/reconciliation/<plan>.md; refuse to overwrite an existing one."""
    if plan_id not in kb.plans:
        raise KbError([Issue("KB-REF-UNKNOWN", f"không có kế hoạch '{plan_id}' trong cơ sở dữ liệu", Location("kb/plans"),
                             hint="các kế hoạch: " + ", ".join(sorted(kb.plans)))])
    path = docs_dir / "reconciliation" / f"{plan_id}.md"
    if path.exists():
        raise KbError([Issue("CMD-EXISTS", f"{path.as_posix()} đã có; lệnh không ghi đè", Location(path.as_posix()),
                             hint="sửa trực tiếp tệp đó (cột kb: số mục trong cơ sở dữ liệu, cột source: số mục đếm trong văn bản)")])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reconciliation_text(kb, plan_id), encoding="utf-8")
    return path

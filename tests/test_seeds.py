"""The shipped seed plans: they validate, with exactly the expected findings, and match the reconciliation."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from generator.kb import KnowledgeBase
from generator.load import load_kb
from generator.validate import validate_kb
from tests.conftest import ROOT

RECONCILIATION = ROOT / "docs" / "reconciliation"
KINDS = ("legal_bases", "targets", "fund_lines", "duties", "assignments", "results")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return validate_kb(*load_kb(ROOT / "kb", ROOT))


def _count_tables(directory: Path = RECONCILIATION) -> dict[str, dict[str, list[tuple[int, int, str]]]]:
    """plan id -> kind -> [(source count, kb count, notes)] from every reconciliation file."""
    counts: dict[str, dict[str, list[tuple[int, int, str]]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(directory.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        heading = re.search(r"^# Reconciliation: (\S+)", text, re.M)
        if not heading:
            continue
        section = text.split("## Counts", 1)[1].split("\n## ", 1)[0]
        for row in re.finditer(r"^\|\s*(\w+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|(.*)\|\s*$", section, re.M):
            counts[heading.group(1)][row.group(1)].append((int(row.group(2)), int(row.group(3)), row.group(4).strip()))
    return counts


def test_every_plan_has_a_reconciliation(kb: KnowledgeBase) -> None:
    tables = _count_tables()
    for plan_id in sorted(kb.plans):
        path = RECONCILIATION / f"{plan_id}.md"
        if not path.exists():
            assert plan_id in tables, (
                f"thiếu tệp đối chiếu {path.relative_to(ROOT)} của kế hoạch '{plan_id}': tạo bằng "
                f"`python -m generator reconcile {plan_id}` rồi điền cột source, hoặc (kế hoạch nhập từ tệp Word) "
                f"`python -m generator import TỆP --plan {plan_id} --district HUYỆN --reconcile`")
        assert plan_id in tables, (f"{path.relative_to(ROOT)}: bảng Counts chưa có số ở cột source; đếm từng loại mục "
                                   "trong văn bản nguồn và điền vào")
    assert set(tables) <= set(kb.plans), f"tệp đối chiếu của kế hoạch không còn trong kb/: {set(tables) - set(kb.plans)}"


def test_encoded_counts_match_the_reconciliation(kb: KnowledgeBase) -> None:
    for plan_id, kinds in _count_tables().items():
        bundle = kb.plans[plan_id]
        actual = defaultdict(int)
        for kind, _ in bundle.items():
            actual[kind] += 1
        for kind in KINDS:
            rows = kinds.get(kind, [])
            assert sum(kb_count for _, kb_count, _ in rows) == actual[kind], (plan_id, kind)
            for source, kb_count, notes in rows:
                assert source == kb_count or notes, f"{plan_id} {kind}: source {source} ≠ kb {kb_count} without a note"


def test_seed_plans_validate_with_exactly_the_expected_findings(kb: KnowledgeBase) -> None:
    found = sorted((f.code, f.data["plan"], f.data["line"], f.data["printed"], f.data["computed"]) for f in kb.findings)
    assert found == EXPECTED_FINDINGS


def test_every_item_points_to_a_section_and_a_source_file(kb: KnowledgeBase) -> None:
    seeds = {p.name for p in (ROOT.parent / "shared" / "seeds").glob("*.txt")} if (ROOT.parent / "shared").exists() else set()
    for plan_id, bundle in kb.plans.items():
        assert bundle.plan is not None
        if seeds:
            assert bundle.plan.source_file in seeds, plan_id
        for _, item in bundle.items():
            assert item.section


def test_commune_spellings_resolve_to_one_registry_entry(kb: KnowledgeBase) -> None:
    dao_san = next(c for c in kb.communes["phong-tho"].communes if c.id == "dao-san")
    assert dao_san.name == "Dào San" and "Đào San" in dao_san.aliases
    assert all(file.source.startswith("vietnamadminunits ") for file in kb.communes.values())


# (code, plan, fund line, printed, computed): the source documents' own arithmetic slips, kept as printed.
# Each was checked by hand against the source text (see docs/reconciliation/).
EXPECTED_FINDINGS: list[tuple[str, str, str, str, str]] = [
    # A.IV.6.b: "giải ngân được 16,74 triệu đồng, đạt 2,52% KHV" of 673: 16,74 / 673 = 2,49%.
    ("KB-PERCENT-MISMATCH", "van-quan-2025", "f-2024-da6-giai-ngan", "2,52", "2,49"),
    # V.1: NSTW 271.034 = "Vốn đầu tư phát triển 136.502; vốn sự nghiệp khoảng 135.000" = 271.502.
    ("KB-SUM-MISMATCH", "phong-tho-2023-2025", "f-gnbv-nstw", "271.034", "271.502"),
    # A.II.1: disbursed 17.015 = 16.320 (investment) + 695,4 (recurrent) = 17.015,4.
    ("KB-SUM-MISMATCH", "van-quan-2025", "f-2024-nstw-giai-ngan-6-thang", "17.015", "17.015,4"),
    # B.II.6.a: Tiểu dự án 1 "0 triệu đồng (vốn ngân sách Trung ương: 210 …, ngân sách huyện 0 …)".
    ("KB-SUM-MISMATCH", "van-quan-2025", "f-2025-da6-tda1", "0", "210"),
]

"""The shipped seed plans: they validate, with exactly the expected findings, and match the reconciliation."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from generator.checks import resolve_agency
from generator.kb import KnowledgeBase
from generator.load import load_kb
from generator.validate import validate_kb
from tests.conftest import FIXTURES, ROOT, SEEDS

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


def _doc_tables(heading: str) -> dict[str, list[list[str]]]:
    """plan id -> the data rows (cells) of the table under `## heading` in each plan's reconciliation file(s)."""
    tables: dict[str, list[list[str]]] = defaultdict(list)
    for path in sorted(RECONCILIATION.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        plan = re.search(r"^# Reconciliation: (\S+)", text, re.M)
        if plan and f"## {heading}\n" in text:
            tables[plan.group(1)] += _rows(text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0])
    return tables


def _rows(section: str) -> list[list[str]]:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in section.splitlines()
            if line.startswith("|")]
    return rows[2:]  # after the header and the |---| line


def _covers(pattern: str, section: str) -> bool:
    return section == pattern or section.startswith(pattern + ".")


def test_per_section_tables_match_the_kb(kb: KnowledgeBase) -> None:
    for plan_id, rows in _doc_tables("Per section").items():
        counted = [0] * len(rows)
        for kind, item in kb.plans[plan_id].items():
            # The most specific row of the item's kind counts it: "V" and "V.1" rows split a section.
            matches = [(len(pattern), index) for index, (sections, row_kind, *_) in enumerate(rows) if row_kind == kind
                       for pattern in sections.split(", ") if _covers(pattern, item.section)]
            assert matches, f"{plan_id}: {kind} {getattr(item, 'id', '')} in {item.section} has no Per section row"
            counted[max(matches)[1]] += 1
        for (sections, kind, _source, kb_count, *_), actual in zip(rows, counted):
            assert int(kb_count) == actual, f"{plan_id} {sections} {kind}: the doc says {kb_count}, the KB has {actual}"


def _matches(item: object, term: str) -> bool:
    name, _, wanted = term.partition("=")
    value = getattr(item, name)
    if name == "section":
        return _covers(wanted, value)
    if wanted == "-":
        return value in (None, "", ())
    return str(getattr(value, "value", value)) == wanted


def test_checked_counts_match_the_kb_and_the_source(kb: KnowledgeBase) -> None:
    tables = _doc_tables("Checked counts")
    assert sum(len(rows) for rows in tables.values()) >= 15
    for plan_id, rows in tables.items():
        bundle = kb.plans[plan_id]
        for kind, where, kb_count, pattern, _what in rows:
            actual = sum(1 for k, item in bundle.items() if k == kind and all(_matches(item, t) for t in where.split()))
            assert actual == int(kb_count), f"{plan_id} {kind} {where}: the doc says {kb_count}, the KB has {actual}"
            if pattern and SEEDS and bundle.plan is not None:
                lines = (SEEDS / bundle.plan.source_file).read_text(encoding="utf-8").splitlines()
                printed = sum(1 for line in lines if re.search(pattern.strip("`"), line))
                assert printed == actual, f"{plan_id} {kind} {where}: the source prints {printed}"


def test_the_summary_table_matches_the_kb(kb: KnowledgeBase) -> None:
    text = (RECONCILIATION / "README.md").read_text(encoding="utf-8")
    rows = _rows(text.split("\n\n| plan |", 1)[1].split("\n\n", 1)[0].join(["| plan |", ""]))
    totals = [0] * 7
    for plan, source, *counts in rows[:-1]:
        bundle = kb.plans[plan.strip("`")]
        assert bundle.plan is not None and bundle.plan.source_file == source
        actual = [sum(1 for k, _ in bundle.items() if k == kind) for kind in KINDS]
        assert [int(c) for c in counts] == actual + [sum(actual)], plan
        totals = [t + a for t, a in zip(totals, actual + [sum(actual)])]
    assert rows[-1][0] == "total" and [int(c) for c in rows[-1][2:]] == totals


def test_the_slips_table_lists_exactly_the_findings(kb: KnowledgeBase) -> None:
    text = (RECONCILIATION / "README.md").read_text(encoding="utf-8")
    rows = _rows(text.split("## Arithmetic slips", 1)[1].split("\n## ", 1)[0])
    # | plan | section | printed | parts give ("a + b = computed") | difference |
    listed = sorted((plan.strip("`"), printed.rstrip("%"), parts.rsplit("= ", 1)[-1].rstrip("%")) for plan, _, printed, parts, _ in rows)
    found = sorted((f.data["plan"], f.data["printed"], f.data["computed"]) for f in kb.findings)
    assert listed == found


def test_seed_plans_validate_with_exactly_the_expected_findings(kb: KnowledgeBase) -> None:
    found = sorted((f.code, f.data["plan"], f.data["line"], f.data["printed"], f.data["computed"]) for f in kb.findings)
    assert found == EXPECTED_FINDINGS


def test_every_item_points_to_a_section_and_a_source_file(kb: KnowledgeBase) -> None:
    seeds = {p.name for p in SEEDS.glob("*.txt")} if SEEDS else set()
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


# --------------------------------------------------------------------------- agency names printed in the seeds

# Every agency named at the head of a duty paragraph: the numbered headings of each plan's "Tổ chức thực
# hiện" part (found by _tcth_headings) and the actors of duty paragraphs elsewhere (found by reading each
# KB duty's paragraph in the source). `printed` is verbatim from the seed line.
AGENCY_NAMES = list(csv.DictReader((FIXTURES / "seed_agency_names.csv").open(encoding="utf-8")))
TCTH = {"phong-tho-2023-2025": "VI", "van-quan-2025": "B.IV", "phong-tho-2023": "V", "tam-duong-2024": "VI"}


def test_every_printed_agency_name_resolves_to_the_agency_the_kb_encodes(kb: KnowledgeBase) -> None:
    assert len(AGENCY_NAMES) >= 90
    for row in AGENCY_NAMES:
        bundle = kb.plans[row["plan"]]
        assert bundle.plan is not None
        agency = resolve_agency(kb.district_agencies(bundle.plan.district), row["printed"])
        assert agency is not None and agency.id == row["agency"], row
        encoded = {a for d in bundle.duties if d.section == row["section"] or d.section.startswith(row["section"] + ".")
                   for a in (d.agency, *d.partners)}
        encoded |= {a.agency for a in bundle.assignments if a.section.startswith(row["section"])}
        assert row["agency"] in encoded, row


def test_resolution_ignores_letter_case_only(kb: KnowledgeBase) -> None:
    agencies = kb.district_agencies("van-quan")
    assert resolve_agency(agencies, "TRUNG TÂM Y TẾ HUYỆN").id == "trung-tam-y-te"  # type: ignore[union-attr]
    assert resolve_agency(agencies, "Trung tâm Y tế xã") is None


def _tcth_headings(plan: str, lines: list[str]) -> list[tuple[int, str, str]]:
    """(line, section, actor) for each numbered heading of the plan's "Tổ chức thực hiện" part."""
    start = next(i for i, line in enumerate(lines) if re.match(r"^[IVX]+\.\s+TỔ CHỨC THỰC HIỆN", line))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Nơi nhận"))
    found = []
    for index in range(start + 1, end):
        heading = re.match(r"^(\d+(?:\.\d+)*)\.\s+(.+)$", lines[index].replace("**", "").strip())
        if heading:
            found += [(index + 1, f"{TCTH[plan]}.{heading.group(1)}", actor) for actor in _actors(heading.group(2))]
    return found


def _actors(heading: str) -> list[str]:
    topic, _, rest = heading.partition(":")
    if topic == "Phân công nhiệm vụ, phụ trách":  # groups VI.2.1-VI.2.24, names no actor itself
        return []
    text = rest if topic == "Chế độ thông tin, báo cáo" else topic  # VI.4: the actor follows the topic
    # "Đề nghị X": X is asked to act; a verb ends the name.
    text = text.strip().removeprefix("Đề nghị ")
    text = re.split(r" (?:có trách nhiệm|thực hiện)\b", text)[0]
    return [part.strip(" .") for part in text.split(";")]


@pytest.mark.skipif(SEEDS is None, reason="the seed plans (shared/seeds) are not beside this checkout")
def test_the_agency_table_is_the_complete_verbatim_scan_of_the_seeds(kb: KnowledgeBase) -> None:
    assert SEEDS is not None
    headings = []
    for plan in TCTH:
        bundle = kb.plans[plan]
        assert bundle.plan is not None
        lines = (SEEDS / bundle.plan.source_file).read_text(encoding="utf-8").splitlines()
        headings += [(plan, line, section, actor) for line, section, actor in _tcth_headings(plan, lines)]
        for row in (r for r in AGENCY_NAMES if r["plan"] == plan):
            assert row["printed"] in lines[int(row["line"]) - 1], row
    table = [(r["plan"], int(r["line"]), r["section"], r["printed"]) for r in AGENCY_NAMES if r["place"] == "heading"]
    assert table == headings

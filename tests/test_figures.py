"""Figures the site computes: splits of printed totals follow consistent breakdowns, say what they are, carry findings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.figures import Figure, fund_tree, headline_totals, source_split
from generator.load import load_kb
from generator.model import (SiteModel, build_site_model, headline_figure, headline_line, totals_by_group,
                             totals_by_program, totals_by_source)
from generator.schema import FundLine
from generator.validate import validate_kb
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def shipped() -> SiteModel:
    return build_site_model(validate_kb(*load_kb(ROOT / "kb", ROOT)))


def _total(figures: dict[str, Figure]) -> Decimal:
    return sum((f.value for f in figures.values()), Decimal(0))


def test_van_quan_2025_splits_as_printed_in_b_ii(shipped: SiteModel) -> None:
    names = {s.id: s.name for s in shipped.kb.fund_sources}
    split = {names[k]: f for k, f in totals_by_source(shipped, "van-quan-2025").items()}
    assert {k: f.value for k, f in split.items()} == {"Ngân sách Trung ương": Decimal("58686"),
                                                      "Ngân sách địa phương": Decimal("2381")}
    assert all(f.printed and f.sections == ("B.II",) and not f.findings for f in split.values())
    assert _total(split) == Decimal("61067") == headline_figure(shipped, "van-quan-2025").value  # type: ignore[union-attr]


def test_phong_tho_nstw_is_the_printed_271_034_marked_with_the_468_finding(shipped: SiteModel) -> None:
    nstw = totals_by_group(shipped, "phong-tho-2023-2025")["nstw"]
    printed_line = next(line for line in nstw.lines if line.id == "f-gnbv-nstw")
    assert printed_line.amount == "271.034"
    assert not any(line.parent == "f-gnbv-nstw" for line in nstw.lines), "walked into the mismatched parts"
    assert [f.data["difference"] for f in nstw.findings] == ["+468"]
    assert not nstw.printed and "tính: cộng" in nstw.origin_text()


@pytest.mark.parametrize("split", [totals_by_source, totals_by_group, totals_by_program])
def test_every_split_of_every_shipped_plan_adds_up_or_carries_its_finding(shipped: SiteModel, split) -> None:
    for plan in shipped.plans:
        headline = headline_figure(shipped, plan.id)
        if headline is None:
            continue
        figures = split(shipped, plan.id)
        lines = [line for figure in figures.values() for line in figure.lines]
        assert len(lines) == len({line.id for line in lines}), f"{plan.id}: a printed line counted twice"
        if _total(figures) != headline.value:
            assert any(figure.findings for figure in figures.values()), f"{plan.id}: unmarked mismatch"


def test_headline_totals_without_a_site_model_are_those_of_the_site(shipped: SiteModel) -> None:
    """`diff` and `validate` split each plan's headline by source without building the site model: same values."""
    groups = {source.id: source.group for source in shipped.kb.fund_sources}
    for plan in shipped.plans:
        site = {source: figure.value for source, figure in totals_by_source(shipped, plan.id).items()}
        assert headline_totals(shipped.bundle(plan.id).fund_lines, groups) == site
    assert sum(len(totals_by_source(shipped, plan.id)) for plan in shipped.plans) > 4


def test_no_split_walks_into_a_mismatched_breakdown_when_one_adds_up(shipped: SiteModel) -> None:
    for plan in shipped.plans:
        headline = headline_line(shipped, plan.id)
        tree = shipped.fund_trees[plan.id]
        for line in source_split(tree, headline) if headline else []:
            child = line
            while child.parent and child.id != headline.id:  # type: ignore[union-attr]
                parent = tree.lines[child.parent]
                if tree.consistent(parent):
                    assert child.breakdown in tree.consistent(parent), (plan.id, child.id)
                child = parent


def _line(line_id: str, amount: str, source: str, parent: str | None = None, breakdown: str = "main") -> FundLine:
    return FundLine(id=line_id, label=line_id, amount=amount, source=source, parent=parent, breakdown=breakdown,
                    section="I", headline=parent is None)


GROUPS = {"tong-hop": "tong", "nstw": "nstw", "nsdp": "nsdp", "ns-dtpt": "ngan-sach"}


def test_a_split_prefers_the_breakdown_that_adds_up() -> None:
    lines = [_line("t", "100", "tong-hop"),
             _line("a", "60", "nstw", "t", "by-source"), _line("b", "50", "nsdp", "t", "by-source"),  # 110: a slip
             _line("p", "70", "ns-dtpt", "t", "by-project"), _line("q", "30", "nsdp", "t", "by-project"),
             _line("p1", "40", "nstw", "p"), _line("p2", "30", "nsdp", "p")]
    tree = fund_tree(lines, [], GROUPS)
    assert [line.id for line in source_split(tree, lines[0])] == ["p1", "p2", "q"]


def test_without_a_consistent_breakdown_the_parts_carry_the_finding() -> None:
    from generator.errors import Issue, Location

    lines = [_line("t", "100", "tong-hop"), _line("a", "60", "nstw", "t"), _line("b", "50", "nsdp", "t")]
    finding = Issue("KB-SUM-MISMATCH", "…", Location("x"), severity="warning",
                    data={"plan": "p", "line": "t", "breakdown": "main", "difference": "+10"})
    tree = fund_tree(lines, [finding], GROUPS)
    parts = source_split(tree, lines[0])
    assert [line.id for line in parts] == ["a", "b"]
    assert all(tree.figure([line]).findings == (finding,) for line in parts)
    assert tree.figure(parts).value == Decimal(110) and tree.figure(parts).findings == (finding,)

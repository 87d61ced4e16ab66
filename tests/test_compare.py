"""Comparison page contexts on the shipped KB: figures with their origin and period, plan lengths, key targets."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.load import load_kb
from generator.model import SiteModel, build_site_model, totals_by_top_program
from generator.pages.compare import (CompareContext, MoneyCell, MoneyTable, compare_link, compare_page,
                                     compare_pages)
from generator.render import relative
from generator.validate import validate_kb
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def model() -> SiteModel:
    documents, issues = load_kb(ROOT / "kb")
    return build_site_model(validate_kb(documents, issues))


@pytest.fixture(scope="module")
def site(model: SiteModel) -> CompareContext:
    return compare_page(model, None).context


def cell(table: MoneyTable, plan_id: str, column: str) -> MoneyCell | None:
    row = next(r for r in table.rows if r.plan.id == plan_id)
    return row.total if column == "Tổng theo văn bản" else row.cells[table.columns.index(column)]


def test_van_quan_2025_nstw_is_the_printed_58_686_of_b_ii(site: CompareContext) -> None:
    nstw = cell(site.sources, "van-quan-2025", "NSTW")
    assert nstw is not None and nstw.figure.printed and nstw.figure.value == Decimal(58686)
    assert (nstw.period, nstw.where, nstw.figure.findings) == ("2025", "mục\u00a0B.II", ())
    nsdp = cell(site.sources, "van-quan-2025", "NSĐP")
    assert nsdp is not None and nsdp.figure.value == Decimal(2381) and nsdp.figure.printed


def test_phong_tho_2023_2025_nstw_is_computed_and_carries_the_468_finding(site: CompareContext) -> None:
    nstw = cell(site.sources, "phong-tho-2023-2025", "NSTW")
    assert nstw is not None and not nstw.figure.printed and nstw.figure.value == Decimal(399034)
    assert [(f.code, f.data["difference"]) for f in nstw.figure.findings] == [("KB-SUM-MISMATCH", "+468")]
    # Part of this money is printed for 2021–2025 (Quyết định 880): the period says so instead of hiding it.
    assert nstw.period == "2023–2025 (có dòng ghi 2021–2025)" and nstw.where == "mục\u00a0V.1, V.9"


def test_every_plan_states_its_period_and_length(site: CompareContext) -> None:
    named = {p.id: (p.label, p.period, p.years, p.length_text) for p in site.plans}
    assert named == {
        "phong-tho-2023-2025": ("Phong Thổ · 2023–2025", "2023–2025", 3, "kế hoạch giai đoạn, 3 năm"),
        "phong-tho-2023": ("Phong Thổ · 2023", "2023", 1, "kế hoạch năm, 1 năm"),
        "tam-duong-2024": ("Tam Đường · 2024", "2024", 1, "kế hoạch năm, 1 năm"),
        "van-quan-2025": ("Văn Quan · 2025", "2025", 1, "kế hoạch năm kèm báo cáo kết quả, 1 năm"),
    }
    assert site.lengths_text == "1 năm và 3 năm"
    for table in (site.sources, site.programs):
        for row in table.rows:
            for money in (row.total, *row.cells):
                assert money is None or money.period.startswith(row.plan.period), (table.name, row.plan.id)


def test_only_a_multi_year_total_gets_a_yearly_average_labelled_computed(site: CompareContext) -> None:
    averages = {row.plan.id: row.average for row in site.sources.rows}
    assert [plan for plan, average in averages.items() if average] == ["phong-tho-2023-2025"]
    average = averages["phong-tho-2023-2025"]
    assert average is not None and average.value == Decimal(596959) and average.years == 3
    assert average.explanation == ("Trang web tính: 1.790.878 chia đều cho 3 năm (2023–2025); "
                                   "văn bản không in số của từng năm.")


def test_source_families_add_up_to_the_printed_total_or_carry_the_finding(site: CompareContext) -> None:
    for row in site.sources.rows + site.programs.rows:
        assert row.total is not None and row.total.figure.printed
        parts = [c.figure for c in row.cells if c is not None]
        if sum(f.value for f in parts) != row.total.figure.value:
            assert any(f.findings for f in parts), row.plan.id
    assert site.sources.columns == ("NSTW", "NSĐP", "Ngân sách chưa tách cấp", "Tín dụng", "Lồng ghép", "Huy động")


def test_money_by_program_uses_printed_totals_and_marks_sums(model: SiteModel, site: CompareContext) -> None:
    assert site.programs.columns == ("MTQG Giảm nghèo bền vững", "MTQG Nông thôn mới",
                                     "MTQG vùng đồng bào DTTS và miền núi", "Không gắn chương trình")
    gnbv = cell(site.programs, "van-quan-2025", "MTQG Giảm nghèo bền vững")
    # Every project of the plan belongs to GNBV, so the programme's money is the printed headline itself.
    assert gnbv is not None and gnbv.figure.printed and gnbv.where == "mục\u00a0B.II" and gnbv.figure.value == Decimal(61067)
    ntm = cell(site.programs, "tam-duong-2024", "MTQG Nông thôn mới")
    assert ntm is not None and not ntm.figure.printed and ntm.figure.value == Decimal(39986)
    assert cell(site.programs, "van-quan-2025", "MTQG Nông thôn mới") is None
    assert set(totals_by_top_program(model, "phong-tho-2023-2025")) == {"", "gnbv", "ntm", "dtts"}


def test_poverty_rate_targets_side_by_side_with_year_and_words(site: CompareContext) -> None:
    row = next(r for r in site.indicators if r.indicator.id == "ty-le-ho-ngheo")
    stated = {c.plan.id: [(t.text, t.due, t.baseline, t.section) for t in c.targets] for c in row.cells}
    assert stated == {
        "phong-tho-2023-2025": [("dưới 30%", "năm 2025", "văn bản không ghi mốc", "II.2.(1)")],
        "phong-tho-2023": [("không quá 38,50%", "năm 2023", "văn bản không ghi mốc", "II.(1)")],
        "tam-duong-2024": [],
        "van-quan-2025": [("không quá 3,91%", "năm 2024", "văn bản không ghi mốc", "A.III.2")],
    }
    reduction = next(r for r in site.indicators if r.indicator.id == "giam-ty-le-ho-ngheo")
    assert [t.text for c in reduction.cells for t in c.targets] == ["giảm 5,3%", "giảm 6,73%", "giảm 1,0%"]


def test_key_targets_keep_their_baseline_and_follow_the_registry_order(model: SiteModel, site: CompareContext) -> None:
    training = next(r for r in site.indicators if r.indicator.id == "ty-le-lao-dong-qua-dao-tao")
    phong_tho = next(c for c in training.cells if c.plan.id == "phong-tho-2023-2025")
    assert ("77,5%", "mốc 68,4% (năm 2022)") in [(t.text, t.baseline) for t in phong_tho.targets]
    order = [i.id for i in model.kb.indicators]
    assert [r.indicator.id for r in site.indicators] == [i for i in order if i != "ty-le-ho-can-ngheo"]
    assert site.unused_indicators == ("Tỷ lệ hộ cận nghèo",)


def test_a_province_compares_its_own_districts(model: SiteModel) -> None:
    pages = {page.path: page for page in compare_pages(model)}
    assert sorted(pages) == ["so-sanh.md", "so-sanh/lai-chau.md", "so-sanh/lang-son.md"]
    lai_chau = pages["so-sanh/lai-chau.md"].context
    assert [p.id for p in lai_chau.plans] == ["phong-tho-2023-2025", "phong-tho-2023", "tam-duong-2024"]
    assert [(c.name, [d.name for d in c.districts]) for c in lai_chau.choices] == [("Lai Châu", ["Phong Thổ", "Tam Đường"])]
    assert [link.path for link in lai_chau.scopes] == ["so-sanh.md", "so-sanh/lang-son.md"]
    assert pages["so-sanh/lai-chau.md"].title == "So sánh các huyện của tỉnh Lai Châu"


def test_links_to_the_comparison_carry_the_choice(model: SiteModel) -> None:
    link = compare_link("x", districts=("phong-tho",))
    assert relative("huyen/phong-tho.md", link.path) == "../../so-sanh/?huyen=phong-tho"
    assert compare_link("x", plans=("a", "b")).path == "so-sanh.md?ke-hoach=a,b"
    assert relative("tinh/lai-chau.md", compare_link("x", province="Lai Châu").path) == "../../so-sanh/lai-chau/"
    assert relative("index.md", "so-sanh.md#chi-tieu-chinh") == "so-sanh/#chi-tieu-chinh"


def _mini_model(kb: Path) -> SiteModel:
    documents, issues = load_kb(kb)
    return build_site_model(validate_kb(documents, issues))


def test_a_multi_year_plan_printing_one_years_total_shows_that_year_and_no_average(kb_dir) -> None:
    longer = {"file": "plans/mini-2024/plan.yaml", "replace": ["  period_start: 2024", "  period_start: 2022"]}
    row = compare_page(_mini_model(kb_dir(longer)), None).context.sources.rows[0]
    assert (row.plan.period, row.plan.years) == ("2022–2024", 3)
    assert row.total is not None and row.total.period == "2024" and row.average is None
    whole = {"file": "plans/mini-2024/funds.yaml", "replace": ["    year: 2024\n    headline: true", "    period: 2022-2024\n    headline: true"]}
    row = compare_page(_mini_model(kb_dir(longer, whole)), None).context.sources.rows[0]
    assert row.total is not None and row.total.period == "2022–2024"
    assert row.average is not None and row.average.value == Decimal(3500)


def test_two_plans_of_one_district_and_year_are_told_apart(kb_dir) -> None:
    kb = kb_dir()
    twin = kb / "plans" / "mini-2024-b"
    twin.mkdir()
    for name in ("plan.yaml", "targets.yaml"):
        text = (kb / "plans" / "mini-2024" / name).read_text(encoding="utf-8")
        (twin / name).write_text(text.replace("mini-2024", "mini-2024-b"), encoding="utf-8")
    labels = [p.label for p in compare_page(_mini_model(kb), None).context.plans]
    assert labels == ["Phong Thổ · 2024 · MTQG Giảm nghèo bền vững · mini-2024",
                      "Phong Thổ · 2024 · MTQG Giảm nghèo bền vững · mini-2024-b"]

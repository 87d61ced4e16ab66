"""Charts: the shipped font, label wrapping, titles, values and escaping of the SVG variants (browser checks in test_browser)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings, strategies as st

from generator.chart_font import FAMILY, FONT_FILE, REPLACEMENT, chart_font_metrics, drawable, wrap
from generator.chart_svg import PHONE, VARIANTS, WIDE, bar_chart_data, draw_variants, grouped_bar_data
from generator.charts import build_charts
from generator.load import load_kb
from generator.model import SiteModel, build_site_model
from generator.validate import validate_kb
from tests.conftest import ROOT

WOFF2 = ROOT / "site_templates" / "assets" / "fonts" / "noto-sans-subset-vi.woff2"
VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxy" "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
              "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
              "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")


@pytest.fixture(scope="module")
def shipped_model() -> SiteModel:
    documents, issues = load_kb(ROOT / "kb", ROOT)
    return build_site_model(validate_kb(documents, issues))


def test_web_font_draws_with_the_metrics_the_layout_uses() -> None:
    layout, web = TTFont(FONT_FILE), TTFont(io.BytesIO(WOFF2.read_bytes()))
    assert web.flavor == "woff2"
    for table in ("cmap", "hmtx", "hhea", "GPOS", "GSUB", "name"):
        assert web[table].compile(web) == layout[table].compile(layout), table
    assert web["name"].getDebugName(1) == FAMILY


def test_font_covers_every_vietnamese_letter_and_the_symbols_charts_print() -> None:
    metrics = chart_font_metrics()
    missing = [c for c in VIETNAMESE + "0123456789.,;:%()–-—…“”‘’/›₫" if not metrics.covers(c)]
    assert missing == []


def test_a_character_the_font_lacks_is_replaced_not_drawn_with_another_font() -> None:
    metrics = chart_font_metrics()
    assert drawable("Tỷ lệ ≤ 5 ㎡", metrics) == f"Tỷ lệ {REPLACEMENT} 5 {REPLACEMENT}"
    assert drawable("Ngân  sa\u0301ch\n", metrics) == "Ngân sách"  # decomposed text is composed, spaces folded


def test_every_chart_text_of_the_shipped_kb_is_in_the_font(shipped_model: SiteModel) -> None:
    charts = build_charts(shipped_model)
    svgs = [svg for plan in charts.values() for chart in plan.values() for svg in chart.svgs.values()]
    assert len(svgs) >= 18
    assert not any(REPLACEMENT in svg for svg in svgs)


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.text(alphabet=VIETNAMESE + "0123456789-()/", min_size=1, max_size=30), min_size=1, max_size=25),
       width=st.integers(min_value=60, max_value=640))
def test_wrapped_lines_fit_the_width_and_keep_every_word(words: list[str], width: int) -> None:
    metrics = chart_font_metrics()
    text = " ".join(words)
    lines = wrap(text, width, 13, metrics)
    assert all(metrics.width(line, 13) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if all(metrics.width(w, 13) <= width for w in words):
        assert " ".join(lines) == text  # words are never cut when they fit


def test_a_number_or_a_sign_is_never_wrapped_away_from_its_word() -> None:
    metrics = chart_font_metrics()
    label = "MTQG Giảm nghèo bền vững › Dự án 4 › Tiểu dự án 1"
    for width in range(60, 330, 3):
        lines = wrap(label, width, 13, metrics)
        assert not any(line[0].isdigit() or line.startswith("›") for line in lines), (width, lines)


def test_titles_name_the_unit_and_the_year_or_period(shipped_model: SiteModel) -> None:
    charts = build_charts(shipped_model)
    assert charts["van-quan-2025"]["sources"].title == "Kinh phí năm 2025 theo nguồn vốn (triệu đồng)"
    assert charts["van-quan-2025"]["progress"].title == "Giải ngân, ước thực hiện năm 2024 so với kế hoạch vốn (triệu đồng)"
    assert charts["phong-tho-2023-2025"]["projects"].title == \
        "Kinh phí giai đoạn 2023–2025 theo chương trình, dự án (triệu đồng)"


def _texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " ", t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


def test_values_are_printed_at_the_bars_in_vietnamese_format() -> None:
    frame = pd.DataFrame({"Nguồn": ["Ngân sách Trung ương", "Vốn đối ứng", "Khác"],
                          "Số tiền": [Decimal("1790878"), Decimal("695.4"), Decimal("16.74")]})
    svgs = draw_variants(bar_chart_data(frame, "Nguồn", "Số tiền", descending=True), "t")
    for svg in svgs.values():
        assert _texts(svg) == ["Ngân sách Trung ương", "1.790.878", "Vốn đối ứng", "695,4", "Khác", "16,74"]


def test_every_text_fits_the_width_of_its_variant() -> None:
    label = "Đầu tư phát triển cơ sở hạ tầng kinh tế - xã hội thiết yếu trên địa bàn huyện nghèo - Đã giải ngân"
    frame = pd.DataFrame({"Nội dung": [label, label, "Ngắn", "Ngắn"], "Loại": ["Kế hoạch vốn", "Đã giải ngân"] * 2,
                          "Số tiền": [Decimal("98801"), Decimal("17015.5"), Decimal("3"), Decimal("0")]})
    chart = grouped_bar_data(frame, "Nội dung", "Loại", "Số tiền", {"Kế hoạch vốn": "#111", "Đã giải ngân": "#222"})
    metrics = chart_font_metrics()
    svgs = draw_variants(chart, "t")
    for geometry in VARIANTS:
        svg = svgs[geometry.name]
        assert f'width="{geometry.width}"' in svg and f"kb-chart-{geometry.name}" in svg
        for x, line in re.findall(r'<(?:text|tspan) x="([\d.]+)"[^>]*>([^<]+)', svg):
            assert float(x) + metrics.width(line, geometry.font_size) <= geometry.width, line
    assert len(_texts(svgs[PHONE.name])[2].split()) > 10 and svgs[PHONE.name].count("<tspan") >= 1  # wrapped, not cut
    assert svgs[WIDE.name].count("<tspan") >= 1


def test_label_text_is_escaped() -> None:
    frame = pd.DataFrame({"Nguồn": ['<script>alert(1)</script> & "x"'], "Số tiền": [Decimal(5)]})
    svg = draw_variants(bar_chart_data(frame, "Nguồn", "Số tiền"), 'id" onload="x')[PHONE.name]
    assert "<script>" not in svg and "&lt;script&gt;" in svg and 'onload="x' not in svg


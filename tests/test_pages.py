"""Page contexts and rendered Markdown: golden pages for the mini KB (pytest --update-golden to regenerate)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import navigation
from generator.config import load_site_config
from generator.charts import build_charts
from generator.load import load_kb
from generator.model import build_site_model
from generator.history import History
from generator.maps import build_maps, places_for
from generator.pages import PAGE_KINDS, SiteInputs, build_pages
from generator.pages.common import Page
from generator.pages.plan import basis_line, printed_text
from generator.tables import build_tables
from generator.render import build_environment, md_text, relative, render_pages
from generator.schema import LegalBasis, PrintedField
from generator.sources import load_sources
from generator.validate import validate_kb
from tests.conftest import MINI_KB, ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def mini_pages() -> tuple[list[Page], dict[str, str]]:
    documents, issues = load_kb(MINI_KB)
    sources, _ = load_sources(MINI_KB)
    model = build_site_model(validate_kb(documents, issues, sources=sources))
    history = History(False, "không có lịch sử git (bản dựng ngoài kho git)")
    pages = build_pages(SiteInputs(model, build_charts(model), history, "14/11/2023", build_tables(model),
                                   load_site_config(ROOT), build_maps(model, places_for(model)), sources))
    return pages, render_pages(pages, build_environment(ROOT / "site_templates"))


def test_every_page_kind_is_built_and_in_the_registry(mini_pages) -> None:
    pages, _ = mini_pages
    kinds = {page.kind for page in pages}
    assert {"home", "plan", "commune", "agency", "program", "district", "province", "new_unit", "overview",
            "search", "data", "changes"} <= kinds
    assert set(PAGE_KINDS) <= kinds | {"overview"}


def test_rendered_pages_match_golden(mini_pages, update_golden: bool) -> None:
    _, rendered = mini_pages
    if update_golden:
        for path, text in rendered.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    stored = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(stored) == sorted(rendered), "pages added or removed: run pytest --update-golden and review"
    for path, text in rendered.items():
        assert text == stored[path], f"{path} differs from its golden copy; review and run pytest --update-golden"


def test_blank_and_unknown_document_numbers_read_differently() -> None:
    assert printed_text(PrintedField(status="blank", printed="Số: /KH-UBND"), "số") == "chưa ghi số (văn bản ghi: “Số: /KH-UBND”)"
    assert printed_text(PrintedField(status="unknown"), "số") == "văn bản nguồn không có số"
    assert printed_text(PrintedField(status="printed", value="459/KH-UBND"), "số") == "459/KH-UBND"
    assert printed_text(PrintedField(status="blank", month=2, year=2021), "ngày") == "chưa ghi ngày (tháng 02/2021)"


def test_relative_links_work_from_any_depth() -> None:
    assert relative("xa/phong-tho/dao-san.md", "ke-hoach/x.md") == "../../../ke-hoach/x/"
    assert relative("index.md", "xa/phong-tho/dao-san.md") == "xa/phong-tho/dao-san/"
    assert relative("chi-tieu.md", "index.md") == "../"
    assert relative("xa/a/b.md", "tai-ve/t") == "../../../tai-ve/t"


def test_markdown_escaping_neutralises_links_and_html() -> None:
    assert str(md_text("[x](javascript:alert(1)) <b>")) == "\\[x\\]\\(javascript:alert\\(1\\)\\) &lt;b&gt;"


def test_navigation_lists_listing_pages_only(mini_pages) -> None:
    pages, _ = mini_pages
    documents, issues = load_kb(MINI_KB)
    nav = navigation(build_site_model(validate_kb(documents, issues)), pages)
    flat = str(nav)
    assert "xa/phong-tho/dao-san.md" not in flat and "ke-hoach/mini-2024.md" in flat


def test_every_page_kind_is_documented() -> None:
    doc = (ROOT / "docs" / "site.md").read_text(encoding="utf-8")
    for kind in list(PAGE_KINDS) + ["data"]:
        assert f"| `{kind}` |" in doc, kind


def test_legal_bases_say_what_the_source_leaves_out() -> None:
    de_an = LegalBasis(id="lb-de-an", kind="de-an", title="Đề án Phát triển du lịch", date="2021-02", section="preamble")
    line = basis_line(de_an)
    assert (line.head, line.rest) == ("Đề án (không ghi số)",
                                      " tháng 02/2021 (không ghi ngày) (không ghi cơ quan ban hành): Đề án Phát triển du lịch")
    full = LegalBasis(id="lb-qd-90", kind="quyet-dinh", number="90/QĐ-TTg", date="2022-01-18",
                      issuer="Thủ tướng Chính phủ", section="preamble")
    assert basis_line(full).head + basis_line(full).rest == "90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ"
    assert basis_line(full.model_copy(update={"date": "2021"})).rest.startswith(" năm 2021 (không ghi ngày, tháng)")


def test_comparators_read_as_words() -> None:
    from generator.schema import Comparator
    from generator.tables import COMPARATOR_TEXT

    from generator.wording import COMPARATOR_WORDS

    assert set(COMPARATOR_TEXT) == set(Comparator)
    assert set(COMPARATOR_WORDS) == {c.value for c in Comparator}  # the change history says them in words too
    assert not any(symbol in text for text in COMPARATOR_TEXT.values() for symbol in "=<>≤≥")
    assert (COMPARATOR_TEXT[Comparator.decrease_to], COMPARATOR_TEXT[Comparator.about],
            COMPARATOR_TEXT[Comparator.decrease_by_more_than]) == ("giảm xuống còn", "khoảng", "giảm hơn")


def test_a_plan_page_names_its_plan_once_not_on_every_row_of_its_tables(mini_pages) -> None:
    """Its targets, fund lines and assignments are all its own: no column repeats the plan's name."""
    pages, rendered = mini_pages
    for page in (p for p in pages if p.kind == "plan"):
        heads = re.findall(r'<th scope="col"[^>]*><button type="button" class="sort">([^<]*)</button>', rendered[page.path])
        assert heads and "Kế hoạch" not in heads and "Huyện" not in heads, page.path
        assert 'data-table="mini-2024-phu-trach"' in rendered[page.path] or page.path != "ke-hoach/mini-2024.md"

"""Search index inputs: the name index (names.py), đ-words for Pagefind (mkdocs_hooks.py), what each page indexes."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

from generator.mkdocs_hooks import d_words
from generator.names import name_index
from generator.urls import NAMES_FILE, SEARCH_DIR
from tests.test_pages import mini_pages  # noqa: F401  (module fixture: the mini KB's pages)


def test_d_words_fold_only_words_written_with_d_stroke() -> None:
    assert d_words("Phòng Giáo dục và Đào tạo, đồng bào; Tam Đường, ĐỒNG") == "dao dong duong"
    assert d_words("Xã Tung Qua Lìn") == ""


def test_name_index_lists_named_pages_with_their_area_and_other_spellings(mini_pages) -> None:
    from generator.load import load_kb
    from generator.model import build_site_model
    from generator.validate import validate_kb
    from tests.conftest import MINI_KB

    pages, _ = mini_pages
    documents, issues = load_kb(MINI_KB)
    files = name_index(pages, build_site_model(validate_kb(documents, issues)))
    assert files[NAMES_FILE][:2] == b"\x1f\x8b" and gzip.decompress(files[NAMES_FILE]) == files["tim-kiem/ten.json"]
    names = json.loads(files["tim-kiem/ten.json"])["names"]
    by_url = {entry[2]: entry for entry in names}
    assert by_url["xa/phong-tho/dao-san/"] == ["Xã Dào San", "huyện Phong Thổ", "xa/phong-tho/dao-san/", 2, "Đào San"]
    assert by_url["co-quan/phong-tho/phong-tu-phap/"][:2] == ["Phòng Tư pháp", "huyện Phong Thổ"]
    assert by_url["don-vi-moi/lai-chau-xa-dao-san/"][:2] == ["Xã Dào San (từ 1/7/2025)", "tỉnh Lai Châu"]
    assert "chi-tieu/" in by_url and "tim-kiem/" not in by_url and "" not in by_url
    assert names == sorted(names)


def _meta(html: str) -> dict[str, str]:
    return dict(m.split(":", 1) for m in re.findall(r'data-pagefind-meta="([^"]*)"', html))


def test_pages_index_their_title_with_its_district_and_their_d_words(mini_site: Path) -> None:
    commune = (mini_site / "xa/phong-tho/dao-san/index.html").read_text(encoding="utf-8")
    meta = _meta(commune)
    assert meta["title"] == "Xã Dào San — huyện Phong Thổ"
    assert "dao" in meta["d"].split()  # "Đào San", an alias the plans use
    assert '<h1 data-pagefind-weight="8"' in commune
    agency = _meta((mini_site / "co-quan/phong-tho/phong-tu-phap/index.html").read_text(encoding="utf-8"))
    assert agency["title"] == "Phòng Tư pháp — huyện Phong Thổ"
    assert "kb-folded" not in commune  # Pagefind folds accents itself (>= 1.5); no second copy of the text


def test_listings_that_repeat_other_pages_are_not_indexed(mini_site: Path) -> None:
    for path in ("chi-tieu", "nguon-von", "du-lieu", "thay-doi", "tim-kiem"):
        assert "data-pagefind-body" not in (mini_site / path / "index.html").read_text(encoding="utf-8"), path
    assert "data-pagefind-body" in (mini_site / "ke-hoach/mini-2024/index.html").read_text(encoding="utf-8")


def test_every_page_has_the_header_search_box(mini_site: Path) -> None:
    pages = sorted(mini_site.rglob("index.html")) + [mini_site / "404.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="kb-header-search"' in html and 'name="q"' in html, page
    assert json.loads(gzip.decompress((mini_site / NAMES_FILE).read_bytes()))["names"]


def _fragment(site: Path, url: str) -> dict:
    """The text Pagefind keeps of the page at *url*: what each shown search result downloads."""
    for path in (site / SEARCH_DIR).glob("*/fragment/*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        if fragment["url"] == url:
            return fragment
    raise AssertionError(f"no search fragment for {url}")


def test_a_plan_s_search_text_holds_its_notes_once_and_no_marks(shipped_site: Path) -> None:
    page = (shipped_site / "ke-hoach/van-quan-2025/index.html").read_text(encoding="utf-8")
    notes = re.findall(r'<li id="([^"]*-ghi-chu-\d+)"><p>(.*?) <a href', page)
    fragment = _fragment(shipped_site, "/ke-hoach/van-quan-2025/")
    content, anchors = fragment["content"], {a["id"]: a for a in fragment["anchors"]}
    assert len(notes) > 20
    for note_id, text in notes:  # found by its words, linked to by its id, and its text not kept a second time
        assert " ".join(html.unescape(text).split()[:6]) in content, text
        assert anchors[note_id]["text"] == ""
    assert not [i for i in anchors if "-ghi-chu-ref-" in i]  # the marks "[3]" and their ids are left out
    assert not re.search(r"\[\d+\]", content) and "∑" not in content and "Số liệu của biểu đồ" not in content
    assert "số do trang web cộng" not in content  # the legend under each table
    assert anchors["kinh-phi"]["text"].startswith("Kinh phí")  # headings keep their text

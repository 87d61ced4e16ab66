"""Sharing (issue 9): Open Graph meta on every page kind, and printed fact sheets with the address, a QR code, a date."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.browser import browser, serve_dir
from tests.conftest import FIXTURES, ROOT, build_into, load_fixture

SITE_URL = "https://ke-hoach.example.vn/"
# One page of every kind (a new kind should be added here; test_pages checks the registry itself).
PAGES = {
    "home": "index.html", "plan": "ke-hoach/mini-2024/index.html", "commune": "xa/phong-tho/dao-san/index.html",
    "agency": "co-quan/phong-tho/phong-tu-phap/index.html", "program": "chuong-trinh/gnbv-da5/index.html",
    "district": "huyen/phong-tho/index.html", "province": "tinh/lai-chau/index.html",
    "new_unit": "don-vi-moi/lai-chau-xa-dao-san/index.html", "overview": "chi-tieu/index.html",
    "search": "tim-kiem/index.html", "changes": "thay-doi/index.html", "data": "du-lieu/index.html",
    "glossary": "thuat-ngu/index.html", "source": "van-ban-goc/mini-2024/index.html", "not_found": "404.html",
}


class Head(HTMLParser):
    """The <title> and the meta tags of a page, with attribute values decoded as a browser or a crawler reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.title, self._in_title = "", False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        key = values.get("property") or values.get("name")
        if tag == "meta" and key:
            self.meta.setdefault(key, []).append(values.get("content") or "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


@pytest.fixture(scope="module")
def hostile_site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini KB with hostile titles, built by a deployment that sets `site_url`."""
    tmp = tmp_path_factory.mktemp("sharing")
    root = tmp / "root"
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    shutil.copytree(ROOT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("# site_url: https://ke-hoach-huyen.example/",
                                                    f"site_url: {SITE_URL}"), encoding="utf-8")
    kb = tmp / "repo" / "kb"
    shutil.copytree(FIXTURES / "mini" / "kb", kb)
    from tests.conftest import apply_mutation
    for spec in load_fixture(FIXTURES / "hostile" / "mutations.yaml"):
        apply_mutation(kb, spec)
    return build_into(kb, tmp / "site", root=root)


def test_every_page_kind_has_open_graph_meta(hostile_site_with_url: Path) -> None:
    for kind, rel in PAGES.items():
        head = head_of(hostile_site_with_url / rel)
        meta = {key: values[0] for key, values in head.meta.items()}
        assert all(len(values) == 1 for key, values in head.meta.items() if key.startswith(("og:", "twitter:"))), kind
        assert meta["og:site_name"] == "Kế hoạch phát triển cấp huyện", kind
        assert meta["og:title"] and head.title.startswith(meta["og:title"]), kind
        assert meta["og:description"] and meta["og:description"] == meta.get("description"), kind
        assert meta["og:locale"] == "vi_VN" and meta["twitter:card"] == "summary", kind
        assert meta["og:type"] == ("website" if kind == "home" else "article"), kind
        if kind != "not_found":  # mkdocs gives the 404 page no canonical address
            expected = SITE_URL + rel.removesuffix("index.html")
            assert meta["og:url"] == expected, kind


def test_open_graph_meta_is_escaped(hostile_site_with_url: Path) -> None:
    plan = hostile_site_with_url / "ke-hoach/mini-2024/index.html"
    title = head_of(plan).meta["og:title"][0]
    assert title.startswith("Kế hoạch <script>alert(1)</script>")  # the reader sees the literal text…
    markup = plan.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in markup and '"><' not in markup.split("og:title")[1][:200]  # …never markup


def test_printed_plan_and_commune_pages_carry_address_qr_code_and_date(hostile_site_with_url: Path) -> None:
    import pypdfium2
    import zxingcpp

    with serve_dir(hostile_site_with_url) as base, browser() as chromium:
        page = chromium.new_page()
        for rel in (PAGES["commune"], PAGES["plan"]):
            url = SITE_URL + rel.removesuffix("index.html")
            page.goto(base + rel.removesuffix("index.html"))
            pdf = pypdfium2.PdfDocument(page.pdf(format="A4", print_background=True))
            first = pdf[0]
            text = first.get_textpage().get_text_range().replace("\r\n", "\n")
            assert "Kế hoạch phát triển cấp huyện" in text and url in text.replace("\n", ""), rel
            assert "Dữ liệu cập nhật ngày 15/11/2023" in text, rel  # SOURCE_DATE_EPOCH, as a day in Vietnam
            codes = zxingcpp.read_barcodes(first.render(scale=3).to_numpy())
            assert [c.text for c in codes if c.format == zxingcpp.BarcodeFormat.QRCode] == [url], rel
            assert "Tìm kiếm" not in text.split("\n")[0]  # the screen header is not printed
        # Pages that are not fact sheets print without the header.
        page.goto(base + "huyen/phong-tho/")
        assert page.locator(".kb-print-header").count() == 0


def test_without_site_url_the_printout_shows_the_path_and_no_qr_code(mini_site: Path) -> None:
    markup = (mini_site / PAGES["commune"]).read_text(encoding="utf-8")
    header = markup[markup.index('<div class="kb-print-header">'):]
    assert '<span class="kb-print-url">/xa/phong-tho/dao-san/</span>' in header[:600]
    assert "kb-qr" not in markup and "og:url" not in markup
    with serve_dir(mini_site) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "xa/phong-tho/dao-san/")
        assert not page.locator(".kb-print-header").is_visible()  # on screen: hidden
        page.emulate_media(media="print")
        assert page.locator(".kb-print-header").is_visible()

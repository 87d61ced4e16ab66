"""The readers' tasks (issue 9), walked in a real browser at 390 px and 1280 px on the shipped site, step by step."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import FRAMES, browser, serve_dir

WIDTHS = [390, 1280]


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def site_url(shipped_site: Path) -> Iterator[str]:
    with serve_dir(shipped_site) as base:
        yield base


class Reader:
    """A reader on a page who counts the taps they make."""

    def __init__(self, chromium, base: str, width: int):
        self.page = chromium.new_page(viewport={"width": width, "height": 844 if width < 600 else 900})
        self.base, self.taps = base, 0

    def open(self, path: str = "") -> None:
        self.page.goto(self.base + path, wait_until="networkidle")

    def tap(self, locator) -> None:
        locator.first.click()
        self.taps += 1
        self.page.wait_for_load_state("networkidle")

    def text(self, selector: str) -> str:
        """What the reader reads there once scrolled to it (long lists are laid out only near the viewport)."""
        element = self.page.locator(selector).first
        element.scroll_into_view_if_needed()
        self.page.evaluate(FRAMES)
        return " ".join(element.inner_text().split())

    def close(self) -> None:
        self.page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_farmer_finds_who_is_in_charge_of_tung_qua_lin_what_they_do_and_the_money(chromium, site_url, width) -> None:
    reader = Reader(chromium, site_url, width)
    reader.open()
    reader.tap(reader.page.locator("details.kb-district > summary", has_text="Huyện Phong Thổ"))
    reader.tap(reader.page.get_by_role("link", name="Xã Tung Qua Lìn", exact=True))
    assert reader.taps == 2 and reader.page.url.endswith("/xa/phong-tho/tung-qua-lin/")
    card = reader.text(".kb-responsible .kb-card.kb-lead")
    assert "Phụ trách" in card and "Phòng Lao động - Thương binh và Xã hội" in card
    # What they must do here: the duties the plan gives to the agencies in charge of communes (I.2, VI.1, VI.4).
    for section in ("mục I.2", "mục VI.1", "mục VI.4"):
        assert section in card, section
    assert "báo cáo kết quả triển khai" in card
    # How much: the plans' money, said to be district-wide.
    money = reader.text("ul.kb-money")
    assert "1.790.878 triệu đồng" in money and "toàn huyện" in money.lower()
    assert "Số tiền là của toàn huyện" in reader.text("article")
    reader.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_result_naming_a_commune_is_on_its_page(chromium, site_url, width) -> None:
    reader = Reader(chromium, site_url, width)
    reader.open("xa/van-quan/tri-le/")
    table = reader.page.locator('[data-table="xa-van-quan-tri-le-ket-qua"]')
    assert "12 mô hình giảm nghèo" in table.inner_text()
    reader.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_journalist_reads_van_quan_2025_money_disbursement_and_slips_on_the_first_screen(chromium, site_url, width) -> None:
    reader = Reader(chromium, site_url, width)
    reader.open()
    reader.tap(reader.page.locator("ul.kb-plans a", has_text="huyện Văn Quan"))
    assert reader.taps == 1 and reader.page.url.endswith("/ke-hoach/van-quan-2025/")
    summary = reader.page.locator(".kb-summary")
    box = summary.bounding_box()
    assert box is not None and box["height"] <= 844 - 48, "the summary does not fit one phone screen"
    text = reader.text(".kb-summary")
    for fact in ("61.067 triệu đồng", "NSTW 58.686", "NSĐP 2.381", "2025", "17,22%", "chỗ không khớp"):
        assert fact in text, fact
    # The three slips of the document are one tap away.
    reader.tap(summary.locator("a", has_text="chỗ không khớp"))
    findings = reader.page.locator("#so-lieu-khong-khop-trong-van-ban + div")
    assert findings.locator("li").count() == 3
    reader.close()


@pytest.mark.parametrize("path", ["ke-hoach/van-quan-2025/", "ke-hoach/phong-tho-2023-2025/", "ke-hoach/tam-duong-2024/",
                                  "ke-hoach/phong-tho-2023/"])
def test_every_plan_page_is_short_enough_on_a_phone(chromium, site_url, path) -> None:
    reader = Reader(chromium, site_url, 390)
    reader.open(path)
    height = reader.page.evaluate("document.documentElement.scrollHeight")
    summary = reader.page.locator(".kb-summary").bounding_box()
    reader.close()
    assert height <= 15_000, height
    assert summary is not None and summary["height"] <= 844 - 48


@pytest.mark.parametrize("width", WIDTHS)
def test_official_sees_everything_phong_tu_phap_must_do(chromium, site_url, width) -> None:
    reader = Reader(chromium, site_url, width)
    reader.open("co-quan/phong-tho/phong-tu-phap/")
    assert reader.page.title().startswith("Phòng Tư pháp — huyện Phong Thổ")
    assert reader.text("h1").rstrip("#") == "Phòng Tư pháp — huyện Phong Thổ"
    communes = reader.text("ul.kb-charges")
    assert "Xã Dào San" in communes or "Xã Đào San" in communes
    # Each commune names who shares it (the co-lead of a commune Phòng Tư pháp leads).
    assert re.search(r"Đồng phụ trách: \S", communes), communes
    groups = reader.text("h2#viec-chung-cua-nhom-co-quan + p + ul")
    assert "mục VI.4" in groups and "Cơ quan phụ trách xã" in groups
    own = reader.text("h2#viec-duoc-giao + ul")
    assert "trợ giúp pháp lý" in own and "mục VI.2.7" in own
    assert "(2023–2025)" in own  # by when: the plan's period
    # The source names Phòng Tư pháp in no other agency's task: the page says so rather than showing nothing.
    assert "Không có việc phối hợp nào nêu tên" in reader.text("h2#phoi-hop-voi-co-quan-khac + p")
    reader.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_agency_named_as_partner_sees_that_duty_with_its_lead(chromium, site_url, width) -> None:
    reader = Reader(chromium, site_url, width)
    reader.open("co-quan/phong-tho/phong-ld-tbxh/")
    support = reader.text("h2#phoi-hop-voi-co-quan-khac + ul")
    assert "Phối hợp" in support and "cơ quan chủ trì: Phòng Giáo dục và Đào tạo" in support
    assert "mục VI.2.5" in support
    reader.close()


def test_same_name_agencies_are_told_apart_in_titles(shipped_site: Path) -> None:
    titles = {}
    for page in (shipped_site / "co-quan").rglob("index.html"):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
        titles.setdefault(title, []).append(page)
    assert all(len(pages) == 1 for pages in titles.values()), [t for t, p in titles.items() if len(p) > 1]
    assert any(t.startswith("Phòng Tư pháp — huyện Văn Quan") for t in titles)


@pytest.mark.parametrize("path", ["", "xa/phong-tho/tung-qua-lin/", "co-quan/phong-tho/phong-tu-phap/",
                                  "ke-hoach/van-quan-2025/", "nguon-von/"])
def test_phone_tables_are_cards_and_touch_targets_are_large(chromium, site_url, path) -> None:
    reader = Reader(chromium, site_url, 390)
    reader.open(path)
    page = reader.page
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    # Every table cell is at least as wide as its longest word, and no money value is cut.
    narrow = page.evaluate("""() => [...document.querySelectorAll('table.kb-cards td')].filter(td => td.scrollWidth > td.clientWidth + 1).length""")
    assert narrow == 0
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    small = page.evaluate("""() => [...document.querySelectorAll('ul.kb-commune-list a, ul.kb-links a, ul.kb-plans > li > a, details.kb-more > summary, .kb-finder button, .kb-filters select')]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44).map(e => e.textContent.slice(0, 30))""")
    assert small == []
    scrollers = page.evaluate("""() => [...document.querySelectorAll('.kb-scroll')].filter(e => e.tabIndex !== 0 || !e.getAttribute('aria-label')).length""")
    assert scrollers == 0
    reader.close()


_CARD_LABELS = """() => [...document.querySelectorAll('table.kb-cards')].map(table => {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    const cells = [...table.querySelectorAll('tbody td, tfoot td')].filter(td => td.getClientRects().length);
    return {styled: !table.querySelector('td[data-label]'), wrong: cells.map(td => [heads[td.cellIndex],
        getComputedStyle(td, '::before').content]).filter(([head, shown]) => shown !== JSON.stringify(head)),
        cells: cells.length};
})"""


@pytest.mark.parametrize("path", ["xa/phong-tho/tung-qua-lin/", "ke-hoach/van-quan-2025/", "nguon-von/",
                                  "chuong-trinh/gnbv/"])
def test_every_card_cell_on_a_phone_is_labelled_with_its_column(chromium, site_url, path) -> None:
    """Long tables carry their labels once, in a style of their own; short ones on each cell: the reader sees the
    same label before every value either way, and none on a wide screen (the column heads are there)."""
    reader = Reader(chromium, site_url, 390)
    reader.open(path)
    reader.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    tables = reader.page.evaluate(_CARD_LABELS)
    assert tables and all(t["cells"] for t in tables)
    assert [t["wrong"][:3] for t in tables if t["wrong"]] == []
    if path in ("nguon-von/", "chuong-trinh/gnbv/"):
        assert all(t["styled"] for t in tables)  # long tables: no data-label on any cell
    reader.close()
    wide = Reader(chromium, site_url, 1280)
    wide.open(path)
    shown = wide.page.evaluate("""() => [...document.querySelectorAll('table.kb-cards td')]
        .map(td => getComputedStyle(td, '::before').content).filter(c => c !== 'none' && c !== 'normal')""")
    assert shown == []
    wide.close()


_CARD_COLUMNS = """() => [...document.querySelectorAll('table.kb-cards td')].filter(td => td.getClientRects().length
        && td.firstChild).map(td => {
    const cell = td.getBoundingClientRect();
    const parts = [...td.childNodes].map(node => { if (node.nodeType === 1) return node.getBoundingClientRect();
        const range = document.createRange(); range.selectNode(node); return range.getBoundingClientRect(); })
        .filter(box => box.width > 1);  // not a visually hidden text
    const label = parseFloat(getComputedStyle(td, '::before').width);
    return {text: td.textContent.slice(0, 40), marks: td.children.length,
            left: Math.min(...parts.map(box => box.left)) - cell.left, label};
})"""


@pytest.mark.parametrize("path", ["ke-hoach/van-quan-2025/", "nguon-von/"])
def test_a_phone_card_shows_each_value_whole_beside_its_label(chromium, site_url, path) -> None:
    """A value made of several parts (a figure and its ∑ mark, a note reference, a link) stays in one column beside
    its label: no part drops under the label."""
    reader = Reader(chromium, site_url, 390)
    reader.open(path)
    reader.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    cells = reader.page.evaluate(_CARD_COLUMNS)
    assert sum(1 for cell in cells if cell["marks"]) > 10  # cells with marks or links were looked at
    assert [cell for cell in cells if cell["left"] < cell["label"]][:3] == []
    reader.close()


def _download(reader: Reader, link) -> bytes:
    """Tap a download link as a reader does; return the file the browser saved."""
    link.first.scroll_into_view_if_needed()
    with reader.page.expect_download() as started:
        reader.tap(link)
    return Path(started.value.path()).read_bytes()


@pytest.mark.parametrize("width", WIDTHS)
def test_citizen_downloads_the_money_lines_of_the_plan_they_read(chromium, site_url, width) -> None:
    reader = Reader(chromium, site_url, width)
    reader.open("ke-hoach/van-quan-2025/")
    reader.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    table = reader.page.locator('[data-table="van-quan-2025-nguon-von"]')
    shown = table.locator("tbody tr").count()
    raw = _download(reader, table.locator(".kb-downloads").get_by_role("link", name="CSV", exact=True))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))  # what Excel opens: this plan's lines only
    assert raw.startswith(b"\xef\xbb\xbf") and len(rows) == shown > 1
    assert {r["ke_hoach_id"] for r in rows} == {"van-quan-2025"}
    total = next(r for r in rows if r["la_tong_kinh_phi"] == "true")
    assert (total["so_tien"], total["so_tien_in"]) == ("61067", "61.067")
    reader.close()


def test_developer_downloads_the_whole_kb_as_one_zip_from_the_data_page(chromium, site_url) -> None:
    reader = Reader(chromium, site_url, 1280)
    reader.open("du-lieu/")
    raw = _download(reader, reader.page.get_by_role("link", name="du-lieu.zip", exact=True))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        kb = json.loads(archive.read("kb.json"))
        targets = json.loads(archive.read("chi-tieu.json"))
        assert "chi-tieu.csv" in archive.namelist() and "datapackage.json" in archive.namelist()
    assert {"van-quan-2025", "phong-tho-2023-2025"} <= set(kb["plans"])
    assert len(targets["rows"]) == sum(len(content["targets"]) for content in kb["plans"].values()) > 100
    reader.close()

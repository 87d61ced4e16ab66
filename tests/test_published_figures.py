"""The built shipped site: every table with a total adds up or shows the finding; no float artefacts; notes shown."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin, urlparse

from tests.htmltables import HtmlTable, tables, visible_text

FLOAT_YEAR = re.compile(r"\b(19|20)\d\d\.0\b")
VN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def _check_footer(page: str, table: HtmlTable) -> None:
    labels = {row[0].text: row for row in table.foot}
    computed, printed = labels["Cộng các dòng trên"], labels["Tổng theo văn bản"]
    money = next(i for i, cell in enumerate(computed) if cell.numeric)
    parts = sum((row[money].amount() or Decimal(0) for row in table.body), Decimal(0))
    assert computed[money].amount() == parts, (page, table.name, "footer sum is not the sum of the rows")
    if computed[money].amount() != printed[money].amount():
        assert computed[money].finding and printed[money].finding, (page, table.name, "unmarked mismatch")


def _check_headline_rows(page: str, table: HtmlTable) -> None:
    """Home, district and province tables: the source columns beside the printed total."""
    total = table.head.index("Tổng theo văn bản (triệu đồng)")
    for row in table.body:
        parts = sum((cell.amount() or Decimal(0) for cell in row[total + 1:]), Decimal(0))
        if parts != row[total].amount():
            assert any(cell.finding for cell in row[total + 1:]), (page, row[0].text, parts, row[total].amount())


def test_every_table_with_parts_and_a_total_adds_up_or_shows_the_finding(shipped_site: Path) -> None:
    checked = 0
    for path in _pages(shipped_site):
        for table in tables(path.read_text(encoding="utf-8")):
            if table.foot:
                _check_footer(str(path), table)
                checked += 1
            if "Tổng theo văn bản (triệu đồng)" in table.head:
                _check_headline_rows(str(path), table)
                checked += 1
    assert checked >= 12  # 4 plans × 2 splits, home, 3 districts, 2 provinces


def test_phong_tho_2023_2025_row_on_the_home_page_marks_the_468(shipped_site: Path) -> None:
    home = next(t for t in tables((shipped_site / "index.html").read_text(encoding="utf-8")) if t.name == "tong-hop-kinh-phi")
    row = next(r for r in home.body if "Phong Thổ ra khỏi huyện nghèo" in r[0].text)
    nstw = row[home.head.index("NSTW (triệu đồng)")]
    assert nstw.finding and nstw.computed
    assert sum((c.amount() or Decimal(0) for c in row[3:]), Decimal(0)) == Decimal(1790878) == row[2].amount()


def test_van_quan_2025_by_source_is_58_686_and_2_381(shipped_site: Path) -> None:
    page = (shipped_site / "ke-hoach/van-quan-2025/index.html").read_text(encoding="utf-8")
    split = next(t for t in tables(page) if t.name == "van-quan-2025-theo-nguon")
    assert {r[0].text: r[1].amount() for r in split.body} == {"Ngân sách Trung ương": Decimal(58686),
                                                              "Ngân sách địa phương": Decimal(2381)}
    assert all(r[2].text == "số theo văn bản, mục B.II" for r in split.body)
    assert "58.896" not in visible_text(page)
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "58.896" not in visible_text(home) and "58.686" in visible_text(home)


def test_finding_marks_link_to_the_finding(shipped_site: Path) -> None:
    links = 0
    for path in _pages(shipped_site):
        page = path.read_text(encoding="utf-8")
        for href in re.findall(r'<a class="kb-finding" href="([^"]+)"', page):
            target = urlparse(urljoin(path.as_uri(), href))
            html = Path(target.path).joinpath("index.html") if target.path.endswith("/") else Path(target.path)
            assert f'id="{target.fragment}"' in html.read_text(encoding="utf-8"), (path, href)
            links += 1
    assert links >= 5


def test_no_float_artefacts_on_any_page(shipped_site: Path) -> None:
    for path in _pages(shipped_site):
        page = path.read_text(encoding="utf-8")
        assert not FLOAT_YEAR.search(visible_text(page)), (path, FLOAT_YEAR.search(visible_text(page)))
        for table in tables(page):
            for row in table.body + table.foot:
                for cell in row:
                    number = cell.text.split(" ")[0]
                    if cell.numeric and number:
                        assert VN_NUMBER.match(number), (path, table.name, cell.text)


def test_notes_and_printed_percentages_reach_readers(shipped_site: Path) -> None:
    page = (shipped_site / "ke-hoach/van-quan-2025/index.html").read_text(encoding="utf-8")
    funds = next(t for t in tables(page) if t.name == "van-quan-2025-nguon-von")
    row = next(r for r in funds.body if r[funds.head.index("Mục")].text == "A.IV.3" and r[3].text.startswith("2.997"))
    assert re.search(r"\[\d+\]$", row[3].text), "the 2.997 line has no note mark"
    notes = re.search(r'<details class="kb-notes">.*?</details>', funds.markup + page.split(funds.markup, 1)[1], re.S)
    assert notes and "3.008" in notes.group()
    percent = funds.head.index("Tỷ lệ ghi trong văn bản")
    assert any(r[percent].text.startswith("17,22%") for r in funds.body)


def test_licence_and_contact_are_in_every_footer(shipped_site: Path) -> None:
    for path in _pages(shipped_site)[:40]:
        page = path.read_text(encoding="utf-8")
        assert 'rel="license"' in page and "mailto:" in page, path

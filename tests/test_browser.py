"""The built site in a real headless chromium: search, commune page, charts, no network, accessibility, phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser import browser, serve_dir

PAGE_KINDS = {
    "home": "", "plan": "ke-hoach/mini-2024/", "commune": "xa/phong-tho/dao-san/",
    "agency": "co-quan/phong-tho/phong-tu-phap/", "program": "chuong-trinh/gnbv-da5/", "district": "huyen/phong-tho/",
    "province": "tinh/lai-chau/", "new_unit": "don-vi-moi/lai-chau-xa-dao-san/", "targets": "chi-tieu/",
    "funds": "nguon-von/", "search": "tim-kiem/", "data": "du-lieu/", "changes": "thay-doi/",
}


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def mini_url(mini_site: Path) -> Iterator[str]:
    with serve_dir(mini_site) as base:
        yield base


def _open(chromium, url: str, width: int = 1280):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
    page.goto(url, wait_until="networkidle")
    return page, outside


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_request_leaves_the_site(chromium, mini_url: str, kind: str) -> None:
    page, outside = _open(chromium, mini_url + PAGE_KINDS[kind])
    assert outside == []
    page.close()


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_axe_finds_no_serious_violation(chromium, mini_url: str, kind: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, _ = _open(chromium, mini_url + PAGE_KINDS[kind])
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    page.close()
    assert serious == []


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_phone_has_no_horizontal_scroll(chromium, mini_url: str, kind: str) -> None:
    page, _ = _open(chromium, mini_url + PAGE_KINDS[kind], width=390)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 0


def test_chart_svg_has_a_title_and_its_data_table(chromium, mini_url: str) -> None:
    page, _ = _open(chromium, mini_url + PAGE_KINDS["plan"])
    title = page.locator("figure.kb-chart svg title").first.text_content()
    assert title == "Kinh phí theo nguồn vốn (triệu đồng)"
    assert page.locator("figure.kb-chart table").first.is_visible()
    page.close()


def test_table_sorts_by_amount(chromium, mini_url: str) -> None:
    page, _ = _open(chromium, mini_url + PAGE_KINDS["funds"])
    table = page.locator('[data-table="nguon-von"] table')
    table.locator("th button", has_text="Số tiền").click()
    amounts = table.locator("tbody tr td.num").evaluate_all(
        "cells => cells.filter((c, i) => i % 2 == 0).map(c => c.firstChild.textContent.trim())")
    assert amounts[0] == "4.000"
    table.locator("th button", has_text="Số tiền").click()
    first = table.locator("tbody tr").first.locator("td.num").first.evaluate("c => c.firstChild.textContent.trim()")
    assert first == "10.500"
    page.close()


def test_overview_filters_by_program(chromium, mini_url: str) -> None:
    page, _ = _open(chromium, mini_url + PAGE_KINDS["targets"])
    page.select_option('select[data-filter="program-id"]', "gnbv")
    visible = page.locator('[data-table="chi-tieu"] tbody tr:not([hidden])').count()
    assert visible == 1
    assert page.locator(".kb-count").text_content() == "1 / 2 dòng"
    page.close()


def test_commune_fact_sheet_prints_on_one_or_two_a4_pages(chromium, mini_url: str, tmp_path: Path) -> None:
    page, _ = _open(chromium, mini_url + PAGE_KINDS["commune"])
    pdf = page.pdf(format="A4", print_background=False)
    page.close()
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2
    assert b"md-sidebar" not in pdf


@pytest.fixture(scope="module")
def shipped_url(shipped_site: Path) -> Iterator[str]:
    with serve_dir(shipped_site) as base:
        yield base


def _search(chromium, base: str, query: str) -> list[str]:
    page, outside = _open(chromium, base + "tim-kiem/")
    page.fill("#kb-search-q", query)
    page.press("#kb-search-q", "Enter")
    page.wait_for_selector(".kb-search-results li", timeout=10_000)
    titles = page.locator(".kb-search-results li a").all_text_contents()
    page.close()
    assert outside == []
    return titles


@pytest.mark.parametrize("query, expected", [
    ("tung qua lin", "Xã Tung Qua Lìn"),
    ("dao san", "Xã Dào San"),
    ("Đào San", "Xã Dào San"),
    ("phong tu phap", "Phòng Tư pháp"),
])
def test_search_without_diacritics_finds_the_page(chromium, shipped_url: str, query: str, expected: str) -> None:
    titles = _search(chromium, shipped_url, query)
    assert expected in titles[:3], titles[:5]


def test_search_ngheo_finds_poverty_plans(chromium, shipped_url: str) -> None:
    titles = _search(chromium, shipped_url, "ngheo")
    assert any("nghèo" in t for t in titles[:5]), titles[:5]


def test_shipped_commune_page_shows_its_lead_agency(chromium, shipped_url: str) -> None:
    page, _ = _open(chromium, shipped_url + "xa/phong-tho/tung-qua-lin/")
    lead = page.locator(".kb-responsible li.kb-lead").first.text_content()
    page.close()
    assert "Phụ trách" in lead and "Phòng Lao động - Thương binh và Xã hội" in lead


@pytest.mark.parametrize("path", ["ke-hoach/phong-tho-2023-2025/", "ke-hoach/van-quan-2025/", "xa/phong-tho/dao-san/",
                                  "chi-tieu/", "nguon-von/"])
def test_shipped_pages_fit_a_phone(chromium, shipped_url: str, path: str) -> None:
    page, outside = _open(chromium, shipped_url + path, width=390)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 0 and outside == []


@pytest.mark.parametrize("path, table", [("chi-tieu/", "chi-tieu"), ("nguon-von/", "nguon-von")])
def test_every_filter_choice_shows_its_rows_and_an_empty_choice_says_so(chromium, shipped_url: str, path: str,
                                                                        table: str) -> None:
    page, _ = _open(chromium, shipped_url + path, width=390)
    rows = page.locator(f'[data-table="{table}"] tbody tr')
    total = rows.count()
    empty = page.locator(".kb-empty")
    selects = page.locator("form.kb-filters select")
    for index in range(selects.count()):
        select = selects.nth(index)
        key = select.get_attribute("data-filter")
        for value in select.locator("option").evaluate_all("options => options.map(o => o.value)")[1:]:
            select.select_option(value)
            shown = rows.evaluate_all(f"rows => rows.filter(r => !r.hidden).map(r => r.getAttribute('data-{key}'))")
            assert shown and set(shown) == {value}, (key, value)
            assert page.locator(".kb-count").text_content() == f"{len(shown)} / {total} dòng"
            assert empty.is_hidden()
        select.select_option("")
    # Văn Quan has no plan for 2023: the reader is told, not shown a blank table.
    page.select_option('select[data-filter="district-id"]', "van-quan")
    page.select_option('select[data-filter="year-id"]', "2023")
    assert rows.evaluate_all("rows => rows.filter(r => !r.hidden).length") == 0
    assert empty.is_visible() and "Không có dòng nào" in empty.text_content()
    page.close()


def test_shipped_commune_fact_sheet_prints_on_one_or_two_a4_pages(chromium, shipped_url: str) -> None:
    page, _ = _open(chromium, shipped_url + "xa/phong-tho/dao-san/")
    pdf = page.pdf(format="A4")
    page.close()
    assert 1 <= pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") <= 2

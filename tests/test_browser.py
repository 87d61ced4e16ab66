"""The built site in a real headless chromium: search, commune page, charts, no network, accessibility, phone."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser import QuietHandler, browser, serve, serve_dir

PAGE_KINDS = {
    "home": "", "plan": "ke-hoach/mini-2024/", "commune": "xa/phong-tho/dao-san/",
    "agency": "co-quan/phong-tho/phong-tu-phap/", "program": "chuong-trinh/gnbv-da5/", "district": "huyen/phong-tho/",
    "province": "tinh/lai-chau/", "new_unit": "don-vi-moi/lai-chau-xa-dao-san/", "targets": "chi-tieu/",
    "funds": "nguon-von/", "search": "tim-kiem/", "data": "du-lieu/", "changes": "thay-doi/",
    "compare": "so-sanh/",
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


# Issue 9: what a reader sees of each chart, measured in the browser. For every figure: the visible SVG
# variants, and for the one shown, each text's rendered size and box and each bar's box, in CSS px.
CHART_GEOMETRY = """() => [...document.querySelectorAll('figure.kb-chart')].map(figure => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = [...figure.querySelectorAll('svg')].filter(s => getComputedStyle(s).display !== 'none');
  const svg = shown[0];
  const scale = svg.getScreenCTM().a;
  return {
    caption: figure.querySelector('figcaption').textContent, shown: shown.map(s => s.getAttribute('class')),
    svg: box(svg), bars: [...svg.querySelectorAll('rect')].map(box),
    texts: [...svg.querySelectorAll('text')].map(t => ({
      text: t.textContent, box: box(t), px: parseFloat(getComputedStyle(t).fontSize) * scale,
      lines: 1 + t.querySelectorAll('tspan').length, family: getComputedStyle(t).fontFamily,
      width: t.getComputedTextLength()})),
  };
})"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def _inside(inner: list[float], outer: list[float]) -> bool:
    return inner[0] >= outer[0] - 0.5 and inner[1] >= outer[1] - 0.5 and inner[2] <= outer[2] + 0.5 and inner[3] <= outer[3] + 0.5


def _charts(chromium, url: str, width: int) -> list[dict]:
    page, outside = _open(chromium, url, width=width)
    page.evaluate("document.fonts.ready.then(() => true)")
    charts = page.evaluate(CHART_GEOMETRY)
    images = [page.get_by_role("img", name=chart["caption"], exact=True).count() for chart in charts]
    page.close()
    assert outside == [] and charts
    assert images == [1] * len(charts), "each chart is one image to a screen reader, named by its caption"
    return charts


def _assert_readable(charts: list[dict], variant: str) -> None:
    from generator.chart_font import FAMILY, chart_font_metrics

    metrics = chart_font_metrics()
    for chart in charts:
        assert chart["shown"] == [f"kb-chart-svg kb-chart-{variant}"], chart["caption"]
        for text in chart["texts"]:
            where = (chart["caption"], text["text"])
            assert text["px"] >= 12 and (text["box"][3] - text["box"][1]) / text["lines"] >= 12, where
            assert text["family"].startswith(f'"{FAMILY}"'), where
            assert _inside(text["box"], chart["svg"]), ("clipped", where)
            assert not any(_overlap(text["box"], bar) for bar in chart["bars"]), ("over a bar", where)
            if text["lines"] == 1:  # drawn with the font the layout measured (no kerning there, so never narrower)
                expected = metrics.width(text["text"], 13)  # user units, as the SVG was laid out
                assert expected * 0.97 <= text["width"] <= expected + 0.5, where
        boxes = [t["box"] for t in chart["texts"]]
        assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), chart["caption"]


@pytest.mark.parametrize("width, variant", [(390, "phone"), (1280, "wide")])
def test_charts_read_on_a_phone_and_a_desktop(chromium, mini_url: str, width: int, variant: str) -> None:
    charts = _charts(chromium, mini_url + PAGE_KINDS["plan"], width)
    _assert_readable(charts, variant)
    assert charts[0]["caption"] == "Kinh phí năm 2024 theo nguồn vốn (triệu đồng)"


@pytest.mark.parametrize("width, variant", [(390, "phone"), (1280, "wide")])
@pytest.mark.parametrize("path", ["ke-hoach/van-quan-2025/", "ke-hoach/phong-tho-2023-2025/"])
def test_shipped_charts_read_on_a_phone_and_a_desktop(chromium, shipped_url: str, path: str, width: int,
                                                     variant: str) -> None:
    charts = _charts(chromium, shipped_url + path, width)
    _assert_readable(charts, variant)
    if path == "ke-hoach/van-quan-2025/":
        assert [c["caption"] for c in charts] == [
            "Kinh phí năm 2025 theo nguồn vốn (triệu đồng)", "Kinh phí năm 2025 theo chương trình, dự án (triệu đồng)",
            "Giải ngân, ước thực hiện năm 2024 so với kế hoạch vốn (triệu đồng)"]
        assert "98.801" in [t["text"] for t in charts[2]["texts"]]  # values at the bars, Vietnamese format


def test_chart_title_is_said_once_and_its_numbers_are_one_tap_away(chromium, mini_url: str) -> None:
    page, _ = _open(chromium, mini_url + PAGE_KINDS["plan"], width=390)
    figure = page.locator("figure.kb-chart").first
    title = "Kinh phí năm 2024 theo nguồn vốn (triệu đồng)"
    assert figure.inner_text().count(title) == 1
    table = figure.locator("table")
    assert not table.is_visible()
    figure.get_by_text("Số liệu của biểu đồ").click()
    assert table.is_visible() and table.locator("tbody tr").count() == 2
    assert page.get_by_role("table", name=title).count() == 1  # the caption names it for screen readers only
    assert figure.locator("caption").bounding_box()["width"] <= 1
    page.close()


def test_table_sorts_by_amount(chromium, mini_url: str) -> None:
    page, _ = _open(chromium, mini_url + PAGE_KINDS["funds"])
    table = page.locator('[data-table="nguon-von"] table')
    table.locator("th button", has_text="Số tiền").click()
    amounts = table.locator("tbody tr td.num").evaluate_all(
        "cells => cells.filter((c, i) => i % 2 == 0).map(c => c.firstChild.textContent.trim())")
    assert amounts[0] == "4.000"
    table.locator("th button", has_text="Số tiền").click()
    first = table.locator("tbody tr").first.locator("td.num").first.evaluate(
        "c => c.firstChild.textContent.trim()")
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
    ("tung qua lin", "Xã Tung Qua Lìn — huyện Phong Thổ"),
    ("dao san", "Xã Dào San — huyện Phong Thổ"),
    ("Đào San", "Xã Dào San — huyện Phong Thổ"),
    ("phong tu phap", "Phòng Tư pháp — huyện Phong Thổ"),
    ("tam duong", "Huyện Tam Đường — tỉnh Lai Châu"),  # đ typed as d: Pagefind's own folding keeps đ
    ("Đồng Giáp", "Xã Khánh Khê — huyện Văn Quan"),  # a former commune finds the one it was merged into
])
def test_search_without_diacritics_finds_the_page(chromium, shipped_url: str, query: str, expected: str) -> None:
    titles = _search(chromium, shipped_url, query)
    assert any(t.startswith(expected) for t in titles[:3]), titles[:5]


def test_search_ngheo_finds_poverty_plans(chromium, shipped_url: str) -> None:
    titles = _search(chromium, shipped_url, "ngheo")
    assert any("nghèo" in t for t in titles[:5]), titles[:5]


def test_shipped_commune_page_shows_its_lead_agency(chromium, shipped_url: str) -> None:
    page, _ = _open(chromium, shipped_url + "xa/phong-tho/tung-qua-lin/")
    lead = page.locator(".kb-responsible .kb-card.kb-lead").first.text_content()
    page.close()
    assert "Phụ trách" in lead and "Phòng Lao động - Thương binh và Xã hội" in lead


@pytest.mark.parametrize("path", ["ke-hoach/phong-tho-2023-2025/", "ke-hoach/van-quan-2025/", "xa/phong-tho/dao-san/",
                                  "chi-tieu/", "nguon-von/", "huyen/phong-tho/", "tinh/lai-chau/",
                                  "don-vi-moi/lai-chau-xa-dao-san/", "tim-kiem/?q=dao%20san"])
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


# --- Search everywhere (issue 9): the header box, typo tolerance, every result, snippets ---------------------------

@pytest.mark.parametrize("width", [390, 1280])
def test_header_box_takes_a_reader_to_a_misspelt_commune_in_two_steps(chromium, shipped_url: str, width: int) -> None:
    page, outside = _open(chromium, shipped_url + "xa/phong-tho/dao-san/", width)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    box, button = page.locator("#kb-header-q"), page.locator(".kb-header-search__go")
    assert box.is_visible() and box.bounding_box()["height"] >= 44
    assert button.bounding_box()["height"] >= 44 and button.bounding_box()["width"] >= 44
    box.fill("tung qua linh")  # step 1: type (one letter too many)
    first = page.locator(".kb-suggest a").first
    first.wait_for()
    assert first.text_content() == "Xã Tung Qua Lìn — huyện Phong Thổ"
    first.click()  # step 2: choose it
    page.wait_for_url("**/xa/phong-tho/tung-qua-lin/")
    assert page.locator("h1").first.text_content().removesuffix("#") == "Xã Tung Qua Lìn"
    assert not [url for url in fetched if "/pagefind/" in url]  # suggestions need the name index only
    page.close()
    assert outside == []


class _EncodingHost(QuietHandler):
    """A host that sends `.gz` files with Content-Encoding: gzip (Apache's `AddEncoding x-gzip .gz`, some CDNs):
    the browser unpacks them before site.js sees them."""

    def end_headers(self) -> None:
        if self.path.endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


@contextlib.contextmanager
def _host(site: Path, kind: str) -> Iterator[str]:
    handler = _EncodingHost if kind == "content-encoding" else QuietHandler
    with serve(functools.partial(handler, directory=str(site))) as base:
        yield base


# Each host and browser the gzipped name files meet (generator/names.py): a static host that sends them as they are
# (GitHub Pages, `serve`: bytes 1f 8b that site.js unpacks), a host that declares them gzip-encoded, and a browser
# without DecompressionStream, which reads the plain copy.
@pytest.mark.parametrize("kind", ["static", "content-encoding", "no-decompression-stream"])
def test_header_box_suggests_a_commune_from_the_gzipped_names_and_leads_to_it(chromium, shipped_site: Path,
                                                                              kind: str) -> None:
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    if kind == "no-decompression-stream":
        page.add_init_script("delete window.DecompressionStream")
    names: list = []
    page.on("response", lambda r: names.append(r) if "/tim-kiem/ten" in r.url else None)
    with _host(shipped_site, kind) as base:
        page.goto(base + "huyen/van-quan/", wait_until="networkidle")
        page.fill("#kb-header-q", "tung qua lin")  # a commune's name, typed without its accents
        first = page.locator(".kb-suggest a").first
        first.wait_for()
        assert first.text_content() == "Xã Tung Qua Lìn — huyện Phong Thổ"
        fetched = [(urlparse(r.url).path, r.headers.get("content-encoding"), r.body()[:2]) for r in names]
        page.press("#kb-header-q", "ArrowDown")  # the keyboard reaches the suggestion, Enter follows it
        page.keyboard.press("Enter")
        page.wait_for_url("**/xa/phong-tho/tung-qua-lin/")
        assert page.locator("h1").first.text_content().removesuffix("#") == "Xã Tung Qua Lìn"
    page.close()
    if kind == "static":  # the bytes reached site.js still gzipped: it unpacked them itself
        assert fetched == [("/tim-kiem/ten.json.gz", None, b"\x1f\x8b")]
    elif kind == "content-encoding":  # the browser unpacked them: site.js read JSON
        assert fetched == [("/tim-kiem/ten.json.gz", "gzip", b'{"')]
    else:
        assert fetched == [("/tim-kiem/ten.json", None, b'{"')]


@pytest.mark.parametrize("width", [390, 1280])
def test_header_box_enter_shows_the_commune_first_on_the_search_page(chromium, shipped_url: str, width: int) -> None:
    page, _ = _open(chromium, shipped_url + "co-quan/phong-tho/phong-tu-phap/", width)
    page.fill("#kb-header-q", "tung qua linh")
    page.press("#kb-header-q", "Enter")  # step 1
    page.wait_for_url("**/tim-kiem/?q=tung+qua+linh")
    first = page.locator(".kb-search-names a").first
    first.wait_for()
    assert first.text_content() == "Xã Tung Qua Lìn — huyện Phong Thổ"
    first.click()  # step 2
    page.wait_for_url("**/xa/phong-tho/tung-qua-lin/")
    page.close()


def test_pages_load_no_search_code_until_the_reader_starts_typing(chromium, shipped_url: str) -> None:
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(shipped_url + "huyen/phong-tho/", wait_until="networkidle")
    assert not [url for url in fetched if "/pagefind/" in url or "ten.json" in url]
    page.focus("#kb-header-q")
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if url.endswith("tim-kiem/ten.json.gz")]
    assert not [url for url in fetched if "/pagefind/" in url]
    page.close()


def _results(page) -> list[str]:
    return page.locator(".kb-search-results li > a").evaluate_all("links => links.map(a => a.href)")


def test_every_search_result_is_reachable(chromium, shipped_url: str) -> None:
    page, _ = _open(chromium, shipped_url + "tim-kiem/?q=dao%20san")
    page.wait_for_selector(".kb-search-results li")
    total = int(page.locator(".kb-search-status").text_content().split()[0])
    assert total > 20
    while page.locator(".kb-search-more").is_visible():
        before = len(_results(page))
        page.click(".kb-search-more")
        page.wait_for_function(f"document.querySelectorAll('.kb-search-results li').length > {before}")
    links = _results(page)
    assert len(links) == total == len(set(links))
    assert page.evaluate("document.activeElement.closest('.kb-search-results') !== null")  # focus follows new results
    page.close()


def test_a_phone_search_loads_five_results_at_a_time(chromium, shipped_url: str) -> None:
    """Each result shown downloads its page's text (a Pagefind fragment): five at a time keeps a query light."""
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    fragments: list[str] = []
    page.on("request", lambda r: fragments.append(r.url) if r.url.endswith(".pf_fragment") else None)
    page.goto(shipped_url + "tim-kiem/?q=dao%20san", wait_until="networkidle")
    page.wait_for_selector(".kb-search-results li")
    total = int(page.locator(".kb-search-status").text_content().split()[0])
    assert total > 10 and len(_results(page)) == 5 and len(fragments) == 5
    assert page.locator(".kb-search-more").text_content() == f"Xem thêm 5 kết quả (còn {total - 5})"
    page.click(".kb-search-more")
    page.wait_for_function("document.querySelectorAll('.kb-search-results li').length === 10")
    page.wait_for_load_state("networkidle")
    assert len(fragments) == 10
    page.close()


def test_search_snippets_show_the_matched_words(chromium, shipped_url: str) -> None:
    page, _ = _open(chromium, shipped_url + "tim-kiem/?q=tung%20qua%20lin")
    page.wait_for_selector(".kb-search-results li")
    first = page.locator(".kb-search-results li").first
    marked = [m.strip(".,#") for m in first.locator(".kb-search-excerpt mark").all_text_contents()]
    assert {"Tung", "Qua", "Lìn"} <= set(marked), marked  # with their accents, as the page writes them
    page.close()


def test_a_word_only_in_a_note_finds_its_plan_with_a_readable_excerpt(chromium, shipped_url: str) -> None:
    """A note's text is indexed once, in a paragraph, not again as its item's anchor; note marks, ∑ and legends
    are left out of the index (publish.SEARCH_EXCLUDED), so excerpts carry the words, not the marks."""
    page, _ = _open(chromium, shipped_url + "tim-kiem/?q=pano")  # "pano" is written only in a note of Văn Quan 2025
    page.wait_for_selector(".kb-search-results li")
    assert _results(page)[0].endswith("/ke-hoach/van-quan-2025/")
    excerpt = page.locator(".kb-search-excerpt").first.text_content()
    assert "pano" in excerpt.lower() and "∑" not in excerpt and not re.search(r"\[\d+\]", excerpt), excerpt
    page.close()


def test_a_note_mark_leads_to_its_note_and_back(chromium, shipped_url: str) -> None:
    page, _ = _open(chromium, shipped_url + "ke-hoach/van-quan-2025/")
    mark = page.locator("sup.kb-note-ref a").first
    mark.evaluate("a => a.closest('details').open = true")  # the table of fund lines opens on a tap
    note_id = mark.get_attribute("href")[1:]
    mark.click()
    note = page.locator(f"li#{note_id}")
    page.wait_for_function(f"location.hash === '#{note_id}'")
    assert note.is_visible() and note.evaluate("n => n.matches(':target')")
    assert note.evaluate("n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    back = note.locator("a")
    assert back.text_content() == "↩"
    back.click()
    page.wait_for_function(f"location.hash === '#{mark.get_attribute('id')}'")
    assert mark.evaluate("a => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    page.close()


def test_search_titles_tell_same_name_agencies_apart(chromium, shipped_url: str) -> None:
    titles = _search(chromium, shipped_url, "phong tu phap")
    assert titles[:2] == ["Phòng Tư pháp — huyện Phong Thổ", "Phòng Tư pháp — huyện Văn Quan"] or \
        titles[:2] == ["Phòng Tư pháp — huyện Văn Quan", "Phòng Tư pháp — huyện Phong Thổ"]


# --- Maps (issue 9): readable at 390 px, no overlapping labels, legend and table agree with the assignments ----------

MAP_TEXTS = """() => {
  const svg = [...document.querySelectorAll('svg.kb-map-svg')].find(s => s.getBoundingClientRect().width > 0);
  const scale = svg.getScreenCTM().a;
  return {variant: svg.parentElement.className, texts: [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, box: [r.left, r.top, r.right, r.bottom]};
  })};
}"""


def _overlapping(texts: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if l1 < r2 - 0.5 and l2 < r1 - 0.5 and t1 < b2 - 0.5 and t2 < b1 - 0.5:
                pairs.append((a["text"], b["text"]))
    return pairs


@pytest.mark.parametrize("width, variant", [(390, "kb-map-narrow"), (1280, "kb-map-wide")])
@pytest.mark.parametrize("path", ["huyen/phong-tho/", "huyen/van-quan/", "tinh/lai-chau/", "don-vi-moi/lai-chau-xa-dao-san/"])
def test_maps_read_at_phone_and_desktop_width(chromium, shipped_url: str, path: str, width: int, variant: str) -> None:
    page, outside = _open(chromium, shipped_url + path, width)
    drawn = page.evaluate(MAP_TEXTS)
    page.close()
    assert drawn["variant"] == variant
    assert min(t["px"] for t in drawn["texts"]) >= 12, sorted((t["px"], t["text"]) for t in drawn["texts"])[:3]
    assert _overlapping(drawn["texts"]) == []
    assert any(t["text"].startswith("Vị trí là tâm gần đúng") for t in drawn["texts"])
    assert outside == []


def test_district_map_legend_and_table_agree_with_the_assignments(chromium, shipped_url: str) -> None:
    page, _ = _open(chromium, shipped_url + "huyen/phong-tho/", 390)
    rows = page.locator('[data-table="huyen-phong-tho-ban-do"] tbody tr').evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
    legend = page.locator(".kb-map-legend li").all_text_contents()
    page.close()
    by_commune = {row[1]: row for row in rows}
    number, lead = by_commune["Xã Tung Qua Lìn"][0], by_commune["Xã Tung Qua Lìn"][2]
    assert lead == "Phòng Lao động - Thương binh và Xã hội"  # kb/plans/phong-tho-2023-2025/assignments.yaml VI.2.1
    assert by_commune["Xã Dào San"][2:4] == ["Phòng Tư pháp", "Ngân hàng chính sách xã hội"]
    entry = next(text for text in legend if text.startswith(lead))
    assert f"điểm số {number})" in entry
    for row in rows:  # every commune's number is in the legend entry of its lead agency
        assert any(text.startswith(row[2] if row[2] != "chưa phân công" else "Chưa phân công")
                   and re.search(rf"\b{row[0]}\b", text) for text in legend), row


def test_district_map_prints_without_relying_on_colour(chromium, shipped_url: str) -> None:
    page, _ = _open(chromium, shipped_url + "huyen/phong-tho/")
    page.emulate_media(media="print")
    assert page.locator(".kb-map-wide svg").is_visible() and not page.locator(".kb-map-narrow svg").is_visible()
    svg = page.locator(".kb-map-wide svg")
    shapes = svg.locator("circle").count(), svg.locator("polygon").count()
    numbers = svg.locator("text[font-weight='700']").all_text_contents()
    pdf = page.pdf(format="A4")
    page.close()
    assert min(shapes) > 0  # circles and polygons (squares, diamonds, hexagons): told apart in black and white
    assert sorted(int(n) for n in numbers if n.isdigit()) == list(range(2, 18))  # 1 has no centre of its own
    assert pdf.startswith(b"%PDF")

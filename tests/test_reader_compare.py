"""Reader 4 of issue 9 in a real headless chromium: a provincial reviewer compares Phong Thổ, Tam Đường and Văn Quan.

From the home page, at phone and desktop widths: open the comparison, tick the three districts, read each
plan's NSTW figure and poverty-rate target with its period or year, copy the URL and open it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import FRAMES, browser, serve_dir

WIDTHS = [390, 1280]
PLANS = ["phong-tho-2023-2025", "phong-tho-2023", "tam-duong-2024", "van-quan-2025"]


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def shipped_url(shipped_site: Path) -> Iterator[str]:
    with serve_dir(shipped_site) as base:
        yield base


class Reader:
    """A page and a count of what the reader did with it (taps, clicks, ticks)."""

    def __init__(self, page) -> None:
        self.page = page
        self.steps = 0

    def click(self, locator) -> None:
        locator.click()
        self.steps += 1

    def tick(self, label: str) -> None:
        self.page.get_by_label(label, exact=True).check()
        self.steps += 1


def _visible_plans(page) -> list[str]:
    rows = page.locator('[data-table="so-sanh-theo-nguon"] tbody tr')
    return rows.evaluate_all("rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.planId)")


def _money(page, plan: str, column: str) -> dict[str, str]:
    """What the reader sees in one money cell: the amount, the period and section line, the marks."""
    table = page.locator('[data-table="so-sanh-theo-nguon"] table')
    return table.locator(f'tr[data-plan-id="{plan}"] td[data-label="{column}"]').evaluate(
        """cell => ({amount: cell.querySelector('.kb-amount').textContent, meta: cell.querySelector('.kb-meta').textContent.replace(/\u00a0/g, ' '),
                    computed: Boolean(cell.querySelector('.kb-computed')), finding: cell.querySelector('.kb-finding')
                    ? cell.querySelector('.kb-finding').getAttribute('title') : ''})""")


def _poverty(page, plan: str) -> str:
    cell = page.locator(f'tr[data-indicator="ty-le-ho-ngheo"] td[data-plan-id="{plan}"]')
    cell.scroll_into_view_if_needed()  # long tables are laid out only near the viewport (content-visibility)
    page.evaluate(FRAMES)
    return cell.inner_text()


def _chosen(url: str) -> dict[str, list[str]]:
    return {k: v[0].split(",") for k, v in parse_qs(urlparse(url).query).items()}


@pytest.mark.parametrize("width", WIDTHS)
def test_reviewer_compares_three_districts_and_shares_the_view(chromium, shipped_url: str, width: int) -> None:
    page = chromium.new_page(viewport={"width": width, "height": 844})
    reader = Reader(page)
    page.goto(shipped_url, wait_until="networkidle")
    reader.click(page.get_by_role("link", name="So sánh các huyện và kế hoạch", exact=False).first)
    page.wait_for_url("**/so-sanh/")
    assert _visible_plans(page) == PLANS  # nothing chosen yet: everything shown
    assert "Chưa chọn" in page.locator(".kb-choose-status").inner_text()

    reader.tick("Huyện Phong Thổ")
    assert _visible_plans(page) == ["phong-tho-2023-2025", "phong-tho-2023"]
    assert _chosen(page.url) == {"huyen": ["phong-tho"]}
    reader.tick("Huyện Tam Đường")
    reader.tick("Huyện Văn Quan")
    assert reader.steps <= 4
    assert _chosen(page.url) == {"huyen": ["phong-tho", "tam-duong", "van-quan"]}
    assert _visible_plans(page) == PLANS
    assert page.locator(".kb-choose-status").inner_text() == "Đang so sánh 4 kế hoạch của 3 huyện."

    # The NSTW figure of each plan, with its period and where the plan prints it.
    assert _money(page, "van-quan-2025", "NSTW") == {"amount": "58.686", "meta": "2025 · mục B.II", "computed": False,
                                                     "finding": ""}
    assert _money(page, "tam-duong-2024", "NSTW")["amount"] == "28.113"
    assert _money(page, "tam-duong-2024", "NSTW")["meta"].startswith("2024 ")
    assert _money(page, "phong-tho-2023", "NSTW")["meta"].startswith("2023 ")
    phong_tho = _money(page, "phong-tho-2023-2025", "NSTW")
    assert phong_tho["amount"] == "399.034" and phong_tho["computed"] and "+468" in phong_tho["finding"]
    assert phong_tho["meta"].startswith("2023–2025")
    assert page.locator(".kb-lengths").is_visible()  # a 3-year plan beside 1-year plans is flagged

    # The poverty-rate target of each, with its year; Tam Đường's plan states none and the page says so.
    assert "dưới 30%" in _poverty(page, "phong-tho-2023-2025") and "năm 2025" in _poverty(page, "phong-tho-2023-2025")
    assert "không quá 38,50%" in _poverty(page, "phong-tho-2023") and "năm 2023" in _poverty(page, "phong-tho-2023")
    assert "không quá 3,91%" in _poverty(page, "van-quan-2025") and "năm 2024" in _poverty(page, "van-quan-2025")
    assert page.locator('tr[data-indicator="ty-le-ho-ngheo"] td[data-plan-id="tam-duong-2024"] .kb-sr').inner_text() \
        == "kế hoạch không nêu chỉ tiêu này"

    # Share: the link on the page is the address; opened in a new page, it shows the same choice.
    shared = page.locator(".kb-share-link").get_attribute("href")
    assert shared is not None and urlparse(page.url).query in shared
    again = chromium.new_page(viewport={"width": width, "height": 844})
    again.goto(page.url, wait_until="networkidle")
    assert _visible_plans(again) == PLANS
    for district in ("Huyện Phong Thổ", "Huyện Tam Đường", "Huyện Văn Quan"):
        assert again.get_by_label(district, exact=True).is_checked()
    page.close()
    again.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_shared_choice_of_one_plan_hides_the_others(chromium, shipped_url: str, width: int) -> None:
    page = chromium.new_page(viewport={"width": width, "height": 844})
    page.goto(shipped_url + "so-sanh/?ke-hoach=phong-tho-2023,van-quan-2025", wait_until="networkidle")
    assert _visible_plans(page) == ["phong-tho-2023", "van-quan-2025"]
    assert page.get_by_label("Huyện Phong Thổ", exact=True).evaluate("box => box.indeterminate")
    # Phong Thổ is chosen in part (one plan), Văn Quan whole: the address says exactly that.
    assert _chosen(page.url) == {"huyen": ["van-quan"], "ke-hoach": ["phong-tho-2023"]}
    hidden = page.locator('tr[data-indicator="ty-le-ho-ngheo"] td[data-plan-id="tam-duong-2024"]')
    assert hidden.is_hidden()
    assert page.locator(".kb-lengths").is_hidden()  # both plans shown are one-year plans
    page.close()


def test_plan_and_district_pages_open_the_comparison_with_them_chosen(chromium, shipped_url: str) -> None:
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(shipped_url + "ke-hoach/van-quan-2025/", wait_until="networkidle")
    page.get_by_role("link", name="So sánh kế hoạch này với kế hoạch của huyện khác").click()
    page.wait_for_url("**/so-sanh/**")
    assert _visible_plans(page) == ["van-quan-2025"]
    page.goto(shipped_url + "huyen/tam-duong/", wait_until="networkidle")
    page.get_by_role("link", name="So sánh huyện Tam Đường với các huyện khác").click()
    page.wait_for_url("**/so-sanh/**")
    assert _visible_plans(page) == ["tam-duong-2024"]
    page.goto(shipped_url + "tinh/lang-son/", wait_until="networkidle")
    page.get_by_role("link", name="So sánh các huyện của tỉnh Lạng Sơn").click()
    page.wait_for_url("**/so-sanh/lang-son/")
    assert _visible_plans(page) == ["van-quan-2025"]
    page.close()


def test_without_javascript_the_whole_comparison_is_shown(chromium, shipped_url: str) -> None:
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(shipped_url + "so-sanh/?huyen=phong-tho")
    assert _visible_plans(page) == PLANS
    assert page.locator("form.kb-choose").is_hidden()
    assert page.locator('tr[data-indicator="ty-le-ho-ngheo"]').is_visible()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_money_value_is_cut_and_choices_are_big_enough_to_tap(chromium, shipped_url: str, width: int) -> None:
    page = chromium.new_page(viewport={"width": width, "height": 844})
    page.goto(shipped_url + "so-sanh/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    # Every amount is wholly inside the visible part of its table, or the table says it scrolls sideways.
    cut = page.evaluate("""() => [...document.querySelectorAll('.kb-compare-scroll')].flatMap(box => {
        const hint = box.previousElementSibling, view = box.getBoundingClientRect();
        if (hint && hint.classList.contains('kb-scroll-hint') && !hint.hidden) return [];
        return [...box.querySelectorAll('.kb-amount')].filter(a => a.offsetParent !== null).filter(a => {
            const r = a.getBoundingClientRect(); return r.left < view.left - 0.5 || r.right > view.right + 0.5;
        }).map(a => a.textContent);
    })""")
    assert cut == []
    heights = page.locator("form.kb-choose label.kb-check").evaluate_all(
        "labels => labels.map(l => l.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44
    if width == 390:  # cards: each money value sits beside its label, on the screen
        assert page.locator('[data-table="so-sanh-theo-nguon"] thead').evaluate("h => h.getBoundingClientRect().height") <= 1
    page.close()

"""Page weight (issue 9): the theme's stylesheet trimmed to what the site uses, scripts deferred, no palette sheet."""

from __future__ import annotations

import re
from pathlib import Path

import os

from generator.csstrim import Used, selector_is_used, theme_sheets, trim_css, trim_theme_css, with_placeholder

USED = Used(classes=frozenset({"md-typeset", "md-header", "kb-table", "md-nav__link"}),
            tags=frozenset({"html", "body", "table", "a", "p", "details", "summary"}),
            ids=frozenset({"__drawer"}), attributes=frozenset({"class", "data-md-toggle", "dir", "hidden"}),
            pairs=frozenset({("dir", "ltr"), ("data-md-toggle", "drawer")}),
            words=frozenset({"md-header--shadow", "md-nav__link--active", "md-tooltip", "js"}))


def test_a_rule_is_kept_when_the_site_can_match_it() -> None:
    kept = [".md-typeset table", ".md-header", "[data-md-toggle=drawer]", "#__drawer", "html", ".md-typeset a:hover",
            ".md-header--shadow", ".md-nav__link--active", ".js .md-typeset", ".md-typeset :is(.kb-table, .absent)",
            ".md-typeset table:not([class])", ".md-typeset details:not(.absent)>summary::before", "[dir=ltr] .md-header"]
    dropped = [".md-typeset kbd", ".md-tooltip", ".absent", "#absent", "[data-absent]", "[dir=rtl] .md-header",
               ".md-typeset .tabbed-set>label", ".md-search__input"]
    assert [s for s in kept if not selector_is_used(s, USED)] == []
    assert [s for s in dropped if selector_is_used(s, USED)] == []


def test_trimming_keeps_structure_and_the_custom_properties_still_read() -> None:
    css = (":root{--md-primary-fg-color:#4051b5;--md-admonition-icon--note:url(\"data:image/svg+xml;x\");--unused:1px}"
           ".md-typeset a{color:var(--md-primary-fg-color)}.absent{mask-image:var(--md-admonition-icon--note)}"
           "@media screen and (max-width:76em){.md-header{height:2rem}.absent{x:y}}"
           "@media print{.absent{x:y}}@keyframes spin{0%{opacity:0}}@font-face{font-family:x}")
    out = trim_css(css, USED)
    assert out == (":root{--md-primary-fg-color:#4051b5}.md-typeset a{color:var(--md-primary-fg-color)}"
                   "@media screen and (max-width:76em){.md-header{height:2rem}}@keyframes spin{0%{opacity:0}}"
                   "@font-face{font-family:x}")
    # A property named by the site's own stylesheet or scripts is kept even when the theme does not read it.
    assert "--unused:1px" in trim_css(css, USED, also_read="var(--unused)")


def test_built_pages_load_the_trimmed_sheet_and_defer_scripts(mini_site: Path) -> None:
    sheets = sorted(p.name for p in (mini_site / "assets" / "stylesheets").glob("main.*.css"))
    assert len(sheets) == 1 and re.fullmatch(r"main\.[0-9a-f]+\.kb-[0-9a-f]{8}\.min\.css", sheets[0])
    for page in mini_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert f"assets/stylesheets/{sheets[0]}" in html and "palette." not in html, page
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        assert scripts and all(" defer " in s or s.startswith("<script defer") for s in scripts), (page, scripts)
    size = (mini_site / "assets" / "stylesheets" / sheets[0]).stat().st_size
    assert size < 80_000  # the theme ships 135 KB


def test_the_trim_names_its_sheet_in_place_in_new_pages_and_never_changes_a_published_file(tmp_path: Path) -> None:
    """mkdocs writes each page with a placeholder of the sheet's final length; the trim writes the sheet's digits
    over it in a page nothing else links to (same file), and writes a page that a published site shares anew."""
    sheet = theme_sheets()[0].name
    page = with_placeholder(f'<html><head><link rel="stylesheet" href="../assets/stylesheets/{sheet}"></head>'
                            '<body><div class="md-typeset"><p>Xã Đào San</p></div></body></html>')
    assert ".kb-00000000.min.css" in page
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "xa").mkdir()
    for name in ("moi.html", "chung.html"):
        (site / "xa" / name).write_text(page, encoding="utf-8")
    published = tmp_path / "published.html"
    os.link(site / "xa" / "chung.html", published)  # as an incremental build's published site shares its files
    inodes = {name: (site / "xa" / name).stat().st_ino for name in ("moi.html", "chung.html")}
    trim_theme_css(site)
    trimmed = [p.name for p in (site / "assets" / "stylesheets").glob("main.*.kb-*.min.css")]
    assert len(trimmed) == 1 and "00000000" not in trimmed[0]
    for name in ("moi.html", "chung.html"):
        html = (site / "xa" / name).read_text(encoding="utf-8")
        assert f"stylesheets/{trimmed[0]}" in html and html.replace(trimmed[0], "") == page.replace(
            sheet.replace(".min.css", ".kb-00000000.min.css"), "")
    assert (site / "xa" / "moi.html").stat().st_ino == inodes["moi.html"]  # written over in place
    assert (site / "xa" / "chung.html").stat().st_ino != inodes["chung.html"]  # a new file
    assert published.read_text(encoding="utf-8") == page  # the published copy is untouched


def test_text_columns_sort_by_their_text_without_a_copy_in_the_html(mini_site: Path) -> None:
    from tests.browser import browser, serve_dir

    html = (mini_site / "nguon-von" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td role="cell"(?: class="num")?(?: data-label="[^"]*")?( data-sort="([^"]*)")?>'
                       r'([^<]*)</td>', html)
    assert cells and not [c for c in cells if c[0] and c[1] == c[2]]  # no key that repeats the cell's own text
    with serve_dir(mini_site) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "nguon-von/")
        table = page.locator('[data-table="nguon-von"] table')
        for _ in range(2):  # ascending, then descending
            table.locator("th button", has_text="Nội dung").click()
            order = table.evaluate(
                "t => { const i = [...t.tHead.rows[0].cells].findIndex(c => c.textContent.includes('Nội dung'));"
                " const v = [...t.tBodies[0].rows].map(r => r.cells[i].textContent.trim());"
                " const dir = t.tHead.rows[0].cells[i].getAttribute('aria-sort') === 'ascending' ? 1 : -1;"
                " return v.every((x, k) => k === 0 || dir * v[k - 1].localeCompare(x, 'vi') <= 0) && v.length; }")
            assert order >= 3

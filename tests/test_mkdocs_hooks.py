"""mkdocs hooks: the generator's HTML blocks bypass Markdown and come back byte for byte."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.utils.meta import get_data

from generator import mkdocs_hooks
from generator.history import History
from generator.load import load_kb
from generator.model import build_site_model
from generator.pages import SiteInputs, build_pages
from generator.render import build_environment, render_pages
from generator.tables import build_tables
from generator.validate import validate_kb
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def shipped_markdown() -> dict[str, str]:
    from generator.charts import build_charts
    from generator.config import load_site_config

    documents, issues = load_kb(ROOT / "kb", ROOT)
    model = build_site_model(validate_kb(documents, issues))
    inputs = SiteInputs(model, build_charts(model), History(False, "không có lịch sử git"), "01/01/2025",
                        build_tables(model), load_site_config(ROOT))
    return render_pages(build_pages(inputs), build_environment(ROOT / "site_templates"))


def _converter() -> markdown.Markdown:
    """Python-Markdown as mkdocs.yml configures it."""
    return markdown.Markdown(extensions=["admonition", "attr_list", "toc"], extension_configs={
        "toc": {"permalink": "#", "permalink_title": "Liên kết tới mục này", "slugify": mkdocs_hooks.heading_slug}})


def test_every_shipped_page_converts_to_the_same_html_with_its_blocks_kept_aside(shipped_markdown) -> None:
    kept_blocks = 0
    for path, text in shipped_markdown.items():
        body, _ = get_data(text)
        page = SimpleNamespace()
        plain = _converter().convert(body)
        converter = _converter()
        kept_aside = converter.convert(mkdocs_hooks.on_page_markdown(body, page, None, None))
        kept_blocks += len(page.kb_raw_html)
        hooked = mkdocs_hooks._restore_raw(kept_aside, page)
        assert hooked == plain, path
        assert page.kb_raw_html is None  # put back, then let go: mkdocs keeps every page object until it ends
    assert kept_blocks > 5 * len(shipped_markdown)  # the pages' tables, lists and cards did bypass Markdown


def test_markdown_and_inline_html_paragraphs_still_go_through_markdown() -> None:
    body = ("# Tiêu đề\n\n<span>chữ *nghiêng*</span>\n\n<div>một khối</div>\n\n!!! note \"Ghi chú\"\n    nội dung\n\n"
            "<div>mở</div>\nrồi *chữ*\n\n<div>mở</div><p>rồi</p>*chữ*\n\n<div>hai</div><div>khối</div>\n\n<div><div>lồng</div></div>")
    page = SimpleNamespace()
    kept_aside = _converter().convert(mkdocs_hooks.on_page_markdown(body, page, None, None))
    assert page.kb_raw_html == ["<div>một khối</div>", "<div>hai</div>\n<div>khối</div>", "<div><div>lồng</div></div>"]
    hooked = mkdocs_hooks._restore_raw(kept_aside, page)
    assert hooked == _converter().convert(body)
    assert "<em>nghiêng</em>" in hooked and 'class="admonition note"' in hooked


def test_the_theme_s_indentation_around_the_article_is_dropped_and_the_article_kept() -> None:
    page = ("<html>\n  <head>\n    <title>Xã Đào San</title>\n\n\n  </head>\n  <body>\n    <nav>\n      <a href=\"../\">"
            "\n        Trang chủ\n      </a>\n    </nav>\n<article class=\"md-content__inner\">\n<pre>  giữ   nguyên\n"
            "    thụt lề</pre>\n  <p>Dòng  2</p>\n</article>\n    <footer>\n      Giấy phép\n    </footer>\n</html>")
    compact = mkdocs_hooks.compact_chrome(page)
    article = page[page.index("<article"):page.index("</article>")]
    assert article in compact  # the page's own content, <pre> included, byte for byte
    outside = compact.replace(article, "")
    assert "\n " not in outside and "\n\n" not in outside
    assert compact.startswith("<html>\n<head>\n<title>Xã Đào San</title>\n</head>\n<body>\n<nav>\n<a href=\"../\">\nTrang chủ")
    assert mkdocs_hooks.compact_chrome("<p>không có bài</p>\n   ") == "<p>không có bài</p>\n   "  # no article: untouched


def test_built_pages_carry_no_theme_indentation(mini_site) -> None:
    pages = sorted(mini_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        if start < 0:
            continue
        chrome = html[:start] + html[end:]
        assert "\n  " not in chrome, f"{path.relative_to(mini_site)} keeps the theme's indentation"


def test_sidebars_drawn_once_per_folder_are_the_ones_the_theme_draws_for_each_page(shipped_site, tmp_path) -> None:
    """The same site with the theme drawing every page's sidebar itself: byte for byte the same."""
    from generator.build import build_site
    from generator.publish import Settings
    from tests.conftest import SOURCE_DATE_EPOCH, digest

    root = tmp_path / "root"
    for part in ("generator", "site_templates"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "site_templates" / "overrides" / "partials" / "nav.html").write_text(
        '{% include "theme/partials/nav.html" %}', encoding="utf-8")
    drawn_each_time = build_site(Settings(root=root, kb_dir=ROOT / "kb", out_dir=tmp_path / "site",
                                          source_date_epoch=SOURCE_DATE_EPOCH, git_root=ROOT))
    assert digest(drawn_each_time) == digest(shipped_site)
    pages_outside_nav = [p for p in shipped_site.rglob("index.html") if "/xa/" in p.as_posix()]
    assert len(pages_outside_nav) > 10  # the drawings kept were used: commune pages are listed by no sidebar


class Navigation(SimpleNamespace):
    __hash__ = object.__hash__  # as mkdocs' own


def test_the_sidebar_is_kept_only_for_pages_it_neither_lists_nor_leads_into() -> None:
    nav = Navigation(items=[SimpleNamespace(url="", children=None),
                                 SimpleNamespace(url=None, children=[SimpleNamespace(url="huyen/a/", children=None)]),
                                 SimpleNamespace(url="chuong-trinh/ntm/", children=None)])
    page = SimpleNamespace
    assert mkdocs_hooks.nav_key(page(url="huyen/a/"), nav) is None  # listed: its own entry is active
    assert mkdocs_hooks.nav_key(page(url="chuong-trinh/"), nav) is None  # leads into a listed page
    assert mkdocs_hooks.nav_key(page(url=""), nav) is None
    one, other = mkdocs_hooks.nav_key(page(url="xa/a/k1/"), nav), mkdocs_hooks.nav_key(page(url="xa/a/k2/"), nav)
    assert one == other and one is not None  # same folder, same relative links
    assert mkdocs_hooks.nav_key(page(url="xa/b/k1/"), nav) != one
    assert mkdocs_hooks.nav_key(page(url="chuong-trinh/ntm/tinh-x/"), nav) == mkdocs_hooks.nav_key(
        page(url="chuong-trinh/ntm/tinh-y/"), nav)

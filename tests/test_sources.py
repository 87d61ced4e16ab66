"""Source documents (issue 9): kept in kb/sources/, checked, published and linked from the plan page by title."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

from generator.errors import KbError
from generator.load import load_kb
from generator.model import build_site_model
from generator.pages.changes import HistoryBlock
from generator.pages.plan import plan_page
from generator.pages.source import source_link
from generator.render import build_environment, render_pages
from generator.sources import load_sources
from generator.validate import validate_kb
from tests.browser import browser, serve_dir
from tests.conftest import MINI_KB, ROOT

PLAN = "ke-hoach/mini-2024/index.html"
TITLE = "Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024"


def flat(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def errors(kb: Path) -> list[str]:
    sources, source_issues = load_sources(kb)
    documents, issues = load_kb(kb)
    try:
        validate_kb(documents, issues + source_issues, sources=sources)
    except KbError as error:
        return [str(issue) for issue in error.issues]
    return []


def test_plan_page_links_the_original_document_by_its_title(mini_site: Path) -> None:
    markup = (mini_site / PLAN).read_text(encoding="utf-8")
    facts = " ".join(flat(markup[markup.index('<dt>Văn bản gốc'):markup.index("</dl>")]).replace("</dt>", " ").split())
    assert facts in (f"Văn bản gốc {TITLE} (tệp văn bản, 1 KB, tải về)", f"Văn bản gốc{TITLE} (tệp văn bản, 1 KB, tải về)")
    assert "mini.txt" not in markup
    link = re.search(rf'<a href="([^"]+)">{TITLE}</a> \(tệp văn bản', markup).group(1)
    assert (mini_site / "ke-hoach/mini-2024" / link / "index.html").resolve() == (mini_site / "van-ban-goc/mini-2024/index.html")


def test_source_page_numbers_every_line_and_items_link_to_theirs(mini_site: Path) -> None:
    text = (MINI_KB / "sources" / "mini.txt").read_text(encoding="utf-8").splitlines()
    page = (mini_site / "van-ban-goc/mini-2024/index.html").read_text(encoding="utf-8")
    lines = re.findall(r'<li id="dong-(\d+)">(.*?)</li>', page[page.index("kb-source-lines"):])
    assert [int(n) for n, _ in lines] == list(range(1, len(text) + 1))
    assert [flat(t) for _, t in lines] == text
    # The duty drafted from line 21 links there from the plan page.
    plan = (mini_site / PLAN).read_text(encoding="utf-8")
    assert '<a href="../../van-ban-goc/mini-2024/#dong-21">mục V.2</a>' in plan
    assert text[20].startswith("2. Phòng Tư pháp: Chủ trì tuyên truyền")
    # The full text is not indexed for search: it would swamp the results and the index.
    urls = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for f in (mini_site / "pagefind").rglob("*.pf_fragment")]
    assert urls and not any(u.startswith("/van-ban-goc/") for u in urls)


def test_published_text_reads_as_utf8_even_from_a_host_that_sends_no_charset(mini_site: Path) -> None:
    raw = (mini_site / "van-ban-goc/mini-2024.txt").read_bytes()
    assert raw == b"\xef\xbb\xbf" + (MINI_KB / "sources" / "mini.txt").read_bytes()
    with serve_dir(mini_site) as base, browser() as chromium:  # http.server: "text/plain", no charset
        page = chromium.new_page()
        response = page.goto(base + "van-ban-goc/mini-2024.txt")
        assert "charset" not in response.headers["content-type"]
        assert page.evaluate("document.body.innerText").startswith("ỦY BAN NHÂN DÂN HUYỆN PHONG THỔ")
        page.goto(base + "van-ban-goc/mini-2024/#dong-21")
        assert page.locator("#dong-21").is_visible()


def test_a_missing_source_is_a_located_error_with_a_hint(kb_dir) -> None:
    kb = kb_dir({"file": "plans/mini-2024/plan.yaml", "replace": ["source_file: mini.txt", "source_file: mini.tx"]})
    assert errors(kb) == ["kb/plans/mini-2024/plan.yaml:25:16: error[KB-SOURCE-MISSING] không có tệp văn bản gốc "
                          "'mini.tx' trong kb/sources/ (có phải ý bạn là 'mini.txt'?)"]
    kb = kb_dir({"file": "plans/mini-2024/plan.yaml", "replace": ["source_file: mini.txt", "source_file: ../mini.txt"]})
    assert errors(kb) == ["kb/plans/mini-2024/plan.yaml:25:16: error[KB-SOURCE-MISSING] không có tệp văn bản gốc "
                          "'../mini.txt' trong kb/sources/ (chỉ ghi tên tệp, ví dụ 'mini.txt'; tệp đặt trong kb/sources/)"]


def test_an_absent_source_is_allowed_only_when_the_plan_says_why(kb_dir) -> None:
    reason = "Bản giấy, chưa số hóa"
    kb = kb_dir({"delete": "sources/mini.txt"},
                {"file": "plans/mini-2024/plan.yaml", "replace": ["source_file: mini.txt",
                                                                   f"source_file: mini.txt\n  source_absent_reason: {reason}"]})
    assert errors(kb) == []
    sources, _ = load_sources(kb)
    model = build_site_model(validate_kb(*load_kb(kb), sources=sources))
    plan = model.plan("mini-2024")
    page = plan_page(model, "mini-2024", {}, HistoryBlock(False, "không có lịch sử", (), ""),
                     source=source_link(plan, sources))
    markdown = render_pages([page], build_environment(ROOT / "site_templates"))[page.path]
    assert f"<dt>Văn bản gốc</dt><dd>chưa đăng kèm trang: {reason}</dd>" in markdown


def test_history_of_old_revisions_does_not_need_source_files(kb_dir) -> None:
    kb = kb_dir({"delete": "sources/mini.txt"})
    assert validate_kb(*load_kb(kb)).plans["mini-2024"].plan is not None  # no sources given: not checked

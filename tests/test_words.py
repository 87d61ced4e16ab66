"""Words (issue 9): the glossary, abbreviations marked on pages, and natural Vietnamese on every built page."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

from generator.glossary import GROUPS, abbreviations
from generator.numbers import section_text, sections_text
from generator.render import mark_abbreviations
from tests.wording import bad_words, search_metadata, visible_text

GLOSSARY = "../thuat-ngu/"
NSTW = '<a class="kb-abbr" href="../thuat-ngu/#nstw"><abbr title="Ngân sách trung ương">NSTW</abbr></a>'


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def mark(markup: str) -> str:
    return mark_abbreviations(markup, abbreviations(), GLOSSARY)


def test_first_use_of_an_abbreviation_is_marked_and_linked_once() -> None:
    assert mark("<p>Vốn NSTW, rồi NSTW nữa.</p><p>NSTW</p>") == f"<p>Vốn {NSTW}, rồi NSTW nữa.</p><p>NSTW</p>"


def test_abbreviations_are_not_marked_where_markup_would_break() -> None:
    untouched = [
        '<a href="x">NSTW</a>', "<code>NSTW</code>", "<pre>NSTW\nNSTW</pre>", '<svg><text x="1">NSTW</text></svg>',
        "<h2>NSTW</h2>", '<button class="sort">NSTW</button>', "<!-- NSTW -->", "<script>var a = 'NSTW';</script>",
        '<span title="NSTW" data-x=\'NSTW\'></span>', "<p>CTNSTW NSTWX 12/NSTW QĐ-NSTW NSTW-2</p>",
        '<abbr title="x">NSTW</abbr>', "<summary>NSTW</summary>", '<A HREF="x">NSTW</A>', "<H2>NSTW</H2>",
        "<a><span>NSTW</span></a>", "<![CDATA[ NSTW ]]>",
    ]
    for markup in untouched:
        assert mark(markup) == markup, markup
    # After a closed link or drawing, marking resumes; a self-closing <svg/> opens nothing.
    assert mark('<a href="x">NSTW</a> NSTW') == f'<a href="x">NSTW</a> {NSTW}'
    assert mark("<svg><svg></svg>NSTW</svg> NSTW") == f"<svg><svg></svg>NSTW</svg> {NSTW}"
    assert mark("<svg/><p>NSTW</p>") == f"<svg/><p>{NSTW}</p>"
    assert mark('<A HREF="x">NSTW</A> NSTW') == f'<A HREF="x">NSTW</A> {NSTW}'  # tags in capitals too
    assert mark("<!-- <a> -->NSTW") == f"<!-- <a> -->{NSTW}"  # a tag inside a comment opens nothing


def test_hostile_text_around_abbreviations_stays_escaped() -> None:
    hostile = ("<p>&lt;script&gt;alert(1)&lt;/script&gt;NSTW &lt;b&gt;NTM&lt;/b&gt; [x](javascript:alert(1)) "
               "{{ 7*7 }} a | b &amp;NSĐP;</p>")
    out = mark(hostile)
    assert "<script>" not in out and "<b>" not in out
    assert out.count("<abbr") == 3 and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '<abbr title="Ngân sách địa phương">NSĐP</abbr></a>;' in out
    assert text_of(out) == text_of(hostile)  # the reader's text is unchanged
    # Longest form first: GDNN-GDTX is one abbreviation, not GDNN followed by "-GDTX".
    assert '<abbr title="Giáo dục nghề nghiệp - giáo dục thường xuyên">GDNN-GDTX</abbr>' in mark("<p>GDNN-GDTX</p>")


def test_places_in_a_plan_are_named_in_words() -> None:
    assert section_text("VI.2.7") == "mục VI.2.7"
    assert section_text("preamble") == "phần căn cứ" and section_text("closing") == "phần cuối văn bản"
    assert sections_text(("V.1", "V.2", "closing")) == "mục V.1, V.2, phần cuối văn bản"


def test_glossary_page_explains_every_term(mini_site: Path) -> None:
    page = (mini_site / "thuat-ngu" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    for group in GROUPS:
        assert group.title in text
        for term in group.terms:
            assert f'id="{term.id}"' in page and term.text in text, term.id
    for word in ("NSTW", "NSĐP", "MTQG", "GNBV", "NTM", "DTTS", "KHV", "ĐBKK", "∑", "⚠", "Giải ngân", "Vốn lồng ghép",
                 "Vốn huy động", "Vốn tín dụng chính sách", "Hộ nghèo, hộ cận nghèo", "Chuẩn nghèo đa chiều", "Điểm phần trăm",
                 "Số theo văn bản", "Số do trang tính", "Phụ trách xã, đồng phụ trách xã", "Chủ trì, phối hợp",
                 "Vốn đầu tư phát triển, vốn sự nghiệp", "Dự án, Tiểu dự án"):
        assert word in text, word
    assert "kb-abbr" not in page  # the glossary does not link to itself
    assert "thuat-ngu/" in (mini_site / "index.html").read_text(encoding="utf-8")  # reachable from the navigation


def test_built_pages_mark_each_abbreviation_once_and_link_to_its_entry(mini_site: Path) -> None:
    glossary = (mini_site / "thuat-ngu" / "index.html").read_text(encoding="utf-8")
    page = mini_site / "ke-hoach" / "mini-2024" / "index.html"
    markup = page.read_text(encoding="utf-8")
    article = markup[markup.index('<article'):markup.index('</article>')]
    marked = re.findall(r'<a class="kb-abbr" href="([^"]+)"><abbr title="([^"]+)">([^<]+)</abbr></a>', article)
    words = [word for _, _, word in marked]
    assert {"NSTW", "MTQG", "UBND"} <= set(words) and len(words) == len(set(words))
    for href, title, word in marked:
        target, anchor = href.split("#")
        assert (page.parent / target / "index.html").resolve() == (mini_site / "thuat-ngu" / "index.html").resolve()
        assert f'id="{anchor}"' in glossary and abbreviations()[word].title == title
    # Search sees the words, not the markup.
    fragments = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for f in (mini_site / "pagefind").rglob("*.pf_fragment")]
    plan = next(f for f in fragments if f["url"].startswith("/ke-hoach/mini-2024/"))
    assert "NSTW" in plan["content"] and "<abbr" not in plan["content"] and "kb-abbr" not in plan["content"]


def test_shipped_site_speaks_natural_vietnamese(shipped_site: Path) -> None:
    problems = []
    for page in sorted(shipped_site.rglob("*.html")):
        for word, context in bad_words(visible_text(page.read_text(encoding="utf-8"))):
            problems.append(f"{page.relative_to(shipped_site)}: {word!r} in “{context}”")
    for url, shown in search_metadata(shipped_site).items():
        for word, context in bad_words(shown):
            problems.append(f"search result {url}: {word!r} in “{context}”")
    assert not problems, f"{len(problems)} English words or internal tokens:\n" + "\n".join(problems[:40])


def test_the_word_scan_catches_what_it_should() -> None:
    text = visible_text('<p>mục closing; Tổng: None; nan</p><p title="breakdown">x</p><code>tong-hop</code>'
                        '<p>xem f-iv-111-dtts-sn-phan-1 và theo-chuong-trinh.csv</p>')
    assert [word for word, _ in bad_words(text)] == ["closing", "None", "nan", "breakdown", "f-iv-111-dtts-sn-phan-1"]

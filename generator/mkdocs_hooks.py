"""mkdocs hooks: raw HTML passed around Markdown, search-index filters and weights (Pagefind), Vietnamese heading
anchors, filters for the theme overrides (search folding, QR codes, dates), page HTML post-processing
(abbreviations), each page's HTML kept compressed until its template runs, the sidebar drawn once per folder of
pages it does not list, incremental rendering.

When `PLAN_SITE_CHANGED` names a listing written by incremental.py (mkdocs runs with `--dirty`), only
the files it lists are rendered or copied again, plus the pages of the navigation (every sidebar shows
their titles, which mkdocs reads from the pages themselves); `PLAN_SITE_SHARD=k/n` splits the listed pages
and files between n processes, and `PLAN_SITE_TOKENS` asks each process to note the stylesheet tokens of the pages
it writes (csstrim.py). Outputs about to be written are unlinked first: the published site shares them as
hard links and must never be changed in place.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import zlib
from html import unescape
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, pass_context
from markupsafe import Markup

from generator.admin_units import slug
from generator.csstrim import TRIM_ENV, page_tokens, theme_relevance, with_placeholder
from generator.glossary import GLOSSARY_PATH, abbreviations
from generator.incremental import CHANGED_ENV, SHARD_ENV, TOKENS_ENV
from generator.numbers import vietnam_date
from generator.render import mark_abbreviations, qr_svg, relative
from generator.urls import fold

_TOKENS: dict[str, list[str]] = {}
_D_LETTER = re.compile(r"[đĐ]")
_MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.S)  # what markupsafe's striptags removes
# A line of the generated Markdown that is one HTML element: `<table …>…</table>`, `<dl>…</dl>`.
_OPEN_TAG = re.compile(r"<([a-z][a-z0-9]*)\b")
_RAW = "KBRAWHTML{}X"  # placeholder paragraph; plain letters, so Markdown leaves it alone
_RAW_PARAGRAPH = re.compile(r"<p>KBRAWHTML(\d+)X</p>")
_CELL_TAGS = ("dt", "dd", "td", "th", "li", "caption")


def d_words(text: str) -> str:
    """Return the words of *text* that contain đ, folded to ASCII, once each and sorted (`Đào tạo` -> `dao`).

    Pagefind (>= 1.5) matches Vietnamese words typed without accents by itself, but its folding keeps đ,
    which is a letter of its own and not an accented d: `dao` would not find `Đào`. Only these words
    need a folded copy, and it goes into a metadata field so that it never shows in result snippets.
    """
    words, end = set(), 0
    for letter in _D_LETTER.finditer(text):  # the words around each đ: much quicker than a regex over all words
        if letter.start() < end:
            continue  # a second đ of the same word
        start, end = letter.start(), letter.end()
        while start and _word_character(text[start - 1]):
            start -= 1
        while end < len(text) and _word_character(text[end]):
            end += 1
        words.add(text[start:end])
    return " ".join(sorted({fold(word) for word in words}))


def _word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # what \w matches in a str pattern


def text_d_words(html: str) -> str:
    """d_words of the text of *html*: what `html | striptags | d_words` gives, without striptags' slow scan."""
    return d_words(unescape(_MARKUP.sub("", html)))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Keep the generator's HTML blocks away from Markdown; on_page_content puts them back unchanged.

    Pages are mostly HTML written (and escaped) by the generator's templates, block elements on lines of their
    own. Python-Markdown would copy each such block through unchanged, after parsing it twice with Python's
    HTML parser (its own raw-HTML pass and mkdocs' anchor scan): at scale (tens of megabytes of tables) that
    parsing was most of mkdocs' time. Headings stay Markdown, so the table of contents is the same.
    """
    block_level = _block_level()
    kept: list[str] = []
    paragraphs = markdown.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        core = paragraph.rstrip("\n")  # a paragraph before three newlines ends with one
        lines = [_elements(line, block_level) for line in core.split("\n")] if core else [None]
        elements = [element for line in lines if line is not None for element in line]
        if all(lines):
            paragraphs[index] = _RAW.format(len(kept)) + paragraph[len(core):]
            kept.append("\n".join(elements))
    page.kb_raw_html = kept
    return "\n\n".join(paragraphs)


def _elements(line: str, block_level: frozenset[str]) -> list[str] | None:
    """The whole block elements *line* is made of, or None: `<div>…</div><dl>…</dl>` is two, `<div>…` none.

    Python-Markdown puts a newline between block elements that follow each other on one line; so does
    _restore_raw."""
    elements, start = [], 0
    while start < len(line):
        match = _OPEN_TAG.match(line, start)
        if not match or match.group(1) not in block_level:
            return None
        depth, end = 0, None
        for tag in re.finditer(rf"<(/?){match.group(1)}[\s>]", line[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = line.find(">", start + tag.end() - 1) + 1
                break
        if not end:
            return None
        elements.append(line[start:end])
        start = end
    return elements or None


@functools.cache
def _block_level() -> frozenset[str]:
    from markdown import Markdown

    return frozenset(Markdown().block_level_elements)


def _restore_raw(html: str, page: Any) -> str:
    kept = getattr(page, "kb_raw_html", None)
    if not kept:
        return html
    page.kb_raw_html = None  # the page keeps its HTML packed from here on (_packed)
    # Python-Markdown ends each raw block with a blank line, except at the end of the page: so does this.
    return _RAW_PARAGRAPH.sub(lambda m: kept[int(m.group(1))] + ("\n" if m.end() < len(html) else ""), html)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Weight the page's heading for Pagefind, space out cells for its snippets, and mark abbreviations.

    The heading (the page's name) gets the page's `search_boost`, so a commune's page ranks first. The first
    use of each abbreviation is linked to the glossary (issue 9), except on the glossary itself.
    """
    html = _restore_raw(html, page)
    boost = (page.meta or {}).get("search_boost")
    if boost:
        html = html.replace("<h1", f'<h1 data-pagefind-weight="{int(boost)}"', 1)
    # Pagefind joins adjacent cells and list items without a space ("Tên viết tắtPhòng VH-TT") in its snippets.
    for tag in _CELL_TAGS:  # plain replacing: a regular expression's template costs a call for each of ~500 cells
        html = html.replace(f"</{tag}><", f"</{tag}> <")
    if page.file.src_uri != GLOSSARY_PATH:
        html = mark_abbreviations(html, abbreviations(), relative(page.file.src_uri, GLOSSARY_PATH))
    return _packed(html, page)


def _packed(html: str, page: Any) -> str:
    """Keep the page's HTML compressed until its template is rendered (on_page_context unpacks it).

    mkdocs converts every page before it renders any, so the HTML of all its pages waits in memory: over 6 GB
    in one mkdocs process at national scale. Compressed, about a tenth of that."""
    page.kb_packed = zlib.compress(html.encode("utf-8"), 1)
    # The page's Markdown source is not read again either (its title comes from its metadata or its rendered
    # heading): mkdocs would keep it, two bytes a letter, for every page until the build ends (2,2 GB in each
    # mkdocs process at national scale). Not None: mkdocs takes that for a page never read.
    page.markdown = ""
    return ""


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Unpack the page's HTML for its template (see _packed)."""
    packed = getattr(page, "kb_packed", None)
    if packed is not None:
        page.content, page.kb_packed = zlib.decompress(packed).decode("utf-8"), None
    return context


_INDENT = re.compile(r"\n\s+")


def compact_chrome(html: str) -> str:
    """Drop the indentation and blank lines the theme's templates leave around the page's article (about 4 KB of
    a page's 12 KB of header, navigation and footer: 130 MB of a national site). The article itself is left
    as written; around it there is no `<pre>` or `<textarea>`, so the page renders the same."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        return html
    return _INDENT.sub("\n", html[:start]) + html[start:end] + _INDENT.sub("\n", html[end:])


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Compact the theme's whitespace around the article; in an incremental build, note the stylesheet tokens of
    the page (csstrim.page_tokens) while it is in memory: the stylesheet trim then does not read the page again.
    Two mkdocs processes share that work. The page names the trimmed stylesheet with a placeholder for its
    content hash (_placeholder). Then free the page's HTML."""
    output = _placeholder(compact_chrome(output))
    if os.environ.get(TOKENS_ENV):
        _TOKENS[page.file.dest_uri] = sorted(page_tokens(output, theme_relevance()))
    page.content = ""  # written: nothing reads it again, and it would stay in memory until mkdocs ends
    return output


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The not-found page is a theme template of its own: compacted like the pages."""
    return _placeholder(compact_chrome(output_content)) if template_name.endswith(".html") else output_content


def _placeholder(html: str) -> str:
    """The trimmed sheet's name with a placeholder for its hash, when the generator runs mkdocs (the stylesheet trim
    follows it and writes the hash over the placeholder); as the theme names its sheet otherwise."""
    return with_placeholder(html) if os.environ.get(TRIM_ENV) else html


def on_post_build(config: Any) -> None:
    """Write the tokens noted by on_post_page to `<PLAN_SITE_TOKENS>-<k>.json` (k: this process's shard)."""
    prefix = os.environ.get(TOKENS_ENV)
    if prefix:
        Path(f"{prefix}-{_shard()[0]}.json").write_text(json.dumps(_TOKENS, sort_keys=True), encoding="utf-8")


def heading_slug(value: str, separator: str = "-") -> str:
    """Heading anchors in Vietnamese: `Việc được giao` -> `viec-duoc-giao` (đ kept as d, not dropped)."""
    return slug(value).replace("-", separator)


class _NoDirtyWarning(logging.Filter):
    """`--dirty` makes mkdocs warn (and strict mode abort); here every page that can differ is rendered."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _listing() -> dict[str, Any] | None:
    path = os.environ.get(CHANGED_ENV)
    return json.loads(Path(path).read_text(encoding="utf-8")) if path else None


def _shard() -> tuple[int, int]:
    k, n = os.environ.get(SHARD_ENV, "0/1").split("/")
    return int(k), int(n)


def _mark(file: Any, modified: bool) -> None:
    file.is_modified = (lambda: True) if modified else (lambda: False)
    if modified and file.abs_dest_path:
        try:
            os.unlink(file.abs_dest_path)
        except FileNotFoundError:
            pass


def on_config(config: Any) -> Any:
    """Use Vietnamese-aware heading anchors (Python-Markdown's default drops đ: `viec-uoc-giao`); in an
    incremental build, silence the `--dirty` warning that strict mode would turn into a failure."""
    config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
    if _listing() is not None:
        logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
    return config


def on_pre_build(config: Any) -> None:
    """Theme templates (404, sitemap) are written on every build: unlink their shared copies first."""
    if _listing() is None:
        return
    for template in config.theme.static_templates:
        for name in (template, f"{template}.gz"):
            (Path(config.site_dir) / name).unlink(missing_ok=True)


def on_files(files: Any, config: Any) -> Any:
    listing = _listing()
    if listing is None:
        return files
    k, n = _shard()
    changed = {rel: index for index, rel in enumerate(listing["changed"])}
    for file in files:
        if file.src_uri in changed:  # pages and downloads alike (copying every download made one process the last)
            mine = changed[file.src_uri] % n == k
        else:  # theme files: copied on a full build only
            mine = listing["full"] and k == 0 and not file.is_documentation_page()
        _mark(file, mine)
    return files


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    if _listing() is not None:
        for page in nav.pages:
            _mark(page.file, True)
    return nav


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Add the filters the theme overrides use: `fold` (Đào San -> dao san), `d_words`, `text_d_words`, `qr_svg`,
    `vn_day`, `without_stylesheet`; and `primary_nav`, with the theme's own templates reachable as `theme/…`."""
    import material

    env.filters.update(fold=fold, d_words=d_words, text_d_words=text_d_words, qr_svg=qr_svg, vn_day=vietnam_date,
                       without_stylesheet=without_stylesheet)
    theme = FileSystemLoader(str(Path(material.__file__).parent / "templates"))
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"theme": theme})])
    env.globals["primary_nav"] = primary_nav
    _NAV.clear()
    return env


_NAV: dict[Any, str] = {}  # the primary navigation as drawn, by nav_key


@pass_context
def primary_nav(context: Any) -> Any:
    """The theme's primary navigation (its partials/nav.html) for the page being rendered, drawn once per nav_key.

    The sidebar is on every page and drawing it was a tenth of mkdocs' time; on the pages it does not list (at scale
    nearly all of them) it differs only in its relative links, which are the same for the pages of one folder."""
    key = nav_key(context.get("page"), context.get("nav"))
    drawn = _NAV.get(key) if key is not None else None
    if drawn is None:
        drawn = Markup(context.environment.get_template("theme/partials/nav.html").render(context.get_all()))
        if key is not None:
            _NAV[key] = drawn
    return drawn


def nav_key(page: Any, nav: Any) -> tuple[int, str] | None:
    """What the primary navigation of *page* depends on: the folder of its address, when the navigation neither
    lists the page nor anything below it (so nothing in it is active and every relative link is the same for the
    pages of that folder); otherwise None (drawn for the page itself)."""
    if page is None or nav is None or not page.url:
        return None
    if any(url.startswith(page.url) for url in _nav_urls(nav)):
        return None
    return id(nav), page.url[:page.url.rstrip("/").rfind("/") + 1]


@functools.lru_cache(maxsize=4)
def _nav_urls(nav: Any) -> tuple[str, ...]:
    # Every entry with an address, links too (not only nav.pages): a link into a page's folder makes that
    # page's relative links differ from its neighbours'.
    urls: list[str] = []

    def visit(items: Any) -> None:
        for item in items:
            if getattr(item, "url", None) is not None:
                urls.append(item.url)
            visit(getattr(item, "children", None) or ())

    visit(nav.items)
    return tuple(urls)


def without_stylesheet(html: str, name: str) -> str:
    """Drop the theme's `<link rel="stylesheet">` to assets/stylesheets/<name>.<hash>.min.css from *html*."""
    return re.sub(rf'\s*<link rel="stylesheet" href="[^"]*stylesheets/{re.escape(name)}\.[0-9a-f]+\.min\.css">', "", html)

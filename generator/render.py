"""Render page contexts to Markdown with Jinja; the one place where KB text is escaped and markup is made."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.numbers import format_date, format_money, format_percent, section_text, sections_text, to_vn_number
from generator.drafts import DRAFT_COLUMN
from generator.errors import Issue
from generator.figures import Figure
from generator.glossary import Abbreviation
from generator.publish import pack
from generator.tables import ORIGIN, Table
from generator.urls import DATA_ARCHIVE, plan_path

if TYPE_CHECKING:  # pages import this module's escaping; only the type is needed here
    from generator.pages.common import Page

SECTION_COLUMN = "Mục"  # tables name the plan section column so; `closing` reads "phần cuối văn bản"
# Python-Markdown's escapable characters; < > & are already HTML entities when this runs.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_text(value: object) -> Markup:
    """Escape KB text for a Markdown context: HTML entities first, then Markdown metacharacters."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(str(value)))).replace("\n", " "))


def money(value: Decimal | int | str) -> str:
    return format_money(Decimal(value))


def number(value: Decimal | int | str | None) -> str:
    if value is None or value == "":
        return ""
    return to_vn_number(Decimal(value)) if not isinstance(value, str) else value


def percent(value: Decimal | int | str) -> str:
    return format_percent(Decimal(value))


@functools.lru_cache(maxsize=1 << 16)
def relative(from_path: str, to_path: str) -> str:
    """Return the relative URL from one page (by its .md path) to another, with directory URLs; a query
    string or fragment on *to_path* (`so-sanh.md?huyen=phong-tho`) is kept."""
    to_path, suffix = re.match(r"([^?#]*)(.*)", to_path, re.S).groups()  # type: ignore[union-attr]
    return _relative(from_path, to_path) + suffix


def _relative(from_path: str, to_path: str) -> str:
    def url_dir(path: str) -> str:
        stem = path.removesuffix(".md")
        return "" if stem == "index" else (stem.removesuffix("/index") if stem.endswith("/index") else stem)
    target = url_dir(to_path) if to_path.endswith(".md") else to_path
    rel = posixpath.relpath(target or ".", url_dir(from_path) or ".")
    if to_path.endswith(".md"):
        return "./" if rel == "." else rel + "/"
    return rel


def table_html(table: Table, page_path: str, *, downloads: bool = True, caption: str | None = None) -> Markup:
    """Render a Table as an accessible, sortable HTML table (the one reviewed place that builds markup)."""
    frame = table.frame
    hidden = _hidden(table)
    visible = [c for c in frame.columns if c not in hidden and not all(_missing(v) for v in frame[c])]
    links = dict(table.link_columns)
    head = "".join(
        f'<th scope="col" role="columnheader"{_num_class(table, c)}><button type="button" class="sort">{escape(c)}</button></th>'
        for c in visible
    )
    notes: dict[str, int] = {}  # note text -> its number
    styled = len(frame) >= LABEL_STYLE_ROWS
    label = (lambda column: "") if styled else (lambda column: f' data-label="{escape(column)}"')
    body = _body_html(table, visible, links, page_path, notes, label)
    foot = _footer_html(table, visible, page_path, label)
    cap = f"<caption>{escape(caption or table.title)}</caption>"
    download = download_links(table.download, page_path) if downloads and table.download else ""
    style = _labels_style(table.name, visible) if styled else ""
    return Markup(
        f'<div class="kb-table" data-table="{escape(table.name)}">{style}{download}'
        f'<div class="kb-scroll" tabindex="0" role="region" aria-label="{escape(caption or table.title)}">'
        f'<table class="sortable kb-cards" role="table">{cap}<thead><tr role="row">{head}</tr></thead>'
        f"<tbody>{body}</tbody>{foot}</table></div>{_notes_html(table, notes)}{_legend_html(body + foot)}</div>"
    )


LABEL_STYLE_ROWS = 4  # from this many rows, the phone cards' labels cost less as one style than on every cell


def _labels_style(name: str, visible: list[str]) -> str:
    """The column labels of a phone card (site.css shows `--kb-label` before each cell), once per table instead
    of a `data-label` on every cell: about a tenth of a long table's bytes."""
    rules = "".join(f'[data-table="{css_string(name)}"] td:nth-child({index}){{--kb-label:"{css_string(column)}"}}'
                    for index, column in enumerate(visible, start=1))
    return f"<style>{rules}</style>"


def css_string(text: str) -> str:
    """*text* as the inside of a double-quoted CSS string in a `<style>` element (no `</style>` can end it)."""
    return "".join(_CSS_ESCAPES.get(character, character) for character in text)


_CSS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\a ", "\r": "\\d ", "<": "\\3c ", ">": "\\3e ", "&": "\\26 "}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, like `frame.to_dict("records")` in a third of its time (columns read whole)."""
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in frame.columns))]


def _hidden(table: Table) -> set[str]:
    return {c for c in table.frame.columns
            if c in ("id", table.note_column) or c.endswith("_id") or c.endswith("_path")}


def _num_class(table: Table, column: str) -> str:
    return ' class="num"' if column in table.numeric or column in table.percent else ""


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return True
    return isinstance(value, str) and value == ""


def _cell(table: Table, column: str, value: Any) -> tuple[str, str]:
    """Return (display text, sort key) for one cell."""
    if _missing(value):
        return "", ""
    if isinstance(value, Figure):
        return to_vn_number(value.value), str(value.value)
    if column in table.percent:
        return percent(value), str(value)
    if column == SECTION_COLUMN and isinstance(value, str):
        return sections_text([value]).removeprefix("mục "), value
    if isinstance(value, bool):
        return ("có" if value else "không"), str(int(value))
    if isinstance(value, (int, Decimal)) and column in table.numeric and column != "Năm":
        return to_vn_number(Decimal(value)), str(value)
    return str(value), str(value)


def figure_marks(figure: Figure, page_path: str) -> str:
    """The marks after a figure: ∑ for a computed sum (saying from what), ⚠ linking to each finding on it."""
    marks = ""
    if not figure.printed:
        marks += (f' <span class="kb-computed" role="img" aria-label="{escape(figure.origin_text())}" '
                  f'title="{escape(figure.origin_text())}">∑</span>')
    for finding in figure.findings:
        target = relative(page_path, plan_path(finding.data.get("plan", ""))) + "#" + finding_anchor(finding)
        text = finding_text(finding)
        marks += (f' <a class="kb-finding" href="{escape(target)}" title="{escape(text)}">'
                  f'<span aria-hidden="true">⚠</span><span class="kb-sr">{escape(text)}</span></a>')
    return marks


def _body_html(table: Table, visible: list[str], links: dict[str, str], page_path: str, notes: dict[str, int],
               label: Callable[[str], str]) -> str:
    """The table's rows. A cell is made once per distinct (column, value, link) in the table and reused: plan
    titles, districts, programs, units and years repeat on most rows of a long table (a third of a national
    build's render time was spent making the same cells again). Figures and note references are made per cell."""
    note_at = _note_anchor_column(table, visible)
    opens = {column: f'<td role="cell"{_num_class(table, column)}{label(column)}' for column in visible}
    filters = [(key, f'data-{key.replace("_", "-")}="') for key in map(str, table.frame.columns) if key.endswith("_id")]
    made: dict[tuple[Any, ...], str] = {}
    made_ids: dict[tuple[Any, ...], str] = {}  # the row's data-*-id attributes (plan, program, district ids repeat)
    rows = []
    for row in _records(table.frame):
        note = row.get(table.note_column, "") if table.note_column else ""
        cells = []
        for column in visible:
            value, target = row[column], row.get(links.get(column, ""), "")
            if isinstance(value, Figure) or (note and column == note_at):
                cells.append(_cell_html(table, column, value, target, opens[column], page_path,
                                        note if column == note_at else "", notes))
                continue
            # Equal numbers may read differently (Decimal 1.5 and 1.50, floats 0.0 and -0.0): keyed by their text.
            key = (column, type(value), str(value) if isinstance(value, (Decimal, float)) else value, target)
            try:
                cells.append(made[key])
            except KeyError:
                cells.append(made.setdefault(key, _cell_html(table, column, value, target, opens[column], page_path)))
            except TypeError:  # an unhashable value: made each time
                cells.append(_cell_html(table, column, value, target, opens[column], page_path))
        draft = ' class="kb-draft-row"' if row.get(DRAFT_COLUMN) else ""  # build --allow-draft: highlight drafts
        values = tuple(row[key] for key, _ in filters)
        ids = made_ids.get(values)
        if ids is None:
            ids = made_ids[values] = " ".join(f'{attribute}{escape(value)}"' for (_, attribute), value in zip(filters, values))
        rows.append(f"<tr role=\"row\"{draft} {ids}>{''.join(cells)}</tr>")
    return "".join(rows)


def _cell_html(table: Table, column: str, value: Any, target: Any, opening: str, page_path: str,
               note: str = "", notes: dict[str, int] | None = None) -> str:
    """One `<td>`: the value's text, its link, a figure's marks, the row's note reference (its text numbered in
    *notes* at its first row: rows with the same note share its number, and the note is listed once)."""
    text, key = _cell(table, column, value)
    content = str(escape(text))
    if target:
        content = f'<a href="{escape(relative(page_path, target))}">{content}</a>'
    plain = key == text  # sorts by its own text: no data-sort needed (site.js falls back to it)
    if isinstance(value, Figure):
        content += figure_marks(value, page_path)
        plain = False
    if note and notes is not None:
        plain = False
        first = str(note) not in notes
        number = notes.setdefault(str(note), len(notes) + 1)
        back = f' id="{escape(table.name)}-ghi-chu-ref-{number}"' if first else ""  # the note's ↩ leads to its first row
        content += (f'<sup class="kb-note-ref"><a href="#{escape(table.name)}-ghi-chu-{number}"{back} '
                    f'aria-label="Ghi chú {number}">[{number}]</a></sup>')
    sort = "" if plain else f' data-sort="{escape(key)}"'
    return f"{opening}{sort}>{content}</td>"


def _note_anchor_column(table: Table, visible: list[str]) -> str:
    """A note goes beside the figure it explains (the money column), else beside the row's first cell."""
    money = [c for c in visible if c in table.numeric and c != "Năm"]
    return money[0] if money else (visible[0] if visible else "")


def _footer_html(table: Table, visible: list[str], page_path: str, labelled: Callable[[str], str]) -> str:
    """Footer rows: the computed sum of the rows and the printed total, side by side in the money column."""
    if not table.footer:
        return ""
    money = _note_anchor_column(table, visible)
    rows = []
    for label, figure in table.footer:
        cells = []
        for index, column in enumerate(visible):
            attrs = f' role="cell"{labelled(column)}'
            if index == 0:
                cells.append(f'<th scope="row" role="rowheader">{escape(label)}</th>')
            elif column == money:
                cells.append(f'<td class="num"{attrs}>{escape(to_vn_number(figure.value))}'
                             f'{figure_marks(figure, page_path)}</td>')
            elif column == ORIGIN:
                cells.append(f'<td{attrs}>{escape(figure.origin_text())}</td>')
            else:
                cells.append("<td></td>")
        rows.append(f"<tr role=\"row\">{''.join(cells)}</tr>")
    return f"<tfoot>{''.join(rows)}</tfoot>"


def _notes_html(table: Table, notes: dict[str, int]) -> str:
    """The numbered notes under a table. A note's text sits in a paragraph inside its item: Pagefind records
    every element with an id in a page's search fragment together with that element's own text (its inline
    children's too, not a paragraph's), so the text is indexed once, not twice (a third of a plan's fragment)."""
    if not notes:
        return ""
    items = "".join(
        f'<li id="{escape(table.name)}-ghi-chu-{n}"><p>{escape(text)} '
        f'<a href="#{escape(table.name)}-ghi-chu-ref-{n}" aria-label="Quay lại dòng có ghi chú {n}">↩</a></p></li>'
        for n, text in enumerate(notes, start=1)
    )
    return f'<details class="kb-notes"><summary>Ghi chú ({len(notes)})</summary><ol>{items}</ol></details>'


def _legend_html(markup: str) -> str:
    """Explain the marks a table uses, once, under it."""
    parts = []
    if 'class="kb-computed"' in markup:
        parts.append("∑ số do trang web cộng từ các số của văn bản (văn bản không ghi số này)")
    if 'class="kb-finding"' in markup:
        parts.append("⚠ văn bản có chênh lệch ở số này: bấm để xem")
    return f'<p class="kb-legend">{"; ".join(parts)}.</p>' if parts else ""


def finding_anchor(finding: Issue) -> str:
    """The id of a finding's entry in its plan page's list of mismatches."""
    breakdown = finding.data.get("breakdown", "main")
    return "phat-hien-" + finding.data.get("line", "") + ("" if breakdown == "main" else f"-{breakdown}")


def finding_text(finding: Issue) -> str:
    """One sentence for a reader: what the document prints, what its own figures give, the difference."""
    data = finding.data
    what = "tỷ lệ" if finding.code == "KB-PERCENT-MISMATCH" else "tổng"
    where = section_text(data.get("section", ""))
    return (f"{where[:1].upper()}{where[1:]}: {what} theo văn bản {data.get('printed', '')}, cộng lại từ các số của "
            f"văn bản {data.get('computed', '')}, chênh lệch {data.get('difference', '')}")


ARCHIVE_TITLE = "Toàn bộ cơ sở dữ liệu trong một tệp nén: mọi bảng dạng CSV và JSON, và kb.json"


def download_links(download: str, page_path: str) -> Markup:
    """A table's download line: its rows as CSV (`tai-ve/<download>.csv`), and the whole KB in every format (ZIP)."""
    csv_href = relative(page_path, f"tai-ve/{download}.csv")
    return Markup(
        f'<p class="kb-downloads" data-pagefind-ignore>Tải dữ liệu: <a href="{escape(csv_href)}" download>CSV</a> · '
        f'<a href="{escape(relative(page_path, DATA_ARCHIVE))}" download title="{ARCHIVE_TITLE}">Toàn bộ dữ liệu (ZIP)</a></p>'
    )


def build_environment(templates: Path) -> Environment:
    """Create the Jinja environment with the site's filters; StrictUndefined catches template typos."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "md", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_text, money=money, number=number, percent=percent, vn_date=format_date,
                       section=section_text, sections=sections_text)
    env.globals.update(table_html=table_html, relative=relative, figure_marks=figure_marks,
                       finding_anchor=finding_anchor, finding_text=finding_text, download_links=download_links,
                       data_archive=DATA_ARCHIVE)
    return env


# Abbreviation marking (issue 9): runs on a page's HTML after Markdown, before the theme wraps it.
# Text inside these elements is never marked: links and form controls (no link inside a link), code, drawings,
# headings (they are the page's outline and carry permalinks), and raw text elements.
_NO_MARK = frozenset({"a", "abbr", "button", "code", "pre", "kbd", "samp", "script", "style", "svg", "math", "textarea",
                      "select", "option", "title", "summary", "label", "h1", "h2", "h3", "h4", "h5", "h6", "template"})
# Comments and the tags of those elements: the only markup whose position matters (other tags are skipped by
# looking back from a candidate word for an unclosed `<`).
_NO_MARK_NAMES = "|".join(sorted(_NO_MARK, key=lambda n: (-len(n), n)))  # longest first: `abbr` before `a`
_NO_MARK_TOKEN_TEXT = (r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(/?)(" + _NO_MARK_NAMES
                       + r")(?![A-Za-z0-9:-])[^'\">]*+(?:(?:\"[^\"]*\"|'[^']*')[^'\">]*+)*+>")
_NO_MARK_TOKEN = re.compile(_NO_MARK_TOKEN_TEXT, re.S | re.I)
# The same for a page whose tags are all written in lower case (every generated page): about four times quicker.
_NO_MARK_TOKEN_LOWER = re.compile(_NO_MARK_TOKEN_TEXT, re.S)
_NOT_LOWER_TAG = re.compile(r"<(?:/?[A-Z]|!\[)")
_OPENS_NO_MARK = re.compile(r"<(?:" + _NO_MARK_NAMES + r")(?![A-Za-z0-9:-])[^>]*(?<!/)>", re.I)
_WORD_BEFORE = re.compile(r"[\w&/-]")  # an abbreviation is not the end of a longer word or symbol (QĐ-UBND)


@functools.lru_cache(maxsize=4)
def _abbreviation_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first so GDNN-GDTX wins over GDNN; not inside a longer word or a document symbol (QĐ-UBND).
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"({alternatives})(?![\w/-])")  # the character before is checked by the caller: faster


def mark_abbreviations(html: str, known: Mapping[str, Abbreviation], glossary: str) -> str:
    """Wrap the first use of each known abbreviation on a page in <abbr> linked to its glossary entry.

    *html* is a page's rendered HTML and *glossary* the relative URL of the glossary page. Only text
    between tags is touched, never attributes, and never text inside links, code, SVG or headings.
    """
    if not known:
        return html
    pattern, seen = _abbreviation_pattern(tuple(sorted(known))), set[str]()
    # Only candidate words are looked at, and the page's tags are read only as far as the last word marked (often
    # late: NSTW first appears in a funds table); past it the page is copied as it is.
    tokens = (_NO_MARK_TOKEN if _NOT_LOWER_TAG.search(html) else _NO_MARK_TOKEN_LOWER).finditer(html)
    token = next(tokens, None)
    open_tags: dict[str, int] = {}
    out, position = [], 0
    for match in pattern.finditer(html):
        word = match.group(1)
        if word in seen or (match.start() and _WORD_BEFORE.match(html, match.start() - 1)):
            continue
        # Quick rejection, without reading the page's tags this far (most uses are in links): the word is inside a
        # tag, or the last tag before it opens an element it is never marked in. The full check below rejects
        # both as well; this only spares it reading every tag up to a word it would reject.
        start, end = html.rfind("<", 0, match.start()), html.rfind(">", 0, match.start())
        if start > end or (start >= 0 and (opens := _OPENS_NO_MARK.match(html, start)) and opens.end() == end + 1):
            continue
        while token is not None and token.end() <= match.start():
            _track(token, open_tags)
            token = next(tokens, None)
        if (token is not None and token.start() < match.end()) or any(open_tags.values()):
            continue  # inside a comment, a link, heading, code… (inside a tag: passed over above)
        seen.add(word)
        entry = known[word]
        out += [html[position:match.start()], f'<a class="kb-abbr" href="{escape(glossary)}#{escape(entry.anchor)}">'
                f'<abbr title="{escape(entry.title)}">{word}</abbr></a>']
        position = match.end()
        if len(seen) == len(known):
            break
    out.append(html[position:])
    return "".join(out)


def _track(token: re.Match[str], open_tags: dict[str, int]) -> None:
    name = (token.group(2) or "").lower()
    if name not in _NO_MARK or token.group().endswith("/>"):
        return
    open_tags[name] = max(0, open_tags.get(name, 0) + (-1 if token.group(1) else 1))


def qr_svg(url: str) -> Markup:
    """A QR code of *url* as inline SVG (drawn at build time; no script, no network), labelled for screen readers."""
    import segno  # only the mkdocs hook that draws printed headers needs it

    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="kb-qr", lineclass=None)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="Mã QR của địa chỉ {escape(url)}" ', 1))


def render_pages(pages: list["Page"], env: Environment) -> dict[str, str]:
    """Render every page to Markdown text, keyed by its path under docs/ (a build renders and packs them one at a
    time: build._pages_rendered)."""
    return dict(render_page(page, env) for page in pages)


def render_page(page: "Page", env: Environment) -> tuple[str, str]:
    """One page's Markdown file: its path and text."""
    return page.path, env.get_template(f"pages/{page.template}").render(page=page, ctx=page.context)

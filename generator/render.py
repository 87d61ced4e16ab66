"""Render page contexts to Markdown with Jinja; the one place where KB text is escaped and markup is made."""

from __future__ import annotations

import posixpath
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.numbers import format_date, format_money, format_percent, to_vn_number
from generator.tables import Table

if TYPE_CHECKING:  # pages import this module's escaping; only the type is needed here
    from generator.pages.common import Page

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


def relative(from_path: str, to_path: str) -> str:
    """Return the relative URL from one page (by its .md path) to another, with directory URLs."""
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
    visible = [c for c in frame.columns if c not in _hidden(table)]
    links = dict(table.link_columns)
    head = "".join(
        f'<th scope="col"{_num_class(table, c)}><button type="button" class="sort">{escape(c)}</button></th>'
        for c in visible
    )
    body = "".join(_row_html(table, row, visible, links, page_path) for row in frame.to_dict("records"))
    cap = f"<caption>{escape(caption or table.title)}</caption>"
    download = _download_links(table, page_path) if downloads else ""
    return Markup(
        f'<div class="kb-table" data-table="{escape(table.name)}">{download}'
        f'<div class="kb-scroll"><table class="sortable">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></div>"
    )


def _hidden(table: Table) -> set[str]:
    return {c for c in table.frame.columns if c == "id" or c.endswith("_id") or c.endswith("_path")}


def _num_class(table: Table, column: str) -> str:
    return ' class="num"' if column in table.numeric or column in table.percent else ""


def _cell(table: Table, column: str, value: Any) -> tuple[str, str]:
    """Return (display text, sort key) for one cell."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return "", ""
    if column in table.percent:
        return percent(value), str(value)
    if column in table.numeric and isinstance(value, (int, Decimal, float)):
        exact = Decimal(str(value))
        text = to_vn_number(exact) if column != "Năm" else str(value)
        return text, str(exact)
    return str(value), str(value)


def _row_html(table: Table, row: dict[str, Any], visible: list[str], links: dict[str, str], page_path: str) -> str:
    cells = []
    filters = " ".join(f'data-{key.replace("_", "-")}="{escape(row[key])}"' for key in row if key.endswith("_id"))
    for column in visible:
        text, key = _cell(table, column, row[column])
        content = str(escape(text))
        target = row.get(links.get(column, ""), "")
        if target:
            content = f'<a href="{escape(relative(page_path, target))}">{content}</a>'
        cells.append(f'<td{_num_class(table, column)} data-sort="{escape(key)}">{content}</td>')
    return f"<tr {filters}>{''.join(cells)}</tr>"


def _download_links(table: Table, page_path: str) -> str:
    base = relative(page_path, f"tai-ve/{table.name}")
    return (
        f'<p class="kb-downloads">Tải bảng: <a href="{escape(base)}.csv" download>CSV</a> · '
        f'<a href="{escape(base)}.json" download>JSON</a></p>'
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
    env.filters.update(md=md_text, money=money, number=number, percent=percent, vn_date=format_date)
    env.globals.update(table_html=table_html, relative=relative)
    return env


def render_pages(pages: list["Page"], env: Environment) -> dict[str, str]:
    """Render every page to Markdown text, keyed by its path under docs/."""
    rendered = {}
    for page in pages:
        template = env.get_template(f"pages/{page.template}")
        rendered[page.path] = template.render(page=page, ctx=page.context)
    return rendered

"""Read the tables of a built page the way a reader sees them: rows of cells with text and marks."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal

_TABLE = re.compile(r'<div class="kb-table" data-table="([^"]*)">(.*?)</table>', re.S)
_SECTION = re.compile(r"<(thead|tbody|tfoot)>(.*?)</\1>", re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t([dh])([^>]*)>(.*?)</t\1>", re.S)
_SR = re.compile(r'<span class="kb-sr">.*?</span>', re.S)


@dataclass(frozen=True)
class Cell:
    text: str  # visible text, marks included (∑, ⚠, [1])
    html: str
    numeric: bool

    @property
    def finding(self) -> bool:
        return 'class="kb-finding"' in self.html

    @property
    def computed(self) -> bool:
        return 'class="kb-computed"' in self.html

    def amount(self) -> Decimal | None:
        """The Vietnamese-format number the cell starts with, exactly."""
        match = re.match(r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)?", self.text)
        return Decimal(match.group().replace(".", "").replace(",", ".")) if match else None


@dataclass(frozen=True)
class HtmlTable:
    name: str
    head: list[str]
    body: list[list[Cell]]
    foot: list[list[Cell]]
    markup: str


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", _SR.sub("", markup))).split())


def _rows(markup: str) -> list[list[Cell]]:
    return [[Cell(text_of(body), body, 'class="num"' in attrs) for _, attrs, body in _CELL.findall(row)]
            for row in _ROW.findall(markup)]


def tables(page_html: str) -> list[HtmlTable]:
    """Every generated table of a page (`table_html` output), with its head, body and footer rows."""
    found = []
    for name, markup in _TABLE.findall(page_html):
        sections = {kind: _rows(body) for kind, body in _SECTION.findall(markup)}
        head = [cell.text for cell in (sections.get("thead") or [[]])[0]]
        found.append(HtmlTable(name, head, sections.get("tbody", []), sections.get("tfoot", []), markup))
    return found


def visible_text(page_html: str) -> str:
    """The page's text without markup, scripts, styles and SVG attributes."""
    stripped = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    return text_of(stripped)

"""Make a real Word document from a plan's exported text: heading styles, Word numbering, and a funds table."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.importer.read import read_text
from generator.importer.structure import heading_of

# numId → (numFmt, lvlText) per level: roman parts, decimal sections, "(1)" and "a)" sub-sections.
_FORMATS = {"roman": ("upperRoman", "%1."), "decimal": ("decimal", "%1."), "paren": ("decimal", "(%1)"),
            "letter": ("lowerLetter", "%1)")}


def _numbering(document: Document) -> dict[str, str]:
    """Add one abstract numbering per heading kind; return kind → numId."""
    numbering = document.part.numbering_part.element
    ids = {}
    for index, (kind, (fmt, text)) in enumerate(_FORMATS.items(), start=90):
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(index))
        level = OxmlElement("w:lvl")
        level.set(qn("w:ilvl"), "0")
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            node = OxmlElement(tag)
            node.set(qn("w:val"), value)
            level.append(node)
        abstract.append(level)
        numbering.insert(0, abstract)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(index))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(index))
        num.append(ref)
        numbering.append(num)
        ids[kind] = str(index)
    return ids


def _number(paragraph, num_id: str, restart: bool, start: int, document: Document) -> None:
    """Give a paragraph real Word numbering (w:numPr); a restart gets its own w:num with a start override."""
    if restart:
        numbering = document.part.numbering_part.element
        new_id = str(1000 + len(numbering.findall(qn("w:num"))))
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), new_id)
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), num_id)
        num.append(ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_node = OxmlElement("w:startOverride")
        start_node.set(qn("w:val"), str(start))
        override.append(start_node)
        num.append(override)
        numbering.append(num)
        num_id = new_id
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", num_id)):
        node = OxmlElement(tag)
        node.set(qn("w:val"), value)
        num_pr.append(node)
    p_pr.append(num_pr)


def text_to_docx(text: str, path: Path, funds_table: list[list[str]] | None = None) -> Path:
    """Write *text* (a plan exported from Word) back as a .docx with headings, numbering and bullets."""
    document = Document()
    ids = _numbering(document)
    current: dict[str, str] = {}
    pending_table = funds_table
    for block in read_text(path.name, text).blocks:
        if pending_table and current.get("roman") and "triệu đồng" in block.text and not block.bullet:
            document.add_paragraph(block.text)
            _add_table(document, pending_table)
            pending_table = None
            continue
        found = None if block.bullet else heading_of(block.text)
        if found and found[0] in ids and re.fullmatch(r"\d+|[IVXL]+|[a-zđ]", found[1]) and found[1] != "đ":
            kind, marker, rest = found
            value = _value(kind, marker)
            style = "Heading 1" if kind == "roman" else "Heading 2" if kind == "decimal" else None
            paragraph = document.add_paragraph(rest, style=style)
            _number(paragraph, ids[kind], True, value, document)
            current[kind] = marker
            continue
        style = "List Bullet" if block.bullet == "-" else "List Bullet 2" if block.bullet in "+*" and block.bullet else None
        document.add_paragraph(block.text, style=style)
    document.save(str(path))
    return path


def _add_table(document: Document, rows: list[list[str]]) -> None:
    """A table in the body: rows per project, columns per source."""
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value


def _value(kind: str, marker: str) -> int:
    if kind == "roman":
        values = {"I": 1, "V": 5, "X": 10, "L": 50}
        total = 0
        for a, b in zip(marker, marker[1:] + " "):
            total += -values[a] if b != " " and values.get(b, 0) > values[a] else values[a]
        return total
    if kind == "letter":
        return "abcdefghijklmnopqrstuvwxyz".index(marker) + 1
    return int(marker)

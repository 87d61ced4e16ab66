"""Read a plan document (.docx, or text/Markdown exported from Word) into numbered blocks of plain text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
DOCX_SUFFIXES = (".docx",)

_BULLET = re.compile(r"^(?:[-–•]\s*)?([-+*•–])\s+")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}")
_EMPHASIS = re.compile(r"\*+")


class SourceError(Exception):
    """The source document cannot be read (missing, not a supported format, damaged)."""


@dataclass(frozen=True)
class Block:
    """One paragraph (or table row) of the source, as plain text without Markdown artefacts."""

    line: int
    text: str
    bullet: str = ""
    heading: int = 0
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    """The whole source: its file name, its blocks in reading order and its raw text."""

    name: str
    blocks: tuple[Block, ...]
    raw: str
    kind: str  # "text" or "docx"


def read_document(path: Path) -> SourceDocument:
    """Read *path* as a Word document or as text exported from Word."""
    if not path.is_file():
        raise SourceError(f"không tìm thấy tệp '{path}'")
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return _read_docx(path)
    if suffix in TEXT_SUFFIXES or not suffix:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise SourceError(f"tệp '{path.name}' không phải văn bản UTF-8 (byte {error.start})") from error
        return read_text(path.name, text)
    raise SourceError(f"không đọc được định dạng '{suffix}' của tệp '{path.name}'")


def read_text(name: str, text: str) -> SourceDocument:
    """Split exported text into blocks, one per non-empty line, numbered by source line."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    blocks = []
    for number, line in enumerate(text.splitlines(), start=1):
        block = _text_block(number, line)
        if block is not None:
            blocks.append(block)
    return SourceDocument(name, tuple(blocks), text, "text")


def _text_block(number: int, line: str) -> Block | None:
    stripped = line.strip()
    if not stripped or _TABLE_RULE.match(stripped) and set(stripped) <= set("|-: "):
        return None
    if stripped.startswith("|"):
        cells = tuple(clean_inline(cell) for cell in stripped.strip("|").split("|"))
        return Block(number, " | ".join(cells), cells=cells)
    heading = 0
    if stripped.startswith("#"):
        hashes = len(stripped) - len(stripped.lstrip("#"))
        heading, stripped = hashes, stripped[hashes:].strip()
    bullet = ""
    match = _BULLET.match(stripped)
    if match and not stripped.startswith("**"):
        bullet = "-" if match.group(1) in "-–•" else match.group(1)
        stripped = stripped[match.end():]
    text = clean_inline(stripped)
    return Block(number, text, bullet, heading) if text else None


def clean_inline(text: str) -> str:
    """Drop Markdown emphasis markers and collapse spaces (the words themselves are kept)."""
    return " ".join(_EMPHASIS.sub("", text).split())


# --------------------------------------------------------------------------- .docx


def _read_docx(path: Path) -> SourceDocument:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as error:  # pragma: no cover - declared dependency
        raise SourceError("thiếu thư viện python-docx (pip install python-docx)") from error
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise SourceError(f"tệp '{path.name}' không phải tệp Word .docx hợp lệ") from error
    numbering = _Numbering(document)
    blocks: list[Block] = []
    counter = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            counter += 1
            block = _docx_paragraph(counter, child, document, numbering)
            if block is not None:
                blocks.append(block)
        elif tag == "tbl":
            counter = _docx_table(counter, child, blocks)
    raw = "\n".join(block.text for block in blocks)
    return SourceDocument(path.name, tuple(blocks), raw, "docx")


def _paragraph_text(element: Any) -> str:
    parts = []
    for node in element.iter():
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t" and node.text:
            parts.append(node.text)
        elif tag in ("tab", "br", "cr"):
            parts.append(" ")
    return unicodedata.normalize("NFC", "".join(parts))


def _docx_paragraph(counter: int, element: Any, document: Any, numbering: _Numbering) -> Block | None:
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(element, document)
    text = " ".join(_paragraph_text(element).split())
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = int(style.split()[-1]) if style.startswith("Heading ") and style.split()[-1].isdigit() else 0
    label, bullet = numbering.label(paragraph)
    if not text:
        return None
    if label:
        text = f"{label} {text}"
    return Block(counter, text, bullet, heading)


def _docx_table(counter: int, table: Any, blocks: list[Block]) -> int:
    for row in table.iterchildren():
        if row.tag.rsplit("}", 1)[-1] != "tr":
            continue
        first_line = counter + 1
        cells = []
        for cell in row.iterchildren():
            if cell.tag.rsplit("}", 1)[-1] != "tc":
                continue
            paragraphs = [p for p in cell.iterchildren() if p.tag.rsplit("}", 1)[-1] == "p"]
            counter += len(paragraphs)
            cells.append(" ".join(" ".join(_paragraph_text(p).split()) for p in paragraphs).strip())
        if any(cells):
            blocks.append(Block(first_line, " | ".join(cells), cells=tuple(cells)))
    return counter


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(value: int) -> str:
    out = ""
    for number, letters in _ROMAN:
        while value >= number:
            out, value = out + letters, value - number
    return out


def _format_number(value: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class _Numbering:
    """Compute the labels Word shows for automatically numbered paragraphs (w:numPr)."""

    def __init__(self, document: Any):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.starts: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for node in root.iterchildren():
            tag = node.tag.rsplit("}", 1)[-1]
            if tag == "abstractNum":
                self.levels[_attr(node, "abstractNumId")] = self._read_levels(node)
            elif tag == "num":
                abstract = next((c for c in node.iterchildren() if c.tag.endswith("}abstractNumId")), None)
                if abstract is not None:
                    self.abstract_of[_attr(node, "numId")] = _attr(abstract, "val")
                for override in (c for c in node.iterchildren() if c.tag.endswith("}lvlOverride")):
                    for start in (c for c in override.iterchildren() if c.tag.endswith("}startOverride")):
                        self.starts[(_attr(node, "numId"), int(_attr(override, "ilvl") or 0))] = int(_attr(start, "val"))

    @staticmethod
    def _read_levels(node: Any) -> dict[int, tuple[str, str, int]]:
        levels = {}
        for lvl in node.iterchildren():
            if not lvl.tag.endswith("}lvl"):
                continue
            values = {c.tag.rsplit("}", 1)[-1]: _attr(c, "val") for c in lvl.iterchildren()}
            start = int(values.get("start") or 1)
            levels[int(_attr(lvl, "ilvl"))] = (values.get("numFmt", "decimal"), values.get("lvlText", ""), start)
        return levels

    def label(self, paragraph: Any) -> tuple[str, str]:
        """Return (printed label, bullet marker) for a paragraph, advancing the counters."""
        num_id, level = self._num_pr(paragraph)
        if num_id is None or num_id not in self.abstract_of:
            return "", ""
        abstract = self.abstract_of[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return "", ""
        fmt, text, start = levels[level]
        if fmt == "bullet":
            return "", "+" if level else "-"
        start = self.starts.get((num_id, level), start)
        key = num_id if (num_id, level) in self.starts else abstract
        counters = self.counters.setdefault(key, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        label = text
        for index in range(level + 1):
            fmt_i, _, start_i = levels.get(index, ("decimal", "", 1))
            label = label.replace(f"%{index + 1}", _format_number(counters.get(index, start_i), fmt_i))
        return label.strip(), ""

    @staticmethod
    def _num_pr(paragraph: Any) -> tuple[str | None, int]:
        for source in (paragraph._p.pPr, getattr(paragraph.style.element, "pPr", None) if paragraph.style else None):
            num_pr = source.numPr if source is not None else None
            if num_pr is not None and num_pr.numId is not None:
                level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                return str(num_pr.numId.val), int(level)
        return None, 0


def _attr(node: Any, name: str) -> str:
    for key, value in node.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return str(value)
    return ""

"""Arrange a document's blocks into header, preamble, the numbered sections tree, closing and signature."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.importer.read import Block, SourceDocument

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_ROMAN = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
# (rank, pattern): a heading of a lower rank contains those of higher ranks.
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"^([A-H])\.\s+(\S.*)$")),
    ("roman", re.compile(rf"^({_ROMAN})\.\s+(\S.*)$")),
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")),
    ("decimal", re.compile(r"^(\d{1,2})\.\s+(\S.*)$")),
    ("paren", re.compile(r"^\((\d{1,2})\)\.?\s+(\S.*)$")),
    ("letter", re.compile(r"^([a-zđ])\)\s*(\S.*)$")),
)
_RANK = {"part": 0, "roman": 1, "decimal": 2, "paren": 3, "letter": 4}
_TYPE_WORD = re.compile(r"^(KẾ HOẠCH|BÁO CÁO|CHƯƠNG TRÌNH|ĐỀ ÁN|QUYẾT ĐỊNH)$")
_PREAMBLE = re.compile(r"^(Căn cứ\b|(Thực hiện|Theo|Xét)\b.*\bsố\s*:?\s*\d)")
_CLOSING = re.compile(r"^(Trên đây là|(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)( huyện| tỉnh| xã)?(\s+\S+){0,3}\s+(đề nghị|yêu cầu))",
                      re.IGNORECASE)
_FOOTER = re.compile(r"^Nơi nhận\b", re.IGNORECASE)
_TERMINAL = tuple(".:;!?")


@dataclass
class Paragraph:
    """A paragraph of the body, with the source line of every stretch of its text."""

    text: str
    line: int
    bullet: str = ""
    heading: bool = False
    cells: tuple[str, ...] = ()
    spans: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, source line)

    @property
    def level(self) -> int:
        """Bullet depth: 0 for a plain paragraph, 1 for '-' (or '*'), 2 for '+'."""
        return {"": 0, "-": 1, "*": 1, "•": 1, "+": 2}.get(self.bullet, 1)

    def line_at(self, offset: int) -> int:
        """Return the source line of the character at *offset*."""
        line = self.line
        for start, number in self.spans:
            if start <= offset:
                line = number
        return line


@dataclass
class Section:
    """A numbered part of the body: its printed marker, title text, paragraphs and subsections."""

    path: str
    marker: str
    kind: str
    title: str
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)

    def ancestors(self) -> list[Section]:
        """Return this section and its ancestors, innermost first (the root excluded)."""
        chain: list[Section] = []
        node: Section | None = self
        while node is not None and node.path:
            chain.append(node)
            node = node.parent
        return chain

    def walk(self) -> list[Section]:
        """Return this section and every descendant in reading order."""
        out = [self]
        for child in self.children:
            out += child.walk()
        return out


@dataclass
class Outline:
    """The document split into the parts of an administrative plan (Nghị định 30/2020/NĐ-CP layout)."""

    header: list[Block]
    type_word: str
    title: list[Block]
    preamble: list[Paragraph]
    body: Section
    closing: list[Paragraph]
    footer: list[Block]


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text, for keyword tests (`Tiêu dự án` = `Tiểu dự án`)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return " ".join(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().split())


def heading_of(text: str) -> tuple[str, str, str] | None:
    """Return (kind, marker, rest) when *text* starts with a section number, else None."""
    for kind, pattern in _HEADINGS:
        match = pattern.match(text)
        if not match:
            continue
        rest = match.group(2)
        if kind == "part" and sum(c.isupper() for c in rest) < 0.6 * sum(c.isalpha() for c in rest):
            continue
        return kind, match.group(1), rest
    return None


def build_outline(document: SourceDocument) -> Outline:
    """Split the document into header, title, preamble, sections, closing and footer."""
    blocks = list(document.blocks)
    type_index = next((i for i, b in enumerate(blocks[:40]) if _TYPE_WORD.match(b.text.strip().upper())
                       and b.text.strip().isupper()), None)
    start = (type_index + 1) if type_index is not None else 0
    header = blocks[:type_index] if type_index is not None else []
    type_word = blocks[type_index].text.strip() if type_index is not None else ""
    first_body = next((i for i in range(start, len(blocks)) if _is_top_heading(blocks[i])), len(blocks))
    first_preamble = next((i for i in range(start, first_body) if _PREAMBLE.match(blocks[i].text)), first_body)
    if type_index is None and first_preamble == first_body:
        header, first_preamble = blocks[:first_body], first_body
    footer_index = next((i for i in range(first_body, len(blocks)) if _FOOTER.match(blocks[i].text)), len(blocks))
    title = blocks[start:first_preamble]
    preamble = _paragraphs(blocks[first_preamble:first_body])
    root, closing = _sections(blocks[first_body:footer_index])
    return Outline(header, type_word, title, preamble, root, closing, blocks[footer_index:])


def _is_top_heading(block: Block) -> bool:
    found = heading_of(block.text)
    return bool(found and not block.bullet and found[0] in ("part", "roman"))


def _joins(previous: Paragraph, block: Block) -> bool:
    """A line broken by a page break continues the previous paragraph."""
    if block.bullet or block.cells or previous.cells or heading_of(block.text) or block.text[0] in SUPERSCRIPTS:
        return False
    if block.text[0].islower():
        return True
    return not previous.heading and not previous.text.rstrip("*”\" ").endswith(_TERMINAL) \
        and not block.text.startswith("(") and len(previous.text) > 60


def _append(paragraphs: list[Paragraph], block: Block, text: str, heading: bool = False) -> None:
    if paragraphs and not heading and _joins(paragraphs[-1], block):
        previous = paragraphs[-1]
        previous.spans.append((len(previous.text) + 1, block.line))
        previous.text = f"{previous.text} {text}"
        return
    paragraphs.append(Paragraph(text, block.line, block.bullet, heading, block.cells, [(0, block.line)]))


def _paragraphs(blocks: list[Block]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for block in blocks:
        _append(paragraphs, block, block.text)
    return paragraphs


def _sections(blocks: list[Block]) -> tuple[Section, list[Paragraph]]:
    root = Section("", "", "root", "", 0)
    stack: list[tuple[float, Section]] = [(-1.0, root)]
    closing: list[Paragraph] = []
    footnotes: list[Paragraph] = []
    for block in blocks:
        found = None if block.bullet or block.cells else heading_of(block.text)
        if closing or (not found and not block.bullet and _CLOSING.match(block.text)):
            _append(closing, block, block.text)
            continue
        if block.text[0] in SUPERSCRIPTS:
            footnotes.append(Paragraph(block.text, block.line, spans=[(0, block.line)]))
            continue
        if found:
            kind, marker, rest = found
            rank = _RANK[kind] + (marker.count(".") * 0.1 if kind == "decimal" else 0)
            while stack[-1][0] >= rank:
                stack.pop()
            parent = stack[-1][1]
            section = Section(_path(parent, kind, marker), marker, kind, rest, block.line, parent=parent)
            parent.children.append(section)
            stack.append((rank, section))
            _append(section.paragraphs, block, rest, heading=True)
            continue
        _append(stack[-1][1].paragraphs, block, block.text)
    _place_footnotes(root, footnotes)
    return root, closing


def _path(parent: Section, kind: str, marker: str) -> str:
    """Printed path: a multi-level number (`2.3`) replaces its decimal ancestors (`VI.2` → `VI.2.3`)."""
    base = parent
    if kind == "decimal" and "." in marker:
        while base.kind == "decimal":
            assert base.parent is not None
            base = base.parent
    own = f"({marker})" if kind == "paren" else marker
    return f"{base.path}.{own}" if base.path else own


def _place_footnotes(root: Section, footnotes: list[Paragraph]) -> None:
    """A footnote belongs to the section whose text carries its marker."""
    for note in footnotes:
        marker = note.text[0]
        owner = next((s for s in root.walk() if s.path and any(marker in p.text for p in s.paragraphs)), None)
        target = owner or root
        note.text = note.text[1:].strip()
        target.paragraphs.append(note)

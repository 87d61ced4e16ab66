"""Extract fund lines: every printed amount, nested as totals and parts by the text, the bullets and the sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.figures import Figure, clause_after, clause_before, find_money
from generator.importer.structure import Outline, Paragraph, Section, fold

_OPENS_PARTS = re.compile(r"(trong đó|chia ra|bao gồm|gồm|cụ thể|như sau)\s*:?\s*$", re.IGNORECASE)
_INLINE_PARTS = re.compile(r"(trong đó|chia ra|bao gồm|gồm)\s*:?", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(?:,\s*)?(?:=|đạt|bằng)\s*(\d+(?:,\d+)?)\s*%", re.IGNORECASE)
_AS_OF = re.compile(r"(?:đến|tính đến)\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass
class FundDraft:
    """One printed amount with the words around it and its place among totals and parts."""

    key: int
    section: Section
    paragraph: Paragraph
    figure: Figure
    label: str
    context: str  # words that may name its source and program (label and trailing brackets)
    depth: int
    nature: str = "planned"
    as_of: str | None = None
    percent: str | None = None
    parent: FundDraft | None = None
    attach: str = ""  # how it was found to be a part: "inline", "paragraph" or "section"
    percent_of: FundDraft | None = None
    children: list[FundDraft] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.paragraph.line_at(self.figure.start)

    def attach_to(self, parent: FundDraft, how: str) -> None:
        if self.parent is None and parent is not self:
            self.parent, self.attach = parent, how
            parent.children.append(self)


def extract_funds(outline: Outline) -> list[FundDraft]:
    """Every amount of money in the body, with parents found in the text and the document structure."""
    drafts: list[FundDraft] = []
    totals: dict[int, FundDraft | None] = {}
    for section in outline.body.walk():
        heads = _section_drafts(section, drafts)
        totals[id(section)] = heads
    for section in outline.body.walk():
        total = totals[id(section)]
        if total is not None:
            for top in _tops(section.children, totals):
                top.attach_to(total, "section")
    _link_percentages(drafts)
    return drafts


def _section_drafts(section: Section, drafts: list[FundDraft]) -> FundDraft | None:
    """Read the section's own paragraphs; return the section's total (its first unattached amount)."""
    pending: list[tuple[int, FundDraft, list[int]]] = []  # (paragraph level, total, [child level])
    total: FundDraft | None = None
    header: tuple[str, ...] = ()
    for paragraph in section.paragraphs:
        found = _paragraph_drafts(section, paragraph, len(drafts))
        if paragraph.cells and not found:
            header = paragraph.cells
        elif paragraph.cells and header:
            _table_row(paragraph, header, found)
        drafts += found
        head = next((d for d in found if d.parent is None), None)
        while pending and not _under(pending[-1], paragraph):
            pending.pop()
        if head is not None and pending:
            level, parent, child_level = pending[-1]
            if not child_level:
                child_level.append(paragraph.level)
            if paragraph.level == child_level[0]:
                head.attach_to(parent, "paragraph")
        if head is not None and total is None and head.parent is None and head.nature == "planned":
            total = head
        if head is not None and (_OPENS_PARTS.search(paragraph.text) or paragraph.heading):
            levels = [] if _OPENS_PARTS.search(paragraph.text) else [1]
            pending.append((paragraph.level, head, levels))
    return total


def _table_row(paragraph: Paragraph, header: tuple[str, ...], found: list[FundDraft]) -> None:
    """A table row: each amount's column header names its source; the `Tổng` column is the row's total."""
    starts = [0]
    for cell in paragraph.cells[:-1]:
        starts.append(starts[-1] + len(cell) + 3)
    total = None
    for draft in found:
        column = max(i for i, start in enumerate(starts) if start <= draft.figure.start)
        title = header[column] if column < len(header) else ""
        draft.label = f"{paragraph.cells[0]} - {title}".strip(" -")
        draft.context = f"{title} {draft.context}"
        if re.search(r"\b(tong|cong)\b", fold(title)) and total is None:
            total = draft
    for draft in found:
        if total is not None and draft is not total and draft.parent is None:
            draft.attach_to(total, "inline")


def _under(pending: tuple[int, FundDraft, list[int]], paragraph: Paragraph) -> bool:
    level, _, child_level = pending
    if child_level:
        return paragraph.level >= child_level[0] and (paragraph.level > level or level == child_level[0] == 0)
    return paragraph.level > level or level == 0


def _tops(children: list[Section], totals: dict[int, FundDraft | None]) -> list[FundDraft]:
    """The amount that stands for each subsection: its total, or the totals of its own subsections."""
    tops: list[FundDraft] = []
    for child in children:
        total = totals.get(id(child))
        tops += [total] if total is not None else _tops(child.children, totals)
    return tops


def _paragraph_drafts(section: Section, paragraph: Paragraph, first_key: int) -> list[FundDraft]:
    text = paragraph.text
    figures = find_money(text)
    drafts: list[FundDraft] = []
    for index, figure in enumerate(figures):
        floor = figures[index - 1].end if index else 0
        label = _label(text, floor, figure.start) or section.title
        trailing = _trailing_brackets(text, figure.end)
        draft = FundDraft(first_key + index, section, paragraph, figure, label,
                          f"{text[floor:figure.start]} {trailing}", _depth(text, figure.start))
        draft.nature, draft.as_of = _nature(text, floor, figure)
        percent = _PERCENT.match(text[figure.end:figure.end + 30])
        draft.percent = percent.group(1) if percent else None
        _inline_parent(text, drafts, draft)
        drafts.append(draft)
    return drafts


def _label(text: str, floor: int, start: int) -> str:
    """The words naming an amount: its clause, or the words before the colon that introduces it."""
    label = _trim(clause_before(text, start, floor))
    if not label:
        colon = text.rfind(":", floor, start)
        label = _trim(clause_before(text, colon, floor)) if colon > floor else ""
    return label


def _trim(label: str) -> str:
    return re.sub(r"(\s+(là|khoảng|dự kiến|được|với tổng kinh phí|kinh phí))+\s*$", "", label).strip(" ,:;-+*(")


def _depth(text: str, position: int) -> int:
    head = text[:position]
    return max(0, head.count("(") - head.count(")"))


def _trailing_brackets(text: str, end: int) -> str:
    """`10.000 triệu đồng (nguồn NSTW)`: a bracket with no amount that qualifies the amount before it."""
    match = re.match(r"\s*\(([^()]*)\)", text[end:])
    return match.group(1) if match and not find_money(match.group(1)) else ""


def _inline_parent(text: str, earlier: list[FundDraft], draft: FundDraft) -> None:
    """Amounts in brackets after an amount, or after `trong đó`, are its parts."""
    for candidate in reversed(earlier):
        if candidate.depth < draft.depth:
            draft.attach_to(candidate, "inline")
            return
        if candidate.depth == draft.depth and candidate.parent is not None and candidate.attach == "inline":
            draft.attach_to(candidate.parent, "inline")
            return
        if candidate.depth == draft.depth and _INLINE_PARTS.search(text[candidate.figure.end:draft.figure.start]):
            draft.attach_to(candidate, "inline")
            return


def _nature(text: str, floor: int, figure: Figure) -> tuple[str, str | None]:
    before = fold(text[floor:figure.start])
    after = fold(clause_after(text, figure.end))
    as_of = _AS_OF.search(text[floor:figure.start])
    date = f"{as_of.group(3)}-{int(as_of.group(2)):02d}-{int(as_of.group(1)):02d}" if as_of else None
    if "chua phan bo" in after or "chua phan bo" in before[-30:]:
        return "unallocated", date
    if "giai ngan" in before:
        return "disbursed", date
    if "uoc thuc hien" in before or "kha nang thuc hien" in before:
        return "forecast", date
    if "da phan bo" in before or "da giao" in before:
        return "allocated", date
    return "planned", date


def _link_percentages(drafts: list[FundDraft]) -> None:
    """`17.015 triệu đồng = 17,22% KH`: the percentage refers to the plan figure it is a share of."""
    for index, draft in enumerate(drafts):
        if draft.percent is None:
            continue
        same = [d for d in drafts[:index] if d.paragraph is draft.paragraph and d.nature == "planned"]
        section_total = next((d for d in drafts if d.section is draft.section and d.nature == "planned"), None)
        draft.percent_of = same[-1] if same else section_total

"""Extract targets (chỉ tiêu) and, in a progress report's part, reported results from sentences with a figure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.figures import Figure, clause_after, clause_before, find_quantities
from generator.importer.structure import Outline, Paragraph, Section, fold

_YEAR_AFTER = re.compile(r"^[^;.]*?\b(?:đến|vào|trong|cuối|hết)?\s*năm\s+(\d{4})")
_YEAR_BEFORE = re.compile(r"(?:đến|vào|trong|cuối|hết)\s+năm\s+(\d{4})(?!.*(?:đến|vào|trong|cuối|hết)\s+năm\s+\d{4})")
_BASELINE_CHANGE = re.compile(r"^\s*\(\s*(?:tương ứng\s+)?tăng\s+$", re.IGNORECASE)
_BASELINE_FROM = re.compile(r"\btừ\s*$", re.IGNORECASE)
_CRITERION = re.compile(r"(?<!Bộ )(?<!bộ )\b(tiêu chí|chỉ tiêu)\b(?! thành phần)", re.IGNORECASE)


@dataclass
class TargetDraft:
    """A figure with its unit, read as an objective (or as a reported result in a report part)."""

    section: Section
    paragraph: Paragraph
    figure: Figure
    indicator: str
    kind: str  # "target" or "result"
    year: int | None
    scope_text: str
    baseline: dict[str, str | int] = field(default_factory=dict)
    note: str = ""

    @property
    def line(self) -> int:
        return self.paragraph.line_at(self.figure.start)


def section_role(section: Section) -> str:
    """`result` inside a progress report's part (kết quả …), `target` elsewhere; a Mục tiêu title wins."""
    for node in section.ancestors():
        title = fold(node.title)
        if "muc tieu" in title and "ket qua" not in title:
            return "target"
        if "ket qua" in title or "danh gia" in title:
            return "result"
    return "target"


def section_year(section: Section) -> int | None:
    """The year printed in the nearest section title (`MỤC TIÊU NĂM 2023`, `… 6 THÁNG ĐẦU NĂM 2024`)."""
    for node in section.ancestors():
        match = re.search(r"năm\s+(\d{4})", node.title, re.IGNORECASE)
        if match:
            return int(match.group(1))
    return None


def extract_targets(outline: Outline) -> list[TargetDraft]:
    """Every quantity with a unit in the body (money excluded), as targets or results."""
    drafts: list[TargetDraft] = []
    for section in outline.body.walk():
        role = section_role(section) if section.path else "target"
        for paragraph in section.paragraphs:
            drafts += _paragraph_targets(section, paragraph, role)
    for paragraph in outline.closing:
        drafts += _paragraph_targets(outline.body, paragraph, "target")
    return drafts


def _paragraph_targets(section: Section, paragraph: Paragraph, role: str) -> list[TargetDraft]:
    text = paragraph.text
    figures = find_quantities(text)
    drafts: list[TargetDraft] = []
    skip: set[int] = set()
    for index, figure in enumerate(figures):
        if index in skip:
            continue
        baseline_of = _baseline_target(text, figures, index)
        if baseline_of is not None and drafts:
            drafts[-1].baseline = baseline_of
            continue
        following = figures[index + 1] if index + 1 < len(figures) else None
        start = _baseline_start(text, figure, following)
        if start is not None and following is not None:
            skip.add(index + 1)
            baseline: dict[str, str | int] = {"value": figure.value, "printed": text[figure.start:following.end]}
            year = re.search(r"năm\s+(\d{4})", text[figure.end:following.start])
            if year:
                baseline["year"] = int(year.group(1))
            figure = following
        floor = figures[index - 1].end if index else 0
        drafts += _drafts_for(section, paragraph, figure, role, floor, following)
        if start is not None and drafts:
            drafts[-1].baseline = baseline
    return drafts


def _baseline_target(text: str, figures: list[Figure], index: int) -> dict[str, str | int] | None:
    """`6/9 tiêu chí (tăng 03 tiêu chí so với năm 2023)`: the change belongs to the previous target."""
    figure = figures[index]
    if not index or figure.unit == "%" or not _BASELINE_CHANGE.search(text[figures[index - 1].end:figure.start]):
        return None
    tail = text[figure.end:figure.end + 40]
    if "so với" not in tail:
        return None
    year = re.search(r"so với\s+(?:năm\s+)?(\d{4})", tail)
    baseline: dict[str, str | int] = {"change": figure.value, "printed": f"tăng {text[figure.start:figure.end]} {tail.split(')')[0].strip()}"}
    if year:
        baseline["year"] = int(year.group(1))
    return baseline


def _baseline_start(text: str, figure: Figure, following: Figure | None) -> int | None:
    """`từ 48,8% năm 2022 lên 55%`: the first figure is the baseline of the second."""
    if following is None or figure.unit != following.unit:
        return None
    between = text[figure.end:following.start]
    if _BASELINE_FROM.search(text[max(0, figure.start - 8):figure.start]) and re.search(r"\blên\b", between) \
            and len(between) < 40:
        return figure.start
    return None


def _drafts_for(section: Section, paragraph: Paragraph, figure: Figure, role: str, floor: int,
                following: Figure | None) -> list[TargetDraft]:
    text = paragraph.text
    before = clause_before(text, figure.start, floor)
    after = clause_after(text, figure.end)
    if len(before.split()) >= 3:
        indicator = before
    else:  # "98% đồng bào … tham gia bảo hiểm y tế": the words after the figure name the indicator
        clause_start = text.rfind(before, floor, figure.start) if before else figure.start
        end = text.find(after, figure.end) + len(after) if after else figure.end
        indicator = text[clause_start:end]
    indicator = indicator.strip(" ,;:-+*(") or section.title
    scope_end = following.start if following else len(text)
    scope_text = text[max(floor, figure.start - len(before) - 1):scope_end]
    year = _year(text, figure) or section_year(section)
    criteria = _criteria(text[figure.end:scope_end])
    make = lambda label, note="": TargetDraft(section, paragraph, figure, label, role, year, scope_text, note=note)  # noqa: E731
    if len(criteria) < 2:
        return [make(indicator)]
    note = (f"Câu in một con số cho {len(criteria)} tiêu chí; tách thành {len(criteria)} chỉ tiêu cùng giá trị "
            "(kiểm tra lại).")
    return [make(f"{indicator} … {criterion}", note) for criterion in criteria]


def _criteria(tail: str) -> list[str]:
    """`đạt tiêu chí số 4 về …, tiêu chí số 8 về …`: one entry per criterion named after a figure."""
    clause = re.split(r"[;.](?!\d)", tail)[0]
    starts = [m.start() for m in _CRITERION.finditer(clause)]
    return [clause[a:b].strip(" ,;và") for a, b in zip(starts, starts[1:] + [len(clause)])]


def _year(text: str, figure: Figure) -> int | None:
    sentence_end = min([i for i in (text.find(";", figure.end), text.find(". ", figure.end)) if i >= 0] + [len(text)])
    after = _YEAR_AFTER.match(text[figure.end:sentence_end])
    if after and not re.search(r"(so với|giai đoạn)\s*(năm)?\s*$", text[figure.end:figure.end + after.start(1)]):
        return int(after.group(1))
    sentence_start = max(text.rfind(". ", 0, figure.start), 0)
    before = _YEAR_BEFORE.search(text[sentence_start:figure.start])
    return int(before.group(1)) if before else None

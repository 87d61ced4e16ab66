"""Extract plan metadata: title, number and date as printed or blank, period, signer and the cited legal bases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.structure import Outline, fold

_NUMBER_LINE = re.compile(r"Số\s*:\s*([^\s,]*(?:/[^\s,]+)?)")
_DATE = re.compile(r"ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", re.IGNORECASE)
_DOC_KINDS = {"quyet dinh": "quyet-dinh", "nghi quyet": "nghi-quyet", "ke hoach": "ke-hoach", "cong van": "cong-van",
              "nghi dinh": "nghi-dinh", "thong tu": "thong-tu", "chuong trinh": "chuong-trinh"}
_DOC_WORD = re.compile(r"(Quyết định|Nghị quyết|Kế hoạch|Công văn|Nghị định|Thông tư|Chương trình|Chỉ thị|Hướng dẫn|"
                       r"Thông báo|Luật|Văn bản)", re.IGNORECASE)
_CITATION = re.compile(r"\bsố\s*:?\s*(?P<number>[0-9][^;]*?)\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
                       re.IGNORECASE)
_ISSUERS = {"TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ", "QH": "Quốc hội"}


@dataclass
class BasisDraft:
    """One document cited in the preamble."""

    kind: str
    number: str
    date: str | None
    issuer: str
    title: str
    line: int
    note: str = ""


@dataclass
class MetaDraft:
    """What the header, title, preamble and signature block print."""

    title: str
    title_line: int
    number: dict[str, str]
    date: dict[str, str | int]
    issuer: str
    period: tuple[int, int] | None
    bases: list[BasisDraft] = field(default_factory=list)
    signer: str = ""
    signer_title: str = ""
    has_report: bool = False
    report_label: str = ""
    report_as_of: str | None = None


def extract_meta(outline: Outline) -> MetaDraft:
    """Read the parts of the plan around its body."""
    header = " ".join(block.text for block in outline.header)
    title = " ".join(block.text for block in outline.title)
    kind_word = outline.type_word.capitalize() if outline.type_word else ""
    full_title = f"{kind_word} {title}".strip() if title else kind_word
    signer_title, signer = _signature(outline)
    report = next((s for s in outline.body.walk()[1:] if "ket qua thuc hien" in fold(s.title)
                   and s.parent is not None and not s.parent.path), None)
    meta = MetaDraft(full_title, outline.title[0].line if outline.title else 0, _number(header), _date(header),
                     _issuer(outline), _period(outline, title), _bases(outline), signer, signer_title)
    if report is not None:
        meta.has_report, meta.report_label, meta.report_as_of = True, _report_label(report.title), _as_of(report.title)
    return meta


def _number(header: str) -> dict[str, str]:
    match = _NUMBER_LINE.search(header)
    if not match:
        return {"status": "unknown"}
    value = match.group(1).strip()
    printed = header[match.start():match.end()].strip()
    if not value or value.startswith("/") or not re.search(r"\d", value.split("/")[0]):
        return {"status": "blank", "printed": printed}
    return {"status": "printed", "value": value, "printed": printed}


def _date(header: str) -> dict[str, str | int]:
    match = _DATE.search(header)
    if not match:
        return {"status": "unknown"}
    day, month, year = match.groups()
    printed = match.group(0)
    if day and month:
        return {"status": "printed", "printed": printed, "date": f"{year}-{int(month):02d}-{int(day):02d}"}
    return {"status": "blank", "printed": printed, "year": int(year)}


def _issuer(outline: Outline) -> str:
    for block in outline.header:
        match = re.match(r"^(UBND|ỦY BAN NHÂN DÂN)\s+(HUYỆN|THỊ XÃ|THÀNH PHỐ)\s+(.+)$", block.text)
        if match:
            return f"UBND {match.group(2).lower()} {match.group(3).title()}"
    for paragraph in outline.preamble:
        match = re.search(r"(UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (huyện|thị xã|thành phố) ([A-ZĐ]\w*(?: [A-ZĐ]\w*)*)"
                          r" (ban hành|xây dựng)", paragraph.text)
        if match:
            return f"UBND {match.group(2)} {match.group(3)}"
    return ""


def _period(outline: Outline, title: str) -> tuple[int, int] | None:
    for section in outline.body.walk()[1:]:
        for paragraph in section.paragraphs:
            match = re.search(r"[Tt]ừ năm (\d{4}) đến (?:hết )?năm (\d{4})", paragraph.text)
            if match and "thoi gian" in fold(paragraph.text[:match.start()] + section.title):
                return int(match.group(1)), int(match.group(2))
    year = re.search(r"\bnăm (\d{4})\b", title, re.IGNORECASE)
    if year:
        return int(year.group(1)), int(year.group(1))
    span = re.search(r"giai đoạn (\d{4})\s*-\s*(\d{4})", title)
    return (int(span.group(1)), int(span.group(2))) if span else None


def _signature(outline: Outline) -> tuple[str, str]:
    lines = [block.text for block in outline.footer]
    block = [line for line in lines if re.match(r"^(TM\.|KT\.|Q\.|TL\.|CHỦ TỊCH|PHÓ CHỦ TỊCH)", line)]
    name = lines[-1] if lines and re.match(r"^[A-ZĐÀ-Ỹ][^\d;:]*$", lines[-1]) and not lines[-1].isupper() else ""
    return " ".join(block), name


def _report_label(title: str) -> str:
    match = re.search(r"(\d+\s+tháng(?:\s+đầu)?\s+năm\s+\d{4}|năm\s+\d{4})", title, re.IGNORECASE)
    return match.group(1).lower() if match else title.capitalize()


def _as_of(title: str) -> str | None:
    months = re.search(r"(\d+)\s+tháng(?:\s+đầu)?\s+năm\s+(\d{4})", title, re.IGNORECASE)
    if months:
        month = int(months.group(1))
        day = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)
        return f"{months.group(2)}-{month:02d}-{day}"
    year = re.search(r"năm\s+(\d{4})", title, re.IGNORECASE)
    return f"{year.group(1)}-12-31" if year else None


def _bases(outline: Outline) -> list[BasisDraft]:
    bases: list[BasisDraft] = []
    for paragraph in outline.preamble:
        text = paragraph.text
        if re.search(r"\b(ban hành|xây dựng) Kế hoạch\b", text) and not _CITATION.search(text):
            continue
        for match in _CITATION.finditer(text):
            number = match.group("number").strip()
            if any(b.number == number for b in bases):
                continue
            bases.append(_basis(text, match, number, paragraph.line_at(match.start())))
    return bases


def _basis(text: str, match: re.Match[str], number: str, line: int) -> BasisDraft:
    head = text[:match.start()]
    segment = head[head.rfind(";") + 1:]
    words = list(_DOC_WORD.finditer(segment)) or list(_DOC_WORD.finditer(head))[:1]
    kind = _DOC_KINDS.get(fold(words[-1].group(1)), "khac") if words else "khac"
    tail = text[match.end():]
    end = min([i for i in (tail.find(";"), tail.find(". ")) if i >= 0] + [len(tail)])
    tail = tail[:end]
    found = re.match(r"\s*(?:của\s+)?([A-ZĐÀ-ỸỦỨỪỬỮỰ].*?)\s+((?i:về|thực hiện|ban hành|phê duyệt|kế hoạch|v/v|quy định|"
                     r"hướng dẫn|giao))\b", tail)
    lead = re.search(r"^[^:;]*?của\s+([^:;]+):", text)
    issuer = found.group(1).strip() if found else (lead.group(1).strip() if lead else "")
    title = tail[found.start(2):].strip(" ,.;") if found else tail.strip(" ,.;")
    note = ""
    if not issuer:
        issuer = _ISSUERS.get(number.rsplit("-", 1)[-1], "")
        note = "Văn bản không in cơ quan ban hành; suy ra từ số hiệu." if issuer else \
            "Văn bản không in cơ quan ban hành (không ghi); cần điền."
        issuer = issuer or "không ghi"
    return BasisDraft(kind, number, _iso(match.group("date")), issuer, title, line, note)


def _iso(printed: str) -> str | None:
    parts = re.findall(r"\d+", printed)
    if len(parts) != 3:
        return None
    day, month, year = (int(p) for p in parts)
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None

"""Find printed figures in a paragraph: amounts of money, quantities with a unit, and their comparators."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.numbers import is_vn_number

# A number as printed: "1.790.878", "695,4", "98801"; never part of a longer number, date or code.
_NUMBER = r"(?<![\d.,/\w])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d]|[.,]\d|/\d{4})"
_MONEY = re.compile(_NUMBER + r"\s*(triệu đồng|triệu|tỷ đồng|tỷ)(?!\s*đồng\s*/|\s*/|\w)", re.IGNORECASE)

# Measure words of Vietnamese plans (longest first), each optionally followed by "/xã", "/năm", ….
UNITS = (
    "triệu đồng/người", "tiêu chí/xã", "thôn, bản", "thôn bản", "thôn/bản", "công trình dự án",
    "dự án công trình", "công trình, dự án", "câu lạc bộ", "lao động", "công trình", "mô hình", "dự án",
    "tiêu chí", "chỉ tiêu", "sản phẩm", "hợp tác xã", "doanh nghiệp", "cơ sở", "trường", "phòng học",
    "học sinh", "người", "hộ", "xã", "thị trấn", "thôn", "bản", "nhà", "căn", "ha", "km", "m²", "m2", "m³",
    "m3", "tấn", "tạ", "kg", "lít", "con", "cây", "chậu", "đàn", "lớp", "lượt", "đợt", "chương trình",
    "cuộc", "hội nghị", "việc làm", "trạm", "cầu", "điểm", "pano", "năm", "%",
)
_PER = r"(?:\s*/\s*(?:xã|năm|người|bản|hộ|tháng|nhà|thôn|KH\b))?"
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_QUANTITY = re.compile(
    _NUMBER + r"(?:\s*(?:-|–|đến)\s*" + _NUMBER + r"|\s*/\s*(\d+)(?![\d/]))?\s*(" + _UNIT + r")(?!\w)" + _PER,
    re.IGNORECASE)
# Numbers that are labels, not figures: "tiêu chí số 7", "Dự án 1", "lần 01", dates and codes.
_LABEL_BEFORE = re.compile(r"(\bsố|\bdự án|\bmục|\blần|\bkhóa|\bngày|\btháng|\bnăm|\bbiểu|\bđiều|\bkhoản|"
                           r"\bgiai đoạn|\bnhiệm kỳ|\bquý|\bđợt|\bchỉ tiêu|\bthành phần)\s*:?\s*$",
                           re.IGNORECASE)
_PLAN_PERCENT = re.compile(r"^\s*%?\s*/?\s*(KHV|KH\b|kế hoạch|vốn|dự toán|tổng vốn|so với kế hoạch)", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^\s*(tuổi|tháng|ngày|giờ|buổi|lần)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """One printed figure: where it is, its value as printed, its unit and how it is compared."""

    start: int
    end: int
    value: str
    unit: str
    money: bool
    value_max: str | None = None
    comparator: str = "eq"
    per_year: bool = False


def find_money(text: str) -> list[Figure]:
    """Every amount of money (`… triệu đồng`, `… tỷ đồng`) in *text*, in order."""
    found = []
    for match in _MONEY.finditer(text):
        unit = match.group(2).lower()
        if _label_number(text, match.start(1)) or not is_vn_number(match.group(1)):
            continue
        unit = "tỷ đồng" if unit.startswith("tỷ") else "triệu đồng"
        found.append(Figure(match.start(1), match.end(), match.group(1), unit, True))
    return found


def find_quantities(text: str) -> list[Figure]:
    """Every quantity with a unit (`98,5%`, `20/20 thôn bản`, `300-500ha`) that is not money."""
    money_spans = [(f.start, f.end) for f in find_money(text)]
    found = []
    for match in _QUANTITY.finditer(text):
        start, value, high, unit = match.start(1), match.group(1), match.group(2), match.group(4)
        if any(a <= start < b for a, b in money_spans) or _label_number(text, start):
            continue
        if unit == "%" and _PLAN_PERCENT.match(text[match.end(4):]):
            continue  # "đạt 22,01%/KH": a share of a fund line, kept with the money
        if unit.lower() == "năm" and not _COMPARATOR_NEAR.search(text[max(0, start - 20):match.end() + 10]):
            continue  # "01 năm", "2 năm": periods, not objectives
        if _AGE_AFTER.match(text[match.end(1):]) or not is_vn_number(value):
            continue
        printed_unit = _printed_unit(text, match)
        comparator, per_year = comparator_of(text, start, match.end())
        if high:
            comparator = "range"
        found.append(Figure(start, match.end(), value, printed_unit, False, high, comparator, per_year))
    return found


_COMPARATOR_NEAR = re.compile(r"(tối thiểu|ít nhất|trở lên|trên|không quá|tối đa)", re.IGNORECASE)


def _printed_unit(text: str, match: re.Match[str]) -> str:
    unit = text[match.start(4):match.end()].strip()
    return " ".join(unit.split()).replace(" /", "/").replace("/ ", "/")


def _label_number(text: str, start: int) -> bool:
    return bool(_LABEL_BEFORE.search(text[max(0, start - 24):start]))


def comparator_of(text: str, start: int, end: int) -> tuple[str, bool]:
    """Read the comparator words around a figure: `trên` → gte, `dưới` → lt, `còn` → lte, `duy trì`…"""
    before = text[max(0, start - 40):start].lower()
    near = before[-16:]
    after = text[end:end + 20].lower()
    per_year = "/năm" in text[start:end + 1] or bool(re.search(r"(mỗi năm|hằng năm|hàng năm)", before + after))
    if re.search(r"(<=|≤|không quá|tối đa)\s*$", near):
        return "lte", per_year
    if re.search(r"(<)\s*$", near) or re.search(r"(dưới|còn dưới|xuống dưới)\s*$", near):
        return "lt", per_year
    if re.search(r"(>=|≥)\s*$", near) or after.lstrip().startswith("trở lên") \
            or re.search(r"(trên|tối thiểu|ít nhất|vượt)\s*$", near):
        return "gte", per_year
    if re.search(r"(>)\s*$", near):
        return "gt", per_year
    if re.search(r"(còn|xuống còn|giảm xuống)\s*$", near):
        return "lte", per_year
    if re.search(r"\b(giảm|giảm tỷ lệ [^,;]*)\s*(từ\s*)?$", before[-30:]) and not re.search(r"(đến|lên)\s*$", near):
        return "decrease_by", per_year
    if re.search(r"(tăng|thêm|tăng thêm)\s*$", near):
        return "increase_by", per_year
    clause = re.split(r"[;.]", text[max(0, start - 90):start].lower())[-1]
    if re.search(r"\bduy trì\b", clause):
        return "maintain", per_year
    return "eq", per_year


def clause_before(text: str, start: int, floor: int = 0) -> str:
    """The words of the clause that lead up to position *start* (the indicator of a figure)."""
    head = text[floor:start]
    cut = max(head.rfind(mark) for mark in (";", ". ", ": ", "(")) if head else -1
    cut = max(cut, head.rfind(", ") if len(head) - head.rfind(", ") < 12 and head.rfind(", ") >= 0 else -1)
    return head[cut + 1:].strip(" ,:;-+*(")


def clause_after(text: str, end: int) -> str:
    """The words that follow a figure up to the end of its clause."""
    tail = text[end:]
    stop = min([i for i in (tail.find(";"), tail.find(". "), tail.find(","), tail.find("(")) if i >= 0] + [len(tail)])
    return tail[:stop].strip(" .,:;)*")

"""Vietnamese words for KB fields and values: field phrases, choices, names resolved from ids, formatted values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.diff import Entity, KbDiff
from generator.numbers import format_date, format_delta, parse_vn_number

# What each kind of entity is called, in a sentence and in a count ("125 chỉ tiêu").
KIND_NOUN = {"plan": "kế hoạch", "legal_basis": "văn bản căn cứ", "target": "chỉ tiêu", "fund_line": "dòng kinh phí",
             "duty": "nhiệm vụ", "assignment": "phân công xã", "result": "kết quả thực hiện",
             "commune": "xã, thị trấn", "agency": "cơ quan", "program": "chương trình, dự án", "district": "huyện",
             "fund_source": "nguồn vốn", "indicator": "chỉ tiêu chính"}

# Every field of every compared entity (schema.py) has a phrase; a test checks none is missing.
_ITEM = {"section": "mục trong văn bản", "note": "ghi chú", "unreviewed": "trạng thái kiểm tra",
         "source_line": "dòng trong văn bản nguồn"}
_PROGRAM = {"program": "chương trình, dự án"}
FIELD_TEXT: dict[str, dict[str, str]] = {
    "plan": {"title": "tên kế hoạch", "kind": "loại kế hoạch", "issuer": "cơ quan ban hành", "district": "huyện",
             "period_start": "năm bắt đầu", "period_end": "năm kết thúc", "number": "số văn bản",
             "date": "ngày ban hành", "programs": "chương trình thực hiện", "source_file": "tệp văn bản gốc", "source_absent_reason": "lý do chưa đăng văn bản gốc",
             "signer": "người ký", "signer_title": "chức vụ người ký", "summary": "phần tóm tắt"},
    "legal_basis": {**_ITEM, "kind": "loại văn bản", "number": "số hiệu", "date": "ngày ban hành",
                    "issuer": "cơ quan ban hành", "title": "trích yếu"},
    "target": {**_ITEM, **_PROGRAM, "indicator": "tên chỉ tiêu", "indicator_key": "chỉ tiêu chính để so sánh",
               "comparator": "cách so sánh", "value": "giá trị",
               "value_max": "giá trị tối đa", "unit": "đơn vị tính", "per_year": "tính cho mỗi năm",
               "year": "năm phải đạt", "baseline": "mức xuất phát", "scope": "phạm vi"},
    "fund_line": {**_ITEM, **_PROGRAM, "label": "nội dung", "amount": "số tiền", "unit": "đơn vị tiền",
                  "source": "nguồn vốn", "year": "năm", "period": "giai đoạn", "nature": "loại số liệu",
                  "as_of": "thời điểm số liệu", "percent_printed": "tỷ lệ ghi trong văn bản",
                  "percent_of": "tỷ lệ so với", "headline": "tổng kinh phí chính của kế hoạch",
                  "parent": "thuộc khoản tổng", "breakdown": "cách chia khoản tổng",
                  "communes": "xã được hưởng", "villages": "bản, thôn được hưởng"},
    "duty": {**_ITEM, **_PROGRAM, "agency": "cơ quan thực hiện", "role": "vai trò", "task": "nội dung nhiệm vụ",
             "partners": "cơ quan cùng thực hiện"},
    "assignment": {**_ITEM, "agency": "cơ quan phụ trách", "commune": "xã được phân công", "role": "vai trò",
                   "with_agency": "cơ quan phụ trách chính đi cùng", "commune_printed": "tên xã ghi trong văn bản"},
    "result": {**_ITEM, **_PROGRAM, "indicator": "nội dung kết quả", "value": "kết quả đạt được",
               "unit": "đơn vị tính", "as_of": "thời điểm số liệu", "target": "chỉ tiêu được báo cáo",
               "communes": "xã có kết quả"},
    "commune": {"name": "tên", "type": "loại đơn vị", "code": "mã đơn vị hành chính", "aliases": "tên gọi khác",
                "merged_from": "sáp nhập từ", "successors": "đơn vị sau sắp xếp ngày 01/07/2025"},
    "agency": {"name": "tên", "short_name": "tên viết tắt", "kind": "loại cơ quan", "aliases": "tên gọi khác",
               "members": "thành viên của nhóm"},
    "program": {"kind": "loại", "name": "tên đầy đủ", "short_name": "tên ngắn", "legal_basis": "văn bản phê duyệt",
                "period": "giai đoạn"},
    "district": {"name": "tên", "type": "loại đơn vị", "province": "tỉnh", "code": "mã huyện",
                 "province_code": "mã tỉnh"},
    "fund_source": {"name": "tên", "group": "nhóm nguồn", "description": "cách dùng"},
    "indicator": {"name": "tên", "units": "đơn vị tính được nhận", "description": "mô tả"},
}

CHOICES: dict[tuple[str, str], dict[str, str]] = {
    ("plan", "kind"): {"multi_year": "kế hoạch giai đoạn", "annual": "kế hoạch năm",
                       "annual_with_progress_report": "kế hoạch năm kèm báo cáo kết quả"},
    ("legal_basis", "kind"): {"quyet-dinh": "quyết định", "nghi-quyet": "nghị quyết", "ke-hoach": "kế hoạch",
                              "cong-van": "công văn", "nghi-dinh": "nghị định", "thong-tu": "thông tư",
                              "chuong-trinh": "chương trình", "khac": "văn bản khác"},
    ("program", "kind"): {"mtqg": "chương trình mục tiêu quốc gia", "du-an": "dự án", "tieu-du-an": "tiểu dự án",
                          "de-an": "đề án", "khac": "chương trình khác"},
    ("agency", "kind"): {"phong": "phòng", "ban": "ban", "trung-tam": "trung tâm", "co-quan-nganh-doc": "cơ quan ngành dọc",
                         "doan-the": "đoàn thể", "ubnd": "ủy ban nhân dân", "tap-the": "tập thể", "khac": "khác"},
    ("fund_line", "nature"): {"planned": "kế hoạch, dự kiến", "allocated": "đã giao, phân bổ",
                              "unallocated": "chưa phân bổ", "disbursed": "đã giải ngân", "forecast": "ước thực hiện"},
    ("duty", "role"): {"lead": "chủ trì", "support": "phối hợp", "advise": "tham mưu", "standing": "thường trực",
                       "implement": "thực hiện", "supervise": "giám sát", "report": "báo cáo"},
    ("assignment", "role"): {"lead": "phụ trách", "co_lead": "đồng phụ trách"},
    ("fund_source", "group"): {"nstw": "ngân sách trung ương", "nsdp": "ngân sách địa phương",
                               "ngan-sach": "ngân sách chưa tách cấp", "tin-dung": "tín dụng",
                               "long-ghep": "vốn lồng ghép", "huy-dong": "vốn huy động", "tong": "tổng các nguồn"},
}
COMPARATOR_WORDS = {"eq": "", "gte": "ít nhất", "gt": "trên", "lte": "không quá", "lt": "dưới", "range": "từ",
                    "decrease_by": "giảm", "increase_by": "tăng", "maintain": "duy trì",
                    "decrease_by_more_than": "giảm hơn", "decrease_to": "giảm xuống còn", "about": "khoảng"}
SCOPE_WORDS = {"district": "toàn huyện", "communes": "các xã", "villages": "các bản, thôn", "town": "thị trấn"}
# Fields whose values are not shown: fund source descriptions are for maintainers (in English), source file
# names are hashes, source lines are for the importer, breakdown names are ids. The change itself is still
# said. (Item notes are public Vietnamese notes and are shown.)
UNSHOWN = {"description", "source_file", "source_line", "breakdown"}
SECTION_WORDS = {"preamble": "phần mở đầu", "closing": "phần cuối văn bản"}
# Values shown as they are: codes, numbers and section paths read best without quotes.
_PLAIN = {"section", "code", "province_code", "number", "unit", "year", "period", "period_start", "period_end",
          "source_line", "type", "province", "breakdown", "short_name"}


def shorten(text: object, limit: int = 90) -> str:
    """One line, cut at a word boundary with an ellipsis when longer than *limit* characters."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.–-")
    return cut + "…"


def quoted(text: object, limit: int = 90) -> str:
    return f"“{shorten(text, limit)}”"


def section_text(section: object) -> str:
    """`mục III.2`, or `phần mở đầu` for the sections the KB names in English."""
    return SECTION_WORDS.get(str(section), f"mục {section}")


def number(text: str | None) -> Decimal | None:
    try:
        return parse_vn_number(text) if isinstance(text, str) else None
    except (ValueError, InvalidOperation):
        return None


def quantity(value: str | None, unit: str) -> str:
    """`38,50%`, `120 hộ`, `4.000 triệu đồng`; empty when nothing is printed."""
    if value is None:
        return ""
    return f"{value}%" if unit == "%" else f"{value} {unit}".strip()


def change_words(old: str | None, new: str | None, unit: str, *, money: bool = False) -> str:
    """`tăng 500 triệu đồng, +12,5%`, `giảm 3,5 điểm %`; empty when either side is not a number."""
    before, after = number(old), number(new)
    if before is None or after is None or before == after:
        return ""
    verb = "tăng" if after > before else "giảm"
    amount = format_delta(abs(after - before), "điểm %" if unit == "%" else unit).lstrip("+")
    if money and before:
        percent = format_delta(((after - before) * 100 / before).quantize(Decimal("0.1")), "%")
        return f"{verb} {amount}, {percent}"
    return f"{verb} {amount}"


@dataclass(frozen=True)
class Names:
    """Names of what ids refer to, looked up in the KB after a change and, failing that, before it."""

    old: Mapping[tuple[str, str], Entity]
    new: Mapping[tuple[str, str], Entity]

    @classmethod
    def of(cls, diff: KbDiff) -> Names:
        return cls(diff.old_entities, diff.new_entities)

    def content(self, kind: str, key: str) -> Mapping[str, Any]:
        entity = self.new.get((kind, key)) or self.old.get((kind, key))
        return entity.content if entity else {}

    def label(self, kind: str, key: str) -> str:
        entity = self.new.get((kind, key)) or self.old.get((kind, key))
        return entity.label if entity else key.rsplit("/", 1)[-1]

    def plan_status(self, plan: str) -> str:
        """`added` or `removed` when the whole plan came or went in this change, else empty."""
        before, after = ("plan", plan) in self.old, ("plan", plan) in self.new
        return "added" if after and not before else ("removed" if before and not after else "")

    def plan_title(self, plan: str) -> str:
        return str(self.content("plan", plan).get("title") or plan)

    def plan_district(self, plan: str) -> str:
        return str(self.content("plan", plan).get("district") or "")

    def district(self, district: str) -> str:
        found = self.content("district", district)
        return f"{found['type']} {found['name']}" if found else f"huyện {district}"

    def agency(self, district: str, agency: str) -> str:
        return str(self.content("agency", f"{district}/{agency}").get("name") or agency)

    def commune(self, district: str, commune: str) -> str:
        found = self.content("commune", f"{district}/{commune}")
        return f"{found['type']} {found['name']}" if found else f"xã {commune}"

    def program(self, program: str) -> str:
        return str(self.content("program", program).get("short_name") or program)

    def fund_source(self, source: str) -> str:
        return str(self.content("fund_source", source).get("name") or source)

    def indicator(self, indicator: str) -> str:
        return str(self.content("indicator", indicator).get("name") or indicator)


@dataclass(frozen=True)
class Speaker:
    """Words for the values of one entity: resolves its ids within its plan and district."""

    names: Names
    kind: str
    plan: str
    district: str

    def field(self, name: str) -> str:
        return FIELD_TEXT.get(self.kind, {}).get(name, "thông tin khác")

    def value(self, name: str, value: Any, content: Mapping[str, Any]) -> str:
        """A field's value in words: names for ids, dates dd/mm/yyyy, money with its unit, choices in words."""
        if value is None or value == "" or value == [] or value == ():
            return "(để trống)"
        special = _VALUE_WORDS.get(name)
        if special is not None:
            return str(special(self, value, content))
        if (self.kind, name) in CHOICES:
            return CHOICES[(self.kind, name)].get(str(value), str(value))
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, list):
            return ", ".join(quoted(v, 60) for v in value)
        return str(value) if name in _PLAIN or isinstance(value, int) else quoted(value)

    def communes(self, ids: Any) -> str:
        return ", ".join(self.names.commune(self.district, c) for c in ids)

    def agencies(self, ids: Any) -> str:
        return ", ".join(self.names.agency(self.district, a) for a in ids)

    def item(self, kind: str, item: str) -> str:
        return quoted(self.names.label(kind, f"{self.plan}/{item}"), 60)


def target_text(content: Mapping[str, Any], *, with_year: bool = True) -> str:
    """`không quá 38,50% (năm 2024)`, `từ 5 đến 7 xã mỗi năm`, `duy trì 8 xã`."""
    comparator, unit = str(content.get("comparator", "eq")), str(content.get("unit", ""))
    value = quantity(content.get("value"), unit)
    if comparator == "range":
        core = f"từ {content.get('value')} đến {quantity(content.get('value_max'), unit)}"
    else:
        core = f"{COMPARATOR_WORDS.get(comparator, '')} {value}".strip()
    core += " mỗi năm" if content.get("per_year") else ""
    year = f"(năm {content.get('year')})" if with_year and content.get("year") else ""
    return " ".join(part for part in (core, year) if part)


def _baseline(speaker: Speaker, value: Any, content: Mapping[str, Any]) -> str:
    unit = str(content.get("unit", ""))
    if value.get("value"):
        core = quantity(value["value"], unit)
    elif value.get("change"):
        core = f"thay đổi {quantity(value['change'], unit)}"
    else:
        core = quoted(value.get("printed", ""), 60)
    return core + (f" (năm {value['year']})" if value.get("year") else "")


def _scope(speaker: Speaker, value: Any, content: Mapping[str, Any]) -> str:
    if value.get("printed"):
        return quoted(value["printed"], 60)
    places = [speaker.communes(value.get("communes", ()))] if value.get("communes") else []
    places += [_villages(speaker, value["villages"], content)] if value.get("villages") else []
    return ", ".join(places) or SCOPE_WORDS.get(str(value.get("level")), "toàn huyện")


def _villages(speaker: Speaker, value: Any, content: Mapping[str, Any]) -> str:
    return ", ".join(f"{v['name']} ({speaker.names.commune(speaker.district, v['commune'])})" for v in value)


def _successors(speaker: Speaker, value: Any, content: Mapping[str, Any]) -> str:
    return ", ".join(f"{s['name']} (mã {s['code']}, tỉnh {s['province']})" for s in value)


def _merged_from(speaker: Speaker, value: Any, content: Mapping[str, Any]) -> str:
    """Former communes: `xã Đồng Giáp (năm 2020), xã Tràng Các`."""
    return ", ".join(f"{p.get('type', 'xã')} {p['name']}" + (f" (năm {p['year']})" if p.get("year") else "")
                     for p in value)


def _printed(speaker: Speaker, value: Any, content: Mapping[str, Any]) -> str:
    """A plan's printed number or date: the value, or say it is left blank or missing in the source."""
    if value.get("status") == "printed":
        return str(value.get("value") or format_date(value.get("date")) or value.get("printed") or value.get("year"))
    if value.get("status") == "blank":
        return "chưa ghi trong bản in" + (f" (“{value['printed']}”)" if value.get("printed") else "")
    return "không có trong văn bản nguồn"


def _plan_field(then: Any) -> Any:
    return lambda s, v, c: _printed(s, v, c) if isinstance(v, dict) else then(s, v, c)


# Whom a collective actor stands for (Agency.members), in words.
MEMBERS_WORDS = {
    "commune-assignees": "các cơ quan được giao phụ trách, đồng phụ trách xã",
    "commune-leads": "các cơ quan được giao phụ trách xã",
    "commune-co-leads": "các cơ quan được giao đồng phụ trách xã",
    "commune-committees": "Ủy ban nhân dân từng xã",
    "all-agencies": "mọi cơ quan của huyện",
}


_VALUE_WORDS: dict[str, Any] = {
    "agency": lambda s, v, c: s.names.agency(s.district, v),
    "with_agency": lambda s, v, c: s.names.agency(s.district, v),
    "partners": lambda s, v, c: s.agencies(v),
    "commune": lambda s, v, c: s.names.commune(s.district, v),
    "communes": lambda s, v, c: s.communes(v),
    "villages": _villages,
    "program": lambda s, v, c: s.names.program(v),
    "programs": lambda s, v, c: ", ".join(s.names.program(p) for p in v),
    "source": lambda s, v, c: s.names.fund_source(v),
    "indicator_key": lambda s, v, c: quoted(s.names.indicator(v)),
    "district": lambda s, v, c: s.names.district(v),
    "parent": lambda s, v, c: s.item("fund_line", v),
    "percent_of": lambda s, v, c: s.item("fund_line", v),
    "target": lambda s, v, c: s.item("target", v),
    "comparator": lambda s, v, c: target_text(c, with_year=False),
    "value": lambda s, v, c: target_text(c, with_year=False) if s.kind == "target" else quantity(v, c.get("unit", "")),
    "amount": lambda s, v, c: quantity(v, c.get("unit", "triệu đồng")),
    "percent_printed": lambda s, v, c: f"{v}%",
    "section": lambda s, v, c: SECTION_WORDS.get(str(v), str(v)),
    "date": _plan_field(lambda s, v, c: format_date(v)),
    "number": _plan_field(lambda s, v, c: str(v)),
    "as_of": lambda s, v, c: format_date(v),
    "baseline": _baseline,
    "scope": _scope,
    "successors": _successors,
    "merged_from": _merged_from,
    "aliases": lambda s, v, c: ", ".join(quoted(a, 60) for a in v),
    "headline": lambda s, v, c: "có" if v else "không",
    "unreviewed": lambda s, v, c: "chưa kiểm tra với văn bản nguồn" if v else "đã kiểm tra với văn bản nguồn",
    "per_year": lambda s, v, c: target_text(c, with_year=False),
    "value_max": lambda s, v, c: target_text(c, with_year=False),
    "default": lambda s, v, c: "có" if v else "không",
    "members": lambda s, v, c: MEMBERS_WORDS.get(str(v), "không nêu rõ"),
}


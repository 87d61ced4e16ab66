"""Define the knowledge-base file schema: typed, frozen, closed pydantic models mirroring the YAML."""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from generator.numbers import VN_NUMBER_PATTERN, parse_vn_number

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="Stable ASCII slug: lower-case letters, digits and single hyphens."),
]


def _not_blank(text: str) -> str:
    if not text.strip():
        raise PydanticCustomError("kb_blank", "giá trị chỉ có dấu cách", {"code": "KB-VALUE-EMPTY",
                                  "hint": "ghi nội dung như bản in, hoặc xóa khóa nếu không bắt buộc"})
    return text


def _calendar_date(text: str) -> str:
    """A date (or a month, or a year, when the day or month is printed blank) that exists on the calendar."""
    try:
        datetime.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        raise PydanticCustomError("kb_date", "ngày '{date}' không có trên lịch", {
            "date": text, "code": "KB-VALUE-FORMAT", "hint": "kiểm tra tháng (01-12) và ngày của tháng, dạng YYYY-MM-DD"}) from None
    return text


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank), Field(description="Text as printed.")]
Section = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9()]+(\.[A-Za-z0-9()]+)*$", max_length=40),
    Field(
        description="Section of the source document as printed, joined by dots, e.g. `VI.2.7`, "
        "`A.II.1`, `III.3.1.b`, `II.2.(1)`. Provenance for the figure or duty.",
        examples=["VI.2.7"],
    ),
]
VnNumber = Annotated[
    str,
    StringConstraints(pattern=VN_NUMBER_PATTERN),
    Field(
        description="Number exactly as printed, in Vietnamese format and quoted: `\"1.790.878\"`, "
        "`\"695,4\"`. Never a YAML float, which would lose the printed form.",
        examples=["1.790.878", "695,4"],
    ),
]
IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(_calendar_date),
    Field(description="Calendar date as YYYY-MM-DD (quoted).", examples=["2022-01-18"]),
]
Year = Annotated[int, Field(ge=1945, le=2100, description="Calendar year.")]
PartialDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    AfterValidator(_calendar_date),
    Field(
        description="Date as printed, quoted: `YYYY-MM-DD`; `YYYY-MM` when the day is left blank "
        "(\"ngày   tháng 02 năm 2021\" → `2021-02`); `YYYY` when only the year is printed.",
        examples=["2022-01-18", "2021-02"],
    ),
]
Unreviewed = Annotated[
    bool,
    Field(
        description="`true` on an item drafted by `python -m generator import` that nobody has checked yet "
        "against the source. Delete the line once the item is checked; `build` leaves unreviewed items off "
        "the site unless run with `--allow-draft`.",
    ),
]
SourceLine = Annotated[
    int | None,
    Field(
        ge=1,
        description="Line of the source document (`plan.source_file`) the item was drafted from: the line "
        "number in a text or Markdown export, the paragraph number in a `.docx`.",
    ),
]


class Closed(BaseModel):
    """Base for every KB model: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


# --------------------------------------------------------------------------- registries


class Program(Closed):
    id: Id
    kind: Literal["mtqg", "du-an", "tieu-du-an", "de-an", "khac"] = Field(
        description="mtqg: national target program; du-an / tieu-du-an: project / sub-project; "
        "de-an: a scheme (đề án) or decision-funded support; khac: anything else."
    )
    name: Text = Field(description="Full Vietnamese name of the program, project or sub-project.")
    short_name: str = Field(description="Short label, e.g. `Dự án 3`, `TDA 1`, `MTQG GNBV`.")
    legal_basis: str | None = Field(
        default=None, description="Decision that approved it, e.g. `90/QĐ-TTg ngày 18/01/2022`."
    )
    period: str | None = Field(default=None, description="Program period, e.g. `2021-2025`.")
    projects: tuple[Program, ...] = Field(
        default=(), description="Projects (Dự án) of a program, or sub-projects (Tiểu dự án) of a project."
    )


class ProgramsFile(Closed):
    programs: tuple[Program, ...] = Field(description="National target programs and other schemes.")


class FundSource(Closed):
    id: Id
    name: Text = Field(description="Vietnamese name shown on the site.")
    group: Literal["nstw", "nsdp", "ngan-sach", "tin-dung", "long-ghep", "huy-dong", "tong"] = Field(
        description="Family used to total funds by source on the site."
    )
    description: str = Field(default="", description="When to use this source.")


class FundSourcesFile(Closed):
    fund_sources: tuple[FundSource, ...] = Field(description="The closed list of fund sources.")


class KeyIndicator(Closed):
    id: Id
    name: Text = Field(description="Vietnamese name shown on the comparison page, e.g. `Tỷ lệ hộ nghèo`.")
    units: tuple[str, ...] = Field(
        min_length=1,
        description="Units a target of this indicator may print (`%`, `xã`, `tiêu chí/xã`…); a target whose "
        "`unit` is not listed cannot carry this key, so a level is never compared with a count.",
    )
    description: str = Field(default="", description="What the indicator measures and which targets to key to it.")


class IndicatorsFile(Closed):
    indicators: tuple[KeyIndicator, ...] = Field(
        description="Key indicators that plans share and the comparison page puts side by side; a target "
        "joins one by naming it in `indicator_key`."
    )


class District(Closed):
    id: Id
    name: Text = Field(description="District name without prefix, e.g. `Phong Thổ`.")
    type: Literal["huyện", "quận", "thị xã", "thành phố"] = Field(description="Unit type.")
    province: Text = Field(description="Province name without prefix, e.g. `Lai Châu`.")
    code: str = Field(description="Official district code (from vietnamadminunits).")
    province_code: str = Field(description="Official province code before 1 July 2025.")


class DistrictsFile(Closed):
    districts: tuple[District, ...] = Field(description="Districts (huyện) before 1 July 2025.")


class Successor(Closed):
    name: Text = Field(description="New commune-level unit after 1 July 2025, with its type.")
    code: str = Field(description="Official code of the new unit.")
    province: Text = Field(description="Province of the new unit (34-province map).")
    default: bool = Field(
        default=True, description="For a split commune, whether this successor takes the old name."
    )


class PrintedAt(Closed):
    plan: Id = Field(description="Plan (id) that prints the name.")
    section: Section


class Predecessor(Closed):
    name: Text = Field(description="Former commune's name without prefix, e.g. `Đồng Giáp`.")
    type: Literal["xã", "thị trấn", "phường"] = Field(default="xã", description="Former unit type.")
    year: Year | None = Field(default=None, description="Year the merger took effect, when known.")
    decision: str | None = Field(
        default=None, description="Decision that merged it (e.g. a resolution of the UBTVQH), when known."
    )
    source: Text = Field(
        description="Where the merger is recorded, e.g. `vietnamadminunits 1.0.4 (tên cũ xadonggiap của xã Khánh Khê)`."
    )
    printed_in: tuple[PrintedAt, ...] = Field(
        default=(), description="Plans that still print the former name, and the section where they do."
    )
    note: str = Field(default="", description="Maintainer note, e.g. what the sources say about the date.")


class Commune(Closed):
    id: Id
    name: Text = Field(description="Canonical name without prefix, as in the official dataset.")
    type: Literal["xã", "thị trấn", "phường"] = Field(description="Unit type before 1 July 2025.")
    code: str = Field(description="Official administrative code (pre-2025).")
    aliases: tuple[str, ...] = Field(
        default=(), description="Every other spelling of this commune's name seen in plans, kept verbatim."
    )
    merged_from: tuple[Predecessor, ...] = Field(
        default=(),
        description="Former communes merged into this one: lineage, not spelling. A plan that prints a former "
        "name (`commune_printed`, `scope.printed`) still resolves to this commune, and its page shows the lineage.",
    )
    successors: tuple[Successor, ...] = Field(
        default=(), description="Unit(s) it became on 1 July 2025 (several when it was split)."
    )


class CommunesFile(Closed):
    district: Id = Field(description="District these communes belonged to.")
    source: str = Field(description="Dataset the codes and successors come from, with version.")
    communes: tuple[Commune, ...] = Field(description="Communes and towns of the district, in code order.")


class Agency(Closed):
    id: Id
    name: Text = Field(description="Canonical full name.")
    short_name: str | None = Field(default=None, description="Short name, e.g. `Phòng LĐ-TB&XH`.")
    kind: Literal[
        "phong", "ban", "trung-tam", "co-quan-nganh-doc", "doan-the", "ubnd", "tap-the", "khac"
    ] = Field(description="Agency type; `tap-the` for collective actors such as `UBND các xã`.")
    aliases: tuple[str, ...] = Field(default=(), description="Every other spelling seen in plans.")
    members: Literal["commune-assignees", "commune-leads", "commune-co-leads", "commune-committees", "all-agencies"] | None = Field(
        default=None,
        description="For a collective actor (`tap-the`), whom a duty addressed to it reaches: `commune-assignees` "
        "every agency given a commune (phụ trách or đồng phụ trách) in the same plan; `commune-leads` / "
        "`commune-co-leads` only those in charge / co-in-charge; `commune-committees` the People's Committee "
        "of every commune (shown on each commune page); `all-agencies` every agency of the district. Leave "
        "it out when the plan does not say who belongs (\"các cơ quan liên quan\").",
    )


class AgenciesFile(Closed):
    district: Id = Field(description="District whose agencies these are (agencies are local).")
    agencies: tuple[Agency, ...] = Field(description="District agencies and collective actors.")


# --------------------------------------------------------------------------- plans


class PrintedField(Closed):
    status: Literal["printed", "blank", "unknown"] = Field(
        description="`printed`: the value is in the source; `blank`: the source leaves it empty "
        "(a draft); `unknown`: the source text does not contain this part."
    )
    value: Text | None = Field(default=None, description="The value when printed, e.g. `459/KH-UBND`.")
    printed: str | None = Field(
        default=None, description="The line exactly as printed, e.g. `Số: /KH-UBND`."
    )
    date: IsoDate | None = Field(default=None, description="For a printed date, the date itself.")
    month: int | None = Field(
        default=None, ge=1, le=12,
        description="Month when the day is blank but the month is printed (\"ngày   tháng 02 năm 2021\" → 2).",
    )
    year: Year | None = Field(default=None, description="Year when only the year (or month and year) is printed.")

    @model_validator(mode="after")
    def _value_matches_status(self) -> PrintedField:
        """A printed number or date has a value (issue 8: `number: ''` rendered as an empty citation)."""
        has_value = bool((self.value or "").strip()) or self.date is not None
        if self.status == "printed" and not has_value and self.year is None:
            raise PydanticCustomError("kb_printed_empty", "status 'printed' nhưng không có giá trị", {
                "code": "KB-VALUE-EMPTY", "hint": "ghi value (số hiệu như bản in, ví dụ '459/KH-UBND') hoặc date; "
                "nếu bản in để trống, đặt status: blank"})
        if self.status != "printed" and self.value is not None:
            raise PydanticCustomError("kb_printed_status", "status '{status}' nhưng lại có value '{value}'", {
                "status": self.status, "value": self.value, "code": "KB-VALUE-RANGE",
                "hint": "giá trị có trong bản in thì đặt status: printed; nếu không, xóa value"})
        return self


class LegalBasis(Closed):
    id: Id
    kind: Literal[
        "quyet-dinh", "nghi-quyet", "ke-hoach", "cong-van", "nghi-dinh", "thong-tu", "chuong-trinh", "de-an", "khac"
    ] = Field(description="Document type; `de-an` for a scheme (Đề án) cited by its name.")
    number: Text | None = Field(
        default=None,
        description="Document number as printed, e.g. `90/QĐ-TTg`. Leave it out when the plan cites the "
        "document without a number (the site says \"không ghi số\").",
    )
    date: PartialDate | None = Field(default=None, description="Issue date as printed (day or month may be blank).")
    issuer: Text | None = Field(
        default=None,
        description="Issuing body, e.g. `Thủ tướng Chính phủ`. Leave it out when the plan names none "
        "(the site says \"không ghi cơ quan ban hành\").",
    )
    title: str = Field(default="", description="Subject as printed.")
    section: Section
    note: str = Field(
        default="",
        description="Public note in Vietnamese, shown to readers next to the item: explains a figure, "
        "an ambiguity or a slip in the source. Maintainers' remarks go in YAML comments.",
    )
    unreviewed: Unreviewed = False
    source_line: SourceLine = None


class Plan(Closed):
    id: Id
    title: Text = Field(description="Title as printed.")
    kind: Literal["multi_year", "annual", "annual_with_progress_report"] = Field(
        description="Multi-year plan, annual plan, or annual plan that opens with a progress report."
    )
    issuer: Text = Field(description="Issuing body, e.g. `UBND huyện Phong Thổ`.")
    district: Id = Field(description="District id from the registry.")
    period_start: Year
    period_end: Year
    number: PrintedField = Field(description="Document number.")
    date: PrintedField = Field(description="Issue date.")
    programs: tuple[Id, ...] = Field(description="Programs (registry ids) the plan implements.")
    legal_bases: tuple[LegalBasis, ...] = Field(description="Căn cứ / thực hiện: documents cited.")
    source_file: str = Field(description="File name of the source document, kept in `kb/sources/` and published "
                             "with the plan's page (`.txt`/`.md` text exported from Word, or `.docx`).")
    source_absent_reason: str = Field(
        default="", description="Why the source document is not in `kb/sources/` (public Vietnamese text shown on "
        "the plan page, e.g. `Bản giấy, chưa số hóa`). Leave empty when the file is there: a missing file is then "
        "an error.")
    signer: str = Field(default="", description="Name of the signatory as printed, if any.")
    signer_title: str = Field(default="", description="Signature block as printed, e.g. `KT. CHỦ TỊCH PHÓ CHỦ TỊCH`.")
    summary: str = Field(default="", description="One-paragraph summary for the site (Vietnamese).")


class Comparator(str, Enum):
    eq = "eq"
    gte = "gte"
    gt = "gt"
    lte = "lte"
    lt = "lt"
    range = "range"
    decrease_by = "decrease_by"
    increase_by = "increase_by"
    maintain = "maintain"
    decrease_by_more_than = "decrease_by_more_than"
    decrease_to = "decrease_to"
    about = "about"


class Baseline(Closed):
    value: VnNumber | None = Field(default=None, description="Baseline value as printed, when printed.")
    change: VnNumber | None = Field(
        default=None, description="Printed change from the baseline when only that is given ('tăng 03' → `03`)."
    )
    year: Year | None = Field(default=None, description="Year of the baseline value.")
    printed: str = Field(default="", description="Baseline phrase as printed.")


class VillageRef(Closed):
    name: Text = Field(description="Village (bản/thôn) name as printed.")
    commune: Id = Field(description="Commune id it lies in.")


class Scope(Closed):
    level: Literal["district", "communes", "villages", "town"] = Field(
        default="district", description="What the target covers."
    )
    communes: tuple[Id, ...] = Field(default=(), description="Named communes (registry ids).")
    villages: tuple[VillageRef, ...] = Field(default=(), description="Named villages.")
    printed: str = Field(default="", description="Scope phrase as printed, e.g. `xã Sơn Bình 05 bản`.")


class Target(Closed):
    id: Id
    indicator: Text = Field(description="Indicator text as printed (the clause naming what is measured).")
    indicator_key: Id | None = Field(
        default=None,
        description="Key indicator (id in `registry/indicators.yaml`) this target states, e.g. `ty-le-ho-ngheo`; "
        "set by the author who reads the plan, never guessed. Only keyed targets appear on the comparison page.",
    )
    comparator: Comparator = Field(
        description="eq (=, 'đạt'), gte (≥, 'ít nhất', 'tối thiểu', 'từ … trở lên'), gt ('trên'), lte ('không "
        "quá'), lt ('dưới', 'còn dưới'), range ('từ … đến'), decrease_by / increase_by (a change: 'giảm 3%'), "
        "decrease_by_more_than (a change of more than: 'giảm trên 07%/năm'), decrease_to (a level to reach "
        "from above: 'giảm xuống còn 20%'), about (an approximate figure: 'khoảng 130 hộ'), maintain (keep a "
        "standard already reached)."
    )
    value: VnNumber | None = Field(default=None, description="Target value as printed.")
    value_max: VnNumber | None = Field(default=None, description="Upper bound when comparator is range.")
    unit: str = Field(description="Unit as printed: `%`, `triệu đồng/người`, `xã`, `bản`, `tiêu chí/xã`…")
    year: Year = Field(description="Year by which the target is due.")
    per_year: bool = Field(default=False, description="The value is a yearly rate ('mỗi năm').")
    baseline: Baseline | None = Field(default=None, description="Starting value, when printed.")
    scope: Scope = Field(default_factory=Scope, description="Where the target applies (district by default).")
    program: Id | None = Field(default=None, description="Program, project or sub-project id.")
    section: Section
    note: str = Field(
        default="",
        description="Public note in Vietnamese, shown to readers next to the item: explains a figure, "
        "an ambiguity or a slip in the source. Maintainers' remarks go in YAML comments.",
    )
    unreviewed: Unreviewed = False
    source_line: SourceLine = None


class TargetDefaults(Closed):
    """Values each target inherits unless it sets its own (precedence: target > file > plan)."""

    program: Id | None = Field(default=None, description="Program, project or sub-project id of the targets.")
    year: Year | None = Field(default=None, description="Year by which the targets are due.")
    unit: str | None = Field(default=None, description="Unit as printed, e.g. `%`.")
    scope: Scope | None = Field(default=None, description="Where the targets apply (replaces the whole scope).")


class TargetsFile(Closed):
    plan: Id
    defaults: TargetDefaults | None = Field(
        default=None, description="Values every target of this file inherits unless it sets its own."
    )
    targets: tuple[Target, ...] = Field(description="Targets (chỉ tiêu) of the plan.")


class FundLine(Closed):
    id: Id
    label: Text = Field(description="What the money is for, as printed.")
    amount: VnNumber = Field(description="Amount as printed, in `unit`.")
    unit: FundUnit = Field(default="triệu đồng", description="Unit as printed.")
    source: Id = Field(description="Fund source id from the closed list (`tong-hop` for a total across sources).")
    program: Id | None = Field(default=None, description="Program, project or sub-project id.")
    year: Year | None = Field(default=None, description="Year, for annual figures.")
    period: str | None = Field(default=None, description="Period, e.g. `2023-2025`, for multi-year figures.")
    nature: Nature = Field(
        default="planned",
        description="planned (dự kiến/kế hoạch), allocated (đã giao/phân bổ), unallocated (chưa phân "
        "bổ), disbursed (giải ngân), forecast (ước thực hiện).",
    )
    as_of: IsoDate | None = Field(default=None, description="Cut-off date for progress figures.")
    percent_printed: VnNumber | None = Field(
        default=None, description="Percentage printed next to the figure, e.g. `17,22` for '= 17,22% KH'."
    )
    percent_of: Id | None = Field(default=None, description="Fund line the printed percentage refers to.")
    headline: bool = Field(
        default=False,
        description="Marks the plan's overall printed total (tổng kinh phí); the site's headline "
        "figures by source come from this line and its parts. At most one per plan.",
    )
    parent: Id | None = Field(default=None, description="Printed total this line is a part of.")
    breakdown: Id = Field(
        default="main",
        description="Name of the breakdown this line belongs to under its parent; a total split "
        "two ways (by source and by project) has two breakdowns, each summed separately.",
    )
    communes: tuple[Id, ...] = Field(default=(), description="Communes the money is for, when named.")
    villages: tuple[VillageRef, ...] = Field(default=(), description="Villages the money is for, when named.")
    section: Section
    note: str = Field(
        default="",
        description="Public note in Vietnamese, shown to readers next to the item: explains a figure, "
        "an ambiguity or a slip in the source. Maintainers' remarks go in YAML comments.",
    )
    unreviewed: Unreviewed = False
    source_line: SourceLine = None


FundUnit = Literal["triệu đồng", "đồng", "tỷ đồng"]
Nature = Literal["planned", "allocated", "unallocated", "disbursed", "forecast"]


class FundDefaults(Closed):
    """Values each fund line inherits unless it sets its own (precedence: line > file > plan)."""

    program: Id | None = Field(default=None, description="Program, project or sub-project id.")
    year: Year | None = Field(
        default=None, description="Year of the figures. `year` and `period` are inherited together: a line "
        "(or file) that sets either one inherits neither from a less specific level."
    )
    period: str | None = Field(default=None, description="Period of the figures, e.g. `2023-2025`.")
    unit: FundUnit | None = Field(default=None, description="Unit of the amounts as printed.")
    source: Id | None = Field(default=None, description="Fund source id.")
    nature: Nature | None = Field(default=None, description="planned, allocated, unallocated, disbursed or forecast.")
    as_of: IsoDate | None = Field(default=None, description="Cut-off date of progress figures.")


class FundsFile(Closed):
    plan: Id
    defaults: FundDefaults | None = Field(
        default=None, description="Values every fund line of this file inherits unless it sets its own."
    )
    fund_lines: tuple[FundLine, ...] = Field(description="Every printed amount: totals and their parts.")


class Role(str, Enum):
    lead = "lead"
    support = "support"
    advise = "advise"
    standing = "standing"
    implement = "implement"
    supervise = "supervise"
    report = "report"


class Duty(Closed):
    id: Id
    agency: Id = Field(description="Agency id from the district registry.")
    role: Role = Field(
        description="lead (chủ trì), support (phối hợp), advise (tham mưu), standing (cơ quan "
        "thường trực), implement (thực hiện, triển khai), supervise (giám sát), report (báo cáo)."
    )
    task: Text = Field(description="Task text as printed.")
    partners: tuple[Id, ...] = Field(default=(), description="Agencies named alongside (e.g. the lead a supporter helps).")
    program: Id | None = Field(default=None, description="Program, project or sub-project it serves.")
    section: Section
    note: str = Field(
        default="",
        description="Public note in Vietnamese, shown to readers next to the item: explains a figure, "
        "an ambiguity or a slip in the source. Maintainers' remarks go in YAML comments.",
    )
    unreviewed: Unreviewed = False
    source_line: SourceLine = None


class DutyDefaults(Closed):
    """Values each duty inherits unless it sets its own."""

    program: Id | None = Field(default=None, description="Program, project or sub-project the duties serve.")


class DutiesFile(Closed):
    plan: Id
    defaults: DutyDefaults | None = Field(
        default=None, description="Values every duty of this file inherits unless it sets its own."
    )
    duties: tuple[Duty, ...] = Field(description="Tasks given to agencies.")


class Assignment(Closed):
    id: Id
    agency: Id = Field(description="Agency id.")
    commune: Id = Field(description="Commune id.")
    role: Literal["lead", "co_lead"] = Field(description="lead (phụ trách), co_lead (đồng phụ trách).")
    with_agency: Id | None = Field(default=None, description="For a co-lead, the lead agency named with it.")
    commune_printed: Text = Field(description="Commune name exactly as printed.")
    section: Section
    note: str = Field(
        default="",
        description="Public note in Vietnamese, shown to readers next to the item: explains a figure, "
        "an ambiguity or a slip in the source. Maintainers' remarks go in YAML comments.",
    )
    unreviewed: Unreviewed = False
    source_line: SourceLine = None


class AssignmentsFile(Closed):
    plan: Id
    assignments: tuple[Assignment, ...] = Field(description="Agency-to-commune assignments.")


class ProgressResult(Closed):
    id: Id
    indicator: Text = Field(description="What was measured, as printed.")
    value: VnNumber | None = Field(default=None, description="Value reached, as printed.")
    unit: str = Field(description="Unit as printed.")
    as_of: IsoDate = Field(description="Cut-off date of the report.")
    target: Id | None = Field(default=None, description="Target of this plan it reports on.")
    program: Id | None = Field(default=None, description="Program, project or sub-project id.")
    communes: tuple[Id, ...] = Field(default=(), description="Communes the result concerns, when named.")
    section: Section
    note: str = Field(
        default="",
        description="Public note in Vietnamese, shown to readers next to the item: explains a figure, "
        "an ambiguity or a slip in the source. Maintainers' remarks go in YAML comments.",
    )
    unreviewed: Unreviewed = False
    source_line: SourceLine = None


class ResultDefaults(Closed):
    """Values each progress result inherits unless it sets its own."""

    program: Id | None = Field(default=None, description="Program, project or sub-project id.")
    unit: str | None = Field(default=None, description="Unit as printed.")
    as_of: IsoDate | None = Field(default=None, description="Cut-off date of the report.")


class ProgressFile(Closed):
    plan: Id
    period_label: Text = Field(description="Report period as printed, e.g. `6 tháng đầu năm 2024`.")
    defaults: ResultDefaults | None = Field(
        default=None, description="Values every result of this file inherits unless it sets its own."
    )
    results: tuple[ProgressResult, ...] = Field(description="Reported results with figures.")


class PlanDefaults(Closed):
    """Plan-wide defaults: `program` and `year` for every item that has them, then per-kind values."""

    program: Id | None = Field(
        default=None, description="Program every target, fund line, duty and result inherits unless set lower."
    )
    year: Year | None = Field(default=None, description="Year every target and fund line inherits unless set lower.")
    targets: TargetDefaults | None = Field(default=None, description="Defaults for the plan's targets.")
    fund_lines: FundDefaults | None = Field(default=None, description="Defaults for the plan's fund lines.")
    duties: DutyDefaults | None = Field(default=None, description="Defaults for the plan's duties.")
    results: ResultDefaults | None = Field(default=None, description="Defaults for the plan's progress results.")


class PlanFile(Closed):
    plan: Plan = Field(description="The plan's metadata and legal bases.")
    defaults: PlanDefaults | None = Field(
        default=None,
        description="Values the plan's items inherit unless their file's `defaults` or the item sets its own "
        "(precedence: item > file > plan).",
    )


FILE_MODELS: dict[str, type[Closed]] = {
    "programs": ProgramsFile,
    "fund-sources": FundSourcesFile,
    "indicators": IndicatorsFile,
    "districts": DistrictsFile,
    "communes": CommunesFile,
    "agencies": AgenciesFile,
    "plan": PlanFile,
    "targets": TargetsFile,
    "funds": FundsFile,
    "duties": DutiesFile,
    "assignments": AssignmentsFile,
    "progress": ProgressFile,
}


def number(text: str | None) -> Decimal | None:
    """Return the exact value of a printed KB number (None stays None)."""
    return None if text is None else parse_vn_number(text)

"""Open data: typed datasets built from the model, one row type each, described by a data dictionary.

Each column has one type: numbers in machine form (decimal point, no thousands separator, integers
without `.0`), the printed text in its own `*_in` column, units in the field description; a fund line
says whether it is a printed total or a part, and `cong_vao_tong` marks the lines whose sum is the plan's
printed total (the same lines the site's split by source uses).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from generator.model import (SiteModel, headline_figure, headline_line, headline_parts, totals_by_group, totals_by_program,
                             totals_by_source, totals_by_top_program)
from generator.figures import Figure
from generator.schema import Assignment, Duty, FundLine, ProgressResult, Target, number
from generator.sums import in_millions
from generator.tables import (ASSIGNMENT_ROLE_TEXT, COMPARATOR_TEXT, GROUP_TEXT, KIND_TEXT, NATURE_TEXT, ROLE_TEXT,
                              program_label)

FieldType = Literal["string", "integer", "number", "boolean", "date"]
MONEY_UNIT = "triệu đồng"


@dataclass(frozen=True)
class Field:
    """One column of a dataset: machine name, Vietnamese title, type, unit and meaning."""

    name: str
    title: str
    type: FieldType
    description: str
    unit: str = ""

    @property
    def type_text(self) -> str:
        return TYPE_TEXT[self.type]


TYPE_TEXT = {"string": "chữ", "integer": "số nguyên", "number": "số", "boolean": "đúng/sai (true/false)",
             "date": "ngày (YYYY-MM-DD)"}


@dataclass(frozen=True)
class Dataset:
    """A typed table of the KB: its fields and a function giving its rows for some plans, plan after plan."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: Callable[[SiteModel, tuple[str, ...]], list[dict[str, Any]]]


def _f(name: str, title: str, kind: FieldType, description: str, unit: str = "") -> Field:
    return Field(name, title, kind, description, unit)


PLAN = _f("ke_hoach_id", "Mã kế hoạch", "string", "Mã của kế hoạch trong cơ sở dữ liệu (tên thư mục kb/plans/…).")
SECTION = _f("muc", "Mục", "string", "Mục của văn bản gốc in con số hoặc nội dung này, ví dụ V.1 hoặc A.II.1.")
NOTE = _f("ghi_chu", "Ghi chú", "string", "Ghi chú công khai giải thích con số hoặc cách ghi nhận.")
PROGRAM_ID = _f("chuong_trinh_id", "Mã chương trình", "string", "Mã chương trình, dự án hoặc tiểu dự án.")
PROGRAM = _f("chuong_trinh", "Chương trình", "string", "Chương trình › Dự án › Tiểu dự án.")


def _decimal(text: str | None) -> Decimal | None:
    return number(text) if text else None


def _plan_rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for plan_id in plan_ids:
        plan, headline = model.plan(plan_id), headline_line(model, plan_id)
        district = model.districts[plan.district]
        rows.append({
            "ke_hoach_id": plan.id, "ten": plan.title, "loai": KIND_TEXT[plan.kind], "co_quan_ban_hanh": plan.issuer,
            "huyen_id": district.id, "huyen": district.name, "tinh": district.province,
            "nam_bat_dau": plan.period_start, "nam_ket_thuc": plan.period_end,
            "so_van_ban": plan.number.value if plan.number.status == "printed" else None,
            "ngay_ban_hanh": plan.date.date if plan.date.status == "printed" else None,
            "tong_kinh_phi": in_millions(headline) if headline else None,
            "tong_kinh_phi_in": headline.amount if headline else None,
            "muc_tong_kinh_phi": headline.section if headline else None,
        })
    return rows


def _target_rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for plan_id in plan_ids:
        for t in model.bundle(plan_id).targets:
            rows.append(_target_row(model, plan_id, t))
    return rows


def _target_row(model: SiteModel, plan_id: str, t: Target) -> dict[str, Any]:
    baseline = t.baseline
    return {
        "ke_hoach_id": plan_id, "chi_tieu_id": t.id, "chuong_trinh_id": t.program, "chuong_trinh": program_label(model, t.program),
        "chi_tieu": t.indicator, "chi_tieu_chinh_id": t.indicator_key,
        "chi_tieu_chinh": next((i.name for i in model.kb.indicators if i.id == t.indicator_key), None), "so_sanh": t.comparator.value, "so_sanh_chu": COMPARATOR_TEXT[t.comparator],
        "gia_tri": _decimal(t.value), "gia_tri_toi_da": _decimal(t.value_max), "gia_tri_in": t.value,
        "don_vi": t.unit, "nam": t.year, "moi_nam": t.per_year,
        "gia_tri_goc": _decimal(baseline.value) if baseline else None, "gia_tri_goc_in": baseline.value if baseline else None,
        "nam_goc": baseline.year if baseline else None, "pham_vi": t.scope.printed or t.scope.level,
        "xa_ids": ";".join(t.scope.communes) or None, "muc": t.section, "ghi_chu": t.note or None,
    }


def _fund_rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    names = {s.id: s.name for s in model.kb.fund_sources}
    rows = []
    for plan_id in plan_ids:
        tree = model.fund_trees[plan_id]
        counted = {line.id for line in headline_parts(model, plan_id)}
        for line in tree.lines.values():
            rows.append(_fund_row(model, plan_id, line, names, line.id in counted))
    return rows


def _line_kind(model: SiteModel, plan_id: str, line: FundLine) -> str:
    has_parts = line.id in model.fund_trees[plan_id].children
    if has_parts and line.parent:
        return "tong-va-phan"
    return "tong" if has_parts else ("phan" if line.parent else "doc-lap")


def _fund_row(model: SiteModel, plan_id: str, line: FundLine, names: dict[str, str], counted: bool) -> dict[str, Any]:
    tree = model.fund_trees[plan_id]
    return {
        "ke_hoach_id": plan_id, "dong_id": line.id, "noi_dung": line.label, "chuong_trinh_id": line.program,
        "chuong_trinh": program_label(model, line.program), "nguon_von_id": line.source, "nguon_von": names[line.source],
        "nhom_nguon": tree.group_of[line.source], "so_tien": in_millions(line), "so_tien_in": line.amount,
        "don_vi_in": line.unit, "nam": line.year, "giai_doan": line.period, "tinh_chat": NATURE_TEXT[line.nature],
        "den_ngay": line.as_of, "ty_le_in": _decimal(line.percent_printed), "ty_le_cua": line.percent_of,
        "loai_dong": _line_kind(model, plan_id, line), "thuoc_tong": line.parent,
        "cach_chia": line.breakdown if line.parent else None, "la_tong_kinh_phi": line.headline,
        "cong_vao_tong": counted, "phat_hien": ";".join(sorted({f.code for f in tree.touching(line)})) or None,
        "muc": line.section, "ghi_chu": line.note or None,
    }


def _split_rows(split: Callable[[SiteModel, str], dict[str, Figure]], key: str, label: Callable[[SiteModel, str], str]):
    def rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for plan_id in plan_ids:
            for item, figure in split(model, plan_id).items():
                out.append({"ke_hoach_id": plan_id, key: item or None, key.removesuffix("_id"): label(model, item),
                            **_figure_fields(figure)})
        return out
    return rows


def _comparison_rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each plan's printed total, then its split by source family and by national program, as on /so-sanh/."""
    rows = []
    for plan_id in plan_ids:
        plan, total = model.plan(plan_id), headline_figure(model, plan_id)
        splits: list[tuple[str, str, str, Figure]] = [("tong", "", "Tổng theo văn bản", total)] if total else []
        splits += [("nguon", g, GROUP_TEXT[g], f) for g, f in totals_by_group(model, plan_id).items()]
        splits += [("chuong-trinh", p, model.programs[p].short_name if p else "Không gắn chương trình", f)
                   for p, f in totals_by_top_program(model, plan_id).items()]
        for split, key, name, figure in splits:
            district = model.districts[plan.district]
            rows.append({
                "ke_hoach_id": plan_id, "huyen_id": district.id, "huyen": district.name, "tinh": district.province,
                "nam_bat_dau": plan.period_start, "nam_ket_thuc": plan.period_end,
                "so_nam": plan.period_end - plan.period_start + 1, "cach_chia": split, "hang_muc_id": key or None,
                "hang_muc": name, "ky_so_lieu": ";".join(p for p in figure.periods if p) or None,
                **_figure_fields(figure),
            })
    return rows


def _figure_fields(figure: Figure) -> dict[str, Any]:
    return {"so_tien": figure.value, "loai_so": "in" if figure.printed else "tinh",
            "cac_dong": ";".join(line.id for line in figure.lines), "cac_muc": ";".join(figure.sections),
            "phat_hien": ";".join(sorted({f.code for f in figure.findings})) or None}


def _source_name(model: SiteModel, source: str) -> str:
    return next(s.name for s in model.kb.fund_sources if s.id == source)


def _duty_rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for plan_id in plan_ids:
        district = model.plan(plan_id).district
        for d in model.bundle(plan_id).duties:
            rows.append(_duty_row(model, plan_id, district, d))
    return rows


def _duty_row(model: SiteModel, plan_id: str, district: str, d: Duty) -> dict[str, Any]:
    return {
        "ke_hoach_id": plan_id, "nhiem_vu_id": d.id, "co_quan_id": d.agency, "co_quan": model.agencies[(district, d.agency)].name,
        "huyen_id": district, "vai_tro": d.role.value, "vai_tro_chu": ROLE_TEXT[d.role.value], "nhiem_vu": d.task,
        "co_quan_cung": ";".join(d.partners) or None, "chuong_trinh_id": d.program, "chuong_trinh": program_label(model, d.program),
        "muc": d.section, "ghi_chu": d.note or None,
    }


def _assignment_rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for plan_id in plan_ids:
        district = model.plan(plan_id).district
        for a in model.bundle(plan_id).assignments:
            rows.append(_assignment_row(model, plan_id, district, a))
    return rows


def _assignment_row(model: SiteModel, plan_id: str, district: str, a: Assignment) -> dict[str, Any]:
    commune = model.communes[(district, a.commune)]
    return {
        "ke_hoach_id": plan_id, "phan_cong_id": a.id, "co_quan_id": a.agency, "co_quan": model.agencies[(district, a.agency)].name,
        "huyen_id": district, "xa_id": a.commune, "xa": commune.name, "ma_xa": commune.code, "vai_tro": a.role,
        "vai_tro_chu": ASSIGNMENT_ROLE_TEXT[a.role], "cung_co_quan_id": a.with_agency, "ten_xa_in": a.commune_printed,
        "muc": a.section, "ghi_chu": a.note or None,
    }


def _result_rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for plan_id in plan_ids:
        for r in model.bundle(plan_id).results:
            rows.append(_result_row(model, plan_id, r))
    return rows


def _result_row(model: SiteModel, plan_id: str, r: ProgressResult) -> dict[str, Any]:
    return {
        "ke_hoach_id": plan_id, "ket_qua_id": r.id, "ket_qua": r.indicator, "gia_tri": _decimal(r.value), "gia_tri_in": r.value,
        "don_vi": r.unit, "den_ngay": r.as_of, "chi_tieu_id": r.target, "chuong_trinh_id": r.program,
        "chuong_trinh": program_label(model, r.program), "xa_ids": ";".join(r.communes) or None, "muc": r.section,
        "ghi_chu": r.note or None,
    }


def _finding_rows(model: SiteModel, plan_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for plan_id in plan_ids:
        for finding in model.findings.get(plan_id, ()):
            data = finding.data
            rows.append({
                "ke_hoach_id": plan_id, "ma_loi": finding.code, "dong_id": data.get("line"), "noi_dung": data.get("label"),
                "so_in": number(data["printed"]) if data.get("printed") else None,
                "so_tinh_lai": number(data["computed"]) if data.get("computed") else None,
                "chenh_lech_in": data.get("difference"), "muc": data.get("section"), "vi_tri": str(finding.location),
                "mo_ta": finding.message,
            })
    return rows


SPLIT_FIELDS = (
    _f("so_tien", "Số tiền", "number", "Số tiền, triệu đồng.", MONEY_UNIT),
    _f("loai_so", "Loại số", "string", "'in': một dòng in trong kế hoạch; 'tinh': trang web cộng nhiều dòng in."),
    _f("cac_dong", "Các dòng", "string", "Mã các dòng kinh phí in đã cộng (ngăn bằng dấu ;)."),
    _f("cac_muc", "Các mục", "string", "Các mục của văn bản in các dòng đó."),
    _f("phat_hien", "Phát hiện", "string", "Mã phát hiện chênh lệch liên quan (KB-SUM-MISMATCH…), nếu có."),
)

DATASETS: tuple[Dataset, ...] = (
    Dataset("ke-hoach", "Các kế hoạch", "Mỗi dòng là một kế hoạch với tổng kinh phí in trong văn bản.", (
        PLAN, _f("ten", "Tên kế hoạch", "string", "Tên kế hoạch như in."),
        _f("loai", "Loại", "string", "Kế hoạch giai đoạn, kế hoạch năm, …"),
        _f("co_quan_ban_hanh", "Cơ quan ban hành", "string", "Cơ quan ban hành như in."),
        _f("huyen_id", "Mã huyện", "string", "Mã huyện trong sổ đăng ký."), _f("huyen", "Huyện", "string", "Tên huyện."),
        _f("tinh", "Tỉnh", "string", "Tỉnh (trước 1/7/2025)."),
        _f("nam_bat_dau", "Năm bắt đầu", "integer", "Năm đầu của kỳ kế hoạch."),
        _f("nam_ket_thuc", "Năm kết thúc", "integer", "Năm cuối của kỳ kế hoạch."),
        _f("so_van_ban", "Số văn bản", "string", "Số hiệu như in; trống khi văn bản không ghi số."),
        _f("ngay_ban_hanh", "Ngày ban hành", "date", "Ngày ban hành; trống khi không ghi."),
        _f("tong_kinh_phi", "Tổng kinh phí", "number", "Tổng kinh phí in trong văn bản, triệu đồng.", MONEY_UNIT),
        _f("tong_kinh_phi_in", "Tổng kinh phí (như in)", "string", "Con số đúng như in, định dạng Việt Nam."),
        _f("muc_tong_kinh_phi", "Mục in tổng kinh phí", "string", "Mục của văn bản in tổng kinh phí."),
    ), _plan_rows),
    Dataset("chi-tieu", "Chỉ tiêu", "Mỗi dòng là một chỉ tiêu của một kế hoạch.", (
        PLAN, _f("chi_tieu_id", "Mã chỉ tiêu", "string", "Mã chỉ tiêu trong kế hoạch."), PROGRAM_ID, PROGRAM,
        _f("chi_tieu", "Chỉ tiêu", "string", "Nội dung chỉ tiêu như in."),
        _f("chi_tieu_chinh_id", "Mã chỉ tiêu chính", "string",
           "Chỉ tiêu chính (kb/registry/indicators.yaml) mà người nhập liệu gắn cho chỉ tiêu này, để so sánh giữa các kế hoạch; trống nếu không gắn."),
        _f("chi_tieu_chinh", "Chỉ tiêu chính", "string", "Tên chỉ tiêu chính, ví dụ Tỷ lệ hộ nghèo."),
        _f("so_sanh", "Mã so sánh", "string", "eq, gte, gt, lte, lt, range, decrease_by, increase_by, maintain…"),
        _f("so_sanh_chu", "So sánh", "string", "Cách so sánh bằng lời."),
        _f("gia_tri", "Giá trị", "number", "Giá trị chỉ tiêu (đơn vị ở cột don_vi)."),
        _f("gia_tri_toi_da", "Giá trị tối đa", "number", "Cận trên khi chỉ tiêu là một khoảng."),
        _f("gia_tri_in", "Giá trị (như in)", "string", "Giá trị đúng như in, định dạng Việt Nam."),
        _f("don_vi", "Đơn vị", "string", "Đơn vị như in: %, hộ, xã, …"),
        _f("nam", "Năm", "integer", "Năm phải đạt chỉ tiêu."),
        _f("moi_nam", "Mỗi năm", "boolean", "Giá trị là mức mỗi năm."),
        _f("gia_tri_goc", "Giá trị gốc", "number", "Giá trị xuất phát, khi văn bản in."),
        _f("gia_tri_goc_in", "Giá trị gốc (như in)", "string", "Giá trị xuất phát đúng như in."),
        _f("nam_goc", "Năm gốc", "integer", "Năm của giá trị xuất phát."),
        _f("pham_vi", "Phạm vi", "string", "Địa bàn áp dụng như in, hoặc 'district' (toàn huyện)."),
        _f("xa_ids", "Mã các xã", "string", "Mã các xã được nêu tên (ngăn bằng dấu ;)."), SECTION, NOTE,
    ), _target_rows),
    Dataset("nguon-von", "Các dòng kinh phí", "Mỗi dòng là một số tiền in trong kế hoạch: tổng hoặc phần của tổng. "
            "Cộng các dòng có cong_vao_tong = true của một kế hoạch thì được đúng tổng kinh phí in.", (
        PLAN, _f("dong_id", "Mã dòng", "string", "Mã dòng kinh phí trong kế hoạch."),
        _f("noi_dung", "Nội dung", "string", "Nội dung như in."), PROGRAM_ID, PROGRAM,
        _f("nguon_von_id", "Mã nguồn vốn", "string", "Mã nguồn vốn (tong-hop: tổng của nhiều nguồn)."),
        _f("nguon_von", "Nguồn vốn", "string", "Tên nguồn vốn."),
        _f("nhom_nguon", "Nhóm nguồn", "string", "nstw, nsdp, ngan-sach, tin-dung, long-ghep, huy-dong, tong."),
        _f("so_tien", "Số tiền", "number", "Số tiền, triệu đồng (đã đổi nếu văn bản in tỷ đồng).", MONEY_UNIT),
        _f("so_tien_in", "Số tiền (như in)", "string", "Con số đúng như in, định dạng Việt Nam, theo đơn vị ở don_vi_in."),
        _f("don_vi_in", "Đơn vị in", "string", "Đơn vị in trong văn bản: triệu đồng, tỷ đồng, đồng."),
        _f("nam", "Năm", "integer", "Năm của số tiền (với số liệu hằng năm)."),
        _f("giai_doan", "Giai đoạn", "string", "Giai đoạn, ví dụ 2023-2025 (với số liệu nhiều năm)."),
        _f("tinh_chat", "Tính chất", "string", "Kế hoạch, đã giao, chưa phân bổ, đã giải ngân, ước thực hiện."),
        _f("den_ngay", "Đến ngày", "date", "Ngày chốt số liệu tiến độ."),
        _f("ty_le_in", "Tỷ lệ in", "number", "Tỷ lệ phần trăm in cạnh con số (ví dụ 17.22 là 17,22%).", "%"),
        _f("ty_le_cua", "Tỷ lệ so với dòng", "string", "Mã dòng mà tỷ lệ in so sánh với."),
        _f("loai_dong", "Loại dòng", "string", "tong: tổng in có các phần; phan: phần của một tổng; tong-va-phan: cả hai; doc-lap: không thuộc tổng nào."),
        _f("thuoc_tong", "Thuộc tổng", "string", "Mã dòng tổng mà dòng này là một phần."),
        _f("cach_chia", "Cách chia", "string", "Tên cách chia khi một tổng được chia nhiều cách (theo nguồn, theo dự án)."),
        _f("la_tong_kinh_phi", "Là tổng kinh phí", "boolean", "Dòng là tổng kinh phí chung của kế hoạch."),
        _f("cong_vao_tong", "Cộng vào tổng", "boolean", "Các dòng true của một kế hoạch cộng lại đúng bằng tổng kinh phí in, mỗi số tiền tính một lần."),
        _f("phat_hien", "Phát hiện", "string", "Mã phát hiện chênh lệch liên quan tới dòng này, nếu có."), SECTION, NOTE,
    ), _fund_rows),
    Dataset("theo-nguon", "Tổng kinh phí theo nguồn vốn", "Tổng kinh phí in của mỗi kế hoạch, chia theo nguồn vốn.", (
        PLAN, _f("nguon_von_id", "Mã nguồn vốn", "string", "Mã nguồn vốn."), _f("nguon_von", "Nguồn vốn", "string", "Tên nguồn vốn."),
        *SPLIT_FIELDS), _split_rows(totals_by_source, "nguon_von_id", _source_name)),
    Dataset("theo-chuong-trinh", "Tổng kinh phí theo chương trình, dự án",
            "Tổng kinh phí in của mỗi kế hoạch, chia theo chương trình, dự án (số in của từng dự án).", (
        PLAN, PROGRAM_ID, PROGRAM, *SPLIT_FIELDS),
        _split_rows(totals_by_program, "chuong_trinh_id", lambda model, p: program_label(model, p) or "Không gắn chương trình")),
    Dataset("so-sanh-kinh-phi", "So sánh kinh phí giữa các kế hoạch",
            "Mỗi dòng là một ô của trang So sánh: tổng kinh phí in của một kế hoạch, hoặc phần của tổng đó thuộc một "
            "nhóm nguồn vốn hay một chương trình. Kế hoạch dài khác nhau: xem so_nam và ky_so_lieu trước khi so.", (
        PLAN, _f("huyen_id", "Mã huyện", "string", "Mã huyện trong sổ đăng ký."), _f("huyen", "Huyện", "string", "Tên huyện."),
        _f("tinh", "Tỉnh", "string", "Tỉnh (trước 1/7/2025)."),
        _f("nam_bat_dau", "Năm bắt đầu", "integer", "Năm đầu của kỳ kế hoạch."),
        _f("nam_ket_thuc", "Năm kết thúc", "integer", "Năm cuối của kỳ kế hoạch."),
        _f("so_nam", "Số năm", "integer", "Số năm của kỳ kế hoạch; tổng của kế hoạch nhiều năm là tiền của cả kỳ."),
        _f("cach_chia", "Cách chia", "string", "tong: tổng kinh phí in; nguon: theo nhóm nguồn vốn; chuong-trinh: theo chương trình."),
        _f("hang_muc_id", "Mã hạng mục", "string", "Nhóm nguồn (nstw, nsdp, ngan-sach, tin-dung, long-ghep, huy-dong, tong) "
           "hoặc mã chương trình; trống với tổng và với tiền không gắn chương trình."),
        _f("hang_muc", "Hạng mục", "string", "Tên nhóm nguồn hoặc chương trình như trên trang."),
        _f("ky_so_lieu", "Kỳ của số liệu", "string", "Năm hoặc giai đoạn in cạnh các dòng tạo nên số tiền (ngăn bằng dấu ;)."),
        *SPLIT_FIELDS), _comparison_rows),
    Dataset("nhiem-vu", "Nhiệm vụ của các cơ quan", "Mỗi dòng là một nhiệm vụ giao cho một cơ quan.", (
        PLAN, _f("nhiem_vu_id", "Mã nhiệm vụ", "string", "Mã nhiệm vụ trong kế hoạch."),
        _f("co_quan_id", "Mã cơ quan", "string", "Mã cơ quan trong sổ đăng ký của huyện."), _f("co_quan", "Cơ quan", "string", "Tên cơ quan."),
        _f("huyen_id", "Mã huyện", "string", "Huyện của cơ quan."),
        _f("vai_tro", "Mã vai trò", "string", "lead, support, advise, standing, implement, supervise, report."),
        _f("vai_tro_chu", "Vai trò", "string", "Chủ trì, phối hợp, tham mưu, …"), _f("nhiem_vu", "Nhiệm vụ", "string", "Nội dung như in."),
        _f("co_quan_cung", "Cơ quan cùng thực hiện", "string", "Mã các cơ quan được nêu cùng (ngăn bằng dấu ;)."),
        PROGRAM_ID, PROGRAM, SECTION, NOTE,
    ), _duty_rows),
    Dataset("phan-cong", "Phân công phụ trách xã", "Mỗi dòng là một cơ quan phụ trách hoặc đồng phụ trách một xã.", (
        PLAN, _f("phan_cong_id", "Mã phân công", "string", "Mã phân công trong kế hoạch."),
        _f("co_quan_id", "Mã cơ quan", "string", "Mã cơ quan."), _f("co_quan", "Cơ quan", "string", "Tên cơ quan."),
        _f("huyen_id", "Mã huyện", "string", "Huyện."), _f("xa_id", "Mã xã", "string", "Mã xã trong sổ đăng ký."),
        _f("xa", "Xã", "string", "Tên xã."), _f("ma_xa", "Mã hành chính xã", "string", "Mã đơn vị hành chính chính thức (trước 1/7/2025)."),
        _f("vai_tro", "Mã vai trò", "string", "lead: phụ trách; co_lead: đồng phụ trách."),
        _f("vai_tro_chu", "Vai trò", "string", "Phụ trách hoặc đồng phụ trách."),
        _f("cung_co_quan_id", "Cùng cơ quan", "string", "Với đồng phụ trách: cơ quan phụ trách chính được nêu cùng."),
        _f("ten_xa_in", "Tên xã như in", "string", "Tên xã đúng như in trong kế hoạch."), SECTION, NOTE,
    ), _assignment_rows),
    Dataset("ket-qua", "Kết quả thực hiện", "Kết quả báo cáo trong các kế hoạch có báo cáo tiến độ.", (
        PLAN, _f("ket_qua_id", "Mã kết quả", "string", "Mã kết quả trong kế hoạch."),
        _f("ket_qua", "Kết quả", "string", "Nội dung như in."), _f("gia_tri", "Giá trị", "number", "Giá trị đạt được (đơn vị ở cột don_vi)."),
        _f("gia_tri_in", "Giá trị (như in)", "string", "Giá trị đúng như in."), _f("don_vi", "Đơn vị", "string", "Đơn vị như in."),
        _f("den_ngay", "Đến ngày", "date", "Ngày chốt số liệu."), _f("chi_tieu_id", "Mã chỉ tiêu", "string", "Chỉ tiêu mà kết quả báo cáo."),
        PROGRAM_ID, PROGRAM, _f("xa_ids", "Mã các xã", "string", "Các xã được nêu tên (ngăn bằng dấu ;)."), SECTION, NOTE,
    ), _result_rows),
    Dataset("phat-hien", "Chênh lệch trong văn bản", "Các tổng in không bằng các phần cộng lại, các tỷ lệ in khác tỷ lệ tính lại.", (
        PLAN, _f("ma_loi", "Mã phát hiện", "string", "KB-SUM-MISMATCH (tổng) hoặc KB-PERCENT-MISMATCH (tỷ lệ)."),
        _f("dong_id", "Mã dòng", "string", "Dòng kinh phí có chênh lệch."), _f("noi_dung", "Nội dung", "string", "Nội dung dòng như in."),
        _f("so_in", "Số in", "number", "Số in trong văn bản (triệu đồng hoặc %)."),
        _f("so_tinh_lai", "Số tính lại", "number", "Số tính lại từ các số khác của văn bản."),
        _f("chenh_lech_in", "Chênh lệch", "string", "Chênh lệch, định dạng Việt Nam."), SECTION,
        _f("vi_tri", "Vị trí trong cơ sở dữ liệu", "string", "Tệp:dòng:cột trong kb/."),
        _f("mo_ta", "Mô tả", "string", "Mô tả đầy đủ."),
    ), _finding_rows),
)


def dataset(name: str) -> Dataset:
    return next(d for d in DATASETS if d.name == name)


def dataset_rows(model: SiteModel, data: Dataset, plan_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The dataset's rows for some plans, with exactly its fields, in field order."""
    names = [f.name for f in data.fields]
    return [{name: row.get(name) for name in names} for row in data.rows(model, tuple(plan_ids))]

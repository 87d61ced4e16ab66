"""Scaffold a new plan folder: files with editor modelines and commented Vietnamese examples, valid as written."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from generator.errors import Issue, KbError, Location
from generator.schema import ID_PATTERN

KINDS = {"multi_year": "kế hoạch giai đoạn", "annual": "kế hoạch năm",
         "annual_with_progress_report": "kế hoạch năm kèm báo cáo kết quả"}


@dataclass(frozen=True)
class NewPlan:
    """What `new-plan` was asked for, checked."""

    plan_id: str
    district: str
    district_name: str
    kind: str
    start: int
    end: int


def check_request(kb_dir: Path, plan_id: str, district: str, kind: str, period: str) -> NewPlan:
    """Check the arguments against the registry; raise KbError with every problem found."""
    folder = kb_dir / "plans" / plan_id
    issues = []
    if not re.match(ID_PATTERN, plan_id):
        issues.append(Issue("CMD-ARGUMENT", f"mã kế hoạch '{plan_id}' sai định dạng", Location("new-plan ID"),
                            hint="chữ thường không dấu, chữ số và dấu '-', ví dụ 'phong-tho-2026'"))
    if folder.exists():
        issues.append(Issue("CMD-EXISTS", f"thư mục {folder.as_posix()} đã có; lệnh không ghi đè", Location(folder.as_posix()),
                            hint="chọn mã kế hoạch khác, hoặc sửa trực tiếp các tệp trong thư mục đó"))
    if kind not in KINDS:
        guess = difflib.get_close_matches(kind, list(KINDS), n=1)
        issues.append(Issue("CMD-ARGUMENT", f"loại kế hoạch '{kind}' không hợp lệ", Location("--kind"),
                            hint=f"có phải ý bạn là '{guess[0]}'?" if guess else
                            "chọn một trong: " + ", ".join(f"{k} ({v})" for k, v in KINDS.items())))
    years = _period(period)
    if years is None:
        issues.append(Issue("CMD-ARGUMENT", f"thời gian '{period}' không hợp lệ", Location("--period"),
                            hint="ghi một năm (2026) hoặc một giai đoạn (2026-2030)"))
    elif kind.startswith("annual") and years[0] != years[1]:
        issues.append(Issue("CMD-ARGUMENT", f"kế hoạch năm nhưng thời gian là giai đoạn {period}", Location("--period"),
                            hint="kế hoạch năm: ghi một năm; kế hoạch giai đoạn: --kind multi_year"))
    names = _districts(kb_dir)
    if district not in names:
        guess = difflib.get_close_matches(district, list(names), n=1)
        issues.append(Issue("KB-REF-UNKNOWN", f"huyện '{district}' không có trong sổ đăng ký", Location("kb/registry/districts.yaml"),
                            hint=f"có phải ý bạn là '{guess[0]}'?" if guess else
                            "thêm huyện trước: python -m generator add-district \"Tên huyện\" \"Tên tỉnh\""))
    if issues:
        raise KbError(issues)
    assert years is not None
    return NewPlan(plan_id, district, names[district], kind, *years)


def _period(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", text.strip())
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    return (start, end) if 1945 <= start <= end <= 2100 else None


def _districts(kb_dir: Path) -> dict[str, str]:
    path = kb_dir / "registry" / "districts.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return {str(d["id"]): str(d["name"]) for d in (data or {}).get("districts", [])}


def _programs(kb_dir: Path) -> list[str]:
    path = kb_dir / "registry" / "programs.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return [str(p["id"]) for p in (data or {}).get("programs", [])]


def scaffold_files(request: NewPlan, programs: list[str]) -> dict[str, str]:
    """Return file name -> text of the new plan folder."""
    year = request.end
    files = {
        "plan.yaml": PLAN.format(r=request, period=_period_text(request), programs=", ".join(programs) or "(chưa có)",
                                 year=year),
        "targets.yaml": TARGETS.format(r=request, year=year),
        "funds.yaml": FUNDS.format(r=request, year=year),
        "duties.yaml": DUTIES.format(r=request),
        "assignments.yaml": ASSIGNMENTS.format(r=request),
    }
    if request.kind == "annual_with_progress_report":
        files["progress.yaml"] = PROGRESS.format(r=request, year=year - 1)
    return files


def _period_text(request: NewPlan) -> str:
    return str(request.start) if request.start == request.end else f"giai đoạn {request.start}-{request.end}"


def new_plan(kb_dir: Path, plan_id: str, *, district: str, kind: str, period: str) -> list[Path]:
    """Write the scaffold of a new plan folder; refuse to overwrite anything."""
    request = check_request(kb_dir, plan_id, district, kind, period)
    folder = kb_dir / "plans" / plan_id
    folder.mkdir(parents=True)
    written = []
    for name, text in scaffold_files(request, _programs(kb_dir)).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


MODELINE = "# yaml-language-server: $schema=../../schema/{kind}.schema.json\n"

PLAN = MODELINE.format(kind="plan") + """\
# Kế hoạch mới. Chép từng thông tin đúng như văn bản gốc; xem docs/authoring.md ("Thêm một kế hoạch mới").
plan:
  id: {r.plan_id}
  # Tiêu đề chép nguyên văn, ví dụ: Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2026
  title: Kế hoạch {period} của huyện {r.district_name} (sửa theo tiêu đề in trong văn bản)
  kind: {r.kind}
  issuer: UBND huyện {r.district_name}
  district: {r.district}
  period_start: {r.start}
  period_end: {r.end}
  # Số văn bản. status: printed (có in số), blank (bản in để trống, "Số:   /KH-UBND"), unknown (không có phần này).
  # Ví dụ có in số:
  #   status: printed
  #   value: 459/KH-UBND
  #   printed: 'Số: 459/KH-UBND'
  number:
    status: unknown
  # Ngày ban hành. Ví dụ "ngày 15 tháng 3 năm {year}": status: printed, date: '{year}-03-15'.
  # Bản in để trống ngày nhưng có tháng ("ngày   tháng 02 năm {year}"): status: blank, month: 2, year: {year}.
  date:
    status: unknown
  # Mã chương trình trong kb/registry/programs.yaml: {programs}
  programs: []
  # Căn cứ: mỗi văn bản được viện dẫn ở phần "Căn cứ …" là một mục. Ví dụ:
  #   - id: lb-qd-90
  #     kind: quyet-dinh
  #     number: 90/QĐ-TTg
  #     date: '2022-01-18'
  #     issuer: Thủ tướng Chính phủ
  #     title: phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025
  #     section: preamble
  # Đề án không ghi số, không ghi cơ quan ban hành: bỏ number và issuer, ví dụ
  #   - id: lb-de-an-du-lich
  #     kind: de-an
  #     title: Đề án Phát triển du lịch huyện giai đoạn 2023-2025
  #     section: preamble
  legal_bases: []
  # Tên tệp Word (hoặc tệp văn bản) gốc của kế hoạch, chép tệp vào kb/sources/. Chưa có tệp (mới có bản giấy)
  # thì ghi lý do cho người đọc, ví dụ: source_absent_reason: Bản giấy, chưa số hóa
  source_file: ''
# Giá trị chung cho các mục của kế hoạch; mục (hoặc defaults của tệp) ghi khác thì theo mục (tệp). Ví dụ:
# defaults:
#   program: gnbv
#   year: {year}
"""

TARGETS = MODELINE.format(kind="targets") + """\
plan: {r.plan_id}
# Giá trị chung cho mọi chỉ tiêu của tệp này (chỉ tiêu nào ghi khác thì theo chỉ tiêu đó). Ví dụ:
# defaults:
#   program: gnbv
#   year: {year}
#   unit: '%'
#
# Mỗi chỉ tiêu là một chỉ số với một giá trị in trong văn bản; bỏ dòng "unreviewed: true" khi đã đối chiếu.
# Ví dụ "Tỷ lệ hộ nghèo giảm xuống còn 20%":
#   - id: t-ty-le-ho-ngheo
#     indicator: Tỷ lệ hộ nghèo
#     comparator: decrease_to
#     value: '20'
#     unit: '%'
#     year: {year}
#     section: II.1
# comparator: eq (đạt), gte (ít nhất, từ … trở lên), gt (trên), lte (không quá), lt (dưới), range (từ … đến),
# decrease_by (giảm), increase_by (tăng), decrease_by_more_than (giảm trên), decrease_to (giảm xuống còn),
# about (khoảng), maintain (duy trì).
targets: []
"""

FUNDS = MODELINE.format(kind="funds") + """\
plan: {r.plan_id}
# Giá trị chung cho mọi dòng vốn của tệp này. Ví dụ:
# defaults:
#   year: {year}
#   source: nstw
#   nature: planned
#
# Mỗi số tiền in trong văn bản là một dòng; tổng là một dòng, các phần ghi parent: <mã dòng tổng>. Ví dụ:
#   - id: f-tong
#     label: Tổng kinh phí thực hiện kế hoạch
#     amount: '10.500'
#     source: tong-hop
#     headline: true
#     section: III
fund_lines: []
"""

DUTIES = MODELINE.format(kind="duties") + """\
plan: {r.plan_id}
# Mỗi nhiệm vụ giao cho một cơ quan có tên trong kb/registry/agencies/{r.district}.yaml. Ví dụ:
#   - id: d-tu-phap-tuyen-truyen
#     agency: phong-tu-phap
#     role: lead
#     task: Chủ trì tuyên truyền phổ biến giáo dục pháp luật cho người nghèo.
#     section: V.2
# role: lead (chủ trì), support (phối hợp), advise (tham mưu), standing (thường trực), implement (thực hiện),
# supervise (giám sát), report (báo cáo).
duties: []
"""

ASSIGNMENTS = MODELINE.format(kind="assignments") + """\
plan: {r.plan_id}
# Mỗi dòng "Phụ trách xã …" là một phân công. Ví dụ:
#   - id: a-tu-phap-dao-san
#     agency: phong-tu-phap
#     commune: dao-san
#     role: lead
#     commune_printed: Đào San
#     section: VI.2.7
# role: lead (phụ trách), co_lead (đồng phụ trách, ghi thêm with_agency: <cơ quan phụ trách chính>).
assignments: []
"""

PROGRESS = MODELINE.format(kind="progress") + """\
plan: {r.plan_id}
# Kỳ báo cáo chép như bản in
period_label: 6 tháng đầu năm {year} (sửa theo bản in)
# Mỗi kết quả có số liệu là một mục. Ví dụ:
#   - id: p-ho-thoat-ngheo
#     indicator: Số hộ thoát nghèo
#     value: '120'
#     unit: hộ
#     as_of: '{year}-06-30'
#     section: A.I
results: []
"""

"""Registry commands: entries added with comments kept, taken ids and names refused with a located did-you-mean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.fmt import format_kb
from generator.load import load_kb
from generator.validate import validate_kb
from tests.conftest import ROOT
from tests.test_cli import run_cli


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(ROOT / "kb" / "registry", target / "registry")
    return target


def _run(kb: Path, *args: str):
    return run_cli("--kb", str(kb), *args, cwd=kb.parent)


def test_add_agency_appends_keeps_comments_and_validates(kb: Path) -> None:
    path = kb / "registry" / "agencies" / "phong-tho.yaml"
    comment = path.read_text(encoding="utf-8").splitlines()[1]
    assert comment.startswith("# Agencies of huyện Phong Thổ")
    result = _run(kb, "add-agency", "phong-tho", "Hội Nông dân huyện", "--alias", "Hội ND huyện", "--short-name", "HND")
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert comment in text and text.endswith(
        "  - id: hoi-nong-dan-huyen\n    name: Hội Nông dân huyện\n    short_name: HND\n    kind: doan-the\n"
        "    aliases: [Hội ND huyện]\n")
    kb_value = validate_kb(*load_kb(kb))
    assert "hoi-nong-dan-huyen" in {a.id for a in kb_value.agencies["phong-tho"].agencies}
    assert format_kb(kb, check=True) == []


def test_add_agency_refuses_a_taken_id_name_or_near_name(kb: Path) -> None:
    before = (kb / "registry" / "agencies" / "phong-tho.yaml").read_text(encoding="utf-8")
    taken = _run(kb, "add-agency", "phong-tho", "Phòng Tư pháp")
    assert taken.returncode == 1 and "Traceback" not in taken.stderr
    assert taken.stderr.splitlines()[:2] == [
        "kb/registry/agencies/phong-tho.yaml:35:5: error[KB-ID-DUPLICATE] mã cơ quan 'phong-tu-phap' đã có (Phòng Tư pháp) "
        "(chọn mã khác, ví dụ 'phong-tu-phap-2')",
        "kb/registry/agencies/phong-tho.yaml:35:5: error[KB-ALIAS-DUPLICATE] tên 'Phòng Tư pháp' đã là tên hoặc bí danh "
        "của cơ quan 'phong-tu-phap' (cùng một đơn vị thì không cần thêm; nếu khác đơn vị, đặt tên đầy đủ hơn)"]
    near = _run(kb, "add-agency", "phong-tho", "Phòng Tư Pháp huyện")
    assert near.returncode == 1 and "có phải ý bạn là 'phong-tu-phap'?" in near.stderr and "--force" in near.stderr
    assert (kb / "registry" / "agencies" / "phong-tho.yaml").read_text(encoding="utf-8") == before
    unknown = _run(kb, "add-agency", "phong-thoo", "Phòng Mới")
    assert "huyện 'phong-thoo' không có trong sổ đăng ký (có phải ý bạn là 'phong-tho'?)" in unknown.stderr
    forced = _run(kb, "add-agency", "phong-tho", "Phòng Tư Pháp huyện", "--force", "--id", "phong-tu-phap-moi")
    assert forced.returncode == 0, forced.stderr


def test_add_program_nests_under_its_parent_and_adds_a_provincial_de_an(kb: Path) -> None:
    de_an = _run(kb, "add-program", "de-an-du-lich-phong-tho", "--name", "Đề án Phát triển du lịch huyện Phong Thổ",
                 "--short-name", "Đề án du lịch", "--period", "2023-2025")
    assert de_an.returncode == 0, de_an.stderr
    sub = _run(kb, "add-program", "gnbv-da3-tda9", "--name", "Tiểu dự án thử", "--short-name", "TDA 9",
               "--kind", "tieu-du-an", "--parent", "gnbv-da3")
    assert sub.returncode == 0, sub.stderr
    kb_value = validate_kb(*load_kb(kb))
    parents = {p.id: parent.id if parent else None for p, parent in kb_value.all_programs()}
    assert parents["de-an-du-lich-phong-tho"] is None and parents["gnbv-da3-tda9"] == "gnbv-da3"
    assert next(p for p, _ in kb_value.all_programs() if p.id == "de-an-du-lich-phong-tho").kind == "de-an"
    assert "# Shared registry" in (kb / "registry" / "programs.yaml").read_text(encoding="utf-8")
    assert format_kb(kb, check=True) == []
    again = _run(kb, "add-program", "gnbv-da3", "--name", "X", "--short-name", "X")
    assert again.returncode == 1 and "error[KB-ID-DUPLICATE] mã chương trình 'gnbv-da3' đã có" in again.stderr
    orphan = _run(kb, "add-program", "x-1", "--name", "Y khác hẳn", "--short-name", "Y", "--parent", "gnbv-da33")
    assert "chương trình cha 'gnbv-da33' không có trong sổ đăng ký (có phải ý bạn là 'gnbv-da3'?)" in orphan.stderr


def test_add_fund_source_checks_the_group(kb: Path) -> None:
    bad = _run(kb, "add-fund-source", "nsdp-doi-ung", "--name", "Ngân sách tỉnh đối ứng", "--group", "nsdpp")
    assert bad.returncode == 1
    assert "error[KB-VALUE-CHOICE] giá trị 'nsdpp' của 'group' không hợp lệ (chọn một trong: 'nstw', 'nsdp'" in bad.stderr
    good = _run(kb, "add-fund-source", "nsdp-doi-ung", "--name", "Ngân sách tỉnh đối ứng", "--group", "nsdp")
    assert good.returncode == 0, good.stderr
    assert "nsdp-doi-ung" in {s.id for s in validate_kb(*load_kb(kb)).fund_sources}

"""new-plan: a folder with modelines and commented examples that validates and is canonical as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.drafts import publishable_kb
from generator.fmt import format_text
from generator.load import classify, load_kb
from generator.validate import validate_kb
from tests.conftest import ROOT
from tests.test_cli import run_cli


@pytest.fixture
def registries(tmp_path: Path) -> Path:
    """A KB with the shipped registries and no plans."""
    kb = tmp_path / "kb"
    for name in ("registry", "schema"):
        shutil.copytree(ROOT / "kb" / name, kb / name)
    return kb


@pytest.mark.parametrize("kind, period, files", [
    ("annual", "2026", 5), ("multi_year", "2026-2030", 5), ("annual_with_progress_report", "2026", 6)])
def test_new_plan_validates_as_written_and_is_canonical(registries: Path, kind: str, period: str, files: int) -> None:
    result = run_cli("--kb", str(registries), "new-plan", "phong-tho-2026", "--district", "phong-tho", "--kind", kind,
                     "--period", period, cwd=registries.parent)
    assert result.returncode == 0, result.stderr
    folder = registries / "plans" / "phong-tho-2026"
    assert len(list(folder.glob("*.yaml"))) == files
    kb = validate_kb(*load_kb(registries))
    plan = kb.plans["phong-tho-2026"].plan
    assert plan is not None and (plan.kind, plan.issuer) == (kind, "UBND huyện Phong Thổ")
    years = [int(y) for y in re.findall(r"\d{4}", period)]
    assert (plan.period_start, plan.period_end) == (years[0], years[-1])
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        place = classify(path.relative_to(registries))
        assert place is not None
        assert text.startswith(f"# yaml-language-server: $schema=../../schema/{place[0]}.schema.json\n")
        assert format_text(text, place[0]) == text, f"{path.name} is not in fmt's canonical form"
        assert "Ví dụ" in text  # commented examples for the author, in Vietnamese
    # An empty scaffold is not published by accident: it has no reviewed item yet.
    assert publishable_kb(kb).left_off == ("phong-tho-2026",)


def test_new_plan_refuses_to_overwrite_and_explains_bad_arguments(registries: Path) -> None:
    args = ["--kb", str(registries), "new-plan", "phong-tho-2026", "--district", "phong-tho", "--kind", "annual",
            "--period", "2026"]
    assert run_cli(*args, cwd=registries.parent).returncode == 0
    before = (registries / "plans" / "phong-tho-2026" / "plan.yaml").read_text(encoding="utf-8")
    again = run_cli(*args, cwd=registries.parent)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "error[CMD-EXISTS] thư mục" in again.stderr and "không ghi đè" in again.stderr
    assert (registries / "plans" / "phong-tho-2026" / "plan.yaml").read_text(encoding="utf-8") == before
    bad = run_cli("--kb", str(registries), "new-plan", "Phong Tho", "--district", "phong-th", "--kind", "anual",
                  "--period", "2026-20", cwd=registries.parent)
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "new-plan ID: error[CMD-ARGUMENT] mã kế hoạch 'Phong Tho' sai định dạng (chữ thường không dấu, chữ số và dấu '-', "
        "ví dụ 'phong-tho-2026')",
        "--kind: error[CMD-ARGUMENT] loại kế hoạch 'anual' không hợp lệ (có phải ý bạn là 'annual'?)",
        "--period: error[CMD-ARGUMENT] thời gian '2026-20' không hợp lệ (ghi một năm (2026) hoặc một giai đoạn (2026-2030))",
        "kb/registry/districts.yaml: error[KB-REF-UNKNOWN] huyện 'phong-th' không có trong sổ đăng ký "
        "(có phải ý bạn là 'phong-tho'?)",
        "4 lỗi."]
    annual_period = run_cli("--kb", str(registries), "new-plan", "x-2026", "--district", "phong-tho", "--kind", "annual",
                            "--period", "2026-2030", cwd=registries.parent)
    assert "kế hoạch năm nhưng thời gian là giai đoạn 2026-2030" in annual_period.stderr
    assert not (registries / "plans" / "x-2026").exists()

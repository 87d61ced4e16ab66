"""The command line: exit codes, located messages, no tracebacks for bad input, documented commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.cli import COMMANDS
from tests.conftest import FIXTURES, ROOT, load_fixture


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_validate_shipped_kb_exits_zero_and_prints_findings() -> None:
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    assert "Hợp lệ:" in result.stdout


def test_validate_broken_kb_exits_one_with_located_errors(kb_dir) -> None:
    names = ["KB-REF-UNKNOWN", "KB-KEY-UNKNOWN", "KB-TYPE", "KB-ID-DUPLICATE"]
    kb = kb_dir(*(load_fixture(FIXTURES / "invalid" / f"{n}.yaml") for n in names))
    result = run_cli("--kb", str(kb), "validate", cwd=kb.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "error[" in line]
    assert len(lines) == 4 and all(line.startswith("kb/plans/mini-2024/") for line in lines)
    assert result.stderr.strip().endswith("4 lỗi.")


def test_build_with_bad_kb_prints_errors_not_a_traceback(kb_dir, tmp_path: Path) -> None:
    kb = kb_dir(load_fixture(FIXTURES / "invalid" / "KB-YAML-SYNTAX.yaml"))
    result = run_cli("--kb", str(kb), "build", "--out", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error[KB-YAML-SYNTAX]" in result.stderr
    assert not (tmp_path / "site").exists()


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"python -m generator {name}" in readme, name


def test_add_district_takes_codes_and_successors_from_the_dataset(tmp_path: Path) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", kb)
    result = run_cli("--kb", str(kb), "add-district", "Sìn Hồ", "Lai Châu", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (kb / "registry" / "communes" / "sin-ho.yaml").read_text(encoding="utf-8")
    assert "source: vietnamadminunits 1.0.4" in text and "successors:" in text
    assert run_cli("--kb", str(kb), "validate", cwd=tmp_path).returncode == 0
    missing = run_cli("--kb", str(kb), "add-district", "Không Có", "Lai Châu", cwd=tmp_path)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_communes_whose_names_fold_alike_get_distinct_ids() -> None:
    from generator.admin_units import communes_document

    ids = [c["id"] for c in communes_document("Trấn Yên", "Yên Bái")["communes"]]
    assert len(ids) == len(set(ids))
    assert {i for i in ids if i.startswith("minh-quan")} == {i for i in ids if i.startswith("minh-quan-")}


def test_missing_kb_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("--kb", str(tmp_path / "khong-co"), "validate", cwd=tmp_path)
    assert result.returncode == 1 and "không tìm thấy thư mục cơ sở dữ liệu" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_are_vietnamese_with_the_help_command() -> None:
    result = run_cli("new-plan", "x-2026", "--district", "phong-tho")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == ("python -m generator new-plan: error[CMD-ARGUMENT] thiếu tham số bắt buộc: --kind, "
                                     "--period (xem: python -m generator new-plan --help)")


def test_build_outside_the_project_or_with_a_broken_mkdocs_yml_is_a_located_error(kb_dir, tmp_path: Path,
                                                                                  monkeypatch, capfd) -> None:
    from generator.cli import main

    kb = kb_dir()
    monkeypatch.chdir(kb.parent)
    assert main(["--kb", "kb", "build", "--out", str(tmp_path / "site")]) == 1
    assert "mkdocs.yml:1:1: error[SITE-CONFIG] không tìm thấy mkdocs.yml" in capfd.readouterr().err
    (kb.parent / "mkdocs.yml").write_text("site_name: x\nextra:\n  contact: [a\n", encoding="utf-8")
    assert main(["--kb", "kb", "build", "--out", str(tmp_path / "site")]) == 1
    assert "mkdocs.yml:4:1: error[SITE-CONFIG] mkdocs.yml không phải YAML hợp lệ" in capfd.readouterr().err
    assert not (tmp_path / "site").exists()

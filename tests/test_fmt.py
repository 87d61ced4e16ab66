"""Canonical formatting: idempotent, content-preserving, comments kept, --check names files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.export import kb_json
from generator.fmt import format_kb, format_text
from generator.load import classify, load_kb
from generator.validate import validate_kb
from tests.conftest import ROOT
from tests.test_cli import run_cli

KB_FILES = sorted(p for p in (ROOT / "kb").rglob("*.yaml") if p.relative_to(ROOT / "kb").parts[0] != "schema")


@pytest.mark.parametrize("path", KB_FILES, ids=[str(p.relative_to(ROOT / "kb")) for p in KB_FILES])
def test_fmt_is_idempotent(path: Path) -> None:
    place = classify(path.relative_to(ROOT / "kb"))
    assert place is not None
    once = format_text(path.read_text(encoding="utf-8"), place[0])
    assert format_text(once, place[0]) == once


def test_fmt_preserves_content_and_comments(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", kb)
    funds = next(kb.glob("plans/*/funds.yaml"))
    text = funds.read_text(encoding="utf-8")
    # scramble key order of the first item and add a comment: fmt must restore order and keep the comment
    scrambled = text.replace("fund_lines:\n", "fund_lines:  # các dòng vốn\n", 1)
    funds.write_text(scrambled, encoding="utf-8")
    before = kb_json(validate_kb(*load_kb(kb, tmp_path)))
    format_kb(kb, check=False)
    after = kb_json(validate_kb(*load_kb(kb, tmp_path)))
    assert before == after
    assert "# các dòng vốn" in funds.read_text(encoding="utf-8")
    assert format_kb(kb, check=True) == []


def test_fmt_check_names_files_and_exits_one(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini" / "kb", kb)
    duties = kb / "plans" / "mini-2024" / "duties.yaml"
    duties.write_text(duties.read_text(encoding="utf-8").replace("    role: lead\n    task:", "    task:", 1)
                      .replace("    section: V.2\n", "    section: V.2\n    role: lead\n", 1), encoding="utf-8")
    result = run_cli("--kb", str(kb), "fmt", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip() == f"{duties}: cần định dạng lại"
    assert run_cli("--kb", str(kb), "fmt", cwd=tmp_path).returncode == 0
    assert run_cli("--kb", str(kb), "fmt", "--check", cwd=tmp_path).returncode == 0


def test_shipped_kb_is_canonically_formatted() -> None:
    assert format_kb(ROOT / "kb", check=True) == []

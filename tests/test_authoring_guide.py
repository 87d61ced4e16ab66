"""The Vietnamese authoring guide (docs/authoring.md) is executed, so its checklist cannot go stale.

The checklist "Thêm một kế hoạch mới" is run as written in a copy of the repository, along its two paths:
typed by hand (`new-plan`, then every `yaml title="PATH"` block written to PATH, the author "filling in" the
files) and from a Word file (`import` of a .docx made from a seed plan, then every `unreviewed: true` line
deleted, the author's review). Every other `python -m generator …` line of its `sh` blocks is executed as
written; lines that are not generator commands (git) are skipped.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import CATALOGUE
from tests.conftest import ROOT
from tests.docx_fixture import text_to_docx
from tests.test_import import SEED

GUIDE = ROOT / "docs" / "authoring.md"
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.M | re.S)
CHECKLIST = "## Thêm một kế hoạch mới"


def checklist_steps() -> list[tuple[str, str, str]]:
    """(language, info string, body) of every fenced block of the checklist section, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split(CHECKLIST, 1)[1].split("\n## ", 1)[0]
    return [(m.group(1), m.group(2).strip(), m.group(3)) for m in BLOCK.finditer(section)]


def _commands(body: str) -> list[list[str]]:
    lines = [line.split("  #")[0].strip() for line in body.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("python -m generator ")]


def _repo_copy(tmp_path: Path) -> Path:
    """A working copy: the shipped registries (not the other plans, to keep the test fast) and docs copied,
    the code, templates and mkdocs.yml linked."""
    repo = tmp_path / "repo"
    (repo / "kb").mkdir(parents=True)
    for name in ("registry", "schema"):
        shutil.copytree(ROOT / "kb" / name, repo / "kb" / name)
    shutil.copytree(ROOT / "docs", repo / "docs")
    for name in ("generator", "site_templates", "mkdocs.yml"):
        (repo / name).symlink_to(ROOT / name)
    return repo


def _run_checklist(repo: Path, *, word_file: bool) -> list[str]:
    """Run the checklist in *repo* along one of its two paths; return the commands run."""
    ran: list[str] = []
    for language, info, body in checklist_steps():
        if language == "yaml":
            target = re.search(r'title="([^"]+)"', info)
            assert target, f"a yaml block of the checklist names no file: {body[:60]}"
            if not word_file:
                (repo / target.group(1)).write_text(body, encoding="utf-8")
            continue
        for argv in _commands(body):
            if argv[3] == ("new-plan" if word_file else "import"):
                continue  # the other path's way of making the plan folder
            result = subprocess.run([sys.executable, *argv[1:]], cwd=repo, capture_output=True, text=True,
                                    env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1700000000"})
            assert result.returncode == 0, f"{' '.join(argv)}\n{result.stdout}\n{result.stderr}"
            assert "Traceback" not in result.stderr
            ran.append(argv[3])
            if argv[3] == "import":  # step 2: the author checks every item and deletes its review mark
                for path in (repo / "kb" / "plans" / "phong-tho-2026").glob("*.yaml"):
                    text = path.read_text(encoding="utf-8")
                    path.write_text(re.sub(r"^ *unreviewed: true\n", "", text, flags=re.M), encoding="utf-8")
    return ran


def test_checklist_runs_as_written(tmp_path: Path) -> None:
    repo = _repo_copy(tmp_path)
    assert _run_checklist(repo, word_file=False) == ["new-plan", "validate", "fmt", "reconcile", "build"]
    page = (repo / "build" / "site" / "ke-hoach" / "phong-tho-2026" / "index.html").read_text(encoding="utf-8")
    # The filled-in items are published with what they inherit and with the new wordings in words.
    assert "Tỷ lệ hộ nghèo toàn huyện" in page and "giảm xuống còn" in page and "khoảng" in page
    assert "giảm hơn" in page and "%/năm" in page
    assert "(không ghi số)" in page and "(không ghi cơ quan ban hành)" in page and "tháng 02/2023 (không ghi ngày)" in page
    assert "Bản nháp" not in page
    reconciliation = (repo / "docs" / "reconciliation" / "phong-tho-2026.md").read_text(encoding="utf-8")
    assert "| targets |  | 3 | |" in reconciliation


def test_guide_explains_every_error_code() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"| `{code}` |" in text, f"docs/authoring.md does not explain {code}"


def test_guide_commands_exist() -> None:
    from generator.cli import COMMANDS

    text = GUIDE.read_text(encoding="utf-8")
    used = set(re.findall(r"python -m generator ([a-z-]+)", text))
    assert used - {"import"} <= set(COMMANDS), used - set(COMMANDS)


@pytest.mark.skipif(not SEED.exists(), reason="seed plans are in ../shared/seeds")
def test_checklist_from_a_word_file(tmp_path: Path) -> None:
    repo = _repo_copy(tmp_path)
    text_to_docx(SEED.read_text(encoding="utf-8"), repo / "ke-hoach-2026.docx")
    assert _run_checklist(repo, word_file=True) == ["import", "validate", "fmt", "reconcile", "build"]
    page = (repo / "build" / "site" / "ke-hoach" / "phong-tho-2026" / "index.html").read_text(encoding="utf-8")
    assert "162.756" in page and "Bản nháp" not in page  # the plan's printed total, published once reviewed

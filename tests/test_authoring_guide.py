"""The Vietnamese authoring guide (docs/authoring.md) is executed, so its checklist cannot go stale.

The checklist "Thêm một kế hoạch mới" is run as written in a copy of the repository: every
`python -m generator …` line of its `sh` blocks is executed and every `yaml title="PATH"` block is written
to PATH (the author "filling in" the files). Lines that are not generator commands (git) are skipped, and so
is `import`, which lands separately: wiring it in (import a .docx fixture, clear the review marks, then
skip `new-plan`, whose folder `import` already made) is the lead's step once both are in.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from generator.errors import CATALOGUE
from tests.conftest import ROOT

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


def test_checklist_runs_as_written(tmp_path: Path) -> None:
    repo = _repo_copy(tmp_path)
    ran: list[str] = []
    for language, info, body in checklist_steps():
        if language == "yaml":
            target = re.search(r'title="([^"]+)"', info)
            assert target, f"a yaml block of the checklist names no file: {body[:60]}"
            (repo / target.group(1)).write_text(body, encoding="utf-8")
            continue
        for argv in _commands(body):
            if argv[3] == "import":
                continue  # the importer lands separately (see the module docstring)
            result = subprocess.run([sys.executable, *argv[1:]], cwd=repo, capture_output=True, text=True,
                                    env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1700000000"})
            assert result.returncode == 0, f"{' '.join(argv)}\n{result.stdout}\n{result.stderr}"
            assert "Traceback" not in result.stderr
            ran.append(argv[3])
    assert ran == ["new-plan", "validate", "fmt", "reconcile", "build"]
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

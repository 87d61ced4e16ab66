"""Local hooks and the CI workflow: a bad KB commit is refused, a good one rebuilds; the workflow lints."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.hooks import install_hooks
from tests.conftest import ROOT
from tests.gitrepo import ENV, Repo


@pytest.fixture
def hooked(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.add_kb()
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, repo.path / name)
    shutil.copytree(ROOT / "site_templates", repo.path / "site_templates")
    shutil.copytree(ROOT / "generator", repo.path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    repo.commit("Khởi tạo")
    install_hooks(repo.path)
    return repo


def _commit(repo: Repo, subject: str) -> subprocess.CompletedProcess[str]:
    repo.git("add", "-A")
    return subprocess.run(["git", "commit", "-q", "-m", subject], cwd=repo.path, capture_output=True, text=True, env=ENV)


def test_pre_commit_refuses_an_invalid_kb(hooked: Repo) -> None:
    hooked.edit("plans/mini-2024/duties.yaml", "agency: phong-tu-phap\n", "agency: phong-tu-phapp\n")
    result = _commit(hooked, "Sai mã cơ quan")
    assert result.returncode != 0
    assert "error[KB-REF-UNKNOWN]" in result.stderr
    assert hooked.git("log", "-1", "--format=%s") == "Khởi tạo"


def test_pre_commit_refuses_unformatted_files(hooked: Repo) -> None:
    hooked.edit("plans/mini-2024/funds.yaml", "    section: III.2\n", "    section: III.2\n".replace("    section", "    section"))
    hooked.edit("plans/mini-2024/funds.yaml", "    source: nsdp\n    program: gnbv-da5\n", "    program: gnbv-da5\n    source: nsdp\n")
    result = _commit(hooked, "Đảo thứ tự khóa")
    assert result.returncode != 0 and "funds.yaml: cần định dạng lại" in result.stdout + result.stderr


def test_good_commit_passes_and_rebuilds_the_site(hooked: Repo) -> None:
    hooked.edit("plans/mini-2024/funds.yaml", "amount: '4.000'", "amount: '4.500'")
    result = _commit(hooked, "Tăng vốn")
    assert result.returncode == 0, result.stderr
    assert (hooked.path / "build" / "site" / "index.html").is_file()
    assert "Đã dựng" in (hooked.path / "build" / "post-commit.log").read_text(encoding="utf-8")


def test_workflow_is_valid_for_github_actions() -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(ROOT / ".github" / "workflows" / "site.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_the_checks_reviewers_rely_on() -> None:
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    for needle in ("python -m generator validate", "python -m generator diff", "--format markdown",
                   "updateComment", "actions/deploy-pages", "actions/upload-artifact", "fetch-depth: 0"):
        assert needle in text, needle

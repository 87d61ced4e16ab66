"""Fixture git repositories made in tmp_path with real commits."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import MINI_KB

ENV = {"GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "Tester",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin", "HOME": "/tmp"}


class Repo:
    """A throwaway repository holding a copy of the mini KB."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        (path / "README.md").write_text("fixture\n")
        self.commit("Khởi tạo kho", when=1_700_000_000)

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, check=True,
                              env=ENV).stdout.strip()

    def add_kb(self) -> None:
        shutil.copytree(MINI_KB, self.path / "kb")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.path / "kb" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, subject: str, when: int | None = None) -> str:
        self.count += 1
        stamp = str(when or 1_700_000_000 + self.count * 86_400)
        self.git("add", "-A")
        subprocess.run(["git", "commit", "-q", "-m", subject], cwd=self.path, check=True,
                       env={**ENV, "GIT_AUTHOR_DATE": f"{stamp} +0700", "GIT_COMMITTER_DATE": f"{stamp} +0700"})
        return self.git("rev-parse", "HEAD")

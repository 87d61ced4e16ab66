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

    def clone(self, path: Path) -> "Repo":
        """A copy of this repository that takes further commits (the original is left as it is)."""
        subprocess.run(["git", "clone", "-q", str(self.path), str(path)], check=True, env=ENV)
        copy = Repo.__new__(Repo)
        copy.path, copy.count = path, self.count
        return copy

    def commit(self, subject: str, when: int | None = None) -> str:
        self.count += 1
        stamp = str(when or 1_700_000_000 + self.count * 86_400)
        self.git("add", "-A")
        subprocess.run(["git", "commit", "-q", "-m", subject], cwd=self.path, check=True,
                       env={**ENV, "GIT_AUTHOR_DATE": f"{stamp} +0700", "GIT_COMMITTER_DATE": f"{stamp} +0700"})
        return self.git("rev-parse", "HEAD")


# A KB history told in English commit subjects, as developers write them; none may reach the site.
STORY_SUBJECTS = ("Import the mini plan", "Regenerate the JSON schemas", "Reformat the YAML files",
                  "Raise project 5 funds", "Move the justice office to Tung Qua Lin",
                  "Add a spelling of Tung Qua Lin", "Rename a duty id")
STORY_SUMMARY = "Tăng vốn Dự án 5 thêm 500 triệu đồng theo quyết định bổ sung"
NOVEMBER, DECEMBER = 1_700_100_000, 1_701_500_000  # 16/11/2023 and 02/12/2023, Vietnam time


def make_story(path: Path) -> Repo:
    """A repository whose commits cover what history must say: an import, a no-op schema and formatting
    commit, a money change with a reader's summary, a moved assignment, an alias and a renamed id."""
    repo = Repo(path)
    subjects = iter(STORY_SUBJECTS)
    repo.add_kb()
    repo.commit(next(subjects), when=NOVEMBER)
    (repo.path / "kb" / "schema").mkdir()
    (repo.path / "kb" / "schema" / "targets.schema.json").write_text('{"type": "object"}\n')
    repo.commit(next(subjects), when=NOVEMBER + 600)
    repo.edit("plans/mini-2024/funds.yaml", "amount: '4.000'", 'amount: "4.000"  # printed in III.2')
    repo.edit("plans/mini-2024/plan.yaml", "programs: [gnbv]", "programs:\n    - gnbv")
    repo.commit(next(subjects), when=NOVEMBER + 1200)
    repo.edit("plans/mini-2024/funds.yaml", 'amount: "4.000"', 'amount: "4.500"')
    repo.edit("plans/mini-2024/funds.yaml", "amount: '10.500'", "amount: '11.000'")
    repo.commit(f"{next(subjects)}\n\nThe decision came in late.\n\nTom-tat: {STORY_SUMMARY}", when=NOVEMBER + 86_400)
    repo.edit("plans/mini-2024/assignments.yaml", "    commune: dao-san\n    role: lead\n    commune_printed: Đào San",
              "    commune: tung-qua-lin\n    role: lead\n    commune_printed: Tung Qua Lìn")
    repo.commit(next(subjects), when=DECEMBER)
    repo.edit("registry/communes/phong-tho.yaml", "    code: '03565'\n", "    code: '03565'\n    aliases: [Tùng Qua Lìn]\n")
    repo.commit(next(subjects), when=DECEMBER + 600)
    repo.edit("plans/mini-2024/duties.yaml", "id: d-tu-phap-tuyen-truyen", "id: d-tu-phap-pho-bien-phap-luat")
    repo.commit(next(subjects), when=DECEMBER + 1200)
    return repo

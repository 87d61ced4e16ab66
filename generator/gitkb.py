"""Read the KB as it was at a git revision (or in the working tree), validated like any other KB."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Issue, KbError, Location
from generator.kb import KnowledgeBase
from generator.load import load_kb
from generator.validate import validate_kb


@dataclass
class KbCache:
    """Validated KBs by git tree id, so history does not reload an unchanged kb/ twice."""

    by_tree: dict[str, KnowledgeBase] = field(default_factory=dict)


def git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)


def is_git_repo(root: Path) -> bool:
    result = git(root, "rev-parse", "--is-inside-work-tree")
    return result.returncode == 0 and result.stdout.strip() == b"true"


def resolve(root: Path, revision: str) -> str:
    """Return the commit id of *revision*, or raise a KbError naming it."""
    result = git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise KbError([Issue("GIT-REV-UNKNOWN", f"không tìm thấy phiên bản '{revision}' trong kho git",
                             Location("git"), hint="kiểm tra tên nhánh, thẻ hoặc mã commit; xem: git log --oneline")])
    return result.stdout.decode().strip()


def kb_tree(root: Path, commit: str, kb_rel: str = "kb") -> str | None:
    """Return the tree id of kb/ at *commit*, or None when the KB did not exist yet."""
    result = git(root, "rev-parse", "--verify", "--quiet", f"{commit}:{kb_rel}")
    return result.stdout.decode().strip() if result.returncode == 0 else None


def load_kb_at(root: Path, revision: str | None, *, kb_rel: str = "kb", cache: KbCache | None = None) -> KnowledgeBase:
    """Load and validate the KB at *revision* (None: the working tree). Empty before the KB existed."""
    if revision is None:
        documents, issues = load_kb(root / kb_rel, root)
        return validate_kb(documents, issues)
    commit = resolve(root, revision)
    tree = kb_tree(root, commit, kb_rel)
    if tree is None:
        return KnowledgeBase()
    if cache is not None and tree in cache.by_tree:
        return cache.by_tree[tree]
    archive = git(root, "archive", "--format=tar", commit, kb_rel)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        documents, issues = load_kb(Path(tmp) / kb_rel, Path(tmp))
        try:
            kb = validate_kb(documents, issues)
        except KbError as error:
            raise KbError([Issue("GIT-REV-INVALID-KB", f"cơ sở dữ liệu ở phiên bản '{revision}' không hợp lệ "
                                 f"({len(error.issues)} lỗi, đầu tiên: {error.issues[0]})", Location(kb_rel))]) from error
    if cache is not None:
        cache.by_tree[tree] = kb
    return kb

"""Read the KB as it was at a git revision (or in the working tree), validated like any other KB."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Issue, KbError, Location
from generator.kb import KnowledgeBase
from generator.load import RawDocument, load_file, load_kb
from generator.validate import validate_kb


@dataclass
class KbCache:
    """Validated KBs by git tree id and parsed files by blob id, so history parses each file version once."""

    by_tree: dict[str, KnowledgeBase] = field(default_factory=dict)
    by_blob: dict[tuple[str, str], tuple[RawDocument | None, list[Issue]]] = field(default_factory=dict)


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
    cache = cache if cache is not None else KbCache()
    documents, issues = _documents_at(root, commit, kb_rel, cache)
    try:
        kb = validate_kb(documents, issues)
    except KbError as error:
        raise KbError([Issue("GIT-REV-INVALID-KB", f"cơ sở dữ liệu ở phiên bản '{revision}' không hợp lệ "
                             f"({len(error.issues)} lỗi, đầu tiên: {error.issues[0]})", Location(kb_rel))]) from error
    cache.by_tree[tree] = kb
    return kb


def _documents_at(root: Path, commit: str, kb_rel: str, cache: KbCache) -> tuple[list[RawDocument], list[Issue]]:
    """Parse the KB files of one commit, reusing files whose blob was parsed before."""
    listing = git(root, "ls-tree", "-r", "-z", commit, "--", kb_rel).stdout.decode("utf-8").split("\0")
    entries = [(line.split()[2], line.split("\t", 1)[1]) for line in listing if "\t" in line]
    files = [(blob, path) for blob, path in sorted(entries, key=lambda e: e[1]) if path.endswith((".yaml", ".yml"))
             and Path(path).relative_to(kb_rel).parts[0] != "schema"]
    missing = [blob for blob, path in files if (blob, path) not in cache.by_blob]
    contents = _cat_blobs(root, missing)
    documents, issues = [], []
    for blob, path in files:
        if (blob, path) not in cache.by_blob:
            data = contents[blob]
            cache.by_blob[(blob, path)] = load_file(Path(path).relative_to(kb_rel), path, lambda: data)
        document, file_issues = cache.by_blob[(blob, path)]
        issues += file_issues
        if document is not None:
            documents.append(document)
    return documents, issues


def _cat_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Read many blobs with one `git cat-file --batch` process."""
    if not blobs:
        return {}
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(blobs).encode() + b"\n",
                         capture_output=True, check=True).stdout
    contents, position = {}, 0
    for blob in blobs:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        contents[blob] = out[header_end + 1: header_end + 1 + size]
        position = header_end + 1 + size + 1
    return contents

"""Read the KB as it was at a git revision (or in the working tree), validated like any other KB."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Issue, KbError, Location
from generator.kb import KnowledgeBase
from generator.doccache import DocumentCache, content_key
from generator.load import RawDocument, Source, classify, load_kb, load_sources
from generator.validate import validate_kb


@dataclass
class KbCache:
    """Validated KBs by git tree id, and validated files by blob id (doccache), so history parses each
    file version once, and not at all when a build or validate has cached it."""

    by_tree: dict[str, KnowledgeBase] = field(default_factory=dict)
    documents: DocumentCache = field(default_factory=lambda: DocumentCache(None))


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
        documents, issues = load_kb(root / kb_rel, root, cache=cache.documents if cache else None)
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
    """Load the KB files of one commit: blobs the cache knows are not even read from git."""
    listing = git(root, "ls-tree", "-r", "-z", commit, "--", kb_rel).stdout.decode("utf-8").split("\0")
    entries = [(line.split()[2], line.split("\t", 1)[1]) for line in listing if "\t" in line]
    files = [(blob, path) for blob, path in sorted(entries, key=lambda e: e[1]) if path.endswith((".yaml", ".yml"))
             and Path(path).relative_to(kb_rel).parts[0] != "schema"]
    keys = {blob: content_key(place[0], blob) for blob, path in files if (place := classify(Path(path).relative_to(kb_rel)))}
    known = cache.documents.get_many(keys.values())
    contents = _cat_blobs(root, sorted({blob for blob, _ in files if keys.get(blob) not in known}))
    sources = [Source(Path(path).relative_to(kb_rel), path, _reader(root, blob, contents), blob) for blob, path in files]
    return load_sources(sources, cache=cache.documents)


def _reader(root: Path, blob: str, contents: dict[str, bytes]) -> Callable[[], bytes]:
    """Read a blob from what was fetched, or from git when a located message needs it later."""
    if blob in contents:
        data = contents[blob]
        return lambda: data
    return lambda: _cat_blobs(root, [blob])[blob]


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

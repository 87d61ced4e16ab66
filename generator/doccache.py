"""Cache of validated KB files keyed by content hash, invalidated by any change to the generator's code.

A file that parsed and validated once is not parsed again, in the working tree or at any git revision
(history and diff read the same blobs over and over). Only successes are stored: a file with errors
always goes through the loaders, so its messages are never stale. The store is one SQLite file
(safe for two builds at once); deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import threading
from collections.abc import Iterable, Iterator, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

CACHE_ENV = "PLAN_SITE_CACHE"  # a folder, or "off"


@cache
def code_fingerprint() -> str:
    """Hash of the generator's source files and parser versions: any change invalidates every cached entry."""
    import pydantic
    import ruamel.yaml
    import yaml

    digest = hashlib.sha256(f"{pydantic.VERSION} {yaml.__version__} {ruamel.yaml.__version__}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def blob_id(raw: bytes) -> str:
    """git's object id of a file's content, so a file in the working tree and the same blob at any
    revision share one cache entry (and a revision's entries are found from `git ls-tree` alone)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def content_key(kind: str, blob: str, inherits: Any = None) -> str:
    """The key of one file's validated model: what kind of file it is, its content's id and, for an item file of a
    plan with `defaults:`, a digest of those plain defaults (its items' values depend on them too)."""
    if not inherits:
        return f"{kind}:{blob}"
    canonical = json.dumps(inherits, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"{kind}:{blob}:{hashlib.sha1(canonical.encode()).hexdigest()}"


def default_cache_dir(root: Path) -> Path | None:
    """`$PLAN_SITE_CACHE`, or build/cache under the project root; None when caching is switched off."""
    configured = os.environ.get(CACHE_ENV)
    if configured == "off":
        return None
    return Path(configured) if configured else root / "build" / "cache"


class DocumentCache:
    """Validated file models (and their item positions) by content key, for one generator version."""

    def __init__(self, folder: Path | None):
        self.path = folder / "documents.sqlite" if folder is not None else None
        self.pending: dict[str, bytes] = {}
        self.memory: dict[str, Any] = {}  # this run's entries, so history reads each blob once even without a folder
        self.hits = 0
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        return self._db

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """Return the cached values of the keys that are present."""
        keys = list(keys)
        found = {key: self.memory[key] for key in keys if key in self.memory}
        db = self._connect()
        wanted = [f"{code_fingerprint()}:{key}" for key in keys if key not in found]
        if db is None or not wanted:
            return found
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows = db.execute(f"SELECT key, value FROM documents WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update((key.split(":", 1)[1], pickle.loads(value)) for key, value in rows)
        self.hits += len(found)
        self.memory.update(found)
        return found

    def put(self, key: str, value: Any, *, packed: bytes | None = None) -> None:
        """Add a value (*packed*: its pickle, when already made)."""
        self.memory[key] = value
        if self.path is not None:
            self.pending[f"{code_fingerprint()}:{key}"] = packed or pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def flush(self) -> None:
        """Write what was added, in one transaction."""
        db = self._connect()
        if db is None or not self.pending:
            return
        with db:
            db.executemany("INSERT OR REPLACE INTO documents (key, value) VALUES (?, ?)", sorted(self.pending.items()))
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None


class BlobStore(MutableMapping[str, bytes]):
    """Build products by content key (chart SVGs…), in the same SQLite file; safe to share between threads."""

    def __init__(self, folder: Path | None):
        self.path = folder / "documents.sqlite" if folder is not None else None
        self.memory: dict[str, bytes] = {}
        self.pending: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, value BLOB NOT NULL)")

    def __getitem__(self, key: str) -> bytes:
        with self.lock:
            if key in self.memory:
                return self.memory[key]
            row = self._db.execute("SELECT value FROM blobs WHERE key = ?", (key,)).fetchone() if self._db else None
            if row is None:
                raise KeyError(key)
            self.memory[key] = row[0]
            return row[0]

    def __contains__(self, key: object) -> bool:
        try:
            self[str(key)]
        except KeyError:
            return False
        return True

    def __setitem__(self, key: str, value: bytes) -> None:
        with self.lock:
            self.memory[key] = value
            self.pending[key] = value

    def __delitem__(self, key: str) -> None:
        raise NotImplementedError("the store only grows; delete its file to empty it")

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.memory))

    def __len__(self) -> int:
        return len(self.memory)

    def flush(self) -> None:
        with self.lock:
            if self._db is not None and self.pending:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO blobs (key, value) VALUES (?, ?)",
                                         sorted(self.pending.items()))
            self.pending.clear()

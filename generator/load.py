"""Load KB files: libyaml fast path with a cache of validated files; ruamel round-trip for errors and positions.

Each file is read, hashed and, unless the cache has its validated model, parsed by the fast path
(fastyaml) and validated against its schema, on two processes when there are many. A file the fast
path leaves aside, or that does not validate, is parsed by ruamel round-trip, which keeps every node's
line and column for the located messages of validate.py.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator import fastyaml
from generator.doccache import DocumentCache, blob_id, content_key
from generator.errors import Issue, Location

# Tab, LF and CR are legitimate in YAML; every other C0/C1 control character is a paste accident.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")

REGISTRY_FILES = {"programs.yaml": "programs", "fund-sources.yaml": "fund-sources", "districts.yaml": "districts"}
REGISTRY_DIRS = {"communes": "communes", "agencies": "agencies"}
PLAN_FILES = {f"{kind}.yaml": kind for kind in ("plan", "targets", "funds", "duties", "assignments", "progress")}


@dataclass(frozen=True)
class RawDocument:
    """One KB file: its kind, and its round-trip data and text, or its validated model and item positions."""

    path: str
    kind: str
    data: Any  # ruamel round-trip nodes; None when the file was read by the fast path or the cache
    text: str  # "" when the text is not kept (see source_text)
    owner: str = ""  # plan id for plan files, district id for per-district registries
    model: Any = None  # the file's validated schema model, when the fast path or the cache produced it
    items: dict[str, Any] = field(default_factory=dict, compare=False)  # list name -> flat (line, col) of items
    reader: Callable[[], bytes] | None = field(default=None, compare=False, repr=False)

    def source_text(self) -> str:
        """The file's text (NFC), read again when it was not kept."""
        if self.text or self.reader is None:
            return self.text
        return decode(self.reader(), self.path)[0] or ""

    def position(self, loc: tuple[int | str, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at *loc*, or of its deepest existing parent."""
        if self.data is not None:
            return node_position(self.data, loc, key=key)
        if len(loc) == 2 and not key and isinstance(loc[1], int) and 0 <= 2 * loc[1] < len(self.items.get(str(loc[0]), ())):
            flat = self.items[str(loc[0])]
            return flat[2 * loc[1]], flat[2 * loc[1] + 1]
        return mark_position(_positions(self.source_text()), loc, key=key)


def classify(rel: Path) -> tuple[str, str] | None:
    """Return (kind, owner) for a path relative to the KB root, or None if it has no place."""
    parts = rel.parts
    if len(parts) == 2 and parts[0] == "registry" and parts[1] in REGISTRY_FILES:
        return REGISTRY_FILES[parts[1]], ""
    if len(parts) == 3 and parts[0] == "registry" and parts[1] in REGISTRY_DIRS:
        return REGISTRY_DIRS[parts[1]], rel.stem
    if len(parts) == 3 and parts[0] == "plans":
        # A long plan may split one kind over several files: `duties.yaml`, `duties-vi-2.yaml`, …
        kind = parts[2].removesuffix(".yaml").split("-", 1)[0] + ".yaml"
        if kind in PLAN_FILES and (kind == parts[2] or kind != "plan.yaml"):
            return PLAN_FILES[kind], parts[1]
    return None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _mark_location(path: str, error: MarkedYAMLError) -> Location:
    mark = error.problem_mark or error.context_mark
    return Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)


def _control_issues(path: str, text: str) -> list[Issue]:
    issues = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        for match in _CONTROL.finditer(line):
            issues.append(
                Issue(
                    "KB-TEXT-CONTROL",
                    f"ký tự điều khiển U+{ord(match.group()):04X} trong văn bản",
                    Location(path, line_no, match.start() + 1),
                    hint="xóa ký tự này; thường do dán từ Word",
                )
            )
    return issues


def parse_text(path: str, text: str) -> tuple[Any, list[Issue]]:
    """Parse YAML text (already NFC) into round-trip nodes, or return located issues."""
    issues = _control_issues(path, text)
    if issues:
        return None, issues
    try:
        return _yaml().load(text), []
    except DuplicateKeyError as error:
        return None, [Issue("KB-YAML-DUPLICATE-KEY", "khóa bị lặp trong cùng một bảng", _mark_location(path, error),
                            hint="xóa hoặc gộp một trong hai khóa")]
    except MarkedYAMLError as error:
        problem = _translate((error.problem or "").strip())
        return None, [Issue("KB-YAML-SYNTAX", f"YAML không hợp lệ: {problem}", _mark_location(path, error),
                            hint="kiểm tra thụt lề: dùng dấu cách, không dùng tab")]
    except YAMLError as error:
        return None, [Issue("KB-YAML-SYNTAX", f"YAML không hợp lệ: {error}", Location(path))]


_PROBLEMS = {
    "mapping values are not allowed here": "không được đặt 'khóa: giá trị' ở đây (thụt lề sai?)",
    "could not find expected ':'": "thiếu dấu ':' sau khóa",
    "expected <block end>, but found '-'": "mục danh sách '-' thụt lề không khớp",
    "expected <block end>, but found '<block sequence start>'": "danh sách thụt lề không khớp",
    "expected <block end>, but found '<block mapping start>'": "khóa thụt lề không khớp với các khóa cùng cấp",
    "found character '\\t' that cannot start any token": "có ký tự tab; YAML chỉ dùng dấu cách để thụt lề",
    "found unexpected end of stream": "tệp kết thúc khi chuỗi trong ngoặc kép chưa đóng",
    "found undefined alias": "dùng bí danh (*) chưa định nghĩa",
}


def _translate(problem: str) -> str:
    for english, vietnamese in _PROBLEMS.items():
        if problem.startswith(english):
            return vietnamese
    return f"cú pháp không hợp lệ ({problem})" if problem else "cú pháp không hợp lệ"


def decode(raw_bytes: bytes, rel_path: str) -> tuple[str | None, list[Issue]]:
    """Decode a file's bytes as UTF-8 and normalise it to NFC."""
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw_bytes[: error.start]
        line, column = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Issue("KB-FILE-ENCODING", f"tệp không phải UTF-8 (byte 0x{raw_bytes[error.start]:02X})",
                            Location(rel_path, line, column), hint="lưu lại tệp với mã hóa UTF-8")]
    return unicodedata.normalize("NFC", raw.removeprefix("\ufeff")), []


def read_text(file: Path, rel_path: str) -> tuple[str | None, list[Issue]]:
    """Read a file as UTF-8 and normalise it to NFC."""
    return decode(file.read_bytes(), rel_path)


PARALLEL_MIN_FILES = 64  # below this a second process costs more than it saves


@dataclass(frozen=True)
class Source:
    """One KB file to load: its path relative to the KB root, the path shown in messages, its bytes."""

    rel: Path
    display: str
    read: Callable[[], bytes]
    blob: str | None = None  # git's object id of the content, when known without reading it


def kb_sources(kb_dir: Path, root: Path) -> list[Source]:
    """Every YAML file of the KB (schema files aside), in a stable order."""
    files = sorted(kb_dir.rglob("*.yaml")) + sorted(kb_dir.rglob("*.yml"))
    return [Source(f.relative_to(kb_dir), _display_path(f, root), f.read_bytes) for f in files
            if f.relative_to(kb_dir).parts[0] != "schema"]


def load_kb(kb_dir: Path, root: Path | None = None, *, cache: DocumentCache | None = None,
            workers: int = 2) -> tuple[list[RawDocument], list[Issue]]:
    """Load every YAML file under *kb_dir*; report unreadable or misplaced files as issues."""
    return load_sources(kb_sources(kb_dir, root or kb_dir.parent), cache=cache, workers=workers)


def load_sources(sources: list[Source], *, cache: DocumentCache | None = None,
                 workers: int = 2) -> tuple[list[RawDocument], list[Issue]]:
    """Load files: cached models first, then the fast path (in parallel when many), then round-trip."""
    cache = cache or DocumentCache(None)
    placed = [(source, place) for source in sources if (place := classify(source.rel)) is not None]
    raws: dict[str, bytes] = {}
    if cache.path is None:
        raws = {source.display: source.read() for source, _ in placed}
    keys = {source.display: content_key(place[0], source.blob or blob_id(raws.setdefault(source.display, source.read())))
            for source, place in placed}
    cached = cache.get_many(keys.values())
    misses = [(place[0], source.display, raws.get(source.display) or source.read()) for source, place in placed
              if keys[source.display] not in cached]
    fast = dict(zip((m[1] for m in misses), _map(_fast_load, misses, workers)))
    # Items inherit a plan's `defaults:` (defaults.py, from round-trip nodes): a plan with defaults and its
    # item files take the round-trip path, and a cached item model (made without defaults) is not used.
    inheriting = {place[1] for source, place in placed if place[0] == "plan"
                  and getattr(_model_of(cached.get(keys[source.display]) or fast.get(source.display)), "defaults", None)}
    for source, place in placed:
        if place[1] in inheriting and place[0] in ("plan", "targets", "funds", "duties", "progress"):
            cached.pop(keys[source.display], None)
            fast[source.display] = None
            raws.setdefault(source.display, source.read())
    # Keep only the bytes the round-trip loader still needs (at national scale the rest is 200 MB).
    raws = {d: b for d, b in {**raws, **{m[1]: m[2] for m in misses}}.items()
            if d in fast and not isinstance(fast[d], (tuple, Issue))}
    del misses
    documents: list[RawDocument] = []
    issues: list[Issue] = []
    places = dict((source.display, place) for source, place in placed)
    for source in sources:
        place = places.get(source.display)
        if place is None:
            issues.append(_unknown_file(source.display))
            continue
        key = keys[source.display]
        hit = cached.get(key) or fast.get(source.display)
        if isinstance(hit, tuple):
            if key not in cached:
                cache.put(key, hit)
            model, items = hit
            documents.append(RawDocument(source.display, place[0], None, "", place[1], model, items, source.read))
        elif isinstance(hit, Issue):
            issues.append(_tag(hit, place))
        else:
            document, file_issues = _round_trip(place, source.display, raws[source.display])
            issues += file_issues
            documents += [document] if document is not None else []
    cache.flush()
    return documents, issues


def _model_of(hit: Any) -> Any:
    return hit[0] if isinstance(hit, tuple) else None


def _map(function: Callable[[Any], Any], tasks: list[Any], workers: int) -> list[Any]:
    """Run *function* over *tasks*, on a process pool when there are enough of them."""
    if workers < 2 or len(tasks) < PARALLEL_MIN_FILES:
        return [function(task) for task in tasks]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(function, tasks, chunksize=max(1, min(64, len(tasks) // (8 * workers)))))


def _fast_load(task: tuple[str, str, bytes]) -> tuple[Any, dict[str, Any]] | Issue | None:
    """Parse and validate one file on the fast path: (model, item positions), a refusal, or None for round-trip."""
    from generator.schema import FILE_MODELS

    kind, display, raw = task
    try:
        fastyaml.check_size(display, len(raw))
        text, read_issues = decode(raw, display)
        if text is None or _CONTROL.search(text):
            return None
        data, items = fastyaml.parse(display, text)
    except fastyaml.Refused as refused:
        return refused.issue
    if data is fastyaml.FALLBACK or not isinstance(data, dict) or (kind != "plan" and "defaults" in data):
        return None  # a file with its own `defaults:` is resolved by defaults.py from round-trip nodes
    try:
        model = FILE_MODELS[kind].model_validate(data)
    except ValidationError:
        return None  # validate.py reports it, located, from the round-trip nodes
    return model, {name: array("i", flat) for name, flat in items.items()}


def _unknown_file(display: str) -> Issue:
    return Issue("KB-FILE-UNKNOWN", "tệp nằm ngoài cấu trúc của cơ sở dữ liệu", Location(display),
                 hint="đặt tệp trong registry/ hoặc plans/<mã-kế-hoạch>/ với tên chuẩn")


def load_file(rel: Path, display: str, read: Callable[[], bytes]) -> tuple[RawDocument | None, list[Issue]]:
    """Classify, decode and parse one KB file (*rel* is relative to the KB root) with the round-trip loader."""
    place = classify(rel)
    if place is None:
        return None, [_unknown_file(display)]
    return _round_trip(place, display, read())


def _round_trip(place: tuple[str, str], display: str, raw: bytes) -> tuple[RawDocument | None, list[Issue]]:
    try:
        fastyaml.check_size(display, len(raw))
    except fastyaml.Refused as refused:
        return None, [_tag(refused.issue, place)]
    text, read_issues = decode(raw, display)
    if text is None:
        return None, [_tag(i, place) for i in read_issues]
    try:  # never hand ruamel an alias bomb or a nesting bomb
        fastyaml.parse(display, text)
    except fastyaml.Refused as refused:
        return None, [_tag(refused.issue, place)]
    data, parse_issues = parse_text(display, text)
    if parse_issues:
        return None, [_tag(i, place) for i in parse_issues]
    return RawDocument(display, place[0], data, text, place[1]), []


def _tag(issue: Issue, place: tuple[str, str]) -> Issue:
    """Remember which kind of file failed, so cross-file checks know which pools are incomplete."""
    return replace(issue, data={**issue.data, "kind": place[0], "owner": place[1]})


def _display_path(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def node_position(data: Any, loc: tuple[int | str, ...], *, key: bool = False) -> tuple[int, int]:
    """Return the 1-based (line, column) of the node at *loc*, or of its deepest existing parent."""
    node, position = data, (1, 1)
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, CommentedMap) and step in node:
            line, col = node.lc.key(step) if (key and last) else node.lc.value(step)
            position, node = (line + 1, col + 1), node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            line, col = node.lc.item(step)
            position, node = (line + 1, col + 1), node[step]
        else:
            break
    return position


def mark_position(found: dict[tuple[Any, ...], tuple[int, int, int, int]], loc: tuple[int | str, ...], *,
                  key: bool = False) -> tuple[int, int]:
    """node_position over the positions fastyaml reads from libyaml's marks."""
    position = (1, 1)
    for index in range(len(loc)):
        marks = found.get(tuple(loc[: index + 1]))
        if marks is None:
            break
        position = marks[:2] if (key and index == len(loc) - 1) else marks[2:]
    return position


@lru_cache(maxsize=8)
def _positions(text: str) -> dict[tuple[Any, ...], tuple[int, int, int, int]]:
    return fastyaml.positions(text)


def to_plain(node: Any) -> Any:
    """Convert round-trip nodes to plain dicts, lists and scalars for validation."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, (int, float, bool)) else k: to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node

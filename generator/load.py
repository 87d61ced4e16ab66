"""Load KB files: libyaml fast path with a cache of validated files; ruamel round-trip for errors and positions.

Each file is read, hashed and, unless the cache has its validated model, parsed by the fast path
(fastyaml) and validated against its schema, on two processes when there are many. A file the fast
path leaves aside, or that does not validate, is parsed by ruamel round-trip, which keeps every node's
line and column for the located messages of validate.py. Whichever path reads a file, the same guards
run first: check_size before it is read, check_structure (anchors, aliases, tags, nesting) before any
parser builds it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import pickle
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import yaml as pyyaml
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator import fastyaml
from generator.doccache import DocumentCache, blob_id, content_key
from generator.errors import Issue, Location
from generator.yaml_messages import translate

# Tab, LF and CR are legitimate in YAML; every other C0/C1 control character is a paste accident.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\ufffe\uffff]")

REGISTRY_FILES = {"programs.yaml": "programs", "fund-sources.yaml": "fund-sources", "districts.yaml": "districts",
                  "indicators.yaml": "indicators"}
REGISTRY_DIRS = {"communes": "communes", "agencies": "agencies"}
PLAN_FILES = {f"{kind}.yaml": kind for kind in ("plan", "targets", "funds", "duties", "assignments", "progress")}

# Guards against hostile YAML, checked before anything is composed (issue 8). The largest shipped file
# is 43 KB and the deepest legitimate path (programs → projects → projects → field) is 8 levels deep.
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64  # ruamel's recursive composer overflows the Python stack near 250 levels


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
    inherited: tuple[Any, ...] = field(default=(), compare=False)  # per item, defaults.Written (fast documents)
    blob: str = field(default="", compare=False)  # git's object id of the content (doccache.blob_id)

    def source_text(self) -> str:
        """The file's text (NFC), read again when it was not kept."""
        if self.text or self.reader is None:
            return self.text
        return decode(self.reader(), self.path)[0] or ""

    def position(self, loc: tuple[int | str, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at *loc*, or of its deepest existing parent."""
        if self.data is not None:
            return node_position(self.data, loc, key=key)
        flat = self.items.get(str(loc[0]), ()) if len(loc) >= 2 else ()
        if flat and isinstance(loc[1], int) and 0 <= 2 * loc[1] < len(flat):
            start = (flat[2 * loc[1]], flat[2 * loc[1] + 1])
            if len(loc) == 2 and not key:
                return start
            end = flat[2 * loc[1] + 2] if 2 * loc[1] + 2 < len(flat) else None
            found = fastyaml.item_positions(self.source_text(), start, end) if len(loc) > 2 else None
            if found is not None:  # the item's own lines, not the whole file
                return mark_position(found, loc[2:], key=key, start=start)
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
    yaml.Constructor = SafeRoundTripConstructor
    return yaml


def _mark_location(path: str, error: MarkedYAMLError) -> Location:
    # An unclosed quote, bracket or key is best shown where it opens (the context), not where the parser
    # gave up (often the end of the file or the next line).
    context, problem = str(error.context or ""), str(error.problem or "")
    opens = context.startswith(("while parsing a flow", "while scanning a simple key")) or (
        "quoted scalar" in context and problem.startswith(("found unexpected end", "found unexpected document")))
    mark = (error.context_mark if opens else None) or error.problem_mark or error.context_mark
    return Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)


_LINE_BREAK = re.compile(r"\r\n?|\n")  # YAML's line breaks; not U+2028, U+0085 or form feed


def _control_issues(path: str, text: str) -> list[Issue]:
    issues = []
    line, line_start, done = 1, 0, 0
    for match in _CONTROL.finditer(text):
        for brk in _LINE_BREAK.finditer(text, done, match.start()):
            line, line_start = line + 1, brk.end()
        done = match.start()
        issues.append(Issue("KB-TEXT-CONTROL", f"ký tự điều khiển U+{ord(match.group()):04X} trong văn bản",
                            Location(path, line, match.start() - line_start + 1), hint="xóa ký tự này; thường do dán từ Word"))
    return issues


def check_size(path: str, size: int) -> list[Issue]:
    """Refuse a file too large to be a plan or registry before reading it whole."""
    if size <= MAX_FILE_BYTES:
        return []
    return [Issue("KB-FILE-SIZE", f"tệp quá lớn ({size // (1024 * 1024)} MB, tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB)",
                  Location(path, 1, 1), hint="tách thành nhiều tệp cùng loại, ví dụ duties.yaml và duties-2.yaml")]


def check_structure(path: str, text: str) -> list[Issue]:
    """Reject anchors, aliases, tags and deep nesting before anything is composed.

    Operates on text and parser events only (no ruamel objects), so any loader can call it first. A
    cheap scan of the text rules out most files; only the rest are walked with libyaml's parser.
    """
    if not _may_be_hostile(text):
        return []
    try:
        return scan_events(path, _c_events(text))
    except pyyaml.MarkedYAMLError as error:
        if "maximum nesting depth" in str(error.problem):  # libyaml's own limit, far above MAX_DEPTH
            return _nesting_before(path, text, error.problem_mark)
    except pyyaml.YAMLError:
        pass
    # libyaml (YAML 1.1) refused the text; ruamel (YAML 1.2) may still accept it, so check with its parser.
    # A syntax error here is left for the real parse to report, with its position.
    try:
        return scan_events(path, YAML(typ="rt").parse(text))
    except YAMLError:
        return []


def _nesting_before(path: str, text: str, mark: Any) -> list[Issue]:
    """libyaml gave up at its own depth limit while looking ahead: find where MAX_DEPTH was crossed."""
    try:
        return scan_events(path, _c_events(text[: mark.index])) or [_nesting_issue(path, mark.line, mark.column)]
    except pyyaml.YAMLError:
        return [_nesting_issue(path, mark.line, mark.column)]


def _may_be_hostile(text: str, max_depth: int = MAX_DEPTH) -> bool:
    """Return False only when the text certainly has no anchor, alias or tag and cannot nest too deeply."""
    for indicator in "&*!":  # these start an anchor, alias or tag only after a space or one of [{,:?-
        at = text.find(indicator)
        while at >= 0:
            if at == 0 or text[at - 1] in " \t\r\n[{,:?-":
                return True
            at = text.find(indicator, at + 1)
    # Flow depth is at most the number of '[' and '{'. Block depth is at most twice the deepest column a
    # block collection can start at (only a mapping's sequence value may share its key's column), and
    # that column is at most the run of spaces, tabs, '-' and '?' opening its line.
    run = max_depth // 4
    if _deep_line(run).search(text) or _deep_line(run).match("\n" + text[:run]):
        return True
    return 2 * run + text.count("[") + text.count("{") > max_depth


@functools.cache
def _deep_line(run: int) -> re.Pattern[str]:
    return re.compile(r"[\r\n][ \t?-]{%d}" % run)


def _c_events(text: str) -> Iterable[Any]:
    parser = pyyaml.CSafeLoader(text) if pyyaml.__with_libyaml__ else pyyaml.SafeLoader(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


_OPEN = ("SequenceStartEvent", "MappingStartEvent")
_CLOSE = ("SequenceEndEvent", "MappingEndEvent")


def scan_events(path: str, events: Iterable[Any], max_depth: int = MAX_DEPTH) -> list[Issue]:
    """Return the first anchor, alias, tag or too-deep collection among PyYAML or ruamel parser events."""
    depth = 0
    for event in events:
        name = type(event).__name__
        mark = event.start_mark
        if name == "AliasEvent" or getattr(event, "anchor", None):
            sign = "*" if name == "AliasEvent" else "&"
            return [Issue("KB-YAML-ALIAS", f"dùng {'bí danh' if sign == '*' else 'neo'} YAML '{sign}{event.anchor}'; "
                          "cơ sở dữ liệu không dùng neo (&) và bí danh (*)", Location(path, mark.line + 1, mark.column + 1),
                          hint="chép lại nội dung ở từng chỗ cần dùng thay cho neo và bí danh")]
        if getattr(event, "tag", None) and name != "DocumentStartEvent":
            tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
            return [Issue("KB-YAML-TAG", f"dùng thẻ kiểu YAML '{tag}'; cơ sở dữ liệu không dùng thẻ (!)",
                          Location(path, mark.line + 1, mark.column + 1),
                          hint="xóa thẻ; văn bản và số in trong kế hoạch viết trong ngoặc kép, ví dụ '1.790.878'")]
        if name in _OPEN:
            depth += 1
            if depth > max_depth:
                return [_nesting_issue(path, mark.line, mark.column)]
        elif name in _CLOSE:
            depth -= 1
    return []


def _nesting_issue(path: str, line: int, column: int) -> Issue:
    return Issue("KB-YAML-NESTING", f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng", Location(path, line + 1, column + 1),
                 hint="tệp của cơ sở dữ liệu chỉ lồng vài tầng; kiểm tra dấu ngoặc [ { và thụt lề")


def parse_text(path: str, text: str) -> tuple[Any, list[Issue]]:
    """Parse YAML text (already NFC) into round-trip nodes, or return located issues."""
    issues = _control_issues(path, text) or check_structure(path, text)
    if issues:
        return None, issues
    try:
        return _yaml().load(text), []
    except YAMLError as error:
        return None, [yaml_error_issue(path, error)]


def yaml_error_issue(path: str, error: YAMLError) -> Issue:
    """Turn a ruamel.yaml error into a located issue with a Vietnamese message and hint."""
    if isinstance(error, DuplicateKeyError):
        return Issue("KB-YAML-DUPLICATE-KEY", "khóa bị lặp trong cùng một bảng", _mark_location(path, error),
                     hint="xóa hoặc gộp một trong hai khóa")
    if isinstance(error, _UnreadableValue):
        return Issue("KB-VALUE-FORMAT", str(error.problem), _mark_location(path, error),
                     hint="văn bản, số và ngày như bản in viết trong ngoặc kép, ví dụ '2024-06-30' hoặc '1.790.878'")
    if isinstance(error, MarkedYAMLError):
        message, hint = translate(f"{error.context or ''} {error.problem or ''}")
        return Issue("KB-YAML-SYNTAX", f"YAML không hợp lệ: {message}", _mark_location(path, error), hint=hint)
    return Issue("KB-YAML-SYNTAX", "YAML không hợp lệ", Location(path, 1, 1), hint="kiểm tra lại cú pháp của tệp")


class _UnreadableValue(ConstructorError):
    """A plain scalar YAML resolves to a type but cannot build (`2024-13-45`, `0x_`, a 5,000-digit integer)."""


class SafeRoundTripConstructor(RoundTripConstructor):
    """Round-trip constructor that reports an unbuildable scalar at its position instead of crashing."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, IndexError, OverflowError) as error:
            raise _UnreadableValue(None, None, f"không đọc được giá trị '{str(node.value)[:40]}' (ngày hoặc số không hợp lệ)",
                                   node.start_mark) from error


def decode(raw_bytes: bytes, rel_path: str) -> tuple[str | None, list[Issue]]:
    """Decode a file's bytes as UTF-8 and normalise it to NFC."""
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw_bytes[: error.start]
        # Columns count characters, as editors do (the bytes before the error are valid UTF-8).
        line, column = before.count(b"\n") + 1, len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1
        return None, [Issue("KB-FILE-ENCODING", f"tệp không phải UTF-8 (byte 0x{raw_bytes[error.start]:02X})",
                            Location(rel_path, line, column), hint="lưu lại tệp với mã hóa UTF-8")]
    return unicodedata.normalize("NFC", raw.removeprefix("\ufeff")), []


def read_text(file: Path, rel_path: str) -> tuple[str | None, list[Issue]]:
    """Read a file as UTF-8 and normalise it to NFC."""
    return decode(file.read_bytes(), rel_path)


PARALLEL_MIN_FILES = 64  # below this a second process costs more than it saves
INHERITING = ("targets", "funds", "duties", "progress")  # kinds whose items inherit a plan's `defaults:`


class Loaded(NamedTuple):
    """What the fast path makes of one file, as the cache keeps it."""

    model: Any
    items: dict[str, Any]  # list name -> flat (line, col) of its items
    defaults: dict[str, Any] | None = None  # plan.yaml: its plain `defaults:`, which its item files inherit
    inherited: tuple[Any, ...] = ()  # item files: per item, where each inherited value was written (defaults.Written)


@dataclass(frozen=True)
class Source:
    """One KB file to load: its path relative to the KB root, the path shown in messages, its bytes."""

    rel: Path
    display: str
    read: Callable[[], bytes]
    blob: str | None = None  # git's object id of the content, when known without reading it
    file: Path | None = None  # the file on disk (its size is checked before it is read)


def kb_sources(kb_dir: Path, root: Path) -> list[Source]:
    """Every YAML file of the KB (schema files aside), in a stable order."""
    files = sorted(kb_dir.rglob("*.yaml")) + sorted(kb_dir.rglob("*.yml"))
    return [Source(f.relative_to(kb_dir), display_path(f, root), f.read_bytes, file=f) for f in files
            if f.relative_to(kb_dir).parts[0] != "schema"]


def load_kb(kb_dir: Path, root: Path | None = None, *, cache: DocumentCache | None = None,
            workers: int = 2) -> tuple[list[RawDocument], list[Issue]]:
    """Load every YAML file under *kb_dir*; report unreadable or misplaced files as issues."""
    # A KB outside the project is shown from its own parent (`kb/plans/…`), never by absolute path: locations
    # are published (findings in the downloads), and the site must not depend on where the KB sits.
    return load_sources(kb_sources(kb_dir, display_root(kb_dir, root)), cache=cache, workers=workers)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the KB's objects are made: they hold no cycles (reference counting
    frees them), but each pass of the collector walks every object made so far, a third of `validate`'s time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_sources(sources: list[Source], *, cache: DocumentCache | None = None,
                 workers: int = 2) -> tuple[list[RawDocument], list[Issue]]:
    """Load files: cached models first, then the fast path (in parallel when many), then round-trip.

    Every file goes through the same guards (check_size before it is read, check_structure before any
    parser builds it), whichever path reads it."""
    with gc_paused():  # the worker processes are forked with it paused too
        return _load_sources(sources, cache or DocumentCache(None), workers)


def _load_sources(sources: list[Source], cache: DocumentCache, workers: int) -> tuple[list[RawDocument], list[Issue]]:
    state = _Loading({source.display: place for source in sources if (place := classify(source.rel)) is not None})
    for source in sources:  # files on disk are read (once) to know their content id
        if source.display in state.places and (source.blob is not None or state.read(source)):
            state.blobs[source.display] = (source, source.blob or blob_id(state.raws[source.display]))
    # Plan files first: an item file's model depends on its plan's `defaults:`, and so does its cache key.
    _load_fast(state, [d for d in state.blobs if state.places[d][0] == "plan"], cache, workers)
    _load_fast(state, [d for d in state.blobs if state.places[d][0] != "plan"], cache, workers)
    cache.flush()
    return _assemble(sources, state)


def _load_fast(state: _Loading, displays: list[str], cache: DocumentCache, workers: int) -> None:
    """Take files' models from the cache, or from the fast path (in parallel when many); the rest go round-trip."""
    keys = {display: key for display in displays if (key := state.key(display)) is not None}
    cached = cache.get_many(keys.values())
    state.hits.update((display, cached[key]) for display, key in keys.items() if key in cached)
    misses = [d for d, key in keys.items() if key not in cached and state.read(state.blobs[d][0])]
    tasks = [(state.places[d][0], d, state.raws[d], state.inherits(d)) for d in misses]
    # A worker's result is pickled anyway: pickled once where it is made, the cache keeps those very bytes.
    for display, result in zip(misses, _map(_fast_load, tasks, workers, packed=_fast_load_packed)):
        state.hits[display] = pickle.loads(result) if isinstance(result, bytes) else result
        if isinstance(state.hits[display], Loaded):
            cache.put(keys[display], state.hits[display], packed=result if isinstance(result, bytes) else None)
    del tasks
    # Only the files the round-trip loader reads keep their bytes (at national scale the rest is 200 MB).
    for display in displays:
        if state.hits.get(display) is not None:
            state.raws.pop(display, None)


@dataclass
class _Loading:
    """What load_sources knows of each file (by display path) so far."""

    places: dict[str, tuple[str, str]]  # (kind, owner) of each file that has a place in the KB
    refused: dict[str, Issue] = field(default_factory=dict)  # unreadable or too large
    raws: dict[str, bytes] = field(default_factory=dict)
    blobs: dict[str, tuple[Source, str]] = field(default_factory=dict)  # each readable file and its content id
    hits: dict[str, Any] = field(default_factory=dict)  # Loaded, a refusal, or None: round-trip
    plan_files: dict[str, str] = field(init=False)  # plan id -> its plan.yaml

    def __post_init__(self) -> None:
        self.plan_files = {owner: display for display, (kind, owner) in self.places.items() if kind == "plan"}

    def read(self, source: Source) -> bool:
        """Read a file's bytes into raws unless already there; False (and why, in refused) when it cannot be."""
        if source.display in self.raws:
            return True
        if source.display not in self.refused:
            raw = _read(source)
            if isinstance(raw, Issue):
                self.refused[source.display] = raw
            else:
                self.raws[source.display] = raw
        return source.display in self.raws

    def inherits(self, display: str) -> Any:
        """The plain `defaults:` a file's items inherit from its plan (None if none), or _ROUND_TRIP when the
        plan has some but was read round-trip: its items are then resolved from its nodes too (defaults.py)."""
        kind, owner = self.places[display]
        plan = self.plan_files.get(owner)
        if kind not in INHERITING or plan is None:
            return None
        hit = self.hits.get(plan)
        if isinstance(hit, Loaded):
            return hit.defaults or None
        return _ROUND_TRIP if hit is None and b"defaults" in self.raws.get(plan, b"") else None

    def key(self, display: str) -> str | None:
        """A file's cache key: its kind, content and inherited defaults; None when it is read round-trip."""
        inherits = self.inherits(display)
        return None if inherits is _ROUND_TRIP else content_key(self.places[display][0], self.blobs[display][1], inherits)


_ROUND_TRIP = object()  # see _Loading.inherits


def _assemble(sources: list[Source], state: _Loading) -> tuple[list[RawDocument], list[Issue]]:
    """Documents and issues in the sources' order."""
    documents: list[RawDocument] = []
    issues: list[Issue] = []
    for source in sources:
        place = state.places.get(source.display)
        hit = state.hits.get(source.display)
        if place is None:
            issues.append(_unknown_file(source.display))
        elif isinstance(hit, Loaded):
            documents.append(RawDocument(source.display, place[0], None, "", place[1], hit.model, hit.items, source.read,
                                         hit.inherited, state.blobs[source.display][1]))
        elif isinstance(hit, Issue) or not state.read(source):
            issues.append(_tag(hit if isinstance(hit, Issue) else state.refused[source.display], place))
        else:
            document, file_issues = _round_trip(place, source.display, state.raws.pop(source.display))
            issues += file_issues
            documents += [replace(document, blob=state.blobs[source.display][1])] if document is not None else []
    return documents, issues


def _read(source: Source) -> bytes | Issue:
    """A file's bytes, or why it cannot be read: not a file, unreadable, or over the size cap (checked unread)."""
    try:
        if source.file is not None:
            if not source.file.is_file():  # a folder named like a file, a dangling or looping link
                raise IsADirectoryError(errno.EISDIR if source.file.is_dir() else errno.ENOENT, "not a file")
            if issues := check_size(source.display, source.file.stat().st_size):
                return issues[0]
        raw = source.read()
    except OSError as error:
        return _unreadable(source.rel, source.display, source.file, error)
    issues = check_size(source.display, len(raw))
    return issues[0] if issues else raw


def _map(function: Callable[[Any], Any], tasks: list[Any], workers: int, *,
         packed: Callable[[Any], Any] | None = None) -> Iterator[Any]:
    """Run *function* over *tasks*, on a process pool when there are enough of them (*packed* there, if given);
    results come in order, as they are ready (the caller takes each in while the workers go on)."""
    if workers < 2 or len(tasks) < PARALLEL_MIN_FILES:
        yield from (function(task) for task in tasks)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(packed or function, tasks, chunksize=max(1, min(64, len(tasks) // (8 * workers))))


def _fast_load_packed(task: tuple[str, str, bytes, dict[str, Any] | None]) -> bytes | Issue | None:
    """_fast_load in a worker process, a Loaded returned pickled (as the cache stores it)."""
    hit = _fast_load(task)
    return pickle.dumps(hit, protocol=pickle.HIGHEST_PROTOCOL) if isinstance(hit, Loaded) else hit


def _fast_load(task: tuple[str, str, bytes, dict[str, Any] | None]) -> Loaded | Issue | None:
    """Parse one file on the fast path, resolve the defaults its items inherit (the plan's, given in the task, and
    its own) and validate it: Loaded, a refusal, or None for round-trip."""
    from generator.defaults import resolve_plain
    from generator.schema import FILE_MODELS

    kind, display, raw, plan_defaults = task
    text, _ = decode(raw, display)
    if text is None or _CONTROL.search(text):
        return None  # the round-trip loader reports it, located
    refused = check_structure(display, text)
    if refused:
        return refused[0]
    data, items = fastyaml.parse(text)
    resolved = resolve_plain(kind, data, plan_defaults) if isinstance(data, dict) else None
    if resolved is None:
        return None  # a syntax error, an unusual form or an invalid `defaults:` block: round-trip reports it
    try:
        model = FILE_MODELS[kind].model_validate(resolved[0])
    except ValidationError:
        return None  # validate.py reports it, located, from the round-trip nodes
    defaults = data.get("defaults") if kind == "plan" else None
    return Loaded(model, {name: array("i", flat) for name, flat in items.items()}, defaults, resolved[1])


def _unknown_file(display: str) -> Issue:
    return Issue("KB-FILE-UNKNOWN", "tệp nằm ngoài cấu trúc của cơ sở dữ liệu", Location(display, 1, 1),
                 hint="đặt tệp trong registry/ hoặc plans/<mã-kế-hoạch>/ với tên chuẩn")


def _unreadable(rel: Path, display: str, file: Path | None, error: OSError) -> Issue:
    what = ("là một thư mục, không phải tệp" if file is not None and file.is_dir() else
            "là liên kết không trỏ tới tệp nào" if file is not None and file.is_symlink()
            else f"không đọc được ({error.strerror})")
    issue = Issue("KB-FILE-UNREADABLE", f"'{rel.name}' {what}", Location(display, 1, 1),
                  hint="đổi tên hoặc xóa mục này; mỗi tệp .yaml của cơ sở dữ liệu là một tệp văn bản thường")
    place = classify(rel)
    return _tag(issue, place) if place else issue


def load_file(rel: Path, display: str, read: Callable[[], bytes], *,
              size: int | None = None) -> tuple[RawDocument | None, list[Issue]]:
    """Classify, decode and parse one KB file with the round-trip loader (*rel* is relative to the KB root;
    *size* if known before reading)."""
    place = classify(rel)
    if place is None:
        return None, [_unknown_file(display)]
    size_issues = check_size(display, size) if size is not None else []
    raw = read() if not size_issues else b""
    size_issues = size_issues or check_size(display, len(raw))
    if size_issues:
        return None, [_tag(i, place) for i in size_issues]
    return _round_trip(place, display, raw)


def _round_trip(place: tuple[str, str], display: str, raw: bytes) -> tuple[RawDocument | None, list[Issue]]:
    """Decode and parse with ruamel round-trip (parse_text runs the guards first)."""
    text, read_issues = decode(raw, display)
    if text is None:
        return None, [_tag(i, place) for i in read_issues]
    data, parse_issues = parse_text(display, text)
    if parse_issues:
        return None, [_tag(i, place) for i in parse_issues]
    return RawDocument(display, place[0], data, text, place[1]), []


def _tag(issue: Issue, place: tuple[str, str]) -> Issue:
    """Remember which kind of file failed, so cross-file checks know which pools are incomplete."""
    return replace(issue, data={**issue.data, "kind": place[0], "owner": place[1]})


def display_root(kb_dir: Path, root: Path | None) -> Path:
    """The folder KB paths are shown from: the project *root* when the KB is inside it, else the KB's parent."""
    inside = root is not None and Path(os.path.abspath(kb_dir)).is_relative_to(os.path.abspath(root))
    return root if root is not None and inside else kb_dir.parent


def display_path(file: Path, root: Path) -> str:
    """The path shown in messages, relative to the repository; links are not followed (they may be broken)."""
    try:
        return Path(os.path.abspath(file)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return file.as_posix()


def node_position(data: Any, loc: tuple[int | str, ...], *, key: bool = False) -> tuple[int, int]:
    """Return the 1-based (line, column) of the node at *loc*, or of its deepest existing parent."""
    node, position = data, (1, 1)
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, CommentedMap) and step not in node:
            # validation sees every key as text: find `2024:` or `~:` by its text form
            step = next((k for k in node if str(k) == str(step)), step)
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
                  key: bool = False, start: tuple[int, int] = (1, 1)) -> tuple[int, int]:
    """node_position over the positions fastyaml reads from libyaml's marks (*found* below a node at *start*)."""
    position = start
    for index in range(len(loc)):
        marks = found.get(tuple(loc[: index + 1]))
        if marks is None:
            break
        position = marks[:2] if (key and index == len(loc) - 1) else marks[2:]
    return position


@functools.lru_cache(maxsize=8)
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

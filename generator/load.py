"""Load KB files with ruamel.yaml round-trip, keeping every node's line and column."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.errors import Issue, Location

# Tab, LF and CR are legitimate in YAML; every other C0/C1 control character is a paste accident.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")

REGISTRY_FILES = {"programs.yaml": "programs", "fund-sources.yaml": "fund-sources", "districts.yaml": "districts"}
REGISTRY_DIRS = {"communes": "communes", "agencies": "agencies"}
PLAN_FILES = {f"{kind}.yaml": kind for kind in ("plan", "targets", "funds", "duties", "assignments", "progress")}


@dataclass(frozen=True)
class RawDocument:
    """One parsed KB file: its kind, its round-trip data and its source text."""

    path: str
    kind: str
    data: Any
    text: str
    owner: str = ""  # plan id for plan files, district id for per-district registries


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


def load_kb(kb_dir: Path, root: Path | None = None) -> tuple[list[RawDocument], list[Issue]]:
    """Load every YAML file under *kb_dir*; report unreadable or misplaced files as issues."""
    root = root or kb_dir.parent
    documents: list[RawDocument] = []
    issues: list[Issue] = []
    for file in sorted(kb_dir.rglob("*.yaml")) + sorted(kb_dir.rglob("*.yml")):
        rel = file.relative_to(kb_dir)
        if rel.parts[0] == "schema":
            continue
        document, file_issues = load_file(rel, _display_path(file, root), file.read_bytes)
        issues += file_issues
        if document is not None:
            documents.append(document)
    return documents, issues


def load_file(rel: Path, display: str, read: Callable[[], bytes]) -> tuple[RawDocument | None, list[Issue]]:
    """Classify, decode and parse one KB file (*rel* is relative to the KB root)."""
    place = classify(rel)
    if place is None:
        return None, [Issue("KB-FILE-UNKNOWN", "tệp nằm ngoài cấu trúc của cơ sở dữ liệu", Location(display),
                            hint="đặt tệp trong registry/ hoặc plans/<mã-kế-hoạch>/ với tên chuẩn")]
    text, read_issues = decode(read(), display)
    if text is None:
        return None, [_tag(i, place) for i in read_issues]
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

"""Author commands that extend the registries (agency, program or Đề án, fund source), keeping comments.

Each command reads the registry file with ruamel round-trip, refuses an id, name or alias that is already
taken (located at the entry that has it, with a did-you-mean), appends the entry, and writes the file in
`fmt`'s canonical form, so the result validates and passes `fmt --check` as it is.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.admin_units import slug
from generator.checks import fold
from generator.errors import Issue, KbError, Location
from generator.fmt import format_text, round_trip_yaml as _yaml
from generator.load import node_position, read_text
from generator.schema import ID_PATTERN, Agency, FundSource, Program

AGENCY_KINDS = {"phòng": "phong", "ban": "ban", "trung tâm": "trung-tam", "ủy ban nhân dân": "ubnd", "ubnd": "ubnd",
                "ủy ban mặt trận": "doan-the", "ubmttq": "doan-the", "hội": "doan-the", "huyện đoàn": "doan-the"}
SIMILAR = 0.85  # difflib ratio above which two names are taken for spellings of one body


@dataclass(frozen=True)
class Entry:
    """A registry entry as written: its id, the names it answers to, and where it is."""

    id: str
    names: tuple[str, ...]
    location: Location


def _load(path: Path, display: str) -> Any:
    text, issues = read_text(path, display)
    if issues or text is None:
        raise KbError(issues)
    return _yaml().load(text)


def _write(path: Path, data: Any, kind: str) -> None:
    out = io.StringIO()
    _yaml().dump(data, out)
    path.write_text(format_text(out.getvalue(), kind), encoding="utf-8")


def _entries(data: Any, list_name: str, display: str, loc: tuple[Any, ...] = ()) -> list[Entry]:
    """Every entry of a registry list (programs: with their projects), with its names and location."""
    found = []
    for index, node in enumerate(data.get(list_name) or []):
        names = tuple(str(n) for n in (node.get("name"), node.get("short_name"), *(node.get("aliases") or ())) if n)
        line, col = node_position(data, loc + (list_name, index))
        found.append(Entry(str(node.get("id")), names, Location(display, line, col)))
        if node.get("projects"):
            found += _entries(node, "projects", display, loc + (list_name, index))
    return found


def check_new(entries: list[Entry], new_id: str, names: list[str], what: str, *, force: bool = False) -> list[Issue]:
    """Refuse an id or a name already taken; refuse a near-identical name unless *force*."""
    issues = []
    if not _is_id(new_id):
        issues.append(Issue("KB-VALUE-FORMAT", f"mã '{new_id}' sai định dạng", Location("tham số --id"),
                            hint="mã chỉ gồm chữ thường không dấu, chữ số và dấu '-', ví dụ 'phong-tu-phap'"))
    for entry in entries:
        if entry.id == new_id:
            issues.append(Issue("KB-ID-DUPLICATE", f"mã {what} '{new_id}' đã có ({entry.names[0] if entry.names else ''})",
                                entry.location, hint=f"chọn mã khác, ví dụ '{_free_id(entries, new_id)}'"))
    taken = {fold(name): entry for entry in entries for name in entry.names}
    near = {_bare(name): entry for entry in entries for name in entry.names}
    for name in names:
        if fold(name) in taken:
            entry = taken[fold(name)]
            issues.append(Issue("KB-ALIAS-DUPLICATE", f"tên '{name}' đã là tên hoặc bí danh của {what} '{entry.id}'",
                                entry.location, hint="cùng một đơn vị thì không cần thêm; nếu khác đơn vị, đặt tên đầy đủ hơn"))
        elif not force:
            close = difflib.get_close_matches(_bare(name), list(near), n=1, cutoff=SIMILAR)
            if close:
                entry = near[close[0]]
                issues.append(Issue(
                    "KB-ALIAS-DUPLICATE", f"tên '{name}' gần giống '{entry.names[0]}' của {what} '{entry.id}'", entry.location,
                    hint=f"có phải ý bạn là '{entry.id}'? Nếu là cùng đơn vị, thêm '{name}' vào aliases của mục đó; "
                         "nếu thật sự là đơn vị khác, chạy lại lệnh với --force"))
    return issues


def _bare(name: str) -> str:
    """Fold a name and drop what plans add around one body's name ("… huyện", "… huyện Phong Thổ")."""
    return re.sub(r"\s+(huyện|cấp huyện)(\s.*)?$", "", fold(name))


def _is_id(value: str) -> bool:
    return bool(re.match(ID_PATTERN, value)) and len(value) <= 80


def _free_id(entries: list[Entry], base: str) -> str:
    used = {e.id for e in entries}
    return next(f"{base}-{n}" for n in range(2, 100) if f"{base}-{n}" not in used)


def guess_agency_kind(name: str) -> str:
    """Guess an agency's kind from the first words of its name (`Phòng …` → `phong`)."""
    folded = fold(name)
    return next((kind for prefix, kind in AGENCY_KINDS.items() if folded.startswith(prefix)), "khac")


def add_agency(kb_dir: Path, district: str, name: str, *, aliases: list[str], options: dict[str, Any]) -> Path:
    """Append an agency to kb/registry/agencies/<district>.yaml (created if missing)."""
    _require_district(kb_dir, district)
    path = kb_dir / "registry" / "agencies" / f"{district}.yaml"
    display = _display(kb_dir, path)
    data = _load(path, display) if path.is_file() else _new_agencies_file(district)
    agency_id: str = options.get("id") or slug(name)
    short_name: str | None = options.get("short_name")
    entry = {"id": agency_id, "name": name, "short_name": short_name,
             "kind": options.get("kind") or guess_agency_kind(name), "aliases": aliases}
    names = [name, *aliases] + ([short_name] if short_name else [])
    issues = check_new(_entries(data, "agencies", display), agency_id, names, "cơ quan", force=options.get("force", False))
    issues += _model_issues(Agency, entry, display)
    if issues:
        raise KbError(issues)
    data["agencies"].append(_node(entry))
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, data, "agencies")
    return path


def add_program(kb_dir: Path, program_id: str, name: str, *, short_name: str, options: dict[str, Any]) -> Path:
    """Append a program, project, sub-project or Đề án to kb/registry/programs.yaml (under --parent if given)."""
    path = kb_dir / "registry" / "programs.yaml"
    display = _display(kb_dir, path)
    data = _load(path, display)
    entries = _entries(data, "programs", display)
    entry = {"id": program_id, "kind": options.get("kind") or "de-an", "name": name, "short_name": short_name,
             "legal_basis": options.get("legal_basis"), "period": options.get("period")}
    issues = check_new(entries, program_id, [name], "chương trình", force=options.get("force", False))
    issues += _model_issues(Program, entry, display)
    parent: str | None = options.get("parent")
    siblings = data["programs"] if not parent else _find_program(data["programs"], parent)
    if siblings is None and parent:
        guess = difflib.get_close_matches(parent, [e.id for e in entries], n=1)
        issues.append(Issue("KB-REF-UNKNOWN", f"chương trình cha '{parent}' không có trong sổ đăng ký", Location(display),
                            hint=f"có phải ý bạn là '{guess[0]}'?" if guess else "xem các mã trong kb/registry/programs.yaml"))
    if issues:
        raise KbError(issues)
    assert siblings is not None
    siblings.append(_node(entry))
    _write(path, data, "programs")
    return path


def add_fund_source(kb_dir: Path, source_id: str, name: str, *, group: str, description: str = "") -> Path:
    """Append a fund source to the closed list kb/registry/fund-sources.yaml."""
    path = kb_dir / "registry" / "fund-sources.yaml"
    display = _display(kb_dir, path)
    data = _load(path, display)
    entry = {"id": source_id, "name": name, "group": group, "description": description or None}
    issues = check_new(_entries(data, "fund_sources", display), source_id, [name], "nguồn vốn")
    issues += _model_issues(FundSource, entry, display)
    if issues:
        raise KbError(issues)
    data["fund_sources"].append(_node(entry))
    _write(path, data, "fund-sources")
    return path


def _find_program(nodes: Any, program_id: str) -> Any:
    """Return the `projects` list of the program with this id (created when it has none yet)."""
    for node in nodes or []:
        if node.get("id") == program_id:
            if "projects" not in node:
                node["projects"] = CommentedSeq()
            return node["projects"]
        found = _find_program(node.get("projects"), program_id)
        if found is not None:
            return found
    return None


def _node(entry: dict[str, Any]) -> CommentedMap:
    node = CommentedMap()
    for key, value in entry.items():
        if value in (None, [], ""):
            continue
        if isinstance(value, list):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        node[key] = value
    return node


def _model_issues(model: Any, entry: dict[str, Any], display: str) -> list[Issue]:
    from pydantic import ValidationError

    try:
        model.model_validate({k: v for k, v in entry.items() if v not in (None, "")})
    except ValidationError as error:
        return [Issue("KB-VALUE-CHOICE" if d["type"] in ("literal_error", "enum") else "KB-VALUE-FORMAT",
                      f"giá trị '{d.get('input')}' của '{d['loc'][-1]}' không hợp lệ", Location(display),
                      hint=_choices_hint(dict(d))) for d in error.errors()]
    return []


def _choices_hint(detail: dict[str, Any]) -> str:
    expected = detail.get("ctx", {}).get("expected")
    return f"chọn một trong: {expected.replace(' or ', ', ')}" if expected else "xem docs/schema.md"


def _new_agencies_file(district: str) -> CommentedMap:
    data = _yaml().load(f"# yaml-language-server: $schema=../../schema/agencies.schema.json\n"
                        f"district: {district}\nagencies: []\n")
    data["agencies"] = CommentedSeq()
    return data


def _require_district(kb_dir: Path, district: str) -> None:
    path = kb_dir / "registry" / "districts.yaml"
    data = _load(path, _display(kb_dir, path)) if path.is_file() else {}
    ids = [str(d.get("id")) for d in (data.get("districts") or [])]
    if district not in ids:
        guess = difflib.get_close_matches(district, ids, n=1)
        raise KbError([Issue("KB-REF-UNKNOWN", f"huyện '{district}' không có trong sổ đăng ký", Location(_display(kb_dir, path)),
                             hint=f"có phải ý bạn là '{guess[0]}'?" if guess else
                             "thêm huyện trước: python -m generator add-district \"Tên huyện\" \"Tên tỉnh\"")])


def _display(kb_dir: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(kb_dir.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()

"""Canonical formatting of KB files: schema key order, 2/4/2 indentation, quoted figures; comments kept."""

from __future__ import annotations

import io
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from generator.defaults import INHERITABLE, LIST_OF_KIND, effective_defaults, resolve_item, valid_defaults
from generator.errors import Issue, KbError
from generator.load import (SafeRoundTripConstructor, check_structure, classify, read_text, to_plain,
                            yaml_error_issue)
from generator.schema import FILE_MODELS

# Fields whose values look like numbers or dates but are text: always single-quoted, so YAML never
# turns "98.801" into a float or 2022-01-18 into a date.
QUOTED_FIELDS = {"amount", "value", "value_max", "percent_printed", "date", "as_of", "code", "province_code"}


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = SafeRoundTripConstructor
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap printed text: a reflowed paragraph would be a noisy diff
    return yaml


def round_trip_yaml() -> YAML:
    """The YAML instance `fmt` reads and writes with (commands that edit KB files use it too)."""
    return _yaml()


def _nested_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    field = model.model_fields.get(name)
    if field is None:
        return None
    stack: list[Any] = [field.annotation]
    while stack:
        candidate = stack.pop()
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        stack.extend(typing.get_args(candidate))
    return None


def canonicalise(node: Any, model: type[BaseModel] | None) -> None:
    """Reorder keys to the schema's field order and quote figure-like fields, in place."""
    if isinstance(node, CommentedSeq):
        for item in node:
            canonicalise(item, model)
        return
    if not isinstance(node, CommentedMap) or model is None:
        return
    order = list(model.model_fields)
    for key in sorted(node, key=lambda k: order.index(k) if k in order else len(order)):
        node.move_to_end(key)
    for key, value in node.items():
        if key in QUOTED_FIELDS and isinstance(value, str) and not isinstance(value, SingleQuotedScalarString):
            node[key] = SingleQuotedScalarString(value)
        canonicalise(value, _nested_model(model, key))


def format_text(text: str, kind: str, plan_defaults: dict[str, Any] | None = None) -> str:
    """Return the canonical form of one KB file's text (items keep no value they inherit anyway)."""
    yaml = _yaml()
    data = yaml.load(text)
    canonicalise(data, FILE_MODELS[kind])
    drop_inherited(data, kind, plan_defaults)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def drop_inherited(data: Any, kind: str, plan_defaults: dict[str, Any] | None) -> None:
    """Delete item fields whose value the item would inherit anyway from its file's or plan's `defaults:`.

    A field carrying a comment is kept (deleting it would lose the comment), and a value is dropped only if
    resolving the item without it gives the same item, so `fmt` never changes what an item means.
    """
    list_name = LIST_OF_KIND.get(kind)
    if list_name is None or not isinstance(data, CommentedMap) or not isinstance(data.get(list_name), CommentedSeq):
        return
    own = data.get("defaults")
    layers = effective_defaults(list_name, valid_defaults(list_name, to_plain(own)) if own is not None else None,
                                plan_defaults)
    if not layers:
        return
    fields = INHERITABLE[list_name][2]
    for item in data[list_name]:
        if not isinstance(item, CommentedMap):
            continue
        for key in [k for k in item if k in fields and not any(item.ca.items.get(k) or ())]:
            plain = to_plain(item)
            without = {k: v for k, v in plain.items() if k != key}
            if resolve_item(without, fields, layers)[0] == resolve_item(plain, fields, layers)[0]:
                del item[key]


def plan_defaults_of(kb_dir: Path, rel: Path) -> dict[str, Any] | None:
    """Return the valid plan-level `defaults:` of the plan folder a KB file is in (None if none)."""
    if len(rel.parts) != 3 or rel.parts[0] != "plans":
        return None
    plan_file = kb_dir / "plans" / rel.parts[1] / "plan.yaml"
    text, issues = read_text(plan_file, str(plan_file)) if plan_file.is_file() else (None, [])
    if text and not issues:
        issues = check_structure(str(plan_file), text)  # an alias bomb would explode in to_plain
    try:
        data = to_plain(_yaml().load(text)) if text and not issues else None
    except YAMLError:  # a broken plan.yaml: validate reports it; fmt then keeps every value
        return None
    defaults = data.get("defaults") if isinstance(data, dict) else None
    return valid_defaults(None, defaults)


def format_kb(kb_dir: Path, *, check: bool, only: list[Path] | None = None) -> list[Path]:
    """Format every KB file (or only the given ones); return the files that changed (or would).

    A file that cannot be parsed is left as it is and reported (KbError) after the others are done.
    """
    changed, issues = [], []
    files = only if only is not None else sorted(kb_dir.rglob("*.yaml"))
    for file in files:
        rel = file.resolve().relative_to(kb_dir.resolve())
        place = classify(rel)
        if place is None or rel.parts[0] == "schema":
            continue
        text, read_issues = read_text(file, str(file))
        if text is None or read_issues:
            continue
        formatted, file_issues = _format_checked(str(file), text, place[0], plan_defaults_of(kb_dir, rel))
        issues += file_issues
        if formatted is not None and formatted != text:
            changed.append(file)
            if not check:
                file.write_text(formatted, encoding="utf-8")
    if issues:
        raise KbError(issues)
    return changed


def _format_checked(path: str, text: str, kind: str,
                    plan_defaults: dict[str, Any] | None) -> tuple[str | None, list[Issue]]:
    """Format one file's text, or return why it cannot be parsed (hostile structure, syntax)."""
    issues = check_structure(path, text)
    if issues:
        return None, issues
    try:
        return format_text(text, kind, plan_defaults), []
    except YAMLError as error:
        return None, [yaml_error_issue(path, error)]

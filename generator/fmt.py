"""Canonical formatting of KB files: schema key order, 2/4/2 indentation, quoted figures; comments kept."""

from __future__ import annotations

import io
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from generator.load import classify, read_text
from generator.schema import FILE_MODELS

# Fields whose values look like numbers or dates but are text: always single-quoted, so YAML never
# turns "98.801" into a float or 2022-01-18 into a date.
QUOTED_FIELDS = {"amount", "value", "value_max", "percent_printed", "date", "as_of", "code", "province_code"}


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap printed text: a reflowed paragraph would be a noisy diff
    return yaml


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


def format_text(text: str, kind: str) -> str:
    """Return the canonical form of one KB file's text."""
    yaml = _yaml()
    data = yaml.load(text)
    canonicalise(data, FILE_MODELS[kind])
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def format_kb(kb_dir: Path, *, check: bool, only: list[Path] | None = None) -> list[Path]:
    """Format every KB file (or only the given ones); return the files that changed (or would)."""
    changed = []
    files = only if only is not None else sorted(kb_dir.rglob("*.yaml"))
    for file in files:
        rel = file.resolve().relative_to(kb_dir.resolve())
        place = classify(rel)
        if place is None or rel.parts[0] == "schema":
            continue
        text, issues = read_text(file, str(file))
        if text is None or issues:
            continue
        formatted = format_text(text, place[0])
        if formatted != text:
            changed.append(file)
            if not check:
                file.write_text(formatted, encoding="utf-8")
    return changed

"""Resolve plan- and file-level `defaults:` into items before validation, remembering where each value was written.

Precedence (issue 10): the item's own value, then its file's `defaults:`, then the plan's `defaults:` for that
kind (`defaults.targets`, `defaults.fund_lines`, …), then the plan's common `defaults.program` / `defaults.year`.
A fund line's `year` and `period` are one group: the most specific level that sets either of them supplies
both, so a line with `period: 2023-2025` never also inherits a plan-wide `year`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from generator import fastyaml
from generator.errors import Location
from generator.load import RawDocument, to_plain
from generator.schema import DutyDefaults, FundDefaults, PlanDefaults, ResultDefaults, TargetDefaults

# item list name -> (file kind, defaults model, fields an item of that list inherits)
INHERITABLE: dict[str, tuple[str, type[BaseModel], tuple[str, ...]]] = {
    "targets": ("targets", TargetDefaults, ("program", "year", "unit", "scope")),
    "fund_lines": ("funds", FundDefaults, ("program", "year", "period", "unit", "source", "nature", "as_of")),
    "duties": ("duties", DutyDefaults, ("program",)),
    "results": ("progress", ResultDefaults, ("program", "unit", "as_of")),
}
LIST_OF_KIND = {kind: list_name for list_name, (kind, _, _) in INHERITABLE.items()}
COMMON = ("program", "year")  # plan-level keys that apply to every kind having the field
TIME_GROUP = ("year", "period")

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class Origin:
    """Where an inherited value was written: a `defaults:` mapping and the key inside it."""

    document: RawDocument
    loc: Loc

    def location(self, rest: Loc = ()) -> Location:
        line, col = self.document.position(self.loc + rest)
        return Location(self.document.path, line, col)


@dataclass(frozen=True)
class Layer:
    """One level of defaults: plain values and where the mapping holding them was written."""

    values: Mapping[str, Any]
    document: RawDocument | None = None
    loc: Loc = ()
    level: str = ""  # "file" or "plan": which document holds the mapping, when it is not known (plain data)


# (list name, index) -> field -> where the inherited value was written
Inherited = dict[tuple[str, int], dict[str, Origin]]
# The same for one item, without documents (what load.py caches for a file read by the fast path):
# (field, "file" or "plan", loc of the `defaults:` mapping it came from) for each inherited field
Written = tuple[tuple[str, str, Loc], ...]


def _mapping(data: Any, loc: Loc) -> Any:
    node = data
    for step in loc:
        if not isinstance(node, Mapping) or step not in node:
            return None
        node = node[step]
    return node if isinstance(node, Mapping) else None


def _valid(model: type[BaseModel], node: Any) -> bool:
    try:
        model.model_validate(to_plain(node))
    except ValidationError:
        return False
    return True


def _data(document: RawDocument | None) -> Any:
    """A document's round-trip nodes or, for a file the fast path read, its plain data parsed again."""
    if document is None or document.data is not None:
        return document.data if document else None
    data = fastyaml.parse(document.source_text())[0]  # only when a file inheriting from it has errors
    return None if data is fastyaml.FALLBACK else data


def plan_layers(plan_document: RawDocument | None, list_name: str, data: Any = None) -> list[Layer]:
    """Return the plan-level layers for one item list: the kind-specific part, then the common part.

    An invalid plan `defaults:` block gives no layers: its own errors are reported on plan.yaml.
    """
    data = _data(plan_document) if data is None else data
    node = _mapping(data, ("defaults",)) if plan_document else None
    if plan_document is None or node is None or not _valid(PlanDefaults, node):
        return []
    fields = INHERITABLE[list_name][2]
    layers = []
    specific = _mapping(data, ("defaults", list_name))
    if specific is not None:
        layers.append(Layer(to_plain(specific), plan_document, ("defaults", list_name)))
    common = {k: v for k, v in to_plain(node).items() if k in COMMON and k in fields}
    if common:
        layers.append(Layer(common, plan_document, ("defaults",)))
    return layers


def file_layer(document: RawDocument) -> tuple[Layer | None, set[str]]:
    """Return the file's own `defaults:` layer (None if absent or invalid) and the keys it names."""
    node = _mapping(document.data, ("defaults",))
    if node is None or document.kind not in LIST_OF_KIND:
        return None, set()
    keys = {str(k) for k in node}
    model = INHERITABLE[LIST_OF_KIND[document.kind]][1]
    return (Layer(to_plain(node), document, ("defaults",)) if _valid(model, node) else None), keys


def resolve_item(item: Mapping[str, Any], fields: tuple[str, ...], layers: list[Layer]) -> tuple[dict[str, Any], dict[str, Layer]]:
    """Return the item with inherited values filled in, and the layer each inherited field came from."""
    resolved, sources = dict(item), {}
    levels = [Layer(item)] + layers
    for name in fields:
        if name in item:
            continue
        group = [g for g in (TIME_GROUP if name in TIME_GROUP else (name,)) if g in fields]
        for layer in levels:
            if any(g in layer.values for g in group):
                if name in layer.values:
                    resolved[name], sources[name] = layer.values[name], layer
                break
    return resolved, sources


def apply_defaults(document: RawDocument, plan_document: RawDocument | None,
                   plain: Any = None) -> tuple[Any, Inherited, set[str]]:
    """Return the document's plain data with defaults resolved into its items.

    Also returns where each inherited value was written (for located errors) and the keys of an invalid
    file `defaults:` block (its items' "missing key" errors would only echo the block's own errors).
    """
    plain = to_plain(document.data) if plain is None else plain
    list_name = LIST_OF_KIND.get(document.kind)
    if list_name is None or not isinstance(plain, dict) or not isinstance(plain.get(list_name), list):
        return plain, {}, set()
    plan_data = _data(plan_document)
    if "defaults" not in plain and _mapping(plan_data, ("defaults",)) is None:
        return plain, {}, set()  # nothing to inherit: the common case, kept cheap
    own, keys = file_layer(document)
    plan = plan_layers(plan_document, list_name, plan_data)
    bad = (set() if own else keys) | _invalid_plan_keys(plan_data, list_name, plan)
    layers = ([own] if own else []) + plan
    fields = INHERITABLE[list_name][2]
    inherited: Inherited = {}
    items = []
    for index, item in enumerate(plain[list_name]):
        if not isinstance(item, dict):
            items.append(item)
            continue
        resolved, sources = resolve_item(item, fields, layers)
        items.append(resolved)
        if sources:
            inherited[(list_name, index)] = {
                name: Origin(layer.document, layer.loc + (name,)) for name, layer in sources.items() if layer.document
            }
    return {**plain, list_name: items}, inherited, bad


def _invalid_plan_keys(plan_data: Any, list_name: str, layers: list[Layer]) -> set[str]:
    """Keys an invalid plan `defaults:` block meant to give this list's items."""
    node = _mapping(plan_data, ("defaults",))
    if node is None or layers:
        return set()
    specific = _mapping(node, (list_name,)) or {}
    return {str(k) for k in node if k in COMMON} | {str(k) for k in specific}


def effective_defaults(list_name: str, file_defaults: Mapping[str, Any] | None,
                       plan_defaults: Mapping[str, Any] | None) -> list[Layer]:
    """Return the layers (file, then plan) for plain data, as plan_layers and file_layer make them from nodes
    (the document of each is unknown: its level says which one holds it)."""
    layers = [Layer(file_defaults, loc=("defaults",), level="file")] if file_defaults else []
    if plan_defaults:
        specific = plan_defaults.get(list_name)
        if isinstance(specific, Mapping):
            layers.append(Layer(specific, loc=("defaults", list_name), level="plan"))
        fields = INHERITABLE[list_name][2]
        common = {k: v for k, v in plan_defaults.items() if k in COMMON and k in fields}
        if common:
            layers.append(Layer(common, loc=("defaults",), level="plan"))
    return layers


def valid_defaults(list_name: str | None, values: Any) -> dict[str, Any] | None:
    """Return plain `defaults:` values if they validate (a file's for *list_name*, the plan's for None)."""
    model = PlanDefaults if list_name is None else INHERITABLE[list_name][1]
    if not isinstance(values, dict) or not _valid(model, values):
        return None
    return values


def resolve_plain(kind: str, data: dict[str, Any],
                  plan_defaults: Mapping[str, Any] | None) -> tuple[dict[str, Any], tuple[Written, ...]] | None:
    """Resolve defaults into a file's plain data as apply_defaults does from nodes (for the fast path).

    *plan_defaults* are the plain `defaults:` of a plan.yaml that validated. Also returns, per item, where
    each inherited value was written; None when the file's own `defaults:` block is invalid (the round-trip
    path reports it).
    """
    list_name = LIST_OF_KIND.get(kind)
    if list_name is None or not isinstance(data.get(list_name), list):
        return data, ()
    own = data.get("defaults")
    file_defaults = valid_defaults(list_name, own) if own is not None else None
    if own is not None and file_defaults is None:
        return None
    layers = effective_defaults(list_name, file_defaults, plan_defaults)
    if not layers:
        return data, ()
    fields = INHERITABLE[list_name][2]
    items: list[Any] = []
    written: list[Written] = []
    # Which layer gives an item each field depends only on which fields the item has: worked out once per
    # such set of fields (resolve_item), for every item of a file that has the same set.
    ways: dict[tuple[bool, ...], tuple[tuple[tuple[str, Layer], ...], Written]] = {}
    for item in data[list_name]:
        if not isinstance(item, dict):
            items.append(item)
            written.append(())
            continue
        has = tuple(name in item for name in fields)
        if has not in ways:
            sources = resolve_item({name: None for name, present in zip(fields, has) if present}, fields, layers)[1]
            ways[has] = tuple(sources.items()), tuple((name, layer.level, layer.loc) for name, layer in sources.items())
        taken, spec = ways[has]
        items.append({**item, **{name: layer.values[name] for name, layer in taken}} if taken else dict(item))
        written.append(spec)  # items inheriting the same way share one Written (pickled once)
    return {**data, list_name: items}, tuple(written)


def origins(document: RawDocument, plan_document: RawDocument | None, written: tuple[Written, ...]) -> Inherited:
    """Return where each inherited value of a file read by the fast path was written (from resolve_plain)."""
    list_name = LIST_OF_KIND.get(document.kind, "")
    levels = {"file": document, "plan": plan_document}
    found: dict[Written, dict[str, Origin]] = {}
    inherited: Inherited = {}
    for index, spec in enumerate(written):
        if spec:
            if spec not in found:
                found[spec] = {name: Origin(doc, loc + (name,)) for name, level, loc in spec
                               if (doc := levels[level]) is not None}
            inherited[(list_name, index)] = found[spec]
    return inherited

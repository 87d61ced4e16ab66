"""Parse KB YAML fast with libyaml events into plain data and the positions of list items.

The round-trip loader (ruamel, in load.py) keeps every position but costs about 2 ms per KB item.
This module reads the same text from libyaml's event stream into plain dicts, lists and scalars,
resolving plain scalars with ruamel's own YAML 1.2 table, so a file it accepts means exactly what it
means to ruamel. Anything unusual (explicit tags, duplicate or non-text keys, numbers in other than
their plain decimal form, timestamps, several documents, syntax errors) is left to the round-trip
loader by returning FALLBACK, which then reports it with its usual located message.

Hostile files (anchors, aliases, tags, deep nesting, huge files) are refused before this module sees
them, by the guards in load.py (check_size, check_structure) that every loading path runs; this parser
is iterative, and leaves anything it does not expect (an alias, a tag) to the round-trip path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml
from yaml._yaml import CParser
from ruamel.yaml import resolver as ruamel_resolver


class _Fallback:
    """Marker: the fast path leaves this file to the round-trip loader."""


FALLBACK = _Fallback()

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_NULL, _TRUE, _FALSE = {"", "~", "null", "Null", "NULL"}, {"true", "True", "TRUE"}, {"false", "False", "FALSE"}
_TAG = "tag:yaml.org,2002:"


def _resolvers() -> dict[str, list[tuple[str, Any]]]:
    """ruamel's YAML 1.2 implicit resolvers, by first character, in ruamel's order."""
    table: dict[str, list[tuple[str, Any]]] = {}
    for versions, tag, regexp, first in ruamel_resolver.implicit_resolvers:
        if (1, 2) in versions:
            for char in first or [""]:
                table.setdefault(char, []).append((tag.removeprefix(_TAG), regexp))
    return table


_RESOLVERS = _resolvers()


def _plain(value: str) -> Any:
    """Resolve a plain (unquoted) scalar as ruamel does under YAML 1.2, or FALLBACK for rare forms."""
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            if tag == "null" and value in _NULL:
                return None
            if tag == "bool":
                return value in _TRUE if value in _TRUE | _FALSE else FALLBACK
            if tag == "int" and _INT.fullmatch(value) and len(value) <= 40:  # longer: the round-trip path says why
                return int(value)
            if tag == "float" and _FLOAT.fullmatch(value):
                return float(value)
            return FALLBACK  # octal, hex, 1_000, 1e3, .inf, timestamps, merge keys: ruamel decides
    return value


class _NoKey:
    pass


_NO_KEY = _NoKey()
_MISSING = object()
_SCALAR, _MAPPING, _SEQUENCE = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def parse(text: str) -> tuple[Any, dict[str, list[int]]]:
    """Return the plain data of one YAML document and the position of each item of its top-level lists.

    The data is FALLBACK when the round-trip loader should read the file (it reports errors, located)."""
    parser = CParser(text)
    try:
        return _build(parser.get_event)
    except yaml.YAMLError:
        return FALLBACK, {}  # a syntax error: the round-trip loader says where and what, in its words
    finally:
        parser.dispose()


def _build(next_event: Any) -> tuple[Any, dict[str, list[int]]]:
    """Build plain data from libyaml's events, giving up (FALLBACK) at the first unusual one.

    One loop with local names: it runs for every node of the KB (a million at a tenth of the country)."""
    stack: list[Any] = []  # open containers: lists and dicts
    keys: list[Any] = []  # for each open container, the key waiting for its value (_NO_KEY: none)
    items: dict[str, list[int]] = {}  # top-level list -> flat (line, column) of each item, 1-based
    flat: list[int] | None = None  # the entry of items being filled
    root: Any = None
    documents = 0
    resolved: dict[str, Any] = {}  # plain scalar -> its value (keys and ids repeat on every item)
    while True:
        event = next_event()
        kind = type(event)
        if kind is _SCALAR:
            if event.tag is not None or event.anchor is not None:
                return FALLBACK, {}  # a tag; anchors never get here (check_structure refuses them first)
            value = event.value
            if not event.style:
                plain = resolved.get(value, _MISSING)
                if plain is _MISSING:
                    plain = resolved[value] = _plain(value)
                if plain is FALLBACK:
                    return FALLBACK, {}
                value = plain
        elif kind is _MAPPING or kind is _SEQUENCE:
            if event.tag is not None or event.anchor is not None:
                return FALLBACK, {}
            value = {} if kind is _MAPPING else []
        elif kind in _ENDS:
            stack.pop()
            keys.pop()
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                return FALLBACK, {}
            continue
        elif event is None or kind is yaml.StreamEndEvent:
            return root, items
        elif kind is yaml.AliasEvent:
            return FALLBACK, {}
        else:
            continue
        if not stack:
            root = value
        elif type(top := stack[-1]) is list:
            top.append(value)
            if flat is not None and len(stack) == 2:
                mark = event.start_mark
                flat += (mark.line + 1, mark.column + 1)
        elif (key := keys[-1]) is _NO_KEY:
            if type(value) is not str or value in top:
                return FALLBACK, {}  # a non-text or repeated key: ruamel reports or keeps it
            keys[-1] = value
        else:
            if len(stack) == 1 and type(value) is list:
                flat = items[key] = []
            top[key] = value
            keys[-1] = _NO_KEY
        if kind is not _SCALAR:
            stack.append(value)
            keys.append(_NO_KEY)


def positions(text: str) -> dict[tuple[Any, ...], tuple[int, int, int, int]]:
    """Map each node path to (key line, key column, value line, value column), 1-based, from libyaml's marks.

    For a sequence item both pairs are the item's position. Used to locate findings and cross-file
    errors in files read by the fast path; it agrees with ruamel's `lc` positions (tested)."""
    found: dict[tuple[Any, ...], tuple[int, int, int, int]] = {}
    stack: list[list[Any]] = []  # [path, is_mapping, pending key, key mark, next index]
    for event in _events(text):
        _position_event(event, stack, found)
    return found


_LINE_BREAK = re.compile(r"\r\n?|\n")  # libyaml's line breaks in the files this module reads


def item_positions(text: str, start: tuple[int, int], end_line: int | None) -> dict[tuple[Any, ...], tuple[int, int, int, int]] | None:
    """positions() inside one item of a top-level list, read from its own lines only: the block mapping starting at
    *start* (line, column) and ending before *end_line* (the next item's line; None: the end of the text).

    A finding's location then costs one item, not its whole file. None when the item is not a block mapping
    laid out on its own lines, or its lines do not parse alone: the caller reads the whole file instead."""
    line, column = start
    offsets = [0]
    for brk in _LINE_BREAK.finditer(text):
        if len(offsets) == (end_line or 0):
            break
        offsets.append(brk.end())
    if line > len(offsets) or (end_line is not None and (end_line <= line or end_line > len(offsets))):
        return None
    begin = offsets[line - 1]
    lead, body = text[begin:begin + column - 1], text[begin + column - 1:offsets[end_line - 1] if end_line else len(text)]
    if len(lead) != column - 1 or lead.strip(" -") or body[:1] in ("", "{", "[", "-", "?"):
        return None  # not a block mapping opening on this line after sequence indicators
    try:
        found = positions(" " * (column - 1) + body)
    except yaml.YAMLError:
        return None  # the item's lines do not stand alone (a flow collection spanning items, keys after the list)
    first = next(iter(found.values()), None)
    if first is None or first[:2] != (1, column):
        return None
    return {path: (kl + line - 1, kc, vl + line - 1, vc) for path, (kl, kc, vl, vc) in found.items()}


def _events(text: str) -> Iterator[Any]:
    """libyaml's parse events of *text*, up to the end of the stream."""
    parser = CParser(text)
    try:
        while (event := parser.get_event()) is not None and type(event) is not yaml.StreamEndEvent:
            yield event
    finally:
        parser.dispose()


def _position_event(event: Any, stack: list[list[Any]], found: dict[tuple[Any, ...], tuple[int, int, int, int]]) -> None:
    kind = type(event)
    if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
        stack.pop()
        _after_value(stack)
        return
    if kind not in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent):
        return
    mark = event.start_mark
    here = (mark.line + 1, mark.column + 1)
    path: tuple[Any, ...] = ()
    if stack:
        top = stack[-1]
        if top[1] and top[2] is _NO_KEY:  # this event is a key
            top[2], top[3] = (event.value if kind is yaml.ScalarEvent else None), here
            return
        path = top[0] + ((top[2],) if top[1] else (top[4],))
        key_mark = top[3] if top[1] else here
        found[path] = (*key_mark, *here)
    if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
        stack.append([path, kind is yaml.MappingStartEvent, _NO_KEY, None, 0])
    else:
        _after_value(stack)


def _after_value(stack: list[list[Any]]) -> None:
    if stack:
        top = stack[-1]
        if top[1]:
            top[2] = _NO_KEY
        else:
            top[4] += 1

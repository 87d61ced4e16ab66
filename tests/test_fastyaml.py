"""The fast loader reads every KB file exactly as ruamel does, runs the same guards, and its cache changes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import fastyaml
from generator.doccache import DocumentCache
from generator.export import kb_json
from generator import load
from generator.load import _fast_load, _yaml, load_kb, node_position, to_plain
from generator.validate import validate_kb
from tests.conftest import FIXTURES, MINI_KB, ROOT

YAML_FILES = sorted(p for p in (ROOT / "kb").rglob("*.yaml") if "schema" not in p.parts) + sorted(FIXTURES.rglob("*.yaml"))


def _ruamel(text: str):
    try:
        return _yaml().load(text)
    except Exception:  # noqa: BLE001 - any ruamel error means the fast path must not accept the file
        return fastyaml.FALLBACK


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_path_reads_every_file_as_ruamel_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data, _ = fastyaml.parse(text)
    round_trip = _ruamel(text)
    if data is fastyaml.FALLBACK:
        return  # left to ruamel, which is the reference
    assert round_trip is not fastyaml.FALLBACK and data == to_plain(round_trip)
    for loc, (key_line, key_col, line, col) in fastyaml.positions(text).items():
        assert node_position(round_trip, loc) == (line, col), loc
        assert node_position(round_trip, loc, key=True) == (key_line, key_col), loc


SCALARS = ["yes", "no", "on", "off", "y", "True", "FALSE", "08", "010", "0o17", "0x1F", "1_000", "1e3", "-0", "+12",
           ".inf", "-.Inf", ".nan", "~", "null", "", "2024-06-30", "2024-06-30 12:00:00", "12:30", "98.801",
           "1.790.878", "695,4", "Phòng KT&HT", "a *b", "3.", "0.5", "-1.25", "=", "<<"]


@pytest.mark.parametrize("scalar", SCALARS)
def test_plain_scalars_resolve_as_yaml_1_2(scalar: str) -> None:
    """Where YAML 1.1 (PyYAML) and 1.2 (ruamel) disagree, the fast path agrees with ruamel or steps aside."""
    text = f"a: {scalar}\nb: [{scalar or 'x'}]\n"
    data, _ = fastyaml.parse(text)
    round_trip = _ruamel(text)
    if data is not fastyaml.FALLBACK:
        assert data == to_plain(round_trip) and type(data["a"]) is type(to_plain(round_trip)["a"])


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "? [x]\n: 1\n", "1: x\n", "a: !!str 5\n", "a: 1\n---\nb: 2\n",
                                  "a: [1,\n"])
def test_unusual_files_are_left_to_ruamel(text: str) -> None:
    assert fastyaml.parse(text)[0] is fastyaml.FALLBACK


def _bomb(levels: int = 30) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "plan: x\n" + "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly_and_located(kb_dir) -> None:
    kb = kb_dir({"create": {"plans/mini-2024/targets-bomb.yaml": _bomb()}})
    started = time.perf_counter()
    with pytest.raises(Exception) as raised:
        validate_kb(*load_kb(kb, kb.parent))
    assert time.perf_counter() - started < 10
    messages = [str(i) for i in raised.value.issues]  # type: ignore[attr-defined]
    assert "kb/plans/mini-2024/targets-bomb.yaml:2:5: error[KB-YAML-ALIAS]" in messages[0]


def test_the_fast_path_runs_the_same_guard_as_round_trip() -> None:
    """An anchor is refused (load.check_structure) before the fast parser sees it; `&` and `*` in text are not."""
    refused = _fast_load(("targets", "t.yaml", b"a: &x 1\n", None))
    assert refused == load.parse_text("t.yaml", "a: &x 1\n")[1][0]
    assert refused.code == "KB-YAML-ALIAS" and str(refused.location) == "t.yaml:1:4"
    tagged = _fast_load(("targets", "t.yaml", b"a: !!binary bGVhZA==\n", None))
    assert tagged.code == "KB-YAML-TAG"
    data, _ = fastyaml.parse("a: Phòng KT&HT\nb: 'x *y'\nc: a *b\n")
    assert data == {"a": "Phòng KT&HT", "b": "x *y", "c": "a *b"}


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000 + "\n", "a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n",
                                  "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n"])
def test_deep_nesting_is_a_located_error_on_the_fast_path(text: str) -> None:
    refused = _fast_load(("targets", "t.yaml", text.encode(), None))
    assert refused.code == "KB-YAML-NESTING" and refused.location.line >= 1
    assert fastyaml.parse(text)[0] is fastyaml.FALLBACK or isinstance(fastyaml.parse(text)[0], dict)  # never a crash


def test_a_file_over_the_size_cap_is_refused_unread_with_the_cache(kb_dir, tmp_path: Path) -> None:
    kb = kb_dir({"create_sparse": {"plans/mini-2024/targets-huge.yaml": load.MAX_FILE_BYTES + 1}})
    with pytest.raises(Exception) as raised:
        validate_kb(*load_kb(kb, kb.parent, cache=DocumentCache(tmp_path / "cache")))
    assert [i.code for i in raised.value.issues] == ["KB-FILE-SIZE"]  # type: ignore[attr-defined]


def test_item_positions_of_fast_documents_match_ruamel() -> None:
    documents, issues = load_kb(ROOT / "kb", ROOT)
    assert not issues
    fast = [d for d in documents if d.data is None]
    assert fast == documents and all(d.model is not None for d in fast)  # files with `defaults:` too
    for document in fast:
        text = (ROOT / document.path).read_text(encoding="utf-8")
        round_trip = _yaml().load(text)
        for name, flat in document.items.items():
            for index in range(len(flat) // 2):
                assert document.position((name, index)) == node_position(round_trip, (name, index))
                assert document.position((name, index, "id")) == node_position(round_trip, (name, index, "id"))
        # Every field of every item (located from the item's own lines), and keys and paths that do not exist
        for loc in [loc for loc in fastyaml.positions(text) if len(loc) > 2] + [(name, 0, "khong-co", 1) for name in document.items]:
            for key in (False, True):
                assert document.position(loc, key=key) == node_position(round_trip, loc, key=key), (document.path, loc)


@pytest.mark.parametrize("text", ["a:\n  - id: x\n    b: [1,\n      2]\n  - id: y\n", "a:\n  -\n    id: x\n    b: 1\n  - id: y\n",
                                  "a: [{id: x, b: 1},\n    {id: y, b: 2}]\n", "a:\n  - id: x\n    b: 1\nc: 2\n",
                                  "a:\n- id: x\n  b: >\n    folded\n    text\n- id: y\n  b: |\n    kept\n# end\n"])
def test_item_positions_read_from_the_items_lines_are_the_files(text: str) -> None:
    """A finding in a fast-path file is located from its item's lines alone; any layout gives the whole file's answer."""
    _, items = fastyaml.parse(text)
    document = load.RawDocument("t.yaml", "targets", None, text, items={k: load.array("i", v) for k, v in items.items()})
    whole = fastyaml.positions(text)
    for loc in [loc for loc in whole if len(loc) > 2] + [("a", 0, "zz"), ("a", 1, "b", 5)]:
        for key in (False, True):
            assert document.position(loc, key=key) == load.mark_position(whole, loc, key=key), loc


def test_cache_gives_the_same_kb_and_never_hides_an_error(kb_dir, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cold = DocumentCache(cache_dir)
    first = kb_json(validate_kb(*load_kb(MINI_KB, FIXTURES / "mini", cache=cold)))
    cold.close()
    warm = DocumentCache(cache_dir)
    documents, issues = load_kb(MINI_KB, FIXTURES / "mini", cache=warm)
    assert warm.hits == len(documents) and kb_json(validate_kb(documents, issues)) == first
    bad = kb_dir({"file": "plans/mini-2024/funds.yaml", "replace": ["amount: '6.000'", "amount: 6.000"]})
    for _ in range(2):
        with pytest.raises(Exception) as raised:
            validate_kb(*load_kb(bad, bad.parent, cache=DocumentCache(cache_dir)))
        assert [i.code for i in raised.value.issues] == ["KB-NUMBER-FLOAT"]  # type: ignore[attr-defined]


def test_shipped_kb_with_defaults_is_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    """Files with `defaults:` and their cached models give the same KB as the first, uncached load."""
    plain = kb_json(validate_kb(*load_kb(ROOT / "kb", ROOT)))
    for _ in range(2):  # cold, then warm
        cache = DocumentCache(tmp_path / "cache")
        assert kb_json(validate_kb(*load_kb(ROOT / "kb", ROOT, cache=cache))) == plain
        cache.close()

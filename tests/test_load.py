"""Loading: positions survive, Unicode is normalised, and random input never crashes the loader."""

from __future__ import annotations

import io
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
import yaml as pyyaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator import load
from generator.errors import KbError
from generator.load import check_structure, classify, load_kb, node_position, parse_text
from generator.validate import validate_kb
from tests.conftest import ROOT

PLAN_FILES = ["plans/p/plan.yaml", "plans/p/targets.yaml", "plans/p/funds.yaml", "plans/p/duties.yaml",
              "plans/p/assignments.yaml", "registry/programs.yaml", "registry/agencies/d.yaml"]


def test_classify_knows_the_layout() -> None:
    assert classify(Path("plans/x/duties-vi-2.yaml")) == ("duties", "x")
    assert classify(Path("plans/x/plan.yaml")) == ("plan", "x")
    assert classify(Path("plans/x/plan-extra.yaml")) is None
    assert classify(Path("registry/communes/phong-tho.yaml")) == ("communes", "phong-tho")
    assert classify(Path("notes.yaml")) is None


def test_node_position_points_at_value_and_key() -> None:
    data, issues = parse_text("f.yaml", "a:\n  - x: 1\n    y: [2, 3]\n")
    assert not issues
    assert node_position(data, ("a", 0, "y")) == (3, 8)
    assert node_position(data, ("a", 0, "y"), key=True) == (3, 5)
    assert node_position(data, ("a", 5, "y")) == (2, 3)  # the list "a", deepest existing parent


def test_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    kb = tmp_path / "kb" / "registry"
    kb.mkdir(parents=True)
    decomposed = unicodedata.normalize("NFD", "programs:\n  - id: x\n    name: Giảm nghèo\n")
    (kb / "programs.yaml").write_text(decomposed, encoding="utf-8")
    documents, issues = load_kb(tmp_path / "kb")
    assert not issues
    assert documents[0].data["programs"][0]["name"] == unicodedata.normalize("NFC", "Giảm nghèo")


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=20))
yaml_values = st.recursive(yaml_scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)), max_leaves=12)


def _dump(value: object) -> str:
    stream = io.StringIO()
    YAML(typ="safe").dump(value, stream)
    return stream.getvalue()


def _never_crashes(tmp_path: Path, rel: str, text: str | bytes) -> None:
    path = tmp_path / "kb" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    documents, issues = load_kb(tmp_path / "kb")
    try:
        validate_kb(documents, issues)
    except KbError as error:
        assert error.issues and all(i.location.path.endswith(rel) or i.location.path.startswith("kb") for i in error.issues)
    path.unlink()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(PLAN_FILES), value=yaml_values)
def test_random_yaml_structures_never_crash(tmp_path: Path, rel: str, value: object) -> None:
    _never_crashes(tmp_path, rel, _dump(value))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(PLAN_FILES), text=st.text(alphabet=st.sampled_from(list("ab:- \n\t\"'[]{}#&*!|>%@`,?\u0007đ")), max_size=80))
def test_random_yaml_text_never_crashes(tmp_path: Path, rel: str, text: str) -> None:
    _never_crashes(tmp_path, rel, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rel=st.sampled_from(PLAN_FILES), data=st.binary(max_size=60))
def test_random_bytes_never_crash(tmp_path: Path, rel: str, data: bytes) -> None:
    _never_crashes(tmp_path, rel, data)


# --------------------------------------------------------------------------- hostile YAML guards

BILLION_LAUGHS = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))


def test_alias_bomb_is_refused_before_anything_is_built() -> None:
    tracemalloc.start()
    data, issues = parse_text("f.yaml", BILLION_LAUGHS)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert data is None and [str(i) for i in issues] == [
        "f.yaml:1:5: error[KB-YAML-ALIAS] dùng neo YAML '&a0'; cơ sở dữ liệu không dùng neo (&) và bí danh (*) "
        "(chép lại nội dung ở từng chỗ cần dùng thay cho neo và bí danh)"]
    assert peak < 5_000_000  # expanding the aliases would take 10^9 list entries


def test_a_lone_alias_is_named_where_it_is_used() -> None:
    _, issues = parse_text("f.yaml", "a: x\nb: [y, *zz]\n")
    assert [(i.code, i.location.line, i.location.column, "'*zz'" in i.message) for i in issues] == [
        ("KB-YAML-ALIAS", 2, 8, True)]


@pytest.mark.parametrize("text, line, column", [
    ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, 67),  # beyond libyaml's own limit of 1000
    ("a: " + "{b: " * 300 + "}" * 300 + "\n", 1, 256),
    ("".join("  " * i + "k:\n" for i in range(300)) + "  " * 300 + "v: 1\n", 65, 129),
    ("- " * 300 + "x\n", 1, 129),
])
def test_deep_nesting_is_one_located_error(text: str, line: int, column: int) -> None:
    _, issues = parse_text("f.yaml", text)
    assert [(i.code, i.location.line, i.location.column) for i in issues] == [("KB-YAML-NESTING", line, column)]


@pytest.mark.parametrize("text, code", [
    ("a: !!float x\n", "KB-YAML-TAG"), ("a: !local x\n", "KB-YAML-TAG"), ("a: ! x\n", "KB-YAML-TAG"),
    ("a: 2024-13-45\n", "KB-VALUE-FORMAT"), ("a: 0x_\n", "KB-VALUE-FORMAT"), ("a: " + "1" * 5000 + "\n", "KB-VALUE-FORMAT"),
])
def test_values_yaml_cannot_build_are_located_errors(text: str, code: str) -> None:
    _, issues = parse_text("f.yaml", text)
    assert [(i.code, i.location.line, i.location.column) for i in issues] == [(code, 1, 4)]


def test_the_shipped_kb_passes_the_guards_without_an_event_walk() -> None:
    files = [p for p in (ROOT / "kb").rglob("*.yaml") if "schema" not in p.parts]
    texts = {p: p.read_text(encoding="utf-8") for p in files}
    assert all(check_structure(str(p), t) == [] for p, t in texts.items())
    assert [p for p, t in texts.items() if load._may_be_hostile(t)] == []  # the cheap text scan is enough


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "kb" / "plans" / "p" / "duties.yaml"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        handle.truncate(load.MAX_FILE_BYTES + 1)
    documents, issues = load_kb(tmp_path / "kb")
    assert documents == [] and [i.code for i in issues] == ["KB-FILE-SIZE"]


# The text pre-scan may only say "harmless" when the parser's events agree. Checked with a small depth
# limit, so random short texts can exceed it.
@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{}&*!?#,")), max_size=60))
def test_the_text_prescan_never_misses_what_the_parser_sees(text: str) -> None:
    if load._may_be_hostile(text, max_depth=8):
        return
    for events in (lambda: load._c_events(text), lambda: YAML(typ="rt").parse(text)):
        try:
            assert load.scan_events("f.yaml", events(), max_depth=8) == []
        except (pyyaml.YAMLError, YAMLError):
            pass

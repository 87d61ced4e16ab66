"""Loading: positions survive, Unicode is normalised, and random input never crashes the loader."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.errors import KbError
from generator.load import classify, load_kb, node_position, parse_text
from generator.validate import validate_kb

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

"""Validation: one invalid fixture per error code, located messages, all errors in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import CATALOGUE, KbError
from generator.load import load_kb
from generator.validate import validate_kb
from tests.conftest import FIXTURES, load_fixture

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
CLEAN_FINDINGS = [
    "kb/plans/mini-2024/funds.yaml:3:5: warning[KB-SUM-MISMATCH] tổng in 10.500 triệu đồng nhưng 2 dòng con "
    "cộng lại 10.000 triệu đồng, chênh lệch −500 triệu đồng (mục III của kế hoạch)"
]


def run(kb: Path) -> list[str]:
    documents, issues = load_kb(kb)
    try:
        result = validate_kb(documents, issues)
    except KbError as error:
        return [str(issue) for issue in error.issues]
    return [str(finding) for finding in result.findings]


def test_every_code_has_a_fixture() -> None:
    assert {p.stem for p in INVALID} == {code for code in CATALOGUE if code.startswith("KB-")}


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_gives_exact_located_message(fixture: Path, kb_dir) -> None:
    spec = load_fixture(fixture)
    messages = run(kb_dir(spec))
    assert messages == spec["expect"]
    assert any(f"[{fixture.stem}]" in m for m in messages)


def test_clean_mini_kb_has_only_its_known_finding(kb_dir) -> None:
    assert run(kb_dir()) == CLEAN_FINDINGS


def test_independent_errors_are_reported_together(kb_dir) -> None:
    names = ["KB-REF-UNKNOWN", "KB-KEY-UNKNOWN", "KB-TYPE", "KB-ID-DUPLICATE"]
    bad_indent = {"file": "registry/communes/phong-tho.yaml", "replace": ["    code: '03565'\n", "    code: '03565'\n      x: 1\n"]}
    kb = kb_dir(*(load_fixture(FIXTURES / "invalid" / f"{n}.yaml") for n in names), bad_indent)
    names.append("KB-YAML-SYNTAX")
    messages = run(kb)
    # One located error per mistake, all in one run: the per-file errors and the cross-file ones
    # (unknown agency, duplicate id) found in the files that are individually clean.
    codes = sorted(m.split("error[")[1].split("]")[0] for m in messages)
    assert codes == sorted(names), messages


def test_a_broken_registry_does_not_cascade(kb_dir) -> None:
    broken = {"file": "registry/agencies/phong-tho.yaml", "replace": ["    kind: phong\n", "    kind: phong\n    kine: x\n"]}
    messages = run(kb_dir(broken))
    assert len(messages) == 1 and "KB-KEY-UNKNOWN" in messages[0] and "agencies/phong-tho.yaml" in messages[0]

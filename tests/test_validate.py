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
    names = ["KB-REF-UNKNOWN", "KB-KEY-UNKNOWN", "KB-TYPE", "KB-ID-DUPLICATE", "KB-YAML-SYNTAX"]
    kb = kb_dir(*(load_fixture(FIXTURES / "invalid" / f"{n}.yaml") for n in names))
    messages = run(kb)
    # Per-file errors come first; cross-file checks wait until every file is clean, so the
    # unknown agency and duplicate id are not reported in the same run as the syntax error.
    codes = sorted(m.split("error[")[1].split("]")[0] for m in messages)
    assert codes == ["KB-KEY-UNKNOWN", "KB-TYPE", "KB-YAML-SYNTAX"]
    fixed = kb_dir(*(load_fixture(FIXTURES / "invalid" / f"{n}.yaml") for n in ("KB-REF-UNKNOWN", "KB-ID-DUPLICATE")))
    codes = sorted(m.split("error[")[1].split("]")[0] for m in run(fixed))
    assert codes == ["KB-ID-DUPLICATE", "KB-REF-UNKNOWN"]

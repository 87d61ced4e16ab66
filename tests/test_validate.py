"""Validation: one invalid fixture per error code, located messages, all errors in one run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.errors import CATALOGUE, KbError
from generator.load import load_kb, to_plain
from generator.schema import FILE_MODELS
from generator.sources import load_sources
from generator.validate import _BOUNDS, MESSAGES, validate_kb
from tests.conftest import FIXTURES, load_fixture

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
CLEAN_FINDINGS = [
    "kb/plans/mini-2024/funds.yaml:3:5: warning[KB-SUM-MISMATCH] tổng in 10.500 triệu đồng nhưng 2 dòng con "
    "cộng lại 10.000 triệu đồng, chênh lệch −500 triệu đồng (mục III của kế hoạch)"
]


def run(kb: Path) -> list[str]:
    documents, issues = load_kb(kb)
    sources, source_issues = load_sources(kb)
    try:
        result = validate_kb(documents, issues + source_issues, sources=sources)
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


# --------------------------------------------------------------------------- pydantic messages in Vietnamese

T = "plans/mini-2024/targets.yaml"
P = "plans/mini-2024/plan.yaml"
# pydantic error type -> one mutation of the mini KB that produces it (and nothing else).
PYDANTIC_CASES: dict[str, tuple[str, str, str]] = {
    "string_type": (T, "    unit: hộ\n", "    unit: [hộ]\n"),
    "string_too_short": (T, "    indicator: Hỗ trợ nhà ở cho hộ nghèo\n", "    indicator: ''\n"),
    "string_too_long": (T, "  - id: t-nha-o\n", f"  - id: t-{'a' * 90}\n"),
    "string_pattern_mismatch": (T, "  - id: t-nha-o\n", "  - id: T Nhà Ở\n"),
    "int_type": (T, "    year: 2024\n    scope:", "    year: [2024]\n    scope:"),
    "int_parsing": (T, "    year: 2024\n    scope:", "    year: năm 2024\n    scope:"),
    "int_from_float": (T, "    year: 2024\n    scope:", "    year: 2024.5\n    scope:"),
    "int_parsing_size": (T, "    year: 2024\n    scope:", "    year: 1.0e+300\n    scope:"),
    "finite_number": (T, "    year: 2024\n    scope:", "    year: .inf\n    scope:"),
    "greater_than_equal": (T, "    year: 2024\n    scope:", "    year: 1900\n    scope:"),
    "less_than_equal": (T, "    year: 2024\n    scope:", "    year: 20240\n    scope:"),
    "bool_type": (T, "    year: 2024\n    scope:", "    year: 2024\n    per_year: [true]\n    scope:"),
    "bool_parsing": (T, "    year: 2024\n    scope:", "    year: 2024\n    per_year: có\n    scope:"),
    "enum": (T, "    comparator: eq\n", "    comparator: bằng\n"),
    "literal_error": (T, "      level: communes\n", "      level: xã\n"),
    "model_type": (T, "    scope:\n      level: communes\n      communes: [dao-san, tung-qua-lin]\n", "    scope: các xã\n"),
    "tuple_type": (T, "      communes: [dao-san, tung-qua-lin]\n", "      communes: dao-san\n"),
    "missing": (T, "    unit: hộ\n", ""),
    "extra_forbidden": (T, "    unit: hộ\n", "    unit: hộ\n    units: hộ\n"),
    "invalid_key": (T, "    unit: hộ\n", "    unit: hộ\n    2024: hộ\n"),
    "kb_blank": (T, "    indicator: Hỗ trợ nhà ở cho hộ nghèo\n", "    indicator: '   '\n"),
    "kb_date": (P, "      date: '2022-01-18'\n", "      date: '2022-02-30'\n"),
    "kb_printed_empty": (P, "    status: blank\n    printed: 'Số: /KH-UBND'\n", "    status: printed\n"),
    "too_short": ("registry/indicators.yaml", "    units: [hộ]\n", "    units: []\n"),
    "kb_printed_status": (P, "    status: blank\n    printed: 'Số: /KH-UBND'\n", "    status: blank\n    value: 12/KH-UBND\n"),
}
ENGLISH = re.compile(r"\b(Input|should|valid|String|characters?|greater|less|than|equal|error|Keys|pattern|instance|"
                     r"dictionary|tuple|integer|boolean|finite|unable|parse|fractional|Field|required|extra|permitted)\b")


def _pydantic_types(kb: Path, rel: str) -> set[str]:
    documents, _ = load_kb(kb)
    document = next(d for d in documents if d.path.endswith(rel))
    try:
        FILE_MODELS[document.kind].model_validate(to_plain(document.data))
    except ValidationError as error:
        return {detail["type"] for detail in error.errors()}
    return set()


@pytest.mark.parametrize("kind", sorted(PYDANTIC_CASES))
def test_every_pydantic_error_reads_in_vietnamese_with_a_hint(kind: str, kb_dir) -> None:
    rel, old, new = PYDANTIC_CASES[kind]
    kb = kb_dir({"file": rel, "replace": [old, new]})
    assert kind in _pydantic_types(kb, rel)
    messages = [m for m in run(kb) if "error[" in m]
    assert len(messages) == 1, messages
    assert re.match(rf"kb/{re.escape(rel)}:\d+:\d+: error\[KB-[A-Z-]+\] .+ \(.+\)$", messages[0]), messages[0]
    assert not ENGLISH.search(messages[0].split("] ", 1)[1]), messages[0]


# Error types each kind of core schema node can raise (pydantic-core 2.x).
_CORE_ERRORS = {
    "str": {"string_type"}, "int": {"int_type", "int_parsing", "int_from_float", "int_parsing_size", "finite_number"},
    "bool": {"bool_type", "bool_parsing"}, "enum": {"enum"}, "literal": {"literal_error"}, "model": {"model_type"},
    "model-fields": {"missing", "extra_forbidden", "invalid_key"}, "tuple": {"tuple_type"},
}
_CONSTRAINT_ERRORS = {"min_length": "string_too_short", "max_length": "string_too_long",
                      "pattern": "string_pattern_mismatch", "ge": "greater_than_equal", "le": "less_than_equal",
                      "gt": "greater_than", "lt": "less_than"}


def _reachable_error_types() -> set[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("type"), str):
                assert node["type"] in _CORE_ERRORS or node["type"] in {
                    "default", "definitions", "definition-ref", "model-field", "nullable", "function-after", "no-info"}, node["type"]
                found.update(_CORE_ERRORS.get(node["type"], ()))
                errors = {error for key, error in _CONSTRAINT_ERRORS.items() if key in node}
                if node["type"] == "tuple" and "min_length" in node:  # a list that must not be empty
                    errors = errors - {"string_too_short"} | {"too_short"}
                found.update(errors)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for model in FILE_MODELS.values():
        walk(model.__pydantic_core_schema__)
    return found


def test_the_cases_cover_every_error_type_the_models_can_raise() -> None:
    reachable = _reachable_error_types()
    assert reachable <= set(PYDANTIC_CASES), reachable - set(PYDANTIC_CASES)
    special = {"missing", "extra_forbidden", "invalid_key", "enum", "literal_error", "string_pattern_mismatch", *_BOUNDS}
    assert reachable - special <= set(MESSAGES)


def test_an_unknown_key_indicator_is_located_with_a_guess(kb_dir) -> None:
    typo = {"file": "plans/mini-2024/targets.yaml", "replace": ["indicator_key: ty-le-ho-ngheo\n", "indicator_key: ty-le-ho-ngeo\n"]}
    assert run(kb_dir(typo)) == [
        "kb/plans/mini-2024/targets.yaml:5:20: error[KB-REF-UNKNOWN] chỉ tiêu chính 'ty-le-ho-ngeo' không có trong sổ đăng "
        "ký (có phải ý bạn là 'ty-le-ho-ngheo'?)"]


def test_key_indicators_without_a_registry_say_where_to_add_them(kb_dir) -> None:
    messages = run(kb_dir({"delete": "registry/indicators.yaml"}))
    assert messages == [
        "kb/plans/mini-2024/targets.yaml:5:20: error[KB-REF-UNKNOWN] chỉ tiêu chính 'ty-le-ho-ngheo' không có trong sổ đăng "
        "ký (thêm chỉ tiêu chính này vào kb/registry/indicators.yaml)",
        "kb/plans/mini-2024/targets.yaml:16:20: error[KB-REF-UNKNOWN] chỉ tiêu chính 'nha-o-ho-ngheo' không có trong sổ đăng "
        "ký (thêm chỉ tiêu chính này vào kb/registry/indicators.yaml)"]


def test_a_broken_indicator_registry_does_not_cascade_into_unknown_keys(kb_dir) -> None:
    broken = {"file": "registry/indicators.yaml", "replace": ["    units: [hộ]\n", "    units: [hộ]\n    unit: hộ\n"]}
    messages = run(kb_dir(broken))
    assert len(messages) == 1 and "KB-KEY-UNKNOWN" in messages[0] and "registry/indicators.yaml" in messages[0]

"""Plan- and file-level defaults: precedence item > file > plan, located errors, minimal files after fmt."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from generator.doccache import DocumentCache
from generator.errors import KbError
from generator.export import kb_json
from generator.fmt import format_kb
from generator.load import kb_sources, load_file, load_kb
from generator.validate import validate_kb
from tests.conftest import ROOT

PLAN_DEFAULTS = {"file": "plans/mini-2024/plan.yaml", "replace": ["  source_file: mini.txt\n", (
    "  source_file: mini.txt\n"
    "defaults:\n"
    "  program: gnbv\n"
    "  year: 2024\n"
    "  targets:\n"
    "    unit: '%'\n")]}
# Both targets lose unit and year; the second keeps its own unit `hộ` and program.
TARGETS_BARE = {"file": "plans/mini-2024/targets.yaml", "replace": ["    unit: '%'\n    year: 2024\n", ""]}
TARGETS_BARE_2 = {"file": "plans/mini-2024/targets.yaml", "replace": ["    unit: hộ\n    year: 2024\n", "    unit: hộ\n"]}


def _kb(path: Path):
    documents, issues = load_kb(path)
    return validate_kb(documents, issues)


def _errors(path: Path) -> list[str]:
    with pytest.raises(KbError) as error:
        _kb(path)
    return [str(issue) for issue in error.value.issues]


def test_items_inherit_plan_and_file_defaults_item_first(kb_dir) -> None:
    file_defaults = {"file": "plans/mini-2024/targets.yaml", "replace": ["plan: mini-2024\n",
                     "plan: mini-2024\ndefaults:\n  year: 2025\n"]}
    kb = _kb(kb_dir(PLAN_DEFAULTS, TARGETS_BARE, TARGETS_BARE_2, file_defaults))
    rate, housing = kb.plans["mini-2024"].targets
    assert (rate.unit, rate.year, rate.program) == ("%", 2025, "gnbv")  # unit: plan.targets, year: file, program: plan
    assert (housing.unit, housing.year, housing.program) == ("hộ", 2025, "gnbv-da5")  # its own unit and program win
    duty = kb.plans["mini-2024"].duties[0]
    assert duty.program == "gnbv"  # plan-wide program reaches duties too


def test_downloads_show_inherited_values(kb_dir) -> None:
    payload = json.loads(kb_json(_kb(kb_dir(PLAN_DEFAULTS, TARGETS_BARE))))
    target = payload["plans"]["mini-2024"]["targets"][0]
    assert (target["unit"], target["year"], target["program"]) == ("%", 2024, "gnbv")


def test_fund_year_and_period_are_inherited_together(kb_dir) -> None:
    period_line = {"file": "plans/mini-2024/funds.yaml", "replace": ["    year: 2024\n    parent: f-tong\n    section: III.1\n",
                   "    period: 2023-2025\n    parent: f-tong\n    section: III.1\n"]}
    kb = _kb(kb_dir(PLAN_DEFAULTS, period_line))
    line = next(f for f in kb.plans["mini-2024"].fund_lines if f.id == "f-da3")
    assert (line.period, line.year) == ("2023-2025", None)  # a line with a period never also takes the plan's year


def test_an_error_in_an_inherited_value_is_located_at_the_default_once(kb_dir) -> None:
    bad = {"file": "plans/mini-2024/plan.yaml", "replace": ["  program: gnbv\n", "  program: gnbv-da9\n"]}
    assert _errors(kb_dir(PLAN_DEFAULTS, bad, TARGETS_BARE)) == [
        "kb/plans/mini-2024/plan.yaml:27:12: error[KB-REF-UNKNOWN] chương trình 'gnbv-da9' không có trong sổ đăng ký "
        "(có phải ý bạn là 'gnbv-da5'?)"]


def test_an_invalid_defaults_block_is_reported_alone(kb_dir) -> None:
    bad = {"file": "plans/mini-2024/plan.yaml", "replace": ["  year: 2024\n", "  year: 20244\n"]}
    assert _errors(kb_dir(PLAN_DEFAULTS, bad, TARGETS_BARE)) == [
        "kb/plans/mini-2024/plan.yaml:28:9: error[KB-VALUE-RANGE] giá trị 20244 của 'year' phải nhỏ hơn hoặc bằng 2100 "
        "(kiểm tra lại giá trị như bản in)"]


def test_a_missing_value_with_no_default_says_where_to_put_it(kb_dir) -> None:
    assert _errors(kb_dir(TARGETS_BARE)) == [
        f"kb/plans/mini-2024/targets.yaml:3:5: error[KB-KEY-MISSING] thiếu khóa bắt buộc '{key}' (targets.0.{key}) "
        f"(thêm khóa '{key}' vào mục bắt đầu ở dòng này, hoặc ghi một lần cho cả tệp trong 'defaults:')"
        for key in ("unit", "year")]


def test_fmt_drops_values_equal_to_the_default_keeps_commented_ones_and_is_idempotent(kb_dir) -> None:
    commented = {"file": "plans/mini-2024/targets.yaml", "replace": ["    unit: hộ\n    year: 2024\n",
                 "    unit: hộ\n    year: 2024  # năm in trong văn bản\n"]}
    kb = kb_dir(PLAN_DEFAULTS, commented)
    before = kb_json(_kb(kb))
    assert format_kb(kb, check=False)
    text = (kb / "plans" / "mini-2024" / "targets.yaml").read_text(encoding="utf-8")
    assert text.count("year: 2024") == 1 and "# năm in trong văn bản" in text  # first target's year dropped
    assert "unit: '%'" not in text and "unit: hộ" in text
    assert "program: gnbv-da5" in text
    assert kb_json(_kb(kb)) == before
    assert format_kb(kb, check=True) == []


def test_fmt_keeps_everything_when_the_defaults_block_is_invalid(kb_dir) -> None:
    bad = {"file": "plans/mini-2024/plan.yaml", "replace": ["    unit: '%'\n", "    unit: [1]\n"]}
    kb = kb_dir(PLAN_DEFAULTS, bad)
    format_kb(kb, check=False)
    assert (kb / "plans" / "mini-2024" / "targets.yaml").read_text(encoding="utf-8").count("year: 2024") == 2


def test_editor_schema_accepts_an_item_that_inherits() -> None:
    schema = json.loads((ROOT / "kb" / "schema" / "targets.schema.json").read_text(encoding="utf-8"))
    data = YAML(typ="safe").load("plan: x\ndefaults: {year: 2024, unit: '%'}\n"
                                 "targets:\n  - {id: t-1, indicator: Tỷ lệ, comparator: about, value: '5', section: II}\n")
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


# Every level at once: plan-wide program and year, plan defaults for targets and for fund lines (a period, which
# takes the year with it), a file's own defaults, items that set their own values.
FUNDS_PERIOD = {"file": "plans/mini-2024/plan.yaml", "replace": ["    unit: '%'\n", "    unit: '%'\n  fund_lines:\n"
                "    period: 2023-2025\n"]}
FUNDS_BARE = {"file": "plans/mini-2024/funds.yaml", "replace": ["    year: 2024\n    parent: f-tong\n    section: III.1\n",
              "    parent: f-tong\n    section: III.1\n"]}
TARGETS_OWN = {"file": "plans/mini-2024/targets.yaml", "replace": ["plan: mini-2024\n",
               "plan: mini-2024\ndefaults:\n  year: 2025\n"]}
EVERY_LEVEL = (PLAN_DEFAULTS, FUNDS_PERIOD, FUNDS_BARE, TARGETS_BARE, TARGETS_BARE_2, TARGETS_OWN)


def _round_trip(path: Path):
    """Validate a KB read by the round-trip loader only (nodes and positions, no fast path, no cache)."""
    documents = [load_file(s.rel, s.display, s.read)[0] for s in kb_sources(path, path.parent)]
    assert all(d is not None and d.data is not None for d in documents)
    return validate_kb(documents, [])


def _where(kb) -> dict:
    """Where each entity and each of its inherited fields is written, as located errors show them."""
    return {key: (str(anchor.location()), {name: str(anchor.location(name)) for name in anchor.inherited})
            for key, anchor in kb.anchors.items()}


def test_the_fast_path_and_the_cache_resolve_defaults_exactly_as_the_round_trip_loader(kb_dir, tmp_path: Path) -> None:
    kb = kb_dir(*EVERY_LEVEL)
    slow = _round_trip(kb)
    line = next(f for f in slow.plans["mini-2024"].fund_lines if f.id == "f-da3")
    assert (line.period, line.year, line.program) == ("2023-2025", None, "gnbv-da3-tda1")
    inherited = _where(slow)[("item", "mini-2024", "t-ty-le-ho-ngheo")][1]
    assert inherited == {"unit": "kb/plans/mini-2024/plan.yaml:30:11", "year": "kb/plans/mini-2024/targets.yaml:3:9",
                         "program": "kb/plans/mini-2024/plan.yaml:27:12"}
    for _ in range(2):  # cold cache, then warm
        cache = DocumentCache(tmp_path / "cache")
        documents, issues = load_kb(kb, cache=cache)
        assert [d.path for d in documents if d.data is not None] == []  # no file went round-trip
        fast = validate_kb(documents, issues)
        assert fast.plans == slow.plans and kb_json(fast) == kb_json(slow)
        assert _where(fast) == _where(slow)
        cache.close()
    assert cache.hits == len(documents)


def test_changing_only_the_plan_defaults_changes_the_cached_items(kb_dir, tmp_path: Path) -> None:
    kb = kb_dir(*EVERY_LEVEL)
    cache = DocumentCache(tmp_path / "cache")
    assert [d.program for d in validate_kb(*load_kb(kb, cache=cache)).plans["mini-2024"].duties] == ["gnbv", "gnbv"]
    cache.close()
    plan = kb / "plans" / "mini-2024" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  program: gnbv\n", "  program: gnbv-da5\n"), encoding="utf-8")
    warm = DocumentCache(tmp_path / "cache")
    documents, issues = load_kb(kb, cache=warm)
    after = validate_kb(documents, issues)
    assert [d.program for d in after.plans["mini-2024"].duties] == ["gnbv-da5", "gnbv-da5"]  # the items are unchanged files
    assert after.plans == _round_trip(kb).plans
    assert warm.hits == len(documents) - 4  # not the plan, nor its targets, funds and duties (their keys changed)


def test_a_plan_read_round_trip_still_gives_its_defaults_to_fast_items(kb_dir, tmp_path: Path) -> None:
    # 0x7E8 is the integer 2024 in YAML 1.2; the fast parser leaves such forms to the round-trip loader.
    hex_year = {"file": "plans/mini-2024/plan.yaml", "replace": ["  year: 2024\n", "  year: 0x7E8\n"]}
    kb = kb_dir(*EVERY_LEVEL, hex_year)
    documents, issues = load_kb(kb, cache=DocumentCache(tmp_path / "cache"))
    assert sorted(d.kind for d in documents if d.data is not None) == ["duties", "funds", "plan", "targets"]
    fast = validate_kb(documents, issues)
    assert fast.plans == _round_trip(kb).plans and fast.plans["mini-2024"].duties[0].program == "gnbv"


@pytest.mark.parametrize("mutations, expected", [
    # a cross-file check on a value inherited from the plan, and from the file's own defaults
    ((PLAN_DEFAULTS, {"file": "plans/mini-2024/plan.yaml", "replace": ["  program: gnbv\n", "  program: gnbv-da9\n"]},
      TARGETS_BARE), "kb/plans/mini-2024/plan.yaml:27:12: error[KB-REF-UNKNOWN] chương trình 'gnbv-da9'"),
    ((PLAN_DEFAULTS, TARGETS_BARE, {"file": "plans/mini-2024/targets.yaml", "replace": [
        "plan: mini-2024\n", "plan: mini-2024\ndefaults:\n  program: gnbv-da9\n"]}),
     "kb/plans/mini-2024/targets.yaml:3:12: error[KB-REF-UNKNOWN] chương trình 'gnbv-da9'"),
    # a file with errors whose items inherit from a plan the fast path read: no "missing" echo of inherited keys
    ((PLAN_DEFAULTS, TARGETS_BARE, {"file": "plans/mini-2024/targets.yaml", "replace": ["comparator: lte", "comparator: lteq"]}),
     "kb/plans/mini-2024/targets.yaml:6:17: error[KB-VALUE-CHOICE] giá trị 'lteq' của 'comparator'"),
])
def test_errors_on_inherited_values_are_located_alike_on_every_path(kb_dir, tmp_path: Path, mutations, expected) -> None:
    kb = kb_dir(*mutations)
    with pytest.raises(KbError) as slow:
        _round_trip(kb)
    for _ in range(2):  # cold cache, then warm
        with pytest.raises(KbError) as fast:
            validate_kb(*load_kb(kb, cache=DocumentCache(tmp_path / "cache")))
        assert [str(i) for i in fast.value.issues] == [str(i) for i in slow.value.issues]
    assert [str(i)[:len(expected)] for i in slow.value.issues] == [expected]

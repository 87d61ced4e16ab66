"""reconcile: the KB side of a plan's reconciliation is generated; the source column is left to the author."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import KbError
from generator.load import load_kb
from generator.reconcile import reconciliation_text, write_reconciliation
from generator.validate import validate_kb
from tests.conftest import MINI_KB
from tests.test_seeds import _count_tables


def test_counts_come_from_the_kb_and_the_source_column_is_blank(tmp_path: Path) -> None:
    kb = validate_kb(*load_kb(MINI_KB))
    path = write_reconciliation(kb, "mini-2024", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "| targets |  | 2 | |" in text and "| fund_lines |  | 3 | |" in text
    assert "| III.1 | fund_lines | | 1 | |" in text
    assert _count_tables(path.parent) == {}  # a blank source column does not pass for a reconciliation
    filled = text.replace("| legal_bases |  |", "| legal_bases | 1 |").replace("| targets |  |", "| targets | 2 |")
    path.write_text(filled, encoding="utf-8")
    assert _count_tables(path.parent)["mini-2024"]["targets"] == [(2, 2, "")]


def test_an_existing_reconciliation_is_never_overwritten(tmp_path: Path) -> None:
    kb = validate_kb(*load_kb(MINI_KB))
    write_reconciliation(kb, "mini-2024", tmp_path)
    with pytest.raises(KbError) as error:
        write_reconciliation(kb, "mini-2024", tmp_path)
    assert error.value.issues[0].code == "CMD-EXISTS"
    with pytest.raises(KbError) as unknown:
        write_reconciliation(kb, "mini-2025", tmp_path)
    assert "các kế hoạch: mini-2024" in str(unknown.value.issues[0])
    assert reconciliation_text(kb, "mini-2024", {"targets": 2}).count("| targets | 2 | 2 | |") == 1

"""Draft import: a real .docx (headings, Word numbering, a funds table) and exported text become a valid draft."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.importer import Options, draft_plan
from generator.importer.read import read_document
from generator.importer.write import REPORT_NAME
from generator.load import load_kb
from generator.sources import load_sources
from generator.validate import validate_kb
from tests.conftest import ROOT
from tests.docx_fixture import text_to_docx

SEEDS = next((p / "shared" / "seeds" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "seeds").is_dir()),
             ROOT.parent / "shared" / "seeds")
SEED = SEEDS / "003_700f213ea182e0e3.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed plans are in ../shared/seeds")

# A funds table as plans print them: one row per project, one column per source.
TABLE = [["Dự án", "Tổng", "NSTW", "NSĐP"],
         ["Dự án 2: Đa dạng hóa sinh kế", "10.881 triệu đồng", "10.515 triệu đồng", "366 triệu đồng"]]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return text_to_docx(SEED.read_text(encoding="utf-8"), tmp_path_factory.mktemp("docx") / "ke-hoach.docx", TABLE)


@pytest.fixture(scope="module")
def imported_kb(tmp_path_factory: pytest.TempPathFactory, docx_file: Path) -> Path:
    kb = tmp_path_factory.mktemp("repo") / "kb"
    shutil.copytree(ROOT / "kb", kb)
    result = run_cli("--kb", str(kb), "import", str(docx_file), "--plan", "ke-hoach-moi", "--district", "phong-tho",
                     cwd=kb.parent)
    assert result.returncode == 0, result.stderr
    return kb


def test_word_numbering_gives_the_printed_section_numbers(docx_file: Path) -> None:
    texts = [block.text for block in read_document(docx_file).blocks]
    assert "II. MỤC TIÊU NĂM 2023" in texts and any(t.startswith("(1) Về kinh tế") for t in texts)
    assert any(t.startswith("b) Vốn và nguồn vốn dự kiến: 10.881") for t in texts)


def test_the_draft_validates_and_every_figure_is_printed_in_the_source(imported_kb: Path, docx_file: Path) -> None:
    kb = validate_kb(*load_kb(imported_kb))
    bundle = kb.plans["ke-hoach-moi"]
    source = read_document(docx_file).raw
    figures = [t.value for t in bundle.targets] + [f.amount for f in bundle.fund_lines]
    assert figures and all(value in source for value in figures if value)
    items = list(bundle.items())
    assert all(item.unreviewed and item.source_line for _, item in items)
    assert {kind for kind, _ in items} >= {"legal_bases", "targets", "fund_lines", "duties"}


def test_the_funds_table_and_the_nesting_of_totals(imported_kb: Path) -> None:
    bundle = validate_kb(*load_kb(imported_kb)).plans["ke-hoach-moi"]
    lines = {line.id: line for line in bundle.fund_lines}
    headline = [line for line in lines.values() if line.headline]
    assert [line.amount for line in headline] == ["162.756"]
    nstw = next(line for line in lines.values() if line.amount == "161.044")
    assert nstw.parent == headline[0].id and nstw.source == "nstw"
    table_cells = [line for line in lines.values() if line.amount in ("10.515", "366")]
    assert len(table_cells) >= 3  # printed in the text and again in the table


def test_import_keeps_the_source_document_in_the_kb(imported_kb: Path, docx_file: Path) -> None:
    assert (imported_kb / "sources" / docx_file.name).read_bytes() == docx_file.read_bytes()
    sources, issues = load_sources(imported_kb)
    bundle = validate_kb(*load_kb(imported_kb), sources=sources).plans["ke-hoach-moi"]
    assert not issues and bundle.plan is not None
    paragraphs = dict(sources[bundle.plan.source_file].lines)
    # Each drafted item's source_line is a paragraph the site shows on the source page (and links to).
    assert all(item.source_line in paragraphs for _, item in bundle.items())


def test_recall_on_the_fixture_is_above_a_floor(docx_file: Path) -> None:
    kb = validate_kb(*load_kb(ROOT / "kb", ROOT))
    shipped = kb.plans["phong-tho-2023"]
    draft = draft_plan(docx_file, ROOT / "kb", Options("x", "phong-tho")).draft
    for drafted, reference, key in (
            (draft.targets, shipped.targets, lambda i: (str(i["value"]), i["section"])),
            (draft.fund_lines, shipped.fund_lines, lambda i: (str(i["amount"]), i["section"]))):
        ref = {(t.value if hasattr(t, "value") else t.amount, t.section) for t in reference}
        found = sum(1 for pair in ref if pair in {key(i) for i in drafted})
        assert found / len(ref) >= 0.8, (found, len(ref))


def test_unknown_names_become_proposals_not_new_ids(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("2. Phòng Tài Chính-Kế hoạch", "2. Phòng Quản lý đô thị")
    text = text.replace("4. Ủy ban nhân dân các xã, thị trấn", "4. Ủy ban nhân dân các xã, thị trấn\n\n* Phụ trách xã: Xã Không Có")
    source = tmp_path / "ke-hoach.txt"
    source.write_text(text, encoding="utf-8")
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", kb)
    result = run_cli("--kb", str(kb), "import", str(source), "--plan", "ke-hoach-moi", "--district", "phong-tho",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = (kb / "plans" / "ke-hoach-moi" / REPORT_NAME).read_text(encoding="utf-8")
    assert re.search(r"agency `Phòng Quản lý đô thị`", report)
    assert "Không Có" in report
    registry = (kb / "registry" / "agencies" / "phong-tho.yaml").read_text(encoding="utf-8")
    assert "Quản lý đô thị" not in registry
    again = run_cli("--kb", str(kb), "import", str(source), "--plan", "ke-hoach-moi", "--district", "phong-tho",
                    cwd=tmp_path)
    assert again.returncode == 1 and "error[IMPORT-EXISTS]" in again.stderr and "Traceback" not in again.stderr


def test_a_missing_or_unreadable_source_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "ke-hoach.docx"
    bad.write_bytes(b"not a zip")
    for path in (tmp_path / "khong-co.docx", bad):
        result = run_cli("import", str(path), "--plan", "x", "--district", "phong-tho", cwd=ROOT)
        assert result.returncode == 1 and "error[IMPORT-SOURCE]" in result.stderr and "Traceback" not in result.stderr


def test_reconciliation_counts_are_generated(tmp_path: Path) -> None:
    result = run_cli("import", str(SEED), "--plan", "phong-tho-2023", "--district", "phong-tho", "--reconcile",
                     "--docs", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "reconciliation" / "phong-tho-2023.md").read_text(encoding="utf-8")
    assert text.startswith("# Reconciliation: phong-tho-2023") and "## Counts" in text
    assert re.search(r"^\| fund_lines \| 26 \| 26 \|", text, re.M)

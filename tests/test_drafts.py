"""Review marks: validate counts drafts, build leaves them off (or marks them with --allow-draft)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.drafts import DRAFT_TEXT, build_report, draft_files, publishable_kb
from generator.load import load_kb
from generator.validate import validate_kb
from tests.conftest import ROOT
from tests.test_cli import run_cli


def _mark(file: str, after: str) -> dict:
    """A fixture mutation marking the item containing *after* as unreviewed."""
    return {"file": f"plans/mini-2024/{file}", "replace": [after, after + "    unreviewed: true\n"]}


DA3_DRAFT = _mark("funds.yaml", "    amount: '6.000'\n")
HOUSING_DRAFT = _mark("targets.yaml", "    comparator: eq\n")
SUPPORT_DRAFT = _mark("duties.yaml", "    role: support\n")
CO_LEAD_DRAFT = _mark("assignments.yaml", "    role: co_lead\n")


def _kb(path: Path):
    return validate_kb(*load_kb(path))


def test_validate_counts_unreviewed_items_per_file_and_exits_zero(kb_dir) -> None:
    kb = kb_dir(DA3_DRAFT, HOUSING_DRAFT)
    result = run_cli("--kb", str(kb), "validate", cwd=kb.parent)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "kb/plans/mini-2024/funds.yaml: 1/3 mục chưa kiểm tra (unreviewed: true)" in lines
    assert "kb/plans/mini-2024/targets.yaml: 1/2 mục chưa kiểm tra (unreviewed: true)" in lines
    assert lines[-1].startswith("Bản nháp: 2 mục chưa kiểm tra trong 2 tệp.") and "--allow-draft" in lines[-1]


def test_a_sum_finding_says_when_it_involves_unreviewed_lines(kb_dir) -> None:
    (finding,) = _kb(kb_dir(DA3_DRAFT)).findings
    assert finding.message.endswith("; 1 dòng trong phép tính này chưa kiểm tra (unreviewed), hãy đối chiếu chúng "
                                    "với văn bản nguồn trước khi kết luận")
    (clean,) = _kb(kb_dir()).findings
    assert "unreviewed" not in clean.message


def test_unreviewed_items_and_their_dependents_are_left_off(kb_dir) -> None:
    total_draft = _mark("funds.yaml", "    amount: '10.500'\n")
    kb = _kb(kb_dir(total_draft, SUPPORT_DRAFT))
    published = publishable_kb(kb)
    bundle = published.plans["mini-2024"]
    assert [f.id for f in bundle.fund_lines] == []  # the parts of a draft total go with it
    assert [d.id for d in bundle.duties] == ["d-tu-phap-tuyen-truyen"]
    assert published.findings == ()
    assert build_report(published) == [
        "kb/plans/mini-2024/duties.yaml: không đăng 1 mục chưa kiểm tra (unreviewed: true)",
        "kb/plans/mini-2024/funds.yaml: không đăng 2 mục đã kiểm tra vì chúng thuộc về một mục chưa kiểm tra "
        "(parent, percent_of hoặc target); kiểm tra nốt mục đó",
        "kb/plans/mini-2024/funds.yaml: không đăng 1 mục chưa kiểm tra (unreviewed: true)"]
    assert publishable_kb(kb, allow_draft=True) is kb


def test_a_total_with_withheld_parts_is_not_checked_against_the_rest(kb_dir) -> None:
    published = publishable_kb(_kb(kb_dir(DA3_DRAFT)))
    # 10.500 printed vs the one published part 4.000 would be a false slip: no finding, the report says why.
    assert published.findings == ()
    assert build_report(published)[-1] == ("Kế hoạch 'mini-2024': chưa đối chiếu tổng 'f-tong' với các dòng con vì "
                                           "1 dòng con chưa kiểm tra")


def test_a_plan_with_no_reviewed_item_is_left_off(kb_dir) -> None:
    kb = kb_dir()
    for path in (kb / "plans" / "mini-2024").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        marked = re.sub(r"^( *)- id: ", lambda m: f"{m[1]}- unreviewed: true\n{m[1]}  id: ", text, flags=re.M)
        path.write_text(marked, encoding="utf-8")
    validated = _kb(kb)
    assert sum(f.unreviewed for f in draft_files(validated)) == 10
    published = publishable_kb(validated)
    assert published.plans == {} and published.left_off == ("mini-2024",)
    assert build_report(published)[0].startswith("Bỏ qua kế hoạch 'mini-2024': chưa có mục nào đã kiểm tra")


def test_build_leaves_drafts_off_or_marks_them_with_allow_draft(kb_dir, tmp_path: Path) -> None:
    kb = kb_dir(DA3_DRAFT, HOUSING_DRAFT, SUPPORT_DRAFT, CO_LEAD_DRAFT)
    plain = run_cli("--kb", str(kb), "build", "--out", str(tmp_path / "site"), cwd=ROOT)
    assert plain.returncode == 0, plain.stderr
    assert "không đăng 1 mục chưa kiểm tra" in plain.stderr and "chưa đối chiếu tổng 'f-tong'" in plain.stderr
    page = (tmp_path / "site" / "ke-hoach" / "mini-2024" / "index.html").read_text(encoding="utf-8")
    assert "Hỗ trợ nhà ở cho hộ nghèo" not in page and "Phối hợp triển khai chính sách tín dụng" not in page
    assert DRAFT_TEXT not in page and "Tỷ lệ hộ nghèo toàn huyện còn" in page
    commune = (tmp_path / "site" / "xa" / "phong-tho" / "dao-san" / "index.html").read_text(encoding="utf-8")
    assert "Đồng phụ trách" not in commune and "Phụ trách" in commune

    drafts = run_cli("--kb", str(kb), "build", "--allow-draft", "--out", str(tmp_path / "draft"), cwd=ROOT)
    assert drafts.returncode == 0, drafts.stderr
    page = (tmp_path / "draft" / "ke-hoach" / "mini-2024" / "index.html").read_text(encoding="utf-8")
    assert "kb-draft-banner" in page and "4 mục của kế hoạch này chưa được đối chiếu" in page
    # Every draft row or list entry carries the words; reviewed ones do not.
    assert page.count('class="kb-draft-row"') == 3  # fund line, target, assignment
    # a text cell sorts by its own text: no data-sort copy
    assert len(re.findall(f'<td role="cell" data-label="[^"]*">{DRAFT_TEXT}</td>', page)) == 3
    duty = page.split("Phối hợp triển khai chính sách tín dụng", 1)[1].split("</li>", 1)[0]
    assert DRAFT_TEXT in duty
    assert DRAFT_TEXT not in page.split("Chủ trì tuyên truyền", 1)[1].split("</li>", 1)[0]
    assert "có 1 dòng bản nháp chưa được kiểm tra" in page  # the finding mixing a draft says so
    commune = (tmp_path / "draft" / "xa" / "phong-tho" / "dao-san" / "index.html").read_text(encoding="utf-8")
    assert commune.count(DRAFT_TEXT) >= 2  # the co-lead entry and the housing target naming the commune
    assert "Hỗ trợ nhà ở cho hộ nghèo" in commune

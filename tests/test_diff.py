"""Semantic diff on fixture repositories with real commits."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diff import diff_kbs
from generator.diff_report import to_markdown
from generator.errors import KbError
from generator.gitkb import load_kb_at
from tests.conftest import ROOT
from tests.gitrepo import Repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.add_kb()
    repo.commit("Thêm kế hoạch mini")
    return repo


def _diff(repo: Repo, old: str = "HEAD~1", new: str | None = "HEAD"):
    return diff_kbs(load_kb_at(repo.path, old), load_kb_at(repo.path, new))


def test_money_delta_with_sign_and_percent(repo: Repo) -> None:
    repo.edit("plans/mini-2024/funds.yaml", "amount: '4.000'", "amount: '4.500'")
    repo.commit("Tăng vốn Dự án 5")
    diff = _diff(repo)
    (change,) = diff.changes
    assert (change.kind, change.key, change.status) == ("fund_line", "mini-2024/f-da5", "changed")
    assert [(f.field, f.old, f.new, f.delta) for f in change.fields] == [("amount", "4.000", "4.500", "+500 triệu đồng; +12,5%")]


def test_percentage_target_shows_percentage_points(repo: Repo) -> None:
    repo.edit("plans/mini-2024/targets.yaml", "value: '38,50'", "value: '35,0'")
    repo.commit("Hạ chỉ tiêu hộ nghèo")
    (change,) = _diff(repo).changes
    assert change.fields[0].delta == "−3,5 điểm %"
    assert "38,50 → 35,0 (−3,5 điểm %)" in to_markdown(_diff(repo), "a", "b")


def test_moved_assignment_reports_old_and_new_commune(repo: Repo) -> None:
    repo.edit("plans/mini-2024/assignments.yaml", "    commune: dao-san\n    role: lead\n    commune_printed: Đào San",
              "    commune: tung-qua-lin\n    role: lead\n    commune_printed: Tung Qua Lìn")
    repo.commit("Chuyển Phòng Tư pháp sang phụ trách xã Tung Qua Lìn")
    (change,) = _diff(repo).changes
    fields = {f.field: (f.old, f.new) for f in change.fields}
    assert fields["commune"] == ("dao-san", "tung-qua-lin")
    assert change.refs >= {"commune:phong-tho/dao-san", "commune:phong-tho/tung-qua-lin", "agency:phong-tho/phong-tu-phap"}


def test_renamed_id_is_a_rename_not_delete_and_add(repo: Repo) -> None:
    repo.edit("plans/mini-2024/duties.yaml", "id: d-tu-phap-tuyen-truyen", "id: d-tu-phap-pho-bien-phap-luat")
    repo.commit("Đổi mã nhiệm vụ")
    (change,) = _diff(repo).changes
    assert (change.status, change.old_key, change.key) == ("renamed", "mini-2024/d-tu-phap-tuyen-truyen",
                                                           "mini-2024/d-tu-phap-pho-bien-phap-luat")


def test_added_and_removed_items(repo: Repo) -> None:
    repo.edit("plans/mini-2024/duties.yaml", "  - id: d-nhcsxh-tin-dung\n", "  - id: d-nhcsxh-khac\n")
    repo.edit("plans/mini-2024/duties.yaml", "    task: Phối hợp triển khai chính sách tín dụng ưu đãi cho hộ nghèo.",
              "    task: Theo dõi, báo cáo kết quả cho vay vốn đối với hộ cận nghèo trên địa bàn các xã.")
    repo.commit("Thay nhiệm vụ")
    statuses = sorted((c.status, c.key) for c in _diff(repo).changes)
    assert statuses == [("added", "mini-2024/d-nhcsxh-khac"), ("removed", "mini-2024/d-nhcsxh-tin-dung")]


def test_no_changes_and_exit_code(repo: Repo) -> None:
    assert _diff(repo, "HEAD", "HEAD").changes == ()
    run = lambda *a: subprocess.run([sys.executable, "-m", "generator", "diff", *a], cwd=repo.path,  # noqa: E731
                                    capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run("HEAD", "HEAD", "--exit-code").returncode == 0
    repo.edit("plans/mini-2024/funds.yaml", "amount: '4.000'", "amount: '4.100'")
    assert run("HEAD", "--exit-code").returncode == 1  # against the working tree
    assert run("HEAD").returncode == 0
    payload = json.loads(run("HEAD", "--format", "json").stdout)
    assert payload["changes"][0]["fields"][0]["delta"] == "+100 triệu đồng; +2,5%"


def test_invalid_revision_is_a_clear_error(repo: Repo) -> None:
    with pytest.raises(KbError) as error:
        load_kb_at(repo.path, "khong-co-nhanh-nay")
    assert str(error.value.issues[0]).startswith("git: error[GIT-REV-UNKNOWN] không tìm thấy phiên bản 'khong-co-nhanh-nay'")


def test_revision_before_the_kb_existed_shows_everything_added(repo: Repo) -> None:
    diff = _diff(repo, "HEAD~1", "HEAD")
    assert diff.changes and {c.status for c in diff.changes} == {"added"}
    assert any(c.kind == "plan" and c.key == "mini-2024" for c in diff.changes)
    assert diff.totals_before == {} and sum(diff.totals_after.values()) == 10000


def test_scoped_diff_reads_only_changed_files_and_equals_the_whole_diff(tmp_path: Path) -> None:
    """`diff` and history load only the plans and registries a commit touched; the result is the same."""
    from generator.gitkb import KbCache, load_scoped_pair

    repo = Repo(tmp_path / "repo")
    shutil.copytree(ROOT / "kb", repo.path / "kb")
    repo.commit("Bốn kế hoạch")
    repo.edit("plans/van-quan-2025/funds.yaml", "amount: '98.801'", "amount: '98.901'")
    repo.edit("registry/communes/phong-tho.yaml", "aliases: []", "aliases: [Tên khác]")
    shutil.copytree(repo.path / "kb/plans/tam-duong-2024", repo.path / "kb/plans/tam-duong-2025")
    repo.edit("plans/tam-duong-2025/plan.yaml", "id: tam-duong-2024", "id: tam-duong-2025")
    for name in ("targets.yaml", "funds.yaml", "duties.yaml"):
        repo.edit(f"plans/tam-duong-2025/{name}", "plan: tam-duong-2024", "plan: tam-duong-2025")
    repo.commit("Sửa, thêm")
    whole = diff_kbs(load_kb_at(repo.path, "HEAD~1"), load_kb_at(repo.path, "HEAD"))
    pair = load_scoped_pair(repo.path, "HEAD~1", "HEAD", cache=KbCache())
    scoped = diff_kbs(pair.old, pair.new, (pair.totals_before, pair.totals_after))
    assert scoped.changes == whole.changes and len(whole.changes) > 100
    assert (scoped.totals_before, scoped.totals_after) == (whole.totals_before, whole.totals_after)
    # The entities read (for naming what a change refers to) are the whole KBs' own, fewer of them.
    assert scoped.new_entities.items() <= whole.new_entities.items() and scoped.old_entities.items() <= whole.old_entities.items()
    assert set(pair.new.plans) == {"van-quan-2025", "tam-duong-2025"}  # the other plans were not read
    assert sorted(pair.new.communes) == ["phong-tho", "tam-duong", "van-quan"]


def test_diff_after_validate_reads_unchanged_plans_totals_from_validates_cache(tmp_path: Path) -> None:
    """`validate` keeps each plan's headline totals under the keys `diff` asks for; the report is the same bytes."""
    repo = Repo(tmp_path / "repo")
    shutil.copytree(ROOT / "kb", repo.path / "kb")
    repo.commit("Bốn kế hoạch")
    repo.edit("plans/van-quan-2025/funds.yaml", "amount: '98.801'", "amount: '98.901'")
    repo.commit("Sửa một số liệu")

    def run(cache: Path, *args: str) -> str:
        env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PLAN_SITE_CACHE": str(cache)}
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=repo.path, capture_output=True, text=True,
                              env=env, check=True).stdout

    def totals_keys(cache: Path) -> set[str]:
        import sqlite3

        with sqlite3.connect(cache / "documents.sqlite") as db:
            return {key for (key,) in db.execute("SELECT key FROM blobs WHERE key LIKE 'totals:%'")}

    run(tmp_path / "validated", "validate")
    stored = totals_keys(tmp_path / "validated")
    assert len(stored) == 4  # one per plan
    after_validate = run(tmp_path / "validated", "diff", "HEAD~1", "HEAD")
    assert totals_keys(tmp_path / "validated") == stored  # every unchanged plan's totals were found, none computed
    cold = run(tmp_path / "cold", "diff", "HEAD~1", "HEAD")
    assert after_validate == cold and "Tổng cộng" in cold
    assert totals_keys(tmp_path / "cold") < stored  # the three unchanged plans: the same keys and values


def test_an_unchanged_plan_that_does_not_validate_adds_nothing_to_the_totals(tmp_path: Path) -> None:
    """Unchanged plans are summed in batches: one whose file does not validate counts as no money, the others count."""
    from generator.gitkb import KbCache, load_scoped_pair

    totals = []
    for name, broken in (("broken", True), ("without", False)):
        repo = Repo(tmp_path / name)
        shutil.copytree(ROOT / "kb", repo.path / "kb")
        if broken:
            repo.edit("plans/tam-duong-2024/funds.yaml", "amount: '144.771'", "amount: 144.771")  # a YAML float
        else:
            shutil.rmtree(repo.path / "kb/plans/tam-duong-2024")
        repo.commit("Bốn kế hoạch")
        repo.edit("plans/van-quan-2025/funds.yaml", "amount: '98.801'", "amount: '98.901'")
        repo.commit("Sửa một số liệu")
        pair = load_scoped_pair(repo.path, "HEAD~1", "HEAD", cache=KbCache())
        totals.append((pair.totals_before, pair.totals_after))
    assert totals[0] == totals[1] and sum(totals[0][1].values()) > 0

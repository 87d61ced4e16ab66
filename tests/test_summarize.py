"""A commit's changes grouped for a page: a bulk import is one line with counts, many edits are counted."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.diff import diff_kbs
from generator.gitkb import load_kb_at
from generator.summarize import SITE, Scope, headline, summarize
from generator.wording import Names
from tests.gitrepo import Repo

PLAN = "Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024"


def test_bulk_import_is_one_line_with_counts(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.add_kb()
    repo.commit("Import")
    plan_import = ("Thêm kế hoạch “Thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024” với 2 chỉ tiêu, "
                   "3 dòng kinh phí, 2 nhiệm vụ, 2 phân công xã, 1 văn bản căn cứ")
    diff = diff_kbs(load_kb_at(repo.path, "HEAD~1"), load_kb_at(repo.path, "HEAD"))
    groups = summarize(diff.changes, Names.of(diff), SITE)
    assert groups[0].lines == (plan_import,) and groups[0].title == ""
    own = summarize([c for c in diff.changes if c.plan], Names.of(diff), Scope(plan="mini-2024"))
    assert own[0].lines == ("Thêm kế hoạch này với 2 chỉ tiêu, 3 dòng kinh phí, 2 nhiệm vụ, 2 phân công xã, 1 văn bản căn cứ",)
    # a commune page shows only what concerns it
    commune = [c for c in diff.changes if "commune:phong-tho/dao-san" in c.refs and c.plan]
    assert summarize(commune, Names.of(diff), Scope(subject="xã này"))[0].lines == (
        "Thêm kế hoạch “Thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024”, trong đó có 1 chỉ tiêu, "
        "1 dòng kinh phí, 2 phân công xã liên quan đến xã này",)


def test_many_items_of_one_kind_are_counted_under_their_plan(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.add_kb()
    repo.commit("Import")
    block = "".join(f"  - id: t-moi-{n}\n    indicator: Chỉ tiêu mới số {n}\n    comparator: gte\n    value: '{n}'\n"
                    f"    unit: hộ\n    year: 2024\n    section: II.{n + 2}\n" for n in range(1, 8))
    path = repo.path / "kb/plans/mini-2024/targets.yaml"
    path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")
    repo.commit("Add seven targets")
    diff = diff_kbs(load_kb_at(repo.path, "HEAD~1"), load_kb_at(repo.path, "HEAD"))
    (group,) = summarize(diff.changes, Names.of(diff), SITE)
    assert (group.title, group.lines) == (PLAN, ("Thêm 7 chỉ tiêu",))


def test_a_removed_plan_is_one_line_and_a_feed_title_counts_the_rest(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.add_kb()
    repo.commit("Import")
    shutil.rmtree(repo.path / "kb/plans/mini-2024")
    repo.edit("registry/communes/phong-tho.yaml", "    code: '03565'\n", "    code: '03565'\n    aliases: [Tùng Qua Lìn]\n")
    repo.commit("Withdraw the plan")
    diff = diff_kbs(load_kb_at(repo.path, "HEAD~1"), load_kb_at(repo.path, "HEAD"))
    groups = summarize(diff.changes, Names.of(diff), SITE)
    assert [g.lines for g in groups] == [
        ("Bỏ kế hoạch “Thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024” cùng 2 chỉ tiêu, 3 dòng kinh phí, "
         "2 nhiệm vụ, 2 phân công xã, 1 văn bản căn cứ",),
        ("Thêm tên gọi khác “Tùng Qua Lìn” cho xã Tung Qua Lìn",)]
    assert groups[1].title == "Danh mục xã, cơ quan của huyện Phong Thổ"
    assert headline(groups) == groups[0].lines[0] + " (và 1 thay đổi khác)"

"""History on the site: per-entity changes from real commits, last-updated dates, no-git fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build_site
from generator.history import build_history
from generator.publish import Settings
from tests.browser import browser, serve_dir
from tests.conftest import ROOT, SOURCE_DATE_EPOCH
from tests.gitrepo import Repo


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("hist") / "repo")
    repo.add_kb()
    repo.commit("Thêm kế hoạch mini")
    repo.edit("plans/mini-2024/funds.yaml", "amount: '4.000'", "amount: '4.500'")
    repo.edit("plans/mini-2024/assignments.yaml", "    commune: dao-san\n    role: lead\n    commune_printed: Đào San",
              "    commune: tung-qua-lin\n    role: lead\n    commune_printed: Tung Qua Lìn")
    repo.commit("Điều chỉnh vốn Dự án 5 và phân công xã")
    return repo


def test_changes_are_attributed_to_plan_commune_and_agency(history_repo: Repo) -> None:
    history = build_history(history_repo.path, history_repo.path / "kb")
    assert history.available and len(history.recent) == 2
    latest = history.recent[0]
    assert latest.subject == "Điều chỉnh vốn Dự án 5 và phân công xã"
    plan_lines = history.for_page("plan:mini-2024")[0].changes
    assert any("amount: 4.000 → 4.500 (+500 triệu đồng; +12,5%)" in line for line in plan_lines)
    for key in ("commune:phong-tho/dao-san", "commune:phong-tho/tung-qua-lin", "agency:phong-tho/phong-tu-phap"):
        assert any("commune: dao-san → tung-qua-lin" in line for line in history.for_page(key)[0].changes), key
    # the agency that did not change keeps the date of the commit that added it
    assert history.last_updated("agency:phong-tho/ngan-hang-csxh") == history.recent[1].date


def test_outside_git_history_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    history = build_history(tmp_path, tmp_path / "kb")
    assert not history.available and "không có lịch sử git" in history.reason


def test_shallow_clone_builds_and_says_history_is_unavailable(history_repo: Repo, tmp_path: Path) -> None:
    import subprocess

    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history_repo.path}", str(clone)], check=True)
    history = build_history(clone, clone / "kb")
    assert not history.available and "shallow" in history.reason


def test_history_section_shows_the_change_in_a_browser(history_repo: Repo, tmp_path: Path) -> None:
    site = build_site(Settings(root=ROOT, kb_dir=history_repo.path / "kb", out_dir=tmp_path / "site",
                               source_date_epoch=SOURCE_DATE_EPOCH, git_root=history_repo.path))
    with serve_dir(site) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "xa/phong-tho/tung-qua-lin/")
        section = page.locator("ol.kb-history").first
        assert "Điều chỉnh vốn Dự án 5 và phân công xã" in section.text_content()
        assert "commune: dao-san → tung-qua-lin" in section.text_content()
        assert page.locator(".kb-updated").first.text_content() == f"Cập nhật lần cuối: {history_repo_date(history_repo)}"
        page.goto(base + "thay-doi/")
        assert page.locator("ol.kb-history > li").count() == 2
        page.close()


def history_repo_date(repo: Repo) -> str:
    return build_history(repo.path, repo.path / "kb").recent[0].date

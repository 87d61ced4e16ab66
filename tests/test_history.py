"""History on the site: changes in words from real commits, no-op commits left out, summaries, no English subjects."""

from __future__ import annotations

import subprocess
from pathlib import Path

import feedparser
import pytest

from generator.build import build_site
from generator.history import History, build_history
from generator.publish import Settings
from tests.browser import browser, serve_dir
from tests.conftest import FIXTURES, ROOT, SOURCE_DATE_EPOCH, apply_mutation, load_fixture
from tests.gitrepo import STORY_SUBJECTS, STORY_SUMMARY, Repo, make_story

MONEY = ("Sửa số tiền mục III.2 “Dự án 5 - ngân sách địa phương” từ 4.000 thành 4.500 triệu đồng "
         "(tăng 500 triệu đồng, +12,5%)")
MOVE = "Chuyển Phòng Tư pháp từ phụ trách xã Dào San sang xã Tung Qua Lìn"
ALIAS = "Thêm tên gọi khác “Tùng Qua Lìn” cho xã Tung Qua Lìn"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return make_story(tmp_path_factory.mktemp("hist") / "repo")


@pytest.fixture(scope="module")
def history(story: Repo) -> History:
    return build_history(story.path, story.path / "kb")


@pytest.fixture(scope="module")
def story_site(story: Repo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(Settings(root=ROOT, kb_dir=story.path / "kb", out_dir=tmp_path_factory.mktemp("story") / "site",
                               source_date_epoch=SOURCE_DATE_EPOCH, git_root=story.path))


def test_changes_are_told_in_words_on_each_page(history: History) -> None:
    assert [e.lines[0] for e in history.recent[:3]] == [
        "Đổi mã định danh của nhiệm vụ “Chủ trì tuyên truyền phổ biến giáo dục pháp luật cho người nghèo.” của "
        "Phòng Tư pháp (nội dung không đổi)", ALIAS, MOVE]
    assert history.for_page("plan:mini-2024")[2].lines == (MONEY, "Sửa số tiền mục III “Tổng kinh phí năm 2024” từ "
                                                            "10.500 thành 11.000 triệu đồng (tăng 500 triệu đồng, +4,8%)")
    for key in ("commune:phong-tho/dao-san", "commune:phong-tho/tung-qua-lin", "agency:phong-tho/phong-tu-phap"):
        assert MOVE in [line for e in history.for_page(key) for line in e.lines], key
    assert history.for_page("commune:phong-tho/tung-qua-lin")[0].lines == (ALIAS,)
    # the agency that never changed keeps the date of the import that added it
    assert history.last_updated("agency:phong-tho/ngan-hang-csxh") == history.recent[-1].date == "16/11/2023"


def test_commits_that_change_no_content_are_left_out(story: Repo, history: History) -> None:
    shas = story.git("log", "--format=%H %s").splitlines()
    no_op = {sha for sha, _, subject in (line.partition(" ") for line in shas)
             if subject in ("Regenerate the JSON schemas", "Reformat the YAML files")}
    assert len(no_op) == 2
    assert not no_op & {e.sha for e in history.recent}
    assert len(history.recent) == 5  # import, money, move, alias, rename


def test_a_commit_trailer_gives_the_readers_summary(history: History) -> None:
    money = next(e for e in history.recent if MONEY in e.lines)
    assert money.summary == STORY_SUMMARY and money.title == STORY_SUMMARY
    assert all(e.summary == "" for e in history.recent if e is not money)


def test_bulk_import_is_one_line_on_site_and_entity_pages(history: History) -> None:
    first = history.recent[-1]
    assert first.lines[0] == ("Thêm kế hoạch “Thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024” với 2 chỉ tiêu, "
                              "3 dòng kinh phí, 2 nhiệm vụ, 2 phân công xã, 1 văn bản căn cứ")
    assert history.for_page("agency:phong-tho/ngan-hang-csxh")[0].lines == (
        "Thêm kế hoạch “Thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024”, trong đó có 1 nhiệm vụ, "
        "1 phân công xã liên quan đến cơ quan này", "Thêm cơ quan Ngân hàng chính sách xã hội vào danh mục")


def test_outside_git_history_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    history = build_history(tmp_path, tmp_path / "kb")
    assert not history.available and "không có lịch sử git" in history.reason


def test_shallow_clone_builds_and_says_history_is_unavailable(story: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{story.path}", str(clone)], check=True)
    history = build_history(clone, clone / "kb")
    assert not history.available and "shallow" in history.reason


def test_no_english_commit_subject_on_any_built_page(story_site: Path) -> None:
    texts = {p: p.read_text(encoding="utf-8") for p in story_site.rglob("*") if p.suffix in (".html", ".xml", ".json")}
    assert len(texts) > 20
    for path, text in texts.items():
        for subject in STORY_SUBJECTS + ("The decision came in late", "Tom-tat"):
            assert subject not in text, (path, subject)
    changes = texts[story_site / "thay-doi/index.html"]
    assert STORY_SUMMARY in changes and MOVE in changes
    assert changes.index(">Tháng 12/2023<") < changes.index(">Tháng 11/2023<")


def test_feeds_are_announced_in_the_page_head(story_site: Path) -> None:
    plan = (story_site / "ke-hoach/mini-2024/index.html").read_text(encoding="utf-8")
    changes = (story_site / "thay-doi/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Thay đổi của Kế hoạch thực hiện Chương trình ' \
           'MTQG giảm nghèo bền vững năm 2024" href="atom.xml">' in plan
    assert '<link rel="alternate" type="application/atom+xml" title="Thay đổi gần đây" href="atom.xml">' in changes
    assert (story_site / "ke-hoach/mini-2024/atom.xml").is_file()
    feed = feedparser.parse((story_site / "thay-doi/atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 5
    assert feed.feed.author_detail == {"name": "Nhóm biên tập cơ sở dữ liệu kế hoạch", "email": "du-lieu@ke-hoach-huyen.example"}


def test_a_reader_on_a_phone_reads_the_change_in_words(story_site: Path) -> None:
    with serve_dir(story_site) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "xa/phong-tho/dao-san/")
        entry = page.locator("ol.kb-history > li").filter(has_text=MOVE)
        entry.scroll_into_view_if_needed()
        assert entry.is_visible()
        assert entry.locator("time").text_content() == "02/12/2023"
        assert entry.locator(".kb-history-plan a").text_content() == "Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024"
        box = entry.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator(".kb-updated").first.text_content() == "Cập nhật lần cuối: 02/12/2023"
        imported = page.locator("ol.kb-history > li").filter(has_text="Thêm kế hoạch")
        assert imported.get_by_role("link", name="Xem kế hoạch").get_attribute("href") == "../../../ke-hoach/mini-2024/"
        page.goto(base + "thay-doi/")
        assert page.locator("ol.kb-history > li").count() == 5
        assert page.get_by_role("heading", name="Tháng 11/2023").is_visible()
        page.close()


def test_hostile_text_in_history_and_summary_is_shown_literally(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.add_kb()
    repo.commit("Import", when=1_700_100_000)
    for spec in load_fixture(FIXTURES / "hostile" / "mutations.yaml"):
        apply_mutation(repo.path / "kb", spec)
    repo.commit("Paste text\n\nTom-tat: <script>alert(7)</script> [x](javascript:alert(8)) {{ 7*7 }}", when=1_700_200_000)
    site = build_site(Settings(root=ROOT, kb_dir=repo.path / "kb", out_dir=tmp_path / "site",
                               source_date_epoch=SOURCE_DATE_EPOCH, git_root=repo.path))
    for rel in ("thay-doi/index.html", "ke-hoach/mini-2024/index.html", "co-quan/phong-tho/phong-tu-phap/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Tư</b>" not in html, rel
        assert 'href="javascript:' not in html, rel
        assert "&lt;script&gt;alert(7)&lt;/script&gt; [x](javascript:alert(8)) {{ 7*7 }}" in html, rel
    changes = (site / "thay-doi/index.html").read_text(encoding="utf-8")
    assert "Đổi tên cơ quan Phòng Tư pháp thành “Phòng &lt;b&gt;Tư&lt;/b&gt; pháp # [z](javascript:alert(4))”" in changes
    for feed in ("thay-doi/atom.xml", "ke-hoach/mini-2024/atom.xml"):
        parsed = feedparser.parse((site / feed).read_bytes())
        assert not parsed.bozo and parsed.entries[0].title.startswith("<script>alert(7)</script>")


def test_a_commit_is_described_once_then_read_from_the_cache(story: Repo, history: History, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """What a commit changed never changes: a build describes only commits it has not seen (a national KB's import
    commit takes about a minute), and what it reads back is what it would have described."""
    from generator import history as history_module
    from generator.doccache import BlobStore
    from generator.gitkb import KbCache

    first = build_history(story.path, story.path / "kb", cache=KbCache(blobs=BlobStore(tmp_path)))
    assert first == history
    monkeypatch.setattr(history_module, "_diff", lambda *args: pytest.fail("a described commit was diffed again"))
    assert build_history(story.path, story.path / "kb", cache=KbCache(blobs=BlobStore(tmp_path))) == history
    monkeypatch.setattr(history_module, "code_fingerprint", lambda: "another generator")  # new code: described again
    with pytest.raises(pytest.fail.Exception, match="diffed again"):
        build_history(story.path, story.path / "kb", cache=KbCache(blobs=BlobStore(tmp_path)))

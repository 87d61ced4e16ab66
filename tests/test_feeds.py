"""Atom feeds of changes: valid Atom 1.0, ids stable across builds, times from commits, per-plan selection."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

from generator.feeds import FeedSite, build_feeds
from generator.history import History, build_history
from generator.load import load_kb
from generator.model import build_site_model
from generator.validate import validate_kb
from tests.conftest import MINI_KB, SOURCE_DATE_EPOCH
from tests.gitrepo import DECEMBER, STORY_SUMMARY, Repo, make_story

A = "{http://www.w3.org/2005/Atom}"
SITE = FeedSite("Kế hoạch phát triển cấp huyện", "", SOURCE_DATE_EPOCH)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return make_story(tmp_path_factory.mktemp("feeds") / "repo")


@pytest.fixture(scope="module")
def plans():
    documents, issues = load_kb(MINI_KB)
    return build_site_model(validate_kb(documents, issues)).plans


def _feeds(repo: Repo, plans, site: FeedSite = SITE) -> dict[str, bytes]:
    return build_feeds(build_history(repo.path, repo.path / "kb"), plans, site)


def _check_atom(data: bytes) -> ET.Element:
    """The elements RFC 4287 requires of a feed and of each entry."""
    root = ET.fromstring(data)
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert (root.findtext(f"{A}{tag}") or "").strip(), tag
    assert root.findtext(f"{A}author/{A}name")
    assert root.find(f"{A}link[@rel='self']") is not None
    assert RFC3339.match(root.findtext(f"{A}updated") or "")
    ids = [entry.findtext(f"{A}id") for entry in root.iter(f"{A}entry")]
    assert len(ids) == len(set(ids))
    for entry in root.iter(f"{A}entry"):
        assert re.match(r"^urn:uuid:[0-9a-f-]{36}$", entry.findtext(f"{A}id") or "")
        assert (entry.findtext(f"{A}title") or "").strip()
        assert RFC3339.match(entry.findtext(f"{A}updated") or "")
        assert entry.find(f"{A}link[@rel='alternate']") is not None and entry.find(f"{A}content[@type='html']") is not None
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return root


def test_site_feed_is_valid_atom_with_one_entry_per_change(story: Repo, plans) -> None:
    feeds = _feeds(story, plans)
    assert sorted(feeds) == ["ke-hoach/mini-2024/atom.xml", "thay-doi/atom.xml"]
    root = _check_atom(feeds["thay-doi/atom.xml"])
    entries = root.findall(f"{A}entry")
    assert len(entries) == 5
    newest = datetime.fromtimestamp(DECEMBER + 1200, tz=timezone(timedelta(hours=7))).isoformat()
    assert root.findtext(f"{A}updated") == entries[0].findtext(f"{A}updated") == newest
    titles = [e.findtext(f"{A}title") for e in entries]
    assert STORY_SUMMARY in titles
    assert "Danh mục xã, cơ quan của huyện Phong Thổ: thêm tên gọi khác “Tùng Qua Lìn” cho xã Tung Qua Lìn" in titles
    assert ("Kế hoạch “Thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024”: chuyển Phòng Tư pháp từ phụ trách "
            "xã Dào San sang xã Tung Qua Lìn") in titles
    parsed = feedparser.parse(feeds["thay-doi/atom.xml"])
    money = next(e for e in parsed.entries if e.title == STORY_SUMMARY)
    assert "Sửa số tiền mục III.2 “Dự án 5 - ngân sách địa phương” từ 4.000 thành 4.500 triệu đồng" in money.summary
    assert money.link.startswith("./#phien-ban-")


def test_plan_feed_holds_only_that_plans_changes(story: Repo, plans) -> None:
    root = _check_atom(_feeds(story, plans)["ke-hoach/mini-2024/atom.xml"])
    titles = [e.findtext(f"{A}title") for e in root.findall(f"{A}entry")]
    assert len(titles) == 4 and not any("tên gọi khác" in t for t in titles)  # the alias concerns the registry
    assert titles[-1].startswith("Thêm kế hoạch này với 2 chỉ tiêu")


def test_ids_are_stable_across_builds_and_new_commits(story: Repo, plans, tmp_path: Path) -> None:
    first = _feeds(story, plans)
    assert _feeds(story, plans) == first  # byte-identical rebuild
    later = story.clone(tmp_path / "clone")
    later.edit("plans/mini-2024/targets.yaml", "value: '38,50'", "value: '35,0'")
    later.commit("Lower the poverty target", when=DECEMBER + 86_400)
    ids = lambda data: [e.findtext(f"{A}id") for e in ET.fromstring(data).findall(f"{A}entry")]  # noqa: E731
    again = _feeds(later, plans)
    assert ids(again["thay-doi/atom.xml"])[1:] == ids(first["thay-doi/atom.xml"])
    assert ids(again["thay-doi/atom.xml"])[0] not in ids(first["thay-doi/atom.xml"])


def test_a_feed_without_history_is_dated_by_source_date_epoch(plans) -> None:
    data = build_feeds(History(False, "không có lịch sử git"), plans, SITE)["thay-doi/atom.xml"]
    root = _check_atom(data)
    assert root.findall(f"{A}entry") == []
    assert root.findtext(f"{A}updated") == "2023-11-15T05:13:20+07:00"  # SOURCE_DATE_EPOCH in Vietnam time


def test_links_are_absolute_when_the_site_url_is_known(story: Repo, plans) -> None:
    feeds = _feeds(story, plans, FeedSite(SITE.name, "https://kehoach.example.vn/site/", SOURCE_DATE_EPOCH))
    root = _check_atom(feeds["thay-doi/atom.xml"])
    assert root.find(f"{A}link[@rel='self']").get("href") == "https://kehoach.example.vn/site/thay-doi/atom.xml"
    entry_link = root.find(f"{A}entry/{A}link").get("href")
    assert entry_link.startswith("https://kehoach.example.vn/site/thay-doi/#phien-ban-")

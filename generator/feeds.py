"""Atom 1.0 feeds of KB changes, site-wide and per plan: ids stable across builds, times from commits only."""

from __future__ import annotations

import posixpath
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from markupsafe import Markup

from generator.config import SiteConfig
from generator.history import VIETNAM, History, HistoryEntry
from generator.pages.changes import entry_anchor
from generator.schema import Plan
from generator.urls import changes_feed_path, plan_feed_path, plan_path

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedSite:
    """What every feed says about the site: its name, its public URL if known, who publishes, the build's date."""

    name: str
    url: str  # mkdocs.yml site_url; "" means links are relative to the feed file
    epoch: int  # SOURCE_DATE_EPOCH: the `updated` time of a feed that has no entries
    author: str = ""  # the publisher readers write to (mkdocs.yml extra.contact); the site name when unset
    email: str = ""

    @classmethod
    def of(cls, config: SiteConfig, epoch: int) -> FeedSite:
        return cls(config.site_name, config.site_url, epoch, config.contact_name, config.contact_email)


@dataclass(frozen=True)
class Feed:
    key: str  # stable identity: "site" or "plan:<id>"
    path: str  # where the feed is published, e.g. "thay-doi/atom.xml"
    page: str  # the page it mirrors (.md path)
    title: str
    entries: tuple[HistoryEntry, ...]


def build_feeds(history: History, plans: Sequence[Plan], site: FeedSite) -> dict[str, bytes]:
    """The site-wide feed and one feed per plan, as files keyed by their path in the site."""
    plan_ids = {plan.id for plan in plans}
    feeds = [Feed("site", changes_feed_path(), "thay-doi.md", f"Thay đổi gần đây — {site.name}", history.recent)]
    feeds += [Feed(f"plan:{p.id}", plan_feed_path(p.id), plan_path(p.id), f"Thay đổi: {' '.join(p.title.split())}",
                   history.for_page(f"plan:{p.id}")) for p in plans]
    return {feed.path: atom(feed, site, plan_ids) for feed in feeds}


def atom(feed: Feed, site: FeedSite, plans: set[str]) -> bytes:
    """One feed as Atom 1.0 (RFC 4287)."""
    # Plain tag names under a literal default namespace: ElementTree's default_namespace option rejects
    # the unqualified attributes (rel, href) Atom uses, and register_namespace would be global state.
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "vi"})
    _text(root, "id", _urn(site, feed.key))
    _text(root, "title", feed.title)
    _text(root, "subtitle", "Các lần cập nhật dữ liệu kế hoạch, mô tả bằng lời")
    newest = max((e.timestamp for e in feed.entries), default=site.epoch)
    _text(root, "updated", _time(newest))
    author = ET.SubElement(root, "author")
    _text(author, "name", site.author or site.name)
    if site.email:
        _text(author, "email", site.email)
    _link(root, "self", _href(site, feed.path, feed.path), "application/atom+xml")
    _link(root, "alternate", _href(site, feed.path, feed.page), "text/html")
    for entry in feed.entries:
        _entry(root, entry, feed, site, plans)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(root: ET.Element, entry: HistoryEntry, feed: Feed, site: FeedSite, plans: set[str]) -> None:
    element = ET.SubElement(root, "entry")
    _text(element, "id", _urn(site, f"{feed.key}:{entry.sha}"))
    _text(element, "title", entry.title)
    _text(element, "updated", _time(entry.timestamp))
    _link(element, "alternate", _href(site, feed.path, feed.page) + "#" + entry_anchor(entry.sha), "text/html")
    content = _text(element, "content", str(_content_html(entry, feed, site, plans)))
    content.set("type", "html")


def _content_html(entry: HistoryEntry, feed: Feed, site: FeedSite, plans: set[str]) -> Markup:
    """The entry as HTML (escaped once more by XML): summary, then each plan's sentences."""
    parts = [Markup("<p><strong>{}</strong></p>").format(entry.summary)] if entry.summary else []
    for group in entry.groups:
        link = _href(site, feed.path, plan_path(group.plan)) if group.plan in plans else ""
        if group.title:
            heading = Markup('<a href="{}">{}</a>').format(link, group.title) if link else group.title
            parts.append(Markup("<p>{}</p>").format(heading))
        more = Markup(' <a href="{}">Xem kế hoạch</a>').format(link) if link and not group.title else ""
        parts.append(Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}{}</li>").format(line, more)
                                                                  for line in group.lines)))
    parts.append(Markup("<p>Ngày {} · mã phiên bản {}</p>").format(entry.date, entry.sha[:8]))
    return Markup("").join(parts)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, href: str, kind: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": kind, "href": href})


def _urn(site: FeedSite, key: str) -> str:
    """A stable id: the same site, feed and commit give the same id on every build."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"plan-site-generator:{site.name}:{key}").urn


def _time(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, tz=VIETNAM).isoformat()


def _url_path(path: str) -> str:
    """The URL path of a site file: pages are folders (`ke-hoach/x.md` -> `ke-hoach/x/`), other files stay."""
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md").removesuffix("index")
    return stem if not stem or stem.endswith("/") else stem + "/"


def _href(site: FeedSite, feed_path: str, target: str) -> str:
    """Absolute when the site URL is known, else relative to the feed file (RFC 4287 resolves it there)."""
    url = _url_path(target)
    if site.url:
        return urljoin(site.url.rstrip("/") + "/", url)
    relative = posixpath.relpath(url or ".", posixpath.dirname(feed_path) or ".")
    if relative == ".":
        return "./"
    return relative + ("/" if url.endswith("/") else "")

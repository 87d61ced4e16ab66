"""Build the site: gather and validate everything first, then write (reads like a table of contents)."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.charts import build_charts
from generator.config import SiteConfig, load_site_config
from generator.datasets import DATASETS, dataset_rows
from generator.doccache import BlobStore, DocumentCache
from generator.export import ZipWriter, csv_file, csv_lines, datapackage, dataset_json_parts, kb_json_parts
from generator.drafts import build_report, mark_drafts, publishable_kb
from generator.gitkb import KbCache, store_plan_totals
from generator.load import load_kb
from generator.model import SiteModel, build_site_model
from generator.feeds import FeedSite, build_feeds
from generator.history import VIETNAM, build_history
from generator.kb import KnowledgeBase
from generator.incremental import publish_incremental
from generator.maps import build_maps, map_files, places_for
from generator.names import name_index
from generator.pages import PAGE_KINDS, SiteInputs, iter_pages
from generator.pages.common import Page
from generator.progress import reporter, timed
from generator.publish import Settings, SiteFiles, build_lock, pack, packed, publish_site
from generator.render import build_environment, render_page
from generator.sources import load_sources, source_files
from generator.tables import build_tables
from generator.urls import DATA_ARCHIVE
from generator.validate import validate_kb
from generator.workers import run_beside

log = logging.getLogger("generator")


def build_site(settings: Settings) -> Path:
    """Build the site; one build at a time per output folder (a second one waits)."""
    with build_lock(settings.out_dir):
        return _build_site(settings)


def _build_site(settings: Settings) -> Path:
    """Make every file of the site, then publish it atomically."""
    site = _site_files(settings)  # the KB, model and page contexts are freed here: publishing runs without them
    publish = publish_site if settings.cache_dir is None else publish_incremental  # same lock, swap, guarantees
    return timed("publish", lambda: publish(site, settings))


def _site_files(settings: Settings) -> SiteFiles:
    """Load, validate, hold back drafts, model, tables, charts, pages, render, downloads, feeds."""
    config = load_site_config(settings.root)
    if not config.site_url:
        log.info("mkdocs.yml chưa khai báo site_url: trang in ghi đường dẫn tương đối, không có mã QR và og:url")
    cache = DocumentCache(settings.cache_dir)
    documents, load_issues = timed("load", lambda: load_kb(settings.kb_dir, settings.root, cache=cache))
    sources, source_issues = timed("sources", lambda: load_sources(settings.kb_dir, settings.root))
    kb = timed("validate", lambda: validate_kb(documents, load_issues + source_issues, sources=sources))
    store_plan_totals(kb, documents, settings.cache_dir, settings.kb_dir, settings.root)  # for a later `diff`
    kb = timed("drafts", lambda: publishable_kb(kb, allow_draft=settings.allow_draft))
    for line in build_report(kb):
        log.warning("%s", line)
    model = timed("model", lambda: build_site_model(kb))
    # The maps (a tenth of the country: 2,3 s) are drawn by a second process while this one makes the tables and
    # charts (0,6 + 1,7 s): they read only the model.
    maps, (tables, charts) = run_beside(
        lambda: timed("maps", lambda: build_maps(model, places_for(model))),
        lambda: (timed("tables", lambda: {name: mark_drafts(t, kb) for name, t in build_tables(model).items()}),
                 timed("charts", lambda: build_charts(model))))
    history = timed("history", lambda: build_history(settings.git_root or settings.root, settings.kb_dir,
                                                        limit=settings.history_limit,
                                                        cache=KbCache(documents=cache, blobs=BlobStore(settings.cache_dir))))
    inputs = SiteInputs(model, charts, history, _date_text(settings.source_date_epoch), tables, config, maps, sources)
    env = build_environment(settings.root / "site_templates")
    pages, rendered, downloads = timed("pages-all", lambda: pages_and_downloads(inputs, env, kb))
    files = {**downloads, **packed({**map_files(maps), **name_index(pages, model)})}
    feeds = timed("feeds", lambda: build_feeds(history, model.plans, FeedSite.of(config, settings.source_date_epoch)))
    return SiteFiles(rendered, {**files, **packed(feeds)}, navigation(model, pages),
                     tuple((page.search_part, page.path) for page in pages if page.searchable))


# Page kinds the second process builds while this one builds the others: with the downloads, about half the
# work (the whole country, with agencies beside: this process's pages 69,5 s + render 69,4; the other's pages
# 42,2 + render 48,0 + downloads 85,2; agency pages, about 15 s of it, are now built here).
BESIDE_KINDS = frozenset({"commune", "district", "province", "new_unit", "compare"})


def pages_and_downloads(inputs: SiteInputs, env: Any,
                        kb: KnowledgeBase) -> tuple[list[Page], dict[str, bytes], dict[str, bytes]]:
    """Every page built and rendered, and the downloads, on two cores: a second process builds and renders the
    kinds in BESIDE_KINDS and writes the downloads while this one does the other kinds (workers.run_beside).
    Rendered pages and downloads come back packed (publish.pack)."""
    model, config, sources = inputs.model, inputs.config, inputs.sources
    (their_pages, their_rendered, downloads), (pages, rendered) = run_beside(
        lambda: (*_pages_rendered(inputs, env, BESIDE_KINDS, "-2"),
                 timed("downloads", lambda: {**download_files(model, config), **packed(source_files(kb, sources))})),
        lambda: _pages_rendered(inputs, env, set(PAGE_KINDS) - BESIDE_KINDS | {"data"}, ""))
    return _in_kind_order(pages + their_pages), {**rendered, **their_rendered}, downloads


def _pages_rendered(inputs: SiteInputs, env: Any, kinds: Collection[str],
                    suffix: str) -> tuple[list[Page], dict[str, bytes]]:
    """Build and render the pages of *kinds* one at a time, each page's context dropped once it is rendered (all
    of them at once were about a gigabyte a process at national scale); the pages come back without contexts."""
    pages: list[Page] = []
    rendered: dict[str, bytes] = {}
    done = reporter("pages" + suffix)

    def build_and_render() -> None:
        for page in iter_pages(inputs, kinds):
            path, text = render_page(page, env)
            rendered[path] = pack(text.encode("utf-8"))
            pages.append(replace(page, context=None))
            done(len(pages))
        done(len(pages), last=True)

    timed("pages" + suffix, build_and_render)
    return pages, rendered


def _in_kind_order(pages: list[Page]) -> list[Page]:
    """The pages in the order one process would have built them: by kind as registered, then as built."""
    order = {kind: index for index, kind in enumerate([*PAGE_KINDS, "data"])}
    return sorted(pages, key=lambda page: order.get(page.kind, len(order)))


def download_files(model: SiteModel, config: SiteConfig) -> dict[str, bytes]:
    """Every dataset as CSV for the whole KB, per plan and per district; the Data Package; the whole KB zipped;
    each file packed (publish.pack).

    Loose files are CSV only (what a spreadsheet user opens from a table); the JSON of every dataset and the
    KB as one JSON document are in the ZIP with the whole-KB CSV, a tenth of their size (issue 11).
    """
    whole = tuple(p.id for p in model.plans)
    scopes: dict[str, tuple[str, ...]] = {"": whole}
    scopes.update({f"ke-hoach/{p.id}/": (p.id,) for p in model.plans})
    scopes.update({f"huyen/{d}/": tuple(p.id for p in model.district_plans(d)) for d in model.districts})
    package = datapackage(config)
    files: dict[str, bytes] = {"tai-ve/datapackage.json": pack(package)}
    # The archive is written in its members' name order as they are made; these two go where that order puts them.
    archive, others = ZipWriter(), {"datapackage.json": lambda: [package], "kb.json": lambda: kb_json_parts(model.kb)}

    def others_before(name: str) -> None:
        for other in sorted(o for o in others if o < name):
            archive.add(other, others.pop(other)())

    # One dataset at a time: its rows are made once per plan, shared by the scopes, and dropped before the next
    # dataset's; each file is packed, and added to the archive, as soon as it is made (at national scale every
    # dataset's rows at once, then the unpacked files, made the process that writes them the build's largest).
    for data in sorted(DATASETS, key=lambda data: f"{data.name}."):
        per_plan = {p.id: dataset_rows(model, data, (p.id,)) for p in model.plans}
        lines = {plan_id: csv_lines(data, rows) for plan_id, rows in per_plan.items()}
        for prefix, plan_ids in scopes.items():
            csv = csv_file(data, [lines[plan_id] for plan_id in plan_ids])
            files[f"tai-ve/{prefix}{data.name}.csv"] = pack(csv)
            if not prefix:
                others_before(f"{data.name}.csv")
                archive.add(f"{data.name}.csv", csv)
        archive.add(f"{data.name}.json", dataset_json_parts(data, (per_plan[plan_id] for plan_id in whole)))
        del per_plan, lines, csv
    for other in sorted(others):  # those after every dataset's members
        archive.add(other, others[other]())
    files[DATA_ARCHIVE] = pack(archive.close())
    return files


NAV_LIMIT = 70  # entries a sidebar section may list; the sidebar is on every page, so it must not grow with the KB


def navigation(model: SiteModel, pages: list[Page]) -> list[Any]:
    """The sidebar: a few listing pages, never thousands of entries (at scale, areas are reached via provinces)."""
    by_kind: dict[str, list[str]] = {}
    for page in pages:
        by_kind.setdefault(page.kind, []).append(page.path)
    top_programs = [f"chuong-trinh/{p.id}.md" for p in model.kb.programs]
    plans = by_kind.get("plan", [])
    areas = by_kind.get("province", []) + by_kind.get("district", [])
    if len(areas) > NAV_LIMIT:
        areas = by_kind.get("province", [])[:NAV_LIMIT]
    sections: list[Any] = [{"Trang chủ": "index.md"}]
    sections += [{"Kế hoạch": plans}] if len(plans) <= NAV_LIMIT else []
    sections += [{"Địa bàn": areas}]
    return sections + [
        {"Chương trình": top_programs},
        {"Chỉ tiêu": "chi-tieu.md"},
        {"Nguồn vốn": "nguon-von.md"},
        {"So sánh": "so-sanh.md"},
        {"Tìm kiếm": "tim-kiem.md"},
        {"Thay đổi gần đây": "thay-doi.md"},
        {"Dữ liệu mở": "du-lieu.md"},
        {"Thuật ngữ": "thuat-ngu.md"},
    ]


def source_date_epoch(root: Path) -> int:
    """Honour SOURCE_DATE_EPOCH; otherwise use the last commit that touched kb/ (0 outside git)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "kb"], cwd=root, capture_output=True,
                             text=True, check=False).stdout.strip()
    except OSError:
        return 0
    return int(out) if out.isdigit() else 0


def _date_text(epoch: int) -> str:
    if not epoch:
        return "không rõ (không có lịch sử git)"
    return datetime.fromtimestamp(epoch, tz=VIETNAM).strftime("%d/%m/%Y")

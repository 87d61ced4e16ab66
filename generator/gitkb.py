"""Read the KB as it was at a git revision (or in the working tree), validated like any other KB."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Issue, KbError, Location
from generator.kb import KnowledgeBase
from generator.doccache import BlobStore, DocumentCache, blob_id, code_fingerprint, content_key
from generator.figures import headline_totals
from generator.load import (RawDocument, Source, classify, display_path, display_root, kb_sources, load_kb,
                            load_sources, to_plain)

from generator.schema import FundsFile, FundSourcesFile
from generator.validate import validate_document, validate_kb
from generator.workers import run_beside


@dataclass
class KbCache:
    """Validated KBs by git tree id, and validated files by blob id (doccache), so history parses each
    file version once, and not at all when a build or validate has cached it."""

    by_tree: dict[str, KnowledgeBase] = field(default_factory=dict)
    documents: DocumentCache = field(default_factory=lambda: DocumentCache(None))
    blobs: BlobStore = field(default_factory=lambda: BlobStore(None))  # per-plan totals for scoped diffs


def git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)


def is_git_repo(root: Path) -> bool:
    result = git(root, "rev-parse", "--is-inside-work-tree")
    return result.returncode == 0 and result.stdout.strip() == b"true"


def resolve(root: Path, revision: str) -> str:
    """Return the commit id of *revision*, or raise a KbError naming it."""
    result = git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise KbError([Issue("GIT-REV-UNKNOWN", f"không tìm thấy phiên bản '{revision}' trong kho git",
                             Location("git"), hint="kiểm tra tên nhánh, thẻ hoặc mã commit; xem: git log --oneline")])
    return result.stdout.decode().strip()


def kb_tree(root: Path, commit: str, kb_rel: str = "kb") -> str | None:
    """Return the tree id of kb/ at *commit*, or None when the KB did not exist yet."""
    result = git(root, "rev-parse", "--verify", "--quiet", f"{commit}:{kb_rel}")
    return result.stdout.decode().strip() if result.returncode == 0 else None


def load_kb_at(root: Path, revision: str | None, *, kb_rel: str = "kb", cache: KbCache | None = None) -> KnowledgeBase:
    """Load and validate the KB at *revision* (None: the working tree). Empty before the KB existed."""
    if revision is None:
        documents, issues = load_kb(root / kb_rel, root, cache=cache.documents if cache else None)
        return validate_kb(documents, issues)
    commit = resolve(root, revision)
    tree = kb_tree(root, commit, kb_rel)
    if tree is None:
        return KnowledgeBase()
    if cache is not None and tree in cache.by_tree:
        return cache.by_tree[tree]
    cache = cache if cache is not None else KbCache()
    documents, issues = _documents_at(root, commit, kb_rel, cache)
    try:
        kb = validate_kb(documents, issues)
    except KbError as error:
        raise KbError([Issue("GIT-REV-INVALID-KB", f"cơ sở dữ liệu ở phiên bản '{revision}' không hợp lệ "
                             f"({len(error.issues)} lỗi, đầu tiên: {error.issues[0]})", Location(kb_rel))]) from error
    cache.by_tree[tree] = kb
    return kb


def _documents_at(root: Path, commit: str, kb_rel: str, cache: KbCache) -> tuple[list[RawDocument], list[Issue]]:
    """Load the KB files of one commit: blobs the cache knows are not even read from git."""
    listing = git(root, "ls-tree", "-r", "-z", commit, "--", kb_rel).stdout.decode("utf-8").split("\0")
    entries = [(line.split()[2], line.split("\t", 1)[1]) for line in listing if "\t" in line]
    files = [(blob, path) for blob, path in sorted(entries, key=lambda e: e[1]) if path.endswith((".yaml", ".yml"))
             and Path(path).relative_to(kb_rel).parts[0] != "schema"]
    keys = {blob: content_key(place[0], blob) for blob, path in files if (place := classify(Path(path).relative_to(kb_rel)))}
    known = cache.documents.get_many(keys.values())
    contents = _cat_blobs(root, sorted({blob for blob, _ in files if keys.get(blob) not in known}))
    sources = [Source(Path(path).relative_to(kb_rel), path, _reader(root, blob, contents), blob) for blob, path in files]
    return load_sources(sources, cache=cache.documents)


def _reader(root: Path, blob: str, contents: dict[str, bytes]) -> Callable[[], bytes]:
    """Read a blob from what was fetched, or from git when a located message needs it later."""
    if blob in contents:
        data = contents[blob]
        return lambda: data
    return lambda: _cat_blobs(root, [blob])[blob]


def _cat_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Read many blobs with one `git cat-file --batch` process."""
    if not blobs:
        return {}
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(blobs).encode() + b"\n",
                         capture_output=True, check=True).stdout
    contents, position = {}, 0
    for blob in blobs:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        contents[blob] = out[header_end + 1: header_end + 1 + size]
        position = header_end + 1 + size + 1
    return contents


# ------------------------------------------------------------------ scoped diff: only what changed is read

GLOBAL_REGISTRIES = ("registry/programs.yaml", "registry/fund-sources.yaml", "registry/districts.yaml",
                     "registry/indicators.yaml")


@dataclass(frozen=True)
class ScopedPair:
    """The parts of two KB revisions that can differ, and both revisions' headline totals by fund source."""

    old: KnowledgeBase
    new: KnowledgeBase
    totals_before: dict[str, Decimal]
    totals_after: dict[str, Decimal]


def tree_files(root: Path, revision: str | None, kb_rel: str) -> dict[str, str] | None:
    """{path: blob id} of the KB's YAML files at *revision* (None: the working tree); None before the KB existed."""
    if revision is None:
        kb_dir = root / kb_rel
        return {src.display: blob_id(src.read()) for src in kb_sources(kb_dir, root)}
    commit = resolve(root, revision)
    if kb_tree(root, commit, kb_rel) is None:
        return None
    listing = git(root, "ls-tree", "-r", "-z", commit, "--", kb_rel).stdout.decode("utf-8").split("\0")
    entries = [(line.split("\t", 1)[1], line.split()[2]) for line in listing if "\t" in line]
    return {path: blob for path, blob in entries if path.endswith((".yaml", ".yml")) and _below(path, kb_rel)[0] != "schema"}


def _below(path: str, kb_rel: str) -> list[str]:
    """The parts of a KB path below the KB's folder (string work, not pathlib: a national KB has 20,000 files)."""
    prefix = "" if kb_rel in ("", ".") else f"{kb_rel}/"
    return path[len(prefix):].split("/") if path.startswith(prefix) else list(Path(path).relative_to(kb_rel).parts)


def _scope(changed: set[str], kb_rel: str) -> tuple[set[str], set[str]]:
    """Plan folders and registry files touched by *changed* paths."""
    folders, registries = set(), set()
    for path in changed:
        parts = _below(path, kb_rel)
        if parts[0] == "plans" and len(parts) >= 2:
            folders.add(parts[1])
        else:
            registries.add(path)
    return folders, registries


def load_scoped_pair(root: Path, rev1: str, rev2: str | None, *, kb_rel: str = "kb", cache: KbCache | None = None,
                     totals: bool = True) -> ScopedPair:
    """Load, from two revisions, only the plans and registries whose files differ (plus the registries they
    need), validated like a whole KB; the diff of the two is the diff of the whole KBs (unchanged files
    yield no changes). Totals of the plans outside the scope are the same in both and come from the cache."""
    cache = cache or KbCache()
    old_files, new_files = tree_files(root, rev1, kb_rel), tree_files(root, rev2, kb_rel)
    before, after = old_files or {}, new_files or {}
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    folders, registries = _scope(changed, kb_rel)
    sides = [(rev1, before, old_files is not None), (rev2, after, new_files is not None)]
    loaded = [_load_paths(root, rev, files, _wanted(files, folders, registries, kb_rel), kb_rel, cache) if exists
              else ([], []) for rev, files, exists in sides]
    # The registries of every district either side's plans name, on both sides, so neither shows them as new.
    districts = {_district_of(d) for documents, _ in loaded for d in documents if d.kind == "plan"} - {None}
    more = {f"{kb_rel}/registry/{kind}/{district}.yaml" for kind in ("communes", "agencies") for district in districts}
    old, new = (_validated(root, rev, files, loaded[i], more - _wanted(files, folders, registries, kb_rel), kb_rel, cache)
                if exists else KnowledgeBase() for i, (rev, files, exists) in enumerate(sides))
    if not totals:
        return ScopedPair(old, new, {}, {})
    same = _plan_folders(before) & _plan_folders(after) - folders
    common = _unchanged_totals(root, rev2, after, same, kb_rel, cache) if new_files is not None else {}
    names_old, names_new = ({s.id: s.name for s in kb.fund_sources} for kb in (old, new))
    return ScopedPair(old, new, _named(_totals_by_id(old), common, names_old) if old_files is not None else {},
                      _named(_totals_by_id(new), common, names_new) if new_files is not None else {})


def _plan_folders(files: dict[str, str]) -> set[str]:
    return {p.split("/")[-2] for p in files if "/plans/" in f"/{p}"}


def _wanted(files: dict[str, str], folders: set[str], registries: set[str], kb_rel: str) -> set[str]:
    wanted = {f"{kb_rel}/{r}" for r in GLOBAL_REGISTRIES} | registries
    wanted |= {p for p in files if (parts := _below(p, kb_rel))[0] == "plans" and len(parts) > 1 and parts[1] in folders}
    return wanted & files.keys()


def _validated(root: Path, revision: str | None, files: dict[str, str], loaded: tuple[list[RawDocument], list[Issue]],
               more: set[str], kb_rel: str, cache: KbCache) -> KnowledgeBase:
    extra_docs, extra_issues = _load_paths(root, revision, files, more & files.keys(), kb_rel, cache)
    try:
        return validate_kb(loaded[0] + extra_docs, loaded[1] + extra_issues)
    except KbError as error:
        raise KbError([Issue("GIT-REV-INVALID-KB", f"cơ sở dữ liệu ở phiên bản '{revision or 'thư mục làm việc'}' "
                             f"không hợp lệ ({len(error.issues)} lỗi, đầu tiên: {error.issues[0]})", Location(kb_rel))]) from error


def _district_of(document: RawDocument) -> str | None:
    if document.model is not None:
        return str(document.model.plan.district)
    data = to_plain(document.data)
    plan = data.get("plan") if isinstance(data, dict) else None
    return str(plan.get("district")) if isinstance(plan, dict) else None


def _load_paths(root: Path, revision: str | None, files: dict[str, str], paths: set[str], kb_rel: str,
                cache: KbCache, workers: int = 2) -> tuple[list[RawDocument], list[Issue]]:
    ordered = sorted(paths)
    if revision is None:
        sources = [Source(Path(p).relative_to(kb_rel), p, (root / p).read_bytes, files[p]) for p in ordered]
    else:
        keys = {files[p]: content_key(place[0], files[p]) for p in ordered if (place := classify(Path(p).relative_to(kb_rel)))}
        known = cache.documents.get_many(keys.values())
        contents = _cat_blobs(root, sorted({files[p] for p in ordered if keys.get(files[p]) not in known}))
        sources = [Source(Path(p).relative_to(kb_rel), p, _reader(root, files[p], contents), files[p]) for p in ordered]
    return load_sources(sources, cache=cache.documents, workers=workers)


def _named(own: dict[str, Decimal], common: dict[str, Decimal], names: dict[str, str]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for source, amount in [*own.items(), *common.items()]:
        totals[names.get(source, source)] += amount
    return dict(sorted(totals.items()))


def _totals_by_id(kb: KnowledgeBase) -> dict[str, Decimal]:
    """Headline totals by source id of every plan of *kb*, added up."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for per_plan in plan_totals(kb).values():
        for source, amount in per_plan.items():
            totals[source] += amount
    return dict(totals)


def plan_totals(kb: KnowledgeBase) -> dict[str, dict[str, Decimal]]:
    """Each plan's headline total by source id (model.totals_by_source, without building the site model)."""
    group_of: dict[str, str] = {source.id: source.group for source in kb.fund_sources}
    return {folder: headline_totals(bundle.fund_lines, group_of) for folder, bundle in kb.plans.items() if bundle.plan}


def totals_keys(files: dict[str, str], folders: Iterable[str], kb_rel: str) -> dict[str, str]:
    """The blob-store key of the headline totals of each plan folder (see _totals_key)."""
    registries, by_folder = _totals_inputs(files, kb_rel)
    return {folder: _totals_key(registries, by_folder.get(folder, [])) for folder in sorted(folders)}


def _totals_inputs(files: dict[str, str], kb_rel: str) -> tuple[list[tuple[str, str]], dict[str, list[tuple[str, str]]]]:
    """What plan totals depend on: the global registries, and each plan folder's plan and funds files (path, blob)."""
    global_paths = {f"{kb_rel}/{r}" for r in GLOBAL_REGISTRIES}
    by_folder: dict[str, list[tuple[str, str]]] = defaultdict(list)  # each path looked at once, not once per folder
    for p, b in sorted(files.items()):
        parts = p.split("/")
        if "/plans/" in f"/{p}" and len(parts) > 1 and parts[-1].split("-")[0].split(".")[0] in ("plan", "funds"):
            by_folder[parts[-2]].append((p, b))
    return sorted((p, b) for p, b in files.items() if p in global_paths), by_folder


def _totals_key(registries: list[tuple[str, str]], plan_files: list[tuple[str, str]]) -> str:
    """The key of one plan's totals: the generator's code, the global registries and its own files."""
    return "totals:" + hashlib.sha256(json.dumps([code_fingerprint(), registries, plan_files]).encode()).hexdigest()


def store_plan_totals(kb: KnowledgeBase, documents: list[RawDocument], cache_dir: Path | None, kb_dir: Path,
                      root: Path | None = None) -> None:
    """Keep the headline totals of each plan of a valid KB (loaded by load_kb(kb_dir, root)) in the cache, so that
    a later `diff` finds those of the plans it did not change: the keys are its own, from the documents' paths."""
    if cache_dir is None:
        return
    store = BlobStore(cache_dir)
    keys = totals_keys({d.path: d.blob for d in documents}, kb.plans, display_path(kb_dir, display_root(kb_dir, root)))
    group_of: dict[str, str] = {source.id: source.group for source in kb.fund_sources}
    for folder, key in keys.items():
        if kb.plans[folder].plan and key not in store:
            store[key] = _encode(headline_totals(kb.plans[folder].fund_lines, group_of))
    store.flush()


def _encode(totals: dict[str, Decimal]) -> bytes:
    return json.dumps({k: str(v) for k, v in totals.items()}).encode()


def _parsed(root: Path, revision: str | None, files: dict[str, str], paths: set[str], kb_rel: str,
            cache: KbCache) -> list[tuple[RawDocument, Any]] | None:
    """Documents and their file models, or None when any of them does not load or validate on its own."""
    documents, issues = _load_paths(root, revision, files, paths, kb_rel, cache)
    plan = next((d for d in documents if d.kind == "plan"), None)
    parsed = [(d, validate_document(d, plan)[0]) for d in documents]  # the plan's `defaults:` apply
    return None if issues or any(model is None for _, model in parsed) else parsed


TOTALS_BATCH = 256  # plan folders loaded at once for their totals (bounds memory at national scale)


def _unchanged_totals(root: Path, revision: str | None, files: dict[str, str], folders: set[str], kb_rel: str,
                      cache: KbCache) -> dict[str, Decimal]:
    """Headline totals by source id of plans that are the same in both revisions, per plan from the cache.

    A plan's split by source depends on its own files and on the global registries (fund sources,
    programs): both are in the key, and both are loaded to compute it. Those the cache lacks are computed
    on two processes, each loading its half of the plans and sending back only their totals."""
    registries, by_folder = _totals_inputs(files, kb_rel)
    keys = {folder: _totals_key(registries, by_folder.get(folder, [])) for folder in sorted(folders)}
    missing = [folder for folder, key in keys.items() if key not in cache.blobs]
    if missing:
        group_of = _fund_groups(root, revision, files, kb_rel, cache)
        wanted = {folder: {p for p, _ in by_folder.get(folder, [])} for folder in missing}
        halves = [{f: wanted[f] for f in missing[i::2]} for i in (0, 1)]
        for half in run_beside(lambda: _totals_of(root, revision, files, halves[1], kb_rel, group_of),
                               lambda: _totals_of(root, revision, files, halves[0], kb_rel, group_of)):
            for folder, per_plan in half.items():
                cache.blobs[keys[folder]] = _encode(per_plan)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for key in keys.values():
        for source, amount in json.loads(cache.blobs[key]).items():
            totals[source] += Decimal(amount)
    return dict(totals)


def _totals_of(root: Path, revision: str | None, files: dict[str, str], wanted: dict[str, set[str]], kb_rel: str,
               group_of: dict[str, str]) -> dict[str, dict[str, Decimal]]:
    """Headline totals of plan folders (*wanted*: folder -> its plan and funds files), a batch of folders at a time,
    in this process: only the totals leave it (no file models to pickle), and nothing is written to the cache."""
    folders, totals = sorted(wanted), {}
    for start in range(0, len(folders), TOTALS_BATCH):
        batch = {folder: wanted[folder] for folder in folders[start:start + TOTALS_BATCH]}
        loaded = _load_paths(root, revision, files, set().union(*batch.values()), kb_rel, KbCache(), workers=1)
        totals.update(_folder_totals(loaded, batch, group_of))
    return totals


def _fund_groups(root: Path, revision: str | None, files: dict[str, str], kb_rel: str, cache: KbCache) -> dict[str, str]:
    """Fund source id -> group, from the global registries (none when they do not load or validate on their own)."""
    shared = _parsed(root, revision, files, {f"{kb_rel}/{r}" for r in GLOBAL_REGISTRIES} & files.keys(), kb_rel, cache)
    return {s.id: s.group for _, model in shared or [] if isinstance(model, FundSourcesFile) for s in model.fund_sources}


def _folder_totals(loaded: tuple[list[RawDocument], list[Issue]], wanted: dict[str, set[str]],
                   group_of: dict[str, str]) -> dict[str, dict[str, Decimal]]:
    """Headline totals of plan folders (*wanted*: folder -> its plan and funds files, *loaded* together); a folder
    any of whose files does not load or validate on its own has none. Sums only: the district's registries are
    not read (its references were checked when it was built)."""
    documents, issues = loaded
    broken = {issue.location.path for issue in issues}  # every load issue is located in its own file
    by_path = {d.path: d for d in documents}
    totals = {}
    for folder, paths in wanted.items():
        mine = [by_path[p] for p in sorted(paths) if p in by_path]
        plan = next((d for d in mine if d.kind == "plan"), None)
        models = [d.model if d.model is not None else validate_document(d, plan)[0] for d in mine]
        valid = not (paths & broken) and all(model is not None for model in models)
        lines = tuple(line for model in models if isinstance(model, FundsFile) for line in model.fund_lines)
        totals[folder] = headline_totals(lines, group_of) if valid and plan is not None else {}
    return totals

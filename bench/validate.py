"""Validate, diff and history benchmark on a synthetic KB (default: the whole country).

Usage: python bench/validate.py [--fraction 0.1] [--kb-cache DIR]

Prints, each in a fresh process: `validate` with a cold cache, `validate` with a warm cache, then in a
git repository holding the KB, `diff` between two revisions that differ in one plan (cold and warm
cache) and the change history of those commits, twice (the second time the described commits come from the
cache). Wall time depends on the load of this shared machine; CPU is user + system time of the command and its
children.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import ensure_kb, touch_one_plan  # noqa: E402

GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@example.invalid", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "b@example.invalid"}


def timed(label: str, command: list[str], cwd: Path, cache: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "CI": "true", "PLAN_SITE_CACHE": str(cache), "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    tail = (result.stdout.strip().splitlines() or [""])[-1][:100]
    print(f"{label:34} wall {wall:7.1f} s  cpu {cpu:7.1f} s  peak RSS {after.ru_maxrss / 1024:6.0f} MB  "
          f"exit {result.returncode}  {tail}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--kb-cache", type=Path, default=ROOT / "build" / "bench-kb")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-validate")
    args = parser.parse_args(argv)
    label = "national" if args.fraction >= 1 else f"fraction-{args.fraction}"
    kb = ensure_kb(args.kb_cache, label if args.fraction < 1 or label == "national" else label, args.fraction)
    work = args.work / label
    shutil.rmtree(work, ignore_errors=True)
    python = [sys.executable, "-m", "generator"]
    timed("validate, cold cache", python + ["--kb", str(kb), "validate"], ROOT, work / "cache")
    timed("validate, warm cache", python + ["--kb", str(kb), "validate"], ROOT, work / "cache")
    repo = work / "repo"
    shutil.copytree(kb, repo / "kb", ignore=shutil.ignore_patterns(".complete"))
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})  # noqa: E731
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "KB")
    changed = touch_one_plan(repo / "kb")
    git("commit", "-q", "-am", "Sửa một số liệu")
    print(f"{'':34} one figure changed in {changed.relative_to(repo)}")
    timed("diff HEAD~1 HEAD, cold cache", python + ["diff", "HEAD~1", "HEAD"], repo, work / "cache-diff")
    timed("diff HEAD~1 HEAD, warm cache", python + ["diff", "HEAD~1", "HEAD"], repo, work / "cache-diff")
    timed("diff HEAD~1 HEAD, validate's cache", python + ["diff", "HEAD~1", "HEAD"], repo, work / "cache")
    history = ("from pathlib import Path; from generator.history import build_history; from generator.gitkb import KbCache; "
               "from generator.doccache import BlobStore, DocumentCache, default_cache_dir; folder = default_cache_dir(Path.cwd()); "
               "h = build_history(Path.cwd(), Path('kb'), cache=KbCache(documents=DocumentCache(folder), blobs=BlobStore(folder))); "
               "print(len(h.recent), 'commits,', sum(len(e.groups) for e in h.recent), 'groups of changes')")
    timed("history of those commits (warm)", [sys.executable, "-c", history], repo, work / "cache")
    timed("history again (commits described)", [sys.executable, "-c", history], repo, work / "cache")


if __name__ == "__main__":
    main()

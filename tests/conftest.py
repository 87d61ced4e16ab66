"""Shared fixtures: a small KB factory, the shipped KB, and the golden-file switch."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_KB = FIXTURES / "mini" / "kb"
# The source plans (Vietnamese text exported from Word) live beside the repository, not in it.
SEEDS = next((p / "shared" / "seeds" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()), None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture(scope="session", autouse=True)
def _cache_outside_the_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """CLI runs in tests keep their validated-file cache in a session folder, not in the repository's build/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAN_SITE_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def apply_mutation(kb: Path, spec: dict) -> None:
    """Apply one fixture mutation (replace, create, create_hex, create_sparse, create_dir, create_symlink, move,
    delete) to a KB copy."""
    if "file" in spec:
        path = kb / spec["file"]
        old, new = spec["replace"]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found in {spec['file']}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for rel, content in (spec.get("create") or {}).items():
        (kb / rel).write_text(content, encoding="utf-8")
    for rel, hexdata in (spec.get("create_hex") or {}).items():
        (kb / rel).write_bytes(bytes.fromhex(hexdata))
    for rel in spec.get("create_dir") or ():
        (kb / rel).mkdir(parents=True)
    for rel, target in (spec.get("create_symlink") or {}).items():
        (kb / rel).symlink_to(target)
    if spec.get("move"):
        source, target = spec["move"]
        (kb / target).parent.mkdir(parents=True, exist_ok=True)
        (kb / source).rename(kb / target)
    for rel, size in (spec.get("create_sparse") or {}).items():
        with (kb / rel).open("wb") as handle:  # a sparse file: large on paper, nothing written
            handle.truncate(size)
    if spec.get("delete"):
        (kb / spec["delete"]).unlink()


@pytest.fixture
def kb_dir(tmp_path: Path) -> Callable[..., Path]:
    """Return a factory: copy the mini KB into tmp_path, apply mutations, return its kb/ folder."""

    def make(*mutations: dict, source: Path = MINI_KB) -> Path:
        target = tmp_path / "repo" / "kb"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
        for spec in mutations:
            apply_mutation(target, spec)
        return target

    return make


def load_fixture(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


SOURCE_DATE_EPOCH = 1_700_000_000


def digest(site: Path) -> dict[str, str]:
    """Every file of a built site with its SHA-256, to compare two sites byte for byte."""
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*"))
            if p.is_file()}


def build_into(kb: Path, out: Path, root: Path = ROOT) -> Path:
    """Build a site from *kb* into *out* with the real pipeline (mkdocs, Pagefind)."""
    from generator.build import build_site
    from generator.publish import Settings

    return build_site(Settings(root=root, kb_dir=kb, out_dir=out, source_date_epoch=SOURCE_DATE_EPOCH))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture KB, built once per test session."""
    return build_into(MINI_KB, tmp_path_factory.mktemp("mini") / "site")


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped KB (kb/), built once per test session."""
    return build_into(ROOT / "kb", tmp_path_factory.mktemp("shipped") / "site")

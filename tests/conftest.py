"""Shared fixtures: a small KB factory, the shipped KB, and the golden-file switch."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_KB = FIXTURES / "mini" / "kb"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def apply_mutation(kb: Path, spec: dict) -> None:
    """Apply one fixture mutation (replace / create / create_hex / delete) to a KB copy."""
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
    for rel, size in (spec.get("create_size") or {}).items():  # a YAML comment of that many bytes
        (kb / rel).write_bytes(b"#" + b"x" * (size - 2) + b"\n")
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

"""The JSON Schemas in a real editor backend: yaml-language-server flags an unknown key in a KB file.

.ci/run installs yaml-language-server from the npm registry into .lsp/; on a machine without it
(and without node) this test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.lsp import diagnostics_for

SERVER = Path(os.environ.get("YAML_LANGUAGE_SERVER", ROOT / ".lsp" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"))


@pytest.mark.skipif(not SERVER.exists() or not shutil.which("node"), reason="yaml-language-server not installed (see .ci/run)")
def test_editor_flags_an_unknown_key_through_the_modeline(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", kb)
    duties = kb / "plans" / "phong-tho-2023" / "duties.yaml"
    text = duties.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/duties.schema.json")
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("section:"))
    lines.insert(index + 1, lines[index].replace("section:", "sectoin:"))
    duties.write_text("".join(lines), encoding="utf-8")
    diagnostics = diagnostics_for(["node", str(SERVER), "--stdio"], duties)
    messages = [(d["range"]["start"]["line"], d["message"]) for d in diagnostics]
    assert any(line == index + 1 and "sectoin" in message for line, message in messages), messages

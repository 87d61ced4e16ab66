"""JSON Schemas and the schema reference stay current, and editors can use them on every KB file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from generator.errors import CATALOGUE
from generator.jsonschema import schema_reference, schema_texts
from generator.load import classify
from tests.conftest import ROOT

KB = ROOT / "kb"
KB_FILES = sorted(p for p in KB.rglob("*.yaml") if p.relative_to(KB).parts[0] != "schema")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


def test_shipped_schemas_are_current() -> None:
    for name, text in schema_texts().items():
        assert (KB / "schema" / name).read_text(encoding="utf-8") == text, f"run: python -m generator schema ({name})"


def test_schema_reference_is_current_and_documents_every_code() -> None:
    reference = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert reference == schema_reference(), "run: python -m generator schema"
    for code in CATALOGUE:
        assert f"`{code}`" in reference


@pytest.mark.parametrize("path", KB_FILES, ids=[str(p.relative_to(KB)) for p in KB_FILES])
def test_every_kb_file_names_its_schema(path: Path) -> None:
    match = MODELINE.search(path.read_text(encoding="utf-8"))
    assert match, f"{path} lacks the yaml-language-server modeline"
    place = classify(path.relative_to(KB))
    assert place is not None
    target = (path.parent / match.group(1)).resolve()
    assert target == (KB / "schema" / f"{place[0]}.schema.json").resolve()


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((KB / "schema" / f"{kind}.schema.json").read_text()))


@pytest.mark.parametrize("path", KB_FILES, ids=[str(p.relative_to(KB)) for p in KB_FILES])
def test_shipped_files_satisfy_their_schema(path: Path) -> None:
    place = classify(path.relative_to(KB))
    assert place is not None
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert list(_validator(place[0]).iter_errors(data)) == []


def test_schema_flags_an_unknown_key_like_an_editor_would() -> None:
    data = {"plan": "x", "duties": [{"id": "d-1", "agency": "a", "role": "lead", "task": "t",
                                      "section": "V.1", "sectoin": "V.1"}]}
    errors = list(_validator("duties").iter_errors(data))
    assert len(errors) == 1 and "sectoin" in errors[0].message

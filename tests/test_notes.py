"""KB notes are public text: every `note` reads as Vietnamese, with no English sentence and no internal token."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

KB = ROOT / "kb"

# Common English words, as whole ASCII words. Vietnamese words that are spelled the same in ASCII are left
# out on purpose (a, an, in, to, do, no, so, than, can, may, con, ban, he, me, long, hang, sang, tin: "an toàn",
# "được in", "so với", "Tập đoàn than", "mục A.IV", "Điềm He", "can thiệp"), and a test below checks that no
# listed word occurs in the KB's printed Vietnamese text.
ENGLISH_WORDS = frozenset("""
    about above after all also although amount and another are as at be because been before being below
    between both breakdown budget but by change commune communes consistent count counted district does each
    either encoded equal equals evidently field figure figures first for from garbled had has have here id ids
    if include included includes into is it item items its kb kept label labels line lines linked meant
    missing money name named names neither none nor not note notes of on one only or other parent part parts
    per plan plans printed prints program programme project projects read same section see source sources
    that the their there these this those total totals two under unit units value was were what when
    where whether which while with without year years
    annex annexes approved assumed baseline criteria criterion date disbursed facility footnote footnotes
    forecast heading households implied indicator inferred listed number paragraph percent percentage
    period planned point points repeated report sentence target targets text village villages word words
""".split())

# An item id (`f-2024-da3-kinh-phi-2997`, `lb-qd-90`) or any other lowercase ASCII slug (`long-ghep`,
# `nstw-sn`, `by-project`): years (`2021-2025`) and Vietnamese words (`khung-tường`) do not match.
SLUG = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w-])")
ITEM_ID = re.compile(r"(?<![\w-])(?:f|t|d|a|lb|p)-[a-z0-9]+(?:-[a-z0-9]+)*(?![\w-])")
FIELD_NAME = re.compile(r"(?<![\w.])[a-z]+(?:_[a-z]+)+(?![\w])|(?<![\w.])[a-z]+\.[a-z]+(?![\w.])|`")
WORD = re.compile(r"[^\W\d_]+")

VOWELS = "aăâeêioôơuưy"
TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc, huyền, hỏi, ngã, nặng
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", letter)
    for vowel, tone in itertools.product(VOWELS, ("", *TONES))
    for letter in (vowel + tone, (vowel + tone).upper())
    if not (vowel + tone).isascii()
) | {"đ", "Đ"}


def note_problems(note: str) -> list[str]:
    """Return what makes a note unfit for a site visitor (English words, internal tokens, no Vietnamese)."""
    problems = []
    english = sorted({w for w in WORD.findall(note) if w.isascii() and w.lower() in ENGLISH_WORDS})
    if english:
        problems.append(f"English words {english}")
    tokens = sorted(set(ITEM_ID.findall(note)) | set(SLUG.findall(note)) | set(FIELD_NAME.findall(note)))
    if tokens:
        problems.append(f"internal tokens {tokens}")
    if not VIETNAMESE_LETTERS.intersection(note):
        problems.append("no Vietnamese letter with a diacritic")
    return problems


def _mappings(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mappings(value)


@functools.cache
def _kb_documents() -> tuple[tuple[Path, Any], ...]:
    """The shipped KB's plan and registry files, parsed once for the whole module."""
    yaml = YAML(typ="safe")
    files = sorted(KB.glob("plans/*/*.yaml")) + sorted(KB.glob("registry/**/*.yaml"))
    return tuple((path, yaml.load(path.read_text(encoding="utf-8"))) for path in files)


def kb_notes() -> list[tuple[str, str, str]]:
    """(file, item id, note) for every `note` in the shipped KB's plans and registries."""
    return [(str(path.relative_to(ROOT)), str(node.get("id", "")), str(node["note"]))
            for path, data in _kb_documents() for node in _mappings(data) if node.get("note")]


def test_the_kb_has_notes() -> None:
    assert len(kb_notes()) > 200


def test_every_note_is_vietnamese_public_text() -> None:
    bad = [f"{file} {item}: {'; '.join(note_problems(note))}: {note[:90]}"
           for file, item, note in kb_notes() if note_problems(note)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("note", [
    'Printed "Trên 60,2%".',  # English frame around a Vietnamese quote
    "Dự án 1 has no printed total of its own; its sub-project figures are attached directly to the overall total.",
    "Average number of nông thôn mới criteria per commune across the district.",
    "Label printed identically to the first part (f-iv-111-dtts-sn-phan-1); kept as printed.",
    "Một phần của câu bị lỗi (xem f-2024-da3-kinh-phi-2997).",  # Vietnamese, but an item id
    "Được ghi nhận là vốn lồng ghép (long-ghep).",  # a fund source id
    "Giữ là baseline.change; mốc thời gian as_of là 30/9/2024.",  # field names
    "Xem `program`.",
    "Commune not named.",  # no Vietnamese letter at all
])
def test_english_or_internal_notes_are_caught(note: str) -> None:
    assert note_problems(note)


@pytest.mark.parametrize("note", [
    'Văn bản ghi "Trên 60,2%".',
    "Câu in bị lỗi; các số 2.997 và 2.910 triệu đồng được giữ nguyên như bản in, giai đoạn 2021-2025.",
    'Tiêu chuẩn cho mỗi căn nhà ("tối thiểu 30m²" và "3 cứng"), nền cứng, khung-tường cứng; an toàn, in lại.',
    'Thuộc mục "Điện nông thôn"; "Diềm He" là xã Điềm He; can thiệp dinh dưỡng; 11,23% KH.',
])
def test_vietnamese_notes_pass(note: str) -> None:
    assert note_problems(note) == []


def test_english_word_list_does_not_flag_the_plans_vietnamese() -> None:
    """No listed English word occurs in the printed Vietnamese text the KB keeps (labels, indicators, tasks)."""
    printed = ("label", "indicator", "task", "title", "name", "printed", "commune_printed", "period_label")
    words: set[str] = set()
    for _, data in _kb_documents():
        for node in _mappings(data):
            for key in printed:
                if isinstance(node.get(key), str):
                    words.update(w.lower() for w in WORD.findall(node[key]) if w.isascii())
    assert len(words) > 100
    assert not words & ENGLISH_WORDS

"""Bad-input corpus: every case is one mutation of the mini KB that `build` must refuse with a located error.

Each case asserts, through the real command line: exit code 1, the expected `file:line:col: error[CODE]`
line, every error line located, no traceback, an answer within 5 s, and a previously built site left
byte-identical with no staging folder beside it. Most cases call `generator.cli.main` in-process; the
ones marked `process` run `python -m generator` to show that nothing but the messages reaches a terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT, apply_mutation, digest

D, T, F, P = "plans/mini-2024/duties.yaml", "plans/mini-2024/targets.yaml", "plans/mini-2024/funds.yaml", \
    "plans/mini-2024/plan.yaml"
A, AG, C = "plans/mini-2024/assignments.yaml", "registry/agencies/phong-tho.yaml", "registry/communes/phong-tho.yaml"
TASK = "    task: Chủ trì tuyên truyền phổ biến giáo dục pháp luật cho người nghèo.\n"
LAUGHS = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))


def _swap(file: str, old: str, new: str) -> dict:
    return {"file": file, "replace": [old, new]}


def _bytes(file: str, text: bytes) -> dict:
    return {"create_hex": {file: text.hex()}}


MINI_DUTIES = (Path(__file__).parent / "fixtures" / "mini" / "kb" / D).read_text(encoding="utf-8")

# name: (expected first located error, its code, mutation[, "process"])
CASES: dict[str, tuple] = {
    # ------------------------------------------------------------------ YAML syntax
    "indented key under a scalar": (f"{D}:6:12", "KB-YAML-SYNTAX", _swap(D, "    role: lead\n", "    role: lead\n      task2: x\n")),
    "tab indentation": (f"{D}:7:1", "KB-YAML-SYNTAX", _swap(D, "    section: V.2\n", "\tsection: V.2\n")),
    "unclosed double quote": (f"{D}:6:11", "KB-YAML-SYNTAX", _swap(D, TASK, '    task: "Chủ trì tuyên truyền\n')),
    "unclosed flow list": (f"{D}:13:15", "KB-YAML-SYNTAX", _swap(D, "    partners: [phong-ld-tbxh]\n", "    partners: [phong-ld-tbxh\n")),
    "key without colon": (f"{D}:7:5", "KB-YAML-SYNTAX", _swap(D, "    section: V.2\n", "    section V.2\n")),
    "two documents": (f"{D}:9:1", "KB-YAML-SYNTAX", _swap(D, "  - id: d-nhcsxh-tin-dung\n", "---\n  - id: d-nhcsxh-tin-dung\n")),
    "list item inside a mapping": (f"{D}:7:5", "KB-YAML-SYNTAX", _swap(D, "    section: V.2\n", "    - section: V.2\n")),
    "bad escape in double quotes": (f"{D}:6:17", "KB-YAML-SYNTAX", _swap(D, TASK, '    task: "Chủ \\q trì"\n')),
    "bad block scalar header": (f"{D}:6:12", "KB-YAML-SYNTAX", _swap(D, TASK, "    task: |0\n      Chủ trì\n")),
    "unsupported YAML directive": (f"{D}:1:1", "KB-YAML-SYNTAX", _swap(D, "plan: mini-2024\n", "%YAML 2.0\n---\nplan: mini-2024\n")),
    "duplicate key": (f"{D}:6:5", "KB-YAML-DUPLICATE-KEY", _swap(D, "    role: lead\n", "    role: lead\n    role: support\n")),
    # ------------------------------------------------------------------ encoding and invisible characters
    "latin-1 byte": (f"{AG}:1:19", "KB-FILE-ENCODING", _bytes(AG, "district: Phong Thô\n".encode("latin-1"))),
    "UTF-16 file with its BOM": (f"{AG}:1:1", "KB-FILE-ENCODING", _bytes(AG, "district: phong-tho\n".encode("utf-16"))),
    "overlong UTF-8": (f"{AG}:1:11", "KB-FILE-ENCODING", _bytes(AG, b"district: \xc0\xaf\n")),
    "truncated UTF-8 at the end": (f"{AG}:2:3", "KB-FILE-ENCODING", _bytes(AG, b"district: phong-tho\n# \xe1\xba")),
    "NUL byte": (f"{D}:6:14", "KB-TEXT-CONTROL", _swap(D, TASK, "    task: Chủ\x00 trì\n"), "process"),
    "BOM inside the text": (f"{D}:6:14", "KB-TEXT-CONTROL", _swap(D, TASK, "    task: Chủ\ufeff trì\n")),
    "zero-width space in an id": (f"{D}:3:18", "KB-TEXT-CONTROL", _swap(D, "  - id: d-tu-phap", "  - id: d-tu-phap\u200b")),
    "line separator": (f"{D}:6:14", "KB-TEXT-CONTROL", _swap(D, TASK, "    task: Chủ\u2028 trì\n")),
    "terminal escape sequence": (f"{D}:6:11", "KB-TEXT-CONTROL", _swap(D, TASK, "    task: \x1b[2J\x1b[31mXÓA\n"), "process"),
    "form feed": (f"{D}:6:14", "KB-TEXT-CONTROL", _swap(D, TASK, "    task: Chủ\x0c trì\n")),
    "UTF-8 BOM and CRLF keep their positions": (f"{A}:4:13", "KB-REF-UNKNOWN", _bytes(A, (
        "\ufeffplan: mini-2024\r\nassignments:\r\n  - id: a-1\r\n    agency: phong-khong-co\r\n    commune: dao-san\r\n"
        "    role: lead\r\n    commune_printed: Đào San\r\n    section: V.2\r\n").encode())),
    "CR-only line ends keep their positions": (f"{A}:4:13", "KB-REF-UNKNOWN", _bytes(A, (
        "plan: mini-2024\rassignments:\r  - id: a-1\r    agency: phong-khong-co\r    commune: dao-san\r"
        "    role: lead\r    commune_printed: Đào San\r    section: V.2\r").encode())),
    # ------------------------------------------------------------------ schema
    "misspelt key": (f"{D}:5:5", "KB-KEY-UNKNOWN", _swap(D, "    role: lead\n", "    rol: lead\n")),
    "missing key": (f"{D}:3:5", "KB-KEY-MISSING", _swap(D, "    role: lead\n", "")),
    "list where text is expected": (f"{D}:6:11", "KB-TYPE", _swap(D, TASK, "    task: [Chủ trì]\n")),
    "unquoted number": (f"{F}:5:13", "KB-NUMBER-FLOAT", _swap(F, "    amount: '10.500'\n", "    amount: 10.500\n")),
    "boolean as an amount": (f"{F}:5:13", "KB-TYPE", _swap(F, "    amount: '10.500'\n", "    amount: true\n")),
    "amount with comma thousands": (f"{F}:5:13", "KB-VALUE-FORMAT", _swap(F, "    amount: '10.500'\n", "    amount: '10,500,000'\n")),
    "value outside the choices": (f"{D}:5:11", "KB-VALUE-CHOICE", _swap(D, "    role: lead\n", "    role: chủ trì\n")),
    "badly formed section": (f"{D}:7:14", "KB-VALUE-FORMAT", _swap(D, "    section: V.2\n", "    section: V 2\n")),
    "period ending before it starts": (f"{P}:8:15", "KB-VALUE-RANGE", _swap(P, "  period_end: 2024\n", "  period_end: 2020\n")),
    "year before 1945": (f"{T}:9:11", "KB-VALUE-RANGE", _swap(T, "    year: 2024\n    baseline:", "    year: 1900\n    baseline:")),
    "negative year": (f"{T}:9:11", "KB-VALUE-RANGE", _swap(T, "    year: 2024\n    baseline:", "    year: -5\n    baseline:")),
    "empty document number": (f"{P}:20:15", "KB-VALUE-EMPTY", _swap(P, "      number: 90/QĐ-TTg\n", "      number: ''\n")),
    "blank title": (f"{P}:3:10", "KB-VALUE-EMPTY", _swap(P, "  title: Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024\n", "  title: '   '\n")),
    "printed number without a value": (f"{P}:10:5", "KB-VALUE-EMPTY", _swap(P, "    status: blank\n    printed: 'Số: /KH-UBND'\n", "    status: printed\n")),
    "impossible date": (f"{P}:21:13", "KB-VALUE-FORMAT", _swap(P, "      date: '2022-01-18'\n", "      date: '2022-02-30'\n")),
    "unquoted impossible date": (f"{P}:21:13", "KB-VALUE-FORMAT", _swap(P, "      date: '2022-01-18'\n", "      date: 2022-13-45\n")),
    "a file that is a list": (f"{D}:1:1", "KB-TYPE", {"create": {D: "- plan: mini-2024\n- duties: []\n"}}),
    "a file that is a scalar": (f"{D}:1:1", "KB-TYPE", {"create": {D: "nhiệm vụ của các phòng\n"}}),
    "an empty file": (f"{D}:1:1", "KB-TYPE", {"create": {D: ""}}),
    "a file with only a comment": (f"{D}:1:1", "KB-TYPE", {"create": {D: "# TODO\n"}}),
    "number as a key": (f"{D}:7:5", "KB-KEY-UNKNOWN", _swap(D, TASK, TASK + "    2024: x\n")),
    "null key": (f"{D}:7:5", "KB-KEY-UNKNOWN", _swap(D, TASK, TASK + "    ~: x\n")),
    "mapping where a list is expected": (f"{T}:23:17", "KB-TYPE", _swap(T, "      communes: [dao-san, tung-qua-lin]\n", "      communes: {dao-san: 1}\n")),
    # ------------------------------------------------------------------ ids
    "id with ..": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", "  - id: ../../etc/passwd\n")),
    "id with /": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", "  - id: d/tu-phap\n")),
    "upper-case id": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", "  - id: D-Tu-Phap\n")),
    "id with diacritics": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", "  - id: d-tư-pháp\n")),
    "id with a space": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", "  - id: d tu phap\n")),
    "id ending in a hyphen": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", "  - id: d-tu-phap-\n")),
    "id of 200 characters": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", f"  - id: d-{'a' * 198}\n")),
    "number as an id": (f"{D}:3:9", "KB-NUMBER-FLOAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", "  - id: 2024\n")),
    # ------------------------------------------------------------------ references
    "unknown agency": (f"{D}:4:13", "KB-REF-UNKNOWN", _swap(D, "    agency: phong-tu-phap\n", "    agency: phong-tu-phapp\n")),
    "unknown partner": (f"{D}:13:16", "KB-REF-UNKNOWN", _swap(D, "[phong-ld-tbxh]", "[phong-ld-tb-xh]")),
    "unknown commune": (f"{A}:5:14", "KB-REF-UNKNOWN", _swap(A, "    commune: dao-san\n", "    commune: dao-sa\n")),
    "unknown program": (f"{T}:24:14", "KB-REF-UNKNOWN", _swap(T, "    program: gnbv-da5\n", "    program: gnbv-da9\n")),
    "unknown fund source": (f"{F}:14:13", "KB-REF-UNKNOWN", _swap(F, "    source: nstw-sn\n", "    source: nstw\n")),
    "unknown parent line": (f"{F}:17:13", "KB-REF-UNKNOWN", _swap(F, "    parent: f-tong\n    section: III.1", "    parent: f-tog\n    section: III.1")),
    "unknown village commune": (f"{T}:24:42", "KB-REF-UNKNOWN", _swap(T, "      communes: [dao-san, tung-qua-lin]\n", "      communes: [dao-san, tung-qua-lin]\n      villages: [{name: Bản Lả, commune: xx}]\n")),
    "duplicate id": (f"{D}:9:5", "KB-ID-DUPLICATE", _swap(D, "  - id: d-nhcsxh-tin-dung\n", "  - id: d-tu-phap-tuyen-truyen\n")),
    "file names another plan": (f"{D}:1:7", "KB-REF-PLAN-MISMATCH", _swap(D, "plan: mini-2024\n", "plan: mini-2025\n")),
    "plan id differs from its folder": (f"{P}:2:7", "KB-REF-PLAN-MISMATCH", _swap(P, "  id: mini-2024\n", "  id: mini-2025\n")),
    "district file names another district": (f"{C}:1:11", "KB-REF-PLAN-MISMATCH", _swap(C, "district: phong-tho\n", "district: tam-duong\n")),
    "unknown district": (f"{P}:6:13", "KB-REF-UNKNOWN", _swap(P, "  district: phong-tho\n", "  district: phong-thoo\n")),
    "unregistered commune spelling": (f"{A}:7:22", "KB-COMMUNE-SPELLING", _swap(A, "    role: lead\n    commune_printed: Đào San\n", "    role: lead\n    commune_printed: Đào Sơn\n")),
    "unknown commune in a scope phrase": (f"{T}:24:16", "KB-COMMUNE-SPELLING", _swap(T, "      communes: [dao-san, tung-qua-lin]\n", "      communes: [dao-san, tung-qua-lin]\n      printed: các xã Dào San, Tung Qua Lin\n")),
    "scope phrase names a commune left out": (f"{T}:24:16", "KB-SCOPE-MISMATCH", _swap(T, "      communes: [dao-san, tung-qua-lin]\n", "      communes: [dao-san]\n      printed: tại xã Đào San, Tung Qua Lìn\n")),
    "key indicator measured in another unit": (f"{T}:16:20", "KB-INDICATOR-UNIT", _swap(T, "    unit: hộ\n", "    unit: người\n")),
    "source document missing": (f"{P}:25:16", "KB-SOURCE-MISSING", {"delete": "sources/mini.txt"}),
    "source text not UTF-8": ("sources/mini.txt:1:9", "KB-SOURCE-UNREADABLE", _bytes("sources/mini.txt", "Kế hoạch".encode("latin-1", "replace") + b"\xe1\xba")),
    "damaged Word source": ("sources/mini.docx:1:1", "KB-SOURCE-UNREADABLE", _bytes("sources/mini.docx", b"PK\x03\x04\xde\xad\xbe\xef")),
    "one alias on two agencies": (f"{AG}:9:14", "KB-ALIAS-DUPLICATE", _swap(AG, "    short_name: NHCSXH\n", "    short_name: NHCSXH\n    aliases: [PHÒNG TƯ PHÁP]\n")),
    # ------------------------------------------------------------------ sums and totals
    "a total that is its own part": (f"{F}:17:13", "KB-REF-CYCLE", _swap(F, "    parent: f-tong\n    section: III.1", "    parent: f-da3\n    section: III.1")),
    "two totals that contain each other": (f"{F}:26:13", "KB-REF-CYCLE", _swap(F, "    headline: true\n", "    headline: true\n    parent: f-da5\n")),
    "two headline totals": (f"{F}:17:15", "KB-VALUE-RANGE", _swap(F, "    parent: f-tong\n    section: III.1", "    headline: true\n    section: III.1")),
    "percentage of an unknown line": (f"{F}:19:17", "KB-REF-UNKNOWN", _swap(F, "    parent: f-tong\n    section: III.1", "    parent: f-tong\n    percent_printed: '50'\n    percent_of: f-xx\n    section: III.1")),
    "unquoted percentage": (f"{F}:18:22", "KB-NUMBER-FLOAT", _swap(F, "    parent: f-tong\n    section: III.1", "    parent: f-tong\n    percent_printed: 17.22\n    section: III.1")),
    # ------------------------------------------------------------------ bombs
    "billion laughs": (f"{D}:2:7", "KB-YAML-ALIAS", _swap(D, "plan: mini-2024\n", "plan: mini-2024\n" + LAUGHS), "process"),
    "one harmless-looking alias": (f"{D}:6:11", "KB-YAML-ALIAS", _swap(D, TASK, "    task: *t\n")),
    "merge key": (f"{D}:7:9", "KB-YAML-ALIAS", _swap(D, TASK, TASK + "    <<: *base\n")),
    "5,000 nested brackets": (f"{D}:5:72", "KB-YAML-NESTING", _swap(D, "    role: lead\n", f"    role: {'[' * 5000}{']' * 5000}\n"), "process"),
    "nested mappings 300 deep": (f"{D}:68:129", "KB-YAML-NESTING", _swap(D, TASK, "    task:\n" + "".join(
        "  " * (i + 3) + "k:\n" for i in range(300)))),
    "nested sequences on one line": (f"{D}:7:129", "KB-YAML-NESTING", _swap(D, TASK, "    task:\n      " + "- " * 400 + "x\n")),
    "20 MB file": (f"{T.replace('targets', 'targets-2')}:1:1", "KB-FILE-SIZE", {"create_sparse": {T.replace("targets", "targets-2"): 20 * 2**20}}, "process"),
    "5,000-digit integer": (f"{T}:9:11", "KB-VALUE-FORMAT", _swap(T, "    year: 2024\n    baseline:", f"    year: {'9' * 5000}\n    baseline:")),
    "python object tag": (f"{D}:6:11", "KB-YAML-TAG", _swap(D, TASK, "    task: !!python/object/apply:os.system ['echo owned']\n"), "process"),
    "binary tag": (f"{D}:5:11", "KB-YAML-TAG", _swap(D, "    role: lead\n", "    role: !!binary bGVhZA==\n")),
    "local tag": (f"{D}:6:11", "KB-YAML-TAG", _swap(D, TASK, "    task: !vi Chủ trì\n")),
    # ------------------------------------------------------------------ hostile text
    "script tag as an agency": (f"{D}:4:13", "KB-VALUE-FORMAT", _swap(D, "    agency: phong-tu-phap\n", "    agency: '<script>alert(1)</script>'\n")),
    "script tag as an id": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", "  - id: '<script>'\n")),
    "template injection as a role": (f"{D}:5:11", "KB-VALUE-CHOICE", _swap(D, "    role: lead\n", "    role: '{{ 7*7 }}'\n")),
    "quarter-megabyte line with a bad id": (f"{D}:3:9", "KB-VALUE-FORMAT", _swap(D, "  - id: d-tu-phap-tuyen-truyen\n", f"  - id: {'X' * 2**18}\n")),
    "2,000-character key": (f"{D}:7:5", "KB-YAML-SYNTAX", _swap(D, TASK, TASK + f"    {'k' * 2000}: x\n")),
    # ------------------------------------------------------------------ files in the wrong place
    "YAML file at the KB root": ("kb/notes.yaml:1:1", "KB-FILE-UNKNOWN", {"create": {"notes.yaml": "a: 1\n"}}),
    "misnamed plan file": ("kb/plans/mini-2024/plan-2.yaml:1:1", "KB-FILE-UNKNOWN", {"create": {"plans/mini-2024/plan-2.yaml": "a: 1\n"}}),
    ".yml registry": ("kb/registry/programs.yml:1:1", "KB-FILE-UNKNOWN", {"move": ["registry/programs.yaml", "registry/programs.yml"]}),
    "plan file one folder too deep": ("kb/plans/mini-2024/cu/duties.yaml:1:1", "KB-FILE-UNKNOWN", {"move": [D, "plans/mini-2024/cu/duties.yaml"]}),
    "folder named like a file": (f"{T.replace('targets', 'targets-2')}:1:1", "KB-FILE-UNREADABLE", {"create_dir": [T.replace("targets", "targets-2")]}),
    "dangling link": (f"{D.replace('duties', 'duties-2')}:1:1", "KB-FILE-UNREADABLE", {"create_symlink": {D.replace("duties", "duties-2"): "khong-co.yaml"}}),
    "link to itself": (f"{D.replace('duties', 'duties-2')}:1:1", "KB-FILE-UNREADABLE", {"create_symlink": {D.replace("duties", "duties-2"): "duties-2.yaml"}}),
    "plan folder with spaces and diacritics": ("kb/plans/Kế Hoạch 2024/plan.yaml:2:7", "KB-VALUE-FORMAT", {"move": ["plans/mini-2024", "plans/Kế Hoạch 2024"]}),
    "plan folder with upper case": ("kb/plans/Mini-2024/plan.yaml:2:7", "KB-VALUE-FORMAT", {"move": ["plans/mini-2024", "plans/Mini-2024"]}),
    "plan folder named with dots": ("kb/plans/mini..2024/plan.yaml:2:7", "KB-VALUE-FORMAT", {"move": ["plans/mini-2024", "plans/mini..2024"]}),
    "plan folder without plan.yaml": (f"{A}:1:7", "KB-PLAN-MISSING-FILE", {"delete": P}),
    "missing registry": ("kb/registry/programs.yaml:1:1", "KB-PLAN-MISSING-FILE", {"delete": "registry/programs.yaml"}),
}


@pytest.fixture(scope="module")
def published(mini_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A site built before the bad input arrives, and its digest."""
    out = tmp_path_factory.mktemp("published") / "build" / "site"
    shutil.copytree(mini_site, out)
    return out, digest(out)


LOCATED = re.compile(r"^.+?:\d+:\d+: (error|warning)\[(KB|SITE)-[A-Z-]+\] \S")


def test_the_corpus_is_large_and_covers_every_file_error_code() -> None:
    from generator.errors import CATALOGUE

    assert len(CASES) >= 60
    codes = {code for code in CATALOGUE if code.startswith("KB-") and code not in ("KB-SUM-MISMATCH", "KB-PERCENT-MISMATCH")}
    assert codes <= {case[1] for case in CASES.values()}, codes - {case[1] for case in CASES.values()}


def _run_in_process(out: Path, capfd: pytest.CaptureFixture[str]) -> tuple[int, str, float]:
    started = time.perf_counter()
    status = main(["--kb", "kb", "build", "--out", str(out)])
    stdout, stderr = capfd.readouterr()
    return status, stdout + stderr, time.perf_counter() - started


def _run_in_terminal(kb: Path) -> tuple[int, str, float]:
    """`python -m generator validate` as a person types it: what reaches the terminal is all there is.

    (`validate` rather than `build`, whose chart and table libraries take seconds to import on a busy
    machine before validation starts; the in-process run covers `build` for the same case.)
    """
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "--kb", "kb", "validate"], cwd=kb.parent,
                            capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr, time.perf_counter() - started


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_one_located_error_and_the_site_is_untouched(name: str, kb_dir, published, capfd,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    at, code, mutation, *mode = CASES[name]
    at = at if at.startswith("kb/") else f"kb/{at}"
    out, before = published
    kb = kb_dir()
    apply_mutation(kb, mutation)
    (kb.parent / "mkdocs.yml").symlink_to(ROOT / "mkdocs.yml")  # the project root a person builds from
    monkeypatch.chdir(kb.parent)  # messages name files relative to the repository, as `kb/...`
    runs = [_run_in_process(out, capfd)] + ([_run_in_terminal(kb)] if mode == ["process"] else [])
    for status, output, elapsed in runs:
        errors = [line for line in output.splitlines() if "error[" in line]
        assert status == 1, output[-2000:]
        assert any(line.startswith(f"{at}: error[{code}] ") for line in errors), errors
        assert all(LOCATED.match(line) for line in errors), errors
        assert "Traceback" not in output and len(output) < 20_000
        assert elapsed < 5, f"{elapsed:.1f} s"
    assert digest(out) == before and not list(out.parent.glob(".staging-*"))

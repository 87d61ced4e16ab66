"""Plan source documents: read `kb/sources/`, check that every plan's `source_file` is there, publish them.

A plan names its source document in `plan.source_file`; the file lives in `kb/sources/` so that the KB is
self-contained. The site publishes it next to the plan (`van-ban-goc/<plan>.txt`) and shows it as a page
with numbered lines, so an item's `source_line` can link to its line. A plan whose source cannot be
published says why in `source_absent_reason`; otherwise a missing file is a located error.
"""

from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import Issue, Location
from generator.kb import KnowledgeBase
from generator.load import decode, display_path, display_root

SOURCES_DIR = "sources"
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
WORD_SUFFIXES = (".docx",)
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SourceFile:
    """One source document: its bytes, and its numbered lines (text) or paragraphs (Word)."""

    name: str  # file name under kb/sources/
    data: bytes
    lines: tuple[tuple[int, str], ...]  # (line or paragraph number, text), numbers as `source_line` uses them
    kind: str  # "text", "docx" or "other" (published as a file, no page of lines)

    @property
    def kind_text(self) -> str:
        return {"text": "tệp văn bản", "docx": "tệp Word"}.get(self.kind, "tệp")

    @property
    def size_text(self) -> str:
        return f"{max(1, round(len(self.published_bytes()) / 1024))} KB"

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()

    @property
    def consecutive(self) -> bool:
        """Lines numbered 1, 2, 3…: the page need not print each number (a .docx skips empty paragraphs)."""
        return all(number == index for index, (number, _) in enumerate(self.lines, start=1))

    def published_bytes(self) -> bytes:
        """Text as published: with a UTF-8 byte-order mark, which browsers honour whatever charset a host sends."""
        if self.kind == "text" and not self.data.startswith(UTF8_BOM):
            return UTF8_BOM + self.data
        return self.data


def load_sources(kb_dir: Path, root: Path | None = None) -> tuple[dict[str, SourceFile], list[Issue]]:
    """Read every file in `kb/sources/`; a text that is not UTF-8 or a damaged Word file is a located issue."""
    folder = kb_dir / SOURCES_DIR
    sources: dict[str, SourceFile] = {}
    issues: list[Issue] = []
    for file in sorted(folder.iterdir()) if folder.is_dir() else ():
        if file.is_file() and not file.name.startswith("."):
            source, file_issues = read_source(file, display_path(file, display_root(kb_dir, root)))
            issues += file_issues
            sources[file.name] = source  # an unreadable file is there: its own error says what is wrong
    return sources, issues


def read_source(file: Path, display: str) -> tuple[SourceFile, list[Issue]]:
    data = file.read_bytes()
    suffix = file.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text, issues = decode(data, display)
        if text is None:
            return _broken(file, data), [_unreadable(i.location, i.message.replace("tệp không phải", "văn bản gốc không phải"), i.hint)
                                      for i in issues]
        return SourceFile(file.name, data, tuple(enumerate(text.splitlines(), start=1)), "text"), []
    if suffix in WORD_SUFFIXES:
        return _read_word(file, display, data)
    return SourceFile(file.name, data, (), "other"), []


def _read_word(file: Path, display: str, data: bytes) -> tuple[SourceFile, list[Issue]]:
    from generator.importer.read import SourceError, read_document  # python-docx, loaded only for Word sources

    try:
        document = read_document(file)
    except SourceError as error:
        return _broken(file, data), [_unreadable(Location(display, 1, 1), f"không đọc được tệp Word: {error}",
                                                 "mở tệp bằng Word và lưu lại dạng .docx")]
    return SourceFile(file.name, data, tuple((b.line, b.text) for b in document.blocks), "docx"), []


def _broken(file: Path, data: bytes) -> SourceFile:
    return SourceFile(file.name, data, (), "other")


def _unreadable(location: Location, message: str, hint: str) -> Issue:
    return Issue("KB-SOURCE-UNREADABLE", message, location, hint=hint or "lưu lại tệp với mã hóa UTF-8")


def check_sources(kb: KnowledgeBase, sources: dict[str, SourceFile]) -> list[Issue]:
    """Every plan's `source_file` is a file in kb/sources/, unless the plan says why it is absent."""
    issues = []
    for folder, bundle in kb.plans.items():
        plan = bundle.plan
        if plan is None or plan.source_absent_reason or plan.source_file in sources:
            continue
        where = kb.where(("plan", folder), "source_file")
        if not plan.source_file.strip():
            issues.append(Issue("KB-SOURCE-MISSING", "chưa ghi tên tệp văn bản gốc (source_file)", where,
                                hint=f"ghi tên tệp đã chép vào kb/{SOURCES_DIR}/, hoặc ghi lý do chưa đăng vào "
                                     "source_absent_reason"))
            continue
        if PurePosixPath(plan.source_file).name != plan.source_file:
            hint = f"chỉ ghi tên tệp, ví dụ '{PurePosixPath(plan.source_file).name}'; tệp đặt trong kb/{SOURCES_DIR}/"
        else:
            guess = difflib.get_close_matches(plan.source_file, sorted(sources), n=1, cutoff=0.6)
            hint = (f"có phải ý bạn là '{guess[0]}'?" if guess else
                    f"chép văn bản gốc vào kb/{SOURCES_DIR}/{plan.source_file}, hoặc ghi lý do không đăng vào "
                    "source_absent_reason")
        issues.append(Issue("KB-SOURCE-MISSING", f"không có tệp văn bản gốc '{plan.source_file}' trong kb/{SOURCES_DIR}/",
                            where, hint=hint))
    return issues


def published_path(plan_id: str, source: SourceFile) -> str:
    """Where the file itself is published: `van-ban-goc/<plan><suffix>`, next to the page of lines."""
    return f"van-ban-goc/{plan_id}{source.suffix}"


def source_files(kb: KnowledgeBase, sources: dict[str, SourceFile]) -> dict[str, bytes]:
    """The source document of every plan, as published files."""
    return {published_path(folder, sources[b.plan.source_file]): sources[b.plan.source_file].published_bytes()
            for folder, b in sorted(kb.plans.items()) if b.plan is not None and b.plan.source_file in sources}


def copy_into_kb(document: Path, kb_dir: Path) -> tuple[Path, bool]:
    """Copy an imported document into kb/sources/ (once); return its place and whether a different file holds it."""
    target = kb_dir / SOURCES_DIR / document.name
    if target.exists():
        return target, target.read_bytes() != document.read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
        handle.write(document.read_bytes())
    Path(handle.name).replace(target)
    return target, False

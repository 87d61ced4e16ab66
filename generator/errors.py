"""Catalogue of error and finding codes, and the Issue value every stage reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Location:
    """A place in a KB file: path relative to the repository, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path


@dataclass(frozen=True)
class Issue:
    """One located problem (error) or finding (warning) in the knowledge base."""

    code: str
    message: str
    location: Location
    hint: str = ""
    severity: Severity = "error"
    data: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.location}: {self.severity}[{self.code}] {self.message}{hint}"


class KbError(Exception):
    """Raised when the knowledge base is invalid; carries every error found."""

    def __init__(self, issues: list[Issue]):
        super().__init__(f"{len(issues)} lỗi trong cơ sở dữ liệu kế hoạch")
        self.issues = issues


# code -> (title, explanation). Every code the generator can emit is listed here and documented
# in docs/errors.md (a test keeps the two in step).
CATALOGUE: dict[str, tuple[str, str]] = {
    "KB-YAML-SYNTAX": ("YAML không hợp lệ", "The file is not valid YAML (indentation, quoting, colons)."),
    "KB-YAML-DUPLICATE-KEY": ("Khóa lặp", "A mapping has the same key twice; YAML would silently keep one."),
    "KB-YAML-ALIAS": ("Neo và bí danh YAML", "An anchor (&) or alias (*): the KB never needs them, and aliases can expand exponentially (a 'billion laughs' bomb)."),
    "KB-YAML-TAG": ("Thẻ kiểu YAML", "An explicit YAML tag (!!str, !!binary, !foo): the KB never needs one; quote the value instead."),
    "KB-YAML-NESTING": ("Lồng nhau quá sâu", "Collections nested deeper than the KB ever needs (a nesting bomb would exhaust the parser's stack)."),
    "KB-FILE-SIZE": ("Tệp quá lớn", "A KB file larger than the size cap; split a long plan file (duties.yaml, duties-2.yaml)."),
    "KB-FILE-UNKNOWN": ("Tệp không thuộc cấu trúc", "A file is in a place the KB layout does not define."),
    "KB-FILE-UNREADABLE": ("Không đọc được tệp", "A KB path that is not a readable file: a folder named like a file, a broken or looping link."),
    "KB-FILE-ENCODING": ("Mã hóa tệp", "The file is not UTF-8 text."),
    "KB-TEXT-CONTROL": ("Ký tự điều khiển", "Text contains a control character (often pasted from Word)."),
    "KB-KEY-UNKNOWN": ("Khóa không hợp lệ", "A key the schema does not define (often a misspelling)."),
    "KB-KEY-MISSING": ("Thiếu khóa bắt buộc", "A required key is absent."),
    "KB-TYPE": ("Sai kiểu dữ liệu", "A value has the wrong type (text, number, list, mapping)."),
    "KB-VALUE-CHOICE": ("Giá trị không thuộc danh sách", "A value outside a closed list of choices."),
    "KB-VALUE-FORMAT": ("Sai định dạng", "A value does not match its format (id slug, date, section)."),
    "KB-VALUE-EMPTY": ("Giá trị trống", "A required text is empty or blank, or a printed number or date has no value."),
    "KB-NUMBER-FLOAT": ("Số chưa đặt trong ngoặc kép", "A number YAML read as a float or integer; figures are quoted strings as printed."),
    "KB-ID-DUPLICATE": ("Mã trùng", "Two entities share an id where ids must be unique."),
    "KB-ALIAS-DUPLICATE": ("Tên gọi trùng", "One name, short name or alias is used for two agencies of a district (or a new registry entry repeats an existing name)."),
    "KB-REF-UNKNOWN": ("Tham chiếu không tồn tại", "A reference to an id that is not defined."),
    "KB-REF-PLAN-MISMATCH": ("Sai kế hoạch", "A file names a plan other than the folder it is in."),
    "KB-COMMUNE-SPELLING": ("Tên xã chưa đăng ký", "A printed commune name is neither the canonical name nor an alias."),
    "KB-SCOPE-MISMATCH": ("Phạm vi không khớp", "A commune named in a target's scope text is not among the target's scope communes."),
    "KB-REF-CYCLE": ("Tham chiếu vòng", "Fund lines whose parents lead back to themselves (a total cannot be its own part)."),
    "KB-INDICATOR-UNIT": ("Đơn vị không hợp chỉ tiêu chính", "A target names a key indicator that does not measure in the target's printed unit."),
    "KB-PLAN-MISSING-FILE": ("Thiếu tệp kế hoạch", "A plan folder lacks plan.yaml."),
    "KB-VALUE-RANGE": ("Giá trị không hợp lý", "Inconsistent values, e.g. a period ending before it starts."),
    "KB-SOURCE-MISSING": ("Thiếu văn bản gốc", "A plan's `source_file` is not in kb/sources/ and the plan gives no `source_absent_reason`."),
    "KB-SOURCE-UNREADABLE": ("Không đọc được văn bản gốc", "A file in kb/sources/ is text that is not UTF-8, or a damaged Word file."),
    "KB-SUM-MISMATCH": ("Tổng không khớp", "Finding: the parts of a printed total do not add up to it."),
    "KB-PERCENT-MISMATCH": ("Tỷ lệ không khớp", "Finding: a printed percentage differs from the one its figures give."),
    "SITE-CONFIG": ("Thiếu cấu hình trang", "mkdocs.yml lacks a setting the site needs (data licence, contact)."),
    "IMPORT-SOURCE": ("Không đọc được văn bản nguồn", "The file given to `import` is missing, not .docx or text, or damaged."),
    "IMPORT-EXISTS": ("Kế hoạch đã có", "`import` would overwrite an existing plan folder (pass --force to replace the draft) or a different file of the same name in kb/sources/."),
    "SITE-BUILD": ("Không dựng được trang", "mkdocs failed (strict mode); the previous site is kept."),
    "SITE-SEARCH-INDEX": ("Không lập được chỉ mục tìm kiếm", "Pagefind failed; the previous site is kept."),
    "CMD-EXISTS": ("Không ghi đè", "A command would overwrite an existing plan folder or file; it writes nothing."),
    "CMD-ARGUMENT": ("Tham số không hợp lệ", "A command-line argument has the wrong form (period, kind, id)."),
    "GIT-REV-UNKNOWN": ("Không có phiên bản", "A revision given to diff or history does not exist in the repository."),
    "GIT-REV-INVALID-KB": ("Phiên bản cũ không hợp lệ", "The KB at that revision does not validate, so it cannot be compared."),
}


def catalogue_title(code: str) -> str:
    """Return the Vietnamese title of a catalogued code."""
    return CATALOGUE[code][0]

"""Validate loaded KB files against the schema and each other, with located Vietnamese messages."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from generator import checks, sums
from generator.defaults import INHERITABLE, Inherited, apply_defaults, origins
from generator.errors import Issue, KbError, Location
from generator.kb import KnowledgeBase, assemble
from generator.load import RawDocument, gc_paused, node_position, to_plain
from generator.schema import FILE_MODELS
from generator.sources import SourceFile, check_sources

_BOUNDS = {"less_than_equal": ("nhỏ hơn hoặc bằng", "le"), "greater_than_equal": ("lớn hơn hoặc bằng", "ge"),
           "less_than": ("nhỏ hơn", "lt"), "greater_than": ("lớn hơn", "gt")}


def validate_kb(documents: list[RawDocument], load_issues: list[Issue] | None = None, *,
                sources: dict[str, SourceFile] | None = None) -> KnowledgeBase:
    """Return the validated KB, or raise KbError with every independent error found.

    With *sources* (the files of kb/sources/), every plan's source document must be there too; without
    them (a KB read from a past git revision, for its history) source files are not checked.
    """
    with gc_paused():
        return _validate_kb(documents, load_issues, sources)


def _validate_kb(documents: list[RawDocument], load_issues: list[Issue] | None,
                 sources: dict[str, SourceFile] | None) -> KnowledgeBase:
    issues = list(load_issues or [])
    parsed: list[tuple[RawDocument, BaseModel]] = []
    inherited: dict[str, Inherited] = {}
    broken: set[str] = {_pool(i.data["kind"], i.data["owner"]) for i in issues if "kind" in i.data}
    plan_documents = {d.owner: d for d in documents if d.kind == "plan"}
    for document in documents:
        model, file_issues, inherited[document.path] = _validate(document, plan_documents.get(document.owner))
        issues += file_issues
        if model is not None:
            parsed.append((document, model))
        else:
            broken.add(_pool(document.kind, document.owner))
    # Cross-file checks run on the files that are clean; references into a broken file's ids are
    # skipped, so one typo does not cascade into "unknown id" errors elsewhere.
    kb = assemble(parsed, incomplete=frozenset(broken), inherited=inherited)
    issues += checks.check_kb(kb)
    if sources is not None:
        issues += check_sources(kb, sources)
    if issues:
        # A bad value in `defaults:` is inherited by many items: report it once, where it is written.
        raise KbError(list(dict.fromkeys(issues)))
    return kb.with_findings(sums.find_sum_findings(kb))


def _pool(kind: str, owner: str) -> str:
    """Name the id pool a file defines: `agencies:phong-tho`, `funds:<plan>`, `programs`…"""
    return f"{kind}:{owner}" if owner else kind


def validate_document(document: RawDocument, plan_document: RawDocument | None = None) -> tuple[BaseModel | None, list[Issue]]:
    """Validate one file against the model for its kind, with the plan's defaults resolved into its items."""
    model, issues, _ = _validate(document, plan_document)
    return model, issues


def _validate(document: RawDocument, plan_document: RawDocument | None) -> tuple[BaseModel | None, list[Issue], Inherited]:
    if document.model is not None:  # validated by the fast path or the cache, defaults resolved
        return document.model, [], origins(document, plan_document, document.inherited) if document.inherited else {}
    model_type = FILE_MODELS[document.kind]
    plain = to_plain(document.data)
    if not isinstance(plain, dict):
        return None, [Issue("KB-TYPE", "tệp phải là một bảng khóa: giá trị", Location(document.path, 1, 1),
                            hint=f"bắt đầu bằng các khóa: {', '.join(model_type.model_fields)}")], {}
    data, inherited, bad_defaults = apply_defaults(document, plan_document, plain)
    try:
        return model_type.model_validate(data), [], inherited
    except ValidationError as error:
        issues = [_issue(document, model_type, detail, inherited) for detail in error.errors()]
        # Items of a file whose own `defaults:` block is invalid "miss" what the block meant to give them.
        issues = [i for i in issues if not (i.code == "KB-KEY-MISSING" and i.data.get("key") in bad_defaults)]
        return None, _drop_misspelling_echoes(issues), inherited


def _drop_misspelling_echoes(issues: list[Issue]) -> list[Issue]:
    """A misspelled key also makes the real key 'missing': report the misspelling only."""
    guessed = {(i.location.path, i.data.get("guess")) for i in issues if i.code == "KB-KEY-UNKNOWN"}
    return [i for i in issues if not (i.code == "KB-KEY-MISSING" and (i.location.path, i.data.get("key")) in guessed)]


def _locate(document: RawDocument, loc: tuple[Any, ...], inherited: Inherited) -> tuple[RawDocument, Location]:
    """Locate a value: in the item, or in the `defaults:` block it was inherited from."""
    origin = inherited.get((loc[0], loc[1]), {}).get(str(loc[2])) if len(loc) >= 3 else None
    if origin is not None:
        return origin.document, origin.location(tuple(loc[3:]))
    line, col = node_position(document.data, loc)
    return document, Location(document.path, line, col)


def _model_at(model_type: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """Find the model class that owns the last key of *loc* (for did-you-mean on keys)."""
    current: Any = model_type
    for step in loc[:-1]:
        if isinstance(step, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(step)
        if field is None:
            break
        annotation = field.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            inner = getattr(candidate, "__args__", (candidate,))
            for item in (candidate, *inner):
                if isinstance(item, type) and issubclass(item, BaseModel):
                    current = item
    return current if isinstance(current, type) and issubclass(current, BaseModel) else model_type


def _source_token(document: RawDocument, line: int, column: int) -> str:
    lines = document.source_text().splitlines()  # an inherited value may be written in a file the fast path read
    if not 0 < line <= len(lines):
        return ""
    return lines[line - 1][column - 1:].split("#")[0].strip().rstrip(",]} ")


def _issue(document: RawDocument, model_type: type[BaseModel], detail: Any, inherited: Inherited) -> Issue:
    loc = tuple(detail["loc"])
    kind, value = detail["type"], detail.get("input")
    field = ".".join(str(step) for step in loc)
    if kind in ("extra_forbidden", "invalid_key"):
        line, col = node_position(document.data, loc, key=True)
        owner = _model_at(model_type, loc)
        guess = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1)
        hint = f"có phải ý bạn là '{guess[0]}'?" if guess else f"các khóa hợp lệ: {', '.join(owner.model_fields)}"
        return Issue("KB-KEY-UNKNOWN", f"khóa không hợp lệ '{loc[-1]}'", Location(document.path, line, col), hint=hint,
                     data={"guess": guess[0] if guess else ""})
    source, where = _locate(document, loc, inherited)
    if kind == "missing":
        hint = f"thêm khóa '{loc[-1]}' vào mục bắt đầu ở dòng này"
        if len(loc) == 3 and loc[0] in INHERITABLE and loc[2] in INHERITABLE[str(loc[0])][2]:
            hint += ", hoặc ghi một lần cho cả tệp trong 'defaults:'"
        return Issue("KB-KEY-MISSING", f"thiếu khóa bắt buộc '{loc[-1]}' ({field})", where,
                     hint=hint, data={"key": str(loc[-1])})
    if kind in _BOUNDS:
        bound = detail.get("ctx", {}).get(_BOUNDS[kind][1])
        return Issue("KB-VALUE-RANGE", f"giá trị {value!r} của '{loc[-1]}' phải {_BOUNDS[kind][0]} {bound}", where,
                     hint="kiểm tra lại giá trị như bản in")
    if kind in ("enum", "literal_error"):
        expected = detail.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",")]
        guess = difflib.get_close_matches(str(value), choices, n=1)
        hint = f"có phải ý bạn là '{guess[0]}'?" if guess else f"chọn một trong: {', '.join(choices)}"
        return Issue("KB-VALUE-CHOICE", f"giá trị {_describe(value)} của '{loc[-1]}' không thuộc danh sách cho phép",
                     where, hint=hint)
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        token = _source_token(source, where.line, where.column) or str(value)
        return Issue("KB-NUMBER-FLOAT", f"'{loc[-1]}' phải là văn bản; YAML đọc {token} thành số {value!r}", where,
                     hint=f'đặt trong ngoặc kép đúng như bản in: "{token}"')
    if kind == "string_pattern_mismatch":
        pattern = detail.get("ctx", {}).get("pattern", "")
        return Issue("KB-VALUE-FORMAT", f"giá trị {_describe(value)} của '{loc[-1]}' sai định dạng", where,
                     hint=_format_hint(pattern))
    if kind.startswith("kb_"):  # our own validators (schema.py) write Vietnamese and name their code
        ctx = detail.get("ctx", {})
        return Issue(ctx.get("code", "KB-TYPE"), f"'{field}': {detail['msg']}", where, hint=ctx.get("hint", ""))
    code, message, hint = MESSAGES.get(kind, _FALLBACK)
    ctx = {**detail.get("ctx", {}), "field": field, "key": loc[-1] if loc else "", "value": _describe(value)}
    return Issue(code, message.format(**ctx), where, hint=hint.format(**ctx))


# Vietnamese (code, message, hint) for every pydantic error type the KB models can produce
# (tests/test_validate.py drives each one and derives the list from the models' core schemas).
MESSAGES: dict[str, tuple[str, str, str]] = {
    "string_type": ("KB-TYPE", "'{field}' phải là văn bản, không phải {value}",
                    "viết văn bản sau dấu ':'; văn bản có dấu ':' hoặc '#' đặt trong ngoặc kép"),
    "string_too_short": ("KB-VALUE-EMPTY", "'{field}' không được để trống",
                         "ghi nội dung như bản in, hoặc xóa khóa nếu không bắt buộc"),
    "too_short": ("KB-VALUE-EMPTY", "'{field}' không được để trống", "ghi ít nhất một mục, hoặc xóa khóa nếu không bắt buộc"),
    "string_too_long": ("KB-VALUE-FORMAT", "'{field}' dài quá {max_length} ký tự", "rút gọn giá trị này"),
    "int_type": ("KB-TYPE", "'{field}' phải là số nguyên, không phải {value}", "ghi số không có ngoặc kép, ví dụ 2024"),
    "int_parsing": ("KB-TYPE", "'{field}' phải là số nguyên, không phải {value}", "ghi số không có ngoặc kép, ví dụ 2024"),
    "int_from_float": ("KB-TYPE", "'{field}' phải là số nguyên, không phải số thập phân {value}", "bỏ phần thập phân"),
    "int_parsing_size": ("KB-VALUE-RANGE", "'{field}' là số quá lớn", "kiểm tra lại giá trị"),
    "finite_number": ("KB-TYPE", "'{field}' phải là số nguyên, không phải {value}", "ghi số không có ngoặc kép, ví dụ 2024"),
    "bool_type": ("KB-TYPE", "'{field}' phải là true hoặc false, không phải {value}", "viết true hoặc false"),
    "bool_parsing": ("KB-TYPE", "'{field}' phải là true hoặc false, không phải {value}", "viết true hoặc false"),
    "model_type": ("KB-TYPE", "'{field}' phải là bảng khóa: giá trị, không phải {value}",
                   "viết các khóa con xuống dòng, thụt lề dưới '{key}:'"),
    "model_attributes_type": ("KB-TYPE", "'{field}' phải là bảng khóa: giá trị, không phải {value}",
                              "viết các khóa con xuống dòng, thụt lề dưới '{key}:'"),
    "dict_type": ("KB-TYPE", "'{field}' phải là bảng khóa: giá trị, không phải {value}",
                  "viết các khóa con xuống dòng, thụt lề dưới '{key}:'"),
    "tuple_type": ("KB-TYPE", "'{field}' phải là danh sách, không phải {value}",
                   "viết danh sách dạng [a, b] hoặc mỗi mục một dòng bắt đầu bằng '- '"),
    "list_type": ("KB-TYPE", "'{field}' phải là danh sách, không phải {value}",
                  "viết danh sách dạng [a, b] hoặc mỗi mục một dòng bắt đầu bằng '- '"),
}
_FALLBACK = ("KB-TYPE", "'{field}' có giá trị không hợp lệ: {value}", "xem mô tả của khóa này trong docs/schema.md")


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "bảng khóa: giá trị"
    if isinstance(value, list):
        return "danh sách"
    if value is None:
        return "giá trị trống"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _format_hint(pattern: str) -> str:
    if "a-z0-9" in pattern:
        return "mã chỉ gồm chữ thường không dấu, chữ số và dấu '-', ví dụ 'phong-tu-phap'"
    if r"\d{4}(-" in pattern:
        return ("ngày viết dạng YYYY-MM-DD trong ngoặc kép, ví dụ \"2022-01-18\"; ngày để trống trong bản in: "
                "YYYY-MM, ví dụ \"2021-02\"")
    if r"\d{4}-" in pattern:
        return "ngày viết dạng YYYY-MM-DD trong ngoặc kép, ví dụ \"2022-01-18\""
    if "A-Za-z0-9()" in pattern:
        return "mục in trong văn bản, nối bằng dấu chấm, ví dụ 'VI.2.7'"
    if r"\.\d{3}" in pattern:
        return 'số viết như bản in: dấu chấm ngăn nghìn, dấu phẩy thập phân, ví dụ "1.790.878" hoặc "695,4"'
    return f"định dạng yêu cầu: {pattern}"

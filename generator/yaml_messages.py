"""Vietnamese messages and fix hints for the YAML parser's English error messages."""

from __future__ import annotations

import re

_INDENT_HINT = "kiểm tra thụt lề: các khóa cùng cấp thẳng cột, chỉ dùng dấu cách, không dùng tab"
_QUOTE_HINT = "đặt văn bản có dấu ':', '#', '[' hoặc '{' trong ngoặc kép"

# (pattern on the parser's problem text, message, hint). Patterns cover every scanner, parser and
# composer error that ruamel.yaml 0.19 can raise once anchors, aliases and tags are refused (see
# load.check_structure); the constructor errors left are handled where they are raised.
_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (r"mapping values are not allowed here", "không được đặt 'khóa: giá trị' ở đây (thụt lề sai?)", _INDENT_HINT),
    (r"could not find expected ':'", "thiếu dấu ':' sau khóa", "viết 'khóa: giá trị'; văn bản nhiều dòng đặt trong ngoặc kép"),
    (r"expected <block end>, but found '-'", "mục danh sách '-' thụt lề không khớp", _INDENT_HINT),
    (r"expected <block end>, but found '<block sequence start>'", "danh sách thụt lề không khớp", _INDENT_HINT),
    (r"expected <block end>, but found '<block mapping start>'", "khóa thụt lề không khớp với các khóa cùng cấp",
     _INDENT_HINT),
    (r"expected <block end>", "thụt lề không khớp với các dòng cùng cấp", _INDENT_HINT),
    (r"found character '\\t' that cannot start any token", "có ký tự tab; YAML chỉ dùng dấu cách để thụt lề",
     "thay tab bằng dấu cách"),
    (r"found character .* that cannot start any token", "ký tự này không được đứng đầu một giá trị",
     "đặt giá trị trong ngoặc kép, ví dụ '@abc' hoặc '`abc'"),
    (r"found unexpected end of stream", "tệp kết thúc khi chuỗi trong ngoặc kép chưa đóng",
     "đóng ngoặc kép của chuỗi bắt đầu ở đây"),
    (r"found unexpected document separator", "gặp dòng '---' khi chuỗi trong ngoặc kép chưa đóng",
     "đóng ngoặc kép của chuỗi bắt đầu ở đây"),
    (r"found unknown escape character", "ký tự thoát '\\' không hợp lệ trong ngoặc kép \"…\"",
     "dùng ngoặc đơn '…' hoặc viết '\\\\' cho dấu gạch chéo ngược"),
    (r"expected escape sequence", "mã thoát \\x, \\u hoặc \\U không hợp lệ trong ngoặc kép \"…\"",
     "dùng ngoặc đơn '…' cho văn bản có dấu '\\'"),
    (r"found unexpected ':'", "dấu ':' không đúng chỗ trong danh sách hoặc bảng [ ] { }", _QUOTE_HINT),
    (r"sequence entries are not allowed here", "không được mở mục danh sách '-' ở đây (thụt lề sai?)", _INDENT_HINT),
    (r"mapping keys are not allowed here", "không được đặt khóa '?' ở đây", _INDENT_HINT),
    (r"expected ',' or ']'", "danh sách [ ] chưa đóng hoặc thiếu dấu ','", "đóng ngoặc ']' và ngăn các mục bằng ','"),
    (r"expected ',' or '}", "bảng { } chưa đóng hoặc thiếu dấu ','", "đóng ngoặc '}' và ngăn các mục bằng ','"),
    (r"invalid intendation or unclosed", "ngoặc '[' hoặc '{' chưa đóng, hoặc thụt lề sai",
     "đóng ngoặc trên cùng dòng hoặc sửa thụt lề"),
    (r"expected the node content", "thiếu giá trị ở đây", "viết giá trị sau dấu ':' hoặc '-'"),
    (r"expected alphabetic or numeric character", "sau '&', '*' hoặc '%' phải là chữ hoặc số", _QUOTE_HINT),
    (r"expected a comment or a line break", "có ký tự thừa sau giá trị", "xóa ký tự thừa hoặc đặt giá trị trong ngoặc kép"),
    (r"expected chomping or indentation indicators|expected indentation indicator",
     "ký hiệu khối văn bản '|' hoặc '>' không hợp lệ", "dùng '>-' hoặc '|' rồi xuống dòng"),
    (r"more indented follow up line", "dòng sau thụt lề sâu hơn dòng đầu của khối văn bản", _INDENT_HINT),
    (r"expected '<document start>'|found non-comment content after document end",
     "có nội dung sau dòng kết thúc tài liệu", "mỗi tệp chỉ có một tài liệu YAML; xóa dòng '---' hoặc '...'"),
    (r"expected a single document", "tệp có nhiều tài liệu YAML (dòng '---')",
     "mỗi tệp chỉ có một tài liệu; xóa dòng '---' ở giữa tệp"),
    (r"found incompatible YAML document|found duplicate YAML directive|duplicate tag handle|while scanning a directive",
     "chỉ thị '%' của YAML không hợp lệ", "xóa dòng bắt đầu bằng '%'"),
    (r"found unhashable key", "khóa phải là văn bản, không phải danh sách hay bảng", "viết khóa là một từ, ví dụ 'id:'"),
    (r"special characters are not allowed", "tệp chứa ký tự không in được", "xóa ký tự này; thường do dán từ Word"),
)
_COMPILED = tuple((re.compile(pattern), message, hint) for pattern, message, hint in _PROBLEMS)


def translate(problem: str) -> tuple[str, str]:
    """Return the Vietnamese (message, hint) for a YAML parser problem; never the English text."""
    for pattern, message, hint in _COMPILED:
        if pattern.search(problem):
            return message, hint
    return "cú pháp YAML không hợp lệ ở đây", _INDENT_HINT

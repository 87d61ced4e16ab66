"""render.table_html: cells made once per table stay right cell by cell; phone labels are data, not markup."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pandas as pd

from generator.render import LABEL_STYLE_ROWS, table_html
from generator.tables import Table


def test_equal_numbers_printed_differently_keep_their_own_text_and_sort_key() -> None:
    frame = pd.DataFrame({"Tỷ lệ": [Decimal("1.5"), Decimal("1.50"), Decimal("1.5"), 0.0, -0.0],
                          "Kế hoạch": ["A", "A", "B", "B", "A"], "plan_path": ["ke-hoach/a.md"] * 5})
    html = str(table_html(Table("t", "Bảng", frame, numeric=("Tỷ lệ",), link_columns=(("Kế hoạch", "plan_path"),)),
                          "index.md", downloads=False))
    cells = re.findall(r'<td role="cell" class="num"(?: data-sort="([^"]*)")?>([^<]*)</td>', html)
    assert cells == [("1.5", "1,5"), ("1.50", "1,50"), ("1.5", "1,5"), ("", "0.0"), ("", "-0.0")]
    assert html.count('<a href="ke-hoach/a/">A</a>') == 3 and html.count('<a href="ke-hoach/a/">B</a>') == 2


def test_every_row_s_note_is_numbered_even_when_its_cells_repeat() -> None:
    frame = pd.DataFrame({"Nội dung": ["Hỗ trợ nhà ở"] * 3, "note": ["", "Ghi chú một", "Ghi chú hai"]})
    html = str(table_html(Table("t", "Bảng", frame, note_column="note"), "index.md", downloads=False))
    assert html.count('<td role="cell" data-label="Nội dung">Hỗ trợ nhà ở</td>') == 1  # the row without a note
    assert re.findall(r'aria-label="Ghi chú (\d)"', html) == ["1", "2"]
    assert "Ghi chú một" in html and "Ghi chú hai" in html


def test_rows_with_the_same_note_share_its_number_and_it_is_listed_once() -> None:
    frame = pd.DataFrame({"Nội dung": ["A", "B", "C", "D"], "note": ["Không in số liệu.", "Khác", "Không in số liệu.", ""]})
    html = str(table_html(Table("t", "Bảng", frame, note_column="note"), "index.md", downloads=False))
    assert re.findall(r'aria-label="Ghi chú (\d)"', html) == ["1", "2", "1"]  # rows A, B, C
    assert html.count("Không in số liệu.") == 1 and "Ghi chú (2)" in html
    # the note's ↩ leads back to its first row, the one id it has
    assert html.count('id="t-ghi-chu-ref-1"') == 1 and 'href="#t-ghi-chu-ref-1"' in html
    assert re.search(r'id="t-ghi-chu-ref-1"[^>]*>\[1\]</a></sup></td></tr><tr', html)


def test_long_tables_label_their_columns_in_a_style_no_text_can_end() -> None:
    from tests.browser import browser

    column = 'Tên "lạ" </style><script>window.ran = 1</script> \\ & cuối'
    frame = pd.DataFrame({column: [f"dòng {i}" for i in range(LABEL_STYLE_ROWS)], "Năm": [2024] * LABEL_STYLE_ROWS})
    html = str(table_html(Table("t", "Bảng", frame), "index.md", downloads=False))
    assert "data-label" not in html and "<" not in re.search(r"<style>(.*?)</style>", html).group(1)
    with browser() as chromium:
        page = chromium.new_page()
        page.set_content(f"<style>td::before {{ content: var(--kb-label, attr(data-label)) }}</style>{html}")
        shown = page.evaluate("""() => [...document.querySelectorAll('tbody td')].map(td => getComputedStyle(td, '::before').content)""")
        assert shown == [json.dumps(column, ensure_ascii=False), '"Năm"'] * LABEL_STYLE_ROWS
        assert page.evaluate("window.ran === undefined")
    short = str(table_html(Table("t", "Bảng", frame.head(LABEL_STYLE_ROWS - 1)), "index.md", downloads=False))
    assert "<style>" not in short and short.count("data-label=") == 2 * (LABEL_STYLE_ROWS - 1)

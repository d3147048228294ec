"""表2's paired rows share the height of the cells that span them (issue 15 item 4), and the notes
under a table start apart from its bottom rule under their own heading."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from reportgen.build import TEMPLATES
from reportgen.document import Cell, Document, EditionDate, Table
from reportgen.document.grid import layout
from reportgen.jp.breaks import line_count
from reportgen.render.docx import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _tables(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        return list(etree.fromstring(z.read("word/document.xml")).iter(f"{W}tbl"))


def _height(tr: etree._Element) -> int:
    h = tr.find(f"{W}trPr/{W}trHeight")
    return int(h.get(f"{W}val")) if h is not None else 0


def test_each_counted_row_is_as_high_as_its_reference_row(built: dict[int, Path], edition_2016) -> None:
    table2 = next(b for b in edition_2016.document.blocks if getattr(b, "caption", "").startswith("＜表2"))
    grid = layout(table2)
    rows = _tables(built[2016] / "report.docx")[1].findall(f"{W}tr")
    assert len(rows) == len(grid)
    count = 3  # the 件数 column: a cell per row in a pair (counted above, 参考 below)
    pairs = 0
    for r in range(table2.header_rows, len(grid) - 1):
        wording = grid[r][2]  # the 成果指標と目標値 column (or 合計's label) spans the pair
        if wording.row == r and wording.cell.rowspan == 2 and grid[r][count].row == r and grid[r + 1][count].row == r + 1:
            pairs += 1
            assert grid[r + 1][count].cell.text.startswith("参考：")
            assert _height(rows[r]) == _height(rows[r + 1]) > 0
    assert pairs == 6  # the five survey indicators with reference values and 合計 (data/2016)
    for tr in rows[: table2.header_rows]:
        assert _height(tr) == 0  # the header rows are set by header_lines, not stretched


def _pair(wording: str) -> Table:
    return Table("＜表＞", (
        (Cell("見出し", header=True), Cell("件数", header=True)),
        (Cell(wording, rowspan=2), Cell("19", 19)),
        (Cell("参考：24"),),
    ), 2, header_rows=1, widths=(3.0, 1.0), landscape=True)


def _rendered_heights(table: Table) -> list[int]:
    doc = Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1)), blocks=(table,))
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx(doc, (TEMPLATES / "report.docx").read_bytes()))).read("word/document.xml"))
    return [_height(tr) for tr in body.iter(f"{W}tr")]


@given(st.integers(1, 400))
@settings(max_examples=15, deadline=None)
def test_a_longer_spanning_text_never_gives_its_pair_lower_rows(length: int) -> None:
    short, longer = _rendered_heights(_pair("あ" * length)), _rendered_heights(_pair("あ" * (length + 400)))
    assert short[0] == 0 and short[1] == short[2] > 0  # the header untouched; the pair even
    assert longer[1] == longer[2] > short[1]  # 400 more characters are more lines in a 19 cm column


def test_the_notes_heading_is_a_label_kept_with_its_notes(edition_2016) -> None:
    table2 = next(b for b in edition_2016.document.blocks if getattr(b, "caption", "").startswith("＜表2"))
    assert table2.notes[0].text == "（「表2：成果目標値達成に向けた進捗状況」についての注記）"
    assert table2.notes[0].style == "label"  # space before, kept with the next (templates/report.docx ラベル)
    assert all(n.style in ("note", "note_detail") for n in table2.notes[1:])


@given(st.text(alphabet="あ漢1Ａa、\n", max_size=60), st.floats(1, 30), st.floats(0, 10))
def test_line_count_grows_with_the_text_and_falls_with_the_width(text: str, capacity: float, more: float) -> None:
    count = line_count(text, capacity)
    assert count >= text.count("\n") + 1
    assert line_count(text, capacity + more) <= count
    assert line_count(text + "あ", capacity) >= count
    plain = text.replace("1", "").replace("a", "")  # full-width only: exactly ⌈length / capacity⌉ a line
    assert line_count(plain, capacity) == sum(max(1, -(-len(part) // int(capacity)) if capacity == int(capacity) else line_count(part, capacity))
                                              for part in plain.split("\n"))


def test_line_count_of_known_widths() -> None:
    assert line_count("あいうえお", 5) == 1
    assert line_count("あいうえおか", 5) == 2
    assert line_count("あいう\nえ", 5) == 2
    assert line_count("12345678", 4) == 1  # half-width digits are half as wide
    assert line_count("", 3) == 1
    assert line_count("あ\nい", 0) == 2


def test_count_columns_are_as_wide_as_their_widest_run_or_figure() -> None:
    from reportgen.tables import CELL_MARGINS_CM, HEADER_CHARACTER_CM, count_column_width

    year = count_column_width("うち\n平成29年度\nまでの目標\n値を達成", "参考：337")
    plain = count_column_width("必ずしも\n順調では\nない", "参考：337")
    assert year >= 5.5 * HEADER_CHARACTER_CM + CELL_MARGINS_CM  # 「平成29年度」 fits one line (5.5 characters)
    assert plain >= 4.75 * HEADER_CHARACTER_CM + CELL_MARGINS_CM > plain - 0.011  # 「参考：337」, no wider
    assert year > plain
    assert count_column_width("件数", "▲ 1,152") > count_column_width("件数", "12")
    # the header's capacity in set_headers never cuts the run the width was made for
    assert (year - CELL_MARGINS_CM) / HEADER_CHARACTER_CM >= 5.5


def test_table2s_count_columns_leave_the_rest_to_the_indicators(edition_2016) -> None:
    table2 = next(b for b in edition_2016.document.blocks if getattr(b, "caption", "").startswith("＜表2"))
    assert abs(sum(table2.widths) - 25.7) < 0.01
    counts = table2.widths[3:]
    assert max(counts) <= 1.8 and table2.widths[2] > 4.4  # wider than when every count column was 1.8 cm

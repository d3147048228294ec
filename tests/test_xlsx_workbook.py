"""tables.xlsx as the website's workbook: front sheets, Excel tables, links, formats, page breaks."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from scenario import make_data, three_years

from reportgen.build import TEMPLATES, build, compose_edition
from reportgen.document import Cell, Document, EditionDate, Table
from reportgen.document.grid import layout
from reportgen.render import pdf
from reportgen.render.xlsx import print_tables, render_xlsx
from reportgen.render.xlsx_data import ignore_number_as_text
from reportgen.render.xlsx_print import (
    EM_CM,
    PADDING_CM,
    SHEET_CM,
    balanced,
    break_rows,
    column_cm,
    ems,
    fitted_widths,
    paginate,
)

XLSX = (TEMPLATES / "tables.xlsx").read_bytes()
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FRONT = ["表紙", "目次", "注記"]


@pytest.fixture(scope="module")
def document() -> Document:
    edition, _ = compose_edition(DATA, 2016)
    return edition.document


@pytest.fixture(scope="module")
def data(document: Document) -> bytes:
    return render_xlsx(document, XLSX)


@pytest.fixture(scope="module")
def book(data: bytes):
    return load_workbook(io.BytesIO(data))


def sheet_parts(data: bytes) -> dict[str, etree._Element]:
    """Each sheet's worksheet XML by sheet name."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        out = {}
        for sheet in workbook.iter(f"{MAIN}sheet"):
            target = targets[sheet.get(rid)].lstrip("/")
            out[sheet.get("name")] = etree.fromstring(z.read(target if target.startswith("xl/") else f"xl/{target}"))
        return out


def tables_of(book) -> dict[str, tuple[str, object]]:
    return {name: (ws.title, ws) for ws in book.worksheets for name in ws.tables}


def check_excel_tables(book) -> None:
    """Every sheet but the cover and the print sheets holds one Excel table: title in A1, a line in A2,
    the table from A3 covering exactly its header and records, no blank rows or columns."""
    names = []
    for ws in book.worksheets:
        if ws.title in ("表紙", "グラフ", *[n for n in book.sheetnames if re.fullmatch(r"表\d+", n)]):  # print, cover and chart sheets
            assert not ws.tables, ws.title
            continue
        assert len(ws.tables) == 1, ws.title
        (table,) = ws.tables.values()
        names.append(table.displayName)
        assert isinstance(ws["A1"].value, str) and ws["A1"].value and isinstance(ws["A2"].value, str), ws.title
        width, last = ws.max_column, ws.max_row
        assert table.ref == f"A3:{get_column_letter(width)}{last}", ws.title
        header = [c.value for c in ws[3]]
        assert all(isinstance(h, str) and h for h in header) and len(set(header)) == width, ws.title
        for row in ws.iter_rows(min_row=4, max_row=last, max_col=width, values_only=True):
            assert any(v is not None for v in row), f"blank row in {ws.title}"
        for c in range(1, width + 1):
            assert any(ws.cell(r, c).value is not None for r in range(4, last + 1)) or last == 3, f"blank column in {ws.title}"
        assert table.tableStyleInfo is not None and table.tableStyleInfo.name and table.tableStyleInfo.showRowStripes
        assert ws.freeze_panes == "A4", ws.title  # the header row stays in view
        assert all(ws.cell(r, c).value is None for r in (1, 2) for c in range(2, width + 2)), ws.title  # nothing beside the title
    assert len(names) == len(set(names))


def test_front_sheets_come_first_and_name_every_other_sheet(book, document: Document) -> None:
    assert book.sheetnames[:3] == FRONT
    cover = [c.value for c in book["表紙"]["A"] if c.value]
    assert cover[0] == document.title
    assert document.about is not None
    assert cover[cover.index("対象期間") + 1] == "平成28年度（2016年度）、2016-04-01から2017-03-31まで"
    assert cover[cover.index("出典") + 1] == document.about.source == "大阪市『「豊かな地域社会の形成に向けた区政運営基本方針」平成28年度の実施状況について』"
    assert "公表日" not in cover  # data/2016/edition.yaml states none: no date is invented
    assert cover[cover.index("問い合わせ先") + 1] == document.about.contact_hint
    described = {line.split(": ", 1)[0] for line in cover if ": " in line}
    assert set(book.sheetnames) - {"表紙"} <= described  # what each sheet holds
    text = "\n".join(cover)
    assert "統一ルール" in text and "Releasing statistics in spreadsheets" in text and "和暦" in text


def test_a_published_date_and_its_absence_on_the_cover(document: Document) -> None:
    published = replace(document, date=EditionDate(dt.date(2017, 9, 1), published=True))
    cover = [c.value for c in load_workbook(io.BytesIO(render_xlsx(published, XLSX)))["表紙"]["A"] if c.value]
    assert cover[cover.index("公表日") + 1] == "2017-09-01"
    stand_in = replace(document, date=EditionDate(dt.date(2017, 4, 1)))
    cover = [c.value for c in load_workbook(io.BytesIO(render_xlsx(stand_in, XLSX)))["表紙"]["A"] if c.value]
    assert "公表日" not in cover and "2017-04-01" not in "".join(cover)


def test_a_contact_in_the_document_replaces_the_hint(document: Document) -> None:
    assert document.about is not None
    with_contact = replace(document, about=replace(document.about, contact="市民局区政支援室 06-0000-0000"))
    cover = [c.value for c in load_workbook(io.BytesIO(render_xlsx(with_contact, XLSX)))["表紙"]["A"] if c.value]
    assert cover[cover.index("問い合わせ先") + 1] == "市民局区政支援室 06-0000-0000"
    assert document.about.contact_hint not in cover


def test_the_contact_in_edition_yaml_reaches_the_cover(data_copy: Path, tmp_path: Path) -> None:
    edition = data_copy / "2016" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + "contact: |\n  市民局 区政支援室\n  電話 06-0000-0000\n", encoding="utf-8")
    build(data_copy, tmp_path, 2016)
    cover = [c.value for c in load_workbook(tmp_path / "2016" / "tables.xlsx")["表紙"]["A"] if c.value]
    assert cover[cover.index("問い合わせ先") + 1] == "市民局 区政支援室\n電話 06-0000-0000"


def test_contents_links_resolve_to_every_other_sheet(book, data: bytes) -> None:
    ws = book["目次"]
    links = [ws.cell(r, 1).hyperlink for r in range(4, ws.max_row + 1)]
    assert all(link is not None for link in links)
    targets = []
    for link in links:
        assert link.target is None and link.location  # internal: no relationship to an outside file
        match = re.fullmatch(r"'((?:[^']|'')+)'!A1", link.location)
        assert match, link.location
        targets.append(match.group(1).replace("''", "'"))
    assert targets == [n for n in book.sheetnames if n != "目次"]
    assert [ws.cell(r, 1).value for r in range(4, ws.max_row + 1)] == targets
    part = sheet_parts(data)["目次"]
    assert len(part.findall(f"{MAIN}hyperlinks/{MAIN}hyperlink")) == len(targets)


def test_notes_are_numbered_and_the_tables_refer_to_them(book, document: Document) -> None:
    ws = book["注記"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [r[0] for r in rows] == ["※1", "※2", "※3", "※4", "※5"]
    assert all(isinstance(r[1], str) and r[1] for r in rows)
    assert not any(re.search("[\u2460-\u2487\u32d0-\u32fe]", r[1]) for r in rows)  # ⑴ ㋐ written (1) ア
    assert "1(3)ア「地域資源が活用されやすい仕組みづくり」" in rows[1][1]
    assert "※1〜※5" not in book["表1データ"]["A2"].value
    assert "※1・※2・※3・※4・※5" in book["表2データ"]["A2"].value and "「注記」" in book["表2データ"]["A2"].value
    assert "「表2」" in ws["A2"].value and "「表2データ」" in ws["A2"].value


def test_every_table_sheet_is_one_excel_table_exactly_over_its_data(book) -> None:
    check_excel_tables(book)
    assert set(tables_of(book)) == {"contents", "notes", "table1", "table2", "ward_results", "columns"}


def test_print_settings_only_on_print_and_front_sheets(data: bytes) -> None:
    parts = sheet_parts(data)
    for name, part in parts.items():
        setup = part.find(f"{MAIN}pageSetup")
        fit = part.find(f"{MAIN}sheetPr/{MAIN}pageSetUpPr")
        if name in ("表1", "表2", *FRONT):
            assert setup is not None and setup.get("paperSize") == "9" and fit is not None and fit.get("fitToPage") == "1"
        else:  # data sheets and グラフ: every column on the page's width, pages down as the rows need; nothing else
            assert setup is not None and setup.get("paperSize") == "9", name
            assert (setup.get("fitToWidth"), setup.get("fitToHeight")) == ("1", "0"), name
            assert fit is not None and fit.get("fitToPage") == "1", name
            assert part.find(f"{MAIN}rowBreaks") is None and part.find(f"{MAIN}headerFooter") is None, name


def test_codes_stored_as_text_are_marked_for_excel(book, data: bytes) -> None:
    parts = sheet_parts(data)
    ws = book["区別実績"]
    column = get_column_letter([c.value for c in ws[3]].index("区コード") + 1)
    ignored = parts["区別実績"].findall(f"{MAIN}ignoredErrors/{MAIN}ignoredError")
    assert [(e.get("sqref"), e.get("numberStoredAsText")) for e in ignored] == [(f"{column}4:{column}{ws.max_row}", "1")]
    assert all(isinstance(c.value, str) and c.value.isdigit() for c in ws[column][3:])
    assert ws.max_row - 3 == 816
    for name, part in parts.items():
        if name != "区別実績":
            assert part.find(f"{MAIN}ignoredErrors") is None, name
    # ignoredErrors in CT_Worksheet's place: after the page setup, before tableParts
    children = [etree.QName(c).localname for c in parts["区別実績"]]
    assert children.index("ignoredErrors") < children.index("tableParts")


def test_ignored_errors_take_their_schema_place_in_any_sheet() -> None:
    xml = (f'<worksheet xmlns="{MAIN[1:-1]}"><sheetData/><pageMargins/><drawing/><tableParts/></worksheet>').encode()
    out = etree.fromstring(ignore_number_as_text(xml, "B4:B9"))
    assert [etree.QName(c).localname for c in out] == ["sheetData", "pageMargins", "ignoredErrors", "drawing", "tableParts"]
    bare = etree.fromstring(ignore_number_as_text(f'<worksheet xmlns="{MAIN[1:-1]}"><sheetData/></worksheet>'.encode(), "A1"))
    assert [etree.QName(c).localname for c in bare] == ["sheetData", "ignoredErrors"]
    again = etree.fromstring(ignore_number_as_text(etree.tostring(bare), "B2"))  # one element, the new range
    assert [e.get("sqref") for e in again.iter(f"{MAIN}ignoredError")] == ["B2"]


def test_numbers_show_the_precision_of_the_data(book, document: Document) -> None:
    ws = book["区別実績"]
    header = [c.value for c in ws[3]]
    rate = header.index("進捗率")
    formats = {ws.cell(r, rate + 1).number_format for r in range(4, ws.max_row + 1) if ws.cell(r, rate + 1).value is not None}
    assert formats == {"0.0"}  # 115 prints 115.0, 61 prints 61.0
    table = next(t for t in document.data if t.name == "ward_results")
    value = header.index("実績値")
    for r, record in enumerate(table.rows, start=4):
        datum, cell = record[value], ws.cell(r, value + 1)
        assert isinstance(datum, Decimal)
        places = -datum.as_tuple().exponent
        assert cell.number_format == ("0." + "0" * places if places > 0 else "General"), (r, datum)
    whole = [ws.cell(r, value + 1) for r, rec in enumerate(table.rows, start=4) if rec[value] == rec[value].to_integral_value() and rec[value].as_tuple().exponent == -1]
    assert whole and all(c.number_format == "0.0" for c in whole)  # 43.0 shows as 43.0, not 43
    assert book["表1データ"]["A4"].number_format == "General"  # 2016, never 2,016 or 2016.0


def test_data_sheets_are_in_the_templates_default_font(book) -> None:
    template = load_workbook(io.BytesIO(XLSX))
    default = template._fonts[0].name  # noqa: SLF001
    assert default.startswith("BIZ UD")
    for name in ("表1データ", "表2データ", "区別実績", "列の説明"):
        assert book[name]["B5"].font.name == default, name


def test_only_the_chart_sheet_has_drawings_each_with_alt_text(data: bytes) -> None:
    """Data sheets hold no shapes (統一ルール 2-7): the charts are on グラフ alone, each described (descr)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        drawings = [n for n in z.namelist() if n.startswith("xl/drawings/drawing")]
        assert drawings == ["xl/drawings/drawing1.xml"] and not [n for n in z.namelist() if n.startswith("xl/media/")]
        owners = [n for n in z.namelist() if n.startswith("xl/worksheets/_rels/") and b"drawing" in z.read(n)]
        names = sheet_parts(data)
        assert len(owners) == 1 and "グラフ" in names
        frames = etree.fromstring(z.read(drawings[0])).findall(".//{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}cNvPr")
        assert frames and all(f.get("descr") for f in frames)


def _body_breaks(ws, table: Table) -> list[int]:
    """The breaks as indexes of the table's body rows (0 = first row after the header) that start a page."""
    first_body = 2 + table.header_rows  # row 1 is the caption
    return [brk.id + 1 - first_body for brk in ws.row_breaks.brk]


def test_print_sheets_break_pages_only_between_groups(book, document: Document) -> None:
    for name, table in print_tables(document).items():
        ws = book[name]
        starts = _body_breaks(ws, table)
        assert starts, name  # FY2016's tables take more than one page
        allowed = break_rows(layout(table), table.header_rows)
        assert all(allowed[s] for s in starts), (name, starts)
        assert starts == sorted(set(starts))
        # the notes stay with the table's last rows: no page starts after the table
        assert all(s < len(table.rows) - table.header_rows for s in starts)


def test_the_fy2016_group_boundaries_are_the_directions_and_strategies(document: Document) -> None:
    table = print_tables(document)["表1"]
    grid = layout(table)
    allowed = break_rows(grid, table.header_rows)
    starts = [table.header_rows + i for i, ok in enumerate(allowed) if ok and i > 0]
    firsts = [grid[r][0].cell.text for r in starts]
    assert firsts[0].startswith("(2)多様な主体") and firsts[-1] == "合計"
    assert any(text.startswith("2「自律した自治体型の区政運営」") for text in firsts)
    assert not any(text.startswith("(1)区における") for text in firsts)  # a strategy's heading keeps its first group
    assert any(text.startswith("(4)地域公共人材") for text in firsts)
    assert not any(text.startswith("㋑") for text in (grid[r][1].cell.text for r in starts))  # never inside a direction


def test_headers_break_as_the_publication_sets_them(book) -> None:
    texts = {c.value for row in book["表2"].iter_rows(min_row=2, max_row=4) for c in row if isinstance(c.value, str)}
    assert "うち\n平成29年度\nまでの目標\n値を達成" in texts and "必ずしも\n順調では\nない" in texts
    for ws in (book["表1"], book["表2"]):
        for row in ws.iter_rows(min_row=2, max_row=5):
            for cell in row:
                if isinstance(cell.value, str) and "\n" in cell.value:
                    assert all(len(line) > 1 for line in cell.value.split("\n")), cell.value


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(1, 300), min_size=1, max_size=40), st.data())
def test_paginate_breaks_only_where_allowed_and_fills_pages(heights: list[float], data) -> None:
    """Every page but the last two as full as it can be; the last two as even as the groups allow."""
    allowed = data.draw(st.lists(st.booleans(), min_size=len(heights), max_size=len(heights)))
    starts = paginate(heights, allowed, 500.0, 600.0)
    assert starts == sorted(set(starts)) and all(0 < s < len(heights) and allowed[s] for s in starts)
    bounds = [0, *starts, len(heights)]
    for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        room = 500.0 if n == 0 else 600.0
        page = sum(heights[a:b])
        if page > room:  # only a run that could not break overflows
            assert not any(allowed[i] for i in range(a + 1, b))
        if b < len(heights) and n < len(bounds) - 3:  # the page was full: the next group would not have fitted
            following = next((i for i in range(b + 1, len(heights) + 1) if i == len(heights) or allowed[i]), len(heights))
            assert page + sum(heights[b:following]) > room
    if len(bounds) > 2:  # no allowed break between the last two pages would make the fuller of them less full
        a, b, end = bounds[-3], bounds[-2], bounds[-1]
        room = 500.0 if len(bounds) == 3 else 600.0
        if sum(heights[a:b]) <= room and sum(heights[b:end]) <= 600.0:
            fuller = max(sum(heights[a:b]) / room, sum(heights[b:end]) / 600.0)
            for s in range(a + 1, end):
                if allowed[s] and sum(heights[a:s]) <= room and sum(heights[s:end]) <= 600.0:
                    assert max(sum(heights[a:s]) / room, sum(heights[s:end]) / 600.0) >= fuller - 1e-9


@st.composite
def grouped_tables(draw) -> Table:
    """A random print table: groups of rows with a merged label over each, wordings of random length."""
    header = (Cell("項目", header=True), Cell("成果指標", header=True), Cell("件数", header=True))
    rows: list[tuple[Cell, ...]] = [header]
    for g in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            rows.append((Cell(f"{g}「戦略」", colspan=3, header=True),))
        size = draw(st.integers(1, 6))
        for i in range(size):
            wording = "あ" * draw(st.integers(1, 160))
            lead = (Cell(f"({g})方向性" * draw(st.integers(1, 4)), rowspan=size),) if i == 0 else ()
            rows.append((*lead, Cell(wording), Cell("24", 24, number_format="#,##0")))
    return Table("＜表＞", tuple(rows), 3, header_rows=1, widths=(2.0, 6.0, 1.0), landscape=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grouped_tables())
def test_random_tables_break_only_at_group_boundaries(table: Table) -> None:
    document = Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1)), (table,))
    ws = load_workbook(io.BytesIO(render_xlsx(document, XLSX)))["表1"]
    allowed = break_rows(layout(table), table.header_rows)
    starts = _body_breaks(ws, table)
    assert all(0 < s < len(allowed) and allowed[s] for s in starts)
    labels = {ws.cell(2 + table.header_rows + s, 1).value for s in starts}
    assert all(isinstance(label, str) and label for label in labels)  # every page starts with its group's label


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="あいう漢字29年度、。」ーっ（）ABC", min_size=2, max_size=60), st.floats(1.0, 6.0))
def test_balanced_lines_fit_and_never_leave_one_character(text: str, width: float) -> None:
    lines = balanced(text, width).split("\n")
    assert "".join(lines) == text
    per_line = (width - 0.2) / 0.345
    if len(lines) > 1:
        assert all(ems(line) <= max(per_line, 1.0) for line in lines[:-1])
        assert not any(line[0] in "、。」ー）っ" for line in lines[1:])
        assert not any(a[-1].isascii() and b[0].isascii() and a[-1].isalnum() and b[0].isalnum() for a, b in zip(lines, lines[1:], strict=False))


def test_random_plans_build_a_workbook_of_the_same_shape(tmp_path: Path) -> None:
    rows = [(45 + n, "500" if n % 4 else "120") for n in range(9)]
    data = make_data(tmp_path, years=three_years(rows))
    build(data, tmp_path / "out", 2016)
    raw = (tmp_path / "out" / "2016" / "tables.xlsx").read_bytes()
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == [*FRONT, "表1", "表2", "表1データ", "表2データ", "区別実績", "列の説明", "グラフ"]
    check_excel_tables(book)
    assert book["区別実績"].max_row == 3 + 2 * 3 * 3  # two years × three wards × three indicators
    cover = [c.value for c in book["表紙"]["A"] if c.value]
    assert cover[0] == "「テスト方針」平成28年度の実施状況について" and "テスト市『" in cover[cover.index("出典") + 1]
    assert "大阪" not in "".join(str(c.value) for ws in book.worksheets[:3] for row in ws.iter_rows() for c in row if c.value)
    build(data, tmp_path / "again", 2016)
    assert (tmp_path / "again" / "2016" / "tables.xlsx").read_bytes() == raw


@pytest.mark.skipif(pdf.find_office() is None and os.environ.get("REPORTGEN_REQUIRE_PDF") != "1", reason="LibreOffice is not installed")
def test_libreoffice_prints_each_print_sheet_on_the_pages_the_contents_state(data: bytes, book, tmp_path: Path) -> None:
    """The page breaks and row heights hold in a real layout: each print sheet takes the pages the
    contents sheet states, its first page starts with its caption and every later one with its header."""
    printed = pdf.convert(data, "tables.xlsx")
    (tmp_path / "t.pdf").write_bytes(printed)
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    stated = {row[0]: row[1] for row in book["目次"].iter_rows(min_row=4, values_only=True)}
    names = book.sheetnames

    def first_page(sheet: str, after: int = 3) -> int:  # after the front sheets, which name every title
        title = book[sheet]["A1"].value
        return next(i for i, page in enumerate(pages) if i >= after and title in page)

    assert first_page("表1", 0) == 3  # 表紙, 目次 and 注記 take a page each
    for name in ("表1", "表2"):
        count = int(re.search(r"A4横(\d+)ページ", stated[name]).group(1))
        start = first_page(name)
        end = first_page(names[names.index(name) + 1], start + 1)
        assert end - start == count, (name, start, end, count)
        assert all("成果指標と目標値" in page for page in pages[start:end])  # the header repeats on every page


def test_print_sheets_title_their_caption_and_fit_number_columns_to_their_lines(book, document: Document) -> None:
    for name, table in print_tables(document).items():
        ws = book[name]
        assert ws["A1"].value == table.caption
        grid = layout(table)
        widths = [column_cm(ws.column_dimensions[get_column_letter(c + 1)].width) for c in range(table.columns)]
        assert abs(sum(widths) - SHEET_CM) < 0.1 * table.columns  # the sheet's width, fitted to the page by the printer
        for c in range(table.columns):
            body = [grid[r][c].cell for r in range(table.header_rows, len(grid)) if grid[r][c].cell.colspan == 1]
            if not all(cell.value is not None or cell.text == "―" for cell in body):
                continue
            own = [grid[r][c].cell for r in range(len(grid)) if grid[r][c].is_origin(r, c) and grid[r][c].cell.colspan == 1]
            # figures and the header's own lines whole; a header without breaks over three lines, a character to spare
            spans = [ems(line) for cell in own for line in cell.text.split("\n") if cell.value is not None or "\n" in cell.text]
            spans += [-(-ems(cell.text) // 3) + 1 for cell in own if cell.header and "\n" not in cell.text]
            need = max(spans) * EM_CM + PADDING_CM
            assert need <= widths[c] <= need + 0.8, (name, c, spans, widths[c])  # each line whole, and no wider


def test_balanced_keeps_the_documents_own_breaks() -> None:
    assert balanced("うち\n平成29年度\nまでの目標\n値を達成", 1.0) == "うち\n平成29年度\nまでの目標\n値を達成"
    assert balanced("", 1.0) == ""


def test_widths_fall_back_to_the_tables_proportions_when_the_numbers_leave_no_room() -> None:
    wide = Table("＜表＞", ((Cell("項目", header=True), *(Cell(f"列{n}\n平成29年度\nまでの目標値", header=True) for n in range(20))),
                           (Cell("a"), *(Cell("1", 1) for _ in range(20)))), 21, widths=(2.0, *([1.0] * 20)))
    widths = fitted_widths(wide, layout(wide))
    assert abs(sum(widths) - SHEET_CM) < 1e-6 and widths[0] == pytest.approx(2 * widths[1])
    numbers_only = Table("＜表＞", ((Cell("件数", header=True), Cell("計", header=True)), (Cell("1", 1), Cell("2", 2))), 2, widths=(1.0, 3.0))
    assert fitted_widths(numbers_only, layout(numbers_only)) == pytest.approx([SHEET_CM / 4, SHEET_CM * 3 / 4])

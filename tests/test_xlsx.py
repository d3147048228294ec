"""tables.xlsx read back: print sheets, machine-readable sheets, formula safety, LibreOffice."""

from __future__ import annotations

import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, read_csv
from openpyxl import Workbook, load_workbook

from reportgen.build import build, render_outputs
from reportgen.render import pdf
from reportgen.render.csv import field
from reportgen.render.xlsx import put

VECTORS = ["=1+1", "+1", "-1+1", "@SUM(1)", "\t=1", "\r=1", " =1", "=cmd|'/c calc'!A0", "＝1+1", "-1"]
PLATFORM_DEPENDENT = re.compile("[\u32d0-\u32fe\u2460-\u2473\u2160-\u216b\u2474-\u2487]")  # ㋐ ① Ⅰ ⑴


@pytest.fixture(scope="module")
def workbook(built):
    return load_workbook(built[2016] / "tables.xlsx")


def numbers(ws, first_row: int) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first_row)]


SHEETS = {"table1": "表1データ", "table2": "表2データ", "ward_results": "区別実績", "columns": "列の説明"}
"""Each CSV's data sheet."""


def test_sheets_are_front_then_print_tables_then_data(workbook) -> None:
    assert workbook.sheetnames == ["表紙", "目次", "注記", "表1", "表2", *SHEETS.values(), "グラフ"]
    assert not any(PLATFORM_DEPENDENT.search(name) for name in workbook.sheetnames)
    assert all(not name.isascii() for name in workbook.sheetnames)  # one language: Japanese


def test_print_sheet_2_numbers_formats_merges_and_page_setup(workbook, built) -> None:
    ws = workbook["表2"]
    csv2 = read_csv(built[2016] / "csv" / "table2.csv")[1:]
    counted = {r[1]: r[4:] for r in csv2 if r[3] == "件数カウント対象"}
    difference = {r[1]: r[4:] for r in csv2 if r[3] == "差引"}
    rows = [r for r in ws.iter_rows(min_row=4) if isinstance(r[3].value, int) and r[3].number_format != '"参考："#,##0']
    ids = list(counted)
    assert len(rows) == len(ids)  # one upper line per indicator and the total
    for ident, row in zip(ids, rows, strict=True):
        assert [str(c.value) if c.value is not None and c.value != "―" else "" for c in row[3:7]] == counted[ident][:4]
        if ident not in ("1.3.b", "1.3.c"):
            assert [str(c.value) for c in row[10:13]] == difference[ident][1:4]
            assert all(c.number_format == '#,##0;"▲ "#,##0;0' for c in row[10:13])
    lower = [r for r in ws.iter_rows(min_row=4) if r[3].number_format == '"参考："#,##0']
    assert [r[3].value for r in lower] == [24, 24, 24, 24, 24, 337]
    paren = [r for r in ws.iter_rows(min_row=4) if r[3].number_format == '"("#,##0")"']
    assert [r[3].value for r in paren] == [24, 24]
    typed = re.compile(r"▲ ?\d|参考：\d|\(\d+\)$")  # what only a number format may print
    assert not any(isinstance(c.value, str) and typed.match(c.value) for row in ws.iter_rows() for c in row)
    assert "A2:B4" in {str(m) for m in ws.merged_cells.ranges}  # 項目 over the three header rows
    assert ws["H2"].value == "前年度との比較" and "H2:M2" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["H3"].value == "平成27年度\n※平成28年度結果が\n参考数値のものを除く" and ws["K3"].value.replace("\n", "") == "差引（平成28年度－平成27年度）"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$2:$4" and ws.freeze_panes == "D5"
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("※")]
    assert [n[:2] for n in notes] == ["※1", "※2", "※3", "※4", "※5"]


def test_print_sheet_1_equals_table1_csv(workbook, built) -> None:
    ws = workbook["表1"]
    csv1 = [r[3:] for r in read_csv(built[2016] / "csv" / "table1.csv")[1:]]
    rows = [[str(c.value) for c in row[3:]] for row in ws.iter_rows(min_row=5) if isinstance(row[3].value, int)]
    assert rows == csv1
    assert ws.print_title_rows == "$2:$4"


def test_data_sheets_are_machine_readable(workbook, built) -> None:
    for name, sheet in SHEETS.items():
        ws = workbook[sheet]
        assert not ws.merged_cells.ranges, name
        assert isinstance(ws["A1"].value, str) and ws["A1"].value  # the title in A1
        header = [c.value for c in ws[3]]
        assert all(isinstance(h, str) and h and h == h.strip() for h in header), name
        width = len(header)
        csv_rows = read_csv(built[2016] / "csv" / f"{name}.csv")
        assert header == csv_rows[0]
        for row, csv_row in zip(ws.iter_rows(min_row=4, max_col=width), csv_rows[1:], strict=True):
            values = [c.value for c in row]
            assert any(v is not None for v in values), f"blank row in {name}"
            for column, value, text in zip(header, values, csv_row, strict=True):
                if isinstance(value, str) and not column.endswith("コード"):  # a code is an identifier, kept as text
                    assert not re.fullmatch(r"-?\d+(\.\d+)?", value), f"number stored as text in {name}: {value}"
                    assert not PLATFORM_DEPENDENT.search(value), f"機種依存文字 in {name}: {value}"
                assert ("" if value is None else str(value)) == text or Decimal(text) == Decimal(str(value))
        assert ws.max_row == len(csv_rows) + 2
        # printing the whole workbook prints the data too: its columns fit the width, its header row on every page
        assert ws.print_title_rows == "$3:$3" and not ws.print_area and not ws.row_breaks.brk
        assert ws.page_setup.orientation == ("landscape" if len(csv_rows[0]) >= 7 else "portrait")
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    years = [row[0].value for row in workbook["区別実績"].iter_rows(min_row=4)]
    assert years.count(2015) == 408 and years.count(2016) == 408
    assert isinstance(workbook["表1データ"]["A4"].value, int)  # 西暦 year column


@pytest.mark.parametrize("vector", VECTORS)
def test_put_never_makes_a_formula(vector: str) -> None:
    cell = Workbook().active["A1"]
    put(cell, vector)
    assert cell.data_type == "s" and cell.value == vector
    assert field(vector)[0] not in "=+-@\t\r＝" or field(vector).startswith("'")


def test_injection_vectors_in_wards_and_wording_stay_text(data_copy: Path, tmp_path: Path) -> None:
    plan = (data_copy / "plan.yaml").read_text(encoding="utf-8")
    # a tab or carriage return in a wording is refused when plan.yaml is read (tests/test_attacks_input.py)
    for n, vector in enumerate([v for v in VECTORS if not v.startswith(("\t", "\r"))][:8]):
        wording = re.search(rf'id: "{re.escape(["1.1.a", "1.2.a", "1.2.b", "1.3.a", "1.3.b", "1.3.c", "1.4.a", "1.4.b"][n])}"\n(?:\s+#.*\n)*\s+wording: (.*)\n', plan)
        assert wording
        plan = plan.replace(wording.group(0), wording.group(0).replace(wording.group(1), '"' + vector.replace("\t", "\\t").replace("\r", "\\r") + '"'))
    (data_copy / "plan.yaml").write_text(plan, encoding="utf-8")
    for name in ("wards.csv", "2015/results.csv", "2016/results.csv", "2015/implementation.csv", "2016/implementation.csv"):
        path = data_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace("北区", "＝1+1").replace("都島区", "@SUM(1)"), encoding="utf-8")
    build(data_copy, tmp_path, 2016)
    wb = load_workbook(tmp_path / "2016" / "tables.xlsx")
    texts = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    assert {"＝1+1", "@SUM(1)", "=cmd|'/c calc'!A0"} <= texts
    for path in (tmp_path / "2016" / "csv").glob("*.csv"):
        for row in read_csv(path):
            for value in row:
                assert not value.startswith(("=", "+", "@", "\t", "\r", "＝")) , (path.name, value)
                assert not value.startswith("-") or re.fullmatch(r"-\d+(\.\d+)?", value), (path.name, value)


NEED_PDF = os.environ.get("REPORTGEN_REQUIRE_PDF") == "1"


@pytest.mark.skipif(pdf.find_office() is None and not NEED_PDF, reason="LibreOffice is not installed")
def test_libreoffice_opens_and_prints_the_workbook() -> None:
    files, _ = render_outputs(DATA, 2016)
    data = pdf.convert(files["tables.xlsx"], "tables.xlsx")
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert io.BytesIO(data).getbuffer().nbytes


def test_columns_and_ward_results_sheets(workbook) -> None:
    about = {r[1].value: r[2].value for r in workbook["列の説明"].iter_rows(min_row=4) if r[0].value == "（このファイル）"}
    assert about["公表日"] is None  # data/2016/edition.yaml has no published date: none is invented
    assert about["出典"] == "大阪市『「豊かな地域社会の形成に向けた区政運営基本方針」平成28年度の実施状況について』"
    ws = workbook["区別実績"]
    header = [c.value for c in ws[3]]
    unit, value, judged = header.index("集計単位"), header.index("実績値"), header.index("判定に使った値")
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert {r[unit] for r in rows} == {"区", "全市"}
    assert all(isinstance(r[judged], int | float) and isinstance(r[value], int | float) for r in rows)
    assert any(r[judged] != r[value] for r in rows)  # the running totals of the cumulative indicators

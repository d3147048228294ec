"""The document carries the edition date and the data tables; every writer reads them from it alone.

pandoc's writers take everything from the document. These tests hand the writers documents whose
date or data tables differ from what the input folder would give, and check that the outputs follow
the document: zip timestamps, Office core properties, the CSV files and the workbook's data sheets.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from openpyxl import load_workbook

from reportgen.build import TEMPLATES, compose_edition, render_outputs
from reportgen.document import DataTable, Document, EditionDate
from reportgen.document.nodes import Value
from reportgen.render.csv import csv_table, field, render_csv
from reportgen.render.docx import render_docx
from reportgen.render.xlsx import render_xlsx
from reportgen.render.zipfix import normalise_zip

DOCX = (TEMPLATES / "report.docx").read_bytes()
XLSX = (TEMPLATES / "tables.xlsx").read_bytes()
ELSEWHEN = EditionDate(dt.date(2019, 5, 7), published=True)
"""A date no input folder of the repository gives (FY2016 is dated 2017-04-01 without edition.yaml's)."""


def _entry_dates(data: bytes) -> set[tuple[int, ...]]:
    return {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}


def _core(data: bytes, name: str) -> str:
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode("utf-8")
    found = re.search(rf"<dcterms:{name}[^>]*>([^<]+)<", core)
    assert found, core
    return found.group(1)


def _columns_about(document: Document) -> dict[str, Value]:
    """The 説明 table's first rows (タイトル, 作成者, 公表日, 出典) of ``document``."""
    columns = next(t for t in document.data if t.name == "columns")
    return {str(row[1]): row[2] for row in columns.rows if row[0] == "（このファイル）"}


@pytest.fixture(scope="module")
def document() -> Document:
    edition, _ = compose_edition(DATA, 2016)
    return edition.document


# == the date ========================================================================================

def test_the_office_writers_date_their_files_from_the_document_alone(document: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH and the input folder say otherwise; the document's date wins everywhere."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # 2017-07-14, read by the loader only
    dated = replace(document, date=ELSEWHEN)
    for data in (render_docx(dated, DOCX), render_xlsx(dated, XLSX)):
        assert _entry_dates(data) == {(2019, 5, 7, 0, 0, 0)}
        assert _core(data, "created") == _core(data, "modified") == "2019-05-07T00:00:00Z"


def test_two_dates_give_two_sets_of_timestamps_and_nothing_else_differs_in_the_text(document: Document) -> None:
    earlier = replace(document, date=EditionDate(dt.date(2017, 4, 1)))
    later = replace(document, date=EditionDate(dt.date(2018, 4, 2)))
    first, second = render_docx(earlier, DOCX), render_docx(later, DOCX)
    assert _entry_dates(first) == {(2017, 4, 1, 0, 0, 0)} and _entry_dates(second) == {(2018, 4, 2, 0, 0, 0)}
    one, two = zipfile.ZipFile(io.BytesIO(first)), zipfile.ZipFile(io.BytesIO(second))
    assert one.read("word/document.xml") == two.read("word/document.xml")


def test_a_day_before_1980_dates_the_zip_entries_1980_01_01() -> None:
    """A zip entry cannot hold an earlier day; the whole date counts (1979-12-31 is not 1980-12-31)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("a", b"x")
    assert _entry_dates(normalise_zip(archive.getvalue(), dt.date(1979, 12, 31))) == {(1980, 1, 1, 0, 0, 0)}
    assert _entry_dates(normalise_zip(archive.getvalue(), dt.date(1980, 12, 31))) == {(1980, 12, 31, 0, 0, 0)}


def test_a_document_without_a_published_date_leaves_the_publication_date_empty(document: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert document.date == EditionDate(dt.date(2017, 4, 1), published=False)
    assert _columns_about(document)["公表日"] == ""


def test_a_published_date_is_carried_typed_and_stated(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # a stand-in the published date overrides
    (data_copy / "2016" / "edition.yaml").write_text("published: 2017-09-15\n", encoding="utf-8")
    edition, _ = compose_edition(data_copy, 2016)
    assert edition.document.date == EditionDate(dt.date(2017, 9, 15), published=True)
    assert _columns_about(edition.document)["公表日"] == "2017-09-15"


def test_a_source_date_epoch_dates_the_document_but_is_not_stated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    edition, _ = compose_edition(DATA, 2016)
    assert edition.document.date == EditionDate(dt.date(2017, 7, 14), published=False)
    assert _columns_about(edition.document)["公表日"] == ""


def test_the_stated_date_is_the_day_only_when_published() -> None:
    assert EditionDate(dt.date(2017, 9, 15), published=True).stated == "2017-09-15"
    assert EditionDate(dt.date(2017, 9, 15)).stated == ""


# == the data tables =================================================================================

def test_the_document_holds_every_data_table_in_the_order_written(document: Document) -> None:
    assert [t.name for t in document.data] == ["table1", "table2", "ward_results", "columns"]
    described = {str(row[0]) for row in document.data[-1].rows} - {"（このファイル）"}
    assert described == {"table1", "table2", "ward_results"}


def _parsed(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_csv_file_is_a_data_table_of_the_document(document: Document) -> None:
    files = render_csv(document)
    assert list(files) == [f"{t.name}.csv" for t in document.data]
    for table in document.data:
        rows = _parsed(files[f"{table.name}.csv"])
        assert rows[0] == list(table.columns)
        assert rows[1:] == [[field(v) for v in row] for row in table.rows], table.name


def _cell(value: Value) -> object:
    """What openpyxl reads back for a written ``value``: numbers as numbers, text as text, empty as None."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return None if value == "" else value


def test_every_data_sheet_is_a_data_table_of_the_document(document: Document) -> None:
    book = load_workbook(io.BytesIO(render_xlsx(document, XLSX)))
    assert book.sheetnames == ["表紙", "目次", "注記", "表1", "表2", *(t.sheet for t in document.data), "グラフ"]
    for table in document.data:
        read = [list(row) for row in book[table.sheet].iter_rows(values_only=True)]
        assert read[0][0] == table.title  # the title in A1, then a line on what the sheet holds
        assert read[2] == list(table.columns)
        assert read[3:] == [[_cell(v) for v in row] for row in table.rows], table.name


def test_the_writers_take_the_data_tables_from_the_document_not_the_facts(document: Document) -> None:
    made = DataTable("made_up", "作った表", ("列",), (("値",), (3,)))
    changed = replace(document, data=(made,))
    assert render_csv(changed) == {"made_up.csv": csv_table(made)}
    book = load_workbook(io.BytesIO(render_xlsx(changed, XLSX)))
    assert book.sheetnames == ["表紙", "目次", "注記", "表1", "表2", "made_up", "グラフ"]  # the charts are blocks of the document
    assert [list(r) for r in book["made_up"].iter_rows(values_only=True)][2:] == [["列"], ["値"], [3]]


def test_the_build_writes_the_documents_data_tables(document: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    files, _ = render_outputs(DATA, 2016)
    for table in document.data:
        assert files[f"csv/{table.name}.csv"] == csv_table(table)


# == the layers ======================================================================================

def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


RENDERERS = sorted((ROOT / "reportgen" / "render").glob("*.py"))
UPSTREAM = ("reportgen.load", "reportgen.rules", "reportgen.narrative", "reportgen.model", "reportgen.pipeline",
            "reportgen.datasets", "reportgen.tables", "reportgen.compose", "reportgen.build")
"""What comes before the document: a writer importing any of these could bypass it."""


@pytest.mark.parametrize("path", RENDERERS, ids=[p.name for p in RENDERERS])
def test_no_renderer_reads_facts_loaders_or_date_text(path: Path) -> None:
    """A writer imports the document model, not the facts, and never turns text into a date."""
    upstream = {m for m in _imports(path) if m.startswith(UPSTREAM)}
    assert not upstream, upstream
    calls = {n.func.attr for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert not calls & {"fromisoformat", "strptime"}, path.name


@pytest.mark.parametrize("path", [ROOT / "reportgen" / "datasets.py", *sorted((ROOT / "reportgen" / "document").glob("*.py"))],
                         ids=lambda p: p.name)
def test_the_document_model_and_its_data_tables_import_no_loader(path: Path) -> None:
    assert not {m for m in _imports(path) if m.startswith("reportgen.load")}

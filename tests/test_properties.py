"""Properties over the loaders and renderers: editors' text survives exactly or fails with its place;
no spreadsheet cell is ever a formula; the same document always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from reportgen.document import Cell, Document, EditionDate, Paragraph, Table
from reportgen.errors import Problems
from reportgen.load.prose import parse_prose
from reportgen.load.text import illegal_characters, unusable_characters
from reportgen.render.docx import render_docx
from reportgen.render.xlsx import put

TEMPLATE = (ROOT / "templates" / "report.docx").read_bytes()
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Text an editor can type: any character XML allows except line breaks (a paragraph is one line).
legal_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x85\u2028\u2029").filter(lambda c: not XML_ILLEGAL.match(c))
paragraph_text = st.text(legal_char, min_size=1, max_size=80).map(str.strip).filter(lambda t: t and not t.startswith("#"))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(paragraph_text, min_size=1, max_size=4))
def test_prose_paragraphs_are_read_exactly(paragraphs: list[str]) -> None:
    source = "## 前文\n" + "\n\n".join(paragraphs) + "\n"
    problems = Problems()
    prose = parse_prose(source, "data/2016/text/introduction.md", problems)
    assert not problems.errors
    assert prose.get("前文") == tuple(paragraphs)


@FAST
@given(st.text(st.characters(), min_size=1, max_size=40))
def test_text_with_an_xml_illegal_character_is_located_never_dropped(text: str) -> None:
    found = illegal_characters(text)
    expected = [(n, m.start() + 1, m.group()) for n, line in enumerate(text.split("\n"), start=1) for m in XML_ILLEGAL.finditer(line)]
    assert found == expected


@FAST
@given(st.lists(paragraph_text, min_size=1, max_size=5))
def test_any_paragraph_text_reaches_the_docx_exactly_and_the_bytes_repeat(paragraphs: list[str]) -> None:
    document = Document("題", "副題", "大阪市", EditionDate(dt.date(2017, 4, 1)), tuple(Paragraph(p) for p in paragraphs))
    first = render_docx(document, TEMPLATE)
    assert first == render_docx(document, TEMPLATE)
    texts = [p.text for p in docx.Document(io.BytesIO(first)).paragraphs]
    assert texts == paragraphs


@FAST
@given(st.lists(st.one_of(paragraph_text, st.integers(-10**6, 10**6)), min_size=1, max_size=6))
def test_no_cell_is_ever_a_formula_and_values_round_trip(values: list) -> None:
    wb = Workbook()
    ws = wb.active
    for column, value in enumerate(values, start=1):
        put(ws.cell(1, column), value)
    out = io.BytesIO()
    wb.save(out)
    back = load_workbook(io.BytesIO(out.getvalue()))
    cells = list(back.active.iter_rows(max_col=len(values)))[0]
    for cell, value in zip(cells, values, strict=True):
        assert cell.data_type != "f"
        assert cell.value == value


@FAST
@given(st.lists(st.lists(paragraph_text, min_size=3, max_size=3), min_size=1, max_size=4))
def test_table_cells_reach_the_docx_exactly(rows: list[list[str]]) -> None:
    table = Table("＜表＞", tuple(tuple(Cell(t) for t in row) for row in rows), 3)
    data = render_docx(Document("題", "副題", "大阪市", EditionDate(dt.date(2017, 4, 1)), (table,)), TEMPLATE)
    read = [[c.text for c in row.cells] for row in docx.Document(io.BytesIO(data)).tables[0].rows]
    assert read == rows


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_characters="\n\r\x85\u2028\u2029"), min_size=1, max_size=60).map(str.strip).filter(lambda t: t and not t.startswith("#")))
def test_any_editor_text_is_placed_exactly_or_refused_with_its_place(data_copy, text: str) -> None:
    """End to end: whatever an editor types into 前文 reaches the document (digits in one width,
    the documented normalisation) or stops the build naming the file and line."""
    from reportgen import jp
    from reportgen.build import compose_edition
    from reportgen.errors import InputError

    intro = data_copy / "2016" / "text" / "introduction.md"
    # a lone surrogate reaches the file as the bytes an editor's broken tool would write
    intro.write_bytes(("## 前文\n\n" + text + "\n").encode("utf-8", "surrogatepass"))
    try:
        edition, _ = compose_edition(data_copy, 2016)
    except InputError as error:
        assert XML_ILLEGAL.search(text) or unusable_characters(text, single_line=False) or "\ufffd" in text, str(error)
        assert any("introduction.md 3行目" in str(p) for p in error.problems), str(error)
        return
    texts = [p.text for p in edition.document.paragraphs() if p.source == "prose:introduction#前文"]
    assert texts == [jp.to_width(text, "half")]

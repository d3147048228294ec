"""The workbook's native charts (render/xlsx_charts.py): each series' references point at the cells holding its
figures, the categories at the bars' labels, formats and patterns per series, the scale, titles and alt text, no overlap."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from reportgen.build import TEMPLATES
from reportgen.document import Bar, Chart, ChartLabels, Document, EditionDate, Guide
from reportgen.errors import Problems
from reportgen.narrative.engine import SentenceRules
from reportgen.render import xlsx_charts
from reportgen.render.xlsx import render_xlsx
from reportgen.render.xlsx_charts import (
    SHEET,
    chart_sheet,
    decimals,
    describe_drawing,
    number_format,
)
from reportgen.web_wording import WebWording, edition_words

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
REF = re.compile(r"^'グラフ'!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


def _cells(formula: str) -> list[tuple[int, int]]:
    """(row, column) of every cell a reference on the sheet 「グラフ」 names."""
    match = REF.match(formula)
    assert match, formula
    c1, r1, c2, r2 = match.group(1), int(match.group(2)), match.group(3) or match.group(1), int(match.group(4) or match.group(2))
    return [(r, c) for r in range(r1, r2 + 1) for c in range(column_index_from_string(c1), column_index_from_string(c2) + 1)]


def _parts(raw: bytes, charts: list[Chart]) -> tuple[list[Chart], list[etree._Element], etree._Element, object]:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        names = sorted((n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)), key=lambda n: int(re.findall(r"\d+", n)[0]))
        parts = [etree.fromstring(z.read(n)) for n in names]
        drawing = etree.fromstring(z.read("xl/drawings/drawing1.xml"))
    return charts, parts, drawing, load_workbook(io.BytesIO(raw))[SHEET]


SHIPPED = edition_words(Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1))), WebWording(SentenceRules(TEMPLATES / "sentences", Problems()), Problems()))
"""The shipped words of templates/sentences/web/ (the グラフ sheet's A1 and A2 among them)."""


def _small_charts() -> list[Chart]:
    """A rate chart (a ward without a figure, a reference value apart) and a stacked count chart, made by hand."""
    bars = (Bar("北区", (Decimal("80.5"), None, None), ("80.5％", "", "")), Bar("南区", (None, None, None), ("", "", "")),
            Bar("東区", (None, Decimal("40.0"), None), ("", "40.0％", "")))
    rate = Chart("rate-1.1.a", "図 1", "説明一", "％", ("順調", "不調", "参考"), (("", bars), ("参考", (Bar("西区", (None, None, Decimal(99)),
                 ("", "", "99.0％")),))), (Guide("基準 60％", Decimal(60)), Guide("目標 100％", Decimal(100))), Decimal(120),
                 ChartLabels("区", "値", "区分", "表", "図 1（基準 60％、目標 100％）"))
    counts = Chart("overview", "図 2", "説明二", "件", ("順調", "不調"), (("", (Bar("1.1.a", (3, 0), ("3件", "0件")),
                   Bar("1.2.a", (0, 2), ("0件", "2件")))),), (), 10, ChartLabels("成果指標", "値", "区分", "表", "図 2"))
    return [rate, counts]


@pytest.fixture(scope="module")
def small() -> tuple[list[Chart], list[etree._Element], etree._Element, object]:
    """Two hand-made charts on the template's workbook, the drawing's alt text set as render/xlsx.py does."""
    charts = _small_charts()
    wb = load_workbook(TEMPLATES / "tables.xlsx")
    described = chart_sheet(wb, charts, SHIPPED)
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z, zipfile.ZipFile(fixed := io.BytesIO(), "w") as w:
        for name in z.namelist():
            data = z.read(name)
            w.writestr(name, describe_drawing(data, described) if name == "xl/drawings/drawing1.xml" else data)
    return _parts(fixed.getvalue(), charts)


@pytest.fixture(scope="module")
def published(edition_2016) -> tuple[list[Chart], list[etree._Element], etree._Element, object]:  # type: ignore[no-untyped-def]
    raw = render_xlsx(edition_2016.document, (TEMPLATES / "tables.xlsx").read_bytes(), "tables.xlsx")
    return _parts(raw, [b for b in edition_2016.document.blocks if isinstance(b, Chart)])


@pytest.fixture(scope="module", params=["small", "published"])
def workbook(request: pytest.FixtureRequest) -> object:
    """The hand-made charts first (fast), then FY2016's."""
    return request.getfixturevalue(request.param)


def test_each_series_refers_to_the_cells_of_its_figures_and_its_name(workbook) -> None:  # type: ignore[no-untyped-def]
    charts, parts, _, ws = workbook
    assert len(parts) == len(charts)
    for chart, part in zip(charts, parts, strict=True):
        series = part.findall(f".//{C}ser")
        assert len(series) == len(chart.series)
        for n, ser in enumerate(series):
            name = _cells(ser.find(f"{C}tx/{C}strRef/{C}f").text)
            assert [ws.cell(r, c).value for r, c in name] == [chart.series[n]]
            values = _cells(ser.find(f"{C}val/{C}numRef/{C}f").text)
            categories = _cells(ser.find(f"{C}cat/{C}numRef/{C}f").text)
            assert len(values) == len(categories) == len(chart.bars())
            assert {c for _, c in categories} == {1} and {c for _, c in values} == {2 + n}
            assert [ws.cell(r, c).value for r, c in categories] == [b.label for b in chart.bars()]
            got = [ws.cell(r, c).value for r, c in values]
            assert got == [None if b.values[n] is None else pytest.approx(float(b.values[n])) for b in chart.bars()]
            assert all(ws.cell(r, c).number_format == number_format(chart) for (r, c), b in zip(values, chart.bars(), strict=True)
                       if b.values[n] is not None)
            assert name[0][0] == values[0][0] - 1  # the name heads its column of figures
            label_format = ser.find(f"{C}dLbls/{C}numFmt").get("formatCode")
            assert label_format == number_format(chart) + ("" if decimals(chart) else ";;")
            assert ser.find(f"{C}dLbls/{C}showVal").get("val") == "1"
            assert [ser.find(f"{C}dLbls/{C}{flag}").get("val") for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent")] == ["0"] * 4
            assert ser.find(f"{C}dLbls/{C}numFmt").get("sourceLinked") == "0"  # the label's own format (LibreOffice took the cell's: 「0件」)
            assert ser.find(f"{C}dLbls/{C}spPr/{A}solidFill/{A}srgbClr").get("val") == "FFFFFF"  # figures on white, readable on any bar


def test_series_are_told_apart_by_pattern_and_colour(workbook) -> None:  # type: ignore[no-untyped-def]
    charts, parts, _, _ = workbook
    for part in parts:
        for n, ser in enumerate(part.findall(f".//{C}ser")):
            colour, pattern = xlsx_charts.FILLS[n % len(xlsx_charts.FILLS)]
            props = ser.find(f"{C}spPr")
            if pattern is None:
                assert props.find(f"{A}solidFill/{A}srgbClr").get("val") == colour
            else:
                fill = props.find(f"{A}pattFill")
                assert fill.get("prst") == pattern and fill.find(f"{A}fgClr/{A}srgbClr").get("val") == colour
                assert fill.find(f"{A}bgClr/{A}srgbClr").get("val") == "FFFFFF"
            assert props.find(f"{A}ln/{A}solidFill/{A}srgbClr").get("val") == colour
    assert len({p for _, p in xlsx_charts.FILLS}) == len(xlsx_charts.FILLS)  # no two series alike without colour


def test_titles_scale_and_axes(workbook) -> None:  # type: ignore[no-untyped-def]
    charts, parts, drawing, ws = workbook
    for chart, part in zip(charts, parts, strict=True):
        title = "".join(part.find(f"{C}chart/{C}title").itertext())
        assert title == chart.labels.workbook_title
        scaling = part.find(f".//{C}valAx/{C}scaling")
        assert float(scaling.find(f"{C}max").get("val")) == float(chart.maximum) and float(scaling.find(f"{C}min").get("val")) == 0
        assert part.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"  # the first bar on top
        assert part.find(f".//{C}catAx/{C}tickLblSkip").get("val") == "1"
        assert part.find(f".//{C}catAx/{C}delete").get("val") == "0" and part.find(f".//{C}valAx/{C}delete").get("val") == "0"
        assert "".join(part.find(f".//{C}valAx/{C}title").itertext()) == chart.unit
        assert part.find(f".//{C}grouping").get("val") == "stacked" and part.find(f".//{C}barDir").get("val") == "bar"
        assert part.find(f".//{C}legend/{C}legendPos").get("val") == "b"
    anchors = drawing.findall(f"{XDR}oneCellAnchor")
    assert [a.find(f"{XDR}graphicFrame/{XDR}nvGraphicFramePr/{XDR}cNvPr").get("descr") for a in anchors] == [c.description for c in charts]
    rows = [int(a.find(f"{XDR}from/{XDR}row").text) for a in anchors]
    heights = [int(a.find(f"{XDR}ext").get("cy")) / 360000 for a in anchors]  # EMU to cm
    for (row, height), following, chart in zip(zip(rows, heights, strict=True), rows[1:], charts, strict=False):
        assert following >= row + height / xlsx_charts.SHEET_ROW_CM  # the next chart starts below this one
        assert height >= xlsx_charts.ROW_CM * len(chart.bars())  # a bar's height for every category
    assert {int(a.find(f"{XDR}from/{XDR}col").text) for a in anchors} == {5}  # column F, beside the figures
    assert rows[0] == 2 and ws.cell(2, 1).value.startswith("報告書の図を")  # the first chart right under the sheet's note (row 3)
    for part in parts:
        assert part.find(f".//{C}overlap").get("val") == "100" and part.find(f".//{C}gapWidth").get("val") == "60"  # stacked, 0.8 cm bars
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("portrait", 9, 1, 0)  # A4, one page wide
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    for chart, row in zip(charts, rows, strict=True):
        assert ws.cell(row + 1, 1).value == chart.title and ws.cell(row + 2, 1).value == chart.labels.category
        assert ws.cell(row + 3 + len(chart.bars()), 1).value == ("、".join(g.label for g in chart.guides) or None)


def _chart(values: tuple[Decimal | int | None, ...], unit: str = "件") -> Chart:
    return Chart("k", "題", "説明", unit, ("a", "b"), (("", (Bar("x", values, ("", "")),)),), (), 10,
                 ChartLabels("区", "値", "区分", "表", "エクセルの題"))


def test_formats_follow_the_figures_and_the_unit() -> None:
    assert not decimals(_chart((3, 4))) and number_format(_chart((3, 4))) == '#,##0"件"'
    assert decimals(_chart((Decimal("3.5"), None), "％")) and number_format(_chart((Decimal("3.5"), None), "％")) == '0.0"％"'
    assert number_format(_chart((1, None), 'a"b')) == "#,##0\\a\\\"\\b"  # a quote in the unit cannot end the literal


def test_no_sheet_without_charts_and_the_alt_text_goes_to_each_frame_in_order() -> None:
    wb = load_workbook(TEMPLATES / "tables.xlsx")  # its named styles (表題)
    assert chart_sheet(wb, []) == [] and SHEET not in wb.sheetnames
    assert chart_sheet(wb, [_chart((1, 2)), _chart((3, None))]) == ["説明", "説明"] and wb.sheetnames[-1] == SHEET
    part = (b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">'
            + b"".join(b'<xdr:oneCellAnchor><xdr:graphicFrame><xdr:nvGraphicFramePr><xdr:cNvPr id="%d" name="c"/>'
                       b"</xdr:nvGraphicFramePr></xdr:graphicFrame></xdr:oneCellAnchor>" % n for n in (1, 2)) + b"</xdr:wsDr>")
    raw = describe_drawing(part, ["一つ目 <&>", "二つ目"])
    assert raw.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")
    out = etree.fromstring(raw)
    assert [e.get("descr") for e in out.iter(f"{XDR}cNvPr")] == ["一つ目 <&>", "二つ目"]
    with pytest.raises(ValueError):
        describe_drawing(part, ["一つだけ"])  # a frame without its text alternative is a bug, not a quiet gap


def test_the_drawing_part_is_read_without_expanding_entities() -> None:
    part = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "EXPANDED">]>'
            b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"><xdr:oneCellAnchor>'
            b'<xdr:graphicFrame><xdr:nvGraphicFramePr><xdr:cNvPr id="1" name="&e;"/></xdr:nvGraphicFramePr></xdr:graphicFrame>'
            b"</xdr:oneCellAnchor></xdr:wsDr>")
    assert b"EXPANDED\"" not in describe_drawing(part, ["説明"]).split(b"]>")[-1]

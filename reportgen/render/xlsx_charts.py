"""The workbook's charts: every chart of the document as a native Excel chart (openpyxl.chart) on a sheet of its own.

The data sheets hold no shapes (統一ルール 2-7), so the charts go on the sheet 「グラフ」 with the
figures each one draws beside it (numbers, not text), and every chart carries its text
alternative (``descr`` of its drawing frame, Excel's 代替テキスト), which openpyxl does not write:
:func:`describe_drawing` adds it to the drawing part after saving.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.colors import ColorChoice
from openpyxl.drawing.fill import PatternFillProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.workbook.workbook import Workbook

from reportgen.document import Chart, EditionWords
from reportgen.render.xlsx_print import a4_one_page_wide

SHEET = "グラフ"
FILLS: tuple[tuple[str, Literal["dkUpDiag", "pct25"] | None], ...] = (("1F4E79", None), ("9C3D00", "dkUpDiag"), ("5A5A5A", "pct25"))
"""Each series' colour and pattern (solid, hatched, dotted): told apart without colour, as in the SVG."""
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
SHEET_ROW_CM = 0.53
"""A row of the sheet at the default height (15 pt): the next chart starts below this one."""
ROW_CM = 0.8
"""The height a bar takes in the chart (cm): every category label shown, figures beside the bars."""


def _own_label_format(chart: BarChart) -> None:
    """Make ``chart``'s data labels keep their own number format: ``sourceLinked="0"``, which openpyxl does not write.

    Without it LibreOffice labels a bar with its cell's format, so the empty segments of 表2の概観
    read 「0件」 after the bar beside them (seen in LibreOffice's PDF); Excel takes the label's format
    either way. (A subclass of BarChart would lose openpyxl's serialisation: its fields are per class.)
    """
    write = chart._write  # type: ignore[attr-defined]  # openpyxl's stubs omit ChartBase._write

    def written() -> Any:
        tree = write()
        for labels in tree.iter("dLbls"):
            for number_format in labels.iter("numFmt"):
                number_format.set("sourceLinked", "0")
        return tree

    setattr(chart, "_write", written)  # noqa: B010  # the instance's own writer, called when the workbook is saved


def _style(chart: BarChart, count: int, label_format: str) -> None:
    for n, series in enumerate(chart.series[:count]):
        colour, pattern = FILLS[n % len(FILLS)]
        props = GraphicalProperties()
        if pattern is None:
            props.solidFill = colour
        else:
            props.pattFill = PatternFillProperties(prst=pattern, fgClr=ColorChoice(srgbClr=colour),  # type: ignore[arg-type]  # the stubs want an RGB object; openpyxl takes hex
                                                   bgClr=ColorChoice(srgbClr="FFFFFF"))  # type: ignore[arg-type]
        props.line = LineProperties(solidFill=colour)
        series.graphicalProperties = props
        series.dLbls = DataLabelList(numFmt=label_format, showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                     showPercent=False, spPr=GraphicalProperties(solidFill="FFFFFF"))  # on white, as in the SVG: dark text
        # on the dark blue bar would be 2.4:1, under the 4.5:1 text needs


def decimals(chart: Chart) -> bool:
    """True when the chart's figures carry a decimal (progress rates, 86.0％), False for whole counts (3件)."""
    return any(isinstance(v, Decimal) for bar in chart.bars() for v in bar.values)


def number_format(chart: Chart) -> str:
    """The Excel number format of the chart's figures: one decimal or whole, followed by its unit as literal text."""
    unit = f'"{chart.unit}"' if '"' not in chart.unit else "".join(f"\\{c}" for c in chart.unit)
    return ("0.0" if decimals(chart) else "#,##0") + unit


def chart_sheet(wb: Workbook, charts: list[Chart], words: EditionWords | None = None) -> list[str]:
    """Add the sheet 「グラフ」 with each chart and its figures; return the charts' text alternatives in order.

    ``words`` (the document's, written by templates/sentences/web/sheet/) head and explain the sheet in A1 and A2.
    """
    words = words or EditionWords()
    if not charts:
        return []
    ws = wb.create_sheet(SHEET)
    a4_one_page_wide(ws, "portrait")  # printing the whole workbook prints the charts too, each figure beside its chart
    ws["A1"] = words.sheet_title
    ws["A1"].style = "表題"
    ws["A2"] = words.sheet_note
    ws.column_dimensions["A"].width = 14
    row = 3
    descriptions = []
    for chart in charts:
        bars = chart.bars()
        ws.cell(row, 1, chart.title)
        ws.cell(row + 1, 1, chart.labels.category)
        for n, name in enumerate(chart.series):
            ws.cell(row + 1, 2 + n, name)
        for k, bar in enumerate(bars):
            ws.cell(row + 2 + k, 1, bar.label)
            for n, value in enumerate(bar.values):
                if value is not None:
                    cell = ws.cell(row + 2 + k, 2 + n, value)
                    cell.number_format = number_format(chart)
        guides = "、".join(g.label for g in chart.guides)
        ws.cell(row + 2 + len(bars), 1, guides)
        bar_chart = BarChart()
        _own_label_format(bar_chart)
        bar_chart.type = "bar"
        bar_chart.grouping = "stacked"
        bar_chart.overlap = 100
        bar_chart.gapWidth = 60
        bar_chart.title = chart.labels.workbook_title
        bar_chart.x_axis.title = None
        bar_chart.y_axis.title = chart.unit
        bar_chart.y_axis.scaling.min = 0
        bar_chart.y_axis.scaling.max = float(chart.maximum)
        bar_chart.x_axis.scaling.orientation = "maxMin"  # the first bar on top, as in the table
        bar_chart.y_axis.delete = False
        bar_chart.x_axis.delete = False
        bar_chart.x_axis.tickLblSkip = 1  # every ward or indicator named, none skipped
        data = Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=row + 1, max_row=row + 1 + len(bars))
        bar_chart.add_data(data, titles_from_data=True)
        bar_chart.set_categories(Reference(ws, min_col=1, min_row=row + 2, max_row=row + 1 + len(bars)))
        _style(bar_chart, len(chart.series), number_format(chart) + ("" if decimals(chart) else ";;"))  # no 「0件」 on an empty segment
        bar_chart.height = max(7.5, 2.5 + ROW_CM * len(bars))
        bar_chart.width = 18
        bar_chart.legend.position = "b"
        ws.add_chart(bar_chart, f"F{row}")
        descriptions.append(chart.description)
        row += max(len(bars) + 4, int(bar_chart.height / SHEET_ROW_CM) + 2)
    return descriptions


def describe_drawing(part: bytes, descriptions: list[str]) -> bytes:
    """The drawing part with each chart frame's ``descr`` (alternative text) set, in the order the charts were added."""
    root = etree.fromstring(part, etree.XMLParser(resolve_entities=False, no_network=True))
    frames = root.findall(f".//{{{XDR}}}graphicFrame/{{{XDR}}}nvGraphicFramePr/{{{XDR}}}cNvPr")
    for element, text in zip(frames, descriptions, strict=True):
        element.set("descr", text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

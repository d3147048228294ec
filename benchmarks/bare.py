"""The practical floor: everything a build writes, written with python-docx, openpyxl, Pillow and the
standard library and nothing else (no input checks, no rules, no styles, no merges). Used by
run.py, which extracts the content from a real build.

    python benchmarks/bare.py CONTENT.json OUTPUT_FOLDER

Everything a build writes from data is here: the title and header, the contents' entries, every
heading, paragraph, table caption, cell and note, the footnotes' text, every chart as a PNG picture
drawn with Pillow (same size, bars, patterns, lines, texts and font; a palette PNG at the same
compression and dpi) with its alt text and caption, every sheet's cells and the native Excel charts
on グラフ (same ranges, titles, scales, fills and labels), every CSV file (UTF-8 with BOM, every
field quoted), report.txt, the generated text as JSON (.reportgen-base.json), and the web edition: index.html and every ward page (the same headings,
paragraphs, tables with their spans, style sheet and inline SVG charts, escaped with html.escape).
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from html import escape
from pathlib import Path
from typing import Any

import docx
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.colors import ColorChoice
from openpyxl.drawing.fill import PatternFillProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.utils.cell import range_boundaries
from PIL import Image, ImageDraw, ImageFont

SERIES = (("#1f4e79", "solid"), ("#9c3d00", "hatch"), ("#5a5a5a", "dots"))
TEXT, WHITE = 0x1A, 0xFF
INK: tuple[Any, ...] = (0, 1, 0x5A)  # the series' palette indices: two colours below the grays, one gray at its own level
MODE = "L"  # "RGB" when the build's pictures are RGB (builds before 2026-11-30 12:00): set by main()
PALETTE = bytes(v for n in range(256) for v in ((0x1F, 0x4E, 0x79) if n == 0 else (0x9C, 0x3D, 0x00) if n == 1 else (n, n, n)))
SCALE = 2
ANCHOR = {"start": "ls", "middle": "ms", "end": "rs"}


def strip(series: int, width: int) -> Image.Image:
    """A series' pattern, 512 rows of it, repeated down the picture."""
    colour, kind = SERIES[series]
    image = Image.new(MODE, (width, 512), INK[series] if kind == "solid" else WHITE)
    draw = ImageDraw.Draw(image)
    cell = 8 * SCALE
    if kind == "hatch":
        for k in range(-512, width + 512, cell):
            draw.line([(k, 512), (k + 512, 0)], fill=INK[series], width=int(2.5 * SCALE))
    if kind == "dots":
        r = 2.2 * SCALE
        for x in range(0, width, cell):
            for y in range(0, 512, cell):
                draw.ellipse([x + cell / 2 - r, y + cell / 2 - r, x + cell / 2 + r, y + cell / 2 + r], fill=INK[series])
    return image


def png(chart: dict[str, Any], font: str, fonts: dict[tuple[int, bool], Any], strips: dict[tuple[int, int], Image.Image]) -> bytes:
    """The chart's shapes painted with Pillow as a palette PNG."""
    width, height = round(chart["width"] * SCALE), round(chart["height"] * SCALE)
    image = Image.new(MODE, (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    for kind, *s in chart["shapes"]:
        if kind == "box":
            x, y, w, h, series = s
            box = (round(x * SCALE), round(y * SCALE), round((x + w) * SCALE), round((y + h) * SCALE))
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            if series is None:
                draw.rectangle(box, fill=WHITE)
                continue
            if (series, width) not in strips:
                strips[series, width] = strip(series, 256 * -(-width // 256))
            tile = strips[series, width]
            top = box[1]
            while top < box[3]:
                rows = min(box[3] - top, 256)
                image.paste(tile.crop((box[0], top % 256, box[2], top % 256 + rows)), (box[0], top))
                top += rows
            draw.rectangle(box, outline=INK[series], width=SCALE)
        elif kind == "line":
            x1, y1, x2, y2, w, dash = (s[0] * SCALE, s[1] * SCALE, s[2] * SCALE, s[3] * SCALE, max(1, round(s[4] * SCALE)), s[5])
            if not dash:
                draw.line([(x1, y1), (x2, y2)], fill=TEXT, width=w)
                continue
            length = math.hypot(x2 - x1, y2 - y1)
            at = 0.0
            while length and at < length:
                end = min(at + dash[0] * SCALE, length)
                draw.line([(x1 + (x2 - x1) * at / length, y1 + (y2 - y1) * at / length),
                           (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)], fill=TEXT, width=w)
                at = end + dash[1 % len(dash)] * SCALE
        else:
            x, y, text, anchor, size, bold = s
            key = (round(size * SCALE), bold)
            if key not in fonts:
                path = Path(font)
                bold_path = path.with_name(path.name.replace("-Regular", "-Bold"))
                fonts[key] = ImageFont.truetype(str(bold_path if bold and bold_path.is_file() else path), key[0])
            draw.text((x * SCALE, y * SCALE), text, fill=TEXT, font=fonts[key], anchor=ANCHOR[anchor])
    if MODE == "L":
        image.putpalette(PALETTE)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6, dpi=(72 * SCALE, 72 * SCALE))
    return out.getvalue()


def num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(chart: dict[str, Any], ident: str) -> str:
    """The chart's shapes as one inline ``<svg>`` (patterns, boxes, lines, texts)."""
    defs = "".join(f'<pattern id="{ident}-p{n}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" '
                   f'fill="{c if k == "solid" else "#ffffff"}"/>'
                   + ('<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="' + c + '" stroke-width="2.5"/>' if k == "hatch" else "")
                   + (f'<circle cx="4" cy="4" r="2.2" fill="{c}"/>' if k == "dots" else "") + "</pattern>" for n, (c, k) in enumerate(SERIES))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {num(chart["width"])} {num(chart["height"])}" '
           f'width="{num(chart["width"])}" height="{num(chart["height"])}" aria-labelledby="{ident}-t {ident}-d" font-size="12" fill="#1a1a1a">'
           f'<title id="{ident}-t">{escape(chart["title"])}</title><desc id="{ident}-d">{escape(chart["description"])}</desc>'
           f'<defs>{defs}</defs><rect width="100%" height="100%" fill="#ffffff"/>']
    for kind, *s in chart["shapes"]:
        if kind == "box":
            fill = "#ffffff" if s[4] is None else f"url(#{ident}-p{s[4]})"
            stroke = "" if s[4] is None else f' stroke="{SERIES[s[4]][0]}"'
            out.append(f'<rect x="{num(s[0])}" y="{num(s[1])}" width="{num(s[2])}" height="{num(s[3])}" fill="{fill}"{stroke}/>')
        elif kind == "line":
            dash = f' stroke-dasharray="{" ".join(num(d) for d in s[5])}"' if s[5] else ""
            out.append(f'<line x1="{num(s[0])}" y1="{num(s[1])}" x2="{num(s[2])}" y2="{num(s[3])}" stroke="#1a1a1a" stroke-width="{num(s[4])}"{dash}/>')
        else:
            out.append(f'<text x="{num(s[0])}" y="{num(s[1])}" text-anchor="{s[3]}" font-size="{num(s[4])}">{escape(s[2])}</text>')
    return "".join(out) + "</svg>"


def page(content: dict[str, Any], charts: dict[str, Any]) -> str:
    """A web page: its headings, paragraphs, tables and figures, escaped, in the frame with its style sheet."""
    body = []
    for n, (kind, *rest) in enumerate(content["items"]):
        if kind == "table":
            caption, rows = rest
            cells = "".join("<tr>" + "".join(f'<{t} rowspan="{r}" colspan="{c}">{escape(text)}</{t}>' for t, r, c, text in row) + "</tr>"
                            for row in rows)
            body.append(f'<div class="scroll"><table><caption>{escape(caption)}</caption>{cells}</table></div>')
        elif kind == "svg":
            body.append(f'<div class="svg">{svg(charts[rest[0]], f"c{n}")}</div>')
        else:
            body.append(f"<{kind}>{escape(rest[0])}</{kind}>")
    return (f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>{escape(content["title"])}</title>'
            f'<style>{content["style"]}</style></head><body><main id="main">{"".join(body)}</main></body></html>\n')


def xlsx_chart(ws: Any, spec: dict[str, Any]) -> None:
    """A native bar chart on ``ws`` from the figures beside it, as the build's sheet グラフ has it."""
    first, last = range_boundaries(spec["values"][0].split("!")[1]), range_boundaries(spec["values"][-1].split("!")[1])
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 60
    chart.title = spec["title"]
    chart.y_axis.title = spec["unit"]
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, spec["maximum"]
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.x_axis.tickLblSkip = 1
    chart.add_data(Reference(ws, min_col=first[0], max_col=last[2], min_row=first[1] - 1, max_row=first[3]), titles_from_data=True)
    cats = range_boundaries(spec["categories"].split("!")[1])
    chart.set_categories(Reference(ws, min_col=cats[0], min_row=cats[1], max_row=cats[3]))
    for series, (colour, pattern) in zip(chart.series, spec["fills"], strict=False):
        props = GraphicalProperties()
        if pattern is None:
            props.solidFill = colour
        else:
            props.pattFill = PatternFillProperties(prst=pattern, fgClr=ColorChoice(srgbClr=colour), bgClr=ColorChoice(srgbClr="FFFFFF"))
        props.line = LineProperties(solidFill=colour)
        series.graphicalProperties = props
        series.dLbls = DataLabelList(numFmt=spec["format"], showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                     showPercent=False)
    chart.height, chart.width = spec["height"], spec["width"]
    chart.legend.position = "b"
    ws.add_chart(chart, spec["anchor"])


def main(content_path: str, out: str) -> None:
    global MODE, INK, TEXT, WHITE
    content = json.loads(Path(content_path).read_text(encoding="utf-8"))
    if content["picture_mode"] == "RGB":
        MODE, TEXT, WHITE = "RGB", (0x1A, 0x1A, 0x1A), (0xFF, 0xFF, 0xFF)
        INK = tuple(tuple(int(c[k:k + 2], 16) for k in (1, 3, 5)) for c, _ in SERIES)
    folder = Path(out)
    (folder / "csv").mkdir(parents=True, exist_ok=True)
    (folder / "html" / "wards").mkdir(parents=True, exist_ok=True)
    charts = content["charts"]
    fonts: dict[tuple[int, bool], Any] = {}
    strips: dict[tuple[int, int], Image.Image] = {}
    document = docx.Document()
    document.core_properties.title = content["title"]
    document.sections[0].header.paragraphs[0].text = content["title"]
    for kind, value in content["blocks"]:
        if kind == "p":
            document.add_paragraph(value)
        elif kind == "c":
            chart = charts[value]
            if content["font"]:
                picture = document.add_picture(io.BytesIO(png(chart, content["font"], fonts, strips)),
                                               width=Cm(min(16.0, chart["width"] * 2.54 / 96)))
                picture._inline.docPr.set("descr", chart["description"])
                picture._inline.docPr.set("title", value)
            document.add_paragraph(value)
        else:
            table = document.add_table(rows=len(value), cols=len(value[0]))
            for row, texts in zip(table.rows, value, strict=True):
                for cell, text in zip(row.cells, texts, strict=True):
                    cell.text = text
    document.save(folder / "report.docx")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in content["sheets"].items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for spec in content["xlsx_charts"]:
        xlsx_chart(workbook["グラフ"], spec)
    workbook.save(folder / "tables.xlsx")
    for name, rows in content["csv"].items():
        buffer = io.StringIO(newline="")
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
        (folder / "csv" / name).write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    (folder / "report.txt").write_text(content["text"], encoding="utf-8")
    (folder / ".reportgen-base.json").write_text(json.dumps(content["base"], ensure_ascii=False, indent=1), encoding="utf-8")
    for name, html in content["html"].items():
        (folder / "html" / name).write_bytes(page(html, charts).encode("utf-8"))


if __name__ == "__main__":
    main(*sys.argv[1:3])

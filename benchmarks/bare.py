"""The practical floor: the same paragraphs, table cells, sheet cells, CSV files and text as a build,
with python-docx, openpyxl and the standard library and nothing else (no input checks, no rules, no
styles, no merges). Used by run.py, which extracts the content from a real build.

    python benchmarks/bare.py CONTENT.json OUTPUT_FOLDER

Everything a build writes from data is here: the title and header, the contents' entries, every
heading, paragraph, table caption, cell and note, the footnotes' text, every sheet's cells, every
CSV file (UTF-8 with BOM, every field quoted) and report.txt.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import docx
from openpyxl import Workbook


def main(content_path: str, out: str) -> None:
    content = json.loads(Path(content_path).read_text(encoding="utf-8"))
    folder = Path(out)
    (folder / "csv").mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.core_properties.title = content["title"]
    document.sections[0].header.paragraphs[0].text = content["title"]
    for kind, value in content["blocks"]:
        if kind == "p":
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
    workbook.save(folder / "tables.xlsx")
    for name, rows in content["csv"].items():
        buffer = io.StringIO(newline="")
        csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
        (folder / "csv" / name).write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    (folder / "report.txt").write_text(content["text"], encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])

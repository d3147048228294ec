"""The practical floor: the same paragraphs, table cells and sheet cells, with python-docx and
openpyxl and nothing else (no rules, no styles, no merges, no checks). Used by run.py.

    python benchmarks/bare.py CONTENT.json OUTPUT_FOLDER
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import docx
from openpyxl import Workbook


def main(content_path: str, out: str) -> None:
    content = json.loads(Path(content_path).read_text(encoding="utf-8"))
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
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


if __name__ == "__main__":
    main(*sys.argv[1:3])

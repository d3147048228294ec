"""What the published files say about themselves: the workbook's cover facts, sheet names and numbered notes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from reportgen import jp
from reportgen.document import About, DataTable, Note, Paragraph

SHEETS = {
    "table1": ("表1データ", "成果指標ごとに1行、最後に合計の行"),
    "table2": ("表2データ", "成果指標と合計ごとに、集計区分ごとに1行"),
    "ward_results": ("区別実績", "区×成果指標ごとに1行。実績値・進捗率・判定（前年度と今年度）"),
    "columns": ("列の説明", "各データの列の説明と単位、このデータの出典と公表日"),
}
"""Each data table's sheet name in the workbook (Japanese, as every sheet name) and what a row holds."""
NOTED_TABLES = ("table2",)
"""The data tables that refer to the notes under 表2 (※1…)."""
CONTACT_HINT = "（問い合わせ先はまだ書かれていません。data/年度/edition.yaml の contact に担当部署の連絡先を書くと、ここに表示されます）"
"""What the cover says while the data names no contact (edition.yaml ``contact``)."""


PLATFORM_DEPENDENT = re.compile("[\u2460-\u2473\u2474-\u2487\u32d0-\u32fe]")
"""① ⑴ ㋐: 機種依存文字 (統一ルール 2-9), printed only; data writes them as 1, (1), ア (NFKC)."""


def plain_marks(text: str) -> str:
    """``text`` with ① ⑴ ㋐ written as 1, (1), ア for the data sheets and CSV."""
    return PLATFORM_DEPENDENT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def numbered_notes(paragraphs: Sequence[Paragraph]) -> tuple[Note, ...]:
    """The ※1… notes under a table as numbered notes: each ※ paragraph with the paragraphs after it."""
    notes: list[Note] = []
    for paragraph in paragraphs:
        mark, _, rest = paragraph.text.partition(" ")
        if mark.startswith("※") and mark[1:].isdigit():
            notes.append(Note(mark, plain_marks(rest.strip())))
        elif notes:
            notes[-1] = Note(notes[-1].mark, f"{notes[-1].text}\n{plain_marks(paragraph.text)}")
    return tuple(notes)


def sheeted(table: DataTable, notes: Sequence[Note]) -> DataTable:
    """``table`` with its sheet name, what a row holds, and the notes it refers to."""
    sheet, summary = SHEETS.get(table.name, (table.name, ""))
    marks = tuple(n.mark for n in notes) if table.name in NOTED_TABLES else ()
    return replace(table, sheet=sheet, summary=summary, refers=marks)


def about(fiscal_year: int, author: str, title: str, contact: str, notes: tuple[Note, ...]) -> About:
    """What the workbook's cover states: the period, the source (as columns.csv states it), whom to ask, the notes."""
    period = f"{jp.fiscal_year_label(fiscal_year, western=True)}、{fiscal_year}-04-01から{fiscal_year + 1}-03-31まで"
    return About(period, f"{author}『{title}』", contact, CONTACT_HINT, notes)

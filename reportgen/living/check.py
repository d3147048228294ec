"""``reportgen check``: the figures and generated statements of an edited report.docx that no longer agree with the data.

A reworded sentence is fine; a wrong figure is not. So a generated paragraph is compared by the
numbers it states: every number in the editor's sentence (18 in 「18区」, 134 in 「134件」, 28 in
「平成28年度」, 4 in 「約4割」) must be one the fresh generation of that sentence states too, as often.
Dropping a number is a rewording; a number the data does not give is a finding. A table cell is
compared the same way, by its numbers (「▲ 5」 is −5, 「参考：24」 is 24), at its grid position.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from reportgen.document.marks import Mark, cell_place, table_texts
from reportgen.living import wordxml as wx
from reportgen.living.package import Package

_NUMBER = re.compile(r"([▲△-]\s*)?(\d[\d,]*(?:\.\d+)?)")


def numbers(text: str) -> Counter[str]:
    """The numbers ``text`` states, as normalised strings (full width and commas removed, ▲ as minus)."""
    plain = unicodedata.normalize("NFKC", text)
    out: Counter[str] = Counter()
    for sign, digits in _NUMBER.findall(plain):
        value = digits.replace(",", "")
        out[("-" if sign.strip() else "") + value] += 1
    return out


@dataclass
class Finding:
    """One statement or figure of the document that the data does not give."""

    place: str
    message: str


@dataclass
class Report:
    """What ``check`` found: findings (exit 1) and notes (shown only)."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: int = 0
    file: str = "report.docx"
    """The report checked, as the user named it (for the messages)."""


def _sentence(mark: Mark, p: object, report: Report) -> None:
    assert mark.paragraph is not None
    editor, fresh = wx.text(p), wx.normal(mark.paragraph.text)  # type: ignore[arg-type]
    report.checked += 1
    if editor == fresh:
        return
    wrong = numbers(editor) - numbers(fresh)
    if wrong:
        stated = "、".join(sorted(wrong))
        report.findings.append(Finding(f"{mark.where}「{editor}」",
            f"{stated} はデータと合いません。データから作成した文: 「{fresh}」 (the figures stated do not agree with the data)"))


def _table(mark: Mark, p: object, report: Report) -> None:
    assert mark.table is not None
    tbl = wx.table_of(p)  # type: ignore[arg-type]
    if tbl is None:
        report.notes.append(f"{mark.where}: {mark.table.caption} の目印が表の中にないため、表を確かめられませんでした")
        return
    expected, mine = table_texts(mark.table), wx.cells(tbl)
    if [len(r) for r in expected] != [len(r) for r in mine]:
        report.notes.append(f"{mark.table.caption}: 行・列の数が作成時と違うため、数値を確かめられませんでした (rows or columns changed)")
        return
    for r, row in enumerate(expected):
        for c, text in enumerate(row):
            tc = mine[r][c]
            if text is None or tc is None:
                continue
            report.checked += 1
            editor = wx.cell_text(tc)
            if editor != wx.normal(text) and numbers(editor) != numbers(text):
                report.findings.append(Finding(cell_place(mark.table, r, c),
                    f"「{editor}」はデータと合いません（データでは「{text}」） (does not agree with the data)"))


def check(edited: Package, marks: list[Mark]) -> Report:
    """Compare every marked part of ``edited`` with the fresh generation ``marks``."""
    report = Report(file=edited.name)
    found = wx.marked(edited.body)
    fresh_ids = set()
    for mark in marks:
        fresh_ids.add(mark.id)
        p = found.get(mark.id)
        if p is None:
            continue
        if mark.table is not None:
            _table(mark, p, report)
        else:
            _sentence(mark, p, report)
    for ident, p in found.items():
        if ident not in fresh_ids:
            report.findings.append(Finding(f"「{wx.text(p)}」",
                "今のデータでは作成されない文です（データの修正で当てはまらなくなりました。reportgen update で確かめてください）"))
    return report

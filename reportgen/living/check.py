"""``reportgen check``: the figures and generated statements of an edited report.docx that no longer agree with the data.

A reworded sentence is fine; a wrong figure is not. So a generated paragraph is compared by the
numbers it states: every number in the editor's sentence (18 in 「18区」, 134 in 「134件」, 28 in
「平成28年度」, 4 in 「約4割」) must be one the fresh generation of that sentence states too, as often.
Dropping a number is a rewording; a number the data does not give is a finding. A table cell is
compared the same way, by its numbers (「▲ 5」 is −5, 「参考：24」 is 24), at its grid position.

A chart (図) is compared by its picture: a picture whose PNG is not the one the current data draws
is listed (stale: ``reportgen update`` redraws it when the editors left it as generated), and its
alt text (``descr``) and caption are compared by their numbers like a sentence. Each picture of a
chart split to fit its page (``<id>-2`` …) is compared on its own and named by its caption (「（2/3）」).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from reportgen.document.marks import Mark, cell_place, table_texts
from reportgen.living import pictures as px
from reportgen.living import wordxml as wx
from reportgen.living.merge import with_parts
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


def _words(place: str, editor: str, fresh: str, what: str, report: Report) -> None:
    """A chart's alt text or caption: a finding when it states a number the fresh one does not."""
    report.checked += 1
    wrong = numbers(editor) - numbers(fresh)
    if editor != fresh and wrong:
        shown = fresh if len(fresh) <= 80 else fresh[:79] + "…"
        report.findings.append(Finding(place, f"{what}の {'、'.join(sorted(wrong))} はデータと合いません。"
                                              f"データから作成した{what}: 「{shown}」 (the figures stated do not agree with the data)"))


def _chart(mark: Mark, p: object, edited: Package, fresh: Package | None, report: Report, generated: object,
           split: bool = False) -> None:
    """A chart's picture (or, ``split``, one part's: named by its caption 「図 … （2/3）」), alt text and caption."""
    assert mark.chart is not None
    caption = wx.marked(edited.body, captions=True).get(mark.id)
    fresh_caption = wx.marked(fresh.body, captions=True).get(mark.id) if fresh is not None else None
    where = f"{mark.where} {wx.text(fresh_caption) if split and fresh_caption is not None else mark.chart.title}"
    if caption is not None and fresh_caption is not None:
        _words(f"{where}（見出し）", wx.text(caption), wx.text(fresh_caption), "図の見出し", report)
    mine = px.picture(edited, p) if p is not None else None  # type: ignore[arg-type]
    if mine is None:  # dragged into another paragraph: found by the bytes the last build or update wrote
        mine = px.moved(edited, generated)
    fresh_p = wx.marked(fresh.body).get(mark.id) if fresh is not None else None
    new = px.picture(fresh, fresh_p) if fresh is not None and fresh_p is not None else None
    if mine is None or new is None:
        return
    report.checked += 1
    if mine.digest != new.digest:
        report.findings.append(Finding(where, "図が今のデータから描いた図と違います（古いデータの図か、差し替えられた図です。"
                                              "reportgen update で描き直せます） (the chart does not show the current data)"))
    _words(f"{where}（代替テキスト）", mine.descr, new.descr, "図の代替テキスト", report)


def check(edited: Package, marks: list[Mark], fresh: Package | None = None,
          base: Mapping[str, Mapping[str, object]] | None = None) -> Report:
    """Compare every marked part of ``edited`` with the fresh generation ``marks`` (and, for the charts, its
    report.docx ``fresh`` and the update base, which names each chart's picture as last written)."""
    report = Report(file=edited.name)
    found = wx.marked(edited.body)
    fresh_marked = wx.marked(fresh.body) if fresh is not None else {}
    bases = with_parts(base or {})
    fresh_ids = set()
    for mark in marks:
        fresh_ids.add(mark.id)
        p = found.get(mark.id)
        if mark.chart is not None:
            # each picture of a chart the fresh report.docx split to fit its page is a part of its own (<id>-2 …)
            more = px.part_ids(fresh_marked, mark.id)
            for ident in (mark.id, *more):
                fresh_ids.add(ident)
                part = mark if ident == mark.id else Mark(ident, mark.place, chart=mark.chart)
                _chart(part, found.get(ident), edited, fresh, report, bases.get(ident, {}).get("picture"), bool(more))
            continue
        if p is None:
            continue
        if mark.table is not None:
            _table(mark, p, report)
        else:
            _sentence(mark, p, report)
    for ident, p in found.items():
        if ident not in fresh_ids:
            picture = px.picture(edited, p)
            shown = f"図「{picture.doc_pr.get('title', '')}」" if picture is not None and picture.doc_pr is not None else f"「{wx.text(p)}」"
            report.findings.append(Finding(shown,
                f"今のデータでは作成されない{'図' if picture is not None else '文'}です"
                "（データの修正で当てはまらなくなりました。reportgen update で確かめてください）"))
    return report

"""The three-way merge of ``reportgen update``: base (as last generated), the editor's file, the fresh generation.

Per generated part (a marked paragraph, or a cell of a marked table by grid position):

- the editor did not touch it (same text as the base, no formatting of theirs) → it takes the new text;
- the editor changed it and the data did not (new = base) → the editor's text stays;
- the editor changed it and the data changed too → the editor's text stays, a 警告 names the place and a
  Word comment on it carries the new text. Formatting alone (a bolded phrase) counts as a change:
  re-applying it to a sentence whose words changed would be a guess, so the editor decides;
- the editor deleted it → it stays deleted (a note says so);
- a part the new data no longer generates is removed when untouched, commented when edited;
- a part new in this generation is inserted after the generated part that precedes it.

A chart (図; living/pictures.py) is merged by its picture, its alt text and its caption:

- the editor left the picture as generated (its PNG's digest is the base's) → a data change redraws
  it where the editor put it (their paragraph, their width; the height follows the new picture);
- the editor replaced the picture by another → it stays; when the data changed too, that is a
  conflict (a 警告 and a comment carrying the new chart in words);
- the editor deleted it → it stays deleted (a note says so);
- its alt text (``descr``) and caption are merged like a sentence: taken when untouched, kept when
  edited, a conflict when edited and the data changed;
- a chart the new data no longer draws is removed when untouched, commented when not.

A chart report.docx split into several pictures to fit its page (render/docx_charts.py) is several
parts: the first keeps the chart's id, the others are ``<id>-2``, ``<id>-3`` … (their records in the
base under the chart's ``parts``). Each is merged as a chart; a part new in this generation (the data
or the template's page made more of them) is inserted after the part before it, and one no longer
drawn is removed when untouched. A report written before charts were split has one picture per
chart: it is the first part, and the others are inserted after it.

Nothing else of the document is touched: the other elements of document.xml are kept as they were,
and every other part of the package is copied byte for byte.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from reportgen.document.marks import Mark, cell_place
from reportgen.living import pictures as px
from reportgen.living import wordxml as wx
from reportgen.living.comments import add_comments
from reportgen.living.package import Package, w
from reportgen.render.docx_charts import part_id

SHORT = 60


def short(text: str) -> str:
    """A sentence cut for a message line."""
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


@dataclass
class Merge:
    """What the merge did: counts, the conflicts (place, sentence) and notes to show."""

    updated: int = 0
    kept: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pictures: set[str] = field(default_factory=set)
    """The places of conflicts that are charts whose picture the editors replaced (told in their own words)."""
    data: bytes | None = None
    """The merged file, or None when nothing in it changed."""


def with_parts(base: Mapping[str, Mapping[str, object]]) -> dict[str, Mapping[str, object]]:
    """The base with each recorded part of a split chart (its record's ``parts``) as a part of its own, placed
    as its chart; a base written before charts were split has none, and is taken as it is."""
    out: dict[str, Mapping[str, object]] = dict(base)
    for ident, record in base.items():
        parts = record.get("parts")
        for part in parts if isinstance(parts, list) else []:
            # only a part's own id (<id>-2 …): a damaged base never stands in for another generated part
            number = str(part.get("id", "")).removeprefix(f"{ident}-") if isinstance(part, dict) else ""
            if number.isascii() and number.isdigit() and part_id(ident, int(number)) == part.get("id") and int(number) > 1:
                out[part_id(ident, int(number))] = {"place": record.get("place", []), "chart": record.get("chart"), **part}
    return out


@dataclass
class _Merger:
    edited: Package
    fresh: Package
    base: Mapping[str, Mapping[str, object]]
    marks: list[Mark]
    charts_marked: bool = True
    """False for a report written before charts were marked: its charts carry no bookmark, so none is inserted."""
    result: Merge = field(default_factory=Merge)

    def __post_init__(self) -> None:
        names = self.edited.style_names()
        by_name = {name: ident for ident, name in names.items()}
        self.styles = {ident: by_name.get(name, ident) for ident, name in self.fresh.style_names().items()}
        self.in_edit = wx.marked(self.edited.body)
        self.in_fresh = wx.marked(self.fresh.body)
        self.captions_edit = wx.marked(self.edited.body, captions=True)
        self.captions_fresh = wx.marked(self.fresh.body, captions=True)
        self.comments: list[tuple[etree._Element, str]] = []
        self.dirty = False
        self.next_bookmark = max([0, *wx.bookmark_ids(self.edited.body)]) + 1
        self.base = with_parts(self.base)
        self.parts = {m.id: px.part_ids(self.in_fresh, m.id) for m in self.marks if m.chart is not None}
        """Chart id → the ids of its further pictures in the fresh report.docx (none for a chart drawn whole)."""

    def conflict(self, p: etree._Element, place: str, sentence: str, new: str, what: str = "文") -> None:
        self.result.conflicts.append((place, sentence))
        self.comments.append((p, f"【reportgen】データが修正されたため、作成し直した{what}は次のとおりです。"
                                 f"編集された{what}は残しています。採否を決めてください:\n{new}"))
        self.dirty = True

    # -- paragraphs ----------------------------------------------------------------------
    def paragraph(self, mark: Mark, p: etree._Element) -> None:
        self.text_part(p, self.in_fresh[mark.id], self.base.get(mark.id, {}).get("text"), mark.where)

    def text_part(self, p: etree._Element, fresh: etree._Element, base: object, where: str, what: str = "文") -> None:
        editor, new = wx.text(p), wx.text(fresh)
        touched = editor != base or wx.formatted(p)
        if not touched:
            if new != editor:
                wx.replace_runs(p, fresh, self.styles)
                self.result.updated += 1
                self.dirty = True
        elif new == base or editor == new:
            self.result.kept += 1  # the editor's text or formatting stays
        else:
            self.conflict(p, where, editor, new, what)

    # -- charts --------------------------------------------------------------------------
    def chart(self, mark: Mark, p: etree._Element | None, previous: etree._Element | None) -> etree._Element | None:
        """A chart: inserted when new; else its picture redrawn when left as generated (found by its bookmark, or
        by its bytes when dragged into another paragraph), its alt text and caption merged. What follows goes after."""
        assert mark.chart is not None
        record = self.base.get(mark.id)
        name = self.title(mark)
        if p is None and record is None:
            if not self.charts_marked:  # its unmarked picture is there already: a second copy would be wrong
                self.result.notes.append(f"{mark.where}: この報告書は図に印を付ける前の版で作成されたため、"
                                         f"図「{name}」は更新していません（reportgen build --beside で作り直した図と見比べてください）")
                return previous
            return self.insert_chart(mark, previous)
        record = record or {}
        where = f"{mark.where} {name}"
        if "picture" in record and record["picture"] is None and p is None:
            # last written without a Japanese font: stated in words in its caption; this run draws it. The words stay
            # (a caption taking only the title would leave the chart neither drawn nor stated)
            self.result.notes.append(f"{where}: 前回は図を描けず（日本語のフォントがない環境）、図の内容を見出しに文字で記しています。"
                                     "そのままにしました（図は reportgen build --beside で作成した報告書から写してください）")
            return previous
        caption, fresh_caption = self.captions_edit.get(mark.id), self.captions_fresh.get(mark.id)
        if caption is not None and fresh_caption is not None:
            self.text_part(caption, fresh_caption, record.get("caption"), f"{where}（見出し）", "図の見出し")
        mine = px.picture(self.edited, p) if p is not None else None
        if mine is None:
            mine = px.moved(self.edited, record.get("picture"))
        new = px.picture(self.fresh, self.in_fresh[mark.id])
        after = caption if caption is not None and p is not None and p.getnext() is caption else p
        if new is None:
            return after if after is not None else previous
        if mine is None:
            self.result.notes.append(f"{where}: 削除された図は削除したままにしました")
            return after if after is not None else previous
        p = px.paragraph_of(mine) if p is None or px.picture(self.edited, p) is None else p
        assert p is not None
        base = record.get("picture")
        if mine.digest != base:  # the editor's own picture
            if new.digest in (base, mine.digest):
                self.result.kept += 1
            else:
                self.conflict(p, where, "（編集者が差し替えた図）", new.descr, "図")
                self.result.pictures.add(where)
            return after if after is not None else previous
        if new.digest != mine.digest:
            px.redraw(self.edited, mine, self.fresh, new, record.get("size"))
            self.result.updated += 1
            self.dirty = True
        descr, base_descr = mine.descr, record.get("descr")
        if descr == base_descr or descr == new.descr:
            # the title as generated gives way to the new one; one LibreOffice dropped (it keeps no title) is no edit
            title = mine.doc_pr.get("title") if mine.doc_pr is not None else None
            fresh_title = new.doc_pr.get("title") if new.doc_pr is not None else None
            if descr != new.descr or (title is not None and title == record.get("title") and title != fresh_title):
                px.set_alt_text(mine, new)
                self.dirty = True
        elif new.descr == base_descr:
            self.result.kept += 1  # the editor's alt text stays
        else:
            self.conflict(p, f"{where}（代替テキスト）", descr, new.descr, "図の代替テキスト")
        return after if after is not None else previous

    def title(self, mark: Mark) -> str:
        """How messages name a chart: its title, or a part's caption (「図 … （2/3）」) when report.docx split it."""
        assert mark.chart is not None
        caption = self.captions_fresh.get(mark.id)
        split = bool(self.parts.get(mark.id)) or any(mark.id in ids for ids in self.parts.values())
        return wx.text(caption) if split and caption is not None else mark.chart.title

    def chart_parts(self, mark: Mark) -> list[Mark]:
        """A chart's generated parts in order: the chart itself (its first picture), then each further picture of a
        chart the fresh report.docx split to fit its page (``<id>-2`` …), marked as parts of their own."""
        return [mark, *(Mark(ident, mark.place, chart=mark.chart) for ident in self.parts.get(mark.id, []))]

    def chart_gone(self, ident: str, record: Mapping[str, object], p: etree._Element, where: str) -> None:
        """A chart the new data no longer draws: removed with its caption when untouched, commented otherwise."""
        mine = px.picture(self.edited, p)
        caption = self.captions_edit.get(ident)
        untouched = mine is not None and mine.digest == record.get("picture") and mine.descr == record.get("descr")
        if untouched and mine is not None:
            wx.parent(p).remove(p)
            if mine.rel:
                self.edited.drop_relationship(mine.rel)
            if caption is not None and wx.text(caption) == record.get("caption") and not wx.formatted(caption):
                wx.parent(caption).remove(caption)
            self.result.updated += 1
        else:
            self.result.conflicts.append((where, f"図 {record.get('title')}"))
            self.comments.append((p, "【reportgen】データが修正されたため、この図は作成されなくなりました。残すかどうかを決めてください。"))
        self.dirty = True

    def insert_chart(self, mark: Mark, after: etree._Element | None) -> etree._Element | None:
        """A chart new in this generation: its picture (a new image part) and caption after the part before it."""
        assert mark.chart is not None
        fresh_p = self.in_fresh[mark.id]
        new_picture = px.picture(self.fresh, fresh_p)
        if after is None or new_picture is None or new_picture.part is None:
            self.result.notes.append(f"{mark.where}: 新しく作成される図を入れる場所が見つかりませんでした: {self.title(mark)}")
            return None
        anchor = wx.table_of(after) if self._is_table_anchor(after) else after
        elements = [fresh_p] + ([self.captions_fresh[mark.id]] if mark.id in self.captions_fresh else [])
        place = anchor if anchor is not None else after
        copies = []
        for element in elements:
            new = wx.restyle(copy.deepcopy(element), self.styles)
            for b in (*new.iter(w("bookmarkStart")), *new.iter(w("bookmarkEnd"))):
                b.set(w("id"), str(self.next_bookmark + int(b.get(w("id"), "0"))))
            place.addnext(new)
            place = new
            copies.append(new)
        # the copy still names the fresh file's relationship: point it at the picture added to this one
        next(copies[0].iter(f"{{{px.A}}}blip")).set(px.EMBED, self.edited.add_image(self.fresh.read(new_picture.part)))
        for doc_pr in copies[0].iter(f"{{{px.WP}}}docPr"):
            doc_pr.set("id", str(px.next_doc_pr_id(self.edited.body)))
        self.in_edit[mark.id] = copies[0]
        self.result.updated += 1
        self.dirty = True
        return copies[-1]

    def gone(self, ident: str, record: Mapping[str, object], p: etree._Element) -> None:
        """A part the new data no longer generates: removed when untouched, commented when edited."""
        where = " ＞ ".join(str(x) for x in record.get("place", [])) or "（見出しの前）"  # type: ignore[attr-defined]
        if "chart" in record:
            self.chart_gone(ident, record, p, where)
            return
        if "cells" in record:
            self.result.notes.append(f"{where}: 表 {record.get('caption')} は今回のデータでは作成されません。文書の表はそのまま残しています")
            return
        editor = wx.text(p)
        if editor == record.get("text") and not wx.formatted(p):
            wx.parent(p).remove(p)
            self.result.updated += 1
            self.dirty = True
        else:
            self.result.conflicts.append((where, editor))
            self.comments.append((p, "【reportgen】データが修正されたため、この文は作成されなくなりました。残すかどうかを決めてください。"))
            self.dirty = True

    def insert(self, mark: Mark, after: etree._Element | None) -> None:
        """A part new in this generation, placed after the generated part before it in reading order."""
        fresh = self.in_fresh[mark.id]
        element = wx.table_of(fresh) if mark.table is not None else fresh
        if after is None or element is None:
            self.result.notes.append(f"{mark.where}: 新しく作成される文を入れる場所が見つかりませんでした: {short(wx.text(fresh))}")
            return
        anchor = wx.table_of(after) if self._is_table_anchor(after) else after
        new = wx.restyle(copy.deepcopy(element), self.styles)
        for b in (*new.iter(w("bookmarkStart")), *new.iter(w("bookmarkEnd"))):
            b.set(w("id"), str(self.next_bookmark + int(b.get(w("id"), "0"))))
        (anchor if anchor is not None else after).addnext(new)
        self.in_edit[mark.id] = new if mark.table is None else next(new.iter(w("p")))
        self.result.updated += 1
        self.dirty = True

    def _is_table_anchor(self, p: etree._Element) -> bool:
        return any(m.table is not None and self.in_edit.get(m.id) is p for m in self.marks)

    # -- tables --------------------------------------------------------------------------
    def table(self, mark: Mark, p: etree._Element) -> None:
        assert mark.table is not None
        tbl, fresh_tbl = wx.table_of(p), wx.table_of(self.in_fresh[mark.id])
        if tbl is None or fresh_tbl is None:
            self.result.notes.append(f"{mark.where}: {mark.table.caption} の目印が表の中にありません。表は更新していません")
            return
        base = self.base.get(mark.id, {}).get("cells")
        mine, fresh = wx.cells(tbl), wx.cells(fresh_tbl)
        if not isinstance(base, list) or [len(r) for r in mine] != [len(r) for r in base] or [len(r) for r in fresh] != [len(r) for r in base]:
            self.whole_table(mark, tbl, fresh_tbl, base)
            return
        for r, row in enumerate(base):
            for c, before in enumerate(row):
                tc, new_tc = mine[r][c], fresh[r][c]
                if before is None or tc is None or new_tc is None:
                    continue
                editor, new = wx.cell_text(tc), wx.cell_text(new_tc)
                if editor == before and not wx.cell_formatted(tc):
                    if new != editor:
                        wx.replace_runs(tc.findall(w("p"))[0], new_tc.findall(w("p"))[0], self.styles)
                        self.result.updated += 1
                        self.dirty = True
                elif new == before or editor == new:
                    self.result.kept += 1
                else:
                    self.conflict(tc.findall(w("p"))[0], cell_place(mark.table, r, c), editor, new, "表の値")

    def whole_table(self, mark: Mark, tbl: etree._Element, fresh_tbl: etree._Element, base: object) -> None:
        """A table whose rows or columns changed (by the editor or by the data): replaced only when untouched."""
        assert mark.table is not None
        texts = [[wx.cell_text(tc) if tc is not None else None for tc in row] for row in wx.cells(tbl)]
        untouched = texts == base and not any(wx.cell_formatted(tc) for tc in tbl.iter(w("tc")))
        fresh_texts = [[wx.cell_text(tc) if tc is not None else None for tc in row] for row in wx.cells(fresh_tbl)]
        if fresh_texts == base:
            self.result.kept += 1
        elif untouched:
            new = wx.restyle(copy.deepcopy(fresh_tbl), self.styles)
            for b in (*new.iter(w("bookmarkStart")), *new.iter(w("bookmarkEnd"))):
                b.set(w("id"), str(self.next_bookmark + int(b.get(w("id"), "0"))))
            tbl.addnext(new)
            wx.parent(tbl).remove(tbl)
            self.result.updated += 1
            self.dirty = True
        else:
            first = next(tbl.iter(w("p")))
            self.result.conflicts.append((f"{mark.where} {mark.table.caption}", "表の行・列が変わっています"))
            self.comments.append((first, "【reportgen】データが修正され、この表の行・列も編集されているため、表を更新していません。"
                                         "reportgen build --beside で作成した表と見比べてください。"))
            self.dirty = True

    # -- the whole document --------------------------------------------------------------
    def run(self, when: dt.datetime) -> Merge:
        previous: etree._Element | None = None
        for mark in self.marks:
            p = self.in_edit.get(mark.id)
            if mark.id not in self.in_fresh:
                continue
            if mark.chart is not None:
                for part in self.chart_parts(mark):  # a new part goes after the one before it
                    found = self.chart(part, self.in_edit.get(part.id), previous)
                    previous = found if found is not None else previous
                continue
            if p is None and mark.id in self.base:
                what = mark.table.caption if mark.table is not None else wx.text(self.in_fresh[mark.id])
                self.result.notes.append(f"{mark.where}: 削除された{mark.kind}は削除したままにしました: {short(what)}")
                continue
            if p is None:
                self.insert(mark, previous)
            elif mark.table is not None:
                self.table(mark, p)
            else:
                self.paragraph(mark, p)
            previous = self.in_edit.get(mark.id, previous)
        fresh_ids = {m.id for m in self.marks} | {ident for ids in self.parts.values() for ident in ids}
        for ident, record in self.base.items():
            if ident not in fresh_ids and ident in self.in_edit:
                self.gone(ident, record, self.in_edit[ident])
        add_comments(self.edited, self.comments, when)
        if self.dirty:
            self.result.data = self.edited.save()
        return self.result


def merge(edited: Package, fresh: Package, base: Mapping[str, Mapping[str, object]], marks: list[Mark], when: dt.datetime,
          charts_marked: bool = True) -> Merge:
    """Merge the fresh generation into the edited document (see the module's rules); ``charts_marked`` False for a
    report written before its charts carried marks."""
    return _Merger(edited, fresh, base, marks, charts_marked).run(when)

"""Composing the publication: facts, sentence rules and the editors' prose → the document model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportgen import about, datasets, figures, jp, tables
from reportgen.chart_wording import ChartWording
from reportgen.document import Block, Contents, Document, EditionDate, Footnote, Heading, Paragraph
from reportgen.errors import InputError, Location, Problems
from reportgen.load.prose import ProseFile
from reportgen.model import Plan
from reportgen.narrative import headings, pagerefs
from reportgen.narrative.engine import SentenceRules
from reportgen.narrative.placement import ProseUse
from reportgen.narrative.progress import progress_findings
from reportgen.narrative.summary import strategy_summary
from reportgen.narrative.views import IndicatorView, edition_names, indicator_names, indicator_view
from reportgen.rules.evaluate import YearFacts
from reportgen.rules.ruleset import RuleSet
from reportgen.sandbox import timer_session
from reportgen.web_wording import WebWording, worded

INDICATOR_SLOTS = ("status", "highlight", "reference_note", "note")
"""The 【達成状況】 block's slots, in reading order."""
ITEM_DONE, ITEM_AHEAD, ITEM_TERMS = (headings.heading("items/{item}", name).name for name in ("取組の実施状況", "課題と改善策", "用語"))
"""The item files' headings the composer places itself (the templates read the others)."""
MISSING_TEXT = "編集者の文章がありません。報告書には差し込み位置を示す文を入れます"
"""The warning for a heading the report reads with no text (``--strict`` makes it an error)."""

def style_of(line: str) -> str:
    """Semantic style of a generated or prose line from its leading mark."""
    if line.startswith("（・"):
        return "aside"
    if line.startswith(("※", "●")):
        return "note"
    if line.startswith("・"):
        return "bullet"
    return "body"


@dataclass
class _Composer:
    facts: YearFacts
    plan: Plan
    ruleset: RuleSet
    rules: SentenceRules
    prose: Mapping[str, ProseFile]
    prose_dir: Path
    problems: Problems
    date: EditionDate
    contact: str = ""

    def __post_init__(self) -> None:
        self.blocks: list[Block] = []
        loaded = len(self.problems.errors)
        self.charts = ChartWording(self.rules, self.problems)  # the charts' wording, checked with the rules' templates
        self.web = WebWording(self.rules, self.problems)  # the web pages' and グラフ sheet's fixed words, checked alike
        if len(self.problems.errors) > loaded:  # every mistake of loading listed, before applying one stops at its first
            raise InputError(list(self.problems.items))
        self.views = [indicator_view(i, self.plan, self.facts.fiscal_year) for i in self.facts.indicators]
        self.usage = ProseUse(self.prose)  # which sections reach the document (warn_unplaced)
        self.names = edition_names(self.facts, self.plan, self.views, self.usage.text())
        self.names["progress"] = progress_findings(
            self.views, self.names["items"], self.names["notes"], self.facts.table2_total["counted"])
        self.width = self.rules.digit_width
        self.table_notes: list[Paragraph] = []
        # what a page reference (narrative/pagerefs.py) may name: each item's heading, by its short mark 「1⑶㋐」
        self.anchors = {
            pagerefs.anchor_of(f"{s.number}.{d.number}.{item.letter}"):
                jp.to_width(f"{s.number}{jp.direction_marker(d.number, 'parenthesized')}{jp.item_marker(item.letter)}", self.width)
            for s in self.plan.strategies for d in s.directions for item in d.items
        }

    # -- helpers -------------------------------------------------------------------------
    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def heading(self, text: str, level: int, anchor: str = "") -> None:
        self.add(Heading(jp.to_width(text, self.width), level, anchor))

    def para(self, text: str, style: str | None = None, source: str | None = None, footnotes: tuple[Footnote, ...] = ()) -> None:
        text = jp.to_width(text, self.width)
        self.add(Paragraph(text, style or style_of(text), footnotes, source))

    def slot(self, slot: str, context: Mapping[str, Any], what: str, style: str | None = None) -> None:
        for paragraph in self.slot_paragraphs(slot, context, what, style):
            self.add(paragraph)

    def slot_paragraphs(self, slot: str, context: Mapping[str, Any], what: str, style: str | None = None) -> list[Paragraph]:
        result = self.rules.render(slot, context, what)
        out = []
        for line in result.lines:
            text, refs, unknown = pagerefs.resolve(line, self.anchors)
            for anchor in unknown:
                self.problems.error(Location(self.rules.file, None, f"{slot}.{result.rule}"),
                                    f"page_of が指す見出し「{anchor}」がありません（計画の項目の番号 例: 1.3.a を渡してください）")
            out.append(Paragraph(text, style or style_of(text), (), f"generated:{slot}.{result.rule}", refs))
        return out

    def prose_section(self, key: str, section: str, terms: tuple[Footnote, ...] = ()) -> None:
        """Place an editors' section as written, or a visible placeholder and a warning when missing."""
        file = self.prose.get(key)
        paragraphs = file.get(section) if file else ()
        where = f"{self.prose_dir.as_posix()}/{key}.md"
        if file is None or not paragraphs:
            line = file.lines.get(section) if file else None  # a heading with no text under it
            self.problems.warning(Location(file.file if file else where, line, section), MISSING_TEXT)
            # the document names the file inside the data folder (YEAR/text/…), never this machine's path
            in_data = "/".join((*self.prose_dir.parts[-2:], f"{key}.md"))
            self.para(f"【編集者の文章を入れてください: {in_data} の「{section}」】", "placeholder", f"missing:{key}#{section}")
            return
        self.usage.place(key, section)
        pending = list(terms)
        for text in paragraphs:
            notes = tuple(t for t in pending if t.term in text)
            pending = [t for t in pending if t not in notes]
            self.para(text, None, f"prose:{key}#{section}", notes)
        for term in pending:
            self.problems.warning(Location(file.file, file.lines.get(ITEM_TERMS), ITEM_TERMS), f"用語「{term.term}」が本文にないため、注を付けられません")

    def terms(self, key: str) -> tuple[Footnote, ...]:
        file = self.prose.get(key)
        if file is None:
            return ()
        out = []
        if file.get(ITEM_TERMS):
            self.usage.place(key, ITEM_TERMS)  # a term missing from the text is warned about in prose_section
        for text in file.get(ITEM_TERMS):
            term, sep, definition = text.partition(": ")
            if not sep:
                self.problems.error(Location(file.file, file.lines.get(ITEM_TERMS), ITEM_TERMS), "用語は「用語: 説明」の形で書いてください")
                continue
            out.append(Footnote(term.strip(), jp.to_width(definition.strip(), self.width)))
        return tuple(out)

    # -- the publication -----------------------------------------------------------------
    def compose(self) -> Document:
        year = jp.fiscal_year_label(self.facts.fiscal_year)
        self.para(f"「{self.plan.name}」", "title")
        self.para(f"{year}の実施状況について", "subtitle")
        self.add(Contents())
        self.prose_section("introduction", headings.heading("introduction", "前文").name)
        self.slot("introduction", self.names, "前文", "body")
        self.summary()
        self.overview()
        self.directions()
        self.warn_unplaced()
        title, author = f"「{self.plan.name}」{year}の実施状況について", self.plan.city
        data = datasets.data_tables(self.ruleset, self.facts, self.plan, title, author, self.date)
        notes = about.numbered_notes(self.table_notes)
        return worded(Document(
            title=title,
            subtitle=f"{year}の実施状況",
            author=author,
            date=self.date,
            blocks=tuple(self.blocks),
            data=tuple(about.sheeted(table, notes) for table in data),
            about=about.about(self.facts.fiscal_year, author, title, self.contact, notes),
            charts=tuple(figures.ward_chart(ward, self.facts, self.charts) for ward in self.plan.wards),
        ), self.web)

    def warn_unplaced(self) -> None:
        """A warning for every section of the editors' prose that no part of the document used."""
        for file, section in self.usage.unplaced():
            self.problems.warning(
                Location(file.file, file.lines.get(section), section),
                "編集者の文章が報告書に入っていません（この見出しを使う文がないか、今年度の結果ではその文を書きません。"
                "見出しの名前と、文章ルール（rules.yaml・テンプレート）の条件を確かめてください）",
            )

    def summary(self) -> None:
        self.heading(f"{jp.roman(1)}．全体の総括", 1)
        for strategy in self.names["strategies"]:
            self.heading(f"{strategy['number']}「{strategy['title']}」に向けて", 2)
            found = strategy_summary(strategy["number"], strategy["indicators"], self.names["text"].get("summary", {}),
                                     self.rules.parameters["item_on_track_share"], self.facts.final_year)
            self.slot("summary_strategy", {**self.names, "strategy": strategy, "summary": found}, f"総括 {strategy['number']}")
        review, ahead = headings.closing_headings(len(self.plan.strategies), self.facts.final_year)
        if review is not None:  # the plan's last year: the whole period reviewed before looking ahead
            self.heading(review, 2)
            self.prose_section("summary", review)
        self.heading(ahead, 2)
        self.prose_section("summary", ahead)

    def overview(self) -> None:
        self.heading(f"{jp.roman(2)}．取組の実施状況及び成果目標値の達成に向けた進捗状況", 1)
        self.para("○取組の実施状況", "marker")
        self.slot("implementation", self.names, "取組の実施状況")
        layout = tables.Layout(self.table_targets(), self.width)
        self.add(tables.table1(self.ruleset, self.facts, self.plan, layout))
        self.para("○成果目標値の達成に向けた進捗状況", "marker")
        self.slot("progress", self.names, "成果目標値の達成に向けた進捗状況")
        notes = [replace(p, style="note" if p.text.startswith("※") else "note_detail") for p in self.slot_paragraphs("table2_notes", self.names, "表2の注記")]
        self.table_notes = notes
        self.add(tables.table2(self.ruleset, self.facts, self.plan, layout, notes))
        overview = figures.overview_chart(self.ruleset, self.facts, self.charts)
        if overview is not None:
            self.add(overview)

    def table_targets(self) -> dict[str, str]:
        """The target line of each indicator in the print tables (slot ``table_target``)."""
        out = {}
        for view in self.views:
            context = {**self.names, **self.view_context(view), "item_text": {}}
            out[view.id] = "".join(self.rules.render("table_target", context, f"{view.id} table_target").lines)
        return out

    @staticmethod
    def view_context(view: IndicatorView) -> dict[str, Any]:
        return indicator_names(view)

    def directions(self) -> None:
        self.heading("◆「取組の方向性」ごとの状況", 1)
        views = {v.id: v for v in self.views}
        for strategy in self.plan.strategies:
            self.heading(f"{strategy.number}「{strategy.title}」に向けて", 2)
            for direction in strategy.directions:
                self.heading(f"{jp.direction_marker(direction.number)}{direction.title}", 3)
                for item in direction.items:
                    key = f"{strategy.number}.{direction.number}.{item.letter}"
                    self.heading(f"{jp.item_marker(item.letter)}{item.title}", 4, pagerefs.anchor_of(key))
                    self.para("○取組の実施状況", "marker")
                    self.prose_section(f"items/{key}", ITEM_DONE, self.terms(f"items/{key}"))
                    self.para("○成果目標の達成状況", "marker")
                    for number, indicator in enumerate(item.indicators, start=1):
                        self.indicator(views[indicator.id], number if len(item.indicators) > 1 else None, key)
                    self.para("○課題と改善策", "marker")
                    self.prose_section(f"items/{key}", ITEM_AHEAD)

    def indicator(self, view: IndicatorView, number: int | None, key: str) -> None:
        mark = jp.circled(number) if number else ""
        self.para(f"【成果指標と目標値{mark}】", "label")
        self.para(view.wording, "indicator", "plan:wording")
        context = {**self.names, **self.view_context(view), "item_text": self.usage.sections(f"items/{key}")}
        self.slot("target", context, f"{view.id} target", "indicator")
        self.para("【達成状況】", "label")
        for slot in INDICATOR_SLOTS:
            self.slot(slot, context, f"{view.id} {slot}")
        item = next(i for i in self.facts.indicators if i.indicator.id == view.id)
        if figures.rated(item):
            self.add(figures.rate_chart(item, self.facts, self.plan.wards, self.charts))


def compose(
    facts: YearFacts, plan: Plan, ruleset: RuleSet, rules: SentenceRules, prose: Mapping[str, ProseFile], prose_dir: Path,
    problems: Problems, date: EditionDate, contact: str = "",
) -> Document:
    """Build the whole publication as a document dated ``date``: printed blocks and data tables.

    ``contact`` is the edition's 問い合わせ先 (edition.yaml; empty when it names none). Warnings for
    missing prose go to ``problems``.
    """
    with timer_session():  # each sentence rule still has its own time limit; the handler is installed once
        return _Composer(facts, plan, ruleset, rules, prose, prose_dir, problems, date, contact).compose()

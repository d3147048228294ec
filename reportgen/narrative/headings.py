"""The editors' text contract: every heading of ``data/YEAR/text/*.md`` the report reads, in one list.

Each :class:`Heading` says which file holds it, when the report reads it, where its text lands and
whether it is a whole paragraph or a sentence fragment the generated sentence continues. The composer
and the summary classifier take their heading names from here, ``reportgen init`` writes the files
from :func:`expand`, data/README.md's table is :func:`contract_markdown` (a test compares them), and
a test checks that every name the sentence templates read is one of these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reportgen.model import Indicator, Plan
from reportgen.rules.ruleset import CountingMode

FILES = {
    "introduction": "前文",
    "summary": "Ⅰ 全体の総括",
    "overview": "Ⅱ 取組の実施状況及び成果目標値の達成に向けた進捗状況",
    "items": "◆「取組の方向性」ごとの状況（項目ごとに1ファイル）",
}
"""The text files (key without .md; ``items/{item}`` one per item) and the part of the report each feeds."""


@dataclass(frozen=True)
class Heading:
    """One heading of the contract: ``name`` may hold ``{strategy}``, ``{item}`` or ``{number}``."""

    file: str
    """``introduction``, ``summary``, ``overview`` or ``items/{item}``."""
    name: str
    per: str
    """What it is repeated for: ``edition``, ``strategy``, ``item`` (or a kind of item: ``per_ward_item``,
    ``citywide_item``, ``cumulative_item``)."""
    when: str
    """When the report reads it (Japanese)."""
    lands: str
    """Where its text lands in report.docx / report.txt (Japanese)."""
    fragment: str = ""
    """For a sentence fragment, what the generated sentence puts around it (Japanese); empty for paragraphs."""
    required: bool = False
    """The report shows a placeholder (【編集者の文章を入れてください…】) while it is missing."""
    final_only: bool = False
    """Read only in the plan's last year (目標年度)."""


CONTRACT: tuple[Heading, ...] = (
    Heading("introduction", "前文", "edition", "毎年度", "表題の次、Ⅰの前（生成する前文の段落の前）", required=True),
    Heading("summary", "{strategy} 取組", "strategy", "毎年度",
            "Ⅰ 全体の総括の基本戦略ごとの最初の箇条「・（年度）は、…取り組んだ結果、」の「…」",
            fragment="「・平成29年度は、」の後に続き、「取り組んだ結果、」が後に付く。「…などに」「…などに積極的に」で終える"),
    Heading("summary", "{strategy} 理由 {item}", "per_ward_item", "その項目が「必ずしも順調ではない」（最終年度は目標値未達成）とき",
            "Ⅰ の基本戦略ごとの「一方で、「項目」については、…ことから、」の「…」",
            fragment="「…ことから、」が後に付く。「…進んでいない」のように文を言い切らず、句点を付けない"),
    Heading("summary", "{strategy} なお", "strategy", "書いてあれば毎年度", "Ⅰ の基本戦略ごとの箇条の途中（概ね順調・達成の箇条の後）"),
    Heading("summary", "{strategy} 今後", "strategy", "書いてあれば毎年度", "Ⅰ の基本戦略ごとの箇条の最後"),
    Heading("summary", "{number} 取組期間全体の総括", "edition", "取組期間の最終年度だけ",
            "Ⅰ 全体の総括の、基本戦略ごとの項の後・「今後の取組について」の前の項「（基本戦略の数+1） 取組期間全体の総括」",
            required=True, final_only=True),
    Heading("summary", "{number} 今後の取組について", "edition", "毎年度",
            "Ⅰ 全体の総括の最後の項（最終年度は取組期間全体の総括の次で、番号が1つ増える）", required=True),
    Heading("overview", "一部実施の理由", "edition", "表1で「記載した取組の一部を実施」が1件以上のとき",
            "Ⅱ ○取組の実施状況の最後の段落「…一部しか実施できていないN件については、」の「…」",
            fragment="「…件については、」の後に続く。句点「。」で終える"),
    Heading("overview", "今後", "edition", "概ね順調でない（最終年度は目標値未達成の）ものが1件以上のとき",
            "Ⅱ ○成果目標値の達成に向けた進捗状況の箇条「一方、…N件あり、」の「…」",
            fragment="「…件あり、」の後に続く。句点「。」で終える"),
    Heading("overview", "全市で1件の理由 {item}", "citywide_item", "全市で1件の指標の項目",
            "表2の注記「※ ㋐「項目」については、…件数を全市で1件としています。」の「…」",
            fragment="「…ため、」のように「件数を全市で1件としています。」へ続く形で終える"),
    Heading("items/{item}", "取組の実施状況", "item", "毎年度", "◆ 項目ごとの「○取組の実施状況」の下", required=True),
    Heading("items/{item}", "達成状況", "citywide_item", "全市で1件の指標が目標値を達成したとき",
            "◆ 項目ごとの【達成状況】（生成する文の代わり）"),
    Heading("items/{item}", "創出の例", "cumulative_item", "累計の指標で創出があった区があるとき",
            "◆ 項目ごとの【達成状況】「・（年度）は、…、N区において、」の「…」",
            fragment="「、N区において、」が後に付く。例を挙げる名詞句（「…など」）で終える"),
    Heading("items/{item}", "創出の結果", "cumulative_item", "累計の指標で創出があった区があるとき",
            "◆ 項目ごとの【達成状況】「N区において、…。」の「…」",
            fragment="「N区において、」の後に続き、句点が付く。「…が創出されました」のように主語「…が」と述語で書き、句点を付けない"),
    Heading("items/{item}", "注記", "item", "書いてあれば毎年度", "◆ 項目ごとの【達成状況】の最後"),
    Heading("items/{item}", "課題と改善策", "item", "毎年度", "◆ 項目ごとの「○課題と改善策」の下", required=True),
    Heading("items/{item}", "用語", "item", "書いてあれば毎年度",
            "その項目の本文で最初に出る用語に付く脚注。1段落に1つ「用語: 説明」の形で書く"),
)
"""Every heading, in the order the files list them."""


def heading(file: str, name: str) -> Heading:
    """The contract's entry for ``file`` (``items/…`` for any item) and ``name`` (its pattern)."""
    for entry in CONTRACT:
        if entry.file == file and entry.name == name:
            return entry
    raise KeyError(f"{file}: {name}")


def strategy_heading(name: str, strategy: int) -> str:
    """A per-strategy heading of summary.md: ``strategy_heading('取組', 1)`` → 「1 取組」."""
    return heading("summary", "{strategy} " + name).name.format(strategy=strategy)


def reason_heading(strategy: int, item: str) -> str:
    """The reason an item is behind, in summary.md: 「1 理由 1.2.b」."""
    return heading("summary", "{strategy} 理由 {item}").name.format(strategy=strategy, item=item)


def closing_headings(strategies: int, final: bool) -> tuple[str | None, str]:
    """The headings of Ⅰ's closing parts: (取組期間全体の総括 in the plan's last year else None, 今後の取組について).

    They are numbered after the strategies; the whole period's summary comes first, as a publication
    reviews the period before it looks ahead.
    """
    number = strategies + 1
    review = heading("summary", "{number} 取組期間全体の総括").name.format(number=number) if final else None
    ahead = heading("summary", "{number} 今後の取組について").name.format(number=number + (1 if final else 0))
    return review, ahead


@dataclass(frozen=True)
class Concrete:
    """One heading of one edition: the file key (``items/1.1.a``), the heading and its contract entry."""

    file: str
    name: str
    entry: Heading


def _kinds(indicators: tuple[Indicator, ...], counting: Mapping[str, CountingMode]) -> set[str]:
    """The kinds of an item (``per_ward_item``, ``citywide_item``, ``cumulative_item``) from its indicators."""
    kinds = {"item"}
    for indicator in indicators:
        mode = counting.get(indicator.counting)
        if mode is None:
            continue
        if mode.unit == "city":
            kinds.add("citywide_item")
        elif mode.value is not None:
            kinds.add("cumulative_item")
        else:
            kinds.add("per_ward_item")
    return kinds


def expand(plan: Plan, counting: Mapping[str, CountingMode], fiscal_year: int) -> list[Concrete]:
    """Every heading the ``fiscal_year`` edition may read, file by file, in reading order."""
    final = fiscal_year == plan.period_end
    review, ahead = closing_headings(len(plan.strategies), final)
    items = [
        (strategy.number, f"{strategy.number}.{direction.number}.{item.letter}", _kinds(item.indicators, counting))
        for strategy in plan.strategies for direction in strategy.directions for item in direction.items
    ]

    def entries(file: str) -> list[Heading]:
        return [e for e in CONTRACT if e.file == file and (final or not e.final_only)]

    out = [Concrete("introduction", e.name, e) for e in entries("introduction")]
    for strategy in plan.strategies:  # summary.md: each strategy's headings together, then the closing parts
        for entry in (e for e in entries("summary") if e.per != "edition"):
            if entry.per == "strategy":
                out.append(Concrete("summary", entry.name.format(strategy=strategy.number), entry))
            else:
                out += [Concrete("summary", entry.name.format(strategy=s, item=key), entry)
                        for s, key, kinds in items if s == strategy.number and entry.per in kinds]
    for entry in (e for e in entries("summary") if e.per == "edition"):
        name = review if entry.final_only else ahead
        out.append(Concrete("summary", name or entry.name, entry))
    for entry in entries("overview"):
        if entry.per == "edition":
            out.append(Concrete("overview", entry.name, entry))
        else:
            out += [Concrete("overview", entry.name.format(item=key), entry) for _, key, kinds in items if entry.per in kinds]
    for _, key, kinds in items:
        out += [Concrete(f"items/{key}", e.name, e) for e in entries("items/{item}") if e.per in kinds]
    return out


def contract_markdown() -> str:
    """The table data/README.md shows (between its CONTRACT markers): generated, so it cannot drift."""
    lines = [
        "| ファイル | 見出し | 読むとき | 報告書の中の場所 | 書き方 |",
        "|---|---|---|---|---|",
    ]
    for entry in CONTRACT:
        form = f"**文の一部**: {entry.fragment}" if entry.fragment else "段落（空行で区切る）"
        if entry.required:
            form += "。ないと報告書に差し込み位置の印が入る"
        lines.append(f"| `{entry.file}.md` | `## {entry.name}` | {entry.when} | {entry.lands} | {form} |")
    return "\n".join(lines) + "\n"

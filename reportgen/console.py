"""What ``reportgen build`` tells a person: files written, reference values summarised, a closing summary.

Lines only; :mod:`reportgen.cli` prints them. Every count is taken from the edition built (its facts
and the warnings it raised), never from a fixed list.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.build import BuildResult, Edition
from reportgen.errors import Problem, display_path
from reportgen.jp.era import fiscal_year_label
from reportgen.rules.evaluate import IndicatorFacts


@dataclass(frozen=True)
class ReferenceLine:
    """One indicator's reference values (参考数値): the wards, and why each one is."""

    indicator_id: str
    few: tuple[str, ...]
    """Wards with fewer respondents than the indicator needs."""
    undefined: tuple[str, ...]
    """Wards that did not measure as the indicator defines (and had enough respondents)."""

    @property
    def wards(self) -> tuple[str, ...]:
        """Every ward of the indicator that is a reference value."""
        return (*self.few, *self.undefined)


def reference_lines(edition: Edition) -> list[ReferenceLine]:
    """The indicators with reference values, in document order."""
    out = []
    for indicator in edition.facts.indicators:
        few, undefined = _reasons(indicator)
        if few or undefined:
            out.append(ReferenceLine(indicator.indicator.id, few, undefined))
    return out


def _reasons(indicator: IndicatorFacts) -> tuple[tuple[str, ...], tuple[str, ...]]:
    few: list[str] = []
    undefined: list[str] = []
    for unit in indicator.current:
        if unit["reference_value"]:
            (few if unit.values.get("too_few_respondents") else undefined).append(unit.ward)
    return tuple(few), tuple(undefined)


def _names(wards: tuple[str, ...], limit: int = 6) -> str:
    shown = "、".join(wards[:limit])
    return shown + (f" ほか{len(wards) - limit}区" if len(wards) > limit else "")


def carried_lines(edition: Edition) -> list[str]:
    """The carried-over sections not yet reviewed, one line per file naming every heading and its line."""
    by_file: dict[str, list[Problem]] = {}
    for problem in edition.unfinished.carried:
        by_file.setdefault(problem.location.file, []).append(problem)
    lines = []
    for file, problems in by_file.items():
        names = "、".join(f"「{p.location.column}」（{p.location.row}行目）" for p in problems)
        lines.append(f"警告: {file}: 前年度から引き継いで、まだ見直していない見出し {len(problems)}: {names}。"
                     "今年度の内容に直し、見直したら「<!-- 引き継ぎ … -->」の行を消してください"
                     f" ({len(problems)} section(s) carried over, not reviewed)")
    return lines


def reference_summary(edition: Edition, verbose: bool) -> list[str]:
    """One line per indicator with reference values (the wards and why), and the count over all.

    ``verbose`` adds every ward's own line (the warning at its row of results.csv).
    """
    lines = []
    found = reference_lines(edition)
    for line in found:
        why = []
        if line.few:
            why.append(f"回答者数が必要数未満 {len(line.few)}区")
        if line.undefined:
            why.append(f"定義どおりの測定でない {len(line.undefined)}区")
        lines.append(f"参考数値: {line.indicator_id} {len(line.wards)}区（{_names(line.wards)}）: {'、'.join(why)}")
    if found:
        total = sum(len(line.wards) for line in found)
        hint = "" if verbose else "。区ごとの行は --verbose で表示します"
        lines.append(f"参考数値は{len(found)}指標の計{total}件で、件数カウントから除きました{hint} "
                     f"({total} reference value(s) in {len(found)} indicator(s))")
    if verbose:
        lines += [str(p) for p in edition.unfinished.references]
    return lines


def closing_summary(result: BuildResult, warnings: list[Problem]) -> list[str]:
    """The summary a build ends with: edition, figures, warnings by kind, where the outputs are."""
    edition = result.edition
    if edition is None:
        return []
    facts = edition.facts
    plan = edition.inputs.plan
    year = facts.fiscal_year
    unfinished = edition.unfinished
    counted = facts.table2_total.get("counted")
    entries = f"表2の件数カウント対象 {counted.get('count')}件・" if counted is not None else ""
    references = sum(len(line.wards) for line in reference_lines(edition))
    final = "（取組期間の最終年度）" if facts.final_year else ""
    where = display_path(result.folder) if result.folder is not None else ""
    lines = [
        f"まとめ: {fiscal_year_label(year)}版（{year}年度）{final}",
        f"  数値: 成果指標 {sum(1 for _ in plan.indicators())}・区 {len(plan.wards)}・{entries}参考数値 {references}件",
        f"  警告: {len(warnings)}件（うち 編集者の文章がない見出し {len(unfinished.placeholders)}・"
        f"引き継いで未確認の文章 {len(unfinished.carried)}・今年度でない年度の記述 {len(unfinished.years)}）",
        f"  出力: {where}/ に {len(result.written) + len(result.unchanged)}ファイル"
        f"（うち作成・書き換え {len(result.written)}、前回と同じ内容 {len(result.unchanged)}）",
    ]
    if unfinished.blocking:
        lines.append(f"  公表用ではありません: 上の{len(unfinished.blocking)}件を直すまで --strict（--final）の作成は失敗します"
                     " (not final: --strict fails)")
    else:
        lines.append("  公表用の条件（差し込み位置・未確認の引き継ぎ・ほかの年度の記述がない）を満たしています (ready for --strict)")
    return lines

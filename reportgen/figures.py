"""The charts of the publication (図) as document nodes, from the year's facts: what every writer draws.

Two kinds: for each indicator judged by progress rate (進捗率), every ward's rate against the
year's threshold (基準) and the target (100％), with the wards whose figure is a reference value
(参考数値) shown apart; and an overview of 表2, each indicator's wards on track and not. The
figures are the ones the tables state (the same facts), so a chart cannot disagree with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from reportgen import jp
from reportgen.document import Bar, Chart, Guide
from reportgen.model import Ward
from reportgen.rules.evaluate import IndicatorFacts, YearFacts
from reportgen.rules.ruleset import RuleSet

ON_TRACK, NOT_ON_TRACK, REFERENCE = "概ね順調", "必ずしも順調ではない", "参考数値"
RATE_SERIES = (ON_TRACK, NOT_ON_TRACK, REFERENCE)
"""The segments of a progress-rate chart: a ward's bar is in exactly one of them."""
REFERENCE_GROUP = "参考数値（判定の件数に含めない区）"
TARGET_PERCENT = Decimal(100)
PAIRS = (("on_track", "not_on_track"), ("target_reached", "not_reached"))
"""表2's complementary columns (rules.yaml names) the overview stacks: judged on track or not, target reached or not."""


def axis_end(values: Sequence[Decimal | int]) -> Decimal:
    """The value axis' end: the largest value rounded up to a multiple of 20 (of 10 up to 60; at least 10)."""
    top = max([Decimal(0), *(Decimal(v) for v in values)])
    step = 20 if top > 60 else 10
    steps = (top / step).to_integral_value(rounding=ROUND_CEILING)  # Decimal's // truncates towards zero
    return max(Decimal(10), steps * step)


def _figures(bars: Sequence[Bar]) -> str:
    """「北区86.0％、都島区115.8％。」: every bar's figure in words, so the text alternative holds the chart whole."""
    return "、".join(f"{b.label}{next((t for t in b.texts if t), '―')}" for b in bars) + "。"


def rated(item: IndicatorFacts) -> bool:
    """True when each ward of the indicator has its own progress rate: a chart of wards says something."""
    columns = item.counting.columns
    return item.counting.unit != "city" and (columns is None or "on_track" in columns)


def rate_chart(item: IndicatorFacts, facts: YearFacts, wards: Sequence[Ward]) -> Chart:
    """Every ward's progress rate on ``item`` in the edition's year, judged wards first, reference values apart."""
    by_ward = {u.ward: u for u in item.current}
    threshold = Decimal(facts.year["threshold_percent"])
    judged: list[Bar] = []
    apart: list[Bar] = []
    for ward in wards:
        unit = by_ward.get(ward.name)
        rate = None if unit is None else unit["progress_percent"]
        if unit is None or rate is None:
            judged.append(Bar(ward.name, (None, None, None), ("", "", "")))
            continue
        text = jp.percent(rate)
        if unit["reference_value"]:
            apart.append(Bar(ward.name, (None, None, rate), ("", "", text)))
        elif unit["on_track"]:
            judged.append(Bar(ward.name, (rate, None, None), (text, "", "")))
        else:
            judged.append(Bar(ward.name, (None, rate, None), ("", text, "")))
    ident = item.indicator.id
    wording = jp.to_width(item.indicator.wording, "half")
    year = jp.fiscal_year_label(facts.fiscal_year)
    title = f"図 {ident} 区ごとの進捗率（{year}）"
    on = sum(1 for b in judged if b.values[0] is not None)
    off = sum(1 for b in judged if b.values[1] is not None)
    rates = [v for b in (*judged, *apart) for v in b.values if v is not None]
    description = (
        f"成果指標{ident}「{wording}」の{year}の区ごとの進捗率の横棒グラフ。"
        f"基準の{jp.boundary(threshold)}以上（{ON_TRACK}）が{on}区、基準未満（{NOT_ON_TRACK}）が{off}区"
    )
    if apart:
        description += f"、{REFERENCE}の区が{len(apart)}区（判定の件数に含めず、別に示す）"
    if rates:
        description += f"。最高は{jp.percent(max(rates))}、最低は{jp.percent(min(rates))}"
    description += "。" + _figures(judged)
    if apart:
        description += f"{REFERENCE}：" + _figures(apart)
    groups: list[tuple[str, tuple[Bar, ...]]] = [("", tuple(judged))]
    if apart:
        groups.append((REFERENCE_GROUP, tuple(apart)))
    guides = (Guide(f"基準 {jp.boundary(threshold)}", threshold), Guide(f"目標 {jp.boundary(TARGET_PERCENT)}", TARGET_PERCENT))
    return Chart(f"rate-{ident}", title, description, "％", RATE_SERIES, tuple(groups), guides,
                 axis_end([*rates, threshold, TARGET_PERCENT]))


def overview_chart(rules: RuleSet, facts: YearFacts) -> Chart | None:
    """表2 at a glance: each indicator's counted wards split into the shown pair of columns (None without one)."""
    shown = {c.name: c.label for c in rules.table2_shown(facts.final_year)}
    pairs = [p for p in PAIRS if all(n in shown for n in p)]
    if not pairs:
        return None
    pair = pairs[-1] if facts.final_year else pairs[0]
    bars: list[Bar] = []
    for item in facts.indicators:
        counts = item.table2.get("counted")
        if counts is None or counts.get(pair[0]) is None or counts.get(pair[1]) is None:
            continue
        values = tuple(counts[n] for n in pair)
        bars.append(Bar(item.indicator.id, values, tuple(f"{v}件" for v in values)))
    if not bars:
        return None
    year = jp.fiscal_year_label(facts.fiscal_year)
    labels = tuple(shown[n] for n in pair)
    first = sum(int(b.values[0] or 0) for b in bars)
    second = sum(int(b.values[1] or 0) for b in bars)
    description = (
        f"{year}の表2の概観の横棒グラフ。成果指標ごとに、件数カウント対象（参考数値を除く）の区の数を"
        f"「{labels[0]}」と「{labels[1]}」に分けて示す。{len(bars)}の成果指標で、{labels[0]}が{first}件、"
        f"{labels[1]}が{second}件。"
    ) + "、".join(f"{b.label} {labels[0]}{b.texts[0]}・{labels[1]}{b.texts[1]}" for b in bars) + "。"
    return Chart("overview", f"図 表2の概観（{year}）", description, "件", labels, (("", tuple(bars)),),
                 (), axis_end([int(b.values[0] or 0) + int(b.values[1] or 0) for b in bars]))


def ward_chart(ward: Ward, facts: YearFacts) -> Chart:
    """One ward's progress rate on every indicator judged by it (its own page), against the threshold and target."""
    threshold = Decimal(facts.year["threshold_percent"])
    bars: list[Bar] = []
    for item in facts.indicators:
        if not rated(item):
            continue
        unit = item.by_ward.get(ward.name)  # not a search of every ward's facts for each ward
        rate = None if unit is None else unit["progress_percent"]
        values: list[Decimal | None] = [None, None, None]
        texts = ["", "", ""]
        if unit is not None and rate is not None:
            n = 2 if unit["reference_value"] else 0 if unit["on_track"] else 1
            values[n], texts[n] = rate, jp.percent(rate)
        bars.append(Bar(item.indicator.id, tuple(values), tuple(texts)))
    year = jp.fiscal_year_label(facts.fiscal_year)
    counts = [sum(1 for b in bars if b.values[n] is not None) for n in range(3)]
    rates = [v for b in bars for v in b.values if v is not None]
    description = (
        f"{ward.name}の{year}の成果指標ごとの進捗率の横棒グラフ。{len(bars)}の成果指標のうち、"
        f"基準の{jp.boundary(threshold)}以上（{ON_TRACK}）が{counts[0]}、基準未満（{NOT_ON_TRACK}）が{counts[1]}、"
        f"{REFERENCE}が{counts[2]}。"
    ) + "、".join(f"{b.label} {next((t for t in b.texts if t), '―')}" for b in bars) + "。"
    guides = (Guide(f"基準 {jp.boundary(threshold)}", threshold), Guide(f"目標 {jp.boundary(TARGET_PERCENT)}", TARGET_PERCENT))
    return Chart(f"ward-{ward.code}", f"図 {ward.name}の成果指標ごとの進捗率（{year}）", description, "％", RATE_SERIES,
                 (("", tuple(bars)),), guides, axis_end([*rates, threshold, TARGET_PERCENT]))

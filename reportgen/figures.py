"""The charts of the publication (図) as document nodes, from the year's facts: what every writer draws.

Two kinds: for each indicator judged by progress rate (進捗率), every ward's rate against the
year's threshold (基準) and the target (100％), with the wards whose figure is a reference value
(参考数値) shown apart; and an overview of 表2, each indicator's wards on track and not. The
figures are the ones the tables state (the same facts), so a chart cannot disagree with them.
Their words (titles, text alternatives, legend, units, the figures tables' headers) are the
templates' of templates/sentences/charts/ (:mod:`reportgen.chart_wording`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from reportgen import jp
from reportgen.chart_wording import SERIES, ChartWording
from reportgen.document import Bar, Chart, ChartLabels, Guide
from reportgen.model import Ward
from reportgen.rules.evaluate import IndicatorFacts, YearFacts
from reportgen.rules.ruleset import RuleSet

TARGET_PERCENT = Decimal(100)
PAIRS = (("on_track", "not_on_track"), ("target_reached", "not_reached"))
"""表2's complementary columns (rules.yaml names) the overview stacks: judged on track or not, target reached or not."""


def axis_end(values: Sequence[Decimal | int]) -> Decimal:
    """The value axis' end: the largest value rounded up to a multiple of 20 (of 10 up to 60; at least 10)."""
    top = max([Decimal(0), *(Decimal(v) for v in values)])
    step = 20 if top > 60 else 10
    steps = (top / step).to_integral_value(rounding=ROUND_CEILING)  # Decimal's // truncates towards zero
    return max(Decimal(10), steps * step)


def _figure(bar: Bar) -> dict[str, str]:
    """A bar for the text alternative: its label and its figure as printed (「―」 without one)."""
    return {"label": bar.label, "text": next((t for t in bar.texts if t), "―")}


def rated(item: IndicatorFacts) -> bool:
    """True when each ward of the indicator has its own progress rate: a chart of wards says something."""
    columns = item.counting.columns
    return item.counting.unit != "city" and (columns is None or "on_track" in columns)


def _guides(wording: ChartWording, threshold: Decimal) -> tuple[Guide, Guide]:
    """The year's threshold (基準) and the target (目標, 100％) as labelled lines."""
    return (Guide(wording.text("guides/threshold", threshold=threshold), threshold),
            Guide(wording.text("guides/target", target=TARGET_PERCENT), TARGET_PERCENT))


def _labels(wording: ChartWording, category: str, title: str, guides: Sequence[Guide]) -> ChartLabels:
    """The words of a chart's figures table and Excel title (``category``: the template naming what a bar is)."""
    names = [g.label for g in guides]
    return ChartLabels(wording.text(f"table/{category}"), wording.text("table/value"), wording.text("table/series"),
                       wording.text("table/caption", title=title, guides=names), wording.text("workbook_title", title=title, guides=names),
                       wording.part_words())


def _series(wording: ChartWording) -> tuple[str, ...]:
    return tuple(wording.series[name] for name in SERIES)


def rate_chart(item: IndicatorFacts, facts: YearFacts, wards: Sequence[Ward], wording: ChartWording) -> Chart:
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
    rates = [v for b in (*judged, *apart) for v in b.values if v is not None]
    context = {
        "indicator": item.indicator.id, "wording": jp.to_width(item.indicator.wording, "half"), "year": facts.fiscal_year,
        "threshold": threshold, "target": TARGET_PERCENT, "series": wording.series,
    }
    title = wording.text("rate/title", **context)
    description = wording.text(
        "rate/description", **context, judged=[_figure(b) for b in judged], apart=[_figure(b) for b in apart],
        judged_on=sum(1 for b in judged if b.values[0] is not None), judged_off=sum(1 for b in judged if b.values[1] is not None),
        highest=max(rates, default=None), lowest=min(rates, default=None))
    groups: list[tuple[str, tuple[Bar, ...]]] = [("", tuple(judged))]
    if apart:
        groups.append((wording.text("rate/reference_group", series=wording.series), tuple(apart)))
    guides = _guides(wording, threshold)
    return Chart(f"rate-{item.indicator.id}", title, description, wording.text("units/rate"), _series(wording), tuple(groups), guides,
                 axis_end([*rates, threshold, TARGET_PERCENT]), _labels(wording, "wards", title, guides))


def overview_chart(rules: RuleSet, facts: YearFacts, wording: ChartWording) -> Chart | None:
    """表2 at a glance: each indicator's counted wards split into the shown pair of columns (None without one)."""
    shown = {c.name: c.label for c in rules.table2_shown(facts.final_year)}
    pairs = [p for p in PAIRS if all(n in shown for n in p)]
    if not pairs:
        return None
    pair = pairs[-1] if facts.final_year else pairs[0]
    unit = wording.text("units/count")
    bars: list[Bar] = []
    for item in facts.indicators:
        counts = item.table2.get("counted")
        if counts is None or counts.get(pair[0]) is None or counts.get(pair[1]) is None:
            continue
        values = tuple(counts[n] for n in pair)
        bars.append(Bar(item.indicator.id, values, tuple(f"{v}{unit}" for v in values)))
    if not bars:
        return None
    labels = tuple(shown[n] for n in pair)
    context = {
        "year": facts.fiscal_year, "first": labels[0], "second": labels[1],
        "first_total": sum(int(b.values[0] or 0) for b in bars), "second_total": sum(int(b.values[1] or 0) for b in bars),
        "bars": [{"label": b.label, "first": b.texts[0], "second": b.texts[1]} for b in bars],
    }
    title = wording.text("overview/title", **context)
    return Chart("overview", title, wording.text("overview/description", **context), unit, labels, (("", tuple(bars)),),
                 (), axis_end([int(b.values[0] or 0) + int(b.values[1] or 0) for b in bars]), _labels(wording, "indicators", title, ()))


def ward_chart(ward: Ward, facts: YearFacts, wording: ChartWording) -> Chart:
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
    counts = [sum(1 for b in bars if b.values[n] is not None) for n in range(3)]
    rates = [v for b in bars for v in b.values if v is not None]
    context = {"ward": ward.name, "year": facts.fiscal_year, "threshold": threshold, "target": TARGET_PERCENT, "series": wording.series}
    title = wording.text("ward/title", **context)
    description = wording.text("ward/description", **context, bars=[_figure(b) for b in bars],
                               on_track=counts[0], not_on_track=counts[1], reference=counts[2])
    guides = _guides(wording, threshold)
    return Chart(f"ward-{ward.code}", title, description, wording.text("units/rate"), _series(wording), (("", tuple(bars)),), guides,
                 axis_end([*rates, threshold, TARGET_PERCENT]), _labels(wording, "indicators", title, guides))

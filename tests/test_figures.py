"""The charts' figures against the published CSVs (an independent reading of the same facts):
every ward's bar in the right series and group, the overview's bars equal to 表2's counted rows,
each ward page's chart equal to its rows of ward_results.csv, and the value axis."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import read_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario import random_plans

from reportgen.build import compose_edition
from reportgen.document import Chart
from reportgen.figures import axis_end
from reportgen.render.charts import Box
from reportgen.render.charts import plan as layout

ON_TRACK, NOT_ON_TRACK = "概ね順調", "必ずしも順調ではない"
REFERENCE_GROUP = "参考数値（判定の件数に含めない区）"
"""The shipped chart templates' legend and group heading (templates/sentences/charts/): the words of 表2 and ward_results.csv."""


def _charts(edition) -> dict[str, Chart]:
    return {b.key: b for b in edition.document.blocks if isinstance(b, Chart)}


def _ward_rows(built: dict[int, Path]) -> list[dict[str, str]]:
    rows = read_csv(built[2016] / "csv" / "ward_results.csv")
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0] == "2016"]


def test_each_rate_chart_puts_every_ward_in_its_series_and_reference_wards_apart(built, edition_2016) -> None:
    charts = _charts(edition_2016)
    rows = _ward_rows(built)
    rated = {c.key.removeprefix("rate-") for c in charts.values() if c.key.startswith("rate-")}
    assert rated and len(rated) >= 10
    for ident in rated:
        chart = charts[f"rate-{ident}"]
        mine = [r for r in rows if r["指標ID"] == ident and r["集計単位"] == "区"]
        judged = {b.label: b for b in chart.groups[0][1]}
        assert chart.groups[0][0] == ""
        apart = {b.label: b for group, bars in chart.groups[1:] for b in bars}
        assert [g for g, _ in chart.groups[1:]] == ([REFERENCE_GROUP] if apart else [])
        assert set(judged) | set(apart) == {r["区"] for r in mine} and not set(judged) & set(apart)
        for r in mine:
            rate = Decimal(r["進捗率"]) if r["進捗率"] else None
            if r["参考数値"] == "1":
                bar = apart[r["区"]]
                assert bar.values == (None, None, rate)
            else:
                bar = judged[r["区"]]
                series = {ON_TRACK: 0, NOT_ON_TRACK: 1}.get(r["進捗状況"])
                expected = [None, None, None]
                if series is not None and rate is not None:
                    expected[series] = rate
                assert list(bar.values) == expected, (ident, r["区"])
        threshold = Decimal(edition_2016.facts.year["threshold_percent"])
        assert [g.value for g in chart.guides] == [threshold, Decimal(100)]  # the year's 概ね順調 line, then the target
        assert chart.maximum >= max([*(v for b in (*judged.values(), *apart.values()) for v in b.values if v is not None), 100])


def test_the_overview_is_table2s_counted_rows(built, edition_2016) -> None:
    overview = _charts(edition_2016)["overview"]
    table = read_csv(built[2016] / "csv" / "table2.csv")
    head = table[0]
    counted = {r[1]: dict(zip(head, r, strict=True)) for r in table[1:] if r[0] == "2016" and r[3] == "件数カウント対象" and r[1] != "合計"}
    assert counted
    bars = {b.label: b for _, group in overview.groups for b in group}
    with_pair = {i for i, r in counted.items() if r["概ね順調"] != "" and r["必ずしも順調ではない"] != ""}
    assert set(bars) == with_pair
    for ident, bar in bars.items():
        assert bar.values == (int(counted[ident]["概ね順調"]), int(counted[ident]["必ずしも順調ではない"]))
        assert bar.texts == tuple(f"{v}件" for v in bar.values)
    assert overview.series == ("概ね順調", "必ずしも順調ではない")
    total_on = sum(b.values[0] for b in bars.values())
    assert f"概ね順調が{total_on}件" in overview.description


def test_each_ward_chart_is_its_rows_of_ward_results(built, edition_2016) -> None:
    rows = _ward_rows(built)
    charts = {c.key: c for c in edition_2016.document.charts}
    rated = {c.key.removeprefix("rate-") for c in _charts(edition_2016).values() if c.key.startswith("rate-")}
    assert len(charts) == 24
    for chart in charts.values():
        code = chart.key.removeprefix("ward-")
        mine = {r["指標ID"]: r for r in rows if r["区コード"] == code}
        bars = {b.label: b for _, group in chart.groups for b in group}
        assert set(bars) == rated
        for ident, bar in bars.items():
            r = mine[ident]
            rate = Decimal(r["進捗率"]) if r["進捗率"] else None
            n = 2 if r["参考数値"] == "1" else {ON_TRACK: 0, NOT_ON_TRACK: 1}.get(r["進捗状況"])
            expected: list[Decimal | None] = [None, None, None]
            if rate is not None and n is not None:
                expected[n] = rate
            assert list(bar.values) == expected, (code, ident)


@given(st.lists(st.integers(0, 10_000) | st.decimals(0, 10_000, places=1), max_size=20))
def test_the_axis_ends_at_the_first_round_value_past_every_bar(values: list) -> None:
    end = axis_end(values)
    top = max([Decimal(0), *(Decimal(v) for v in values)])
    step = 20 if top > 60 else 10
    assert end >= top and end >= 10 and end % step == 0
    assert end - step < top or end == 10  # no whole step to spare


def test_each_rate_charts_text_alternative_counts_its_wards(built, edition_2016) -> None:
    rows = _ward_rows(built)
    for chart in _charts(edition_2016).values():
        if not chart.key.startswith("rate-"):
            continue
        ident = chart.key.removeprefix("rate-")
        mine = [r for r in rows if r["指標ID"] == ident and r["集計単位"] == "区" and r["参考数値"] == "0"]
        on = sum(1 for r in mine if r["進捗状況"] == ON_TRACK)
        off = sum(1 for r in mine if r["進捗状況"] == NOT_ON_TRACK)
        assert f"（{ON_TRACK}）が{on}区、基準未満（{NOT_ON_TRACK}）が{off}区" in chart.description, ident
        rates = [Decimal(r["進捗率"]) for r in rows if r["指標ID"] == ident and r["集計単位"] == "区" and r["進捗率"]]
        if rates:
            assert f"最高は{max(rates)}％、最低は{min(rates)}％" in chart.description.replace("%", "％")


def test_the_overviews_axis_is_its_longest_bar_rounded_up(edition_2016) -> None:
    overview = _charts(edition_2016)["overview"]
    sums = [sum(int(v or 0) for v in b.values) for b in overview.bars()]
    assert overview.maximum == axis_end(sums) and overview.maximum >= max(sums)
    assert overview.guides == ()


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans(max_wards=10))
def test_random_plans_charts_agree_with_their_ward_results_and_lie_on_their_canvas(plan, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """Any plan: each rate chart has every ward once (reference values apart, in the third series), each bar its ward's
    rate from the document's ward results, guides at the year's threshold and 100, and a layout inside its canvas."""
    data = plan.write(tmp_path_factory.mktemp("plan"))
    edition, _ = compose_edition(data, plan.year)
    table = next(t for t in edition.document.data if t.name == "ward_results")
    rows = [dict(zip(table.columns, r, strict=True)) for r in table.rows if r[0] == plan.year]
    threshold = Decimal(edition.facts.year["threshold_percent"])
    charts = [b for b in edition.document.blocks if isinstance(b, Chart)]
    assert len(edition.document.charts) == len(plan.wards)
    for chart in (*charts, *edition.document.charts):
        laid = layout(chart)
        for shape in laid.shapes:
            if isinstance(shape, Box):
                assert 0 <= shape.x and shape.x + shape.width <= laid.width + 1e-6 and shape.y + shape.height <= laid.height
        if not chart.key.startswith("rate-"):
            continue
        ident = chart.key.removeprefix("rate-")
        mine = {r["区"]: r for r in rows if r["指標ID"] == ident}
        assert [b.label for b in chart.bars()] == [w for w in plan.wards if mine[w]["参考数値"] != 1] + [w for w in plan.wards if mine[w]["参考数値"] == 1]
        for label, bars in chart.groups:
            for bar in bars:
                row = mine[bar.label]
                rate = row["進捗率"]
                shown = [(n, v) for n, v in enumerate(bar.values) if v is not None]
                if rate is None:
                    assert shown == [] and not label
                    continue
                n = 2 if row["参考数値"] == 1 else 0 if row["進捗状況"] == ON_TRACK else 1
                assert shown == [(n, rate)] and bool(label) == (n == 2)
        assert [g.value for g in chart.guides] == [threshold, 100]
        assert chart.maximum >= max([threshold, 100, *(v for b in chart.bars() for v in b.values if v is not None)])

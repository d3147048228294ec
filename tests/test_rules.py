"""Each evaluation rule on small hand-made cases: thresholds, reference values, plan years."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from scenario import make_data

from reportgen.errors import InputError
from reportgen.pipeline import compute, load_inputs
from reportgen.rules.evaluate import YearFacts

ALL = {"東区": ("40", "500"), "西区": ("40", "500"), "南区": ("40", "500")}


def facts_for(data: Path, year: int) -> YearFacts:
    inputs, problems = load_inputs(data, year)
    assert inputs is not None, [str(p) for p in problems]
    return compute(inputs)


def unit(facts: YearFacts, indicator: str, ward: str):
    item = next(i for i in facts.indicators if i.indicator.id == indicator)
    return next(u for u in item.current if u.ward == ward), item


def test_exactly_on_the_threshold_is_on_track_and_one_below_is_not(tmp_path: Path) -> None:
    # 2nd year of 3: threshold 66.7％; target 50: 33.35 → 66.7％ (on track), 33.3 → 66.6％ (not)
    data = make_data(tmp_path, years={
        2015: ALL,
        2016: {"東区": ("33.35", "500"), "西区": ("33.3", "500"), "南区": ("50", "500")},
    })
    facts = facts_for(data, 2016)
    assert facts.year["threshold_percent"] == Decimal("66.7")
    on, item = unit(facts, "1.1.a", "東区")
    below, _ = unit(facts, "1.1.a", "西区")
    reached, _ = unit(facts, "1.1.a", "南区")
    assert (on["progress_percent"], on["on_track"], on["target_reached"]) == (Decimal("66.7"), True, False)
    assert (below["progress_percent"], below["on_track"]) == (Decimal("66.6"), False)
    assert reached["target_reached"] is True
    assert dict(item.table2["counted"]) == {"count": 3, "on_track": 2, "target_reached": 1, "not_on_track": 1, "not_reached": 2}


def test_too_few_and_zero_respondents_make_a_reference_value(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={
        2015: ALL,
        2016: {"東区": ("45", "0"), "西区": ("45", "399"), "南区": ("45", "400")},
    })
    facts = facts_for(data, 2016)
    item = next(i for i in facts.indicators if i.indicator.id == "1.1.a")
    assert [u["reference_value"] for u in item.current] == [True, True, False]
    assert item.table2["counted"]["count"] == 1
    assert item.table2["including_reference"]["count"] == 3
    # the comparison with the previous year leaves out this year's reference wards
    assert item.table2["previous"]["count"] == 1
    assert dict(item.table2["difference"]) == {"count": 0, "on_track": 0, "target_reached": 0, "not_on_track": 0, "not_reached": 0}


def test_year_one_uses_one_third_rounded_up_and_has_no_comparison(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: {"東区": ("16.7", "500"), "西区": ("16.65", "500"), "南区": ("16.6", "500")}})
    facts = facts_for(data, 2015)
    assert facts.year["threshold_percent"] == Decimal("33.4")
    item = next(i for i in facts.indicators if i.indicator.id == "1.1.a")
    assert [u["on_track"] for u in item.current] == [True, False, False]  # 33.4, 33.3, 33.2
    assert item.previous is None and item.table2["previous"] is None and item.table2["difference"] is None


@pytest.mark.parametrize(("year", "threshold"), [(2015, "20.0"), (2016, "40.0"), (2017, "60.0"), (2019, "100.0")])
def test_a_five_year_plan_derives_its_thresholds(tmp_path: Path, year: int, threshold: str) -> None:
    years = {y: ALL for y in range(2015, year + 1)}
    data = make_data(tmp_path, start=2015, end=2019, years=years)
    facts = facts_for(data, year)
    assert facts.year["threshold_percent"] == Decimal(threshold)
    assert facts.year["year_index"] == year - 2014 and facts.year["plan_years"] == 5


def test_cumulative_items_count_creations_to_date_outside_the_total(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: ALL, 2016: ALL})
    facts = facts_for(data, 2016)
    first, item = unit(facts, "1.1.b", "東区")
    assert first["value"] == 2 and first.result.value == 1  # 1 in each year, judged on the sum
    assert dict(item.table2["counted"]) == {"count": 3, "on_track": None, "target_reached": 1, "not_on_track": None, "not_reached": 2}
    assert facts.table2_total["counted"]["count"] == 3 + 1  # 1.1.a and the city-wide item only


def test_the_citywide_item_counts_once(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: ALL, 2016: ALL})
    facts = facts_for(data, 2016)
    item = next(i for i in facts.indicators if i.indicator.id == "1.1.c")
    assert [u.ward for u in item.current] == ["全市"]
    assert dict(item.table2["counted"]) == {"count": 1, "on_track": 1, "target_reached": 1, "not_on_track": 0, "not_reached": 0}
    assert item.table1["count"] == 3  # 表1 still counts every ward's implementation


def test_a_ward_missing_a_result_is_an_error_naming_file_and_ward(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: ALL, 2016: {"東区": ("40", "500"), "西区": ("40", "500")}})
    inputs, problems = load_inputs(data, 2016)
    assert inputs is None
    messages = [str(p) for p in problems.errors]
    assert any("2016/results.csv" in m and "南区" in m and "1.1.a" in m for m in messages), messages
    with pytest.raises(InputError):
        problems.raise_if_errors()

"""Fiscal-year era labels: 元年, era boundaries, lists of years and the abbreviated form."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.jp import (
    ERA_LETTERS,
    ERAS,
    era_abbrev_label,
    era_year,
    fiscal_year_label,
    fiscal_year_span_label,
    fiscal_years_label,
)

ERA_START_YEAR = {era.name: era.start.year for era in ERAS}
LABEL = re.compile(r"^(明治|大正|昭和|平成|令和)(元|[1-9][0-9]*)年度$")


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1868, ("明治", 1)),
        (1911, ("明治", 44)),
        (1912, ("大正", 1)),
        (1926, ("昭和", 1)),
        (1988, ("昭和", 63)),
        (1989, ("平成", 1)),
        (2016, ("平成", 28)),
        (2018, ("平成", 30)),
        (2019, ("令和", 1)),
        (2020, ("令和", 2)),
    ],
)
def test_era_year_takes_the_new_era_of_the_starting_calendar_year(
    year: int, expected: tuple[str, int]
) -> None:
    assert era_year(year) == expected


def test_eras_are_the_five_modern_eras_in_order() -> None:
    assert [(e.name, e.start.isoformat()) for e in ERAS] == [
        ("明治", "1868-10-23"),
        ("大正", "1912-07-30"),
        ("昭和", "1926-12-25"),
        ("平成", "1989-01-08"),
        ("令和", "2019-05-01"),
    ]


def test_before_meiji_is_an_error() -> None:
    with pytest.raises(ValueError):
        era_year(1867)
    with pytest.raises(ValueError):
        fiscal_year_label(1800)


def test_float_year_is_refused() -> None:
    with pytest.raises(TypeError):
        era_year(2016.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (1988, "昭和63年度"),
        (1989, "平成元年度"),
        (2016, "平成28年度"),
        (2018, "平成30年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
    ],
)
def test_fiscal_year_label(year: int, label: str) -> None:
    assert fiscal_year_label(year) == label


def test_fiscal_year_label_western_and_short() -> None:
    assert fiscal_year_label(2016, western=True) == "平成28年度（2016年度）"
    assert fiscal_year_label(2019, western=True) == "令和元年度（2019年度）"
    assert fiscal_year_label(2016, short=True) == "28年度"
    assert fiscal_year_label(2019, short=True) == "元年度"
    assert fiscal_year_label(2016, short=True, western=True) == "28年度（2016年度）"


@pytest.mark.parametrize(
    ("years", "label"),
    [
        ([2016], "平成28年度"),
        ([2015, 2016], "平成27年度、28年度"),
        ([2018, 2019], "平成30年度、令和元年度"),
        ([2018, 2019, 2020], "平成30年度、令和元年度、2年度"),
        ([1988, 1989, 1990], "昭和63年度、平成元年度、2年度"),
        ([2020, 2016], "令和2年度、平成28年度"),
    ],
)
def test_fiscal_years_label(years: list[int], label: str) -> None:
    assert fiscal_years_label(years) == label


def test_fiscal_years_label_needs_a_year() -> None:
    with pytest.raises(ValueError):
        fiscal_years_label([])


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (1911, "M44年度"),
        (1912, "T元年度"),
        (1988, "S63年度"),
        (1989, "H元年度"),
        (2017, "H29年度"),
        (2019, "R元年度"),
        (2020, "R2年度"),
    ],
)
def test_era_abbrev_label(year: int, label: str) -> None:
    assert era_abbrev_label(year) == label


@given(st.integers(min_value=1900, max_value=2100))
def test_every_label_reads_back_to_its_western_year(year: int) -> None:
    match = LABEL.fullmatch(fiscal_year_label(year))
    assert match is not None, fiscal_year_label(year)
    name, written = match.groups()
    n = 1 if written == "元" else int(written)
    assert n >= 1
    assert (written == "元") == (n == 1)
    assert (written == "元") == (era_year(year)[1] == 1)
    assert ERA_START_YEAR[name] + n - 1 == year
    # The era is the latest one that had begun by the end of that calendar year.
    assert name == max((e for e in ERAS if e.start.year <= year), key=lambda e: e.start).name
    assert era_abbrev_label(year) == ERA_LETTERS[name] + written + "年度"


@given(st.lists(st.integers(min_value=1900, max_value=2100), min_size=1, max_size=6))
def test_a_list_writes_the_era_exactly_when_it_changes(years: list[int]) -> None:
    parts = fiscal_years_label(years).split("、")
    assert len(parts) == len(years)
    for i, (part, year) in enumerate(zip(parts, years, strict=True)):
        era_changed = i == 0 or era_year(years[i - 1])[0] != era_year(year)[0]
        assert part == fiscal_year_label(year, short=not era_changed)


@pytest.mark.parametrize(
    ("years", "label"),
    [
        ([2015], "平成27年度"),
        ([2015, 2016], "平成27年度、28年度"),
        ([2015, 2016, 2017], "平成27年度から29年度まで"),
        ([2018, 2019, 2020], "平成30年度から令和2年度まで"),
        ([2015, 2017, 2018], "平成27年度、29年度、30年度"),  # not a run: listed
    ],
)
def test_fiscal_year_span_label(years: list[int], label: str) -> None:
    assert fiscal_year_span_label(years) == label

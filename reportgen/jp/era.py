"""Japanese era (和暦) labels for fiscal years (年度): 「平成28年度」, 「令和元年度」, 「H29年度」."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple


class Era(NamedTuple):
    """One era (元号): its name and the Gregorian date it began."""

    name: str
    start: date


#: The eras from 明治 on, oldest first. 明治 is dated from its proclamation (1868-10-23).
ERAS: tuple[Era, ...] = (
    Era("明治", date(1868, 10, 23)),
    Era("大正", date(1912, 7, 30)),
    Era("昭和", date(1926, 12, 25)),
    Era("平成", date(1989, 1, 8)),
    Era("令和", date(2019, 5, 1)),
)

#: The one-letter abbreviations print tables use (「H29年度」).
ERA_LETTERS: dict[str, str] = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}


def era_year(year: int) -> tuple[str, int]:
    """The era and era-year of the fiscal year (年度) that begins in April of ``year``.

    Municipal convention: the era of the calendar year in which the fiscal year begins, taking
    the new era when one began during that calendar year, so FY1989 is 平成元年度 and FY2019 is
    令和元年度 for the whole year (not 平成31年度 until April 30). Raises ``ValueError`` before 明治.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an int, not {type(year).__name__}")
    for era in reversed(ERAS):
        if era.start.year <= year:
            return era.name, year - era.start.year + 1
    raise ValueError(f"{year}年度は明治より前です（{ERAS[0].start.year}年度以降のみ）")


def _era_number(n: int) -> str:
    """The era-year as written: 元 for the first year (元年, never 1年), digits otherwise."""
    return "元" if n == 1 else str(n)


def fiscal_year_label(year: int, *, western: bool = False, short: bool = False) -> str:
    """「平成28年度」 for 2016; ``short`` drops the era (「28年度」, for lists within one era).

    ``western`` adds the Gregorian year in full-width brackets: 「平成28年度（2016年度）」.
    """
    name, n = era_year(year)
    label = f"{_era_number(n)}年度" if short else f"{name}{_era_number(n)}年度"
    if western:
        label += f"（{year}年度）"
    return label


def fiscal_years_label(years: Sequence[int]) -> str:
    """Several fiscal years joined by 「、」 in the given order: 「平成27年度、28年度」.

    The era is written on the first year and again whenever it changes
    (「平成30年度、令和元年度」). An empty sequence raises ``ValueError``.
    """
    if not years:
        raise ValueError("年度が一つもありません")
    labels: list[str] = []
    previous: str | None = None
    for year in years:
        name, _ = era_year(year)
        labels.append(fiscal_year_label(year, short=name == previous))
        previous = name
    return "、".join(labels)


def fiscal_year_span_label(years: Sequence[int]) -> str:
    """Years a total covers: 「平成27年度、28年度」 for one or two, and a run of three or more
    consecutive years as 「平成27年度から29年度まで」 (「平成30年度から令和2年度まで」 across eras)."""
    run = list(years)
    if len(run) >= 3 and run == list(range(run[0], run[0] + len(run))):
        first, last = run[0], run[-1]
        same_era = era_year(first)[0] == era_year(last)[0]
        return f"{fiscal_year_label(first)}から{fiscal_year_label(last, short=same_era)}まで"
    return fiscal_years_label(run)


def era_abbrev_label(year: int) -> str:
    """The abbreviated label print tables use: 「H29年度」, 「R元年度」 (M, T, S, H, R)."""
    name, n = era_year(year)
    return f"{ERA_LETTERS[name]}{_era_number(n)}年度"

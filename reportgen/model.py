"""The input as frozen dataclasses: the plan, its wards and indicators, and a year's results."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.errors import Location

CITYWIDE = "全市"
"""Ward column value of a result that stands for the whole city (全市で1件の指標)."""


@dataclass(frozen=True, slots=True)
class Ward:
    """An administrative ward (区), in the city's official order."""

    code: str
    name: str
    order: int


@dataclass(frozen=True, slots=True)
class Target:
    """A target (目標値): value, unit (％, 点, 件 or milestone) and the fiscal year to reach it by."""

    value: Decimal
    unit: str
    year: int


@dataclass(frozen=True, slots=True)
class Indicator:
    """An outcome indicator (成果指標) and how it is measured and counted."""

    id: str
    wording: str
    measure: str
    target: Target
    counting: str
    population: str | None
    min_respondents: int | None
    scale_max: Decimal | None
    strategy: int
    direction: int
    item: str
    location: Location = field(compare=False)
    goal: str | None = None
    """How the plan words the indicator's goal for a note (成果目標: 「事業を創出する」), or None."""


@dataclass(frozen=True, slots=True)
class Item:
    """An item of a direction (取組の方向性の項目, ㋐㋑㋒ in print)."""

    letter: str
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class Direction:
    """A direction of a strategy (取組の方向性, (1)…(4) in print)."""

    number: int
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Strategy:
    """A basic strategy (基本戦略)."""

    number: int
    title: str
    directions: tuple[Direction, ...]


@dataclass(frozen=True, slots=True)
class Phrases:
    """The plan's own words in the report's sentences (plan.yaml ``phrases``): no city's words in a template."""

    indicators: str = "成果指標"
    """What Ⅱ calls the plan's indicators (Osaka: 「めざす姿（将来像）…」に掲げる成果指標)."""
    ward_plan: str = "区の年度計画"
    """The name of each ward's yearly plan that actions are stated in (Osaka: 区運営方針)."""
    ward_plan_is: str | None = None
    """What that plan is, said once before its name (Osaka: 各区の年度ごとの方針), or None."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The plan (計画; Osaka's is the 区政運営基本方針): its period, strategies, indicators, wards and phrases."""

    name: str
    city: str
    period_start: int
    period_end: int
    min_respondents: int | None
    strategies: tuple[Strategy, ...]
    wards: tuple[Ward, ...]
    phrases: Phrases = Phrases()

    def indicators(self) -> Iterator[Indicator]:
        """Every indicator in document order."""
        for strategy in self.strategies:
            for direction in strategy.directions:
                for item in direction.items:
                    yield from item.indicators

    def indicator_ids(self) -> list[str]:
        """Indicator ids in document order."""
        return [i.id for i in self.indicators()]

    def ward_names(self) -> list[str]:
        """Ward names in official order."""
        return [w.name for w in self.wards]


@dataclass(frozen=True, slots=True)
class Result:
    """One ward's (or the city's) result on one indicator in one fiscal year (実績値)."""

    ward: str
    indicator_id: str
    value: Decimal
    respondents: int | None
    measured_as_defined: bool
    location: Location = field(compare=False)


@dataclass(frozen=True, slots=True)
class Implementation:
    """How a ward took up an indicator's action in a fiscal year (取組の実施状況)."""

    ward: str
    indicator_id: str
    status: str
    location: Location = field(compare=False)


@dataclass(frozen=True, slots=True)
class YearData:
    """Everything read for one fiscal year."""

    fiscal_year: int
    results: dict[tuple[str, str], Result]
    implementation: dict[tuple[str, str], Implementation]

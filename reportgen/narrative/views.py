"""What sentence templates see: read-only views of the facts (wards, indicators, the edition)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from reportgen import jp
from reportgen.model import Plan
from reportgen.narrative.findings import indicator_findings
from reportgen.narrative.phrases import clause, created_noun
from reportgen.rules.evaluate import IndicatorFacts, UnitFacts, YearFacts


@dataclass(frozen=True)
class WardView:
    """One ward on one indicator, as sentences use it."""

    name: str
    order: int
    value: Decimal
    year_value: Decimal
    progress: Decimal
    on_track: bool
    reached: bool
    reference: bool
    too_few_respondents: bool
    previous_value: Decimal | None

    @property
    def rose(self) -> bool:
        """The value is higher than the previous year's (成果指標が上がっている)."""
        return self.previous_value is not None and self.value > self.previous_value



@dataclass(frozen=True)
class Creations:
    """Creations of a cumulative item: this year and from the plan's first year to date."""

    wards: tuple[str, ...]
    count: Decimal
    wards_to_date: tuple[str, ...]
    count_to_date: Decimal
    years: tuple[int, ...]
    noun: str
    """What was created, from the indicator's wording (「コミュニティ・ビジネス、ソーシャル・ビジネス」)."""


@dataclass(frozen=True)
class IndicatorView:
    """One indicator's facts for sentences: groups of wards and the table counts."""

    id: str
    strategy: int
    item_key: str
    item_title: str
    wording: str
    counting: str
    unit: str
    target: Decimal
    target_year: int
    counted: tuple[WardView, ...]
    reference: tuple[WardView, ...]
    on_track: tuple[WardView, ...]
    not_on_track: tuple[WardView, ...]
    reached: tuple[WardView, ...]
    reference_on_track: tuple[WardView, ...]
    reference_reached: tuple[WardView, ...]
    risers: tuple[WardView, ...]
    fell: tuple[WardView, ...]
    """Counted wards on track in 表2's 前年度 row and not on track now."""
    counts: Mapping[str, Mapping[str, int | None] | None]
    previously_reached: int | None
    """表2's 前年度 row of 目標値を達成 (the basis 差引 compares with), None in the plan's first year."""
    creations: Creations | None
    in_total: bool
    per_ward: bool
    """Counted ward by ward on this year's value (the counting mode's unit is the ward, no value rule)."""
    citywide: bool
    """Counted once for the whole city (the counting mode's unit is the city)."""
    cumulative: bool
    """Judged on a value the counting mode derives (creations added up from the plan's first year)."""
    all_wards: int
    marker: str  # the print marker of the indicator: 「1⑶㋑」, or 「2⑴㋐②」 in an item of several indicators
    marker_parts: tuple[str, str, str]  # its parts 「1」「⑶」「㋑」, to shorten a list: 「1⑶㋑及び㋒」
    single_indicator: bool
    population: str | None
    min_respondents: int | None
    """The respondents this indicator's survey needed (its own, or the plan's 必要数)."""
    goal: str | None
    """The plan's words for the indicator's goal (「事業を創出する」), or None."""

    @property
    def label(self) -> str:
        """How sentences name the indicator: the item title, or the wording when the item has several
        (without a closing 「。」: quoted in 「」 it names the target, it is not a sentence)."""
        return self.item_title if self.single_indicator else clause(self.wording)

    @property
    def on_track_share(self) -> Decimal:
        """The share of counted wards on track (0 without counted wards); Ⅰ compares it with a parameter."""
        return Decimal(len(self.on_track)) / len(self.counted) if self.counted else Decimal(0)

    @property
    def reached_rose(self) -> bool:
        """More counted wards reached the target than in 表2's 前年度 row (its 差引 is positive)."""
        return self.previously_reached is not None and len(self.reached) > self.previously_reached

    @property
    def none_on_track(self) -> bool:
        """No counted ward is on track."""
        return bool(self.counted) and not self.on_track

    @property
    def all_on_track(self) -> bool:
        """Every counted ward is on track (and there is one)."""
        return bool(self.counted) and len(self.on_track) == len(self.counted)

    @property
    def every_on_track(self) -> bool:
        """Every ward is on track, the reference values too: 「すべての区において」 is true as it stands."""
        return self.all_on_track and len(self.reference_on_track) == len(self.reference)

    @property
    def every_reached(self) -> bool:
        """Every ward reached the target, the reference values too."""
        return self.all_reached and len(self.reference_reached) == len(self.reference)

    @property
    def none_anywhere_on_track(self) -> bool:
        """No ward is on track, counted or reference value (「すべての区において、…未満」 holds of all)."""
        return self.none_on_track and not self.reference_on_track

    @property
    def none_anywhere_reached(self) -> bool:
        """No ward reached the target, counted or reference value."""
        return self.none_reached and not self.reference_reached

    @property
    def all_but_one(self) -> bool:
        """Every counted ward but one is on track, of three or more (「A以外のN区においては…」)."""
        return len(self.counted) > 2 and len(self.not_on_track) == 1

    @property
    def ends_positive(self) -> bool:
        """The status sentences end on progress: every counted ward, or all but one, is on track.
        Otherwise the last sentence is 「一方で、…未満であり、必ずしも順調とはいえない状況です。」, so a
        「特に」 sentence goes before it (status/some_on_track.j2) and the highlight slot writes nothing, and the
        reference note says 「においては」, not 「においても」, of reference wards on track."""
        return self.all_on_track or self.all_but_one

    @property
    def all_reached(self) -> bool:
        """Every counted ward reached the target (and there is one)."""
        return bool(self.counted) and len(self.reached) == len(self.counted)

    @property
    def not_reached(self) -> tuple[WardView, ...]:
        """Counted wards that did not reach the target (目標値の達成には至らなかった区), in the plan's order."""
        return tuple(w for w in self.counted if not w.reached)

    @property
    def none_reached(self) -> bool:
        """No counted ward reached the target."""
        return bool(self.counted) and not self.reached

    @property
    def fell_count(self) -> int:
        """How many counted wards fell from on track to not on track."""
        return len(self.fell)

    def difference(self, column: str) -> int | None:
        """表2 差引 of a column, or None without a comparison."""
        diff = self.counts.get("difference")
        return None if diff is None else diff[column]


FINDINGS = (
    "none_on_track", "all_on_track", "all_but_one", "ends_positive", "every_on_track", "every_reached",
    "none_anywhere_on_track", "none_anywhere_reached", "all_reached", "none_reached", "not_reached", "reached_rose", "label",
)
"""Properties of :class:`IndicatorView` the indicator templates read by name, beside its fields."""


def indicator_names(view: IndicatorView) -> dict[str, Any]:
    """What an indicator's sentence rules and templates see: its fields and :data:`FINDINGS`."""
    names = {f.name: getattr(view, f.name) for f in fields(view)}
    names.update({name: getattr(view, name) for name in FINDINGS})
    return names


def _ward(unit: UnitFacts, order: dict[str, int], previous: UnitFacts | None, reference: bool) -> WardView:
    return WardView(
        name=unit.ward,
        order=order.get(unit.ward, 0),
        value=unit["value"],
        year_value=unit.result.value,
        progress=unit["progress_percent"],
        on_track=bool(unit["on_track"]),
        reached=bool(unit["target_reached"]),
        reference=reference,
        too_few_respondents=bool(unit.values.get("too_few_respondents")),
        previous_value=previous["value"] if previous is not None else None,
    )


def _creations(item: IndicatorFacts, plan: Plan, year: int) -> Creations | None:
    if item.counting.value is None:
        return None
    made = [u for u in item.current if u.result.value > 0]
    to_date = [u for u in item.current if u["value"] > 0]
    return Creations(
        wards=tuple(u.ward for u in made),
        count=sum((u.result.value for u in made), Decimal(0)),
        wards_to_date=tuple(u.ward for u in to_date),
        count_to_date=sum((u["value"] for u in to_date), Decimal(0)),
        years=tuple(range(plan.period_start, year + 1)),
        noun=created_noun(item.indicator.wording),
    )


def indicator_view(item: IndicatorFacts, plan: Plan, year: int) -> IndicatorView:
    """Build the view of one indicator from its facts."""
    order = {w.name: w.order for w in plan.wards}
    found = indicator_findings(item)
    previous = {u.ward: u for u in item.previous} if item.previous is not None else {}
    reference_names = set(found.reference)
    wards = {u.ward: _ward(u, order, previous.get(u.ward), u.ward in reference_names) for u in item.current}

    def views(names: tuple[str, ...]) -> tuple[WardView, ...]:
        return tuple(wards[name] for name in names)

    counted = views(found.counted)
    ind = item.indicator
    plan_item = next(
        it
        for s in plan.strategies
        for d in s.directions
        for it in d.items
        if any(i.id == ind.id for i in it.indicators)
    )
    # 「1⑵㋐①」: an item of several indicators numbers them as its 【成果指標と目標値①】 does
    number = [i.id for i in plan_item.indicators].index(ind.id) + 1
    item_mark = jp.item_marker(ind.item) + (jp.circled(number) if len(plan_item.indicators) > 1 else "")
    parts = (str(ind.strategy), jp.direction_marker(ind.direction, "parenthesized"), item_mark)
    return IndicatorView(
        id=ind.id,
        strategy=ind.strategy,
        item_key=f"{ind.strategy}.{ind.direction}.{ind.item}",
        item_title=plan_item.title,
        wording=ind.wording,
        counting=item.counting.name,
        unit=ind.target.unit,
        target=ind.target.value,
        target_year=ind.target.year,
        counted=counted,
        reference=views(found.reference),
        on_track=views(found.on_track),
        not_on_track=views(found.not_on_track),
        reached=views(found.reached),
        reference_on_track=views(found.reference_on_track),
        reference_reached=views(found.reference_reached),
        risers=tuple(w for w in counted if w.rose),
        fell=views(found.fell),
        counts=item.table2,
        previously_reached=None if found.previously_reached is None else len(found.previously_reached),
        creations=_creations(item, plan, year),
        in_total=item.counting.in_total,
        per_ward=item.counting.unit == "ward" and item.counting.value is None,
        citywide=item.counting.unit == "city",
        cumulative=item.counting.value is not None,
        all_wards=len(plan.wards),
        marker="".join(parts),
        marker_parts=parts,
        single_indicator=len(plan_item.indicators) == 1,
        population=ind.population,
        min_respondents=ind.min_respondents,
        goal=ind.goal,
    )


def _only_strategy(plan: Plan, views: list[IndicatorView]) -> Any:
    numbers = {v.strategy for v in views}
    return next((s for s in plan.strategies if {s.number} == numbers), None)


def edition_names(facts: YearFacts, plan: Plan, views: list[IndicatorView], text: Mapping[str, Any]) -> dict[str, Any]:
    """The names every template can use (the edition as a whole)."""
    return {
        "year": facts.fiscal_year,
        "previous_year": facts.fiscal_year - 1 if facts.previous_year is not None else None,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "plan_name": plan.name,
        "city": plan.city,
        "phrases": plan.phrases,
        "cumulative_goal": cumulative_goal(views),
        "citywide_indicators": [v for v in views if v.citywide],
        "cumulative_markers": cumulative_markers(views),
        "threshold": facts.year["threshold_percent"],
        "previous_threshold": facts.previous_year["threshold_percent"] if facts.previous_year else None,
        "year_index": facts.year["year_index"],
        "plan_years": facts.year["plan_years"],
        "final_year": facts.final_year,
        "min_respondents": plan.min_respondents,
        "indicators": views,
        "strategies": [
            {"number": s.number, "title": s.title, "indicators": [v for v in views if v.strategy == s.number]}
            for s in plan.strategies
        ],
        "table1_total": facts.table1_total,
        "table2_total": facts.table2_total,
        "text": text,
        "items": item_views(views),
        "reference_groups": reference_groups(views),
        # the strategy every reference value belongs to (※1 names it), or None when they span several
        "reference_strategy": _only_strategy(plan, [v for v in views if v.reference]),
        "notes": note_numbers(views, facts.previous_year is not None),
        "ward_count": len(plan.wards),
        "ward_names": [w.name for w in plan.wards],
        "strategy": None,
        "summary": None,
    }


@dataclass(frozen=True)
class ItemView:
    """An item (㋐…) with its indicators' counts added up, for the summary sentences."""

    key: str
    title: str
    indicators: tuple[IndicatorView, ...]
    on_track_count: int
    not_on_track_count: int
    on_track_diff: int
    reached_gain: int
    reached_loss: int


def item_views(views: list[IndicatorView]) -> list[ItemView]:
    """Items in document order, counting only indicators in the 表2 total."""
    keys = list(dict.fromkeys(v.item_key for v in views if v.in_total))
    out = []
    for key in keys:
        group = tuple(v for v in views if v.item_key == key and v.in_total)
        diffs = [(v.difference("on_track") or 0, v.difference("target_reached") or 0) for v in group]
        out.append(ItemView(
            key=key,
            title=group[0].item_title,
            indicators=group,
            on_track_count=sum(len(v.on_track) for v in group),
            not_on_track_count=sum(len(v.not_on_track) for v in group),
            on_track_diff=sum(d[0] for d in diffs),
            reached_gain=sum(d[1] for d in diffs if d[1] > 0),
            reached_loss=sum(-d[1] for d in diffs if d[1] < 0),
        ))
    return out


@dataclass(frozen=True)
class ReferenceGroup:
    """Indicators whose reference values share a reason, its figure and the same wards (for note ※1).

    ``reason`` is ``respondents`` (fewer respondents than ``min_respondents``, the indicators' own
    必要数), ``population`` (not a survey of ``population``) or ``definition`` (not measured as defined).
    """

    reason: str
    wards: tuple[str, ...]
    indicators: tuple[IndicatorView, ...]
    counted: int
    min_respondents: int | None
    population: str | None
    every_ward: bool
    """Every ward of the plan is a reference value (「すべての区」)."""

    @property
    def labels(self) -> list[str]:
        """The indicators as the note names them: 「1⑴㋐人と人とのつながりづくりの促進」."""
        return [f"「{v.marker}{v.label}」" for v in self.indicators]


def _reason(view: IndicatorView, ward: WardView) -> tuple[str, int | None, str | None]:
    """Why ``ward`` is a reference value on ``view``, with the figure the note states."""
    if ward.too_few_respondents:
        return "respondents", view.min_respondents, None
    if view.population:
        return "population", None, view.population
    return "definition", None, None


def reference_groups(views: list[IndicatorView]) -> list[ReferenceGroup]:
    """Group the edition's reference values by reason (and its figure), wards and counted figure, in
    document order: one sentence of ※1 states all of these for every indicator it names."""
    Key = tuple[tuple[str, int | None, str | None], tuple[str, ...], int]
    groups: dict[Key, list[IndicatorView]] = {}
    for view in views:
        by_reason: dict[tuple[str, int | None, str | None], list[str]] = {}
        for ward in view.reference:
            by_reason.setdefault(_reason(view, ward), []).append(ward.name)
        # too few respondents before any other reason, as the note has always listed them
        for reason in sorted(by_reason, key=lambda r: r[0] != "respondents"):
            groups.setdefault((reason, tuple(by_reason[reason]), len(view.counted)), []).append(view)
    return [
        ReferenceGroup(reason, wards, tuple(group), counted, minimum, population, len(wards) == group[0].all_wards)
        for ((reason, minimum, population), wards, counted), group in groups.items()
    ]


@dataclass(frozen=True)
class Goal:
    """The goal a note quotes for the cumulative indicators: 「令和5年度までに活動を生み出す」."""

    year: int
    text: str


def cumulative_goal(views: list[IndicatorView]) -> Goal | None:
    """The first cumulative indicator's goal in the plan's words, or None when none has one."""
    return next((Goal(v.target_year, v.goal) for v in views if v.cumulative and v.goal), None)


def cumulative_markers(views: list[IndicatorView]) -> list[str]:
    """The cumulative indicators' markers for note ※3, each without the parts the one before shares:
    「1⑶㋑」「㋒」 (joined 「1⑶㋑及び㋒」), 「1⑶㋑」「2⑴㋐」, 「1⑶㋑」「⑷㋐」."""
    out: list[str] = []
    before: tuple[str, str, str] | None = None
    for view in (v for v in views if v.cumulative):
        parts = view.marker_parts
        if before is None or parts[0] != before[0]:
            out.append(view.marker)
        elif parts[1] != before[1]:
            out.append(parts[1] + parts[2])
        else:
            out.append(parts[2])
        before = parts
    return out


def note_numbers(views: list[IndicatorView], has_previous: bool) -> dict[str, int]:
    """The ※ notes of 表2 this edition needs, numbered in their fixed order."""
    present = [
        ("reference", any(v.reference for v in views)),
        ("citywide", any(v.citywide for v in views)),
        ("cumulative", any(v.cumulative for v in views)),
        ("threshold", True),
        ("comparison", has_previous),
    ]
    return {kind: n for n, kind in enumerate((k for k, used in present if used), start=1)}

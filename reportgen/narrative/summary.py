"""Ⅰ 全体の総括: which items of a strategy are on track, reached, behind (and why), decided in Python.

The template ``edition/summary_strategy.j2`` only words what :func:`strategy_summary` finds; the
counts it states are the 表2 counts of each item (:mod:`reportgen.narrative.findings`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportgen.narrative.headings import reason_heading, strategy_heading
from reportgen.narrative.views import IndicatorView


@dataclass(frozen=True)
class FellGroup:
    """Items behind this year in which the same number of wards fell from on track."""

    wards: int
    items: tuple[IndicatorView, ...]


@dataclass(frozen=True)
class Reasoned:
    """An item behind, with the editors' reason for it (``text/summary.md``: 「N 理由 ITEM」)."""

    item: IndicatorView
    reason: Any
    """The editors' text as the loader gives it (a PlacedText: writing it out marks it placed)."""


@dataclass(frozen=True)
class StrategySummary:
    """The findings one strategy's bullets of Ⅰ speak of, in the plan's order."""

    lead: str | None
    """The editors' lead (「N 取組」), a sentence fragment ending 「…などに」."""
    final: bool
    """The plan's last year: on track and reached coincide, so only reaching is spoken of."""
    good: tuple[IndicatorView, ...]
    """Per-ward items where more than ``item_on_track_share`` of the counted wards are on track (or all of
    them): with 0.5, an item with only half its wards on track is not called 概ね順調."""
    all_good: bool
    """Every per-ward item with counted wards is among ``good`` (「9項目すべて」, not 「AなどN項目」)."""
    good_behind: tuple[IndicatorView, ...]
    """Items of ``good`` with two or more counted wards not on track: named, so the wards behind an item
    called 概ね順調 are never left out (one ward behind is said in the item's own 【達成状況】)."""
    good_reached: tuple[IndicatorView, ...]
    rose: bool
    """Every item of ``good_reached`` has more wards at the target than 表2's 前年度 row."""
    cumulative: tuple[IndicatorView, ...]
    """Cumulative items (creations to date) where some ward reached the target."""
    reasoned: tuple[Reasoned, ...]
    fell: tuple[FellGroup, ...]
    fell_items: tuple[IndicatorView, ...]
    """The items of every :class:`FellGroup`, in order (the sentence names a few and points to 表2)."""
    fell_entries: int
    """How many counted wards fell from on track over those items (表2's entries, 件)."""
    quiet: tuple[IndicatorView, ...]
    """Behind with no reason given and no ward fallen: named too, never left out."""
    uncounted: tuple[IndicatorView, ...]
    """Per-ward items with no counted ward at all (every ward a reference value)."""
    note: str | None
    ahead: str | None
    """The editors' 「N なお」 and 「N 今後」 paragraphs."""


def strategy_summary(number: int, items: Sequence[IndicatorView], summary_text: Mapping[str, Any],
                     on_track_share: Decimal, final: bool) -> StrategySummary:
    """Classify the items of strategy ``number`` for Ⅰ (``summary_text``: text/summary.md's sections)."""
    per_ward = [i for i in items if i.per_ward]
    uncounted = tuple(i for i in per_ward if not i.counted)
    good = tuple(i for i in per_ward if i.counted and (i.on_track_share > on_track_share or i.all_on_track))
    good_reached = tuple(i for i in good if i.reached)
    behind = [i for i in per_ward if i.counted and i not in good]
    reasons = {i.item_key: summary_text.get(reason_heading(number, i.item_key)) for i in behind}
    # The editors' text is passed on as it is (a PlacedText): only writing it out marks it placed.
    reasoned = tuple(Reasoned(i, reasons[i.item_key]) for i in behind if reasons[i.item_key])
    unexplained = [i for i in behind if not reasons[i.item_key]]
    fallen = [i for i in unexplained if i.fell]
    fell = tuple(
        FellGroup(n, tuple(i for i in fallen if len(i.fell) == n))
        for n in dict.fromkeys(len(i.fell) for i in fallen)
    )

    def text(key: str) -> str | None:
        value = summary_text.get(strategy_heading(key, number))
        return value if value else None

    return StrategySummary(
        lead=text("取組"),
        final=final,
        good=good,
        all_good=bool(good) and len(good) == sum(1 for i in per_ward if i.counted),
        good_behind=tuple(i for i in good if len(i.not_on_track) > 1),
        good_reached=good_reached,
        rose=bool(good_reached) and all(i.reached_rose for i in good_reached),
        cumulative=tuple(i for i in items if i.creations is not None and (i.counts["counted"] or {}).get("target_reached")),
        reasoned=reasoned,
        fell=fell,
        fell_items=tuple(fallen),
        fell_entries=sum(len(i.fell) for i in fallen),
        quiet=tuple(i for i in unexplained if not i.fell),
        uncounted=uncounted,
        note=text("なお"),
        ahead=text("今後"),
    )

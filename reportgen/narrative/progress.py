"""Ⅱ ○成果目標値の達成に向けた進捗状況: the items the overview names, decided in Python.

``edition/_progress_main.j2`` and ``edition/progress_with_comparison.j2`` only word what
:func:`progress_findings` finds. Every count is a 表2 figure: the totals are 表2's 合計 rows, the
rises and falls its 差引 column, item by item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from reportgen.narrative.views import IndicatorView, ItemView


def _difference(view: IndicatorView, column: str) -> int:
    return view.difference(column) or 0


@dataclass(frozen=True)
class ProgressFindings:
    """What Ⅱ's overview says of the indicators in the 表2 total."""

    rated: tuple[IndicatorView, ...]
    """The indicators 表2's 合計 counts (in_total)."""
    note_refs: tuple[int, ...]
    """The 表2 notes on what the 合計 leaves out (参考数値, 全市で1件, 累計), in their order: 「（※1、※2及び※3参照）」."""
    not_reached: int
    """表2's 合計 件数 less its 目標値を達成 (counted entries that have not reached the target)."""
    all_reached: tuple[IndicatorView, ...]
    """Per-ward indicators whose every counted ward reached the target (named as examples)."""
    behind_items: tuple[ItemView, ...]
    """Items with nothing on track, the most wards behind first (「…など N件あり」)."""
    down: tuple[IndicatorView, ...]
    up: tuple[IndicatorView, ...]
    """Indicators whose 概ね順調 count fell / rose over 表2's 前年度 row (差引 below / above 0)."""
    fall: int
    rise: int
    """The sums of those falls and rises (positive numbers)."""
    worst_items: tuple[ItemView, ...]
    """Items whose 概ね順調 count fell, the largest fall first."""
    risen_items: tuple[ItemView, ...]
    gain: tuple[IndicatorView, ...]
    loss: tuple[IndicatorView, ...]
    """Indicators whose 目標値を達成 count rose / fell over the 前年度 row."""
    gained: int
    lost: int
    best_items: tuple[ItemView, ...]
    """Items whose 目標値を達成 count rose, the largest gain first."""
    fallen_titles: tuple[str, ...]
    risen_titles: tuple[str, ...]
    """Items whose 概ね順調 count fell / rose in all (the item's 差引 summed), largest first: an item is
    named on one side only, never as both a fall and a rise."""
    gained_titles: tuple[str, ...]
    lost_titles: tuple[str, ...]
    """The same for 目標値を達成 (item net change above / below 0)."""


def progress_findings(indicators: Sequence[IndicatorView], items: Sequence[ItemView], notes: Mapping[str, int],
                      total: Mapping[str, int | None] | None) -> ProgressFindings:
    """Classify the edition's indicators and items for Ⅱ's overview (in document order, stable sorts).

    ``notes`` are the edition's 表2 note numbers, ``total`` 表2's 合計 row of the counted group.
    """
    rated = tuple(v for v in indicators if v.in_total)
    down = tuple(v for v in rated if _difference(v, "on_track") < 0)
    up = tuple(v for v in rated if _difference(v, "on_track") > 0)
    gain = tuple(v for v in rated if _difference(v, "target_reached") > 0)
    loss = tuple(v for v in rated if _difference(v, "target_reached") < 0)
    count, reached = ((total or {}).get(c) or 0 for c in ("count", "target_reached"))
    return ProgressFindings(
        rated=rated,
        note_refs=tuple(notes[k] for k in ("reference", "citywide", "cumulative") if k in notes),
        not_reached=count - reached,
        all_reached=tuple(v for v in rated if v.per_ward and v.counted and len(v.reached) == len(v.counted)),
        behind_items=tuple(sorted((i for i in items if i.on_track_count == 0), key=lambda i: -i.not_on_track_count)),
        down=down,
        up=up,
        fall=-sum(_difference(v, "on_track") for v in down),
        rise=sum(_difference(v, "on_track") for v in up),
        worst_items=tuple(sorted((i for i in items if i.on_track_diff < 0), key=lambda i: i.on_track_diff)),
        risen_items=tuple(sorted((i for i in items if i.on_track_diff > 0), key=lambda i: -i.on_track_diff)),
        gain=gain,
        loss=loss,
        gained=sum(_difference(v, "target_reached") for v in gain),
        lost=-sum(_difference(v, "target_reached") for v in loss),
        best_items=tuple(sorted((i for i in items if i.reached_gain > 0), key=lambda i: -i.reached_gain)),
        fallen_titles=_titles(items, lambda i: -i.on_track_diff),
        risen_titles=_titles(items, lambda i: i.on_track_diff),
        gained_titles=_titles(items, lambda i: i.reached_gain - i.reached_loss),
        lost_titles=_titles(items, lambda i: i.reached_loss - i.reached_gain),
    )


def _titles(items: Sequence[ItemView], change: Callable[[ItemView], int]) -> tuple[str, ...]:
    """The titles of items whose ``change`` is positive, the largest first (document order among equals)."""
    return tuple(i.title for i in sorted((i for i in items if change(i) > 0), key=lambda i: -change(i)))

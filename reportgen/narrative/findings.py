"""Findings: the groups of wards the sentences speak of, read from the rule engine's own 表2 groups.

表2 counts the members of the groups defined in ``rules.yaml`` (``counted``, ``including_reference``,
``previous``); the sentences name and count the same members. Nothing here decides again which
ward is counted or compared (no "not a reference value" of its own): change a group's ``include``
in rules.yaml and 表2 and every sentence change together.

Group and column names are the contract between rules.yaml and the outputs
(:data:`reportgen.pipeline.REQUIRED_GROUPS`, :data:`reportgen.pipeline.REQUIRED_COLUMNS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.rules.evaluate import IndicatorFacts, Members

COUNTED, ALL, PREVIOUS = "counted", "including_reference", "previous"
"""The 表2 groups sentences read: this year's counted wards, every ward, the previous-year basis (※5)."""


@dataclass(frozen=True)
class IndicatorFindings:
    """One indicator's groups of wards, each exactly as 表2 counts it (in the plan's ward order)."""

    counted: tuple[str, ...]
    """The wards 表2 counts this year (件数カウント対象)."""
    reference: tuple[str, ...]
    """The wards 表2 shows only in its 参考数値を含む row (参考数値)."""
    on_track: tuple[str, ...]
    reached: tuple[str, ...]
    not_on_track: tuple[str, ...]
    reference_on_track: tuple[str, ...]
    reference_reached: tuple[str, ...]
    compared: tuple[str, ...] | None
    """The wards of 表2's 前年度 row (the previous-year basis, ※5); None in the plan's first year."""
    previously_on_track: tuple[str, ...] | None
    previously_reached: tuple[str, ...] | None
    fell: tuple[str, ...]
    """Counted wards on track in 表2's 前年度 row and not on track now (昨年度は概ね順調であったもの)."""


def _column(members: Members | None, column: str) -> tuple[str, ...]:
    return () if members is None else members[column]


def _minus(wards: tuple[str, ...], taken: tuple[str, ...]) -> tuple[str, ...]:
    drop = set(taken)
    return tuple(w for w in wards if w not in drop)


def indicator_findings(item: IndicatorFacts) -> IndicatorFindings:
    """The findings of one indicator from its 表2 group members."""
    counted, every, previous = item.members[COUNTED], item.members[ALL], item.members[PREVIOUS]
    counted_units = counted.units if counted is not None else ()
    on_track = _column(counted, "on_track")
    previously_on_track = None if previous is None else previous["on_track"]
    still = set(on_track)
    counted_set = set(counted_units)  # built once, not for every ward (quadratic in wards)
    fell = tuple(w for w in (previously_on_track or ()) if w in counted_set and w not in still)
    return IndicatorFindings(
        counted=counted_units,
        reference=_minus(every.units if every is not None else (), counted_units),
        on_track=on_track,
        reached=_column(counted, "target_reached"),
        not_on_track=_column(counted, "not_on_track"),
        reference_on_track=_minus(_column(every, "on_track"), on_track),
        reference_reached=_minus(_column(every, "target_reached"), _column(counted, "target_reached")),
        compared=None if previous is None else previous.units,
        previously_on_track=previously_on_track,
        previously_reached=None if previous is None else previous["target_reached"],
        fell=fell,
    )

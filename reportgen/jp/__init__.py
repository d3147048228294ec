"""Japanese formatting for print text: era years, numbers, noun lists and numbering marks."""

from __future__ import annotations

from reportgen.jp.breaks import header_lines
from reportgen.jp.era import (
    ERA_LETTERS,
    ERAS,
    Era,
    era_abbrev_label,
    era_year,
    fiscal_year_label,
    fiscal_year_span_label,
    fiscal_years_label,
)
from reportgen.jp.lists import and_list, joined, or_list
from reportgen.jp.markers import circled, direction_marker, item_marker, roman
from reportgen.jp.numbers import DigitWidth, boundary, number, percent, share, to_width, triangle

__all__ = [
    "ERAS",
    "ERA_LETTERS",
    "DigitWidth",
    "Era",
    "and_list",
    "circled",
    "direction_marker",
    "era_abbrev_label",
    "era_year",
    "fiscal_year_label",
    "fiscal_year_span_label",
    "fiscal_years_label",
    "header_lines",
    "item_marker",
    "joined",
    "number",
    "or_list",
    "boundary",
    "percent",
    "roman",
    "share",
    "to_width",
    "triangle",
]

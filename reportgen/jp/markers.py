"""Numbering marks for print only (Ⅰ → 1 → (1) → ㋐, ①): 機種依存文字, never in data or CSV."""

from __future__ import annotations

from typing import Literal

from reportgen.jp.numbers import to_width

#: Circled katakana ㋐ (U+32D0) … ㋾ (U+32FE) in gojūon order; ``item_marker`` uses a–z of them.
_CIRCLED_KATAKANA = 0x32D0
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _positive(n: int, limit: int | None = None) -> int:
    """``n`` checked to be an int from 1 to ``limit`` (no limit when ``None``)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"int が必要です: {n!r}")
    if n < 1 or (limit is not None and n > limit):
        upper = "" if limit is None else f"〜{limit}"
        raise ValueError(f"番号は1{upper}の範囲です: {n}")
    return n


def item_marker(letter: str) -> str:
    """The item mark for a lower-case letter: 'a' → ㋐, 'b' → ㋑, 'c' → ㋒ … 'z' → ㋩."""
    index = _LETTERS.find(letter) if isinstance(letter, str) and len(letter) == 1 else -1
    if index < 0:
        raise ValueError(f"a〜z の1文字が必要です: {letter!r}")
    return chr(_CIRCLED_KATAKANA + index)


def direction_marker(
    n: int, style: Literal["paren", "fullparen", "parenthesized"] = "paren"
) -> str:
    """The mark of direction ``n``: 'paren' → (1), 'fullparen' → （１）, 'parenthesized' → ⑴.

    'parenthesized' is the single character U+2474 onward and stops at ⒇ (20).
    """
    if style == "paren":
        return f"({_positive(n)})"
    if style == "fullparen":
        return f"（{to_width(str(_positive(n)), 'full')}）"
    if style == "parenthesized":
        return chr(0x2474 + _positive(n, 20) - 1)
    raise ValueError(f"style must be 'paren', 'fullparen' or 'parenthesized', not {style!r}")


def circled(n: int) -> str:
    """Circled number ① … ㊿ for 1 to 50."""
    _positive(n, 50)
    if n <= 20:
        return chr(0x2460 + n - 1)
    if n <= 35:
        return chr(0x3251 + n - 21)
    return chr(0x32B1 + n - 36)


def roman(n: int) -> str:
    """Roman numeral character Ⅰ … Ⅻ for 1 to 12 (top-level headings)."""
    return chr(0x2160 + _positive(n, 12) - 1)

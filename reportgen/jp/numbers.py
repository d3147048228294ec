"""Numbers for Japanese print text on babel: 「5,000」, 「66.7％」, 「▲ 152」, 「約4割」, digit width."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Literal

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

LOCALE = "ja_JP"

#: The width of digits in print text (rules.yaml ``parameters.digit_width``).
DigitWidth = Literal["half", "full"]

#: A number reportgen formats: exact values only. Floats are refused, because 64.55 as a float
#: is 64.549999… and would round down.
Number = Decimal | int

_HALF_TO_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_FULL_TO_HALF = str.maketrans("０１２３４５６７８９", "0123456789")


def _decimal(value: Number) -> Decimal:
    """``value`` as a finite Decimal; floats, bools and other types raise ``TypeError``."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"Decimal か int が必要です: {value!r}（{type(value).__name__}）")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"有限の数ではありません: {value!r}")
    return result


def _rounded(value: Number, digits: int) -> Decimal:
    """``value`` rounded half up to ``digits`` decimals, with negative zero made plain zero."""
    if digits < 0:
        raise ValueError(f"digits must be 0 or more, not {digits}")
    d = _decimal(value)
    with localcontext() as ctx:
        # Enough precision for every integer digit: quantize must never fail on large totals.
        ctx.prec = max(ctx.prec, d.adjusted() + digits + 3)
        q = d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return abs(q) if q.is_zero() else q


@lru_cache(maxsize=16)
def _pattern(digits: int) -> tuple[NumberPattern, Locale]:
    """babel's pattern for ``digits`` decimals and the locale, parsed once (format_decimal parses both on every call)."""
    return parse_pattern("#,##0" + ("." + "0" * digits if digits else "")), Locale.parse(LOCALE)


def _format(q: Decimal, digits: int) -> str:
    """An already rounded Decimal grouped by comma with exactly ``digits`` decimals."""
    pattern, locale = _pattern(digits)
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, q.adjusted() + digits + 3)
        # The value is already quantized half up; babel must not round it again (half even).
        return str(pattern.apply(q, locale, decimal_quantization=False))


def number(value: Number, digits: int = 0) -> str:
    """Grouped by comma with ``digits`` fixed decimals, rounded half up: 5000 → 「5,000」."""
    return _format(_rounded(value, digits), digits)


def percent(value: Number, digits: int = 1, sign: str = "％") -> str:
    """A value already in percent units: Decimal('64.55') → 「64.6％」 (rounded half up)."""
    return number(value, digits) + sign


def boundary(value: Number, sign: str = "％") -> str:
    """A threshold in percent: one decimal where it has one (「66.7％」), none where it is whole
    (「100％」, never 「100.0％」: a boundary is stated as a round figure when it is one)."""
    rounded = _rounded(value, 1)
    return number(rounded, 0 if rounded == rounded.to_integral_value() else 1) + sign


def triangle(value: Number, digits: int = 0, space: bool = True) -> str:
    """Negatives with ▲ as print tables show them: -152 → 「▲ 152」 (``space=False``: 「▲152」).

    The sign follows the rounded value, so -0.4 prints 「0」, never 「▲ 0」.
    """
    q = _rounded(value, digits)
    if q < 0:
        return "▲" + (" " if space else "") + _format(-q, digits)
    return _format(q, digits)


def share(part: Number, whole: Number) -> str:
    """``part`` of ``whole`` in tenths (割), rounded half up, as report sentences say it.

    - all (part == whole): 「すべて」
    - none (part == 0): 「なし」
    - under 5％ (rounds to 0割): 「1割未満」
    - 95％ or more but not all (rounds to 10割): 「ほぼすべて」
    - an exact tenth: 「4割」; otherwise 「約4割」 (134 of 316 → 「約4割」).

    ``whole`` must be positive and ``0 <= part <= whole``, else ``ValueError``.
    """
    p, w = _decimal(part), _decimal(whole)
    if w <= 0:
        raise ValueError(f"全体が0以下です: {whole!r}")
    if not 0 <= p <= w:
        raise ValueError(f"部分が0から全体（{whole!r}）の範囲外です: {part!r}")
    if p == w:
        return "すべて"
    if p == 0:
        return "なし"
    ratio = p * 10 / w
    tenths = ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if tenths == 0:
        return "1割未満"
    if tenths == 10:
        return "ほぼすべて"
    return f"{tenths}割" if tenths == ratio else f"約{tenths}割"


def to_width(text: str, width: DigitWidth = "half") -> str:
    """Digits 0-9 in one width: ``'full'`` → ０-９, ``'half'`` → 0-9; all else unchanged.

    公用文 uses Arabic numerals in one width throughout a document: apply this to the whole text.
    """
    if width == "half":
        return text.translate(_FULL_TO_HALF)
    if width == "full":
        return text.translate(_HALF_TO_FULL)
    raise ValueError(f"width must be 'half' or 'full', not {width!r}")

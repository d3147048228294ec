"""Number formatting: grouping, half-up rounding, ▲ for negatives, 割 shares and digit width."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.jp import number, percent, share, to_width, triangle


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (5000, 0, "5,000"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1,000"),
        (Decimal("1234567.891"), 2, "1,234,567.89"),
        (Decimal("12"), 2, "12.00"),
        (Decimal("2.5"), 0, "3"),  # half up, where babel alone would give 2 (half even)
        (Decimal("3.5"), 0, "4"),
        (Decimal("-2.5"), 0, "-3"),  # half away from zero
        (Decimal("0.125"), 2, "0.13"),
        (Decimal("1.05"), 1, "1.1"),
        (Decimal("-1234"), 0, "-1,234"),
        (Decimal("-0"), 0, "0"),
        (Decimal("-0.4"), 0, "0"),
        (Decimal("-0.001"), 2, "0.00"),
        (Decimal("5E+3"), 0, "5,000"),
        (10**30, 0, "1" + ",000" * 10),
        (Decimal("12345678901234567890123456789.5"), 1, "12,345,678,901,234,567,890,123,456,789.5"),
    ],
)
def test_number(value: Decimal | int, digits: int, text: str) -> None:
    assert number(value, digits) == text


def test_number_refuses_float_bool_and_nan() -> None:
    with pytest.raises(TypeError):
        number(64.55)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        number(True)
    with pytest.raises(TypeError):
        number("5")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        number(Decimal("NaN"))
    with pytest.raises(ValueError):
        number(Decimal("Infinity"))
    with pytest.raises(ValueError):
        number(5, -1)


@given(st.integers(min_value=-(10**40), max_value=10**40))
def test_number_groups_every_integer_by_three(value: int) -> None:
    text = number(value)
    assert text.replace(",", "") == str(value)
    groups = text.lstrip("-").split(",")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(g) == 3 for g in groups[1:])


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3), st.integers(0, 3))
def test_number_rounds_half_up_to_fixed_decimals(value: Decimal, digits: int) -> None:
    text = number(value, digits).replace(",", "")
    shown = Decimal(text)
    assert len(text.partition(".")[2]) == digits
    step = Decimal(1).scaleb(-digits)
    # Within half a step, and a tie goes away from zero.
    assert abs(shown - value) <= step / 2
    if abs(shown - value) == step / 2:
        assert abs(shown) > abs(value)


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [
        (Decimal("66.7"), {}, "66.7％"),
        (Decimal("64.55"), {}, "64.6％"),
        (Decimal("64.45"), {}, "64.5％"),
        (Decimal("42.4050"), {"digits": 2}, "42.41％"),
        (100, {}, "100.0％"),
        (Decimal("50"), {"digits": 0, "sign": "%"}, "50%"),
    ],
)
def test_percent(value: Decimal | int, kwargs: dict, text: str) -> None:
    assert percent(value, **kwargs) == text


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [
        (-152, {}, "▲ 152"),
        (-152, {"space": False}, "▲152"),
        (0, {}, "0"),
        (5, {}, "5"),
        (-1234567, {}, "▲ 1,234,567"),
        (Decimal("-0"), {}, "0"),
        (Decimal("-0.4"), {}, "0"),
        (Decimal("-0.5"), {}, "▲ 1"),
        (Decimal("-1.25"), {"digits": 1}, "▲ 1.3"),
        (Decimal("-0.04"), {"digits": 1}, "0.0"),
    ],
)
def test_triangle(value: Decimal | int, kwargs: dict, text: str) -> None:
    assert triangle(value, **kwargs) == text


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_triangle_is_number_with_the_minus_as_a_triangle(value: int) -> None:
    text = triangle(value)
    assert "-" not in text
    assert text.startswith("▲ ") == (value < 0)
    assert text.removeprefix("▲ ") == number(abs(value))


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [
        (134, 316, "約4割"),
        (72, 316, "約2割"),
        (316, 316, "すべて"),
        (0, 316, "なし"),
        (4, 10, "4割"),
        (5, 10, "5割"),
        (1, 20, "約1割"),  # 0.5割 rounds half up
        (3, 20, "約2割"),  # 1.5割 → 2
        (5, 20, "約3割"),  # 2.5割 → 3 (half even would give 2)
        (1, 100, "1割未満"),
        (99, 100, "ほぼすべて"),
        (19, 20, "ほぼすべて"),  # 9.5割 → 10
        (Decimal("1.5"), Decimal("3"), "5割"),
    ],
)
def test_share(part: int | Decimal, whole: int | Decimal, text: str) -> None:
    assert share(part, whole) == text


@pytest.mark.parametrize(("part", "whole"), [(0, 0), (1, 0), (-1, 10), (11, 10), (1, -5)])
def test_share_rejects_impossible_parts(part: int, whole: int) -> None:
    with pytest.raises(ValueError):
        share(part, whole)


@st.composite
def part_and_whole(draw: st.DrawFn) -> tuple[int, int]:
    whole = draw(st.integers(1, 1000))
    return draw(st.integers(0, whole)), whole


@given(part_and_whole())
def test_share_is_the_nearest_tenth_half_up(pair: tuple[int, int]) -> None:
    part, whole = pair
    text = share(part, whole)
    if part in (0, whole):
        assert text == ("なし" if part == 0 else "すべて")
        return
    if text == "1割未満":
        assert part * 20 < whole
        return
    if text == "ほぼすべて":
        assert part * 20 >= whole * 19
        return
    tenths = int(text.removeprefix("約").removesuffix("割"))
    assert 1 <= tenths <= 9
    # |part/whole - tenths/10| <= 1/20, a tie going up; an exact share carries no 約.
    gap = 2 * abs(part * 10 - tenths * whole)
    assert gap <= whole
    if gap == whole:
        assert tenths * whole > part * 10
    assert text.startswith("約") == (gap != 0)


def test_to_width() -> None:
    assert to_width("令和2年度 5,000円", "full") == "令和２年度 ５,０００円"
    assert to_width("令和２年度 ５,０００円") == "令和2年度 5,000円"
    assert to_width("ＡＢＣ abc", "full") == "ＡＢＣ abc"
    with pytest.raises(ValueError):
        to_width("1", "wide")  # type: ignore[arg-type]


@given(st.text())
def test_to_width_round_trips_and_leaves_one_width(text: str) -> None:
    half = to_width(text, "half")
    full = to_width(text, "full")
    assert to_width(full, "half") == half
    assert to_width(half, "full") == full
    assert not any(c in "0123456789" for c in full)
    assert not any(c in "０１２３４５６７８９" for c in half)
    assert len(half) == len(full) == len(text)
    for original, h in zip(text, half, strict=True):
        if original not in "０１２３４５６７８９":
            assert h == original


@pytest.mark.parametrize(("value", "text"), [("100.0", "100％"), ("66.7", "66.7％"), ("33.4", "33.4％"), ("50", "50％"), ("25.0", "25％"), ("99.96", "100％"), ("0.04", "0％")])
def test_a_threshold_is_stated_as_a_round_figure_when_it_is_one(value: str, text: str) -> None:
    from reportgen.jp import boundary

    assert boundary(Decimal(value)) == text

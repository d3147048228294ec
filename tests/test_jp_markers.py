"""Print numbering marks: ㋐㋑㋒, (1) （１） ⑴, ① … ㊿ and Ⅰ … Ⅻ."""

from __future__ import annotations

import unicodedata

import pytest

from reportgen.jp import circled, direction_marker, item_marker, roman

GOJUON = "アイウエオカキクケコサシスセソタチツテトナニヌネノハ"


def test_item_marker() -> None:
    assert [item_marker(c) for c in "abcde"] == ["㋐", "㋑", "㋒", "㋓", "㋔"]
    assert item_marker("f") == "㋕"


def test_item_marker_follows_gojuon_order() -> None:
    for letter, kana in zip("abcdefghijklmnopqrstuvwxyz", GOJUON, strict=True):
        assert (
            unicodedata.name(item_marker(letter))
            == f"CIRCLED KATAKANA {unicodedata.name(kana).split()[-1]}"
        )


@pytest.mark.parametrize("bad", ["", "A", "ab", "1", "あ", "㋐"])
def test_item_marker_unknown(bad: str) -> None:
    with pytest.raises(ValueError):
        item_marker(bad)


@pytest.mark.parametrize(
    ("n", "style", "mark"),
    [
        (1, "paren", "(1)"),
        (12, "paren", "(12)"),
        (1, "fullparen", "（１）"),
        (12, "fullparen", "（１２）"),
        (1, "parenthesized", "⑴"),
        (2, "parenthesized", "⑵"),
        (20, "parenthesized", "⒇"),
    ],
)
def test_direction_marker(n: int, style: str, mark: str) -> None:
    assert direction_marker(n, style) == mark  # type: ignore[arg-type]


def test_direction_marker_defaults_to_paren() -> None:
    assert direction_marker(3) == "(3)"


@pytest.mark.parametrize(
    ("n", "style"), [(0, "paren"), (-1, "fullparen"), (21, "parenthesized"), (1, "circle")]
)
def test_direction_marker_out_of_range(n: int, style: str) -> None:
    with pytest.raises(ValueError):
        direction_marker(n, style)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "mark"),
    [(1, "①"), (2, "②"), (20, "⑳"), (21, "㉑"), (35, "㉟"), (36, "㊱"), (50, "㊿")],
)
def test_circled(n: int, mark: str) -> None:
    assert circled(n) == mark


def test_circled_names_its_number() -> None:
    for n in range(1, 51):
        assert unicodedata.name(circled(n)).startswith("CIRCLED ")
        assert unicodedata.numeric(circled(n)) == n


@pytest.mark.parametrize("n", [0, 51, -3])
def test_circled_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        circled(n)


def test_roman() -> None:
    assert [roman(n) for n in range(1, 13)] == list("ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ")
    for bad in (0, 13):
        with pytest.raises(ValueError):
            roman(bad)
    with pytest.raises(TypeError):
        roman(True)

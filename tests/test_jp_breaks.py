"""Header line breaks (jp.breaks): the text is kept whole, lines fit, years and numbers never split."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.jp import header_lines
from reportgen.jp.breaks import _width

WORDS = ["平成29年度", "令和元年度", "うち", "までの", "目標値", "を", "達成", "順調", "ではない", "、", "「", "」", "24区", "50％", "参考", "ー", "っ"]


def test_widths_count_half_width_digits_and_the_space_around_them() -> None:
    assert _width("件数") == 2
    assert _width("29") == 1
    assert _width("平成29年度") == 5.5  # 4 + 1 + two automatic spaces of a quarter
    assert _width("24区") == 2.25


def test_a_break_inside_a_word_costs_more_than_a_shorter_line() -> None:
    assert header_lines("目標値を達成", 4) == "目標値\nを達成"  # not 目標値を／達成 nor 目標／値を達成
    assert any("順調" in line for line in header_lines("必ずしも順調", 4).split("\n"))  # lines as even as they can be, 順調 whole
    assert header_lines("平成29年度", 3) == "平成29年度"  # one atom wider than the line stays whole
    assert header_lines("件数", 0) == "件数"


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() -> None:
    assert header_lines("目標値、達成", 3) == "目標値、\n達成" or not header_lines("目標値、達成", 3).split("\n")[1].startswith("、")
    lines = header_lines("参考「目標値」の達成", 4).split("\n")
    assert not any(line.endswith("「") for line in lines) and not any(line.startswith(("」", "、")) for line in lines[1:])


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), capacity=st.floats(min_value=2.0, max_value=12.0))
def test_lines_fit_keep_the_text_and_never_split_a_number(words: list[str], capacity: float) -> None:
    text = "".join(words)
    result = header_lines(text, capacity)
    lines = result.split("\n")
    assert "".join(lines) == text
    assert all(line for line in lines)
    for number in re.finditer(r"[0-9]+", text):
        assert number.group(0) in re.findall(r"[0-9]+", result)  # every digit run on one line
    for line in lines:
        atoms = re.findall(r"(?:令和|平成|昭和)?[0-9]+(?:年度|年|件|区|％)?|.", line)
        assert _width(line) <= capacity + 1e-6 or len(atoms) == 1 or result == text
    if _width(text) <= capacity:
        assert result == text

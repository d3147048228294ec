"""公用文 noun lists: 「A、B及びC」 and 「A、B又はC」."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.jp import and_list, joined, or_list


@pytest.mark.parametrize(
    ("items", "text"),
    [
        (["北区"], "北区"),
        (["北区", "都島区"], "北区及び都島区"),
        (["北区", "都島区", "福島区"], "北区、都島区及び福島区"),
        (["A", "B", "C", "D"], "A、B、C及びD"),
    ],
)
def test_and_list(items: list[str], text: str) -> None:
    assert and_list(items) == text


@pytest.mark.parametrize(
    ("items", "text"),
    [
        (["A"], "A"),
        (["A", "B"], "A又はB"),
        (["A", "B", "C"], "A、B又はC"),
    ],
)
def test_or_list(items: list[str], text: str) -> None:
    assert or_list(items) == text


def test_lists_accept_any_iterable() -> None:
    assert and_list(iter(["A", "B"])) == "A及びB"
    assert or_list(("A", "B", "C")) == "A、B又はC"


@pytest.mark.parametrize("bad", [[], [""], ["A", ""]])
def test_empty_lists_and_items_are_errors(bad: list[str]) -> None:
    with pytest.raises(ValueError):
        and_list(bad)
    with pytest.raises(ValueError):
        or_list(bad)


def test_joined() -> None:
    assert joined(["A", "B", "C"]) == "A、B、C"
    assert joined(["A", "B"], sep="・") == "A・B"
    assert joined([]) == ""


names = st.text(alphabet=st.characters(exclude_characters="、及び又は"), min_size=1)


@given(st.lists(names, min_size=2, max_size=10))
def test_and_list_has_one_oyobi_before_the_last(items: list[str]) -> None:
    text = and_list(items)
    assert text.count("及び") == 1
    assert text.count("、") == len(items) - 2
    head, _, last = text.partition("及び")
    assert last == items[-1]
    assert head.split("、") == items[:-1]
    assert or_list(items) == text.replace("及び", "又は")

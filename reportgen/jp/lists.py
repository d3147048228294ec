"""公用文 noun lists: 「A、B及びC」, 「A、B又はC」."""

from __future__ import annotations

from collections.abc import Iterable


def _items(items: Iterable[str]) -> list[str]:
    """The items as a list; none at all, or an empty item, raises ``ValueError``."""
    result = list(items)
    if not result:
        raise ValueError("項目が一つもありません")
    for item in result:
        if not isinstance(item, str):
            raise TypeError(f"項目は文字列が必要です: {item!r}")
        if not item:
            raise ValueError(f"空の項目があります: {result!r}")
    return result


def _conjoined(items: Iterable[str], conjunction: str) -> str:
    """「、」 between the items and ``conjunction`` before the last only."""
    result = _items(items)
    if len(result) == 1:
        return result[0]
    return "、".join(result[:-1]) + conjunction + result[-1]


def and_list(items: Iterable[str]) -> str:
    """Nouns joined as 公用文 writes them: 「A」, 「A及びB」, 「A、B及びC」."""
    return _conjoined(items, "及び")


def or_list(items: Iterable[str]) -> str:
    """Choices joined as 公用文 writes them: 「A」, 「A又はB」, 「A、B又はC」."""
    return _conjoined(items, "又は")


def joined(items: Iterable[str], sep: str = "、") -> str:
    """The items joined by ``sep`` (「、」 by default); no items gives an empty string."""
    return sep.join(items)

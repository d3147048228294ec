"""Page references in generated sentences: the template's ``page_of`` filter, resolved when composing.

A sentence template cannot make document nodes, so ``{{ item_key | page_of('ｐ') }}`` leaves a
marker (private-use characters that no input can hold: loaders refuse them) which
:func:`resolve` turns into the sentence's text plus a :class:`~reportgen.document.PageRef` to the
item's heading. A marker naming no heading is an error at the template that wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from reportgen.document import PageRef

_OPEN, _SEP, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARKER = re.compile(f"{_OPEN}([^{_SEP}{_CLOSE}]*){_SEP}([^{_SEP}{_CLOSE}]*){_CLOSE}")


def anchor_of(item_key: str) -> str:
    """The anchor of an item's heading (「1⑶㋐…」 under ◆「取組の方向性」ごとの状況): ``item-1.3.a``."""
    return f"item-{item_key}"


def page_of(item_key: object, prefix: str = "ｐ") -> str:
    """The ``page_of`` filter: a marker for the page of item ``item_key``'s heading, printed after ``prefix``."""
    return f"{_OPEN}{prefix}{_SEP}{anchor_of(str(item_key))}{_CLOSE}"


def resolve(line: str, titles: Mapping[str, str]) -> tuple[str, tuple[PageRef, ...], list[str]]:
    """``line`` with its markers replaced by the headings' short names (``titles``: anchor → 「1⑶㋐」).

    Returns the text, its references, and the anchors no heading has (for the caller's error).
    """
    refs: list[PageRef] = []
    unknown: list[str] = []
    out: list[str] = []
    start = 0
    for match in _MARKER.finditer(line):
        out.append(line[start:match.start()])
        # the sentence's digit width (rules.yaml digit_width) may have widened the anchor's digits
        prefix, anchor = match.group(1), unicodedata.normalize("NFKC", match.group(2))
        name = titles.get(anchor)
        if name is None:
            unknown.append(anchor)
            name = anchor
        refs.append(PageRef(sum(map(len, out)), name, anchor, prefix))
        out.append(name)
        start = match.end()
    out.append(line[start:])
    return "".join(out), tuple(refs), unknown

"""How a value from the input appears in a message: quoted and bounded, and the known name it was probably meant to be."""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Iterable
from typing import Any

MAX_QUOTED = 60
"""Characters of a value a message shows; the rest is 「…」 (a megabyte cell must not become a megabyte message)."""

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4
_REPR.maxstring = _REPR.maxother = MAX_QUOTED + 2
"""reprlib never walks more than a few elements, so a nested value (a YAML alias bomb) costs nothing to show."""


def clip(text: str) -> str:
    """``text`` as it is, at most :data:`MAX_QUOTED` characters and 「…」 (for names shown in 「」)."""
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def quote(value: Any) -> str:
    """``value`` as Python writes it (``'abc'``, ``[1, 2]``), at most :data:`MAX_QUOTED` characters and 「…」."""
    if isinstance(value, str):  # the start of the text, as typed: reprlib would cut out its middle
        return repr(value) if len(value) <= MAX_QUOTED else repr(value[:MAX_QUOTED]) + "…"
    text = _REPR.repr(value)
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def closest(name: Any, known: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The known name ``name`` is most likely a typo or a shortening of (at most one).

    ``cutoff`` is difflib's similarity: 0.5 suits two- and three-character Japanese names
    (「北ク」 for 「北区」), where one wrong character already halves the ratio.
    """
    text, known = str(name), list(known)
    close = difflib.get_close_matches(text, known, n=1, cutoff=cutoff)
    return close or [k for k in known if len(text) >= 3 and (k.startswith(text) or text.startswith(k))][:1]


def did_you_mean(close: list[str]) -> str:
    """「「x」の書き間違いではありませんか。」 for the name :func:`closest` found, or nothing."""
    return f"「{close[0]}」の書き間違いではありませんか。" if close else ""

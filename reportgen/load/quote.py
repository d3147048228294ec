"""How a value from the input is quoted in a message: bounded, whatever the value is."""

from __future__ import annotations

import reprlib
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

"""Which sections of the editors' prose reach the document, so that none is dropped without a warning.

The composer marks the sections it places as written; a section that a sentence template writes
into a sentence marks itself (:class:`PlacedText`). Kept beside the sentence engine, since what it
tracks is how templates use text, not how the text is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from reportgen.load.prose import ProseFile


class PlacedText(str):
    """A prose section as sentence templates see it: writing it out records the section as placed.

    A template writes a value out through ``str()`` (``{{ x }}``, ``~``, ``join``) or ``format``;
    text made from it (``x | trim``, ``x + '。'``, ``x[:10]``) stays a :class:`PlacedText` of the
    same section. Only reading it (``{% set lead = text.get(…) %}``, ``{% if lead %}``, ``x | length``,
    ``'注記' in item_text``) does not count: a template that reads a section and then leaves it out of
    the sentence has not placed it. Not exact at the edges: Jinja's ``replace`` filter calls ``str()``
    (counts as writing even if the result is dropped), and Python's ``"".join`` copies without it (a
    Python filter joining prose that way would make the section look unplaced: a warning too many).
    """

    _on_use: Callable[[], None]

    def __new__(cls, text: str, on_use: Callable[[], None]) -> PlacedText:
        self = super().__new__(cls, text)
        self._on_use = on_use
        return self

    def __str__(self) -> str:
        self._on_use()
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        self._on_use()
        return format(str.__str__(self), spec)

    def __radd__(self, other: object) -> str:
        if not isinstance(other, str):
            return NotImplemented
        return PlacedText(other + str.__str__(self), self._on_use)


def _keep_placing(name: str) -> Callable[..., object]:
    """``str.name``, whose string results stay :class:`PlacedText` of the same section."""
    method = getattr(str, name)

    def derived(self: PlacedText, *args: object, **kwargs: object) -> object:
        result = method(self, *args, **kwargs)
        if isinstance(result, str):
            return PlacedText(result, self._on_use)
        if isinstance(result, list | tuple):
            return type(result)(PlacedText(r, self._on_use) if isinstance(r, str) else r for r in result)
        return result

    derived.__name__ = name
    return derived


for _name in (
    "__add__", "__getitem__", "__mod__", "__mul__", "__rmul__", "capitalize", "casefold", "center", "expandtabs",
    "format", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rjust",
    "rpartition", "rsplit", "rstrip", "split", "splitlines", "strip", "swapcase", "title", "translate", "upper", "zfill",
):
    setattr(PlacedText, _name, _keep_placing(_name))


@dataclass
class ProseUse:
    """Which sections of the editors' prose reached the document, so that none disappears silently.

    The composer marks the sections it places as written; sections that templates write into
    sentences mark themselves (:class:`PlacedText`).
    """

    files: Mapping[str, ProseFile]
    placed: set[tuple[str, str]] = field(default_factory=set)

    def place(self, key: str, section: str) -> None:
        """Record that section ``section`` of file ``key`` is in the document."""
        self.placed.add((key, section))

    def sections(self, key: str) -> dict[str, PlacedText]:
        """A file's sections for templates (section name → text, paragraphs joined by newlines)."""
        file = self.files.get(key)
        if file is None:
            return {}
        return {name: PlacedText("\n".join(paragraphs), partial(self.place, key, name)) for name, paragraphs in file.sections.items()}

    def text(self) -> dict[str, dict[str, PlacedText]]:
        """Every file's sections for templates (``text['summary']['1 取組']``)."""
        return {key: self.sections(key) for key in self.files}

    def unplaced(self) -> list[tuple[ProseFile, str]]:
        """Sections with text that never reached the document, in file and heading order."""
        return [
            (file, name)
            for key, file in self.files.items()
            for name, paragraphs in file.sections.items()
            if any(paragraphs) and (key, name) not in self.placed
        ]

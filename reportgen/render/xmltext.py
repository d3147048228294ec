"""Text the Office formats cannot hold, found before rendering instead of deep inside lxml or openpyxl.

XML 1.0 forbids most control characters, lone surrogates and U+FFFE/U+FFFF; lxml raises a bare
ValueError on them and openpyxl an IllegalCharacterError, both of which named no file. The
loaders reject such characters where they are read; this is the renderers' last line, so that a
path the loaders miss still ends in a message with the text around the character (and the prose
file or sentence rule it came from, when the document model records it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from decimal import Decimal

from reportgen.errors import InputError, Location, Problem

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 does not allow (tab, newline and carriage return are allowed)."""
MAX_SHOWN = 20


_FIELDS: dict[type, tuple[str, ...]] = {}
"""The fields of each document-model class but ``source``, looked up once per class (dataclasses.fields is slow)."""


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.name != "source")
    return names


def _strings(value: object, source: str | None = None) -> Iterator[tuple[str | None, str]]:
    """Every string in a document-model value, with the ``source`` of the paragraph it is in."""
    if isinstance(value, str):
        yield source, value
    elif isinstance(value, (tuple, list)):
        for item in value:
            if isinstance(item, str):  # most items are: no generator for each
                yield source, item
            elif item is not None and not isinstance(item, int | Decimal):
                yield from _strings(item, source)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, source)
            yield from _strings(item, source)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        own = getattr(value, "source", None)
        inner = own if isinstance(own, str) else source
        for name in _field_names(type(value)):
            yield from _strings(getattr(value, name), inner)


def _where(output: str, source: str | None) -> Location:
    if source and source.startswith("prose:"):
        return Location(source.removeprefix("prose:"))
    if source and source.startswith("generated:"):
        return Location(output, None, source.removeprefix("generated:"))
    return Location(output)


def check_text(value: object, output: str) -> None:
    """Raise an :class:`InputError` for each string in ``value`` holding a character XML forbids."""
    problems = []
    for source, text in _strings(value):
        found = FORBIDDEN.search(text)
        if found is None:
            continue
        start = max(0, found.start() - 15)
        context = FORBIDDEN.sub("�", text[start : found.end() + 15])
        problems.append(Problem(
            _where(output, source),
            f"{output} に書けない文字 U+{ord(found.group()):04X} が「{context}」にあります。"
            "データかテンプレートの該当箇所から取り除いてください (character XML cannot hold)",
        ))
        if len(problems) == MAX_SHOWN:
            break
    if problems:
        raise InputError(problems)

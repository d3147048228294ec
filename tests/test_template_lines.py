"""Sentence templates: no template line longer than a sentence (issue 13, item 1).

A template line holds at most one sentence of output: a long sentence is broken at its clause
boundaries, the next line joining on with Jinja whitespace control (``{{-``, ``{%-`` or ``{#- #}``),
so the output is the same. The checker is deliberately simple: it measures lines, and counts the
sentence ends 「。」 in a line's literal text (outside ``{{ }}``, ``{% %}`` and ``{# #}``), where two
「。」 in different branches of one ``if``/``elif``/``else`` are alternatives, not two sentences.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.build import TEMPLATES

SENTENCES = TEMPLATES / "sentences"

LINE_LIMIT = 200
"""Characters per template line. A clause of the publication with the expressions that fill it fits
(the longest such line is under 190: the overview's examples loop), while a line holding two of its
sentences with their expressions does not (the one-line templates this replaced ran to 300–1,561)."""


_TAG = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_KEYWORD = re.compile(r"\{%-?\s*(\w+)")

Branch = tuple[tuple[int, int], ...]
"""Where a piece of literal text is: for every enclosing ``if``, (its number, which branch)."""


def sentence_ends(source: str) -> dict[int, list[Branch]]:
    """Every 「。」 of a template's literal text, by line number, with the branches it is in."""
    ends: dict[int, list[Branch]] = {}
    stack: list[list[int]] = []
    opened = 0
    position = 0

    def literal(start: int, end: int) -> None:
        for match in re.finditer("。", source[start:end]):
            line = source.count("\n", 0, start + match.start()) + 1
            ends.setdefault(line, []).append(tuple((n, b) for n, b in stack))

    for tag in _TAG.finditer(source):
        literal(position, tag.start())
        position = tag.end()
        keyword = _KEYWORD.match(tag.group())
        word = keyword.group(1) if keyword else ""
        if word == "if":
            opened += 1
            stack.append([opened, 0])
        elif word in ("elif", "else") and stack:
            stack[-1][1] += 1
        elif word == "endif" and stack:
            stack.pop()
    literal(position, len(source))
    return ends


def _alternatives(a: Branch, b: Branch) -> bool:
    return any(x[0] == y[0] and x[1] != y[1] for x in a for y in b)


def problems(path: Path) -> list[str]:
    """A file's lines over :data:`LINE_LIMIT` or holding two sentence ends that are not alternatives."""
    source = path.read_text(encoding="utf-8")
    found = [
        f"{path.name}:{n}: {len(line)} characters (limit {LINE_LIMIT})"
        for n, line in enumerate(source.splitlines(), start=1)
        if len(line) > LINE_LIMIT
    ]
    for line, branches in sentence_ends(source).items():
        if any(not _alternatives(a, b) for i, a in enumerate(branches) for b in branches[i + 1:]):
            found.append(f"{path.name}:{line}: two sentences on one line")
    return found


TEMPLATE_FILES = sorted(p.relative_to(SENTENCES).as_posix() for p in SENTENCES.rglob("*.j2"))


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_no_template_line_is_longer_than_a_sentence(name: str) -> None:
    assert problems(SENTENCES / name) == []


@pytest.mark.parametrize(("source", "expected"), [
    ("・A。\n", []),
    ("・A。B。\n", ["t.j2:1: two sentences on one line"]),
    ("{% if x %}A。{% else %}B。{% endif %}\n", []),
    ("{% if x %}A。{% endif %}{% if y %}B。{% endif %}\n", ["t.j2:1: two sentences on one line"]),
    ("{% if x %}A。\n{%- else %}B。{% endif %}\n", []),
    ("{#- 注。注。 -#}{{ '。。' }}A。\n", []),
    ("{% for i in x %}A。{% endfor %}\n", []),
    ("x" * (LINE_LIMIT + 1) + "\n", [f"t.j2:1: {LINE_LIMIT + 1} characters (limit {LINE_LIMIT})"]),
    ("x" * LINE_LIMIT + "\n", []),
])
def test_the_checker_finds_what_it_should(tmp_path: Path, source: str, expected: list[str]) -> None:
    path = tmp_path / "t.j2"
    path.write_text(source, encoding="utf-8")
    assert problems(path) == expected

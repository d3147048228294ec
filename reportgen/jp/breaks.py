"""Deliberate line breaks for narrow table headers: a year, a number and its unit never split.

Word and LibreOffice break Japanese text between any two characters, so a 1.3 cm header reads
「うち平成2／9年度まで」 or leaves one character alone (「必ずしも順調ではな／い」). The publication
sets such headers by hand (うち／平成29年度／までの目標／値を達成); :func:`header_lines` does the
same from the column's width: atomic runs (an era year with 年度, a number with its unit) and the
kinsoku rules (no 、。」 at the start of a line, no 「（ at its end), with lines as even as they can be.
"""

from __future__ import annotations

import re
import unicodedata

_ATOM = re.compile(r"(?:令和|平成|昭和)?[0-9０-９]+(?:年度|年|件|区|％|%)?|.", re.S)
_NO_START = set("、。，．）」』】〕・：；？！ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮー々")
_NO_END = set("（「『【〔")


COMPOUND_BREAK_COST = 4.0
"""The cost of a break between two kanji (inside a word such as 順調 or 目標), in the units of the
squared slack: a line one character shorter is cheaper than 「順／調」."""


def _kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch == "々"


AUTOSPACE = 0.25
"""The space Word and LibreOffice put between Japanese and half-width digits or letters
(w:autoSpaceDN/autoSpaceDE, on by default), in full-width characters: 「平成29年度」 is 5.5 wide."""


def _narrow(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("Na", "H")


def _width(text: str) -> float:
    """Width in full-width characters: half-width letters and digits count one half, with the
    automatic space where they meet Japanese."""
    width = sum(0.5 if _narrow(ch) else 1.0 for ch in text)
    return width + AUTOSPACE * sum(1 for a, b in zip(text, text[1:], strict=False) if _narrow(a) != _narrow(b))


def text_width(text: str) -> float:
    """Width of ``text`` on one line, in full-width characters (half-width ones count one half)."""
    return _width(text)


def atom_width(text: str) -> float:
    """Width of the widest run of ``text`` that never breaks (「平成29年度」, 「400名」), in full-width characters."""
    return max((_width(atom) for atom in _atoms(text)), default=0.0)


def line_count(text: str, capacity: float) -> int:
    """How many lines ``text`` takes in a column of ``capacity`` full-width characters, broken
    between any two characters as Word and LibreOffice break Japanese (an estimate: kinsoku can add one)."""
    if capacity <= 0:
        return max(1, text.count("\n") + 1)
    return sum(max(1, -int(-_width(part) // (capacity + 1e-9))) for part in text.split("\n"))


def _atoms(text: str) -> list[str]:
    atoms: list[str] = []
    for match in _ATOM.finditer(text):
        atoms.append(match.group(0))
    return atoms


def header_lines(text: str, capacity: float) -> str:
    """``text`` with line breaks so that no line is wider than ``capacity`` full-width characters.

    Existing line breaks are kept (each part is set on its own). An atom wider than the capacity
    stays whole on its own line rather than being cut. Of all the ways to break, the one with the
    most even lines wins (least sum of squared slack, the last line included), a break inside a
    run of kanji costing more.
    """
    if capacity <= 0:
        return text
    capacity += 1e-9  # 1.5 cm / 0.3 cm is five characters, not 4.999…
    return "\n".join(_set(part, capacity) for part in text.split("\n"))


def _set(text: str, capacity: float) -> str:
    atoms = _atoms(text)
    if _width(text) <= capacity or len(atoms) < 2:
        return text
    n = len(atoms)
    inf = float("inf")
    cost = [inf] * (n + 1)  # cost[i]: best cost of setting atoms[i:]
    cut = [n] * (n + 1)
    cost[n] = 0.0
    for i in range(n - 1, -1, -1):
        width = 0.0
        for j in range(i + 1, n + 1):
            width += _width(atoms[j - 1])
            if j > i + 1 and _narrow(atoms[j - 2][-1]) != _narrow(atoms[j - 1][0]):
                width += AUTOSPACE  # where two atoms meet, as inside one
            if width > capacity and j > i + 1:
                break
            line_start, line_end = atoms[i][0], atoms[j - 1][-1]
            if j < n and (atoms[j][0] in _NO_START or line_end in _NO_END):
                continue  # the next line would start with 、 or this one end with 「
            if i > 0 and line_start in _NO_START:
                continue
            slack = max(capacity - width, 0.0)
            inside_word = j < n and _kanji(line_end) and _kanji(atoms[j][0])
            total = slack * slack + (COMPOUND_BREAK_COST if inside_word else 0.0) + cost[j]
            if total < cost[i]:
                cost[i], cut[i] = total, j
    if cost[0] == inf:  # kinsoku leaves no way: set it greedily, as Word would
        return text
    lines, i = [], 0
    while i < n:
        lines.append("".join(atoms[i : cut[i]]))
        i = cut[i]
    return "\n".join(lines)

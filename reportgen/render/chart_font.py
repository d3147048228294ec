"""Whether a font draws the characters a chart needs: a glyph it lacks would be painted as a box (豆腐), silently.

FreeType draws a character a font does not map with the font's glyph 0 (.notdef, usually an empty
box); Pillow does no font fallback. So a character is missing when its mask is the mask of a
code point no font maps (a private-use one) and it is not white space. The decision, documented in
render/charts_png.py: a font named by REPORTGEN_CHART_FONT that lacks a character a chart needs
stops the build, naming the font, the character and the chart (drawing boxes, or quietly drawing
with another font than the one asked for, would both surprise); a font found on the machine is
passed over when it lacks Japanese (:data:`SAMPLE`), and stops the build likewise when it lacks a
rarer character of the data (a ward's name in a variant kanji), so that no box is ever published.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from PIL import ImageFont

from reportgen.errors import Location, OutputError, Problem, display_path

UNMAPPED = "\U0010fffd"
"""A private-use code point (plane 16): no font maps it, so its mask is the font's .notdef."""
SAMPLE = "図区の進捗率（概ね順調・参考数値）件％"
"""Kana, kanji and full-width signs every chart of the publication draws: a font lacking any is no Japanese font."""
SHOWN = 5
"""Missing characters a message names (the rest are counted)."""


@cache
def _mask(path: str, char: str) -> tuple[tuple[int, int], bytes]:
    mask = _font(path).getmask(char)
    return mask.size, bytes(mask)


@cache
def _font(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, 24)


def has_glyph(font: Path, char: str) -> bool:
    """True when ``font`` draws ``char`` as itself (white space always counts as drawn)."""
    if char.isspace():
        return True
    return _mask(str(font), char) != _mask(str(font), UNMAPPED)


def missing(font: Path, texts: Iterable[str]) -> list[str]:
    """The characters of ``texts`` that ``font`` lacks, each once, in the order they first appear."""
    seen: dict[str, bool] = {}
    for text in texts:
        for char in text:
            if char not in seen:
                seen[char] = has_glyph(font, char)
    return [char for char, drawn in seen.items() if not drawn]


def draws_japanese(font: Path) -> bool:
    """True when ``font`` has every character of :data:`SAMPLE`."""
    return not missing(font, [SAMPLE])


def require(font: Path, texts: Iterable[str], chart: str) -> None:
    """Stop with the font, the characters and the chart when ``font`` lacks a character of ``texts``."""
    lacking = missing(font, texts)
    if not lacking:
        return
    named = os.environ.get("REPORTGEN_CHART_FONT")
    where = Location("REPORTGEN_CHART_FONT") if named and Path(named) == font else Location(display_path(font))
    shown = "、".join(f"「{c}」(U+{ord(c):04X})" for c in lacking[:SHOWN]) + (f" ほか{len(lacking) - SHOWN}字" if len(lacking) > SHOWN else "")
    raise OutputError([Problem(where, f"図を描くフォント {display_path(font)} には {shown} の字形がなく、豆腐（□）になります（図「{chart}」）。"
                                      "その字のある日本語フォント（BIZ UDPゴシック、Noto Sans CJK JP など）を REPORTGEN_CHART_FONT に指定してください"
                                      " (the chart font lacks these characters)")])

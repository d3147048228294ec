"""Charts of the document model (:class:`~reportgen.document.Chart`) laid out once, drawn as SVG (and PNG, charts_png.py).

:func:`plan` lays a chart out as shapes (boxes, lines, texts) in px; :func:`render_svg` writes
them as SVG and render/charts_png.py paints the same shapes, so the web and the Word charts agree.
The SVG is accessible on its own (``role="img"``, ``<title>``, ``<desc>``). Both are readable
without colour: each series has a pattern of its own (solid, hatched, dotted) as well as a colour,
every bar carries its figure as text, and the guides (基準, 目標) are labelled lines. Shapes keep
3:1 against white, text is near-black (over 4.5:1). Same chart, same bytes.

:func:`split` lays a chart too tall for report.docx's page out as parts, split between bars, each
with the whole chart's columns, scale, guides, axis and legend; the web's SVG draws it whole.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from reportgen.document import Bar, Chart

FONT = "'BIZ UDPGothic', 'BIZ UDPゴシック', 'BIZ UDGothic', 'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"


def escape(text: str) -> str:
    """``text`` as XML character data: &, < and > as entities (what xml.sax.saxutils.escape does; importing
    that module imports urllib.request, http.client, email and ssl, a fifth of a build's imports)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


FONT_ATTRIBUTE = f'"{escape(FONT)}"'
"""FONT as an attribute value (it holds single quotes and no double quote)."""
TEXT = "#1a1a1a"
WHITE = "#ffffff"
SERIES_STYLE = (  # (colour, pattern): solid, hatched, dotted — told apart without colour too
    ("#1f4e79", "solid"),
    ("#9c3d00", "hatch"),
    ("#5a5a5a", "dots"),
)
FONT_SIZE = 12
SMALL = 11
ROW = 22
BAR = 14
PLOT = 360
TOP_PAD = 16
GUIDE_STEP = 14
"""Each guide's label stands this much lower than the one before (two guides close together stay readable)."""
TOP = TOP_PAD + 2 * GUIDE_STEP
"""Where the bars start in a chart with two guides (基準, 目標)."""
LEFT_PAD = 8
HEADING = 6 + ROW
"""The height a group's heading (参考数値 …) takes above its first bar."""


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle filled with a series' pattern (``series``), or white when ``series`` is None."""

    x: float
    y: float
    width: float
    height: float
    series: int | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """A line; ``dash`` as (on, off) px, empty for a solid line."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 1.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Text:
    """A line of text at its baseline; ``anchor`` is start, middle or end."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    size: float = FONT_SIZE
    bold: bool = False


Shape = Box | Line | Text


@dataclass(frozen=True, slots=True)
class Plan:
    """A chart laid out: its size in px and its shapes in drawing order."""

    width: float
    height: float
    shapes: tuple[Shape, ...]


@lru_cache(maxsize=8192)  # ward names and figures recur on every chart: 400,000 measures in a build of 2,400 wards
def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width of ``text`` in px: full-width characters take 1 em, others about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


LABEL_MAX = 220.0
"""The widest a bar's label is drawn (px); a longer one is cut with 「…」 (the title, description and table keep it whole)."""


def fit(text: str, width: float = LABEL_MAX, size: float = FONT_SIZE) -> str:
    """``text``, or its start and 「…」 when it is wider than ``width``."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def ticks(maximum: float) -> list[float]:
    """Round tick values from 0 to ``maximum``: every 20 on a long scale, every 10 or 5 on short ones."""
    step = 20.0 if maximum > 60 else 10.0 if maximum > 20 else 5.0
    return [step * k for k in range(int(maximum // step) + 1)]


def _label(words: str, cx: float, mid: float) -> list[Shape]:
    """A figure on a white box (readable over any pattern), centred at ``cx``."""
    tw = text_width(words, SMALL) + 4
    return [Box(cx - tw / 2, mid - 7, tw, 14), Text(cx, mid + 4, words, "middle", SMALL)]


@lru_cache(maxsize=32)
def plan(chart: Chart) -> Plan:
    """Lay ``chart`` out: bar labels left, bars (stacked series) with their figures, guides, axis, legend.

    Kept for the charts laid out last: report.docx sizes and draws each chart, and the web page draws it again.
    """
    return _lay(chart, chart.groups)


def _columns(chart: Chart) -> tuple[float, float, bool]:
    """Where the plot starts (after the widest bar label), the chart's width, and whether its bars are stacked:
    the whole chart's, so that every part of a split chart (:func:`split`) has the same columns and scale."""
    # the bars' labels make the label column; a group's heading has a row of its own and may run on over the plot
    left = LEFT_PAD + min(max([text_width(bar.label) for bar in chart.bars()] + [24.0]), LABEL_MAX) + 8
    stacked = any(sum(v is not None for v in b.values) > 1 for b in chart.bars())
    return left, left + PLOT + (40.0 if stacked else 120.0), stacked


Groups = tuple[tuple[str, tuple[Bar, ...]], ...]


def _lay(chart: Chart, groups: Groups) -> Plan:
    """The layout of ``groups`` (all of ``chart``'s, or a part's) with the whole chart's columns, guides, axis and legend."""
    maximum = float(chart.maximum) or 1.0
    left, width, stacked = _columns(chart)
    top = float(TOP_PAD + GUIDE_STEP * len(chart.guides))  # room for the guides' stepped labels, none without guides

    def x_of(value: Decimal | int | float) -> float:
        return left + PLOT * float(value) / maximum

    body: list[Shape] = []
    figures: list[Shape] = []  # drawn over the guides, so a guide never crosses a figure
    y = top
    for label, bars in groups:
        if label:
            y += HEADING - ROW
            heading = fit(label, width - 2 * LEFT_PAD)
            # on white, over the guides: a guide line never crosses the heading's words
            figures += [Box(LEFT_PAD - 2, y + 1, text_width(heading) + 4, 17), Text(LEFT_PAD, y + 14, heading, bold=True)]
            y += ROW
        for bar in bars:
            mid = y + ROW / 2
            body.append(Text(left - 6, mid + 4, fit(bar.label), "end"))
            start = 0.0
            after: list[str] = []  # figures too wide for their segment go after the bar, in order
            for n, value in enumerate(bar.values):
                if value is None:
                    continue
                x0, x1 = x_of(start), x_of(start + float(value))
                body.append(Box(x0, mid - BAR / 2, max(x1 - x0, 0.0), BAR, n % len(SERIES_STYLE)))
                if stacked and bar.texts[n] and value:  # an empty segment is not labelled: its 「0件」 after the bar would seem the next one's
                    if x1 - x0 >= text_width(bar.texts[n], SMALL) + 4:
                        figures.extend(_label(bar.texts[n], (x0 + x1) / 2, mid))
                    else:
                        after.append(bar.texts[n])
                start += float(value)
            if not stacked:
                after = [t for n, t in enumerate(bar.texts) if t and bar.values[n] is not None] or ["―"]
            cursor = x_of(start) + 4
            for words in after:
                tw = text_width(words, SMALL) + 4
                figures.extend(_label(words, cursor + tw / 2, mid))
                cursor += tw + 4
            y += ROW
    bottom = y + 4
    shapes: list[Shape] = [*body, Line(left, top - 4, left, bottom)]
    for tick in ticks(maximum):
        x = x_of(tick)
        shapes += [Line(x, bottom, x, bottom + 4), Text(x, bottom + 17, _num(tick) + chart.unit, "middle", SMALL)]
    for n, guide in enumerate(chart.guides):
        x = x_of(guide.value)
        at = TOP_PAD - 2 + GUIDE_STEP * n
        shapes += [Line(x, at + 4, x, bottom, 1.5, (5, 3) if n % 2 == 0 else (1.5, 2.5)), Text(x, at, guide.label, "middle", SMALL)]
    shapes += figures
    # legend: a swatch with the series' pattern and its name, for every series with a bar
    lx, ly = float(LEFT_PAD), bottom + 34
    for n, name in enumerate(chart.series):
        if not any(b.values[n] is not None for b in chart.bars()):  # the whole chart's series: the same legend on every part
            continue
        if lx + 22 + text_width(name) > width - 8:
            lx, ly = float(LEFT_PAD), ly + 20
        shapes += [Box(lx, ly - 11, 16, 12, n % len(SERIES_STYLE)), Text(lx + 22, ly, name)]
        lx += 22 + text_width(name) + 18
    return Plan(width, ly + 12, tuple(shapes))


@dataclass(frozen=True, slots=True)
class Part:
    """One picture of a chart split to fit a page (:func:`split`): number ``number`` of ``count``, its bars by group, its layout."""

    number: int
    count: int
    groups: Groups
    """The groups this part shows; a group begun on an earlier part continues here without its heading (label "")."""
    plan: Plan

    def bars(self) -> list[Bar]:
        """The part's bars in reading order."""
        return [bar for _, bars in self.groups for bar in bars]


def rows_height(groups: Groups) -> float:
    """The height the bars and group headings of ``groups`` take (the rest of a chart is the same whatever its bars)."""
    return sum((HEADING if label else 0) + ROW * len(bars) for label, bars in groups)


def split(chart: Chart, limit: float) -> tuple[Part, ...]:
    """``chart`` as parts each at most ``limit`` px high: the chart itself (one part) when it fits.

    Split between bars, never through one: a group's heading (参考数値 …) goes with its first bar.
    Every part has the whole chart's label column, scale, guides, axis and legend, so each reads on
    its own. A part holds at least one bar, so with a ``limit`` below one bar's chart a part is taller.
    """
    whole = plan(chart)
    if whole.height <= limit:
        return (Part(1, 1, chart.groups, whole),)
    room = limit - (whole.height - rows_height(chart.groups))  # what the bars of a part may take
    units: list[tuple[int, str, Bar | None]] = []  # (group, heading when the group starts here, bar)
    for g, (label, bars) in enumerate(chart.groups):
        units += [(g, label if n == 0 else "", bar) for n, bar in enumerate(bars)] or [(g, label, None)]
    packed: list[list[tuple[int, str, list[Bar]]]] = [[]]
    used = 0.0
    for g, label, bar in units:
        need = (HEADING if label else 0) + (ROW if bar is not None else 0)
        if packed[-1] and used + need > room:
            packed.append([])
            used = 0.0
        if not packed[-1] or packed[-1][-1][0] != g:
            packed[-1].append((g, label, []))
        if bar is not None:
            packed[-1][-1][2].append(bar)
        used += need
    count = len(packed)
    out = []
    for number, groups in enumerate(packed, start=1):
        laid = tuple((label, tuple(bars)) for _, label, bars in groups)
        out.append(Part(number, count, laid, _lay(chart, laid)))
    return tuple(out)


def chart_id(chart: Chart, prefix: str = "") -> str:
    """An id for the chart's elements, unique on a page whatever its key contains (the key in hex)."""
    return f"c{prefix}-{chart.key.encode('utf-8').hex()}"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _patterns(ident: str) -> str:
    out = []
    for n, (colour, kind) in enumerate(SERIES_STYLE):
        if kind == "solid":
            body = f'<rect width="8" height="8" fill="{colour}"/>'
        elif kind == "hatch":
            body = (f'<rect width="8" height="8" fill="{WHITE}"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" '
                    f'stroke="{colour}" stroke-width="2.5"/>')
        else:
            body = f'<rect width="8" height="8" fill="{WHITE}"/><circle cx="4" cy="4" r="2.2" fill="{colour}"/>'
        out.append(f'<pattern id="{ident}-p{n}" width="8" height="8" patternUnits="userSpaceOnUse">{body}</pattern>')
    return "".join(out)


def _svg_shape(shape: Shape, ident: str) -> str:
    if isinstance(shape, Box):
        if shape.series is None:
            return f'<rect x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.width)}" height="{_num(shape.height)}" fill="{WHITE}"/>'
        return (f'<rect x="{_num(shape.x)}" y="{_num(shape.y)}" width="{_num(shape.width)}" height="{_num(shape.height)}" '
                f'fill="url(#{ident}-p{shape.series})" stroke="{SERIES_STYLE[shape.series][0]}"/>')
    if isinstance(shape, Line):
        dash = f' stroke-dasharray="{" ".join(_num(d) for d in shape.dash)}"' if shape.dash else ""
        wide = f' stroke-width="{_num(shape.width)}"' if shape.width != 1 else ""
        return f'<line x1="{_num(shape.x1)}" y1="{_num(shape.y1)}" x2="{_num(shape.x2)}" y2="{_num(shape.y2)}" stroke="{TEXT}"{wide}{dash}/>'
    anchor = f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else ""
    size = f' font-size="{_num(shape.size)}"' if shape.size != FONT_SIZE else ""
    bold = ' font-weight="bold"' if shape.bold else ""
    return f'<text x="{_num(shape.x)}" y="{_num(shape.y)}"{anchor}{size}{bold}>{escape(shape.text)}</text>'


def render_svg(chart: Chart, prefix: str = "") -> str:
    """The chart as one ``<svg>`` element (UTF-8 text), for inline HTML or a file of its own."""
    ident = chart_id(chart, prefix)
    laid = plan(chart)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_num(laid.width)} {_num(laid.height)}" '
        f'width="{_num(laid.width)}" height="{_num(laid.height)}" aria-labelledby="{ident}-t {ident}-d" '
        f'font-family={FONT_ATTRIBUTE} font-size="{FONT_SIZE}" fill="{TEXT}">'
        f'<title id="{ident}-t">{escape(chart.title)}</title><desc id="{ident}-d">{escape(chart.description)}</desc>'
        f'<defs>{_patterns(ident)}</defs><rect width="100%" height="100%" fill="{WHITE}"/>'
        f'{"".join(_svg_shape(s, ident) for s in laid.shapes)}</svg>'
    )

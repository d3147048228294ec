"""Charts of the document model (:class:`~reportgen.document.Chart`) as SVG: horizontal bars, guides, direct labels.

The SVG is accessible on its own (``role="img"``, ``<title>``, ``<desc>``) and readable without
colour: each series has a pattern of its own (solid, hatched, dotted) as well as a colour, every
bar carries its figure as text, and the guides (基準, 目標) are labelled lines. Colours keep 3:1
against white for the shapes and text is near-black (over 4.5:1). Only the figures of the chart
go in; the output is the same bytes for the same chart.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from reportgen.document import Bar, Chart

FONT = "'BIZ UDPGothic', 'BIZ UDPゴシック', 'BIZ UDGothic', 'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
TEXT = "#1a1a1a"
SERIES_STYLE = (  # (colour, pattern): solid, hatched, dotted — told apart without colour too
    ("#1f4e79", "solid"),
    ("#9c3d00", "hatch"),
    ("#5a5a5a", "dots"),
)
FONT_SIZE = 12
ROW = 22
BAR = 14
PLOT = 360
TOP = 44
LEFT_PAD = 8


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width of ``text`` in px: full-width characters take 1 em, others about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def chart_id(chart: Chart, prefix: str = "") -> str:
    """An id for the chart's elements, unique on a page whatever its key contains (the key in hex)."""
    return f"c{prefix}-{chart.key.encode('utf-8').hex()}"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _patterns(ident: str) -> list[str]:
    out = []
    for n, (colour, kind) in enumerate(SERIES_STYLE):
        pid = f"{ident}-p{n}"
        if kind == "solid":
            body = f'<rect width="8" height="8" fill="{colour}"/>'
        elif kind == "hatch":
            body = (f'<rect width="8" height="8" fill="#ffffff"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" '
                    f'stroke="{colour}" stroke-width="2.5"/>')
        else:
            body = f'<rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="2.2" fill="{colour}"/>'
        out.append(f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">{body}</pattern>')
    return out


def _bar_texts(chart: Chart, bar: Bar) -> list[tuple[int, str]]:
    return [(n, t) for n, t in enumerate(bar.texts) if t and bar.values[n] is not None]


def _label(words: str, cx: float, mid: float, tw: float) -> str:
    """A figure on a white box (readable over any pattern), centred at ``cx``."""
    return (f'<rect x="{_num(cx - tw / 2)}" y="{_num(mid - 7)}" width="{_num(tw)}" height="14" fill="#ffffff"/>'
            f'<text x="{_num(cx)}" y="{_num(mid + 4)}" text-anchor="middle" font-size="11">{escape(words)}</text>')


def ticks(maximum: float) -> list[float]:
    """Round tick values from 0 to ``maximum``: every 20 on a long scale, every 10 or 5 on short ones."""
    step = 20.0 if maximum > 60 else 10.0 if maximum > 20 else 5.0
    count = int(maximum // step)
    return [step * k for k in range(count + 1)]


def render_svg(chart: Chart, prefix: str = "") -> str:
    """The chart as one ``<svg>`` element (UTF-8 text), for inline HTML or a file of its own."""
    ident = chart_id(chart, prefix)
    maximum = float(chart.maximum) or 1.0
    labels = [bar.label for bar in chart.bars()] + [label for label, _ in chart.groups if label]
    left = LEFT_PAD + min(max([text_width(t) for t in labels] + [24.0]), 220.0) + 8
    stacked = len(chart.series) > 1 and any(len([v for v in b.values if v is not None]) > 1 for b in chart.bars())
    right = 120.0 if not stacked else 40.0
    width = left + PLOT + right

    def x_of(value: Decimal | int | float) -> float:
        return left + PLOT * float(value) / maximum

    body: list[str] = []
    y = float(TOP)
    for label, bars in chart.groups:
        if label:
            y += 6
            body.append(f'<text x="{LEFT_PAD}" y="{_num(y + 14)}" font-weight="bold">{escape(label)}</text>')
            y += ROW
        for bar in bars:
            mid = y + ROW / 2
            body.append(f'<text x="{_num(left - 6)}" y="{_num(mid + 4)}" text-anchor="end">{escape(bar.label)}</text>')
            start = 0.0
            after: list[str] = []  # figures too wide for their segment go after the bar, in order
            shown = _bar_texts(chart, bar)
            for n, value in enumerate(bar.values):
                if value is None:
                    continue
                x0, x1 = x_of(start), x_of(start + float(value))
                body.append(f'<rect x="{_num(x0)}" y="{_num(mid - BAR / 2)}" width="{_num(max(x1 - x0, 0))}" height="{BAR}" '
                            f'fill="url(#{ident}-p{n % len(SERIES_STYLE)})" stroke="{SERIES_STYLE[n % len(SERIES_STYLE)][0]}"/>')
                if stacked and bar.texts[n]:
                    tw = text_width(bar.texts[n], 11) + 4
                    if x1 - x0 >= tw:
                        body.append(_label(bar.texts[n], (x0 + x1) / 2, mid, tw))
                    else:
                        after.append(bar.texts[n])
                start += float(value)
            cursor = x_of(start) + 4
            for words in after:
                tw = text_width(words, 11) + 4
                body.append(_label(words, cursor + tw / 2, mid, tw))
                cursor += tw + 4
            if not stacked:
                words = "・".join(t for _, t in shown) or "―"
                body.append(f'<text x="{_num(x_of(start) + 4)}" y="{_num(mid + 4)}">{escape(words)}</text>')
            y += ROW
    bottom = y + 4
    # axis: round ticks (see ticks()), under the bars
    axis = [f'<line x1="{_num(left)}" y1="{TOP - 4}" x2="{_num(left)}" y2="{_num(bottom)}" stroke="{TEXT}"/>']
    for tick in ticks(maximum):
        x = x_of(tick)
        axis.append(f'<line x1="{_num(x)}" y1="{_num(bottom)}" x2="{_num(x)}" y2="{_num(bottom + 4)}" stroke="{TEXT}"/>'
                    f'<text x="{_num(x)}" y="{_num(bottom + 17)}" text-anchor="middle" font-size="11">{escape(_num(tick) + chart.unit)}</text>')
    guides = []
    for n, guide in enumerate(chart.guides):
        x = x_of(guide.value)
        ty = 14 + 14 * n
        guides.append(f'<line x1="{_num(x)}" y1="{ty + 4}" x2="{_num(x)}" y2="{_num(bottom)}" stroke="{TEXT}" '
                      f'stroke-width="1.5" stroke-dasharray="{"5 3" if n % 2 == 0 else "1.5 2.5"}"/>'
                      f'<text x="{_num(x)}" y="{ty}" text-anchor="middle" font-size="11">{escape(guide.label)}</text>')
    # legend: a swatch with the series' pattern and its name, for every series with a bar
    used = [n for n in range(len(chart.series)) if any(b.values[n] is not None for b in chart.bars())]
    legend = []
    lx, ly = float(LEFT_PAD), bottom + 34
    for n in used:
        name = chart.series[n]
        if lx + 22 + text_width(name) > width - 8:
            lx, ly = float(LEFT_PAD), ly + 20
        legend.append(f'<rect x="{_num(lx)}" y="{_num(ly - 11)}" width="16" height="12" fill="url(#{ident}-p{n % len(SERIES_STYLE)})" '
                      f'stroke="{SERIES_STYLE[n % len(SERIES_STYLE)][0]}"/><text x="{_num(lx + 22)}" y="{_num(ly)}">{escape(name)}</text>')
        lx += 22 + text_width(name) + 18
    height = ly + 12
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}" aria-labelledby="{ident}-t {ident}-d" '
        f'font-family={quoteattr(FONT)} font-size="{FONT_SIZE}" fill="{TEXT}">'
        f'<title id="{ident}-t">{escape(chart.title)}</title><desc id="{ident}-d">{escape(chart.description)}</desc>'
        f'<defs>{"".join(_patterns(ident))}</defs><rect width="100%" height="100%" fill="#ffffff"/>'
        f'{"".join(body)}{"".join(guides)}{"".join(axis)}{"".join(legend)}</svg>'
    )

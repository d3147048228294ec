"""Hypothesis strategies for charts of the document model (light: no build, no renderer imported)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from reportgen.document import Bar, Chart, Guide
from reportgen.figures import axis_end


def values() -> st.SearchStrategy[Decimal]:
    return st.decimals(0, 300, places=1)


@st.composite
def charts(draw: st.DrawFn) -> Chart:
    """A chart of 1–30 bars, each with one value in one of three series or two stacked values, and guides."""
    stacked = draw(st.booleans())
    bars = []
    for n in range(draw(st.integers(1, 30))):
        label = draw(st.text(alphabet="北南<>&区ab\"'　1", min_size=1, max_size=8)) + str(n)
        if stacked:
            vs = (draw(st.integers(0, 40)), draw(st.integers(0, 40)))
            bars.append(Bar(label, vs, tuple(f"{v}件" for v in vs)))
        else:
            series = draw(st.integers(0, 2))
            v = draw(values())
            vals = tuple(v if k == series else None for k in range(3))
            bars.append(Bar(label, vals, tuple(f"{v}％" if k == series else "" for k in range(3))))
    split = draw(st.integers(0, len(bars)))
    groups = (("", tuple(bars[:split])), ("参考<数値>", tuple(bars[split:]))) if split < len(bars) else (("", tuple(bars)),)
    series = ("概ね順調", "必ずしも順調ではない") if stacked else ("概ね順調", "必ずしも順調ではない", "参考数値")
    guides = () if stacked else (Guide("基準 66.7％", Decimal("66.7")), Guide("目標 100％", Decimal(100)))
    sums = [sum(v for v in b.values if v is not None) for b in bars]
    return Chart(draw(st.text(min_size=1, max_size=5)), "図 <title>&", "説明 <desc>&", "件" if stacked else "％", series,
                 groups, guides, axis_end([*sums, *(g.value for g in guides)]))

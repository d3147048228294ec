"""Charts: the layout (figures on every bar, guides where their values are, legend of the series drawn), SVG, PNG, docx pictures."""

from __future__ import annotations

import io
import struct
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from chart_strategies import charts
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from reportgen.build import compose_edition
from reportgen.document import Bar, Chart, Guide
from reportgen.figures import axis_end
from reportgen.render import charts_png
from reportgen.render.charts import PLOT, SERIES_STYLE, Box, Line, Text, plan, render_svg, ticks
from reportgen.render.charts_png import find_font, render_png
from reportgen.render.docx import render_docx

SVG = "{http://www.w3.org/2000/svg}"
TEMPLATE = (Path(__file__).resolve().parent.parent / "templates" / "report.docx").read_bytes()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@settings(max_examples=60, deadline=None)
@given(chart=charts())
def test_layout_states_every_figure_and_keeps_bars_on_the_scale(chart: Chart) -> None:
    laid = plan(chart)
    texts = [s.text for s in laid.shapes if isinstance(s, Text)]
    stacked = any(sum(v is not None for v in b.values) > 1 for b in chart.bars())
    for bar in chart.bars():
        assert bar.label in texts
        for t, v in zip(bar.texts, bar.values, strict=True):
            if t and (v or not stacked):  # an empty segment of a stacked bar is not labelled (the table and description state it)
                assert t in texts
    boxes = [s for s in laid.shapes if isinstance(s, Box) and s.series is not None]
    axis = next(s for s in laid.shapes if isinstance(s, Line))
    for box in boxes:
        assert box.x >= axis.x1 - 1e-6 and box.x + box.width <= axis.x1 + PLOT + 1e-6 or box.height == 12  # legend swatches
        assert 0 <= box.x and box.x + box.width <= laid.width and box.y + box.height <= laid.height
    drawn = [b for b in boxes if b.height != 12]
    assert len(drawn) == sum(v is not None for b in chart.bars() for v in b.values)
    for guide in chart.guides:
        x = axis.x1 + PLOT * float(guide.value) / float(chart.maximum)
        assert any(isinstance(s, Line) and abs(s.x1 - x) < 1e-6 and s.dash for s in laid.shapes)
        assert guide.label in texts
    used = {n for b in chart.bars() for n, v in enumerate(b.values) if v is not None}
    assert [t for t in texts if t in chart.series] == [chart.series[n] for n in sorted(used)]
    for label, _ in chart.groups:
        assert not label or label in texts


@settings(max_examples=30, deadline=None)
@given(chart=charts())
def test_svg_is_well_formed_with_its_title_and_description(chart: Chart) -> None:
    svg = etree.fromstring(render_svg(chart, "x").encode("utf-8"))
    title, desc = svg.get("aria-labelledby").split()
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == chart.title and svg.find(f"{SVG}title").get("id") == title
    assert svg.find(f"{SVG}desc").text == chart.description and svg.find(f"{SVG}desc").get("id") == desc
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 2 + len(SERIES_STYLE)
    assert [t.text for t in svg.iter(f"{SVG}text") if t.text == chart.bars()[0].label]


def test_chart_ids_differ_for_keys_that_look_alike() -> None:
    a = Chart("1.1-a", "t", "d", "％", ("s",), (("", (Bar("x", (1,), ("1",)),)),), (), 10)
    b = Chart("1-1.a", "t", "d", "％", ("s",), (("", (Bar("x", (1,), ("1",)),)),), (), 10)
    assert etree.fromstring(render_svg(a)).get("aria-labelledby") != etree.fromstring(render_svg(b)).get("aria-labelledby")


@given(st.lists(st.decimals(0, 1000, places=1), max_size=5))
def test_axis_ends_at_the_first_round_value_past_every_figure(figures: list[Decimal]) -> None:
    end = axis_end(figures)
    top = max([Decimal(0), *figures])
    step = 20 if top > 60 else 10
    assert end >= top and end % step == 0 and (end == 10 or end - step < top)
    assert ticks(float(end))[0] == 0 and ticks(float(end))[-1] == float(end)  # the scale is labelled to its end


@pytest.mark.skipif(find_font() is None, reason="no Japanese font to draw with")
def test_png_is_the_layout_at_scale_and_the_same_bytes_each_time() -> None:
    chart = Chart("k", "図", "説明", "％", ("概ね順調", "必ずしも順調ではない", "参考数値"),
                  (("", (Bar("北区", (Decimal("86.0"), None, None), ("86.0％", "", "")),)),), (Guide("基準 66.7％", Decimal("66.7")),), 100)
    font = find_font()
    assert font is not None
    raw = render_png(chart, font)
    assert raw == render_png(chart, font) and raw.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", raw[16:24])
    laid = plan(chart)
    assert (width, height) == (round(laid.width * charts_png.SCALE), round(laid.height * charts_png.SCALE))


@pytest.fixture(scope="module")
def document() -> object:
    return compose_edition(DATA, 2016)[0].document


def _pictures(raw: bytes) -> tuple[list[etree._Element], etree._Element, list[str]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    return body.findall(f".//{W}drawing"), body, media


@pytest.mark.skipif(find_font() is None, reason="no Japanese font to draw with")
def test_docx_charts_are_pictures_with_descr_in_paragraphs_of_their_own(document: object) -> None:
    charts = [b for b in document.blocks if isinstance(b, Chart)]  # type: ignore[attr-defined]
    drawings, body, media = _pictures(render_docx(document, TEMPLATE))  # type: ignore[arg-type]
    assert len(drawings) == len(charts) == len(media)
    for drawing, chart in zip(drawings, charts, strict=True):
        doc_pr = drawing.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
        assert doc_pr.get("descr") == chart.description and doc_pr.get("title") == chart.title
        run = drawing.getparent()
        paragraph = run.getparent()
        # the picture's run alone in its paragraph, inside the chart's mark (a bookmark: document/marks.py)
        assert paragraph.tag == f"{W}p" and [c.tag for c in paragraph] == [f"{W}pPr", f"{W}bookmarkStart", f"{W}r", f"{W}bookmarkEnd"]
        assert list(run) == [drawing] and paragraph[1].get(f"{W}name").startswith("_RG_")
        assert drawing.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline") is not None
        caption = paragraph.getnext()
        assert "".join(caption.itertext()) == chart.title
    assert render_docx(document, TEMPLATE) == render_docx(document, TEMPLATE)  # type: ignore[arg-type]


def test_without_a_japanese_font_the_docx_states_each_chart_in_words(document: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import reportgen.render.docx as docx_module

    monkeypatch.setattr(docx_module, "find_font", lambda: None)
    charts = [b for b in document.blocks if isinstance(b, Chart)]  # type: ignore[attr-defined]
    drawings, body, media = _pictures(render_docx(document, TEMPLATE))  # type: ignore[arg-type]
    assert not drawings and not media
    text = ["".join(p.itertext()) for p in body.iter(f"{W}p")]
    for chart in charts:
        assert f"{chart.title}：{chart.description}" in text


def test_a_chart_font_that_is_no_font_stops_the_build_with_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.errors import OutputError

    bad = tmp_path / "font.ttf"
    bad.write_bytes(b"not a font")
    monkeypatch.setenv("REPORTGEN_CHART_FONT", str(bad))
    with pytest.raises(OutputError) as caught:
        find_font()
    assert "REPORTGEN_CHART_FONT" in str(caught.value) and "font.ttf" in str(caught.value)
    monkeypatch.setenv("REPORTGEN_CHART_FONT", str(tmp_path / "missing.ttf"))
    with pytest.raises(OutputError):
        find_font()


def test_a_long_label_is_cut_to_its_width_with_an_ellipsis() -> None:
    from reportgen.render.charts import LABEL_MAX, fit, text_width

    assert fit("北区") == "北区"
    long = "とても長い名前の区" * 5
    cut = fit(long)
    assert cut.endswith("…") and long.startswith(cut[:-1]) and text_width(cut) <= LABEL_MAX
    assert text_width(fit(long[: len(cut)])) <= LABEL_MAX and len(cut) > 5  # as much as fits, not a stub
    chart = Chart("k", "t", "d", "％", ("s",), (("", (Bar(long, (1,), ("1％",)),)),), (), 10)
    assert cut in [s.text for s in plan(chart).shapes if isinstance(s, Text)]


def test_a_single_figure_stands_after_its_bar_and_a_wide_segment_holds_its_own() -> None:
    rate = Chart("r", "t", "d", "％", ("a", "b", "c"), (("", (Bar("北区", (None, Decimal(50), None), ("", "50.0％", "")),)),), (), 100)
    laid = plan(rate)
    bar = next(s for s in laid.shapes if isinstance(s, Box) and s.series == 1 and s.height != 12)
    figure = next(s for s in laid.shapes if isinstance(s, Text) and s.text == "50.0％")
    assert figure.x > bar.x + bar.width  # beside the bar's end, not over it
    counts = Chart("o", "t", "d", "件", ("a", "b"), (("", (Bar("1.1.a", (18, 1), ("18件", "1件")),)),), (), 20)
    laid = plan(counts)
    first, second = (s for s in laid.shapes if isinstance(s, Box) and s.series is not None and s.height != 12)
    wide = next(s for s in laid.shapes if isinstance(s, Text) and s.text == "18件")
    narrow = next(s for s in laid.shapes if isinstance(s, Text) and s.text == "1件")
    assert first.x < wide.x < first.x + first.width  # inside its segment
    assert narrow.x > second.x + second.width  # too narrow: after the bar

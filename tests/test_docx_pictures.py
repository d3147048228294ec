"""report.docx's pictures: drawn on the writer's thread, compressed on a worker meanwhile (render/docx_charts.Pictures).

The bytes must be those a chart gives alone, in the document's order, whatever the order the
worker finishes in; pixels waiting are bounded; a failure while compressing reaches the writer.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Hashable
from functools import partial
from pathlib import Path

import pytest
from chart_strategies import charts
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from reportgen.build import compose_edition
from reportgen.document import Chart
from reportgen.render import docx_charts
from reportgen.render.charts_png import find_font, render_image, render_png
from reportgen.render.docx import render_docx
from reportgen.render.docx_charts import Drawing, Pictures

FONT = find_font()
pytestmark = pytest.mark.skipif(FONT is None, reason="no Japanese font on this machine")


def whole(chart: Chart) -> tuple[Hashable, Drawing]:
    """The key and drawing of ``chart`` drawn whole, as docx_charts.drawings gives them for a chart that fits a page."""
    assert FONT is not None
    return (chart, 1), partial(render_image, chart, FONT)


@settings(max_examples=15, deadline=None)
@given(drawn=st.lists(charts(), min_size=1, max_size=5), budget=st.sampled_from([1, 10**6, 10**9]))
def test_each_picture_is_the_png_its_chart_gives_alone_in_order(drawn: list[Chart], budget: int) -> None:
    assert FONT is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docx_charts, "PIXELS_AHEAD", budget)
        with Pictures(FONT, (whole(chart) for chart in drawn)) as pictures:
            pictures.ahead()
            got = [pictures.png(*whole(chart)) for chart in drawn]
    assert got == [render_png(chart, FONT) for chart in drawn]


def test_the_pixels_waiting_stay_within_the_budget_but_one_picture_always_goes_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    assert FONT is not None
    edition, _ = compose_edition(DATA, 2016)
    drawn = [b for b in edition.document.blocks if isinstance(b, Chart)]
    assert len(drawn) > 3
    with Pictures(FONT, (whole(chart) for chart in drawn)) as pictures:  # FY2016's 15 fit the budget: all drawn at once
        pictures.ahead()
        assert len(pictures.drawn) == len(drawn) and not pictures.waiting
        assert pictures.pixels == sum(p for _, _, p in pictures.drawn) <= docx_charts.PIXELS_AHEAD
    monkeypatch.setattr(docx_charts, "PIXELS_AHEAD", 1)
    with Pictures(FONT, (whole(chart) for chart in drawn)) as pictures:
        pictures.ahead()
        for chart in drawn:
            assert len(pictures.drawn) == 1  # one at a time, never none while charts remain
            assert pictures.png(*whole(chart)) == render_png(chart, FONT)
        assert not pictures.drawn and not pictures.waiting and pictures.pixels == 0


def test_a_chart_asked_out_of_order_is_drawn_on_the_spot_and_the_queue_stays_right() -> None:
    assert FONT is not None
    edition, _ = compose_edition(DATA, 2016)
    first, second, third = [b for b in edition.document.blocks if isinstance(b, Chart)][:3]
    with Pictures(FONT, [whole(first), whole(second)]) as pictures:
        assert pictures.png(*whole(third)) == render_png(third, FONT)  # not queued: drawn here
        assert pictures.png(*whole(first)) == render_png(first, FONT)
        assert pictures.png(*whole(second)) == render_png(second, FONT)


def test_the_pictures_are_compressed_on_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    assert FONT is not None
    threads: set[str] = set()
    encode = docx_charts.encode_png

    def recorded(image: object, *args: object) -> bytes:
        threads.add(threading.current_thread().name)
        return encode(image, *args)

    monkeypatch.setattr(docx_charts, "encode_png", recorded)
    edition, _ = compose_edition(DATA, 2016)
    raw = render_docx(edition.document, (DATA.parent / "templates" / "report.docx").read_bytes())
    assert threads and all(name.startswith("reportgen-png") for name in threads)
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(media) == sum(isinstance(b, Chart) for b in edition.document.blocks)


def test_a_failure_while_compressing_reaches_the_writer_and_leaves_no_thread_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    assert FONT is not None

    def broken(image: object, *args: object) -> bytes:
        raise MemoryError("no room for the picture")

    monkeypatch.setattr(docx_charts, "encode_png", broken)
    edition, _ = compose_edition(DATA, 2016)
    before = {t.name for t in threading.enumerate()}
    with pytest.raises(MemoryError, match="no room"):
        render_docx(edition.document, (DATA.parent / "templates" / "report.docx").read_bytes())
    left = {t.name for t in threading.enumerate()} - before
    assert not any(name.startswith("reportgen-png") for name in left)


def test_a_picture_over_the_budget_is_compressed_before_the_next_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 100× the wards a chart is ~150 million pixels: two at once would add their size to the peak.
    Each compression waits a moment for the next drawing, which must not come until it is done."""
    assert FONT is not None
    edition, _ = compose_edition(DATA, 2016)
    drawn = [b for b in edition.document.blocks if isinstance(b, Chart)][:3]
    events: list[str] = []
    next_drawn = threading.Event()
    encode = docx_charts.encode_png

    def drawing(chart: Chart) -> Drawing:
        def draw() -> Image.Image:
            events.append(f"draw {drawn.index(chart)}")
            next_drawn.set()
            return render_image(chart, FONT)
        return draw

    def encoding(image: object, *args: object) -> bytes:
        next_drawn.clear()
        next_drawn.wait(0.2)  # a drawing that should not come meanwhile would come now
        events.append("encoded")
        return encode(image, *args)

    monkeypatch.setattr(docx_charts, "PIXELS_AHEAD", 1)
    monkeypatch.setattr(docx_charts, "encode_png", encoding)
    with Pictures(FONT, (((chart, 1), drawing(chart)) for chart in drawn)) as pictures:
        pictures.ahead()
        for chart in drawn:
            pictures.png((chart, 1), drawing(chart))
    assert events == ["draw 0", "encoded", "draw 1", "encoded", "draw 2", "encoded"]


def test_the_picture_given_is_the_one_placed_with_the_charts_words() -> None:
    """picture_run places the PNG it is given (Pictures made it), not a new drawing, with the alt text and title."""
    assert FONT is not None
    import docx

    from reportgen.render.docx_charts import picture_run

    edition, _ = compose_edition(DATA, 2016)
    first, second = [b for b in edition.document.blocks if isinstance(b, Chart)][:2]
    doc = docx.Document(io.BytesIO((DATA.parent / "templates" / "report.docx").read_bytes()))
    given = render_png(second, FONT)
    run = picture_run(doc, first, FONT, given)
    doc_pr = run.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert doc_pr is not None
    assert (doc_pr.get("descr"), doc_pr.get("title"), doc_pr.get("name")) == (first.description, first.title, first.title)
    blip = run.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    assert blip is not None
    embed = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    assert doc.part.related_parts[embed].blob == given


def test_split_charts_give_the_same_report_however_their_pictures_are_scheduled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A plan of 100 wards: its charts come in parts. Drawn ahead with the default budget, one at a time, or each
    drawn and compressed on the spot when asked (no queue), report.docx is the same bytes."""
    from test_tall_charts import _many

    data = _many(tmp_path)
    edition, _ = compose_edition(data, 2016)
    template = (DATA.parent / "templates" / "report.docx").read_bytes()
    queued = render_docx(edition.document, template)
    with zipfile.ZipFile(io.BytesIO(queued)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(media) > sum(isinstance(b, Chart) for b in edition.document.blocks)  # some charts were split
    monkeypatch.setattr(docx_charts, "PIXELS_AHEAD", 1)
    assert render_docx(edition.document, template) == queued
    monkeypatch.setattr(docx_charts.Pictures, "png", lambda self, key, draw: docx_charts.encode_png(draw()))
    assert render_docx(edition.document, template) == queued

"""Charts taller than the page: split between bars into pictures that each fit the text area (render/charts.py split,
render/docx_charts.py), each part a marked generated part that update redraws, inserts or removes and check compares.

The layout's properties are checked over generated charts and limits (no build); report.docx over random plans of
10–200 wards, read with the test's own code: every picture's extent, each part's caption and alt text, the wards
the parts show together.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
from pathlib import Path

import docx
import pytest
from chart_strategies import charts
from conftest import DATA
from editor import Q, comments_of, needs_office, open_doc, resave, save, set_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from scenario import KINDS, RandomPlan, _value, random_plans, ward_names
from test_living_charts import WP, A, R, assert_sound
from test_living_charts import charts as pictures

from reportgen.build import TEMPLATES, render_edition
from reportgen.chart_wording import ChartWording
from reportgen.cli import main
from reportgen.document import Chart, ChartLabels, PartWords
from reportgen.document.marks import BASE, marks
from reportgen.document.nodes import PART_SLOTS
from reportgen.errors import Problems
from reportgen.narrative.engine import SentenceRules
from reportgen.render.charts import HEADING, ROW, Part, Text, plan, split
from reportgen.render.charts_png import find_font
from reportgen.render.docx import STYLES
from reportgen.render.docx_charts import height_limit, part_id, part_words

needs_font = pytest.mark.skipif(find_font() is None, reason="no Japanese font: the charts are stated in words, not drawn")
SLOW = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PART = re.compile(r"（(\d+)/(\d+)）：(.+?)から(.+?)までを示す部分")
"""What the shipped part/description.j2 writes of a part: its number, the count, its first and last bars."""


# -- the layout ------------------------------------------------------------------------------


def _units(part: Part) -> int:
    return sum(len(bars) or 1 for _, bars in part.groups)


def _first_need(part: Part) -> float:
    label, bars = part.groups[0]
    return (HEADING if label else 0) + (ROW if bars else 0)


@given(chart=charts(), limit=st.floats(0, 1200))
def test_parts_show_every_bar_once_in_order_each_within_the_limit(chart: Chart, limit: float) -> None:
    whole = plan(chart)
    parts = split(chart, limit)
    assert [bar for part in parts for bar in part.bars()] == chart.bars()  # every bar once, in order, none made up
    assert [(p.number, p.count) for p in parts] == [(n, len(parts)) for n in range(1, len(parts) + 1)]
    if whole.height <= limit:
        assert parts == (Part(1, 1, chart.groups, whole),)  # a chart that fits is the chart as drawn today
        return
    for part in parts:
        assert part.plan.width == whole.width
        assert part.plan.height <= limit + 1e-9 or _units(part) == 1  # only one bar (and its heading) may not fit
    for part, after in zip(parts, parts[1:], strict=False):  # a part ends only when the next bar would not fit
        assert part.plan.height + _first_need(after) > limit - 1e-9
    # a group's heading once, on the part of its first bar, right before it; its other bars continue without it
    for label, bars in chart.groups:
        if not label:
            continue
        holding = [p for p in parts if any(g_bars and g_bars[0] is bars[0] for _, g_bars in p.groups)] if bars else []
        headed = [(p, g) for p in parts for g in p.groups if g[0] == label]
        assert len(headed) == 1 and (not bars or (headed[0][0] is holding[0] and headed[0][1][1][0] is bars[0]))


@given(chart=charts(), limit=st.floats(150, 600))
def test_every_part_reads_on_its_own_axis_guides_and_legend(chart: Chart, limit: float) -> None:
    whole = plan(chart)
    bar_words = {t for bar in chart.bars() for t in bar.texts} | {label for label, _ in chart.groups}
    frame = [s.text for s in whole.shapes if isinstance(s, Text) and s.text not in bar_words
             and not any(s.text.startswith(b.label[:3]) for b in chart.bars())]
    for part in split(chart, limit):
        words = [s.text for s in part.plan.shapes if isinstance(s, Text)]
        for word in frame:  # scale labels, guides' names, legend
            assert word in words


def test_a_group_heading_is_never_left_at_a_parts_foot() -> None:
    from reportgen.document import Bar
    bars = tuple(Bar(f"区{n}", (n, None, None), (f"{n}％", "", "")) for n in range(10))
    chart = Chart("k", "図", "説明", "％", ("a", "b", "c"), (("", bars[:5]), ("参考数値", bars[5:])), (), 100)
    whole = plan(chart)
    frame = whole.height - 10 * ROW - HEADING
    parts = split(chart, frame + 5 * ROW + HEADING - 1)  # room for the five judged bars and the heading, not its bar
    assert [len(p.bars()) for p in parts][0] == 5
    assert parts[1].groups[0][0] == "参考数値" and parts[1].groups[0][1][0] is bars[5]
    parts = split(chart, frame + 7 * ROW + HEADING)
    assert parts[1].groups == (("", bars[7:]),)  # the group continues, its heading stays with its first bar
    assert split(chart, frame + 7 * ROW + HEADING - 0.5)[1].bars()[0] is bars[6]  # half a px short: the 7th bar goes on
    assert len(split(chart, frame + 10 * ROW + HEADING)) == 1 and len(split(chart, frame + 10 * ROW + HEADING - 0.5)) == 2


def test_a_heading_without_bars_takes_its_own_height_only() -> None:
    from reportgen.document import Bar
    bars = tuple(Bar(f"区{n}", (n, None, None), (f"{n}％", "", "")) for n in range(3))
    chart = Chart("k", "図", "説明", "％", ("a", "b", "c"), (("", bars), ("空の段", ())), (), 100)
    whole = plan(chart)
    assert len(split(chart, whole.height)) == 1
    parts = split(chart, whole.height - 0.5)
    assert [p.groups for p in parts] == [(("", bars),), (("空の段", ()),)]
    assert parts[1].plan.height == whole.height - 3 * ROW and part_words(chart, parts[1]) == (chart.title, chart.description)


# -- the words of each part --------------------------------------------------------------------


@pytest.fixture(scope="module")
def wording() -> ChartWording:
    problems = Problems()
    found = ChartWording(SentenceRules(TEMPLATES / "sentences", problems), problems)
    assert not problems.errors
    return found


def test_part_words_from_the_templates_name_the_part_and_its_bars(wording: ChartWording) -> None:
    from reportgen.document import Bar
    names = ward_names(40)
    bars = tuple(Bar(name, (n, None, None), (f"{n}％", "", "")) for n, name in enumerate(names))
    labels = ChartLabels(parts=wording.part_words())
    chart = Chart("k", "図 1.1.a 区ごとの進捗率", "説明の全文。", "％", ("a", "b", "c"), (("", bars),), (), 100, labels)
    parts = split(chart, plan(chart).height / 2)
    assert len(parts) >= 2
    seen = []
    for part in parts:
        caption, descr = part_words(chart, part)
        assert caption == f"図 1.1.a 区ごとの進捗率（{part.number}/{len(parts)}）"
        found = PART.search(descr)
        assert found is not None and found.groups() == (str(part.number), str(len(parts)), part.bars()[0].label, part.bars()[-1].label)
        assert ("説明の全文。" in descr) == (part.number == 1)  # the whole chart stated once, on its first part
        seen += part.bars()
    assert seen == list(bars)
    one = split(chart, plan(chart).height)
    assert part_words(chart, one[0]) == (chart.title, chart.description)


def test_values_holding_a_slot_character_are_put_in_as_they_are() -> None:
    pattern = f"{PART_SLOTS['title']}（{PART_SLOTS['number']}）{PART_SLOTS['first']}"
    sly = PART_SLOTS["number"] + "区"
    assert PartWords.fill(pattern, title=sly, number="2", first="北区") == f"{sly}（2）北区"


def test_a_template_failing_on_its_part_words_stops_composing(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "sentences" / "charts" / "part" / "caption.j2").write_text("{{ title }}{{ unknown_name }}\n", encoding="utf-8")
    problems = Problems()
    ChartWording(SentenceRules(templates / "sentences", problems), problems)
    assert any("part/caption.j2" in str(p.location) for p in problems.errors)


# -- the template's page ---------------------------------------------------------------------------


def _template(page_cm: float | None = None, top_cm: float | None = None) -> bytes:
    doc = docx.Document(str(TEMPLATES / "report.docx"))
    section = doc.sections[0]
    if page_cm is not None:
        section.page_height = docx.shared.Cm(page_cm)
    if top_cm is not None:
        section.top_margin = docx.shared.Cm(top_cm)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _limit(template: bytes) -> int:
    doc = docx.Document(io.BytesIO(template))
    return height_limit(doc, doc.styles[STYLES["caption"]].style_id, doc.styles[STYLES["body"]].style_id)


def _area(template: bytes) -> int:
    section = docx.Document(io.BytesIO(template)).sections[0]
    return int(section.page_height - section.top_margin - section.bottom_margin)


def test_the_limit_is_the_text_area_less_room_for_the_caption() -> None:
    shipped = (TEMPLATES / "report.docx").read_bytes()
    room = _area(shipped) - _limit(shipped)
    # caption: 10.5 pt, two lines at 1.2, 8 pt before and 4 pt after; the picture's paragraph 2 pt after
    assert room == pytest.approx(docx.shared.Pt(2 * 10.5 * 1.2 + 14), abs=1)
    for template in (_template(page_cm=20), _template(top_cm=5), _template(page_cm=200)):
        assert _area(template) != _area(shipped) and _area(template) - _limit(template) == room  # the page's own, read each time
    assert docx.shared.Length(_limit(shipped)).cm == pytest.approx(29.7 - 4 - 1.383, abs=0.01)


# -- report.docx over random plans --------------------------------------------------------------------


def _docx_parts(report: bytes) -> dict[str, dict[str, object]]:
    return pictures(report)


@needs_font
@SLOW
@given(plan_=random_plans(min_wards=10, max_wards=200))
def test_every_picture_fits_and_the_parts_show_every_ward_once(plan_: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("tall")
    data = plan_.write(root)  # type: ignore[attr-defined]
    files, _, edition = render_edition(data, plan_.year)  # type: ignore[attr-defined]
    report = files["report.docx"]
    limit = _limit((TEMPLATES / "report.docx").read_bytes())
    body = etree.fromstring(dict(_zip(report))["word/document.xml"])
    extents = [(int(e.get("cx")), int(e.get("cy"))) for e in body.iter(f"{{{WP}}}extent")]
    assert extents and all(0 < cy <= limit for _, cy in extents)
    shape_ids = [d.get("id") for d in body.iter(f"{{{WP}}}docPr")]
    assert len(set(shape_ids)) == len(shape_ids) == len(extents)  # Word wants every picture's id its own
    found = _docx_parts(report)
    base = {p["id"]: p for p in json.loads(files[BASE])["parts"]}
    split_any = False
    for mark in marks(edition.document):
        chart = mark.chart
        if chart is None:
            continue
        ids = [mark.id]
        while part_id(mark.id, len(ids) + 1) in found:
            ids.append(part_id(mark.id, len(ids) + 1))
        count = len(ids)
        laid = plan(chart)
        tall = int(min(docx.shared.Cm(16), docx.shared.Cm(laid.width * 2.54 / 96)) * laid.height / laid.width) > limit
        assert (count > 1) == tall  # split exactly when the chart drawn whole would not fit
        if count == 1:
            assert found[mark.id]["caption"] == chart.title and found[mark.id]["descr"] == chart.description
            assert found[mark.id]["paragraph"].find(f"{Q}pPr/{Q}keepNext") is None  # as written before charts were split
            continue
        split_any = True
        labels = [bar.label for bar in chart.bars()]
        at = 0
        for number, ident in enumerate(ids, start=1):
            assert found[ident]["caption"] == f"{chart.title}（{number}/{count}）"
            shown = PART.search(str(found[ident]["descr"]))
            assert shown is not None and shown.group(1, 2) == (str(number), str(count))
            first, last = labels.index(shown.group(3)), labels.index(shown.group(4))
            assert first == at and last >= first  # each part starts right after the one before: every ward once, in order
            at = last + 1
            # each picture keeps with its caption; a caption but the last lets the next part go to its own page
            paragraph = found[ident]["paragraph"]
            assert paragraph.find(f"{Q}pPr/{Q}keepNext") is not None and paragraph.getnext() is not None
            keep = paragraph.getnext().find(f"{Q}pPr/{Q}keepNext")
            assert (keep is not None and keep.get(f"{Q}val") == "0") == (number < count)
            record = base[mark.id] if number == 1 else next(p for p in base[mark.id]["parts"] if p["id"] == ident)
            assert record["descr"] == found[ident]["descr"] and record["caption"] == found[ident]["caption"]
        assert at == len(labels)
    if len(plan_.wards) >= 40:  # type: ignore[attr-defined]
        assert split_any  # 40 wards' rates are taller than A4's text area: some chart was split


def _zip(data: bytes) -> list[tuple[str, bytes]]:
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(n, z.read(n)) for n in z.namelist()]


# -- update and check ------------------------------------------------------------------------------------


YEAR = 2016


def _many(root: Path, wards: int = 100) -> Path:
    """The data folder of a fixed plan of ``wards`` wards, one indicator of each kind, results from a fixed seed."""
    rng = random.Random(20161)
    kinds = list(KINDS)
    rows = {y: {w: [(_value(k, rng), rng.choice([150, 500, 500, 500]), rng.random() > 0.05) for k in kinds] for w in ward_names(wards)}
            for y in (2015, 2016)}
    return RandomPlan(2015, 2017, YEAR, ward_names(wards), kinds, [300] * len(kinds), rows).write(root)


def _args(data: Path, out: Path, templates: Path | None = None) -> list[str]:
    return ["--fiscal-year", str(YEAR), "--data", str(data), "--output", str(out),
            *(["--templates", str(templates)] if templates is not None else [])]


def _parts_of(found: dict[str, dict[str, object]], ident: str) -> list[str]:
    ids = [ident]
    while part_id(ident, len(ids) + 1) in found:
        ids.append(part_id(ident, len(ids) + 1))
    return ids


def _chart_id(folder: Path, key: str) -> str:
    return next(p["id"] for p in json.loads((folder / BASE).read_text(encoding="utf-8"))["parts"] if p.get("chart") == key)


def _lower(data: Path, ward: str, indicator: str = "1.1.a") -> None:
    """Correct ``ward``'s result of ``indicator`` one point down (its rate lower, the axis and the others as they were)."""
    results = data / str(YEAR) / "results.csv"
    lines = results.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == ward and cells[1] == indicator:
            cells[2] = str(int(cells[2]) - 1)
            lines[n] = ",".join(cells)
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _a_ward_of(data: Path, number: int) -> str:
    """A ward whose bar part ``number`` of 1.1.a's chart shows (not its first or last), with a survey result above 5."""
    _, _, edition = render_edition(data, YEAR)
    chart = next(m.chart for m in marks(edition.document) if m.chart is not None and m.chart.key == "rate-1.1.a")
    laid = plan(chart)
    limit = _limit((TEMPLATES / "report.docx").read_bytes()) * laid.width / min(docx.shared.Cm(16), docx.shared.Cm(laid.width * 2.54 / 96))
    shown = [bar.label for bar in split(chart, limit)[number - 1].bars()][1:-1]
    values = {c[0]: c for c in (line.split(",") for line in (data / str(YEAR) / "results.csv").read_text(encoding="utf-8").splitlines())
              if c[1] == "1.1.a"}
    return next(w for w in shown if values[w][2].isdigit() and 5 < int(values[w][2]) < 100)


def _templates(root: Path, page_cm: float) -> Path:
    """A copy of the shipped templates whose report.docx has a page ``page_cm`` high."""
    folder = root / f"templates-{page_cm}"
    shutil.copytree(TEMPLATES, folder)
    (folder / "report.docx").write_bytes(_template(page_cm=page_cm))
    return folder


@needs_font
def test_a_correction_redraws_the_part_of_its_ward_and_keeps_the_edits_of_the_others(tmp_path: Path) -> None:
    data = _many(tmp_path)
    assert main(["build", *_args(data, tmp_path / "out")]) == 0
    folder = tmp_path / "out" / str(YEAR)
    first = pictures((folder / "report.docx").read_bytes())
    ids = _parts_of(first, _chart_id(folder, "rate-1.1.a"))
    assert len(ids) >= 3
    ward = _a_ward_of(data, 3)
    # the editor retitles part 2 and makes part 3 smaller
    doc = open_doc((folder / "report.docx").read_bytes())
    found = {b.get(f"{Q}name")[4:]: b.getparent() for b in doc.element.body.iter(f"{Q}bookmarkStart")}
    set_text(found[ids[1] + "_cap"], "図 区の進捗率（続き）")
    inline = next(found[ids[2]].iter(f"{{{WP}}}inline"))
    for ext in (inline.find(f"{{{WP}}}extent"), *inline.iter(f"{{{A}}}ext")):
        ext.set("cx", str(int(ext.get("cx")) * 3 // 4))
        ext.set("cy", str(int(ext.get("cy")) * 3 // 4))
    (folder / "report.docx").write_bytes(save(doc))
    _lower(data, ward)
    assert main(["build", *_args(data, tmp_path / "fresh")]) == 0
    fresh = pictures((tmp_path / "fresh" / str(YEAR) / "report.docx").read_bytes())
    assert [i for i in ids if fresh[i]["bytes"] != first[i]["bytes"]] == [ids[2]]  # the correction's part, no other
    assert main(["update", *_args(data, tmp_path / "out")]) == 0
    updated = (folder / "report.docx").read_bytes()
    assert_sound(updated)
    after = pictures(updated)
    assert _parts_of(after, ids[0]) == ids
    assert after[ids[2]]["bytes"] == fresh[ids[2]]["bytes"]  # redrawn, at the editor's width
    width = first[ids[2]]["size"][0] * 3 // 4
    assert after[ids[2]]["size"] == (width, round(width * fresh[ids[2]]["size"][1] / fresh[ids[2]]["size"][0]))
    assert after[ids[1]]["caption"] == "図 区の進捗率（続き）" and after[ids[1]]["bytes"] == first[ids[1]]["bytes"]
    assert after[ids[0]]["descr"] == fresh[ids[0]]["descr"] != first[ids[0]]["descr"]  # the whole chart's figures, on part 1
    assert all(after[i]["bytes"] == fresh[i]["bytes"] and after[i]["descr"] == fresh[i]["descr"] for i in ids)
    assert not comments_of(updated)
    assert main(["update", *_args(data, tmp_path / "out")]) == 0
    assert (folder / "report.docx").read_bytes() == updated  # nothing left to do


def _order(report: bytes, ids: list[str]) -> list[str]:
    """The marks of ``ids`` and their captions in the order of the body's paragraphs."""
    body = etree.fromstring(dict(_zip(report))["word/document.xml"])
    names = [b.get(f"{Q}name")[4:] for p in body.iter(f"{Q}p") for b in p.findall(f"{Q}bookmarkStart")]
    wanted = {*ids, *(i + "_cap" for i in ids)}
    return [n for n in names if n in wanted]


@needs_font
def test_a_report_written_whole_gets_its_parts_and_loses_them_when_the_page_grows(tmp_path: Path) -> None:
    data = _many(tmp_path)
    tall = _templates(tmp_path, 200)  # a page every chart fits: each drawn whole, as before charts were split
    assert main(["build", *_args(data, tmp_path / "out", tall)]) == 0
    folder = tmp_path / "out" / str(YEAR)
    whole = pictures((folder / "report.docx").read_bytes())
    ident = _chart_id(folder, "rate-1.1.a")
    assert _parts_of(whole, ident) == [ident]
    base = json.loads((folder / BASE).read_text(encoding="utf-8"))
    assert not any("parts" in p for p in base["parts"])  # as a base written before this change
    assert main(["update", *_args(data, tmp_path / "out")]) == 0  # the shipped A4 template
    split_report = (folder / "report.docx").read_bytes()
    assert_sound(split_report)
    assert main(["build", *_args(data, tmp_path / "fresh")]) == 0
    fresh = pictures((tmp_path / "fresh" / str(YEAR) / "report.docx").read_bytes())
    after = pictures(split_report)
    ids = _parts_of(fresh, ident)
    assert len(ids) >= 3 and _parts_of(after, ident) == ids
    assert all(after[i]["bytes"] == fresh[i]["bytes"] and after[i]["caption"] == fresh[i]["caption"] for i in ids)
    assert _order(split_report, ids) == [n for i in ids for n in (i, i + "_cap")]  # inserted after the part before, in order
    assert set(after) == set(fresh)
    # the editor rewrites the last part's alt text; a taller page then draws the chart whole again
    doc = open_doc(split_report)
    found = {b.get(f"{Q}name")[4:]: b.getparent() for b in doc.element.body.iter(f"{Q}bookmarkStart")}
    next(found[ids[-1]].iter(f"{{{WP}}}docPr")).set("descr", "編集者の説明")
    (folder / "report.docx").write_bytes(save(doc))
    assert main(["update", *_args(data, tmp_path / "out", tall)]) == 0
    grown = (folder / "report.docx").read_bytes()
    assert_sound(grown)
    again = pictures(grown)
    assert again[ident]["bytes"] == whole[ident]["bytes"] and again[ident]["descr"] == whole[ident]["descr"]
    assert [i for i in ids if i in again] == [ident, ids[-1]]  # untouched parts removed; the edited one kept, commented
    assert again[ids[-1]]["descr"] == "編集者の説明"
    assert any("作成されなくなりました" in c for c in comments_of(grown))


@needs_font
def test_check_names_the_stale_part(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _many(tmp_path)
    assert main(["build", *_args(data, tmp_path / "out")]) == 0
    folder = tmp_path / "out" / str(YEAR)
    first = pictures((folder / "report.docx").read_bytes())
    ids = _parts_of(first, _chart_id(folder, "rate-1.1.a"))
    _lower(data, _a_ward_of(data, 3))
    capsys.readouterr()
    assert main(["check", *_args(data, tmp_path / "out")]) == 1
    said = capsys.readouterr()
    lines = (said.out + said.err).splitlines()
    stale = [line for line in lines if "今のデータから描いた図と違います" in line]
    assert len(stale) == 1 and f"（3/{len(ids)}）" in stale[0]  # the part showing the corrected ward, no other
    # part 1's alt text states the whole chart's figures: the corrected one is named there
    assert [line for line in lines if "（代替テキスト）" in line and f"（1/{len(ids)}）" in line]


@needs_font
@needs_office
def test_parts_survive_a_libreoffice_save_and_update_redraws_the_corrected_one(tmp_path: Path) -> None:
    data = _many(tmp_path)
    assert main(["build", *_args(data, tmp_path / "out")]) == 0
    folder = tmp_path / "out" / str(YEAR)
    first = pictures((folder / "report.docx").read_bytes())
    ids = _parts_of(first, _chart_id(folder, "rate-1.1.a"))
    saved = resave((folder / "report.docx").read_bytes())
    assert _parts_of(pictures(saved), ids[0]) == ids  # the parts' bookmarks keep their names (<id>-2 …)
    (folder / "report.docx").write_bytes(saved)
    _lower(data, _a_ward_of(data, 3))
    assert main(["build", *_args(data, tmp_path / "fresh")]) == 0
    fresh = pictures((tmp_path / "fresh" / str(YEAR) / "report.docx").read_bytes())
    assert main(["update", *_args(data, tmp_path / "out")]) == 0
    updated = (folder / "report.docx").read_bytes()
    assert_sound(updated)
    after = pictures(updated)
    assert [i for i in ids if after[i]["bytes"] == fresh[i]["bytes"]] == ids and _parts_of(after, ids[0]) == ids
    assert after[ids[0]]["descr"] == fresh[ids[0]]["descr"]


def test_a_margin_left_out_counts_as_none_and_a_negative_one_by_its_size() -> None:
    shipped = (TEMPLATES / "report.docx").read_bytes()
    room = _area(shipped) - _limit(shipped)
    doc = docx.Document(io.BytesIO(shipped))
    margins = doc.sections[0]._sectPr.find(f"{Q}pgMar")
    del margins.attrib[f"{Q}top"]
    margins.set(f"{Q}bottom", "-1134")
    out = io.BytesIO()
    doc.save(out)
    section = doc.sections[0]
    assert _limit(out.getvalue()) == section.page_height - docx.shared.Twips(1134) - room


@needs_font
def test_a_page_without_room_for_a_chart_stops_the_build_naming_the_template(tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    templates = _templates(tmp_path, 5.5)  # 5.5 cm less 4 cm of margins and the caption's room
    assert main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path / "out"),
                 "--templates", str(templates)]) != 0
    said = capsys.readouterr().err
    assert "report.docx" in said and "図を置く高さ" in said
    assert not (tmp_path / "out" / "2016" / "report.docx").exists()


def test_the_base_parts_of_a_split_chart_are_taken_only_under_their_own_ids() -> None:
    from reportgen.living.merge import with_parts
    sentence = {"id": "feedbeef0001", "text": "文"}
    chart = {"id": "abc", "place": ["Ⅰ"], "chart": "rate-1.1.a", "picture": "d1",
             "parts": [{"id": "abc-2", "picture": "d2", "descr": "（2/4）"}, {"id": "feedbeef0001", "picture": "x"},
                       "not a part", {"id": "abc-4", "picture": "d4"}, {"id": "abc-1", "picture": "x"}, {"id": "abc-02"},
                       {"id": "abc-x"}, {"id": "abc-2-2"}]}
    flat = with_parts({"abc": chart, "feedbeef0001": sentence, "bad": {"id": "bad", "parts": "x"}})
    assert flat["abc-2"] == {"place": ["Ⅰ"], "chart": "rate-1.1.a", "id": "abc-2", "picture": "d2", "descr": "（2/4）"}
    assert flat["feedbeef0001"] is sentence  # a part never stands in for another generated part
    assert flat["abc-4"]["picture"] == "d4" and "abc-3" not in flat  # each part by its place in the list
    assert set(flat) == {"abc", "abc-2", "abc-4", "feedbeef0001", "bad"}


@needs_font
def test_pictures_on_a_page_lower_than_one_bar_are_narrower_never_taller_and_numbered_apart() -> None:
    from reportgen.document import Bar
    from reportgen.render.docx_charts import chart_pictures
    bars = tuple(Bar(name, (n * 9, None, None), (f"{n * 9}％", "", "")) for n, name in enumerate(ward_names(12)))
    chart = Chart("k", "図", "説明", "％", ("a", "b", "c"), (("", bars[:8]), ("参考数値", bars[8:])), (), 100)
    doc = docx.Document(str(TEMPLATES / "report.docx"))
    found = find_font()
    assert found is not None
    for limit in (int(docx.shared.Cm(0.5)), int(docx.shared.Cm(3)), int(docx.shared.Cm(6)), int(docx.shared.Cm(9))):
        made = chart_pictures(doc, chart, found, limit)
        assert len(made) > 1 and [p.number for p in made] == list(range(1, len(made) + 1))
        extents = [next(p.run.iter(f"{{{WP}}}extent")) for p in made]
        assert all(0 < int(e.get("cy")) <= limit and 0 < int(e.get("cx")) <= docx.shared.Cm(16) for e in extents)
        ids = [next(p.run.iter(f"{{{WP}}}docPr")).get("id") for p in made]
        assert len(set(ids)) == len(ids)
        assert [p.caption for p in made] == [chart.title] * len(made)  # no part wording in the chart: its own title
    assert len(chart_pictures(doc, chart, found, int(docx.shared.Cm(0.5)))) == 12  # one bar a part


@needs_font
def test_parts_share_the_image_part_of_the_same_bytes_and_never_take_a_name_in_use() -> None:
    from reportgen.document import Bar
    from reportgen.render.docx_charts import chart_pictures, picture_run
    bars = tuple(Bar(name, (n * 9, None, None), (f"{n * 9}％", "", "")) for n, name in enumerate(ward_names(12)))
    tall = Chart("k", "図", "説明", "％", ("a", "b", "c"), (("", bars),), (), 100)
    small = Chart("s", "図", "説明", "％", ("a", "b", "c"), (("", bars[:2]),), (), 100)
    doc = docx.Document(str(TEMPLATES / "report.docx"))
    found = find_font()
    assert found is not None
    limit = int(docx.shared.Cm(6))

    def embeds(made: list[object]) -> list[str]:
        return [next(p.run.iter(f"{{{A}}}blip")).get(f"{{{R}}}embed") for p in made]  # type: ignore[attr-defined]

    first = embeds(chart_pictures(doc, tall, found, limit))
    count = len(doc.part.package.image_parts)
    assert len(set(first)) == len(first) == count  # a part each
    picture_run(doc, small, found)  # python-docx adds one between
    again = embeds(chart_pictures(doc, tall, found, limit))
    assert again == first and len(doc.part.package.image_parts) == count + 1  # the same bytes, the same parts
    names = [p.partname for p in doc.part.package.image_parts]
    assert len(set(names)) == len(names)
    other = Chart("o", "図", "説明", "％", ("a", "b", "c"), (("", bars[::-1]),), (), 100)
    chart_pictures(doc, other, found, limit)
    names = [p.partname for p in doc.part.package.image_parts]
    assert len(set(names)) == len(names) > count + 1
    out = io.BytesIO()
    doc.save(out)  # every part written under its own name
    assert len(docx.Document(io.BytesIO(out.getvalue())).part.package.image_parts) == len(names)


def test_a_font_without_a_parts_characters_stops_before_drawing_it() -> None:
    from reportgen.document import Bar
    from reportgen.errors import OutputError
    from reportgen.render.docx_charts import chart_pictures
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.is_file():
        pytest.skip("DejaVu Sans (fonts-dejavu-core) not installed")
    bars = tuple(Bar(f"Ward{n}", (n * 9, None, None), (f"{n * 9}%", "", "")) for n in range(12))
    chart = Chart("k", "Fig 1", "desc", "%", ("on", "off", "ref"), (("", bars[:10]), ("参考", bars[10:])), (), 100)
    doc = docx.Document(str(TEMPLATES / "report.docx"))
    with pytest.raises(OutputError, match="参"):  # only the last part's heading has it: every part's words are checked
        chart_pictures(doc, chart, latin, int(docx.shared.Cm(6)))


def _styled(change: object) -> bytes:
    """The shipped template with ``change`` applied to its styles element (lxml)."""
    doc = docx.Document(str(TEMPLATES / "report.docx"))
    change(doc.styles.element)  # type: ignore[operator]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _style(styles: etree._Element, ident: str) -> etree._Element:
    return next(s for s in styles.iter(f"{Q}style") if s.get(f"{Q}styleId") == ident)


def test_the_captions_room_follows_its_style_chain_its_line_rule_and_the_defaults() -> None:
    def double_spaced(styles: etree._Element) -> None:
        spacing = _style(styles, "Caption").find(f"{Q}pPr/{Q}spacing")
        spacing.set(f"{Q}line", "480")
        del spacing.attrib[f"{Q}lineRule"]  # no rule: Word's "auto" (a multiple of single spacing)

    def exact(styles: etree._Element) -> None:
        spacing = _style(styles, "Caption").find(f"{Q}pPr/{Q}spacing")
        spacing.set(f"{Q}line", "400")
        spacing.set(f"{Q}lineRule", "exact")

    def at_least(styles: etree._Element) -> None:
        spacing = _style(styles, "Caption").find(f"{Q}pPr/{Q}spacing")
        spacing.set(f"{Q}line", "400")
        spacing.set(f"{Q}lineRule", "atLeast")

    def inherited(styles: etree._Element) -> None:  # no size of its own: Normal's 10.5 pt (not the defaults' 11 pt)
        caption = _style(styles, "Caption")
        for sz in caption.iter(f"{Q}sz"):
            sz.getparent().remove(sz)
        caption.find(f"{Q}pPr/{Q}spacing").set(f"{Q}line", "288")

    def looped(styles: etree._Element) -> None:  # Caption → Normal → Caption, and no size on either: the defaults' 11 pt
        caption, normal = _style(styles, "Caption"), _style(styles, "Normal")
        for style in (caption, normal):
            for sz in style.iter(f"{Q}sz"):
                sz.getparent().remove(sz)
        based = etree.SubElement(normal, f"{Q}basedOn")
        based.set(f"{Q}val", "Caption")

    spacing = docx.shared.Pt(14)  # 8 pt before and 4 pt after the caption, 2 pt after the picture
    # looped: the picture's Body Text, based on Normal, now inherits the caption's 8 pt before too
    for change, line, space in ((double_spaced, docx.shared.Pt(10.5 * 1.2 * 2), spacing), (exact, docx.shared.Pt(20), spacing),
                                (at_least, docx.shared.Pt(20), spacing),
                                (inherited, docx.shared.Pt(10.5 * 1.2 * 1.2), spacing),
                                (looped, docx.shared.Pt(11 * 1.2), spacing + docx.shared.Pt(8))):
        template = _styled(change)
        assert _area(template) - _limit(template) == pytest.approx(2 * line + space, abs=2), change

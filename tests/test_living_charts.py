"""The charts of report.docx as generated parts: update redraws the ones the editors left as generated, check lists stale ones.

The package is read here with the test's own code (zip, relationships, content types), independent of
reportgen.living, and every picture is compared with a fresh build of the corrected data.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import posixpath
import shutil
from pathlib import Path

import docx
import pytest
from conftest import DATA
from editor import (
    Q,
    body_of,
    build,
    comments_of,
    find,
    marked,
    needs_office,
    open_doc,
    parts,
    resave,
    run,
    save,
    text,
    update,
)
from lxml import etree
from PIL import Image

from reportgen.document.marks import BASE, PREFIX
from reportgen.render.charts_png import find_font

pytestmark = pytest.mark.skipif(find_font() is None, reason="no Japanese font: the charts are stated in words, not drawn")

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
INTRO = "このたび、"
PROSE = "市政改革プランのアクションプラン編"
NUDGED = ("1.2.a", "1.4.a", "2.1.a.1", "2.2.a", "2.3.a.1", "2.1.b.1")
"""Indicators whose rate chart a data correction redraws (北区's result moved by 3 points)."""


def nudge(data: Path, indicators: tuple[str, ...] = NUDGED, by: float = 3.0) -> None:
    """Correct 北区's result of each of ``indicators`` by ``by`` points."""
    results = data / "2016" / "results.csv"
    lines = results.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == "北区" and cells[1] in indicators:
            cells[2] = f"{float(cells[2]) + by:.1f}"
            lines[n] = ",".join(cells)
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rels(files: dict[str, bytes], source: str = "word/document.xml") -> dict[str, str]:
    """Relationship id → the package part it targets (external targets left out)."""
    name = posixpath.join(posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels")
    if name not in files:
        return {}
    out = {}
    for rel in etree.fromstring(files[name]):
        if rel.get("TargetMode") != "External":
            target = rel.get("Target")
            out[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    return out


def charts(data: bytes) -> dict[str, dict[str, object]]:
    """Chart mark id → its picture (part, bytes, descr, size) and caption, found by the chart's bookmarks or, for one
    dragged out of its paragraph, by its bytes in the base (not needed here: the tests below say where it went)."""
    files = parts(data)
    body = body_of(data)
    targets = rels(files)
    out: dict[str, dict[str, object]] = {}
    for start in body.iter(f"{Q}bookmarkStart"):
        name = start.get(f"{Q}name", "")
        if not name.startswith(PREFIX) or name.endswith("_cap"):
            continue
        p = start.getparent()
        inline = next(p.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"), None)
        if inline is None:
            continue
        embed = next(inline.iter(f"{{{A}}}blip")).get(f"{{{R}}}embed")
        extent = inline.find(f"{{{WP}}}extent")
        out[name[len(PREFIX):]] = {"part": targets[embed], "bytes": files[targets[embed]], "paragraph": p,
                                   "descr": inline.find(f"{{{WP}}}docPr").get("descr"),
                                   "size": (int(extent.get("cx")), int(extent.get("cy")))}
    for start in body.iter(f"{Q}bookmarkStart"):
        name = start.get(f"{Q}name", "")
        if name.startswith(PREFIX) and name.endswith("_cap") and name[len(PREFIX):-4] in out:
            out[name[len(PREFIX):-4]]["caption"] = text(start.getparent())
    return out


def chart_ids(folder: Path) -> dict[str, str]:
    """Chart key (rate-1.1.a, overview) → mark id, from the base."""
    return {p["chart"]: p["id"] for p in json.loads((folder / BASE).read_text(encoding="utf-8"))["parts"] if "chart" in p}


def assert_sound(data: bytes) -> None:
    """The package opens in python-docx; every r:embed/r:id resolves to a part present; no picture part is orphaned;
    every PNG has its content type; every drawing's docPr id is unique."""
    docx.Document(io.BytesIO(data))
    files = parts(data)
    targets = rels(files)
    assert all(t in files for t in targets.values()), sorted(set(targets.values()) - set(files))
    document = etree.fromstring(files["word/document.xml"])
    for e in document.iter():
        for key, value in e.attrib.items():
            if key.startswith(f"{{{R}}}"):
                assert value in targets, (key, value)
    targeted = {t for name in files if name.endswith(".rels")
                for t in rels(files, posixpath.join(posixpath.dirname(posixpath.dirname(name)), posixpath.basename(name)[:-5])).values()}
    media = {name for name in files if name.startswith("word/media/")}
    assert media <= targeted, sorted(media - targeted)
    types = etree.fromstring(files["[Content_Types].xml"])
    png_default = any(d.get("Extension").lower() == "png" and d.get("ContentType") == "image/png" for d in types.iter(f"{{{CT}}}Default"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{{{CT}}}Override")}
    for name in media:
        if name.lower().endswith(".png"):
            assert png_default or overrides.get("/" + name) == "image/png", name
    assert all(k[1:] in files for k in overrides), sorted(k for k in overrides if k[1:] not in files)
    ids = [d.get("id") for d in document.iter(f"{{{WP}}}docPr")]
    assert len(ids) == len(set(ids))
    for frame in document.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"):  # a picture update drew: frame and picture one size
        blip = next(frame.iter(f"{{{A}}}blip"), None)
        if blip is None or not targets.get(blip.get(f"{{{R}}}embed"), "").startswith("word/media/reportgen-"):
            continue  # LibreOffice itself saves a frame a few EMU off its picture
        extent = frame.find(f"{{{WP}}}extent")
        assert all((e.get("cx"), e.get("cy")) == (extent.get("cx"), extent.get("cy")) for e in frame.iter(f"{{{A}}}ext") if e.get("cx")), [
            (e.tag, e.get("cx"), e.get("cy"), extent.get("cx"), extent.get("cy")) for e in frame.iter(f"{{{A}}}ext")]
    # every r:embed of the updated parts opens as a PNG of the stated proportions' neighbourhood
    for name in media:
        if name.startswith("word/media/reportgen-"):
            Image.open(io.BytesIO(files[name])).verify()


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def fresh_nudged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """The charts of a fresh build of the nudged data."""
    data = tmp_path_factory.mktemp("fresh-charts") / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("reconstruction"))
    nudge(data)
    return charts((build(data, data.parent / "out") / "report.docx").read_bytes())


def test_each_chart_is_a_marked_part_and_the_base_names_its_picture(out: Path) -> None:
    folder = out / "2016"
    data = (folder / "report.docx").read_bytes()
    found = charts(data)
    base = {p["id"]: p for p in json.loads((folder / BASE).read_text(encoding="utf-8"))["parts"]}
    body = body_of(data)
    drawings = list(body.iter(f"{{{WP}}}inline"))
    assert len(found) == len(drawings) > 1  # every picture of the report is a marked chart
    for ident, chart in found.items():
        record = base[ident]
        assert record["picture"] == hashlib.sha256(chart["bytes"]).hexdigest()
        assert record["descr"] == chart["descr"] and record["caption"] == chart["caption"] == record["title"]
        assert chart["paragraph"].getnext() is not None and text(chart["paragraph"].getnext()) == record["title"]
    assert {p["chart"] for p in base.values() if "chart" in p} >= {"overview", *(f"rate-{i}" for i in NUDGED)}


def test_a_chart_keeps_its_id_when_its_data_changes(data_copy: Path, tmp_path: Path) -> None:
    before = chart_ids(build(data_copy, tmp_path / "a"))
    nudge(data_copy)
    after = chart_ids(build(data_copy, tmp_path / "b"))
    assert before == after and len(set(before.values())) == len(before)


def test_update_redraws_exactly_the_charts_the_data_changed(data_copy: Path, tmp_path: Path,
                                                            fresh_nudged: dict[str, dict[str, object]],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    ids = chart_ids(folder)
    first = (folder / "report.docx").read_bytes()
    before = charts(first)
    nudge(data_copy)
    capsys.readouterr()
    assert update(data_copy, out) == 0
    said = capsys.readouterr()
    updated = (folder / "report.docx").read_bytes()
    after = charts(updated)
    assert_sound(updated)
    assert after.keys() == before.keys() == fresh_nudged.keys()
    redrawn = {i for i in after if before[i]["bytes"] != fresh_nudged[i]["bytes"]}
    assert {ids[f"rate-{i}"] for i in NUDGED} <= redrawn  # the case is not vacuous
    summary = said.out.strip().splitlines()[-1]
    assert summary.startswith("更新 ") and int(summary.split("更新 ")[1].split("・")[0]) >= len(redrawn), summary
    for ident, chart in after.items():
        assert chart["bytes"] == fresh_nudged[ident]["bytes"]
        assert chart["descr"] == fresh_nudged[ident]["descr"] and chart["caption"] == fresh_nudged[ident]["caption"]
        assert chart["size"] == fresh_nudged[ident]["size"]  # not resized by the editor: as a fresh build
        if ident not in redrawn:  # untouched by the data: the very same part
            assert chart["part"] == before[ident]["part"]
    # the old pictures are gone, nothing else of the package changed but the document and its relationships
    old = {before[i]["part"] for i in redrawn}
    assert not old & set(parts(updated))
    assert len([n for n in parts(updated) if n.startswith("word/media/")]) == len(after)
    same = set(parts(first)) - old - {"word/document.xml", "word/_rels/document.xml.rels"}
    assert all(parts(first)[n] == parts(updated)[n] for n in same)
    # the base now names the new pictures: a second update changes nothing
    assert update(data_copy, out) == 0
    assert (folder / "report.docx").read_bytes() == updated
    # and check agrees with the data again
    assert run("check", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(out)) == 0


def editor_week(data: bytes, ids: dict[str, str]) -> tuple[bytes, bytes]:
    """Move, resize, delete, replace and drag charts as an editor in Word would; return the file and the editor's picture."""
    doc = open_doc(data)
    body = doc.element.body
    found = marked(body)
    captions = {k[:-4]: v for k, v in marked(body).items() if k.endswith("_cap")}
    # moved: the picture and its caption cut and pasted after the introduction
    moved, moved_caption = found[ids["rate-1.2.a"]], captions[ids["rate-1.2.a"]]
    anchor = find(body, INTRO)
    anchor.addnext(moved)
    moved.addnext(moved_caption)
    # resized to half its size
    inline = next(found[ids["rate-1.4.a"]].iter(f"{{{WP}}}inline"))
    for ext in (inline.find(f"{{{WP}}}extent"), *inline.iter(f"{{{A}}}ext")):
        ext.set("cx", str(int(ext.get("cx")) // 2))
        ext.set("cy", str(int(ext.get("cy")) // 2))
    # deleted with its caption
    for p in (found[ids["rate-2.1.a.1"]], captions[ids["rate-2.1.a.1"]]):
        p.getparent().remove(p)
    # replaced by a picture of the editor's (Word's 図の変更: same frame, another image part)
    mine = png("red")
    rid, _ = doc.part.get_or_add_image(io.BytesIO(mine))
    next(found[ids["rate-2.2.a"]].iter(f"{{{A}}}blip")).set(f"{{{R}}}embed", rid)
    # replaced too, but its data does not change: kept without a word
    rid, _ = doc.part.get_or_add_image(io.BytesIO(png("green")))
    next(found[ids["rate-1.1.a"]].iter(f"{{{A}}}blip")).set(f"{{{R}}}embed", rid)
    # dragged into the editors' prose paragraph: its bookmark stays behind in an empty paragraph
    dragged = next(r for r in found[ids["rate-2.3.a.1"]].iter(f"{Q}r") if r.find(f"{Q}drawing") is not None)
    find(body, PROSE).append(dragged)
    return save(doc), mine


@pytest.mark.parametrize("through_office", [False, pytest.param(True, marks=needs_office)])
def test_update_keeps_the_editors_placement_deletions_and_pictures(data_copy: Path, tmp_path: Path, through_office: bool,
                                                                  fresh_nudged: dict[str, dict[str, object]],
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    ids = chart_ids(folder)
    original = charts((folder / "report.docx").read_bytes())
    edited, mine = editor_week((folder / "report.docx").read_bytes(), ids)
    if through_office:
        edited = resave(edited)
    (folder / "report.docx").write_bytes(edited)
    nudge(data_copy)
    capsys.readouterr()
    assert update(data_copy, out) == 0
    said = capsys.readouterr()
    updated = (folder / "report.docx").read_bytes()
    assert_sound(updated)
    after = charts(updated)
    fresh = fresh_nudged
    # moved: redrawn where the editor put it, after the introduction
    moved = after[ids["rate-1.2.a"]]
    assert moved["bytes"] == fresh[ids["rate-1.2.a"]]["bytes"]
    assert text(moved["paragraph"].getprevious()).startswith(INTRO)
    # resized: redrawn at the editor's width, the new picture's proportions
    resized, generated = after[ids["rate-1.4.a"]], fresh[ids["rate-1.4.a"]]
    assert resized["bytes"] == generated["bytes"]
    half = original[ids["rate-1.4.a"]]["size"][0] // 2
    assert abs(resized["size"][0] - half) <= half // 1000  # LibreOffice rounds a size it saves (2880000 → 2879725 EMU)
    assert resized["size"][1] == round(resized["size"][0] * generated["size"][1] / generated["size"][0])
    # deleted: still deleted, and said
    assert ids["rate-2.1.a.1"] not in after
    assert fresh[ids["rate-2.1.a.1"]]["bytes"] not in parts(updated).values()
    assert "削除された図は削除したままにしました" in said.out and "2.1.a.1" in said.out
    # replaced by the editor's picture: kept, a conflict named on stderr and a comment carrying the chart in words
    replaced = after[ids["rate-2.2.a"]]
    assert replaced["bytes"] == mine
    assert "図 2.2.a" in said.err and "差し替えられた図のデータが変わりました" in said.err
    assert any(fresh[ids["rate-2.2.a"]]["descr"] in c for c in comments_of(updated))
    assert "・編集を残した 1・要確認 1 " in said.out  # 1.1.a's picture kept (its data unchanged); 2.2.a's a conflict
    assert after[ids["rate-1.1.a"]]["bytes"] == png("green")
    # dragged into the prose paragraph: redrawn there
    prose = find(body_of(updated), PROSE)
    embeds = [b.get(f"{{{R}}}embed") for b in prose.iter(f"{{{A}}}blip")]
    assert len(embeds) == 1
    assert parts(updated)[rels(parts(updated))[embeds[0]]] == fresh[ids["rate-2.3.a.1"]]["bytes"]
    # every other chart: as a fresh build (a redrawn one at the fresh size too, LibreOffice's rounding not counted
    # as resizing)
    for key, ident in ids.items():
        if key not in ("rate-1.2.a", "rate-1.4.a", "rate-2.1.a.1", "rate-2.2.a", "rate-2.3.a.1", "rate-1.1.a"):
            assert after[ident]["bytes"] == fresh[ident]["bytes"], key
            if fresh[ident]["bytes"] != original[ident]["bytes"]:
                assert after[ident]["size"] == fresh[ident]["size"], key


def test_check_lists_the_stale_charts_and_names_them(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    build(data_copy, out)
    nudge(data_copy)
    capsys.readouterr()
    assert run("check", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(out)) == 1
    captured = capsys.readouterr()
    said = captured.out + captured.err
    stale = [line for line in said.splitlines() if "図が今のデータから描いた図と違います" in line]
    for indicator in NUDGED:
        assert sum(f"図 {indicator} 区ごとの進捗率" in line for line in stale) == 1, indicator
    assert not any("図 1.1.a " in line for line in stale)  # not corrected: not listed


def test_check_finds_a_stale_chart_an_editor_dragged_into_another_paragraph(data_copy: Path, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    ids = chart_ids(folder)
    doc = open_doc((folder / "report.docx").read_bytes())
    p = marked(doc.element.body)[ids["rate-2.2.a"]]
    find(doc.element.body, PROSE).append(next(r for r in p.iter(f"{Q}r") if r.find(f"{Q}drawing") is not None))
    (folder / "report.docx").write_bytes(save(doc))
    nudge(data_copy, ("2.2.a",))
    capsys.readouterr()
    assert run("check", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(out)) == 1
    captured = capsys.readouterr()
    stale = [line for line in (captured.out + captured.err).splitlines() if "図が今のデータから描いた図と違います" in line]
    assert len(stale) == 1 and "図 2.2.a " in stale[0]


def test_a_chart_new_in_this_generation_is_inserted_with_its_picture(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    ids = chart_ids(folder)
    ident = ids["rate-1.4.a"]
    built = (folder / "report.docx").read_bytes()
    expected = charts(built)[ident]
    doc = open_doc(built)
    body = doc.element.body
    found = marked(body)
    before = found[ident].getprevious()
    for p in (found[ident], found[ident + "_cap"]):
        p.getparent().remove(p)
    numbers: dict[str, str] = {}
    for b in body.iter(f"{Q}bookmarkStart", f"{Q}bookmarkEnd"):  # renumbered from 0, as LibreOffice saves them
        b.set(f"{Q}id", numbers.setdefault(b.get(f"{Q}id"), str(len(numbers))))
    (folder / "report.docx").write_bytes(save(doc))
    rewrite_base(folder, lambda parts: parts.remove(next(p for p in parts if p["id"] == ident)))
    capsys.readouterr()
    assert update(DATA, out) == 0
    assert "更新 1・編集を残した 0・要確認 0 " in capsys.readouterr().out
    updated = (folder / "report.docx").read_bytes()
    assert_sound(updated)
    now = charts(updated)[ident]
    assert now["bytes"] == expected["bytes"] and now["caption"] == expected["caption"] and now["descr"] == expected["descr"]
    assert text(now["paragraph"].getprevious()) == text(before)
    starts = [b.get(f"{Q}id") for b in body_of(updated).iter(f"{Q}bookmarkStart")]
    assert len(starts) == len(set(starts))  # the inserted bookmarks took ids of their own


def rewrite_base(folder: Path, change: object) -> None:
    from reportgen.guard import MANIFEST, digest

    path = folder / BASE
    body = json.loads(path.read_text(encoding="utf-8"))
    change(body["parts"])  # type: ignore[operator]
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    path.write_bytes(data)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][BASE] = digest(data)
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_a_chart_no_longer_drawn_goes_when_untouched_and_its_shared_picture_stays(out: Path) -> None:
    """An old chart (a copy of 1.1.a's paragraph under another mark, sharing its picture's relationship): removed with
    its caption; the relationship and picture stay, since 1.1.a's own picture still uses them."""
    folder = out / "2016"
    ids = chart_ids(folder)
    doc = open_doc((folder / "report.docx").read_bytes())
    found = marked(doc.element.body)
    original = found[ids["rate-1.1.a"]]
    ghost, ghost_caption = copy.deepcopy(original), copy.deepcopy(found[ids["rate-1.1.a"] + "_cap"])
    for element, name in ((ghost, "_RG_cccccccccccc"), (ghost_caption, "_RG_cccccccccccc_cap")):
        element.find(f"{Q}bookmarkStart").set(f"{Q}name", name)
    next(ghost.iter(f"{{{WP}}}docPr")).set("id", "900")
    find(doc.element.body, PROSE).addnext(ghost)
    ghost.addnext(ghost_caption)
    (folder / "report.docx").write_bytes(save(doc))
    record = json.loads((folder / BASE).read_text(encoding="utf-8"))
    old = dict(next(p for p in record["parts"] if p["id"] == ids["rate-1.1.a"]), id="cccccccccccc", chart="rate-old")
    rewrite_base(folder, lambda parts: parts.append(old))
    assert update(DATA, out) == 0
    updated = (folder / "report.docx").read_bytes()
    assert_sound(updated)
    assert "cccccccccccc" not in charts(updated)
    assert not any("_RG_cccccccccccc" in (b.get(f"{Q}name") or "") for b in body_of(updated).iter(f"{Q}bookmarkStart"))
    assert charts(updated)[ids["rate-1.1.a"]]["bytes"] == charts((out / "2016" / "report.docx").read_bytes())[ids["rate-1.1.a"]]["bytes"]


def test_a_report_written_before_charts_carried_marks_gets_no_second_copy(data_copy: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A base of version 1 (charts unmarked): its pictures are left as they are and said so, never inserted again."""
    out = tmp_path / "out"
    folder = build(data_copy, out)
    doc = open_doc((folder / "report.docx").read_bytes())
    for start in list(doc.element.body.iter(f"{Q}bookmarkStart")):  # the charts as the earlier version wrote them
        if start.get(f"{Q}name") in {PREFIX + i for i in chart_ids(folder).values()} | {PREFIX + i + "_cap" for i in chart_ids(folder).values()}:
            end = next(e for e in start.getparent().iter(f"{Q}bookmarkEnd") if e.get(f"{Q}id") == start.get(f"{Q}id"))
            start.getparent().remove(start)
            end.getparent().remove(end)
    edited = save(doc)
    (folder / "report.docx").write_bytes(edited)
    pictures = len(list(body_of(edited).iter(f"{{{WP}}}inline")))

    def version_1(parts: list[dict]) -> None:
        parts[:] = [p for p in parts if "chart" not in p]

    rewrite_base(folder, version_1)
    body = json.loads((folder / BASE).read_text(encoding="utf-8"))
    body["version"] = 1
    (folder / BASE).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    rewrite_base(folder, lambda parts: None)  # recorded in the manifest as that build would have
    nudge(data_copy)
    capsys.readouterr()
    assert update(data_copy, out) == 0
    updated = (folder / "report.docx").read_bytes()
    assert len(list(body_of(updated).iter(f"{{{WP}}}inline"))) == pictures
    assert "図に印を付ける前の版で作成された" in capsys.readouterr().out
    assert_sound(updated)


def test_check_compares_a_charts_alt_text_and_caption_by_their_numbers(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    ids = chart_ids(folder)
    doc = open_doc((folder / "report.docx").read_bytes())
    found = marked(doc.element.body)
    pr = next(found[ids["rate-1.2.a"]].iter(f"{{{WP}}}docPr"))
    pr.set("descr", pr.get("descr").replace("北区", "北区99.9％、", 1))  # a figure the data does not give
    caption = found[ids["rate-2.2.a"] + "_cap"]
    next(caption.iter(f"{Q}t")).text = next(caption.iter(f"{Q}t")).text.replace("平成28年度", "平成27年度")
    reworded = next(found[ids["rate-1.4.a"]].iter(f"{{{WP}}}docPr"))
    reworded.set("descr", "区ごとの進捗率の図。")  # fewer words, no wrong figure: fine
    (folder / "report.docx").write_bytes(save(doc))
    capsys.readouterr()
    assert run("check", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)) == 1
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line.startswith("不一致")]
    assert len(lines) == 2, lines
    assert "図 1.2.a" in lines[0] and "（代替テキスト）" in lines[0] and "99.9" in lines[0]
    assert "図 2.2.a" in lines[1] and "（見出し）" in lines[1] and " 27 " in lines[1]
    assert "図が今のデータから描いた図と違います" not in captured.out + captured.err  # the pictures are the data's


def test_check_names_a_chart_the_data_no_longer_draws(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    ids = chart_ids(folder)
    doc = open_doc((folder / "report.docx").read_bytes())
    p = marked(doc.element.body)[ids["rate-1.2.a"]]
    p.find(f"{Q}bookmarkStart").set(f"{Q}name", "_RG_dddddddddddd")  # as an earlier plan's chart
    (folder / "report.docx").write_bytes(save(doc))
    capsys.readouterr()
    assert run("check", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)) == 1
    captured = capsys.readouterr()
    assert "図「図 1.2.a 区ごとの進捗率（平成28年度）」" in captured.out + captured.err
    assert "今のデータでは作成されない図です" in captured.out + captured.err


def test_a_caption_and_alt_text_left_as_generated_take_the_new_ones_and_edited_ones_conflict(data_copy: Path, tmp_path: Path,
                                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """As if the last generation had written other captions and alt texts: an untouched caption or alt text takes the new
    one; an alt text the editor rewrote, whose data changed, stays and is a conflict with the new one in a comment."""
    out = tmp_path / "out"
    folder = build(data_copy, out)
    ids = chart_ids(folder)
    doc = open_doc((folder / "report.docx").read_bytes())
    found = marked(doc.element.body)
    caption = found[ids["rate-1.2.a"] + "_cap"]
    next(caption.iter(f"{Q}t")).text = "図 以前の見出し"
    next(found[ids["rate-1.4.a"]].iter(f"{{{WP}}}docPr")).set("descr", "以前の代替テキスト。")
    next(found[ids["rate-2.2.a"]].iter(f"{{{WP}}}docPr")).set("descr", "編集者が書いた代替テキスト。")
    (folder / "report.docx").write_bytes(save(doc))

    def earlier(parts: list[dict]) -> None:
        for part in parts:
            if part["id"] == ids["rate-1.2.a"]:
                part["caption"] = "図 以前の見出し"
            if part["id"] == ids["rate-1.4.a"]:
                part["descr"] = "以前の代替テキスト。"

    rewrite_base(folder, earlier)
    nudge(data_copy, ("2.2.a",))
    capsys.readouterr()
    assert update(data_copy, out) == 0
    said = capsys.readouterr()
    updated = (folder / "report.docx").read_bytes()
    fresh = charts((build(data_copy, tmp_path / "fresh") / "report.docx").read_bytes())
    after = charts(updated)
    assert after[ids["rate-1.2.a"]]["caption"] == fresh[ids["rate-1.2.a"]]["caption"]
    assert after[ids["rate-1.4.a"]]["descr"] == fresh[ids["rate-1.4.a"]]["descr"]
    assert after[ids["rate-2.2.a"]]["descr"] == "編集者が書いた代替テキスト。"
    assert after[ids["rate-2.2.a"]]["bytes"] == fresh[ids["rate-2.2.a"]]["bytes"]  # the picture itself is redrawn
    assert any(fresh[ids["rate-2.2.a"]]["descr"] in c for c in comments_of(updated))
    assert "（代替テキスト）" in said.err and "要確認 1 " in said.out


def test_a_report_written_without_a_font_keeps_its_charts_in_words(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Built where no Japanese font was found (each chart stated in words in its caption), updated where one is: the
    words stay (never a bare title with the chart neither drawn nor stated), and the report says so."""
    import reportgen.render.docx as docx_module

    out = tmp_path / "out"
    monkeypatch.setattr(docx_module, "find_font", lambda: None)
    folder = build(data_copy, out)
    monkeypatch.undo()
    before = [text(p) for p in body_of((folder / "report.docx").read_bytes()).iter(f"{Q}p") if text(p).startswith("図 ")]
    assert before and all("：" in t for t in before)
    nudge(data_copy)
    capsys.readouterr()
    assert update(data_copy, out) == 0
    updated = (folder / "report.docx").read_bytes()
    after = [text(p) for p in body_of(updated).iter(f"{Q}p") if text(p).startswith("図 ")]
    assert after == before and not list(body_of(updated).iter(f"{{{WP}}}inline"))
    assert "前回は図を描けず" in capsys.readouterr().out


def test_an_alt_text_alone_left_as_generated_is_brought_up_to_date(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The data unchanged, only the alt text the last generation wrote differs (an earlier wording): update writes it."""
    folder = out / "2016"
    ident = chart_ids(folder)["rate-1.4.a"]
    built = (folder / "report.docx").read_bytes()
    doc = open_doc(built)
    next(marked(doc.element.body)[ident].iter(f"{{{WP}}}docPr")).set("descr", "以前の代替テキスト。")
    (folder / "report.docx").write_bytes(save(doc))
    rewrite_base(folder, lambda parts: next(p for p in parts if p["id"] == ident).update(descr="以前の代替テキスト。"))
    assert update(DATA, out) == 0
    assert charts((folder / "report.docx").read_bytes())[ident]["descr"] == charts(built)[ident]["descr"]


def test_a_sentence_new_after_a_chart_goes_after_its_caption(out: Path) -> None:
    folder = out / "2016"
    chart = chart_ids(folder)["rate-1.1.a"]
    doc = open_doc((folder / "report.docx").read_bytes())
    body = doc.element.body
    found = marked(body)
    order = [i for i in found if not i.endswith("_cap")]
    ident = order[order.index(chart) + 1]  # the generated part after the chart
    wording = text(found[ident])
    found[ident].getparent().remove(found[ident])
    (folder / "report.docx").write_bytes(save(doc))
    rewrite_base(folder, lambda parts: parts.remove(next(p for p in parts if p["id"] == ident)))
    assert update(DATA, out) == 0
    now = marked(body_of((folder / "report.docx").read_bytes()))
    assert text(now[ident]) == wording
    assert now[ident].getprevious() is now[chart + "_cap"]


def test_a_chart_no_longer_drawn_whose_picture_the_editors_replaced_is_kept_and_a_conflict(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    ids = chart_ids(folder)
    doc = open_doc((folder / "report.docx").read_bytes())
    found = marked(doc.element.body)
    ghost = copy.deepcopy(found[ids["rate-1.1.a"]])
    ghost.find(f"{Q}bookmarkStart").set(f"{Q}name", "_RG_eeeeeeeeeeee")
    next(ghost.iter(f"{{{WP}}}docPr")).set("id", "901")
    rid, _ = doc.part.get_or_add_image(io.BytesIO(png("black")))
    next(ghost.iter(f"{{{A}}}blip")).set(f"{{{R}}}embed", rid)  # the editor's picture in the old chart's frame
    find(doc.element.body, PROSE).addnext(ghost)
    (folder / "report.docx").write_bytes(save(doc))
    record = json.loads((folder / BASE).read_text(encoding="utf-8"))
    old = dict(next(p for p in record["parts"] if p["id"] == ids["rate-1.1.a"]), id="eeeeeeeeeeee", chart="rate-old")
    rewrite_base(folder, lambda parts: parts.append(old))
    capsys.readouterr()
    assert update(DATA, out) == 0
    assert "要確認 1 " in capsys.readouterr().out
    updated = (folder / "report.docx").read_bytes()
    assert charts(updated)["eeeeeeeeeeee"]["bytes"] == png("black")
    assert any("この図は作成されなくなりました" in c for c in comments_of(updated))
    assert_sound(updated)

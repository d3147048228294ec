"""The package surgery of a chart's redraw, and attacks on it: collisions with an editor's parts and relationship ids,
relationships that point outside the package, broken or huge pictures, two updates at once."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from editor import body_of, comments_of, marked, open_doc, parts, save
from lxml import etree
from test_living_charts import (
    WP,
    A,
    R,
    assert_sound,
    build,
    chart_ids,
    charts,
    nudge,
    png,
    rels,
    update,
)

from reportgen.living.package import Package
from reportgen.living.pictures import picture
from reportgen.render.charts_png import find_font

pytestmark = pytest.mark.skipif(find_font() is None, reason="no Japanese font: the charts are stated in words, not drawn")
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
RELS = "word/_rels/document.xml.rels"


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The package with parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, replace.pop(info.filename, None) or source.read(info.filename))
        for name, blob in replace.items():
            target.writestr(name, blob)
    return out.getvalue()


def set_rels(data: bytes, change: object) -> bytes:
    root = etree.fromstring(parts(data)[RELS])
    change(root)  # type: ignore[operator]
    return rezip(data, {RELS: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)})


@pytest.fixture
def report(out: Path) -> bytes:
    return (out / "2016" / "report.docx").read_bytes()


def test_a_new_picture_never_takes_an_editors_part_name_or_relationship_id(report: bytes) -> None:
    new = png("blue")
    taken = f"word/media/reportgen-{hashlib.sha256(new).hexdigest()[:16]}.png"
    existing = {r.get("Id") for r in etree.fromstring(parts(report)[RELS])}
    free = next(n for n in range(1, 999) if f"rId{n}" not in existing)

    def editor_ids(root: etree._Element) -> None:  # an editor's tool chose ids of another case
        rel = etree.SubElement(root, f"{{{PKG}}}Relationship", Id=f"RID{free}", Type="x", Target="media/other.png")
        rel.tail = None

    second = taken.replace(".png", "-2.png").replace("reportgen-", "ReportGen-")  # the same part name to Word
    data = set_rels(rezip(report, {taken: b"editor's own picture", second: b"another", "word/media/other.png": png("green")}), editor_ids)
    package = Package(data, "report.docx")
    rid = package.add_image(new)
    assert rid.lower() not in {i.lower() for i in {*existing, f"RID{free}"}}
    part = package.target(rid)
    assert part is not None and part.lower() not in (taken.lower(), second.lower()) and part.startswith("word/media/reportgen-")
    saved = parts(package.save())
    assert saved[taken] == b"editor's own picture" and saved[part] == new
    assert rels(saved)[rid] == part


def test_dropping_a_relationship_keeps_what_is_still_used(report: bytes) -> None:
    files = parts(report)
    targets = rels(files)
    rid, part = next((i, t) for i, t in targets.items() if t.startswith("word/media/"))
    # a header shows the same picture: its part must stay when the document lets go of it
    header = next(n for n in files if n.startswith("word/header") and n.endswith(".xml"))
    header_rels = f"word/_rels/{header.split('/')[-1]}.rels"
    root = etree.fromstring(files[header_rels]) if header_rels in files else etree.Element(f"{{{PKG}}}Relationships", nsmap={None: PKG})
    etree.SubElement(root, f"{{{PKG}}}Relationship", Id="rIdH", Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
                     Target=part.removeprefix("word/"))
    package = Package(rezip(report, {header_rels: etree.tostring(root)}), "report.docx")
    package.drop_relationship(rid)  # still referenced by document.xml: nothing happens
    assert package.target(rid) == part
    blip = next(b for b in package.document.iter(f"{{{A}}}blip") if b.get(f"{{{R}}}embed") == rid)
    blip.set(f"{{{R}}}embed", "rIdGone")
    package.drop_relationship(rid)
    saved = parts(package.save())
    assert rid not in rels(saved) and part in saved  # the header still shows it
    # without the header's use, the part goes too
    package = Package(report, "report.docx")
    next(b for b in package.document.iter(f"{{{A}}}blip") if b.get(f"{{{R}}}embed") == rid).set(f"{{{R}}}embed", "rIdGone")
    package.drop_relationship(rid)
    assert part not in parts(package.save())


@pytest.mark.parametrize("target", ["../../../../etc/passwd", "/../outside.png", "file:///etc/passwd", "..\\..\\x.png",
                                    "media/missing.png"])
def test_a_relationship_outside_the_package_is_never_followed(report: bytes, target: str) -> None:
    rid = next(i for i, t in rels(parts(report)).items() if t.startswith("word/media/"))
    data = set_rels(report, lambda root: next(r for r in root if r.get("Id") == rid).set("Target", target))
    package = Package(data, "report.docx")
    assert package.target(rid) is None
    p = next(p for p in package.body.iter() if any(b.get(f"{{{R}}}embed") == rid for b in p.iter(f"{{{A}}}blip")))
    found = picture(package, p)
    assert found is not None and found.part is None and found.digest is None


def test_external_and_absolute_targets(report: bytes) -> None:
    rid, part = next((i, t) for i, t in rels(parts(report)).items() if t.startswith("word/media/"))
    absolute = Package(set_rels(report, lambda root: next(r for r in root if r.get("Id") == rid).set("Target", "/" + part)), "r.docx")
    assert absolute.target(rid) == part
    external = Package(set_rels(report, lambda root: next(r for r in root if r.get("Id") == rid).set("TargetMode", "External")), "r.docx")
    assert external.target(rid) is None


@pytest.mark.parametrize("attack", ["outside", "garbage", "huge"])
def test_update_keeps_a_chart_whose_picture_is_not_the_generated_one_and_says_so(data_copy: Path, tmp_path: Path, attack: str,
                                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    ident = chart_ids(folder)["rate-2.2.a"]
    data = (folder / "report.docx").read_bytes()
    chart = charts(data)[ident]
    rid = next(b.get(f"{{{R}}}embed") for b in chart["paragraph"].iter(f"{{{A}}}blip"))
    if attack == "outside":
        edited = set_rels(data, lambda root: next(r for r in root if r.get("Id") == rid).set("Target", "../../../../etc/passwd"))
    elif attack == "garbage":
        edited = rezip(data, {chart["part"]: b"\x89PNG\r\n\x1a\n" + b"\xff" * 64})
    else:  # 20 MB of noise under a PNG signature: read as bytes and hashed, never decoded
        import random

        edited = rezip(data, {chart["part"]: b"\x89PNG\r\n\x1a\n" + random.Random(0).randbytes(20 * 1024 * 1024)})
    (folder / "report.docx").write_bytes(edited)
    nudge(data_copy, ("2.2.a",))
    capsys.readouterr()
    assert update(data_copy, out) == 0
    said = capsys.readouterr()
    updated = (folder / "report.docx").read_bytes()
    assert "2.2.a" in said.err and "要確認 1 " in said.out
    after = parts(updated)
    embed = next(b.get(f"{{{R}}}embed") for b in marked(body_of(updated))[ident].iter(f"{{{A}}}blip"))
    assert embed == rid  # the editor's picture kept, not redrawn
    if attack != "outside":
        assert after[chart["part"]] == parts(edited)[chart["part"]]
        assert_sound(updated)
    assert any("編集者が差し替えた図" in c or "2.2.a" in c for c in comments_of(updated))


def test_two_updates_at_once_leave_one_sound_report(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    nudge(data_copy)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "reportgen", "update", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(out)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(r.wait(timeout=600), r.stderr.read().decode() if r.stderr else "") for r in runs]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 3]), results
    if codes == [0, 3]:  # the second found the folder locked and said so
        assert any("別の reportgen" in err or "更新中に報告書が保存されました" in err for code, err in results if code == 3)
    updated = (folder / "report.docx").read_bytes()
    assert_sound(updated)
    fresh = charts((build(data_copy, tmp_path / "fresh") / "report.docx").read_bytes())
    assert {i: c["bytes"] for i, c in charts(updated).items()} == {i: c["bytes"] for i, c in fresh.items()}
    assert not list(folder.glob("*.tmp*"))


def test_a_picture_of_the_editors_gets_a_docpr_id_of_its_own_on_insert(out: Path) -> None:
    """A chart inserted by update takes a wp:docPr id no drawing of the editor's file uses."""
    from test_living_charts import rewrite_base

    folder = out / "2016"
    ident = chart_ids(folder)["rate-1.4.a"]
    doc = open_doc((folder / "report.docx").read_bytes())
    found = marked(doc.element.body)
    for p in (found[ident], found[ident + "_cap"]):
        p.getparent().remove(p)
    for n, pr in enumerate(doc.element.body.iter(f"{{{WP}}}docPr")):
        pr.set("id", str(n + 1))  # as the editor's Word renumbered them: the inserted chart's own id (from the fresh file) is taken
    (folder / "report.docx").write_bytes(save(doc))
    rewrite_base(folder, lambda parts: parts.remove(next(p for p in parts if p["id"] == ident)))
    assert update(DATA, out) == 0
    assert_sound((folder / "report.docx").read_bytes())


def test_a_picture_that_is_a_zip_bomb_stops_the_update_and_nothing_is_written(data_copy: Path, tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    data = (folder / "report.docx").read_bytes()
    chart = charts(data)[chart_ids(folder)["rate-2.2.a"]]
    edited = rezip(data, {chart["part"]: bytes(150 * 1024 * 1024)})
    (folder / "report.docx").write_bytes(edited)
    nudge(data_copy)
    capsys.readouterr()
    assert update(data_copy, out) == 3
    assert "report.docx" in capsys.readouterr().err
    assert (folder / "report.docx").read_bytes() == edited


def test_a_package_without_a_png_default_gets_an_override_for_the_new_picture(report: bytes) -> None:
    types = etree.fromstring(parts(report)["[Content_Types].xml"])
    CT = "http://schemas.openxmlformats.org/package/2006/content-types"
    for default in types.findall(f"{{{CT}}}Default"):
        if default.get("Extension").lower() == "png":
            types.remove(default)
    media = [n for n in parts(report) if n.startswith("word/media/")]
    for name in media:  # the existing pictures named one by one, as some tools write them
        etree.SubElement(types, f"{{{CT}}}Override", PartName="/" + name, ContentType="image/png")
    package = Package(rezip(report, {"[Content_Types].xml": etree.tostring(types)}), "report.docx")
    rid = package.add_image(png("blue"))
    part = package.target(rid)
    saved = package.save()
    overrides = {o.get("PartName"): o.get("ContentType") for o in etree.fromstring(parts(saved)["[Content_Types].xml"]).iter(f"{{{CT}}}Override")}
    assert overrides["/" + part] == "image/png"
    blip = next(package.document.iter(f"{{{A}}}blip"))
    old = blip.get(f"{{{R}}}embed")
    old_part = package.target(old)
    blip.set(f"{{{R}}}embed", rid)
    package.drop_relationship(old)
    saved = package.save()
    overrides = {o.get("PartName") for o in etree.fromstring(parts(saved)["[Content_Types].xml"]).iter(f"{{{CT}}}Override")}
    assert "/" + old_part not in overrides and old_part not in parts(saved)  # the dropped picture's type goes with it
    assert_sound(saved)

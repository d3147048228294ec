"""The chart pictures of a .docx: find a marked chart's picture, tell whether it is as generated, redraw it in place.

A picture is a ``wp:inline`` (or ``wp:anchor``, when an editor made it float) inside a ``w:drawing``
whose ``a:blip`` embeds an image part of the package. It counts as the generated chart while the
SHA-256 of that part's bytes is the one the base records: Word and LibreOffice keep a picture's
bytes when they save (measured: LibreOffice 7.4 re-saves the PNGs byte for byte), and resizing or
moving it changes only the drawing's XML. Only the bytes are read, never decoded: a huge or
broken picture of an editor's is just a picture that is not the generated one.

Redrawing (:func:`redraw`) keeps the editors' placement: the paragraph they moved the picture to,
inline or floating, and, when they resized it, its width; the height follows the new picture's
proportions (a chart with more bars is taller), so a chart is never distorted. A picture at the size
last written (within :data:`SIZE_TOLERANCE`) takes the new picture's own size, as a fresh build would. The old image part goes when nothing else
refers to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from reportgen.document import Document
from reportgen.document.marks import marks
from reportgen.living import wordxml as wx
from reportgen.living.package import Package, R, W
from reportgen.render.docx_charts import part_id

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMBED = f"{{{R}}}embed"


@dataclass(frozen=True)
class Picture:
    """One picture of a paragraph: its drawing (``wp:inline``/``wp:anchor``), blip, relationship and bytes' digest."""

    frame: etree._Element
    blip: etree._Element
    rel: str
    part: str | None
    """The image part, or None when the relationship is missing, external or points outside the package."""
    digest: str | None

    @property
    def doc_pr(self) -> etree._Element | None:
        return self.frame.find(f"{{{WP}}}docPr")

    @property
    def descr(self) -> str:
        pr = self.doc_pr
        return wx.normal(str(pr.get("descr", ""))) if pr is not None else ""

    @property
    def size(self) -> tuple[int, int] | None:
        """The picture's extent in EMU (width, height), when stated."""
        extent = self.frame.find(f"{{{WP}}}extent")
        try:
            return (int(str(extent.get("cx"))), int(str(extent.get("cy")))) if extent is not None else None
        except ValueError:
            return None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pictures(package: Package, element: etree._Element) -> Iterator[Picture]:
    for frame in element.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"):
        blip = next(frame.iter(f"{{{A}}}blip"), None)
        if blip is None:
            continue
        rel = str(blip.get(EMBED, ""))
        part = package.target(rel) if rel else None
        yield Picture(frame, blip, rel, part, digest(package.read(part)) if part is not None else None)


def picture(package: Package, p: etree._Element) -> Picture | None:
    """The first picture of paragraph ``p`` (None when it holds none: the editor deleted it, or moved it out)."""
    return next(_pictures(package, p), None)


def moved(package: Package, generated: object) -> Picture | None:
    """The one picture of the body whose bytes are ``generated`` (a digest): a chart an editor dragged out of
    its marked paragraph into another (its bookmark stays behind); None when there is none, or several."""
    if not isinstance(generated, str):
        return None
    found = [found for found in _pictures(package, package.body) if found.digest == generated]
    return found[0] if len(found) == 1 else None


def paragraph_of(found: Picture) -> etree._Element | None:
    """The paragraph holding a picture (the outermost, when it sits in a text box)."""
    outer = None
    for ancestor in found.frame.iterancestors(f"{{{W}}}p"):
        outer = ancestor
    return outer


def chart_records(report: bytes, document: Document) -> dict[str, dict[str, object]]:
    """What the freshly written report.docx holds of each chart of ``document`` (for the update base)."""
    return records(Package(report, "report.docx"), [m.id for m in marks(document) if m.chart is not None])


def part_ids(marked: Mapping[str, object], ident: str) -> list[str]:
    """The mark ids of chart ``ident``'s parts in ``marked`` after the first (``<id>-2``, ``<id>-3`` … while present):
    the pictures report.docx split a chart too tall for its page into (render/docx_charts.py)."""
    out: list[str] = []
    while part_id(ident, len(out) + 2) in marked:
        out.append(part_id(ident, len(out) + 2))
    return out


def _record(found: Picture | None, caption: etree._Element | None, alt: bool = False) -> dict[str, object]:
    """What the base keeps of one picture: its PNG's digest, size and caption; with ``alt``, its alt text and title
    too (a part's words are its own, not the chart's)."""
    size = found.size if found is not None else None
    out: dict[str, object] = {"picture": found.digest if found is not None else None,
                              "size": list(size) if size is not None else None,
                              "caption": wx.text(caption) if caption is not None else None}
    if alt:
        pr = found.doc_pr if found is not None else None
        out |= {"descr": found.descr if found is not None else None, "title": pr.get("title") if pr is not None else None}
    return out


def records(package: Package, chart_ids: list[str]) -> dict[str, dict[str, object]]:
    """What a report holds of each chart: its PNG's digest (None when drawn in words), its size and its caption's text.

    A chart split into parts also has its first picture's alt text and title (the part's words, not the chart's),
    and ``parts``: each further part's id, digest, size, caption, alt text and title.
    """
    pictures, captions = wx.marked(package.body), wx.marked(package.body, captions=True)
    out: dict[str, dict[str, object]] = {}
    for ident in chart_ids:
        more = part_ids(pictures, ident)
        p = pictures.get(ident)
        out[ident] = _record(picture(package, p) if p is not None else None, captions.get(ident), bool(more) and p is not None)
        if more and p is not None:
            out[ident]["parts"] = [{"id": m, **_record(picture(package, pictures[m]), captions.get(m), True)} for m in more]
    return out


def redraw(edited: Package, mine: Picture, fresh: Package, new: Picture, generated_size: object = None) -> None:
    """Put ``new``'s picture (of ``fresh``) in place of ``mine``: a new image part; the new picture's size when
    ``mine`` is at ``generated_size`` (as last written), else the editor's width and the new proportions."""
    assert new.part is not None
    old = mine.rel
    mine.blip.set(EMBED, edited.add_image(fresh.read(new.part)))
    size, fresh_size = mine.size, new.size
    if size is not None and fresh_size is not None and fresh_size[0] > 0:
        resized = not _same_size(generated_size, size)
        width = size[0] if resized else fresh_size[0]
        height = round(width * fresh_size[1] / fresh_size[0]) if resized else fresh_size[1]
        extent = mine.frame.find(f"{{{WP}}}extent")
        assert extent is not None
        extent.set("cx", str(width))
        extent.set("cy", str(height))
        for ext in mine.frame.iter(f"{{{A}}}ext"):  # the picture's own size (pic:spPr/a:xfrm/a:ext)
            if ext.get("cx") is not None:
                ext.set("cx", str(width))
                ext.set("cy", str(height))
    if old:
        edited.drop_relationship(old)


SIZE_TOLERANCE = 0.001
"""A size within this share of the one written is that size: LibreOffice rounds a picture's extent when it saves
(5760000 EMU comes back as 5760085), which is no editor's resizing."""


def _same_size(written: object, size: tuple[int, int]) -> bool:
    if not (isinstance(written, list) and len(written) == 2 and all(isinstance(v, int) and v > 0 for v in written)):
        return False
    return all(abs(have - had) <= had * SIZE_TOLERANCE for have, had in zip(size, written, strict=True))


def set_alt_text(mine: Picture, new: Picture) -> None:
    """Give ``mine`` the description (``descr``), title and name of ``new``."""
    pr, fresh = mine.doc_pr, new.doc_pr
    if pr is None or fresh is None:
        return
    for key in ("descr", "title", "name"):
        value = fresh.get(key)
        if value is not None:
            pr.set(key, value)


def next_doc_pr_id(body: etree._Element) -> int:
    """An id no ``wp:docPr`` of the body uses (Word wants them unique)."""
    used = [int(str(d.get("id"))) for d in body.iter(f"{{{WP}}}docPr") if str(d.get("id", "")).isdigit()]
    return max([0, *used]) + 1

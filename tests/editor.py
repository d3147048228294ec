"""An editor at work on report.docx, simulated with python-docx and lxml; a data correction; LibreOffice's re-save."""

from __future__ import annotations

import copy
import io
import os
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from reportgen.cli import main
from reportgen.document.marks import PREFIX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Q = f"{{{W}}}"
HAS_OFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
needs_office = pytest.mark.skipif(not HAS_OFFICE and os.environ.get("REPORTGEN_REQUIRE_PDF") != "1",
                                  reason="LibreOffice not installed (CI sets REPORTGEN_REQUIRE_PDF=1: then these run, and fail without it)")

CROSSING = ("北区,1.1.a,43.0,", "北区,1.1.a,99.9,")
"""北区's 1.1.a over the target: 「平野区をはじめ8区」 becomes 「北区をはじめ9区」, 表2's 72 becomes 73 …"""


def cross_threshold(data: Path, year: int = 2016, change: tuple[str, str] = CROSSING) -> None:
    """Correct one ward's figure in the data folder ``data`` (one ward across the threshold)."""
    results = data / str(year) / "results.csv"
    text = results.read_text(encoding="utf-8")
    assert change[0] in text
    results.write_text(text.replace(change[0], change[1]), encoding="utf-8")


def resave(data: bytes) -> bytes:
    """The file as LibreOffice saves it again (run splitting, renamed style ids, renumbered bookmarks)."""
    from reportgen.render.pdf import convert

    return convert(data, "report.docx", "docx:MS Word 2007 XML")


def open_doc(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def save(doc: docx.document.Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{Q}t") if not any(a.tag == f"{Q}del" for a in t.iterancestors()))


def text_without_fields(p: etree._Element) -> str:
    """The text of ``p`` with its fields' results left out (a page number is whatever last updated it)."""
    out, inside = [], 0
    for e in p.iter(f"{Q}t", f"{Q}fldChar"):
        if e.tag == f"{Q}fldChar":
            kind = e.get(f"{Q}fldCharType")
            inside += 1 if kind == "begin" else -1 if kind == "end" else 0
        elif not inside and not any(a.tag == f"{Q}del" for a in e.iterancestors()):
            out.append(e.text or "")
    return "".join(out)


def marked(body: etree._Element) -> dict[str, etree._Element]:
    """Mark id → its paragraph (the test's own reading, independent of reportgen.living)."""
    out = {}
    for start in body.iter(f"{Q}bookmarkStart"):
        name = start.get(f"{Q}name", "")
        if name.startswith(PREFIX):
            p = next(a for a in start.iterancestors() if a.tag == f"{Q}p")
            out.setdefault(name[len(PREFIX):], p)
    return out


def find(body: etree._Element, start: str) -> etree._Element:
    """The first body paragraph whose text starts with ``start``."""
    return next(p for p in body.iter(f"{Q}p") if text(p).startswith(start))


def table_after(body: etree._Element, caption: str) -> etree._Element:
    """The table below the caption paragraph starting with ``caption``."""
    node = find(body, caption).getnext()
    while node.tag != f"{Q}tbl":
        node = node.getnext()
    return node


def set_text(p: etree._Element, new: str) -> None:
    """Replace the paragraph's text as Word does when one retypes it: one run, the first run's properties."""
    runs = [r for r in p.iter(f"{Q}r") if r.find(f"{Q}t") is not None]
    first = copy.deepcopy(runs[0])
    for r in runs:
        r.getparent().remove(r)
    for t in first.findall(f"{Q}t")[1:]:
        first.remove(t)
    first.find(f"{Q}t").text = new
    end = p.find(f"{Q}bookmarkEnd")
    (end.addprevious(first) if end is not None else p.append(first))


def delete_paragraph(p: etree._Element) -> None:
    """Delete a paragraph as Word does when one selects its text and mark: a section break it ends moves to the one before."""
    sect = p.find(f"{Q}pPr/{Q}sectPr")
    previous = p.getprevious()
    if sect is not None and previous is not None and previous.tag == f"{Q}p":
        pr = previous.find(f"{Q}pPr")
        if pr is None:
            pr = etree.SubElement(previous, f"{Q}pPr")
            previous.remove(pr)
            previous.insert(0, pr)
        pr.append(sect)
    p.getparent().remove(p)


def bold_first_run(p: etree._Element) -> None:
    r = next(r for r in p.iter(f"{Q}r") if r.find(f"{Q}t") is not None)
    pr = r.find(f"{Q}rPr")
    if pr is None:
        pr = etree.SubElement(r, f"{Q}rPr")
        r.remove(pr)
        r.insert(0, pr)
    etree.SubElement(pr, f"{Q}b")


def new_paragraph_after(p: etree._Element, words: str) -> etree._Element:
    new = etree.Element(f"{Q}p")
    pr = p.find(f"{Q}pPr")
    if pr is not None:
        new.append(copy.deepcopy(pr))
    etree.SubElement(etree.SubElement(new, f"{Q}r"), f"{Q}t").text = words
    p.addnext(new)
    return new


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def body_of(data: bytes) -> etree._Element:
    return etree.fromstring(parts(data)["word/document.xml"]).find(f"{Q}body")


def comments_of(data: bytes) -> list[str]:
    found = parts(data).get("word/comments.xml")
    if found is None:
        return []
    root = etree.fromstring(found)
    return ["\n".join(text(p) for p in c.iter(f"{Q}p")) for c in root.iter(f"{Q}comment")]


def cell_address(tc: etree._Element) -> tuple[int, int]:
    """(row, order of the cell in its row): how a cell is found again after LibreOffice splits grid columns."""
    tr = tc.getparent()
    return tr.getparent().findall(f"{Q}tr").index(tr), tr.findall(f"{Q}tc").index(tc)


def cell_at(tbl: etree._Element, address: tuple[int, int]) -> etree._Element:
    return tbl.findall(f"{Q}tr")[address[0]].findall(f"{Q}tc")[address[1]]


# The commands as an editor's colleague runs them on FY2016 (one copy for the update and chart tests)
def run(*args: str) -> int:
    return main(list(args))


def build(data: Path, out: Path) -> Path:
    assert run("build", "--fiscal-year", "2016", "--data", str(data), "--output", str(out)) == 0
    return out / "2016"


def update(data: Path, out: Path) -> int:
    return run("update", "--fiscal-year", "2016", "--data", str(data), "--output", str(out))

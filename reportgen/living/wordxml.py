"""The marked parts of a .docx body: find them by bookmark, read their text and formatting, rewrite their runs.

"Text" is what the reader sees: ``w:t`` (and tabs and breaks) of the paragraph's runs, tracked
deletions left out, normalised (NFC, outer blanks) so that Word's and LibreOffice's run splitting,
rsids and bookmark ids never count as an edit. "Formatting" is a visible run property an editor
sets (bold, italic, underline, strike, highlight, a colour, super/subscript, emphasis marks); fonts,
sizes, kerning and language, which LibreOffice writes on every run when it saves, do not count.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Iterator

from lxml import etree

from reportgen.document.marks import CAPTION, PREFIX
from reportgen.living.package import w

TEXT_TAGS = {w("t"): None, w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "\u2011"}
SKIP = {w("del"), w("moveFrom"), w("txbxContent"), w("footnoteReference"), w("endnoteReference"), w("fldSimple")}
TRACKED = {w("ins"), w("del"), w("moveFrom"), w("moveTo"), w("rPrChange"), w("pPrChange")}
FORMAT_TAGS = {"b", "i", "u", "strike", "dstrike", "highlight", "color", "vertAlign", "em", "caps", "smallCaps"}
"""Run properties an editor sets to make text stand out (w:shd counts by its fill, below)."""
OFF = {"0", "false", "off", "none", "auto", "000000", "baseline", "clear"}


def parent(element: etree._Element) -> etree._Element:
    """The parent of an element known to have one (every element below w:body has)."""
    up = element.getparent()
    if up is None:
        raise ValueError("element without a parent")
    return up


def _inside(element: etree._Element, p: etree._Element) -> bool:
    """True when ``element`` belongs to paragraph ``p`` itself (not a deletion, text box or nested paragraph)."""
    parent = element.getparent()
    while parent is not None and parent is not p:
        if parent.tag in SKIP or parent.tag == w("p"):
            return False
        parent = parent.getparent()
    return parent is p


def _all_runs(p: etree._Element) -> list[etree._Element]:
    """Every run of ``p`` itself, in order (also inside hyperlinks, smart tags, insertions)."""
    return [r for r in p.iter(w("r")) if _inside(r, p)]


def _field_runs(p: etree._Element) -> set[etree._Element]:
    """The runs of ``p``'s complex fields (w:fldChar begin … end): the page number of a PAGEREF is
    what Word or LibreOffice computed when it last updated the field, never an editor's text."""
    out: set[etree._Element] = set()
    depth = 0
    for r in _all_runs(p):
        for char in r.iter(w("fldChar")):
            kind = char.get(w("fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" and depth else 0
            out.add(r)
        if depth:
            out.add(r)
    return out


def runs(p: etree._Element) -> list[etree._Element]:
    """The runs of ``p`` that show text an editor writes, in order (fields' instructions and results left out)."""
    fields = _field_runs(p)
    return [r for r in _all_runs(p) if r not in fields]


def run_text(r: etree._Element) -> str:
    out = []
    for child in r:
        if child.tag in TEXT_TAGS:
            fixed = TEXT_TAGS[child.tag]
            out.append(child.text or "" if fixed is None else fixed)
    return "".join(out)


def normal(text: str) -> str:
    """Text as compared: NFC, blanks at either end removed."""
    return unicodedata.normalize("NFC", text).strip()


def text(p: etree._Element) -> str:
    """The normalised text of paragraph ``p``."""
    return normal("".join(run_text(r) for r in runs(p)))


def run_format(r: etree._Element) -> frozenset[str]:
    """The visible formatting an editor gave run ``r`` (empty for generated runs)."""
    pr = r.find(w("rPr"))
    if pr is None:
        return frozenset()
    on = set()
    for child in pr:
        name = etree.QName(child).localname
        if name in FORMAT_TAGS and (child.get(w("val")) or "on").lower() not in OFF:
            on.add(name)
        elif name == "shd" and (child.get(w("fill")) or "auto").lower() not in OFF:
            on.add(name)
    return frozenset(on)


def formatted(p: etree._Element) -> bool:
    """True when any text of ``p`` carries formatting, or ``p`` holds tracked changes."""
    if any(e.tag in TRACKED for e in p.iter()):
        return True
    return any(run_format(r) for r in runs(p) if run_text(r))


def paragraph_of(start: etree._Element) -> etree._Element | None:
    """The paragraph a bookmark start lies in (or, when an editor's tool moved it between blocks, the next one)."""
    node: etree._Element | None = start
    while node is not None and node.tag != w("p"):
        node = node.getparent()
    if node is not None:
        return node
    following = start.getnext()
    while following is not None and following.tag not in (w("p"), w("tbl")):
        following = following.getnext()
    if following is not None and following.tag == w("tbl"):
        return next(following.iter(w("p")), None)
    return following


def marked(body: etree._Element, captions: bool = False) -> dict[str, etree._Element]:
    """Mark id → the paragraph carrying its bookmark (the first, when a damaged file repeats one).

    With ``captions``, chart id → its caption's paragraph (bookmark ``_RG_<id>_cap``) instead.
    """
    out: dict[str, etree._Element] = {}
    for start in body.iter(w("bookmarkStart")):
        name = str(start.get(w("name"), ""))
        if name.startswith(PREFIX):
            ident = name[len(PREFIX):].split("%")[0]
            if ident.endswith(CAPTION) != captions:
                continue
            ident = ident.removesuffix(CAPTION)
            p = paragraph_of(start)
            if p is not None and ident not in out:
                out[ident] = p
    return out


def table_of(p: etree._Element) -> etree._Element | None:
    """The table whose cell holds paragraph ``p``."""
    node = p.getparent()
    while node is not None and node.tag != w("tbl"):
        node = node.getparent()
    return node


def cells(tbl: etree._Element) -> list[list[etree._Element | None]]:
    """The table's cells by row and order in the row; None where a row span continues (w:vMerge)."""
    grid: list[list[etree._Element | None]] = []
    for tr in tbl.findall(w("tr")):
        row: list[etree._Element | None] = []
        for tc in tr.findall(w("tc")):
            pr = tc.find(w("tcPr"))
            merge = pr.find(w("vMerge")) if pr is not None else None
            row.append(None if merge is not None and merge.get(w("val"), "continue") != "restart" else tc)
        grid.append(row)
    return grid


def cell_text(tc: etree._Element) -> str:
    return normal("\n".join(text(p) for p in tc.findall(w("p"))))


def cell_formatted(tc: etree._Element) -> bool:
    return any(formatted(p) for p in tc.findall(w("p")))


def _text_run(r: etree._Element) -> bool:
    """A run holding only text (and its properties): safe to replace; others (references, fields) stay."""
    return all(child.tag in TEXT_TAGS or child.tag == w("rPr") for child in r) and bool(run_text(r))


def replace_runs(p: etree._Element, fresh: etree._Element, styles: dict[str, str]) -> None:
    """Give ``p`` the text runs of ``fresh``; its pPr, bookmarks, comment anchors and other runs stay.

    When either holds a field (a page reference), its text and fields are one sequence: every
    text and field run of ``p`` gives way to those of ``fresh``, in ``fresh``'s order.
    """
    if _field_runs(p) or _field_runs(fresh):
        fields = _field_runs(p)
        old = [r for r in _all_runs(p) if _text_run(r) or r in fields]
        keep = _field_runs(fresh)
        new = [restyle(copy.deepcopy(r), styles) for r in _all_runs(fresh) if _text_run(r) or r in keep]
    else:
        old = [r for r in runs(p) if _text_run(r)]
        new = [restyle(copy.deepcopy(r), styles) for r in runs(fresh) if _text_run(r)]
    if old:
        holder = parent(old[0])
        index = holder.index(old[0])
    else:
        end = [e for e in p if e.tag == w("bookmarkEnd")]
        holder, index = p, p.index(end[-1]) if end else len(p)
    for r in old:
        parent(r).remove(r)
    for offset, r in enumerate(new):
        holder.insert(index + offset, r)


def restyle(element: etree._Element, styles: dict[str, str]) -> etree._Element:
    """Point style references of a fresh element at the edited file's ids for the same style names."""
    for tag in ("pStyle", "rStyle", "tblStyle"):
        for ref in element.iter(w(tag)):
            ref.set(w("val"), styles.get(str(ref.get(w("val"))), str(ref.get(w("val")))))
    return element


def bookmark_ids(body: etree._Element) -> Iterator[int]:
    for tag in ("bookmarkStart", "bookmarkEnd"):
        for b in body.iter(w(tag)):
            value = b.get(w("id"), "")
            if value.lstrip("-").isdigit():
                yield int(value)

"""report.docx's settings and fields: w:settings in schema order, and nothing left for Word to refresh on opening."""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


SETTINGS_TAIL = (
    "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
    "uiCompat97To2003", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)
"""The end of w:settings' sequence (CT_Settings in ISO/IEC 29500-4 wml.xsd and the Open XML SDK), in
order: the w: children from w:updateFields on. Word refuses a settings part with one out of place."""


def insert_setting(settings: etree._Element, element: etree._Element) -> None:
    """Put ``element`` (a w:settings child named in SETTINGS_TAIL) where CT_Settings has it.

    It goes before the first child the sequence puts after it; every child outside the w namespace
    (m:mathPr, sl:schemaLibrary, the w14:/w15: extensions) comes after all of SETTINGS_TAIL's.
    """
    name = etree.QName(element).localname
    later = {qn(f"w:{n}") for n in SETTINGS_TAIL[SETTINGS_TAIL.index(name) + 1 :]}
    for child in settings:
        if isinstance(child.tag, str) and (child.tag in later or etree.QName(child).namespace != W):
            child.addprevious(element)
            return
    settings.append(element)


def fill_field(root: etree._Element, name: str, text: str) -> None:
    """Write ``text`` as the shown result of every complex field ``name`` under ``root``."""
    for p in root.iter(qn("w:p")):
        state, result = "", list[etree._Element]()
        for r in p.findall(qn("w:r")):
            kind = r.find(qn("w:fldChar"))
            instr = r.find(qn("w:instrText"))
            if kind is not None and kind.get(qn("w:fldCharType")) == "begin":
                state, result = "begin", []
            elif instr is not None and state == "begin" and (instr.text or "").split()[:1] == [name]:
                state = "instr"
            elif kind is not None and kind.get(qn("w:fldCharType")) == "separate" and state == "instr":
                state = "result"
            elif kind is not None and kind.get(qn("w:fldCharType")) == "end":
                shown = [t for run in result for t in run.findall(qn("w:t"))]
                if state == "result" and shown:
                    shown[0].text = text
                    for t in shown[1:]:
                        holder = t.getparent()
                        if holder is not None:
                            holder.remove(t)
                state = ""
            elif state == "result":
                result.append(r)


def settle_fields(doc: WordDocument, title: str) -> None:
    """Opening the file is not an edit: no w:updateFields (Word would ask, and rewrite the file, on every
    opening), and the headers' and footers' TITLE fields show the title as written at build time.

    The table of contents is written at build time too (its entries; the page numbers need a layout and
    are filled by the PDF pass or Word's Update Field).
    """
    settings = doc.settings.element
    for element in settings.findall(qn("w:updateFields")):
        settings.remove(element)
    for rel in doc.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            fill_field(rel.target_part.element, "TITLE", title)

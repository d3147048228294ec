"""Create templates/report.docx, the Word template every build starts from.

Run once by a developer (``.venv/bin/python tools/make_report_template.py``); after that the
city may restyle templates/report.docx in Word and the next build follows it. The renderer needs
only the style names listed in ``reportgen.render.docx.STYLES`` to exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MINCHO, GOTHIC = "游明朝", "游ゴシック"
APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<Application>reportgen</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>\
<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>\
</Properties>
"""


def fonts(rpr_owner, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set Latin and East Asian fonts (python-docx's font.name sets only the Latin one)."""
    font = rpr_owner.font
    font.name = east_asia
    rfonts = font.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)


def paragraph_style(doc, name: str, style_id: str, base: str = "Normal", **kw) -> object:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id if name not in ("Normal",) else style.style_id
    if name != "Normal":
        style.base_style = styles[base]
    style.quick_style = True
    fmt = style.paragraph_format
    for key in ("left_indent", "first_line_indent", "space_before", "space_after", "alignment", "keep_with_next", "line_spacing"):
        if key in kw:
            setattr(fmt, key, kw[key])
    fonts(style, kw.get("font", MINCHO), kw.get("size"), kw.get("bold"))
    if kw.get("shade"):
        ppr = style.element.get_or_add_pPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), kw["shade"])
        ppr.append(shd)
    return style


def field(paragraph, instruction: str, placeholder: str) -> None:
    """Append a complex field (PAGE, TITLE) to ``paragraph``."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", placeholder), ("end", None)):
        r = paragraph.add_run()._r
        if kind in ("begin", "separate", "end"):
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r.append(fc)
        elif kind == "instr":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = f" {text} "
            r.append(it)
        else:
            t = OxmlElement("w:t")
            t.text = text
            r.append(t)
    run._r.getparent().remove(run._r)


def page_number(doc, footer) -> None:
    """A footer paragraph with the page number as the publication prints it: 「－ 1 －」."""
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("－ ")
    field(footer, "PAGE", "1")
    footer.add_run(" －")


def main() -> None:
    doc = Document()
    # Defaults: Japanese fonts and language ja-JP for every run.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr_default):
        if child.tag in (qn("w:rFonts"), qn("w:lang")):
            rpr_default.remove(child)
    rfonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), MINCHO)
    rpr_default.insert(0, rfonts)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ja-JP")
    lang.set(qn("w:eastAsia"), "ja-JP")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr_default.append(lang)

    paragraph_style(doc, "Normal", "Normal", size=10.5, space_after=Pt(0), line_spacing=1.15)
    paragraph_style(doc, "Title", "Title", font=GOTHIC, size=16, bold=True, alignment=WD_ALIGN_PARAGRAPH.CENTER, space_before=Pt(24), space_after=Pt(6))
    paragraph_style(doc, "Subtitle", "Subtitle", font=GOTHIC, size=14, alignment=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(24))
    doc.styles["Subtitle"].font.italic = False
    # python-docx's default Title carries a blue rule (4F81BD) and Subtitle a list numbering: neither belongs here
    for name in ("Title", "Subtitle"):
        ppr = doc.styles[name].element.get_or_add_pPr()
        for tag in ("w:pBdr", "w:numPr", "w:contextualSpacing"):
            for child in ppr.findall(qn(tag)):
                ppr.remove(child)
    # Each level one step apart, in size and weight: ㋐ (level 4, 11 pt bold) stands above the
    # ○取組の実施状況 labels (小見出し, 10.5 pt regular Gothic).
    for level, size in ((1, 14), (2, 12.5), (3, 11.5), (4, 11)):
        paragraph_style(doc, f"Heading {level}", f"Heading{level}", font=GOTHIC, size=size, bold=True, space_before=Pt(12 if level <= 2 else 9), space_after=Pt(4), keep_with_next=True)
        doc.styles[f"Heading {level}"].font.italic = False
    # 両端揃え, as official Japanese documents are set
    paragraph_style(doc, "Body Text", "BodyText", first_line_indent=Pt(10.5), space_after=Pt(2), alignment=WD_ALIGN_PARAGRAPH.JUSTIFY)
    # 【成果指標と目標値】's wording and target: a block indent, so that wrapped lines stay under the first
    paragraph_style(doc, "成果指標", "ReportIndicator", "Body Text", left_indent=Pt(10.5), first_line_indent=Pt(0))
    paragraph_style(doc, "箇条", "ReportBullet", "Body Text", left_indent=Pt(10.5), first_line_indent=Pt(-10.5))
    paragraph_style(doc, "補足", "ReportAside", "Body Text", left_indent=Pt(21), first_line_indent=Pt(-10.5))
    paragraph_style(doc, "注記", "ReportNote", "Body Text", left_indent=Pt(27), first_line_indent=Pt(-21), size=9.5)
    paragraph_style(doc, "ラベル", "ReportLabel", "Body Text", font=GOTHIC, first_line_indent=Pt(0), space_before=Pt(4), keep_with_next=True)
    paragraph_style(doc, "小見出し", "ReportMarker", "Body Text", font=GOTHIC, bold=False, first_line_indent=Pt(0), space_before=Pt(8), keep_with_next=True)
    paragraph_style(doc, "要記入", "ReportPlaceholder", "Body Text", shade="FFF2CC")
    paragraph_style(doc, "Caption", "Caption", font=GOTHIC, size=10.5, bold=True, alignment=WD_ALIGN_PARAGRAPH.LEFT, space_before=Pt(8), space_after=Pt(4), keep_with_next=True)
    paragraph_style(doc, "表本文", "ReportTableText", size=8, line_spacing=1.0)
    paragraph_style(doc, "表見出し", "ReportTableHeader", "表本文", font=GOTHIC, size=8, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(doc, "表数値", "ReportTableNumber", "表本文", alignment=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style(doc, "注記（続き）", "ReportNoteDetail", "注記", left_indent=Pt(38), first_line_indent=Pt(-9.5))
    paragraph_style(doc, "TOC Heading", "TOCHeading", "Heading 1", font=GOTHIC, size=13, bold=True)
    # The contents' entries (Word's built-in names): left-aligned, a character's indent a level, the page
    # at the right margin after leader dots (170 mm of text: A4 with 20 mm margins, set below).
    for level in (1, 2, 3):
        toc = paragraph_style(doc, f"toc {level}", f"TOC{level}", left_indent=Pt(10.5 * (level - 1)),
                              alignment=WD_ALIGN_PARAGRAPH.LEFT, space_after=Pt(0))
        toc.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        toc.element.attrib.pop(qn("w:customStyle"), None)  # built into Word: not a style of the city's own
    paragraph_style(doc, "footnote text", "FootnoteText", size=9, line_spacing=1.0)
    ref = doc.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    ref.style_id = "FootnoteReference"
    ref.font.superscript = True

    table_style = doc.styles.add_style("報告書の表", WD_STYLE_TYPE.TABLE)
    table_style.style_id = "ReportTable"
    table_style.base_style = doc.styles["Normal Table"]
    tblpr = table_style.element.get_or_add_tblPr() if hasattr(table_style.element, "get_or_add_tblPr") else None
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        table_style.element.append(tblpr)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), "4")
        e.set(qn("w:space"), "0")
        e.set(qn("w:color"), "000000")
        borders.append(e)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    # 1.5 pt above and below the text, 0.1 cm at the sides: the text never touches a border.
    for edge, width in (("top", 30), ("left", 57), ("bottom", 30), ("right", 57)):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:w"), str(width))
        e.set(qn("w:type"), "dxa")
        margins.append(e)
    tblpr.append(margins)

    # Page: A4 portrait; header with the document title, footer with the page number.
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    field(header, "TITLE", "（文書のタイトル）")
    page_number(doc, section.footer.paragraphs[0])
    for name in ("Header", "Footer"):
        fonts(doc.styles[name], MINCHO, 9)
    # The title page carries the title itself: no running header there, the page number stays.
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].style = doc.styles["Header"]
    page_number(doc, section.first_page_footer.paragraphs[0])

    # No w:updateFields: opening the report must not be an edit. reportgen writes the TITLE field's
    # result and the table of contents at build time (reportgen/render/docxsettings.py, which also
    # removes the setting from a template made by an earlier version of this script).

    # Word 2013 and later layout (compatibilityMode 15): the file does not open in compatibility mode.
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")

    # No sample content, no preview picture.
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel.rId)
    doc.core_properties.title = ""
    doc.core_properties.author = ""
    doc.core_properties.last_modified_by = ""
    doc.core_properties.comments = "reportgen の報告書テンプレート（スタイル・ページ設定・ヘッダー・フッター）"
    # docProps/app.xml: python-docx's default names "Microsoft Macintosh Word" and 1 page; say who made it
    # and leave the statistics to the program that next saves the file.
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode("utf-8")
    out = ROOT / "templates" / "report.docx"
    doc.save(out)
    print(f"作成しました: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

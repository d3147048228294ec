"""Word's child-element order: every checked element's children are allowed there, in schema order.

Word refuses a document ("unreadable content") when a child element stands out of its
xsd:sequence place or is unknown where it stands, e.g. inside w:pPr, w:rPr, w:tblPr, w:tcPr,
w:sectPr, w:settings or w:style; LibreOffice, which every other test reads with, accepts the same
file silently. These tests walk every part of report.docx under word/ whose root is in ROOTS
(document, styles, stylesWithEffects, settings, footnotes, headers, footers, numbering) and every
worksheet of tables.xlsx from the root element down through the schema's types, and report each
child that is not allowed or not in order, with its path.

Where the orders come from (a reduced table, vendored below as WML and SML):

* Generated from the Open XML SDK's schema data, which its validator (the closest public stand-in
  for Word's reader) is built from: dotnet/Open-XML-SDK, data/schemas/
  schemas_openxmlformats_org_wordprocessingml_2006_main.json and
  schemas_openxmlformats_org_spreadsheetml_2006_main.json, SDK v3.5.1 as shipped in the PyPI wheel
  openxml-audit 0.8.0 (openxml_audit/data/openxml/schemas/). Each type's particle was flattened:
  a sequence gives its members in order; a choice, or a sequence that repeats, gives one place
  whose members may come in any order among themselves. Only the complex types the FY2015/FY2016
  outputs reach are listed.
* Cross-checked by hand against the ISO/IEC 29500-4 transitional wml.xsd (splittist/docxfix,
  schemas/wml.xsd, commit 45ddc065, which relaxes CT_P, CT_TblBorders and CT_TcBorders into choices,
  and a copy without those edits that the code search returned without naming its repository):
  the same orders for CT_PPrBase/CT_PPr, CT_SectPr (EG_HdrFtrReferences, EG_SectPrContents),
  CT_TblPrBase/CT_TblPr, CT_TcPrBase/CT_TcPr, CT_TrPrBase (a repeatable choice), CT_Tbl, CT_Row,
  CT_Tc, CT_P, CT_R, CT_Body, CT_Document, CT_Style, CT_Styles, CT_DocDefaults, CT_Settings,
  CT_Compat, CT_FtnProps/CT_FtnDocProps, CT_Lvl, CT_AbstractNum, CT_Num, CT_Numbering; and the
  SpreadsheetML CT_Worksheet against ECMA-376's sml.xsd (sheetPr, dimension, sheetViews,
  sheetFormatPr, cols, sheetData, …, mergeCells, …, printOptions, pageMargins, pageSetup,
  headerFooter, …). Where the two differ, the table keeps the stricter reading:
  - w:rPr: the transitional EG_RPrBase is a repeatable choice (any order); the SDK, and Word when
    it writes, keep the ECMA-376 sequence (rStyle, rFonts, b, …, lang, …): the sequence is kept.
  - left/start and right/end (tblBorders, tcBorders, tblCellMar): the SDK puts left before start,
    the ISO schema start before left; each pair shares one place here (they never come together).
  - In styles the SDK uses narrower types than ISO's CT_PPrGeneral/CT_RPr/CT_TblPrBase/CT_TcPr
    (CT_PPrStyle, CT_RPrStyle, CT_TblPrStyle, CT_TcPrStyle, …): fewer children, the same order.
  - Elements only the ISO schema still lists (w:smartTagType and w:doNotEmbedSmartTags in
    settings, w:oMath in rPr, w:headers in tcPr) are absent: a part using one fails as unknown.

Notation: an entry lists a type's places in order, separated by spaces; names in one place are
joined by "|". ``name=CT_X`` names the child's own type, which is checked in turn when it has an
entry (a child with element content whose type has none fails: add the type from the same source).
A bare name is in the table's own namespace (w: for WML, x: for SML); other prefixes are in
PREFIXES.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from collections import Counter

import docx
import pytest
from conftest import ROOT
from lxml import etree

from reportgen.document import Document, EditionDate, Footnote, Paragraph
from reportgen.render.docx import render_docx

TEMPLATE = ROOT / "templates" / "report.docx"

PREFIXES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "o": "urn:schemas-microsoft-com:office:office",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}

# fmt: off
# EG_RangeMarkupElements and EG_RunLevelElements (RUN_LEVEL_MARKUP), and with EG_BlockLevelElts what a
# body, a cell, a note or a header holds (BLOCK_CONTENT).
RUN_LEVEL_MARKUP = (
    "proofErr|permStart|permEnd|bookmarkStart|bookmarkEnd|commentRangeStart|commentRangeEnd|"
    "moveFromRangeStart|moveFromRangeEnd|moveToRangeStart|moveToRangeEnd|"
    "customXmlInsRangeStart|customXmlInsRangeEnd|customXmlDelRangeStart|customXmlDelRangeEnd|"
    "customXmlMoveFromRangeStart|customXmlMoveFromRangeEnd|customXmlMoveToRangeStart|"
    "customXmlMoveToRangeEnd|w14:customXmlConflictInsRangeStart|"
    "w14:customXmlConflictInsRangeEnd|w14:customXmlConflictDelRangeStart|"
    "w14:customXmlConflictDelRangeEnd|ins=CT_RunTrackChange|del=CT_RunTrackChange|"
    "moveFrom=CT_RunTrackChange|moveTo=CT_RunTrackChange|contentPart|"
    "w14:conflictIns=CT_RunTrackChange|w14:conflictDel=CT_RunTrackChange"
)
BLOCK_CONTENT = "altChunk=CT_AltChunk|customXml=CT_CustomXmlBlock|sdt=CT_SdtBlock|p=CT_P|tbl=CT_Tbl|" + RUN_LEVEL_MARKUP
WML: dict[str, str] = {
    "CT_AbstractNum": "nsid multiLevelType tmpl name styleLink numStyleLink lvl=CT_Lvl",
    "CT_Body": BLOCK_CONTENT + " sectPr=CT_SectPr",
    "CT_Compat": (
        "useSingleBorderforContiguousCells wpJustification noTabHangInd noLeading spaceForUL "
        "noColumnBalance balanceSingleByteDoubleByteWidth noExtraLineSpacing "
        "doNotLeaveBackslashAlone ulTrailSpace doNotExpandShiftReturn spacingInWholePoints "
        "lineWrapLikeWord6 printBodyTextBeforeHeader printColBlack wpSpaceWidth showBreaksInFrames "
        "subFontBySize suppressBottomSpacing suppressTopSpacing suppressSpacingAtTopOfPage "
        "suppressTopSpacingWP suppressSpBfAfterPgBrk swapBordersFacingPages convMailMergeEsc "
        "truncateFontHeightsLikeWP6 mwSmallCaps usePrinterMetrics doNotSuppressParagraphBorders "
        "wrapTrailSpaces footnoteLayoutLikeWW8 shapeLayoutLikeWW8 alignTablesRowByRow "
        "forgetLastTabAlignment adjustLineHeightInTable autoSpaceLikeWord95 noSpaceRaiseLower "
        "doNotUseHTMLParagraphAutoSpacing layoutRawTableWidth layoutTableRowsApart "
        "useWord97LineBreakRules doNotBreakWrappedTables doNotSnapToGridInCell "
        "selectFldWithFirstOrLastChar applyBreakingRules doNotWrapTextWithPunct "
        "doNotUseEastAsianBreakRules useWord2002TableStyleRules growAutofit useFELayout "
        "useNormalStyleForList doNotUseIndentAsNumberingTabStop useAltKinsokuLineBreakRules "
        "allowSpaceOfSameStyleInTable doNotSuppressIndentation doNotAutofitConstrainedTables "
        "autofitToFirstFixedWidthCell underlineTabInNumList displayHangulFixedWidth "
        "splitPgBreakAndParaMark doNotVertAlignCellWithSp doNotBreakConstrainedForcedTable "
        "doNotVertAlignInTxbx useAnsiKerningPairs cachedColBalance compatSetting"
    ),
    "CT_DocDefaults": "rPrDefault=CT_RPrDefault pPrDefault=CT_PPrDefault",
    "CT_DocRsids": "rsidRoot rsid",
    "CT_Document": "background=CT_Background body=CT_Body",
    "CT_Footnotes": "footnote=CT_FtnEdn",
    "CT_FtnDocProps": "pos numFmt numStart numRestart footnote",
    "CT_FtnEdn": BLOCK_CONTENT,
    "CT_HdrFtr": BLOCK_CONTENT,
    "CT_LatentStyles": "lsdException",
    "CT_Lvl": (
        "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc "
        "pPr=CT_PPrBase rPr=CT_RPrList"
    ),
    "CT_Num": "abstractNumId lvlOverride=CT_NumLvl",
    "CT_NumPr": "ilvl numId numberingChange ins",
    "CT_Numbering": "numPicBullet=CT_NumPicBullet abstractNum=CT_AbstractNum num=CT_Num numIdMacAtCleanup",
    "CT_P": (
        "pPr=CT_PPr customXml=CT_CustomXmlRun|fldSimple=CT_SimpleField|hyperlink=CT_Hyperlink|sdt=CT_SdtRun|"
        + RUN_LEVEL_MARKUP
        + "|m:oMathPara|m:oMath|m:acc|m:bar|m:box|m:borderBox|m:d|m:eqArr|m:f|m:func|m:groupChr|"
        "m:limLow|m:limUpp|m:m|m:nary|m:phant|m:rad|m:sPre|m:sSub|m:sSubSup|m:sSup|m:r|r=CT_R|"
        "bdo=CT_BdoContentRun|dir=CT_DirContentRun|subDoc"
    ),
    "CT_Hyperlink": (  # EG_PContent, as CT_P without its pPr (the contents' entries are links)
        "customXml=CT_CustomXmlRun|fldSimple=CT_SimpleField|hyperlink=CT_Hyperlink|sdt=CT_SdtRun|"
        + RUN_LEVEL_MARKUP
        + "|r=CT_R|bdo=CT_BdoContentRun|dir=CT_DirContentRun|subDoc"
    ),
    "CT_PBdr": "top left bottom right between bar",
    "CT_PPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr=CT_NumPr "
        "suppressLineNumbers pBdr=CT_PBdr shd tabs=CT_Tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing "
        "ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl divId cnfStyle rPr=CT_ParaRPr sectPr=CT_SectPr "
        "pPrChange=CT_PPrChange"
    ),
    "CT_PPrBase": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr=CT_NumPr "
        "suppressLineNumbers pBdr=CT_PBdr shd tabs=CT_Tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing "
        "ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl"
    ),
    "CT_PPrBaseStyleable": (
        "keepNext keepLines pageBreakBefore framePr widowControl numPr=CT_NumPr "
        "suppressLineNumbers pBdr=CT_PBdr shd tabs=CT_Tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing "
        "ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl"
    ),
    "CT_PPrDefault": "pPr=CT_PPrBaseStyleable",
    "CT_PPrStyle": (
        "keepNext keepLines pageBreakBefore framePr widowControl numPr=CT_NumPr "
        "suppressLineNumbers pBdr=CT_PBdr shd tabs=CT_Tabs suppressAutoHyphens kinsoku wordWrap "
        "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing "
        "ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl pPrChange=CT_PPrChange"
    ),
    "CT_R": (
        "rPr=CT_RPr br|t|delText|instrText|delInstrText|noBreakHyphen|softHyphen|dayShort|"
        "monthShort|yearShort|dayLong|monthLong|yearLong|annotationRef|footnoteRef|endnoteRef|"
        "separator|continuationSeparator|sym|pgNum|cr|tab|object=CT_Object|pict=CT_Picture|"
        "fldChar=CT_FldChar|ruby=CT_Ruby|footnoteReference|endnoteReference|commentReference|"
        "drawing=CT_Drawing|ptab|lastRenderedPageBreak"
    ),
    # ECMA-376 dml-wordprocessingDrawing.xsd: a drawing is a choice of anchors and inlines; an inline is a
    # sequence (extent, effectExtent?, docPr, cNvGraphicFramePr?, a:graphic) — a chart's picture (render/docx_charts.py)
    "CT_Drawing": "wp:anchor|wp:inline=CT_Inline",
    "CT_Inline": "wp:extent wp:effectExtent wp:docPr wp:cNvGraphicFramePr a:graphic",
    "CT_RPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish w14:glow "
        "w14:shadow w14:reflection w14:textOutline w14:textFill w14:scene3d w14:props3d "
        "w14:ligatures w14:numForm w14:numSpacing w14:stylisticSets w14:cntxtAlts "
        "rPrChange=CT_RPrChange"
    ),
    "CT_RPrBaseStyleable": (
        "rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs u effect bdr shd "
        "fitText vertAlign em lang eastAsianLayout specVanish"
    ),
    "CT_RPrDefault": "rPr=CT_RPrBaseStyleable",
    "CT_RPrList": (
        "rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs u effect bdr shd "
        "fitText vertAlign rtl cs em lang eastAsianLayout specVanish"
    ),
    "CT_RPrStyle": (
        "rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs u effect bdr shd "
        "fitText vertAlign em lang eastAsianLayout specVanish rPrChange=CT_RPrChange"
    ),
    "CT_Row": "tblPrEx=CT_TblPrEx trPr=CT_TrPr tc=CT_Tc|customXml=CT_CustomXmlCell|sdt=CT_SdtCell|" + RUN_LEVEL_MARKUP,
    "CT_SectPr": (
        "headerReference|footerReference footnotePr=CT_FtnProps endnotePr=CT_EdnProps type pgSz "
        "pgMar paperSrc pgBorders=CT_PageBorders lnNumType pgNumType cols=CT_Columns formProt "
        "vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
        "w15:footnoteColumns sectPrChange=CT_SectPrChange"
    ),
    "CT_Settings": (
        "writeProtection view zoom removePersonalInformation removeDateAndTime "
        "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
        "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
        "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
        "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
        "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate "
        "linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge=CT_MailMerge "
        "revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection "
        "autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
        "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength "
        "clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting "
        "bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
        "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
        "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin "
        "drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
        "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars "
        "noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
        "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
        "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace "
        "updateFields hdrShapeDefaults=CT_ShapeDefaults footnotePr=CT_FtnDocProps "
        "endnotePr=CT_EdnDocProps compat=CT_Compat docVars=CT_DocVars rsids=CT_DocRsids m:mathPr "
        "uiCompat97To2003 attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
        "doNotAutoCompressPictures forceUpgrade captions=CT_Captions readModeInkLockDown "
        "sl:schemaLibrary shapeDefaults=CT_ShapeDefaults decimalSymbol listSeparator w14:docId "
        "w14:discardImageEditingData w14:defaultImageDpi w14:conflictMode "
        "w15:chartTrackingRefBased w15:docId"
    ),
    "CT_ShapeDefaults": "o:shapedefaults|o:shapelayout",
    "CT_Style": (
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
        "qFormat locked personal personalCompose personalReply rsid pPr=CT_PPrStyle "
        "rPr=CT_RPrStyle tblPr=CT_TblPrStyle trPr=CT_TrPrBaseStyleable tcPr=CT_TcPrStyle "
        "tblStylePr=CT_TblStylePr"
    ),
    "CT_Styles": "docDefaults=CT_DocDefaults latentStyles=CT_LatentStyles style=CT_Style",
    "CT_Tabs": "tab",
    "CT_Tbl": (
        "bookmarkStart|bookmarkEnd|commentRangeStart|commentRangeEnd|moveFromRangeStart|"
        "moveFromRangeEnd|moveToRangeStart|moveToRangeEnd|customXmlInsRangeStart|"
        "customXmlInsRangeEnd|customXmlDelRangeStart|customXmlDelRangeEnd|"
        "customXmlMoveFromRangeStart|customXmlMoveFromRangeEnd|customXmlMoveToRangeStart|"
        "customXmlMoveToRangeEnd|w14:customXmlConflictInsRangeStart|"
        "w14:customXmlConflictInsRangeEnd|w14:customXmlConflictDelRangeStart|"
        "w14:customXmlConflictDelRangeEnd tblPr=CT_TblPr tblGrid=CT_TblGrid tr=CT_Row|"
        "customXml=CT_CustomXmlRow|sdt=CT_SdtRow|proofErr|permStart|permEnd|bookmarkStart|"
        "bookmarkEnd|commentRangeStart|commentRangeEnd|moveFromRangeStart|moveFromRangeEnd|"
        "moveToRangeStart|moveToRangeEnd|customXmlInsRangeStart|customXmlInsRangeEnd|"
        "customXmlDelRangeStart|customXmlDelRangeEnd|customXmlMoveFromRangeStart|"
        "customXmlMoveFromRangeEnd|customXmlMoveToRangeStart|customXmlMoveToRangeEnd|"
        "w14:customXmlConflictInsRangeStart|w14:customXmlConflictInsRangeEnd|"
        "w14:customXmlConflictDelRangeStart|w14:customXmlConflictDelRangeEnd|ins=CT_RunTrackChange|"
        "del=CT_RunTrackChange|moveFrom=CT_RunTrackChange|moveTo=CT_RunTrackChange|contentPart|"
        "w14:conflictIns=CT_RunTrackChange|w14:conflictDel=CT_RunTrackChange"
    ),
    "CT_TblBorders": "top left|start bottom right|end insideH insideV",
    "CT_TblCellMar": "top left|start bottom right|end",
    "CT_TblGrid": "gridCol tblGridChange=CT_TblGridChange",
    "CT_TblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblW jc tblCellSpacing tblInd "
        "tblBorders=CT_TblBorders shd tblLayout tblCellMar=CT_TblCellMar tblLook tblCaption "
        "tblDescription tblPrChange=CT_TblPrChange"
    ),
    "CT_TblPrStyle": (
        "tblStyleRowBandSize tblStyleColBandSize jc tblCellSpacing tblInd tblBorders=CT_TblBorders "
        "shd tblCellMar=CT_TblCellMar"
    ),
    "CT_TblStylePr": (
        "pPr=CT_PPrStyle rPr=CT_RPrBaseStyleable tblPr=CT_TblPrStyleOverride "
        "trPr=CT_TrPrBaseStyleable tcPr=CT_TcPrStyleOverride"
    ),
    "CT_Tc": "tcPr=CT_TcPr " + BLOCK_CONTENT,
    "CT_TcBorders": "top left|start bottom right|end insideH insideV tl2br tr2bl",
    "CT_TcPr": (
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders=CT_TcBorders shd noWrap tcMar=CT_TcMar "
        "textDirection tcFitText vAlign hideMark cellIns|cellDel|cellMerge tcPrChange=CT_TcPrChange"
    ),
    "CT_TcPrStyle": "shd noWrap tcMar=CT_TcMar vAlign",
    "CT_TcPrStyleOverride": "tcBorders=CT_TcBorders shd noWrap tcMar=CT_TcMar vAlign",
    "CT_TrPr": (
        "cnfStyle|divId|gridBefore|gridAfter|wBefore|wAfter|trHeight|hidden|cantSplit|tblHeader|"
        "tblCellSpacing|jc ins del trPrChange=CT_TrPrChange w14:conflictIns|w14:conflictDel"
    ),
}
SML: dict[str, str] = {
    "CT_Cell": "f v is=CT_Rst extLst=CT_ExtensionList",
    "CT_Cols": "col",
    "CT_HeaderFooter": "oddHeader oddFooter evenHeader evenFooter firstHeader firstFooter",
    "CT_Hyperlinks": "hyperlink",
    "CT_IgnoredErrors": "ignoredError extLst=CT_ExtensionList",
    "CT_MergeCells": "mergeCell",
    "CT_PageBreak": "brk",
    "CT_Row": "c=CT_Cell extLst=CT_ExtensionList",
    "CT_Rst": "t r=CT_RElt rPh=CT_PhoneticRun phoneticPr",
    "CT_SheetData": "row=CT_Row",
    "CT_SheetPr": "tabColor outlinePr pageSetUpPr",
    "CT_SheetView": "pane selection pivotSelection=CT_PivotSelection extLst=CT_ExtensionList",
    "CT_SheetViews": "sheetView=CT_SheetView extLst=CT_ExtensionList",
    "CT_TableParts": "tablePart",
    "CT_Worksheet": (
        "sheetPr=CT_SheetPr dimension sheetViews=CT_SheetViews sheetFormatPr cols=CT_Cols "
        "sheetData=CT_SheetData sheetCalcPr sheetProtection protectedRanges=CT_ProtectedRanges "
        "scenarios=CT_Scenarios autoFilter=CT_AutoFilter sortState=CT_SortState "
        "dataConsolidate=CT_DataConsolidate customSheetViews=CT_CustomSheetViews "
        "mergeCells=CT_MergeCells phoneticPr conditionalFormatting=CT_ConditionalFormatting "
        "dataValidations=CT_DataValidations hyperlinks=CT_Hyperlinks printOptions pageMargins "
        "pageSetup headerFooter=CT_HeaderFooter rowBreaks=CT_PageBreak colBreaks=CT_PageBreak "
        "customProperties=CT_CustomProperties cellWatches=CT_CellWatches "
        "ignoredErrors=CT_IgnoredErrors drawing legacyDrawing legacyDrawingHF drawingHF picture "
        "oleObjects=CT_OleObjects controls=CT_Controls webPublishItems=CT_WebPublishItems "
        "tableParts=CT_TableParts extLst=CT_WorksheetExtensionList"
    ),
}
# fmt: on

TABLES = {"w": WML, "x": SML}
ROOTS = {
    "w:document": ("w", "CT_Document"), "w:styles": ("w", "CT_Styles"), "w:settings": ("w", "CT_Settings"),
    "w:footnotes": ("w", "CT_Footnotes"), "w:hdr": ("w", "CT_HdrFtr"), "w:ftr": ("w", "CT_HdrFtr"),
    "w:numbering": ("w", "CT_Numbering"), "x:worksheet": ("x", "CT_Worksheet"),
}
"""Root element of a part → (table, type)."""

_PREFIX_OF = {uri: prefix for prefix, uri in PREFIXES.items()}


def _name(tag: str) -> str:
    """``{uri}local`` as ``prefix:local`` (the namespace in braces when it has no prefix here)."""
    qname = etree.QName(tag)
    prefix = _PREFIX_OF.get(qname.namespace)
    return f"{prefix}:{qname.localname}" if prefix else tag


@functools.cache
def _places(table: str, type_name: str) -> dict[str, tuple[int, str, str | None]]:
    """Child tag → (place, name, its type) for ``type_name`` in ``table``."""
    places = {}
    for place, group in enumerate(TABLES[table][type_name].split()):
        for alternative in group.split("|"):
            name, _, child_type = alternative.partition("=")
            prefix, _, local = name.rpartition(":")
            places[f"{{{PREFIXES[prefix or table]}}}{local}"] = (place, name if prefix else f"{table}:{name}", child_type or None)
    return places


def order_problems(root: etree._Element, where: str) -> list[str]:
    """Every child under ``root`` that its parent's type does not allow, or allows only earlier."""
    problems: list[str] = []

    def visit(element: etree._Element, table: str, type_name: str, path: str) -> None:
        places = _places(table, type_name)
        last_place, last_name = -1, ""
        counts: Counter[str] = Counter()
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                continue
            counts[child.tag] += 1
            child_path = f"{path}/{_name(child.tag)}[{counts[child.tag]}]"
            if child.tag not in places:
                problems.append(f"{where}:{child_path} is not allowed in {_name(element.tag)} ({type_name})")
                continue
            place, name, child_type = places[child.tag]
            if place < last_place:
                problems.append(f"{where}:{child_path} is out of order: {type_name} puts it before {last_name}")
            else:
                last_place, last_name = place, name
            has_elements = any(isinstance(grandchild.tag, str) for grandchild in child)
            if child_type in TABLES[table]:
                visit(child, table, child_type, child_path)
            elif child_type and has_elements:
                problems.append(f"{where}:{child_path}: no order table for {child_type}; add it to {table.upper()}ML from the source named above")

    table, type_name = ROOTS[_name(root.tag)]
    visit(root, table, type_name, "/" + _name(root.tag))
    return problems


def check_package(data: bytes, folder: str) -> tuple[list[str], list[str]]:
    """(parts checked, problems) for the XML parts directly in ``folder`` whose root is in ROOTS."""
    checked, problems = [], []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if not (name.startswith(folder) and name.endswith(".xml") and "/" not in name[len(folder):]):
                continue
            root = etree.fromstring(archive.read(name))
            if _name(root.tag) in ROOTS:
                checked.append(name)
                problems += order_problems(root, name)
    return checked, problems


@pytest.mark.parametrize("year", [2015, 2016])
def test_report_docx_parts_are_in_schema_order(built, year: int) -> None:
    checked, problems = check_package((built[year] / "report.docx").read_bytes(), "word/")
    assert {"word/document.xml", "word/styles.xml", "word/settings.xml"} <= set(checked)
    assert any("header" in name for name in checked) and any("footer" in name for name in checked)
    if year == 2016:  # the FY2016 report has term footnotes
        assert "word/footnotes.xml" in checked
    assert not problems, "\n".join(problems)


def test_the_word_template_is_in_schema_order() -> None:
    checked, problems = check_package(TEMPLATE.read_bytes(), "word/")
    assert {"word/document.xml", "word/styles.xml", "word/settings.xml"} <= set(checked)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("year", [2015, 2016])
def test_tables_xlsx_worksheets_are_in_schema_order(built, year: int) -> None:
    checked, problems = check_package((built[year] / "tables.xlsx").read_bytes(), "xl/worksheets/")
    assert len(checked) >= 2
    assert not problems, "\n".join(problems)


def _variant(change) -> bytes:
    """templates/report.docx with its settings part changed by ``change(settings_element)``."""
    template = docx.Document(str(TEMPLATE))
    change(template.settings.element)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _drop_compat(settings: etree._Element) -> None:
    settings.remove(settings.find(f"{{{PREFIXES['w']}}}compat"))


def _add_endnote_properties(settings: etree._Element) -> None:
    settings.find(f"{{{PREFIXES['w']}}}compat").addprevious(etree.Element(f"{{{PREFIXES['w']}}}endnotePr"))


@pytest.mark.parametrize("change", [_drop_compat, _add_endnote_properties])
def test_footnote_properties_take_their_place_in_any_template_settings(change) -> None:
    """The renderer adds w:footnotePr to settings: before w:endnotePr and w:compat, wherever they are."""
    paragraph = Paragraph("用語の説明", footnotes=(Footnote("用語", "説明です"),))
    data = render_docx(Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1)), (paragraph,)), _variant(change))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        settings = etree.fromstring(archive.read("word/settings.xml"))
    assert settings.find(f"{{{PREFIXES['w']}}}footnotePr") is not None
    assert not order_problems(settings, "word/settings.xml")


W_NS = f'xmlns:w="{PREFIXES["w"]}"'


@pytest.mark.parametrize(("xml", "expected"), [
    (f'<w:settings {W_NS}><w:updateFields w:val="true"/><w:zoom w:percent="100"/></w:settings>',
     ["/w:settings/w:zoom[1] is out of order: CT_Settings puts it before w:updateFields"]),
    (f"<w:document {W_NS}><w:body><w:p><w:pPr><w:jc w:val='left'/><w:pStyle w:val='a'/></w:pPr></w:p>"
     "<w:sectPr/></w:body></w:document>",
     ["/w:document/w:body[1]/w:p[1]/w:pPr[1]/w:pStyle[1] is out of order: CT_PPr puts it before w:jc"]),
    (f"<w:document {W_NS}><w:body><w:sectPr/><w:p/></w:body></w:document>",
     ["/w:document/w:body[1]/w:p[1] is out of order: CT_Body puts it before w:sectPr"]),
    (f"<w:document {W_NS}><w:body><w:tbl><w:tblPr><w:tblW w:w='0' w:type='auto'/><w:tblStyle w:val='a'/>"
     "<w:bogus/></w:tblPr><w:tblGrid/><w:tr><w:tc><w:tcPr><w:vAlign w:val='top'/><w:tcW w:w='1'/></w:tcPr>"
     "<w:p/></w:tc></w:tr></w:tbl></w:body></w:document>",
     ["/w:document/w:body[1]/w:tbl[1]/w:tblPr[1]/w:tblStyle[1] is out of order: CT_TblPr puts it before w:tblW",
      "/w:document/w:body[1]/w:tbl[1]/w:tblPr[1]/w:bogus[1] is not allowed in w:tblPr (CT_TblPr)",
      "/w:document/w:body[1]/w:tbl[1]/w:tr[1]/w:tc[1]/w:tcPr[1]/w:tcW[1] is out of order: CT_TcPr puts it before w:vAlign"]),
    (f'<x:worksheet xmlns:x="{PREFIXES["x"]}"><x:sheetData/><x:pageMargins/><x:printOptions/></x:worksheet>',
     ["/x:worksheet/x:printOptions[1] is out of order: CT_Worksheet puts it before x:pageMargins"]),
    (f"<w:styles {W_NS}><w:docDefaults/><w:style><w:name w:val='a'/><w:rPr/><w:pPr/></w:style></w:styles>",
     ["/w:styles/w:style[1]/w:pPr[1] is out of order: CT_Style puts it before w:rPr"]),
])
def test_the_checker_reports_misordered_and_unknown_children(xml: str, expected: list[str]) -> None:
    assert order_problems(etree.fromstring(xml), "part.xml") == [f"part.xml:{line}" for line in expected]


def test_the_checker_accepts_schema_order_and_any_order_within_a_choice() -> None:
    xml = (f"<w:document {W_NS}><w:body><w:tbl><w:tblPr><w:tblStyle w:val='a'/><w:tblW w:w='0' w:type='auto'/>"
           "</w:tblPr><w:tblGrid/><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr><w:tc><w:p/></w:tc></w:tr>"
           "</w:tbl><w:p/><w:sectPr><w:footerReference/><w:headerReference/><w:pgSz/></w:sectPr></w:body></w:document>")
    assert order_problems(etree.fromstring(xml), "part.xml") == []


def test_every_type_the_tables_name_is_well_formed() -> None:
    for table, types in TABLES.items():
        for type_name in types:
            assert _places(table, type_name), f"{table}: {type_name}"


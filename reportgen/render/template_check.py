"""The Office templates, checked once before rendering: every part a renderer reads, named when broken.

``templates/report.docx`` and ``templates/tables.xlsx`` are edited by the city. A file Word or
Excel still opens can be broken for reportgen (a part missing or renamed, XML cut short, a style
renamed, a Strict Open XML save, a workbook where a document belongs). This module checks such a
file in one place per format, before anything is rendered, and names the template, the part and
the style: ``エラー: templates/report.docx（word/styles.xml）「Title」: …``. The renderers then open
the template through :func:`open_docx` and :func:`open_xlsx` only.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from lxml import etree

from reportgen.errors import Location, OutputError, Problem
from reportgen.safezip import check_archive, part_location

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from openpyxl.workbook.workbook import Workbook

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    f"{CT}Override": ("PartName", "ContentType"), f"{CT}Default": ("Extension", "ContentType"),
}
"""The attributes each entry of [Content_Types].xml needs."""
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WORD_PART = "application/vnd.openxmlformats-officedocument.wordprocessingml.%s+xml"
CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_OTHER = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
EXCEL_MAIN = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
"""Only whether a part is well-formed is asked here; no entity is expanded, nothing fetched."""


def _fail(name: str, part: str | None, message: str, column: str | None = None) -> NoReturn:
    where = part_location(name, part, column) if part else Location(name, None, column)
    raise OutputError([Problem(where, message)])


@dataclass(frozen=True)
class Package:
    """An Office file's parts by name, its XML parts parsed, and its main part."""

    name: str
    parts: dict[str, bytes]
    xml: dict[str, etree._Element]
    main: str
    main_type: str

    def related(self, source: str, kind: str) -> str | None:
        """The part ``source`` relates to by the relationship type ending ``/kind``, if any."""
        for target_mode, rel_type, target in _relationships(self, source):
            if target_mode != "External" and rel_type == RELATIONSHIP + kind:
                return target
        return None


def _rels_of(source: str) -> str:
    folder, base = posixpath.split(source)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source: str, target: str) -> str:
    """A relationship's target as a zip entry name (relative to its source part's folder)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _relationships(package: Package | tuple[str, dict[str, etree._Element]], source: str) -> list[tuple[str, str, str]]:
    name, xml = (package.name, package.xml) if isinstance(package, Package) else package
    rels = xml.get(_rels_of(source))
    if rels is None:
        return []
    found = []
    for rel in rels.iter(f"{RELS}Relationship"):
        missing = [a for a in ("Id", "Type", "Target") if not rel.get(a)]
        if missing:  # python-docx would fail on saving, openpyxl on reading
            _fail(name, _rels_of(source), f"関係（Relationship）に {'・'.join(missing)} がありません (incomplete relationship)")
        target = rel.get("Target") or ""
        mode = rel.get("TargetMode") or "Internal"
        found.append((mode, rel.get("Type") or "", target if mode == "External" else _resolve(source, target)))
    return found


def read_package(data: bytes, name: str) -> Package:
    """Zip checks, every XML part well-formed, every internal relationship's target present."""
    check_archive(data, name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    if "[Content_Types].xml" not in parts:
        _fail(name, "[Content_Types].xml", "部品の種類の一覧がありません。Word または Excel で開いて保存し直してください (missing part)")
    xml: dict[str, etree._Element] = {}
    for part, blob in parts.items():
        if part.endswith((".xml", ".rels")):
            try:
                xml[part] = root = etree.fromstring(blob, _PARSER)
            except etree.XMLSyntaxError as exc:
                line = f"{exc.lineno}行目: " if exc.lineno else ""
                reason = re.sub(r", line \d+, column \d+$", "", str(exc.msg))
                _fail(name, part, f"XML として正しくありません（{line}{reason}）。テンプレートを作り直してください (malformed XML)")
            if root.getroottree().docinfo.doctype:  # OPC (ECMA-376 Part 2) forbids DTD declarations; copied into the output, they break it
                _fail(name, part, "DOCTYPE 宣言（DTD）があります。Office の部品には使えません (DTD in a part)")
    for entry in xml["[Content_Types].xml"]:
        # a comment's or processing instruction's tag is not a str: it needs nothing
        needed = CONTENT_TYPE_ATTRIBUTES.get(entry.tag, ()) if isinstance(entry.tag, str) else ()
        missing = [a for a in needed if not entry.get(a)]
        if missing:  # python-docx would fail on saving
            _fail(name, "[Content_Types].xml", f"{etree.QName(entry).localname} に {'・'.join(missing)} がありません (incomplete content type)")
    for part in xml:
        if part.endswith(".rels"):
            folder = posixpath.dirname(posixpath.dirname(part))
            source = posixpath.join(folder, posixpath.basename(part)[: -len(".rels")])
            for mode, _, target in _relationships((name, xml), source):
                if mode == "External":
                    continue
                if target.startswith("../") or target == "..":
                    _fail(name, part, f"関係先がファイルの外を指しています: {target!r} (relationship outside the package)")
                if target not in parts:
                    _fail(name, part, f"関係先の部品「{target}」がありません。テンプレートを作り直してください (missing part)")
    main = next((t for m, k, t in _relationships((name, xml), "") if m != "External" and k == RELATIONSHIP + "officeDocument"), None)
    if main is None:
        _fail(name, "_rels/.rels", "本体の部品への関係（officeDocument）がありません。Word または Excel で保存し直してください (no main part)")
    return Package(name, parts, xml, main, _content_type(xml["[Content_Types].xml"], main))


def _content_type(types: etree._Element, part: str) -> str:
    for override in types.iter(f"{CT}Override"):
        if (override.get("PartName") or "").lstrip("/").casefold() == part.casefold():
            return override.get("ContentType") or ""
    extension = posixpath.splitext(part)[1].lstrip(".").casefold()
    for default in types.iter(f"{CT}Default"):
        if (default.get("Extension") or "").casefold() == extension:
            return default.get("ContentType") or ""
    return ""


def _root(package: Package, part: str, tag: str, what: str) -> etree._Element:
    """The parsed ``part``, whose root must be ``w:tag`` (a Strict Open XML save is named as such)."""
    root = package.xml[part]
    if root.tag != f"{{{W}}}{tag}":
        if str(etree.QName(root).namespace or "").startswith(STRICT):
            _fail(package.name, part, "「Strict Open XML 文書」の形式には対応していません。「Word 文書 (*.docx)」の形式で保存し直してください (Strict OOXML)")
        _fail(package.name, part, f"{what}の部品の形が違います（最上位が w:{tag} ではありません: {etree.QName(root).localname}） (unexpected root element)")
    return root


def _expect_type(package: Package, part: str, content_type: str) -> None:
    """python-docx and openpyxl pick a part's reader by its content type: a wrong one fails later."""
    found = _content_type(package.xml["[Content_Types].xml"], part)
    if found != content_type:
        _fail(package.name, "[Content_Types].xml", f"部品「{part}」の種類が違います（{found or 'なし'}、正しくは {content_type}） (content type)")


def _check_core_properties(package: Package) -> None:
    core = next((t for m, k, t in _relationships(package, "") if m != "External" and k == CORE_PROPERTIES), None)
    if core is not None:
        _expect_type(package, core, "application/vnd.openxmlformats-package.core-properties+xml")
        if package.xml[core].tag != f"{{{CORE_NS}}}coreProperties":
            _fail(package.name, core, "文書のプロパティの部品の形が違います（cp:coreProperties ではありません） (unexpected root element)")


def _twips(element: etree._Element | None, attribute: str) -> int | None:
    text = element.get(f"{{{W}}}{attribute}") if element is not None else None
    return int(text) if text is not None and text.strip().isascii() and text.strip().lstrip("-").isdigit() else None


def _check_docx_parts(package: Package) -> None:
    """The parts render/docx.py reads: the body and its page setup, styles, settings, footnotes."""
    name, main = package.name, package.main
    if package.main_type != WORD_MAIN:
        if package.main_type in EXCEL_MAIN:
            _fail(name, main, "Excel のブックです。Word の文書（.docx）を置いてください (not a Word document)")
        if package.main_type in WORD_OTHER:
            _fail(name, main, "Word のテンプレート（.dotx）かマクロ付きの文書です。「Word 文書 (*.docx)」の形式で保存し直してください (not a .docx)")
        _fail(name, main, f"Word の文書（.docx）ではありません（部品の種類: {package.main_type or 'なし'}） (not a Word document)")
    body = _root(package, main, "document", "本文").find(f"{{{W}}}body")
    if body is None:
        _fail(name, main, "本文（w:body）がありません (no body)")
    sect = body.find(f"{{{W}}}sectPr")
    if sect is None:
        _fail(name, main, "本文の最後にページ設定（w:sectPr）がありません。Word で開いて保存し直してください (no section properties)")
    size, margins = sect.find(f"{{{W}}}pgSz"), sect.find(f"{{{W}}}pgMar")
    width, height = _twips(size, "w"), _twips(size, "h")
    left, right = _twips(margins, "left"), _twips(margins, "right")
    if width is None or height is None or width <= 0 or height <= 0:
        _fail(name, main, "ページ設定に用紙の大きさ（w:pgSz の w と h）がありません (no page size)")
    if left is None or right is None:
        _fail(name, main, "ページ設定に左右の余白（w:pgMar の left と right）がありません (no page margins)")
    if min(width, height) - left - right <= 0:
        _fail(name, main, "左右の余白が用紙の幅より大きく、表を置く幅がありません (margins wider than the page)")
    styles = package.related(main, "styles")
    if styles is None:
        _fail(name, "word/styles.xml", "スタイルの部品がありません。Word で開いて保存し直してください (missing styles part)")
    _root(package, styles, "styles", "スタイル")
    _expect_type(package, styles, WORD_PART % "styles")
    settings = package.related(main, "settings")
    if settings is not None:
        _root(package, settings, "settings", "設定")
        _expect_type(package, settings, WORD_PART % "settings")
    footnotes = package.related(main, "footnotes")
    if footnotes is not None:
        _expect_type(package, footnotes, WORD_PART % "footnotes")
        for note in _root(package, footnotes, "footnotes", "脚注").iter(f"{{{W}}}footnote"):
            if _twips(note, "id") is None:
                _fail(name, footnotes, f"脚注の番号（w:id）が整数ではありません: {note.get(f'{{{W}}}id')!r} (footnote id)")


def open_docx(data: bytes, name: str, styles: Iterable[tuple[str, int]]) -> tuple[WordDocument, dict[str, str]]:
    """The template opened with python-docx, and the style id of each ``(style name, type)`` asked for.

    Types are python-docx's WD_STYLE_TYPE values (1 paragraph, 2 character, 3 table).
    """
    import docx

    package = read_package(data, name)
    _check_docx_parts(package)
    _check_core_properties(package)
    try:
        document = docx.Document(io.BytesIO(data))
        found = {s.name: s for s in document.styles}
    except Exception as exc:  # python-docx on a file past the checks above: still the template's fault
        _fail(name, None, f"Word の文書として開けません（{type(exc).__name__}: {str(exc)[:200]}） (cannot open)")
    part = package.related(package.main, "styles") or "word/styles.xml"
    problems, ids = [], {}
    kinds = {1: "段落", 2: "文字", 3: "表"}
    for style_name, kind in styles:
        style = found.get(style_name)
        if style is None or not style.style_id:
            problems.append(Problem(part_location(name, part, style_name), f"テンプレートにスタイル「{style_name}」がありません（スタイル名は変えずに書式だけを変えてください）"))
        elif int(style.type) != kind:
            problems.append(Problem(part_location(name, part, style_name), f"スタイル「{style_name}」は{kinds.get(kind, '')}スタイルでなければなりません (style type)"))
        else:
            ids[style_name] = style.style_id
    if problems:
        raise OutputError(problems)
    return document, ids


def open_xlsx(data: bytes, name: str, named_styles: Iterable[str]) -> Workbook:
    """The template opened with openpyxl, after checking its parts and its named styles."""
    from openpyxl import load_workbook

    package = read_package(data, name)
    if package.main_type not in EXCEL_MAIN:
        if package.main_type == WORD_MAIN or package.main_type in WORD_OTHER:
            _fail(name, package.main, "Word の文書です。Excel のブック（.xlsx）を置いてください (not a workbook)")
        _fail(name, package.main, f"Excel のブック（.xlsx）ではありません（部品の種類: {package.main_type or 'なし'}） (not a workbook)")
    styles = package.related(package.main, "styles")
    if styles is None:
        _fail(name, "xl/styles.xml", "スタイルの部品がありません。Excel で開いて保存し直してください (missing styles part)")
    _check_core_properties(package)
    try:
        # openpyxl warns of features it drops (the template's sheets are dropped anyway) and prints
        # "N is out of range" to stdout on a bad style index before raising: the CLI alone prints.
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data))
    except Exception as exc:  # openpyxl on a file past the checks above: still the template's fault
        _fail(name, None, f"Excel のブックとして開けません（{type(exc).__name__}: {str(exc)[:200]}） (cannot open)")
    missing = [s for s in named_styles if s not in workbook.named_styles]
    if missing:
        raise OutputError([
            Problem(part_location(name, styles, s), f"テンプレートに名前付きスタイル「{s}」がありません（名前は変えずに書式だけを変えてください）")
            for s in missing
        ])
    return workbook

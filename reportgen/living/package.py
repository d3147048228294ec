"""An edited .docx as a zip of parts: read its XML safely, rewrite only the parts changed, copy every other byte.

Pictures (a chart redrawn by ``reportgen update``): :meth:`Package.add_image` adds a PNG part under
``word/media`` with a name and relationship id of its own (never one an editor's image already
uses) and the ``png`` content type; :meth:`Package.drop_relationship` removes a relationship nothing
in document.xml refers to any more, and its part when no other relationship in the package targets
it. A relationship whose target is external or outside the package is never followed.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import posixpath
import zipfile
from pathlib import PurePosixPath

from lxml import etree

from reportgen.errors import OutputError, Problem
from reportgen.safezip import check_archive, part_location

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
PNG_TYPE = "image/png"
MEDIA = "word/media"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def w(tag: str) -> str:
    """``t`` → ``{w namespace}t``."""
    return f"{{{W}}}{tag}"


class Package:
    """The parts of one .docx in their order; :meth:`save` writes changed parts, copies the others as they were."""

    def __init__(self, data: bytes, name: str) -> None:
        check_archive(data, name)
        self.name = name
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self.infos = self._zip.infolist()
        self.changed: dict[str, bytes] = {}
        self.added: dict[str, bytes] = {}
        """New binary parts (pictures), written as they are."""
        self.removed: set[str] = set()
        """Parts left out on save (a picture nothing refers to any more)."""
        self._xml: dict[str, etree._Element] = {}
        self.main = self._main_part()
        self.document = self.xml(self.main)
        body = self.document.find(w("body"))
        if body is None:
            raise OutputError([Problem(part_location(name, self.main), "本文（w:body）がありません。Word 文書として読めません (no body)")])
        self.body = body

    def created(self) -> dt.datetime | None:
        """When the document says it was created (docProps/core.xml dcterms:created): the edition's
        date in a report reportgen made, which Word keeps through every save; None when absent or unreadable."""
        if not self.has("docProps/core.xml"):
            return None
        found = self.xml("docProps/core.xml").find("{http://purl.org/dc/terms/}created")
        try:
            moment = dt.datetime.fromisoformat((found.text or "").strip().replace("Z", "+00:00")) if found is not None else None
        except ValueError:
            return None
        return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    def has(self, part: str) -> bool:
        if part in self.removed:
            return False
        return part in self.changed or part in self.added or any(i.filename == part for i in self.infos)

    def read(self, part: str) -> bytes:
        if part in self.added:
            return self.added[part]
        if part in self.changed:
            return self.changed[part]
        try:
            return self._zip.read(part)
        except KeyError:
            raise OutputError([Problem(part_location(self.name, part), "部品がありません。Word 文書として読めません (part missing)")]) from None

    def xml(self, part: str) -> etree._Element:
        """The parsed part (parsed once; edits to it are saved by :meth:`touch`)."""
        if part not in self._xml:
            try:
                self._xml[part] = etree.fromstring(self.read(part), _PARSER)
            except etree.XMLSyntaxError as exc:
                raise OutputError([Problem(part_location(self.name, part), f"XML として読めません: {exc} (not XML)")]) from None
        return self._xml[part]

    def touch(self, part: str) -> None:
        """Mark ``part`` as changed: it is serialised again on save."""
        self.changed[part] = b""

    def _rels_name(self, part: str) -> str:
        path = PurePosixPath(part)
        return str(path.parent / "_rels" / (path.name + ".rels")).lstrip("./")

    def _main_part(self) -> str:
        rels = self.xml("_rels/.rels")
        for rel in rels:
            if rel.get("Type") == OFFICE_DOCUMENT:
                return str(rel.get("Target", "")).lstrip("/")
        return "word/document.xml"

    def related(self, rel_type: str) -> str | None:
        """The part the main document relates to by ``rel_type`` (its package name), or None."""
        name = self._rels_name(self.main)
        if not self.has(name):
            return None
        for rel in self.xml(name):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                target = str(rel.get("Target", ""))
                base = PurePosixPath(self.main).parent
                return target.lstrip("/") if target.startswith("/") else str(base / target)
        return None

    def relate(self, rel_type: str, part: str, content_type: str, root: etree._Element) -> None:
        """Add ``part`` (new) with ``root`` as its XML, related from the main document."""
        rels_name = self._rels_name(self.main)
        rels = self.xml(rels_name)
        ids = {r.get("Id") for r in rels}
        number = 1
        while f"rId{number}" in ids:
            number += 1
        rel = etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship")
        rel.set("Id", f"rId{number}")
        rel.set("Type", rel_type)
        rel.set("Target", str(PurePosixPath(part).relative_to(PurePosixPath(self.main).parent)))
        self.touch(rels_name)
        types = self.xml("[Content_Types].xml")
        override = etree.SubElement(types, f"{{{CT}}}Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)
        self.touch("[Content_Types].xml")
        self._xml[part] = root
        self.touch(part)

    def _main_rels(self) -> etree._Element:
        """The main document's relationships (created empty when the package has none)."""
        name = self._rels_name(self.main)
        if not self.has(name):
            self._xml[name] = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
            self.touch(name)
        return self.xml(name)

    def _resolve(self, source: str, rel: etree._Element) -> str | None:
        """The package part ``rel`` (of part ``source``) targets; None when external or outside the package."""
        target = str(rel.get("Target", ""))
        if rel.get("TargetMode") == "External" or not target or "\\" in target or ":" in target:
            return None
        joined = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(source), target)
        part = posixpath.normpath(joined)
        return None if part.startswith(("../", "/")) or part in (".", "..") else part

    def target(self, rel_id: str) -> str | None:
        """The part the main document's relationship ``rel_id`` targets, when it is one in this package (else None)."""
        if not self.has(self._rels_name(self.main)):
            return None
        for rel in self._main_rels():
            if rel.get("Id") == rel_id:
                part = self._resolve(self.main, rel)
                return part if part is not None and self.has(part) else None
        return None

    def add_image(self, data: bytes) -> str:
        """Add the PNG ``data`` as a new part related from the main document; its new relationship id."""
        stem = f"{MEDIA}/reportgen-{hashlib.sha256(data).hexdigest()[:16]}"
        part, number = f"{stem}.png", 1
        # never an editor's part, nor one given up in this run; part names are compared as OPC does, ignoring case
        taken = {name.lower() for name in [*(i.filename for i in self.infos), *self.changed, *self.added, *self.removed]}
        while part.lower() in taken:
            number += 1
            part = f"{stem}-{number}.png"
        self.added[part] = data
        rels = self._main_rels()
        ids = {str(r.get("Id")).lower() for r in rels}
        number = 1
        while f"rid{number}" in ids:  # ids are compared as Word does not: exactly; unlike in case too, to be safe
            number += 1
        rel = etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship")
        rel.set("Id", f"rId{number}")
        rel.set("Type", IMAGE_REL)
        rel.set("Target", posixpath.relpath(part, posixpath.dirname(self.main) or "."))
        self.touch(self._rels_name(self.main))
        types = self.xml("[Content_Types].xml")
        defaults = {str(d.get("Extension", "")).lower(): d for d in types.findall(f"{{{CT}}}Default")}
        if defaults.get("png") is None or defaults["png"].get("ContentType") != PNG_TYPE:
            override = etree.SubElement(types, f"{{{CT}}}Override")
            override.set("PartName", "/" + part)
            override.set("ContentType", PNG_TYPE)
            self.touch("[Content_Types].xml")
        return f"rId{number}"

    def references(self, rel_id: str) -> int:
        """How many attributes of document.xml in the relationships namespace name ``rel_id`` (r:embed, r:link, r:id)."""
        return sum(1 for e in self.document.iter() for key, value in e.attrib.items()
                   if value == rel_id and str(key).startswith(f"{{{R}}}"))

    def drop_relationship(self, rel_id: str) -> None:
        """Remove the main document's ``rel_id`` when nothing refers to it, and its part when nothing else targets it."""
        if self.references(rel_id) or not self.has(self._rels_name(self.main)):
            return
        rels = self._main_rels()
        found = [r for r in rels if r.get("Id") == rel_id]
        if not found:
            return
        part = self._resolve(self.main, found[0])
        for rel in found:
            rels.remove(rel)
        self.touch(self._rels_name(self.main))
        if part is None or not self.has(part) or self._targeted(part):
            return
        self.removed.add(part)
        self.added.pop(part, None)
        types = self.xml("[Content_Types].xml")
        for override in types.findall(f"{{{CT}}}Override"):
            if override.get("PartName") == "/" + part:
                types.remove(override)
                self.touch("[Content_Types].xml")

    def _targeted(self, part: str) -> bool:
        """True when a relationship of any part of the package still targets ``part``."""
        names = [i.filename for i in self.infos] + list(self.changed)
        for name in dict.fromkeys(names):
            if not name.endswith(".rels") or not self.has(name):
                continue
            source = posixpath.join(posixpath.dirname(posixpath.dirname(name)), posixpath.basename(name)[: -len(".rels")])
            if any(self._resolve(source, rel) == part for rel in self.xml(name)):
                return True
        return False

    def style_names(self) -> dict[str, str]:
        """Style id → style name (LibreOffice renames ids, never names: 'Body Text' stays, BodyText becomes TextBody)."""
        part = self.related(STYLES_REL)
        if part is None:
            return {}
        out = {}
        for style in self.xml(part).findall(w("style")):
            name = style.find(w("name"))
            if name is not None:
                out[str(style.get(w("styleId")))] = str(name.get(w("val")))
        return out

    def save(self) -> bytes:
        """The package with every touched part serialised again and every other entry copied byte for byte."""
        self.touch(self.main)
        parts = {name: etree.tostring(self._xml[name], xml_declaration=True, encoding="UTF-8", standalone=True)
                 for name in self.changed if name not in self.removed}
        parts.update(self.added)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in self.infos:
                if info.filename in self.removed:
                    continue
                data = parts.pop(info.filename, None)
                # a copy: writestr rewrites the entry's offsets, and self._zip reads by this very object afterwards
                target.writestr(copy.copy(info), data if data is not None else self._zip.read(info.filename))
            for name, data in parts.items():
                entry = zipfile.ZipInfo(name, date_time=self.infos[0].date_time if self.infos else (1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, data)
        return out.getvalue()

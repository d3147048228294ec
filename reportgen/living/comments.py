"""Word comments on paragraphs of an edited .docx (comments.xml written by hand, the editors' own comments kept)."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from reportgen.living.package import COMMENTS_REL, COMMENTS_TYPE, Package, W, w

AUTHOR, INITIALS = "reportgen", "RG"


def _comments_root(package: Package) -> tuple[str, etree._Element]:
    part = package.related(COMMENTS_REL)
    if part is not None:
        return part, package.xml(part)
    name = "word/comments.xml"
    root = etree.Element(w("comments"), nsmap={"w": W})
    package.relate(COMMENTS_REL, name, COMMENTS_TYPE, root)
    return name, root


def add_comments(package: Package, notes: list[tuple[etree._Element, str]], when: dt.datetime) -> None:
    """Anchor a comment holding ``text`` on each paragraph of ``notes`` (the whole of its content)."""
    if not notes:
        return
    part, root = _comments_root(package)
    used = [int(c.get(w("id"), "0")) for c in root.findall(w("comment")) if c.get(w("id"), "").isdigit()]
    used += [int(str(e.get(w("id")))) for e in package.body.iter(w("commentRangeStart"), w("commentReference"))
             if str(e.get(w("id"), "")).isdigit()]
    number = max([-1, *used]) + 1
    stamp = when.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"  # a naive time is local
    for p, body in notes:
        ident = str(number)
        number += 1
        comment = etree.SubElement(root, w("comment"))
        comment.set(w("id"), ident)
        comment.set(w("author"), AUTHOR)
        comment.set(w("initials"), INITIALS)
        comment.set(w("date"), stamp)
        for line in body.split("\n"):
            cp = etree.SubElement(comment, w("p"))
            t = etree.SubElement(etree.SubElement(cp, w("r")), w("t"))
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        start = etree.Element(w("commentRangeStart"))
        start.set(w("id"), ident)
        pr = p.find(w("pPr"))
        p.insert(0 if pr is None else p.index(pr) + 1, start)
        end = etree.SubElement(p, w("commentRangeEnd"))
        end.set(w("id"), ident)
        ref = etree.SubElement(etree.SubElement(p, w("r")), w("commentReference"))
        ref.set(w("id"), ident)
    package.touch(part)

"""Plain-text rendering of the document, for proofreading and review diffs (report.txt)."""

from __future__ import annotations

from reportgen.document import Document, Heading, Paragraph, Table
from reportgen.document.grid import layout

_INDENT = {"bullet": "", "aside": "", "note": "  ", "note_detail": "    ", "label": "  ", "marker": " ", "placeholder": ""}


def render_text(document: Document) -> bytes:
    """The document as UTF-8 text; footnotes are numbered and listed at the end."""
    lines: list[str] = []
    notes: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            lines.extend(["", block.text, ""])
        elif isinstance(block, Paragraph):
            text = block.text
            for note in block.footnotes:
                notes.append(f"注{len(notes) + 1} {note.term}とは、{note.text}")
                text = text.replace(note.term, f"{note.term}（注{len(notes)}）", 1)
            lines.append(_INDENT.get(block.style, "") + text)
        elif isinstance(block, Table):
            lines.extend(["", block.caption])
            for r, row in enumerate(layout(block)):
                texts = (s.cell.text.replace("\n", " ") if s.is_origin(r, c) else "" for c, s in enumerate(row))
                lines.append("\t".join(texts).rstrip("\t"))
            lines.extend(note.text for note in block.notes)
    if notes:
        lines.extend(["", "―――", *notes])
    return ("\n".join(lines).strip() + "\n").encode("utf-8")

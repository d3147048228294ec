"""The document model between the rules and the renderers (sections, paragraphs, tables, notes)."""

from reportgen.document.nodes import (
    About,
    Block,
    Cell,
    Contents,
    DataTable,
    Document,
    EditionDate,
    Footnote,
    Heading,
    Note,
    PageRef,
    Paragraph,
    Table,
)

__all__ = [
    "About", "Block", "Cell", "Contents", "DataTable", "Document", "EditionDate", "Footnote", "Heading", "Note",
    "PageRef", "Paragraph", "Table",
]

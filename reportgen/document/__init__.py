"""The document model between the rules and the renderers (sections, paragraphs, tables, notes)."""

from reportgen.document.nodes import (
    Block,
    Cell,
    Contents,
    DataTable,
    Document,
    EditionDate,
    Footnote,
    Heading,
    Paragraph,
    Table,
)

__all__ = [
    "Block", "Cell", "Contents", "DataTable", "Document", "EditionDate", "Footnote", "Heading", "Paragraph", "Table",
]

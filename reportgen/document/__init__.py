"""The document model between the rules and the renderers (sections, paragraphs, tables, notes)."""

from reportgen.document.nodes import (
    Block,
    Cell,
    Contents,
    Document,
    Footnote,
    Heading,
    Paragraph,
    Table,
)

__all__ = ["Block", "Cell", "Contents", "Document", "Footnote", "Heading", "Paragraph", "Table"]

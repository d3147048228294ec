"""The document model between the rules and the renderers (sections, paragraphs, tables, notes)."""

from reportgen.document.nodes import (
    About,
    Bar,
    Block,
    Cell,
    Chart,
    ChartLabels,
    Contents,
    DataTable,
    Document,
    EditionDate,
    Footnote,
    Guide,
    Heading,
    Note,
    PageRef,
    Paragraph,
    Table,
)

__all__ = [
    "About", "Bar", "Block", "Cell", "Chart", "ChartLabels", "Contents", "DataTable", "Document", "EditionDate", "Footnote", "Guide",
    "Heading", "Note", "PageRef", "Paragraph", "Table",
]

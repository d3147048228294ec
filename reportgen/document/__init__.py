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
    EditionWords,
    Footnote,
    Guide,
    Heading,
    Note,
    PageRef,
    Paragraph,
    PartWords,
    Table,
    WardWords,
)

__all__ = [
    "About", "Bar", "Block", "Cell", "Chart", "ChartLabels", "Contents", "DataTable", "Document", "EditionDate", "EditionWords", "Footnote",
    "Guide", "Heading", "Note", "PageRef", "Paragraph", "PartWords", "Table", "WardWords",
]

"""Document nodes: what every renderer (docx, text, …) turns into bytes; nothing here knows the rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Footnote:
    """A term definition attached to the first use of ``term`` in a paragraph (※…とは)."""

    term: str
    text: str


@dataclass(frozen=True, slots=True)
class PageRef:
    """A reference to the page a heading starts on (the publication's 「（詳細はｐ10を参照）」).

    In :attr:`Paragraph.text` it reads as ``text`` (the heading's number, 「1⑶㋐」: what a reader of
    an edition without pages — report.txt, HTML — can follow), at offset ``at``. A paged renderer
    prints ``prefix`` and the page number of the heading whose ``anchor`` it names instead.
    """

    at: int
    text: str
    anchor: str
    prefix: str = "ｐ"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text with a semantic style name.

    Styles: ``body``, ``bullet`` (「・」 lines), ``note`` (※ notes), ``label`` (【達成状況】),
    ``marker`` (○取組の実施状況), ``indicator`` (an indicator's wording and target
    under 【成果指標と目標値】, a block), ``aside`` (a parenthesised remark), ``title``, ``subtitle``,
    ``placeholder`` (text the editors still have to write).
    """

    text: str
    style: str = "body"
    footnotes: tuple[Footnote, ...] = ()
    source: str | None = None  # "generated:<rule>" or "prose:<file>" — for tests and review
    refs: tuple[PageRef, ...] = ()

    def pieces(self) -> list[str | PageRef]:
        """The text cut at its page references: text, reference, text, … (empty texts left out)."""
        out: list[str | PageRef] = []
        start = 0
        for ref in sorted(self.refs, key=lambda r: r.at):
            if ref.at > start:
                out.append(self.text[start:ref.at])
            out.append(ref)
            start = ref.at + len(ref.text)
        if start < len(self.text):
            out.append(self.text[start:])
        return out

    def paged_text(self, page: str = "") -> str:
        """The text as a paged renderer prints it, each reference as its prefix and ``page``."""
        return "".join(p if isinstance(p, str) else p.prefix + page for p in self.pieces())


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading; level 1 = Ⅰ/Ⅱ, 2 = 1/(1), 3 = ㋐."""

    text: str
    level: int
    anchor: str = ""  # what a PageRef names to point at this heading (empty: none does)


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: the printed text, the raw number when there is one, and its span."""

    text: str
    value: Decimal | int | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    number_format: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table with ``header_rows`` repeating rows; rows list only the cells that start there."""

    caption: str
    rows: tuple[tuple[Cell, ...], ...]
    columns: int
    header_rows: int = 1
    widths: tuple[float, ...] = ()
    notes: tuple[Paragraph, ...] = ()
    landscape: bool = False


@dataclass(frozen=True, slots=True)
class Contents:
    """A table of contents of the headings down to ``levels`` (Word refreshes it on opening)."""

    title: str = "目次"
    levels: int = 3


Value = str | int | Decimal | None
"""A datum of a machine-readable table: text, a number, or None where the publication prints ―."""


@dataclass(frozen=True, slots=True)
class DataTable:
    """One machine-readable table (CSV, data sheet): a name, one header row, and records.

    ``name`` names the CSV file (and the Excel table); ``sheet`` is the workbook's sheet name, in
    Japanese as the other sheets; ``summary`` says what a row holds (the contents sheet); ``refers``
    lists the marks of the numbered notes (:class:`Note`) the table refers to.
    """

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    sheet: str = field(default="", kw_only=True)
    summary: str = field(default="", kw_only=True)
    refers: tuple[str, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a chart (a ward, or an indicator): its label and one value per series (None: no segment)."""

    label: str
    values: tuple[Decimal | int | None, ...]
    texts: tuple[str, ...]
    """Each value as printed (「80.4％」), "" where the value is None."""


@dataclass(frozen=True, slots=True)
class Guide:
    """A reference line across a chart at ``value`` (the year's threshold, the target)."""

    label: str
    value: Decimal | int


PART_SLOTS = {name: chr(0x10FFF0 + n) for n, name in enumerate(("title", "description", "number", "count", "first", "last"))}
"""The names the wording of a chart's parts reads (templates/sentences/charts/part/), each as the private-use
character standing for it in :class:`PartWords`' patterns (U+10FFF0…: no font draws them, no data or template of
a publication has a reason to; values are put in without being read again, so data holding one changes nothing)."""


@dataclass(frozen=True, slots=True)
class PartWords:
    """The caption and alt text of each picture of a chart split to fit a page (「図 … （1/3）」), written by
    templates/sentences/charts/part/ with :data:`PART_SLOTS` for their names: how many parts a chart makes
    depends on report.docx's page, known only when it is written. ``first_description`` is the first part's
    alt text (it may state the whole chart), ``description`` the others'. Empty: the chart's own words."""

    caption: str = ""
    description: str = ""
    first_description: str = ""

    @staticmethod
    def fill(pattern: str, **values: str) -> str:
        """``pattern`` with each name's value where its slot stands (values are not read again for slots)."""
        return pattern.translate({ord(PART_SLOTS[name]): value for name, value in values.items()})


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The words around a chart's figures, written by the chart wording templates (templates/sentences/charts/).

    ``category`` names what a bar stands for (区, 成果指標): the first column of the figures' table;
    ``value`` and ``series`` head that table's columns when each bar has one value; ``caption`` is
    the table's caption, ``workbook_title`` the chart's title in Excel (which draws no guide lines);
    ``parts`` the words of its pictures when report.docx splits it to fit a page.
    """

    category: str = ""
    value: str = ""
    series: str = ""
    caption: str = ""
    workbook_title: str = ""
    parts: PartWords = PartWords()


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart of figures (図): every writer draws it from these numbers, never from a picture.

    ``series`` name the segments of each bar (stacked left to right; a bar with one value has one
    segment); ``groups`` split the bars into labelled runs shown apart (参考数値 after the judged
    wards); ``description`` is the text alternative stating what the chart shows, ``key`` a stable
    name for anchors and files. Values are in ``unit`` (「％」, 「件」).
    """

    key: str
    title: str
    description: str
    unit: str
    series: tuple[str, ...]
    groups: tuple[tuple[str, tuple[Bar, ...]], ...]
    guides: tuple[Guide, ...] = ()
    maximum: Decimal | int = 0
    """The value axis ends here (at least the largest bar and guide, rounded up)."""
    labels: ChartLabels = ChartLabels()
    """The words of its figures' table and of its Excel title."""

    def bars(self) -> list[Bar]:
        """Every bar in reading order, the groups one after another."""
        return [bar for _, bars in self.groups for bar in bars]


Block = Heading | Paragraph | Table | Contents | Chart


@dataclass(frozen=True, slots=True)
class Note:
    """A numbered note of the publication (※1 …), stated once and referred to by its ``mark``."""

    mark: str
    text: str


@dataclass(frozen=True, slots=True)
class About:
    """What a published file says about itself (the workbook's cover sheet).

    ``period`` is the time the figures cover, ``source`` the publication they come from,
    ``contact`` whom to ask (empty when the data names no one; ``contact_hint`` then says where to
    add it), ``notes`` the numbered notes the data tables refer to.
    """

    period: str
    source: str
    contact: str = ""
    contact_hint: str = ""
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class EditionDate:
    """The day that dates an edition's files, and whether it is the edition's 公表日.

    ``published`` is True only for the ``published`` date of ``data/YEAR/edition.yaml``: a fact
    about the publication, which the open data states as 公表日. Otherwise the day is a stand-in
    (SOURCE_DATE_EPOCH, or April 1 after the fiscal year) that only keeps builds reproducible: it
    still dates the zip entries and document properties, but is never stated as 公表日.
    """

    day: dt.date
    published: bool = False

    @property
    def moment(self) -> dt.datetime:
        """Midnight UTC of :attr:`day`: the created/modified time of the Office documents."""
        return dt.datetime.combine(self.day, dt.time(), dt.UTC)

    @property
    def stated(self) -> str:
        """The 公表日 as the open data states it: YYYY-MM-DD when published, else empty."""
        return self.day.isoformat() if self.published else ""


@dataclass(frozen=True, slots=True)
class WardWords:
    """The words of one ward's web page (wards/CODE.html), written by templates/sentences/web/ward/."""

    code: str
    title: str = ""
    """The page's title and heading (h1)."""
    lead: str = ""
    """The paragraph saying what the page is."""
    caption: str = ""
    """The caption of the ward's results table."""
    previous: str = ""
    """The heading of the results table's columns of the year before (「平成27年度（前年度）」)."""


@dataclass(frozen=True, slots=True)
class EditionWords:
    """The fixed words of the web edition's pages and of the workbook's グラフ sheet, written by templates.

    templates/sentences/web/ writes them (see its README); the writers only escape and place them.
    """

    skip: str = ""
    """The skip link to the main content of every page."""
    back: str = ""
    """The link from a ward page back to index.html."""
    data: str = ""
    """The heading of index.html's data section and its entry in the contents."""
    wards: str = ""
    """The heading of index.html's list of ward pages and its entry in the contents."""
    no_wards: str = ""
    """Said in place of that list when the data has no ward."""
    results: str = ""
    chart: str = ""
    city: str = ""
    """The ward pages' section headings: the results, the chart, the city's counts."""
    city_caption: str = ""
    """The caption of the city's counts table."""
    pages: tuple[WardWords, ...] = ()
    """Each ward page's own words, by ward code."""
    sheet_title: str = ""
    sheet_note: str = ""
    """The グラフ sheet's heading (A1) and note (A2)."""
    sheet_entry: str = ""
    """What the workbook's cover and contents say the グラフ sheet holds."""
    visual: str = ""
    """What the workbook's cover says of its charts and pictures (the グラフ sheet's charts, or that there are none)."""
    minus: str = ""
    """What a screen reader says for ▲/△ (hidden from sight): 「マイナス」."""
    outside_total: str = ""
    """Said (hidden from sight) after a parenthesised figure of a print table: it is not in the total."""
    note_refs: tuple[str, ...] = ()
    note_backs: tuple[str, ...] = ()
    """For footnote N (at N-1): its link where the term is used (「注N」) and its link back to there."""
    notes_heading: str = ""
    """The heading of index.html's footnotes."""
    none: str = ""
    """A cell without a value in the web pages' tables (「―」)."""
    reference: str = ""
    """The mark of a reference value (参考数値) in the ward results table."""
    city_wide: str = ""
    """After a result counted for the whole city (「（全市）」)."""
    columns: tuple[tuple[str, str], ...] = ()
    """The ward results table's column headings by the data column they head."""

    def ward(self, code: str) -> WardWords:
        """The words of ward ``code``'s page (empty words when the document has none for it)."""
        return next((w for w in self.pages if w.code == code), WardWords(code))

    def note_ref(self, number: int) -> str:
        """The link to footnote ``number`` (from 1) where its term is used ("" beyond the words written)."""
        return self.note_refs[number - 1] if 0 < number <= len(self.note_refs) else ""

    def note_back(self, number: int) -> str:
        """Footnote ``number``'s link back to where its term is used ("" beyond the words written)."""
        return self.note_backs[number - 1] if 0 < number <= len(self.note_backs) else ""

    def column(self, name: str) -> str:
        """The heading of data column ``name`` in the ward results table ("" without words for it)."""
        return next((heading for column, heading in self.columns if column == name), "")


@dataclass(frozen=True, slots=True)
class Document:
    """A whole publication: properties, the printed blocks in reading order, and the data tables.

    ``data`` holds the machine-readable tables (CSV files and the workbook's data sheets) in the
    order they are written, so that every writer reads the document alone, as pandoc's do.
    """

    title: str
    subtitle: str
    author: str
    date: EditionDate
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    data: tuple[DataTable, ...] = field(default_factory=tuple)
    language: str = "ja-JP"
    about: About | None = None
    charts: tuple[Chart, ...] = field(default_factory=tuple)
    """Charts of the web edition's own pages, not printed (each ward's indicators, key ``ward-CODE``)."""
    words: EditionWords = field(default_factory=EditionWords)
    """The fixed words of the web pages and the グラフ sheet (templates/sentences/web/)."""

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph in reading order, the notes under tables included."""
        out: list[Paragraph] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block)
            elif isinstance(block, Table):
                out.extend(block.notes)
        return out

"""The web edition's page per ward (wards/CODE.html): its indicators' figures, a chart, and the city's counts.

Written from the document alone: the rows of the ward results data table (区別実績) for the ward,
the wording of each indicator from 表1's data, the city's counts from 表2's data, and the ward's
chart (``ward-CODE``) the document carries.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from reportgen import jp
from reportgen.document import Chart, DataTable, Document, EditionWords
from reportgen.document.nodes import Value
from reportgen.render.html_page import page

WARD_TABLE, TABLE1, TABLE2 = "ward_results", "table1", "table2"
HEAD_COLUMNS = ("指標ID", "成果指標")
"""The columns naming each row of the ward results table (its indicator), before the year's figures."""
WARD_COLUMNS = ("実績値", "単位", "目標値", "進捗率", "進捗状況", "参考数値")
"""The columns of the ward results shown for the edition's year, in this order; then the previous year's.

Each is headed by its words in the document (:meth:`~reportgen.document.EditionWords.column`,
templates/sentences/web/ward/columns/), not by the data column's name.
"""
PREVIOUS_COLUMNS = ("実績値", "進捗率", "進捗状況")
WORD_COLUMNS = frozenset({"単位", "進捗状況", "参考数値"})
"""Columns of words, not figures: aligned left as text is (figures align right)."""


def year_label(year: int) -> str:
    """A fiscal year as the publication writes it (「平成28年度」, 「令和元年度」): the data's 年度 column is western."""
    try:
        return jp.fiscal_year_label(year)
    except ValueError:  # before 明治 (no data of such a year loads): the western year as it stands
        return f"{year}年度"


def _kind(column: str) -> str:
    return ' class="word"' if column in WORD_COLUMNS else ""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _text(value: Value, none: str) -> str:
    """A datum as a cell's text, ``none`` (the words of a cell without a value) for None or nothing."""
    if value is None or value == "":
        return none
    if isinstance(value, Decimal):
        return format(value.copy_abs() if value.is_zero() else value, "f")
    return str(value)


def records(table: DataTable) -> list[dict[str, Value]]:
    """The rows of ``table`` as column name → value."""
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def _table(document: Document, name: str) -> DataTable | None:
    return next((t for t in document.data if t.name == name), None)


def wards(document: Document) -> list[tuple[str, str]]:
    """(code, name) of every ward in the city's order, as the ward results list them."""
    table = _table(document, WARD_TABLE)
    if table is None:
        return []
    return list(dict.fromkeys((str(r["区コード"]), str(r["区"])) for r in records(table)))


def ward_links(document: Document, folder: str) -> str:
    """The list of links to the ward pages (index.html's 区ごとのページ)."""
    items = "".join(f'<li><a href="{_esc(folder + code)}.html">{_esc(name)}</a></li>' for code, name in wards(document))
    return f'<ul class="wards">{items}</ul>' if items else f"<p>{_esc(document.words.no_wards)}</p>"


def _value(row: dict[str, Value] | None, column: str, words: EditionWords) -> str:
    """The text of ``column``'s cell of ``row`` (of a year without a row: no value), in the document's words."""
    if row is None:
        return words.none
    value = row.get(column)
    if column == "参考数値":
        return words.reference if value == 1 else words.none
    if column == "進捗率" and value is not None:
        return _text(value, words.none) + "％"
    text = _text(value, words.none)
    if column == "実績値" and row.get("集計単位") == "全市":
        text += words.city_wide
    return text


@dataclass(frozen=True)
class _Shared:
    """What every ward page reads from the document, gathered once (not once per ward)."""

    rows: dict[str, list[dict[str, Value]]]
    """The ward results' records by ward code."""
    wording: dict[str, str]
    """Each indicator's wording (表1's data) by its ID."""
    charts: dict[str, Chart]
    """The document's charts by key."""
    city: str
    """The table of the city's counts (the same on every page)."""


def _shared(document: Document) -> _Shared:
    rows: dict[str, list[dict[str, Value]]] = {}
    for row in records(_table(document, WARD_TABLE) or DataTable("", "", (), ())):
        rows.setdefault(str(row["区コード"]), []).append(row)
    table1 = _table(document, TABLE1)
    wording = {str(r["指標ID"]): str(r["成果指標"]) for r in records(table1)} if table1 else {}
    charts: dict[str, Chart] = {}
    for chart in document.charts:
        charts.setdefault(chart.key, chart)
    return _Shared(rows, wording, charts, city_counts(document))


def ward_page(document: Document, code: str, name: str, chart_figure: Callable[[Chart, str, str], str], shared: _Shared | None = None) -> str:
    """One ward's page: its indicators this year and last, its chart, and the city's counts from 表2."""
    shared = shared or _shared(document)
    ward_rows = shared.rows.get(code, [])
    year = max(int(str(r["年度"])) for r in ward_rows)  # a ward of the ward results (ward_pages): it has rows
    current = [r for r in ward_rows if r["年度"] == year]
    previous = {str(r["指標ID"]): r for r in ward_rows if r["年度"] == year - 1}
    wording = shared.wording
    fixed = document.words
    words = fixed.ward(code)
    identity, indicator = (_esc(fixed.column(c)) for c in HEAD_COLUMNS)
    head = (f'<tr><th scope="col" rowspan="2" id="w-id">{identity}</th><th scope="col" rowspan="2" id="w-name">{indicator}</th>'
            f'<th scope="colgroup" colspan="{len(WARD_COLUMNS)}" id="w-now">{_esc(year_label(year))}</th>'
            + (f'<th scope="colgroup" colspan="{len(PREVIOUS_COLUMNS)}" id="w-before">{_esc(words.previous)}</th>' if previous else "")
            + "</tr><tr>"
            + "".join(f'<th scope="col" id="w-now-{n}">{_esc(fixed.column(c))}</th>' for n, c in enumerate(WARD_COLUMNS))
            + ("".join(f'<th scope="col" id="w-before-{n}">{_esc(fixed.column(c))}</th>' for n, c in enumerate(PREVIOUS_COLUMNS)) if previous else "")
            + "</tr>")
    rows = []
    for n, row in enumerate(current):
        ident = str(row["指標ID"])
        rid = f"w-r{n}"
        cells = [f'<th scope="row" id="{rid}">{_esc(ident)}</th>',
                 f'<td class="text" headers="w-name {rid}">{_esc(wording.get(ident, ""))}</td>']
        cells += [f'<td{_kind(c)} headers="w-now w-now-{k} {rid}">{_esc(_value(row, c, fixed))}</td>' for k, c in enumerate(WARD_COLUMNS)]
        if previous:
            before = previous.get(ident)
            cells += [f'<td{_kind(c)} headers="w-before w-before-{k} {rid}">{_esc(_value(before, c, fixed))}</td>' for k, c in enumerate(PREVIOUS_COLUMNS)]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    results = (f'<div class="scroll" role="region" aria-labelledby="w-c" tabindex="0"><table class="ward">'
               f'<caption id="w-c">{_esc(words.caption)}</caption><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>')
    chart = shared.charts.get(f"ward-{code}")
    figure = chart_figure(chart, "", fixed.none) if chart is not None else ""
    main = (f"<h1>{_esc(words.title)}</h1><p>{_esc(words.lead)}</p>"
            f'<h2 id="results">{_esc(fixed.results)}</h2>{results}'
            + (f'<h2 id="chart">{_esc(fixed.chart)}</h2>{figure}' if figure else "")
            + f'<h2 id="city">{_esc(fixed.city)}</h2>{shared.city}')
    return page(document, words.title, main, "../index.html")


def city_counts(document: Document) -> str:
    """表2's counts of the city for each indicator and the total, in the first 集計区分 (参考数値を除く)."""
    table = _table(document, TABLE2)
    if table is None:
        return ""
    first: dict[str, dict[str, Value]] = {}
    for row in records(table):
        first.setdefault(str(row["指標ID"]), row)
    counts = list(table.columns[table.columns.index("集計区分") + 1:])
    words = document.words
    head = f'<tr><th scope="col">{_esc(words.column(HEAD_COLUMNS[0]))}</th>' + "".join(f'<th scope="col">{_esc(c)}</th>' for c in counts) + "</tr>"
    rows = "".join("<tr>" + f'<th scope="row">{_esc(ident)}</th>' + "".join(f"<td>{_esc(_text(row[c], words.none))}</td>" for c in counts) + "</tr>"
                   for ident, row in first.items())
    return (f'<div class="scroll" role="region" aria-labelledby="city-c" tabindex="0"><table class="city">'
            f'<caption id="city-c">{_esc(words.city_caption)}</caption><thead>{head}</thead><tbody>{rows}</tbody></table></div>')


def ward_pages(document: Document, chart_figure: Callable[[Chart, str, str], str]) -> dict[str, str]:
    """Every ward's page by its code."""
    shared = _shared(document)
    return {code: ward_page(document, code, name, chart_figure, shared) for code, name in wards(document)}

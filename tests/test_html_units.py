"""The web edition's writer on small documents made by hand (render/html.py, html_wards.py): each node as its HTML,
headers and ids, links to notes, footnotes and headings, escaping in text and attributes, the ward pages' tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import lxml.html
import pytest

from reportgen.build import TEMPLATES
from reportgen.datasets import WARD_COLUMNS
from reportgen.document import (
    Bar,
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
    PageRef,
    Paragraph,
    Table,
)
from reportgen.errors import Problems
from reportgen.narrative.engine import SentenceRules
from reportgen.render.charts import plan
from reportgen.render.html import (
    SCREEN_SCALE,
    chart_figure,
    data_table,
    render_html,
    render_index,
    spoken,
    value_text,
)
from reportgen.render.html_wards import city_counts, records, ward_links, year_label
from reportgen.web_wording import WebWording, worded

DAY = EditionDate(dt.date(2017, 4, 1))
VH = "マイナス"


WEB = WebWording(SentenceRules(TEMPLATES / "sentences", Problems()), Problems())
"""The shipped web wording (templates/sentences/web/): a hand-made document carries its words as a composed one does."""


def doc(*blocks: object, data: tuple[DataTable, ...] = (), charts: tuple[Chart, ...] = ()) -> Document:
    return worded(Document("題名", "平成28年度の実施状況", "テスト市", DAY, tuple(blocks), data, charts=charts), WEB)  # type: ignore[arg-type]


def index(*blocks: object, data: tuple[DataTable, ...] = ()) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render_index(doc(*blocks, data=data)))


def test_paragraph_styles_are_classes_headings_are_levels_below_the_title() -> None:
    page = index(Paragraph("題", "title"), Heading("一", 1), Heading("二", 2), Heading("五", 5), Heading("六", 6),
                 Paragraph("本文"), Paragraph("・箇条", "bullet"), Paragraph("【達成状況】", "label"), Paragraph("未知", "no_such"),
                 Paragraph("【書いてください】", "placeholder"))
    assert [h.text for h in page.xpath("//h1")] == ["題"]
    main = page.xpath("//main")[0]
    heads = [(h.tag, h.get("id"), h.text) for h in main if h.tag in ("h2", "h3", "h6") and h.get("id", "").startswith("s")]
    assert heads == [("h2", "s1", "一"), ("h3", "s2", "二"), ("h6", "s3", "五"), ("h6", "s4", "六")]
    classes = {p.text: p.get("class") for p in main.xpath("./p")}
    assert classes == {"本文": None, "・箇条": "bullet", "【達成状況】": "label", "未知": None, "【書いてください】": "placeholder"}
    assert page.get("lang") == "ja" and page.xpath("//title")[0].text == "題名"


def test_notes_are_linked_where_referred_to_but_not_from_their_own_mark() -> None:
    table = Table("表", ((Cell("見出し", header=True),), (Cell("1", 1),)), 1,
                  notes=(Paragraph("※1 一つ目の注。※1は繰り返し", "note"), Paragraph("※2 二つ目", "note"), Paragraph("補足", "note_detail")))
    page = index(Paragraph("本文※1と※2と※3"), table)
    body = page.xpath("//main/p[1]")[0]
    assert [(a.get("href"), a.text) for a in body.xpath("./a")] == [("#note-1", "※1"), ("#note-2", "※2")]
    assert "※3" in body.text_content() and not body.xpath("./a[text()='※3']")  # no such note: text, no link
    note = page.xpath("//p[@id='note-1']")[0]
    assert note.get("class") == "note" and note.text.startswith("※1 ")  # its own mark is not a link to itself
    assert [a.get("href") for a in note.xpath("./a")] == ["#note-1"]  # a later mention is
    assert page.xpath("//div[@class='notes']/p[@class='note-detail']")[0].text == "補足"


def test_footnotes_are_numbered_and_linked_both_ways_and_absent_terms_skipped() -> None:
    page = index(Paragraph("地域活動協議会とNPOの活動", footnotes=(Footnote("地域活動協議会", "説明一"), Footnote("ない語", "x"),
                                                                Footnote("NPO", "説明二"))))
    refs = page.xpath("//sup/a[@class='fnref']")
    assert [(a.get("id"), a.get("href"), a.text) for a in refs] == [("fnref-1", "#fn-1", "注1"), ("fnref-2", "#fn-2", "注2")]
    assert page.xpath("//main/p")[0].text_content() == "地域活動協議会注1とNPO注2の活動"
    items = page.xpath("//section[@class='footnotes']//li")
    assert [li.get("id") for li in items] == ["fn-1", "fn-2"]
    assert items[0].text.startswith("地域活動協議会とは、説明一") and items[1].xpath("./a/@href") == ["#fnref-2"]
    assert not index(Paragraph("注のない文")).xpath("//section[@class='footnotes']")


def test_page_references_link_to_their_heading_and_unknown_ones_stay_text() -> None:
    text = "詳細は1⑶㋐と2⑴㋑を参照"
    refs = (PageRef(3, "1⑶㋐", "item-1-3-a"), PageRef(7, "2⑴㋑", "nowhere"))
    page = index(Heading("項目", 4, "item-1-3-a"), Paragraph(text, refs=refs))
    paragraph = page.xpath("//main/p")[0]
    assert paragraph.text_content() == text
    assert [(a.get("href"), a.text) for a in paragraph.xpath("./a")] == [("#s1", "1⑶㋐")]


def test_contents_list_headings_to_their_depth_then_the_data_and_the_wards() -> None:
    page = index(Contents("もくじ", 2), Heading("一", 1), Heading("二", 2), Heading("三", 3), Heading("四", 1))
    nav = page.xpath("//nav[@class='toc']")[0]
    assert nav.get("aria-labelledby") == "toc" and nav.xpath("./h2[@id='toc']")[0].text == "もくじ"
    assert [(a.text, a.get("href")) for a in nav.xpath(".//a")] == [
        ("一", "#s1"), ("二", "#s2"), ("四", "#s4"), ("データ（表1・表2の数値）", "#data"), ("区ごとのページ", "#wards")]
    assert nav.xpath("./ol/li[1]/ol/li/a")[0].text == "二"  # nested under its parent


def _print_table() -> Table:
    rows = (
        (Cell("区分", rowspan=2, header=True), Cell("件数", colspan=2, header=True)),
        (Cell("今年", header=True), Cell("前年", header=True)),
        (Cell("基本戦略1", colspan=3),),
        (Cell("北区"), Cell("3", 3), Cell("▲ 2", -2)),
        (Cell("南区"), Cell("(4)", 4), Cell("0", 0)),
    )
    return Table("＜表＞", rows, 3, header_rows=2, widths=(2.0, 1.0, 1.0))


def test_a_print_tables_cells_name_their_column_group_and_row_headers() -> None:
    page = index(_print_table())
    table = page.xpath("//table[@class='print']")[0]
    ths = {th.get("id"): th for th in table.xpath(".//th")}
    head = table.xpath("./thead//th")
    assert [(th.get("scope"), th.get("colspan"), th.get("rowspan")) for th in head] == [("col", None, "2"), ("colgroup", "2", None),
                                                                                       ("col", None, None), ("col", None, None)]
    group = table.xpath(".//th[@class='group']")[0]
    assert group.get("scope") == "colgroup" and group.get("colspan") == "3"
    rows = table.xpath("./tbody/tr")[1:]
    for tr in rows:
        label = tr.xpath("./th")[0]
        assert label.get("scope") == "row" and label.get("headers") == group.get("id")
        for n, td in enumerate(tr.xpath("./td")):
            names = [ths[i].text_content() for i in td.get("headers").split()]
            assert names == ["件数", ["今年", "前年"][n], "基本戦略1", label.text_content()]
    assert [c.get("style") for c in table.xpath("./colgroup/col")] == ["width: 50.0%", "width: 25.0%", "width: 25.0%"]
    region = table.getparent()
    assert region.get("role") == "region" and region.get("tabindex") == "0" and region.get("aria-labelledby") == table.xpath("./caption/@id")[0]
    minus = rows[0].xpath("./td")[1]
    assert minus.xpath("./span[@aria-hidden='true']")[0].text == "▲" and minus.xpath("./span[@class='vh']")[0].text == VH
    assert rows[1].xpath("./td")[0].xpath("./span[@class='vh']")[0].text == "（括弧書き：合計に含めない）"
    assert not rows[1].xpath("./td")[1].xpath("./span")
    two = lxml.html.fromstring(render_index(doc(_print_table(), Table("別", ((Cell("a", header=True),), (Cell("1", 1),)), 1))))
    assert [t.xpath("./caption/@id")[0] for t in two.xpath("//table[@class='print']")] == ["t1-c", "t2-c"]  # ids unique per table
    assert not two.xpath("//table[caption='別']/colgroup")  # no widths given: no column widths


def test_marks_and_values_as_read_aloud_and_written() -> None:
    assert spoken("△1\n<b>", VH) == '<span aria-hidden="true">△</span><span class="vh">マイナス</span>1<br>&lt;b&gt;'
    assert spoken('"a"', VH) == "&quot;a&quot;"
    assert [value_text(v, "―") for v in (None, Decimal("-0.0"), Decimal("1.50"), Decimal("-2"), 3, "北区")] == ["―", "0.0", "1.50", "-2", "3", "北区"]


def _chart(stacked: bool) -> Chart:
    if stacked:
        bars = (Bar("1.1.a", (3, 1), ("3件", "1件")), Bar("1.2.a", (0, 2), ("0件", "2件")))
        return Chart("over<view>", "図 概観", "説明", "件", ("順調", "不調"), (("", bars),), (), 10,
                     ChartLabels("指標", "値", "区分", "概観の数値", "x"))
    bars = (Bar("北区", (Decimal(80), None, None), ("80.0％", "", "")), Bar("南区", (None, None, None), ("", "", "")))
    apart = (Bar("東区", (None, None, Decimal(40)), ("", "", "40.0％")),)
    return Chart("rate-1.1.a", "図 1.1.a", "説明", "％", ("順調", "不調", "参考"), (("", bars), ("参考の区", apart)),
                 (Guide("基準 60％", Decimal(60)),), 100, ChartLabels("行政区", "数値", "分類", "図 1.1.a の数値（基準 60％）", "x"))


def test_a_chart_figure_has_its_svg_caption_and_figures_table() -> None:
    figure = lxml.html.fromstring(chart_figure(_chart(False), "w", "―"))
    assert figure.tag == "figure" and figure.get("id") == "figw-" + b"rate-1.1.a".hex() and figure.get("class") == "chart"
    assert figure.xpath("./figcaption")[0].text == "図 1.1.a"
    assert figure.xpath("./div[@class='svg']/*[local-name()='svg']")[0].get("aria-labelledby").startswith("cw-")
    table = figure.xpath(".//table[@class='chart-data']")[0]
    assert table.xpath("./caption")[0].text == "図 1.1.a の数値（基準 60％）"
    assert table.xpath("./caption/@id") == [table.getparent().get("aria-labelledby")] == [f"{figure.get('id')}-c"]
    assert [th.text for th in table.xpath("./thead//th")] == ["行政区", "数値", "分類"]
    assert all(th.get("scope") == "col" for th in table.xpath("./thead//th"))
    rows = [[c.text for c in tr] for tr in table.xpath("./tbody/tr")]
    assert rows == [["北区", "80.0％", "順調"], ["南区", "―", "―"], ["東区", "40.0％", "参考"]]
    assert [[c.get("class") for c in tr] for tr in table.xpath("./tbody/tr")] == [[None, None, "word"]] * 3  # words align left
    width = plan(_chart(False)).width
    assert figure.xpath("./div[@class='svg']")[0].get("style") == f"width: {width * SCREEN_SCALE:.0f}px"  # larger than drawn
    assert all(tr[0].tag == "th" and tr[0].get("scope") == "row" for tr in table.xpath("./tbody/tr"))
    stacked = lxml.html.fromstring(chart_figure(_chart(True), "", "―"))
    assert [th.text for th in stacked.xpath(".//thead//th")] == ["指標", "順調", "不調"]
    assert [[c.text for c in tr] for tr in stacked.xpath(".//tbody/tr")] == [["1.1.a", "3件", "1件"], ["1.2.a", "0件", "2件"]]
    assert stacked.get("id") == "fig-" + b"over<view>".hex()


def test_a_data_table_heads_its_key_columns_per_row() -> None:
    table = lxml.html.fromstring(data_table(DataTable("t", "データ", ("年度", "ID", "値"), ((2016, "a", None), (2016, "b", Decimal("1.0")))), "d", "―", 2))
    assert table.get("role") == "region" and table.get("aria-labelledby") == "d-c"
    inner = table.xpath(".//table")[0]
    assert inner.get("id") == "d" and inner.xpath("./caption")[0].text == "データ"
    assert [[(c.tag, c.get("scope"), c.text) for c in tr] for tr in inner.xpath("./tbody/tr")] == [
        [("th", "row", "2016"), ("th", "row", "a"), ("td", None, "―")], [("th", "row", "2016"), ("th", "row", "b"), ("td", None, "1.0")]]


def _ward_row(year: int, code: str, name: str, ident: str, **values: object) -> tuple[object, ...]:
    row: dict[str, object] = dict.fromkeys(WARD_COLUMNS)
    row.update({"年度": year, "区コード": code, "区": name, "指標ID": ident, "集計単位": "区", "参考数値": 0})
    row.update(values)
    return tuple(row[c] for c in WARD_COLUMNS)


def _ward_doc(*years: int, code: str = "27102", name: str = "都島区") -> Document:
    rows = []
    for year in years:
        rows += [_ward_row(year, code, name, "1.1.a", 実績値=Decimal("55.0"), 単位="％", 目標値=Decimal(60), 進捗率=Decimal("91.7"),
                           進捗状況="概ね順調"),
                 _ward_row(year, code, name, "1.1.b", 集計単位="全市", 実績値=1, 単位="件", 参考数値=1, 進捗状況="")]
    wards = DataTable("ward_results", "区別", WARD_COLUMNS, tuple(rows))
    table1 = DataTable("table1", "表1", ("年度", "指標ID", "成果指標"), ((years[-1], "1.1.a", "割合<指標>"), (years[-1], "1.1.b", "件数")))
    table2 = DataTable("table2", "表2", ("年度", "指標ID", "集計区分", "概ね順調", "必ずしも順調ではない"), (
        (years[-1], "1.1.a", "件数カウント対象", 18, 1), (years[-1], "1.1.a", "参考数値を含む", 20, 4),
        (years[-1], "1.1.b", "件数カウント対象", None, 0), (years[-1], "合計", "件数カウント対象", 18, 1)))
    return doc(data=(wards, table1, table2))


def test_a_ward_page_states_its_rows_with_their_headers_and_the_years_as_published() -> None:
    files = render_html(_ward_doc(2019, 2020))
    assert sorted(files) == ["index.html", "wards/27102.html"]
    page = lxml.html.fromstring(files["wards/27102.html"])
    assert page.xpath("//th[@id='w-now']")[0].text == "令和2年度" and page.xpath("//th[@id='w-before']")[0].text == "令和元年度（前年度）"
    table = page.xpath("//table[@class='ward']")[0]
    ids = set(table.xpath(".//th/@id"))
    cells = [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")]
    assert cells[0] == ["割合<指標>", "55.0", "％", "60", "91.7％", "概ね順調", "―", "55.0", "91.7％", "概ね順調"]
    assert cells[1] == ["件数", "1（全市）", "件", "―", "―", "―", "参考数値", "1（全市）", "―", "―"]
    kinds = [td.get("class") for td in table.xpath("./tbody/tr[1]/td")]
    assert kinds == ["text", None, "word", None, None, "word", "word", None, None, "word"]  # figures right, words left
    for tr in table.xpath("./tbody/tr"):
        for n, td in enumerate(tr.xpath("./td")[1:]):
            heads = td.get("headers").split()
            assert set(heads) <= ids and heads[-1] == tr.xpath("./th/@id")[0]
            assert heads[:2] == (["w-now", f"w-now-{n}"] if n < 6 else ["w-before", f"w-before-{n - 6}"])
    assert page.xpath("//a[@href='../index.html']") and page.xpath("//h1")[0].text == "都島区の成果指標の状況（平成28年度の実施状況）"
    first = lxml.html.fromstring(render_html(_ward_doc(2019))["wards/27102.html"])
    assert not first.xpath("//th[@id='w-before']") and len(first.xpath("//table[@class='ward']/tbody/tr[1]/td")) == 7  # a first year: no last year


def test_each_ward_page_shows_its_own_chart() -> None:
    two = _ward_doc(2016)
    other = _ward_doc(2016, code="27127", name="北区")
    data = tuple(dataclasses.replace(t, rows=t.rows + o.rows) if t.name == "ward_results" else t for t, o in zip(two.data, other.data, strict=True))
    charts = tuple(Chart(f"ward-{code}", f"図 {name}", "説明", "％", ("a",), (("", (Bar("1.1.a", (Decimal(5),), ("5.0％",)),)),), (), 10)
                   for code, name in (("27127", "北区"), ("27102", "都島区")))
    files = render_html(dataclasses.replace(two, data=data, charts=charts))
    for code, name in (("27127", "北区"), ("27102", "都島区")):
        page = lxml.html.fromstring(files[f"wards/{code}.html"])
        assert [f.text for f in page.xpath("//figcaption")] == [f"図 {name}"]
    assert not lxml.html.fromstring(render_html(two)["wards/27102.html"]).xpath("//figure | //h2[@id='chart']")  # no chart: no section


def test_records_refuse_a_row_of_the_wrong_length() -> None:
    assert records(DataTable("t", "t", ("a", "b"), ((1, 2),))) == [{"a": 1, "b": 2}]
    with pytest.raises(ValueError):
        records(DataTable("t", "t", ("a", "b"), ((1,),)))


def test_the_city_counts_are_table2s_first_group_per_indicator() -> None:
    table = lxml.html.fromstring(city_counts(_ward_doc(2016)))
    assert table.xpath(".//caption")[0].text == "市全体の件数（表2の件数カウント対象）"
    assert [th.text for th in table.xpath(".//thead//th")] == ["指標ID", "概ね順調", "必ずしも順調ではない"]
    assert [[c.text for c in tr] for tr in table.xpath(".//tbody/tr")] == [["1.1.a", "18", "1"], ["1.1.b", "―", "0"], ["合計", "18", "1"]]
    assert city_counts(doc()) == ""


def test_ward_links_escape_their_codes_and_names_in_attributes_and_text() -> None:
    document = _ward_doc(2016, code='27"1<', name="<b>区")
    links = lxml.html.fromstring(ward_links(document, "wards/"))
    assert [(a.get("href"), a.text) for a in links.xpath(".//a")] == [('wards/27"1<.html', "<b>区")]
    assert ward_links(doc(), "wards/") == "<p>区のデータがありません。</p>"


@pytest.mark.parametrize(("year", "label"), [(2016, "平成28年度"), (2019, "令和元年度"), (1989, "平成元年度"), (1800, "1800年度")])
def test_year_labels_are_the_publications(year: int, label: str) -> None:
    assert year_label(year) == label


def test_contents_data_tables_and_a_note_with_a_page_reference() -> None:
    """The data and ward links are top-level entries; index data tables head their key columns (表1: 2, 表2: 4);
    column widths of the wrong count are left out; a note's page reference is a link, its own mark is not."""
    note = Paragraph("※1 詳細は1⑶㋐を参照", "note", refs=(PageRef(7, "1⑶㋐", "item"),))
    table = Table("表", ((Cell("a", header=True), Cell("b", header=True)), (Cell("x"), Cell("1", 1))), 2, widths=(1.0,), notes=(note,))
    data = (DataTable("table1", "表1", ("年度", "ID", "値"), ((2016, "a", 1),)), DataTable("table2", "表2", ("年度", "ID", "区分", "集計", "値"), ((2016, "a", "b", "c", 1),)),
            DataTable("other", "他", ("a",), (("z",),)))
    page = index(Contents(), Heading("見出し", 1, "item"), Paragraph("本文※1"), table, data=data)
    assert [a.text for a in page.xpath("//nav/ol/li/a")] == ["見出し", "データ（表1・表2の数値）", "区ごとのページ"]
    assert [len(tr.xpath("./th")) for tr in page.xpath("//table[@id='data-table1']/tbody/tr | //table[@id='data-table2']/tbody/tr")] == [2, 4]
    assert not page.xpath("//table[@id='data-other']")  # only 表1・表2 are shown in full
    assert not page.xpath("//table[@class='print']/colgroup")
    shown = page.xpath("//p[@id='note-1']")[0]
    assert shown.text.startswith("※1 ") and [a.get("href") for a in shown.xpath("./a")] == ["#s1"]
    assert not lxml.html.fromstring(data_table(data[0], "d", "―")).xpath("//tbody//th")  # no key columns unless asked

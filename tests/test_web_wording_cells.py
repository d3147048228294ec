"""The web edition's last fixed words from templates (templates/sentences/web/cell, hidden, note, ward/columns,
sheet/entry): an editor's change reaches every place the words are written, a footnote's number reaches its
template, mistakes are located with nothing written, and what a template writes stays text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from scenario import RandomPlan, random_plans
from wording import build_with_copy as run
from wording import edit_template, nothing_written

from reportgen.build import TEMPLATES, build, compose_edition
from reportgen.datasets import WARD_COLUMNS as DATA_COLUMNS
from reportgen.document import (
    Bar,
    Cell,
    Chart,
    ChartLabels,
    DataTable,
    Document,
    EditionDate,
    Footnote,
    Paragraph,
    Table,
)
from reportgen.errors import Problems
from reportgen.narrative.engine import SentenceRules
from reportgen.render.html import render_html, render_index, spoken
from reportgen.render.html_wards import HEAD_COLUMNS, PREVIOUS_COLUMNS, WARD_COLUMNS
from reportgen.render.xlsx import render_xlsx
from reportgen.web_wording import COLUMNS, WebWording, worded
from reportgen.web_wording import TEMPLATES as WEB_TEMPLATES

WEB = TEMPLATES / "sentences" / "web"
NEW = ("cell/none", "cell/reference", "cell/city_wide", "hidden/minus", "hidden/outside_total", "note/ref", "note/back", "note/heading",
       *(f"ward/columns/{name}" for name in COLUMNS.values()), "sheet/entry")
"""The templates of this change: words that were written in Python before."""
HEADINGS = {column: f"列〈{name}〉" for column, name in COLUMNS.items()}
"""Column headings an editor might write, each unlike its data column's name."""


def edit(work: Path, name: str, text: str) -> None:
    edit_template(work, "web", name, text)


def reworded(templates: Path) -> None:
    """Every template of this change rewritten as an editor might, unlike the shipped words."""
    web = templates / "sentences" / "web"
    words = {"cell/none": "値なし", "cell/reference": "参考値", "cell/city_wide": "［市全体］", "hidden/minus": "負の",
             "hidden/outside_total": "［合計外］", "note/ref": "用語{{ number }}", "note/back": "{{ number }}番の用語へ",
             "note/heading": "用語の説明", "sheet/entry": "図{{ count }}個"}
    words |= {f"ward/columns/{COLUMNS[c]}": heading for c, heading in HEADINGS.items()}
    for name, text in words.items():
        (web / f"{name}.j2").write_text(f"{{#- an editor's words -#}}\n{text}\n", encoding="utf-8")


def text(element: lxml.html.HtmlElement) -> str:
    return element.text_content()


def test_the_templates_of_every_column_and_new_word_are_declared() -> None:
    assert set(NEW) <= set(WEB_TEMPLATES)
    assert set(COLUMNS) == {*HEAD_COLUMNS, *WARD_COLUMNS} >= set(PREVIOUS_COLUMNS)  # every heading of the ward table has its template
    readme = (WEB / "README.md").read_text(encoding="utf-8")
    for name in NEW:
        assert f"{name.rsplit('/', 1)[-1]}.j2" in readme, name
    for name in ("note/ref", "note/back", "sheet/entry"):
        assert WEB_TEMPLATES[name] and all(f"{n}（" in readme for n in WEB_TEMPLATES[name])  # the names it may read, explained


def test_the_shipped_words_are_the_publications() -> None:
    """A golden check: the shipped templates write what the edition wrote before they existed."""
    document = compose_edition(DATA, 2016, TEMPLATES)[0].document
    words = document.words
    assert (words.minus, words.outside_total, words.notes_heading, words.none, words.reference, words.city_wide) == (
        "マイナス", "（括弧書き：合計に含めない）", "注", "―", "参考数値", "（全市）")
    assert words.note_ref(1) == "注1" and words.note_back(1) == "本文へ戻る（注1）"
    assert [words.column(c) for c in COLUMNS] == list(COLUMNS)  # headed by the data's own names
    charts = sum(isinstance(b, Chart) for b in document.blocks)
    assert charts > 0 and words.sheet_entry == f"報告書の図（{charts}点）をExcelのグラフにしたもの（各グラフの数値はその左の表）"


def test_an_editor_rewords_every_cell_note_and_heading_without_code(work: Path) -> None:
    reworded(work / "templates")
    document = compose_edition(DATA, 2016, work / "templates")[0].document
    files = render_html(document)
    raw = files["index.html"].decode("utf-8")
    index = lxml.html.fromstring(raw)
    # ▲ and the parenthesised figures are read in the editor's words; the old words are gone.
    assert raw.count("▲") > 0 and raw.count('<span aria-hidden="true">▲</span><span class="vh">負の</span>') == raw.count("▲")
    assert "マイナス" not in raw and "合計に含めない" not in raw
    parenthesised = [td for td in index.xpath("//table[@class='print']//td") if (td.text or "").startswith("(")]
    assert parenthesised and all(td.xpath("./span[@class='vh']")[-1].text == "［合計外］" for td in parenthesised)
    assert len(index.xpath("//span[@class='vh'][text()='［合計外］']")) == len(parenthesised)
    # The footnotes: each link carries its own number, through the template.
    refs = index.xpath("//a[@class='fnref']")
    assert refs and [a.text for a in refs] == [f"用語{n}" for n in range(1, len(refs) + 1)]
    assert [a.text for a in index.xpath("//section[@class='footnotes']//li/a")] == [f"{n}番の用語へ" for n in range(1, len(refs) + 1)]
    assert index.xpath("//h2[@id='fn']")[0].text == "用語の説明"
    # The data tables: a value the data lacks is written in the editor's words.
    missing = sum(v is None for t in document.data if t.name in ("table1", "table2") for row in t.rows for v in row)
    data = index.xpath("//section[@aria-labelledby='data']//tbody//td")
    assert missing > 0 and [c.text for c in data].count("値なし") == missing and "―" not in [c.text for c in data]
    # A ward page: the headings of both years, the words of its cells, the city's table.
    for path, page in files.items():
        if not path.startswith("wards/"):
            continue
        ward = lxml.html.fromstring(page)
        heads = {th.get("id"): th.text for th in ward.xpath("//table[@class='ward']//th[@scope='col']")}
        assert [heads["w-id"], heads["w-name"]] == [HEADINGS[c] for c in HEAD_COLUMNS]
        assert [heads[f"w-now-{n}"] for n in range(len(WARD_COLUMNS))] == [HEADINGS[c] for c in WARD_COLUMNS]
        assert [heads[f"w-before-{n}"] for n in range(len(PREVIOUS_COLUMNS))] == [HEADINGS[c] for c in PREVIOUS_COLUMNS]
        assert ward.xpath("//table[@class='city']//th[@scope='col']")[0].text == HEADINGS["指標ID"]
        assert "―" not in page.decode("utf-8")  # every cell without a value, the chart's figures' included
    cells = [[c.text for c in tr.xpath("./td")] for path, page in files.items() if path.startswith("wards/")
             for tr in lxml.html.fromstring(page).xpath("//table[@class='ward']/tbody/tr")]
    reference = WARD_COLUMNS.index("参考数値") + 1  # after the indicator's wording
    assert {row[reference] for row in cells} == {"参考値", "値なし"} and "参考数値" not in {c for row in cells for c in row}
    result = WARD_COLUMNS.index("実績値") + 1
    assert any(row[result].endswith("［市全体］") for row in cells) and not any("全市）" in row[result] for row in cells)
    # The workbook's cover and contents say what the グラフ sheet holds, with the count of its charts.
    book = load_workbook(io.BytesIO(render_xlsx(document, (work / "templates" / "tables.xlsx").read_bytes())))
    charts = len(book["グラフ"]._charts)
    cover = [c.value for c in book["表紙"]["A"]]
    contents = {row[0]: row[1] for row in book["目次"].iter_rows(min_row=4, values_only=True)}
    assert charts > 0 and f"グラフ: 図{charts}個" in cover and contents["グラフ"] == f"図{charts}個"


def _document(*blocks: object) -> Document:
    return Document("題名", "平成28年度の実施状況", "テスト市", EditionDate(dt.date(2017, 4, 1)), tuple(blocks), ())  # type: ignore[arg-type]


def test_a_footnotes_number_reaches_its_template(work: Path) -> None:
    """Numbers from 1 in reading order, a table's notes' included; a term its paragraph lacks takes no number."""
    edit(work, "note/ref", "〔{{ number * 10 }}〕\n")
    edit(work, "note/back", "{{ number }}：{{ '一二三四'[number - 1] }}\n")
    wording = WebWording(SentenceRules(work / "templates" / "sentences", Problems()), Problems())
    first = Paragraph("甲と乙の話", footnotes=(Footnote("甲", "一つ目"), Footnote("丙", "本文にない"), Footnote("乙", "二つ目")))
    table = Table("表", ((Cell("a", header=True),), (Cell("1", 1),)), 1, notes=(Paragraph("※1 丁について", "note", footnotes=(Footnote("丁", "三つ目"),)),))
    document = worded(_document(first, table), wording)
    assert document.words.note_refs == ("〔10〕", "〔20〕", "〔30〕", "〔40〕")  # one for each footnote the document holds
    page = lxml.html.fromstring(render_index(document))
    assert [(a.get("href"), a.text) for a in page.xpath("//a[@class='fnref']")] == [("#fn-1", "〔10〕"), ("#fn-2", "〔20〕"), ("#fn-3", "〔30〕")]
    items = page.xpath("//section[@class='footnotes']//li")
    assert [(li.get("id"), li.xpath("./a")[0].get("href"), li.xpath("./a")[0].text) for li in items] == [
        ("fn-1", "#fnref-1", "1：一"), ("fn-2", "#fnref-2", "2：二"), ("fn-3", "#fnref-3", "3：三")]
    assert [text(li).split(" ", 1)[0] for li in items] == ["甲とは、一つ目", "乙とは、二つ目", "丁とは、三つ目"]
    assert worded(_document(Paragraph("注のない文")), wording).words.note_refs == ()
    assert not lxml.html.fromstring(render_index(worded(_document(Paragraph("文")), wording))).xpath("//section[@class='footnotes']")


def test_a_charts_bar_without_a_figure_is_written_in_the_editors_words(work: Path) -> None:
    edit(work, "cell/none", "値なし\n")
    wording = WebWording(SentenceRules(work / "templates" / "sentences", Problems()), Problems())
    bars = (Bar("北区", (Decimal(80), None), ("80.0％", "")), Bar("南区", (None, None), ("", "")))
    chart = Chart("rate-1.1.a", "図", "説明", "％", ("順調", "不調"), (("", bars),), (), 100, ChartLabels("区", "数値", "分類", "図の数値", "x"))
    page = lxml.html.fromstring(render_index(worded(_document(chart), wording)))
    assert [[c.text for c in tr.xpath("./td")] for tr in page.xpath("//table[@class='chart-data']/tbody/tr")] == [
        ["80.0％", "順調"], ["値なし", "値なし"]]


def test_a_ward_page_writes_no_value_in_the_editors_words_for_a_missing_year_and_a_missing_bar(work: Path) -> None:
    """An indicator new this year has no row the year before; a ward's chart bar without a figure: both in cell/none's words."""
    edit(work, "cell/none", "値なし\n")
    wording = WebWording(SentenceRules(work / "templates" / "sentences", Problems()), Problems())

    def row(year: int, ident: str) -> tuple[object, ...]:
        values: dict[str, object] = dict.fromkeys(DATA_COLUMNS)
        values.update({"年度": year, "区コード": "27102", "区": "都島区", "指標ID": ident, "集計単位": "区", "参考数値": 0, "実績値": Decimal(5),
                       "単位": "件", "目標値": Decimal(10), "進捗率": Decimal(50), "進捗状況": "順調"})
        return tuple(values[c] for c in DATA_COLUMNS)

    wards = DataTable("ward_results", "区別", DATA_COLUMNS, (row(2016, "1.1.a"), row(2017, "1.1.a"), row(2017, "1.1.b")))
    bars = (Bar("1.1.a", (Decimal(50),), ("50.0％",)), Bar("1.1.b", (None,), ("",)))
    chart = Chart("ward-27102", "図", "説明", "％", ("順調",), (("", bars),), (), 100, ChartLabels("指標", "数値", "分類", "図の数値", "x"))
    document = worded(dataclasses.replace(_document(), data=(wards,), charts=(chart,)), wording)
    page = lxml.html.fromstring(render_html(document)["wards/27102.html"])
    cells = [[td.text for td in tr.xpath("./td")] for tr in page.xpath("//table[@class='ward']/tbody/tr")]
    assert cells[0][-len(PREVIOUS_COLUMNS):] == ["5", "50％", "順調"]
    assert cells[1][-len(PREVIOUS_COLUMNS):] == ["値なし"] * len(PREVIOUS_COLUMNS)  # no row the year before
    assert [[td.text for td in tr.xpath("./td")] for tr in page.xpath("//table[@class='chart-data']/tbody/tr")] == [
        ["50.0％", "順調"], ["値なし", "値なし"]]


def test_words_beyond_those_written_are_empty_not_another_footnotes() -> None:
    words = worded(_document(Paragraph("甲", footnotes=(Footnote("甲", "説明"),))),
                   WebWording(SentenceRules(TEMPLATES / "sentences", Problems()), Problems())).words
    assert [words.note_ref(n) for n in (0, 1, 2)] == ["", "注1", ""] and [words.note_back(n) for n in (0, 1, 2)] == ["", "本文へ戻る（注1）", ""]
    assert words.column("指標ID") == "指標ID" and words.column("ない列") == ""


@pytest.mark.parametrize(("kind", "mistake", "message"), [
    ("syntax", "{% if %}", "テンプレートの書き方が正しくありません"),
    ("unknown name", "{{ no_such_name }}", "未定義の名前があります: no_such_name"),
])
def test_a_mistake_in_each_new_template_stops_the_build_at_its_file_and_line(work: Path, capsys: pytest.CaptureFixture[str], kind: str,
                                                                             mistake: str, message: str) -> None:
    """Every new template broken at once, each on a line of its own: every one is listed, nothing is written."""
    lines = {name: n % 3 + 2 for n, name in enumerate(NEW)}  # the mistake on line 2, 3 or 4
    for name, line in lines.items():
        edit(work, name, "言葉\n" * (line - 1) + mistake + "\n")
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    for name, line in lines.items():
        assert f"エラー: templates/sentences/web/{name}.j2 {line}行目: " in err, (name, err)
    assert err.count(message) >= len(NEW), err
    assert nothing_written(work)


def test_a_footnote_template_failing_for_one_number_names_its_file_and_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(work, "note/back", "戻る\n{{ 1 // (number - 1) }}\n")  # fine when checked, fails for the first footnote only
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert "エラー: templates/sentences/web/note/back.j2 2行目: ウェブ版の文言のテンプレートを適用できません: 0 で割っています" in err, err
    assert nothing_written(work)


def test_markup_in_the_new_templates_stays_text(work: Path) -> None:
    markup = '<i>x</i>&amp;"'
    for name in ("cell/none", "cell/reference", "cell/city_wide", "hidden/minus", "hidden/outside_total", "note/ref", "note/back",
                 "note/heading", "ward/columns/id", "ward/columns/result"):
        edit(work, name, markup + "\n")
    files = render_html(compose_edition(DATA, 2016, work / "templates")[0].document)
    escaped = "&lt;i&gt;x&lt;/i&gt;&amp;amp;&quot;"
    for raw in (files["index.html"].decode("utf-8"), files["wards/27127.html"].decode("utf-8")):
        assert "<i>" not in raw and escaped in raw
    index = lxml.html.fromstring(files["index.html"])
    assert index.xpath("//h2[@id='fn']")[0].text == markup and index.xpath("//a[@class='fnref']")[0].text == markup
    assert set(index.xpath("//span[@class='vh']/text()")) == {markup}
    ward = lxml.html.fromstring(files["wards/27127.html"])
    assert ward.xpath("//th[@id='w-id']")[0].text == ward.xpath("//th[@id='w-now-0']")[0].text == markup
    assert markup in [c.text for c in ward.xpath("//table[@class='ward']//td")]


def test_a_minus_word_holding_a_mark_is_not_read_again() -> None:
    """The marks are replaced in one pass: words that themselves hold ▲ or △ are said as they stand, escaped."""
    assert spoken("▲1△2", "△<b>") == ('<span aria-hidden="true">▲</span><span class="vh">△&lt;b&gt;</span>1'
                                      '<span aria-hidden="true">△</span><span class="vh">△&lt;b&gt;</span>2')
    assert spoken("a\n▲", "") == 'a<br><span aria-hidden="true">▲</span><span class="vh"></span>'


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans(max_wards=6))
def test_random_plans_build_with_the_editors_words(plan: RandomPlan, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Any plan's ward pages and workbook carry the reworded cells, headings and sheet entry."""
    root = tmp_path_factory.mktemp("plan")
    templates = root / "templates"
    shutil.copytree(TEMPLATES, templates)
    reworded(templates)
    build(plan.write(root), root / "out", plan.year, templates)
    folder = root / "out" / str(plan.year)
    pages = sorted((folder / "html" / "wards").glob("*.html"))
    assert len(pages) == len(plan.wards)
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        ward = lxml.html.fromstring(raw)
        assert [th.text for th in ward.xpath("//table[@class='ward']/thead/tr[2]/th")][:len(WARD_COLUMNS)] == [HEADINGS[c] for c in WARD_COLUMNS]
        cells = {c.text for c in ward.xpath("//table[@class='ward']//td")}
        assert "―" not in raw and "参考数値" not in cells and not any("（全市）" in c for c in cells if c)
        if "citywide" in plan.kinds:
            assert re.search(r">[^<]*［市全体］</td>", raw), path
    book = load_workbook(folder / "tables.xlsx")
    charts = len(book["グラフ"]._charts)
    assert charts > 0 and f"グラフ: 図{charts}個" in [c.value for c in book["表紙"]["A"]]

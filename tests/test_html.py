"""The web edition (html/index.html, html/wards/CODE.html): structure, figures, headers, charts, escaping."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from copy import deepcopy
from pathlib import Path

import lxml.html
import pytest
from conftest import DATA, read_csv
from hypothesis import HealthCheck, given, settings
from lxml import etree
from openpyxl import load_workbook
from scenario import WARDS, make_data, random_plans

from reportgen.build import TEMPLATES, build, compose_edition
from reportgen.document import Chart, Heading, Paragraph, Table
from reportgen.errors import Problems
from reportgen.jp import fiscal_year_label
from reportgen.narrative.engine import SentenceRules
from reportgen.render.html import nested, render_html, spoken
from reportgen.web_wording import WebWording, worded


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text(element: lxml.html.HtmlElement) -> str:
    """The text a reader sees: visually hidden words (class vh) left out, line breaks as nothing."""
    copy = deepcopy(element)
    copy.tail = None
    for hidden in copy.xpath(".//*[@class='vh']"):
        _drop(hidden)
    return "".join(copy.itertext()).strip()


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)


@pytest.fixture(scope="module")
def edition() -> object:
    return compose_edition(DATA, 2016)[0]


def test_index_is_one_page_in_japanese_with_one_h1_and_the_report_outline(built: dict[int, Path], edition: object) -> None:
    page = parse(built[2016] / "html" / "index.html")
    assert page.get("lang") == "ja"
    assert [text(h) for h in page.xpath("//h1")] == [edition.document.blocks[0].text]  # type: ignore[attr-defined]
    headings = [b for b in edition.document.blocks if isinstance(b, Heading)]  # type: ignore[attr-defined]
    shown = [(int(h.tag[1]), text(h)) for h in page.xpath("//main//*[self::h2 or self::h3 or self::h4 or self::h5]")
             if h.getparent().tag != "nav"]
    assert [s for s in shown if s[1] not in ("データ（表1・表2の数値）", "区ごとのページ", "注")] == [(h.level + 1, h.text) for h in headings]
    # self-contained: nothing is loaded from elsewhere, no script at all
    assert not page.xpath("//script | //link | //img[@src] | //iframe | //*[@src]")
    raw = (built[2016] / "html" / "index.html").read_text(encoding="utf-8")
    assert "http://" not in raw.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in raw
    assert "@media print" in raw


def test_contents_link_every_heading_down_to_level_three(built: dict[int, Path], edition: object) -> None:
    page = parse(built[2016] / "html" / "index.html")
    links = page.xpath("//nav[@class='toc']//a")
    wanted = [h.text for h in edition.document.blocks if isinstance(h, Heading) and h.level <= 3]  # type: ignore[attr-defined]
    assert [text(a) for a in links][: len(wanted)] == wanted
    for a in links:
        target = a.get("href")[1:]
        assert page.xpath(f"//*[@id='{target}']"), target


def _html_table(page: lxml.html.HtmlElement, ident: str) -> list[list[str]]:
    table = page.xpath(f"//table[@id='{ident}']")[0]
    return [[text(c) for c in tr.xpath("./th|./td")] for tr in table.xpath(".//tr")]


@pytest.mark.parametrize("name", ["table1", "table2"])
def test_every_figure_of_the_csv_is_in_the_html_tables(built: dict[int, Path], name: str) -> None:
    page = parse(built[2016] / "html" / "index.html")
    csv_rows = read_csv(built[2016] / "csv" / f"{name}.csv")
    html_rows = _html_table(page, f"data-{name}")
    assert html_rows == [[c or "―" for c in row] for row in csv_rows]


def test_print_table1_holds_the_counts_of_table1_csv(built: dict[int, Path]) -> None:
    page = parse(built[2016] / "html" / "index.html")
    table = page.xpath("//table[@class='print']")[0]
    cells = sorted(int(text(td).replace(",", "")) for td in table.xpath(".//td"))
    counts = sorted(int(v) for row in read_csv(built[2016] / "csv" / "table1.csv")[1:] for v in row[3:])
    assert cells == counts


def test_every_data_cell_of_the_print_tables_is_tied_to_its_headers(built: dict[int, Path], edition: object) -> None:
    page = parse(built[2016] / "html" / "index.html")
    tables = page.xpath("//table[@class='print']")
    model = [b for b in edition.document.blocks if isinstance(b, Table)]  # type: ignore[attr-defined]
    assert len(tables) == len(model) == 2
    for table, block in zip(tables, model, strict=True):
        assert text(table.xpath("./caption")[0]) == block.caption
        heads = {th.get("id"): th for th in table.xpath(".//th")}
        for th in table.xpath("./thead//th"):
            assert th.get("scope") in ("col", "colgroup")
        for td in table.xpath(".//td"):
            ids = td.get("headers").split()
            assert ids and all(i in heads for i in ids)
            assert any(heads[i].getparent().getparent().tag == "thead" for i in ids)
            assert any(heads[i].get("scope") == "row" for i in ids)
    # the 差引 of the 合計 row names its column headers and its row: 差引（…）, the column's name, 合計
    last = tables[1].xpath(".//tbody/tr")[-2 if "参考：" in text(tables[1].xpath(".//tbody/tr")[-1]) else -1]
    cell = last.xpath("./td")[-1]
    names = [text(tables[1].xpath(f".//th[@id='{i}']")[0]) for i in cell.get("headers").split()]
    assert names[0] == "前年度との比較" and names[1].startswith("差引（") and "合計" in names


def test_minus_and_reference_read_aloud(built: dict[int, Path]) -> None:
    raw = (built[2016] / "html" / "index.html").read_text(encoding="utf-8")
    assert "▲" in raw  # FY2016 has falls in 差引
    assert raw.count('<span aria-hidden="true">▲</span><span class="vh">マイナス</span>') == raw.count("▲")
    assert spoken("▲ 5", "マイナス") == '<span aria-hidden="true">▲</span><span class="vh">マイナス</span> 5'
    assert "参考：" in raw  # a word, read as it stands


def test_numbered_notes_are_linked_from_where_they_are_referred_to(built: dict[int, Path]) -> None:
    page = parse(built[2016] / "html" / "index.html")
    refs = page.xpath("//a[@class='noteref']")
    assert {a.get("href") for a in refs} >= {"#note-1", "#note-2", "#note-3", "#note-5"}
    for a in refs:
        note = page.xpath(f"//*[@id='{a.get('href')[1:]}']")[0]
        assert text(note).startswith(text(a) + " ")


def test_footnotes_are_linked_both_ways(built: dict[int, Path], edition: object) -> None:
    page = parse(built[2016] / "html" / "index.html")
    terms = [f for p in edition.document.paragraphs() for f in p.footnotes]  # type: ignore[attr-defined]
    refs = page.xpath("//a[@class='fnref']")
    assert len(refs) == len(terms) > 0
    for n, (a, term) in enumerate(zip(refs, terms, strict=True), start=1):
        assert a.get("href") == f"#fn-{n}"
        note = page.xpath(f"//li[@id='fn-{n}']")[0]
        assert text(note).startswith(f"{term.term}とは、") and note.xpath(f".//a[@href='#fnref-{n}']")


def test_every_chart_has_a_text_alternative_and_its_figures_as_a_table(built: dict[int, Path], edition: object) -> None:
    charts = [b for b in edition.document.blocks if isinstance(b, Chart)]  # type: ignore[attr-defined]
    page = parse(built[2016] / "html" / "index.html")
    svgs = page.xpath("//*[local-name()='svg']")
    assert len(svgs) == len(charts) > 1
    for svg, chart in zip(svgs, charts, strict=True):
        assert svg.get("role") == "img"
        title, desc = svg.get("aria-labelledby").split()
        assert text(page.xpath(f"//*[@id='{title}']")[0]) == chart.title
        assert text(page.xpath(f"//*[@id='{desc}']")[0]) == chart.description
        figure = svg.getparent().getparent()
        rows = figure.xpath(".//table/tbody/tr")
        assert [text(r[0]) for r in rows] == [b.label for b in chart.bars()]
        shown = [" ".join(text(c) for c in r[1:]) for r in rows]
        for row, bar in zip(shown, chart.bars(), strict=True):
            for t in bar.texts:
                assert t in row


def test_rate_charts_state_each_wards_rate_and_keep_reference_values_apart(built: dict[int, Path], edition: object) -> None:
    ward_rows = [r for r in read_csv(built[2016] / "csv" / "ward_results.csv")[1:] if r[0] == "2016"]
    for chart in (b for b in edition.document.blocks if isinstance(b, Chart) and b.key.startswith("rate-")):  # type: ignore[attr-defined]
        ident = chart.key.removeprefix("rate-")
        rows = {r[2]: r for r in ward_rows if r[3] == ident}
        for label, bars in chart.groups:
            for bar in bars:
                row = rows[bar.label]
                series = [n for n, v in enumerate(bar.values) if v is not None]
                assert len(series) == 1 and str(bar.values[series[0]]) == row[9]
                assert (series[0] == 2) == (row[11] == "1") == bool(label)
                assert series[0] == 2 or (series[0] == 0) == (row[12] == "概ね順調")


def test_24_ward_pages_with_the_wards_figures(built: dict[int, Path]) -> None:
    rows = read_csv(built[2016] / "csv" / "ward_results.csv")
    index = parse(built[2016] / "html" / "index.html")
    links = index.xpath("//section[h2[@id='wards']]//a")
    wards = {r[1]: r[2] for r in rows[1:]}
    assert len(links) == len(wards) == 24
    for a in links:
        code = a.get("href").removeprefix("wards/").removesuffix(".html")
        page = parse(built[2016] / "html" / "wards" / f"{code}.html")
        assert text(a) == wards[code] and page.get("lang") == "ja" and len(page.xpath("//h1")) == 1
        table = page.xpath("//table[@class='ward']")[0]
        got = {text(tr[0]): [text(c) for c in tr[2:]] for tr in table.xpath("./tbody/tr")}
        mine = [r for r in rows[1:] if r[1] == code]
        now = [r for r in mine if r[0] == "2016"]
        assert len(got) == len(now) == 17
        for r in now:
            cells = got[r[3]]
            value = r[5] + ("（全市）" if r[4] == "全市" else "")
            assert cells[:6] == [value, r[7], r[8], f"{r[9]}％" if r[9] else "―", r[12] or "―", "参考数値" if r[11] == "1" else "―"]
        for r in (r for r in mine if r[0] == "2015"):
            assert got[r[3]][6:8] == [r[5] + ("（全市）" if r[4] == "全市" else ""), f"{r[9]}％" if r[9] else "―"]
        assert page.xpath("//*[local-name()='svg' and @role='img']")
        assert page.xpath("//a[@href='../index.html']")


def test_same_input_same_html(built: dict[int, Path], tmp_path: Path) -> None:
    build(DATA, tmp_path, 2016)
    for path in sorted((built[2016] / "html").rglob("*.html")):
        assert (tmp_path / "2016" / path.relative_to(built[2016])).read_bytes() == path.read_bytes(), path


def test_workbook_holds_native_charts_with_alt_text(built: dict[int, Path], edition: object) -> None:
    charts = [b for b in edition.document.blocks if isinstance(b, Chart)]  # type: ignore[attr-defined]
    raw = (built[2016] / "tables.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        names = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        drawing = etree.fromstring(z.read("xl/drawings/drawing1.xml"))
        assert len(names) == len(charts)
        assert b"<c:barChart>" in z.read(names[0]) or b"barChart" in z.read(names[0])
    frames = drawing.xpath("//*[local-name()='graphicFrame']/*[local-name()='nvGraphicFramePr']/*[local-name()='cNvPr']")
    assert [f.get("descr") for f in frames] == [c.description for c in charts]
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames[-1] == "グラフ"
    ws = book["グラフ"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) or hasattr(c.value, "as_tuple")]
    assert len(values) == sum(1 for c in charts for b in c.bars() for v in b.values if v is not None)


def test_nested_lists_close_every_level() -> None:
    out = nested([(1, "a"), (2, "b"), (3, "c"), (1, "d"), (3, "e")])
    assert out == "<ol><li>a<ol><li>b<ol><li>c</li></ol></li></ol></li><li>d<ol><li>e</li></ol></li></ol>"
    assert nested([]) == ""


HOSTILE = '<script>alert("x")</script>&amp;'


def test_text_from_data_stays_text(edition: object) -> None:
    """A ward name, heading, paragraph and cell with markup in them are shown as text, never run."""
    document = edition.document  # type: ignore[attr-defined]
    blocks = []
    for block in document.blocks:
        if isinstance(block, Heading):
            block = dataclasses.replace(block, text=block.text + HOSTILE)
        elif isinstance(block, Paragraph):
            block = dataclasses.replace(block, text=HOSTILE + block.text)
        elif isinstance(block, Chart):
            block = dataclasses.replace(block, title=HOSTILE, description=HOSTILE)
        blocks.append(block)
    data = []
    for table in document.data:
        if table.name == "ward_results":
            table = dataclasses.replace(table, rows=tuple(tuple(HOSTILE if c == "北区" else v for c, v in zip(row, row, strict=True)) for row in table.rows))
        data.append(table)
    changed = dataclasses.replace(document, blocks=tuple(blocks), data=tuple(data), title=HOSTILE)
    files = render_html(worded(changed, WebWording(SentenceRules(TEMPLATES / "sentences", Problems()), Problems())))  # its words as composed
    for name, raw in files.items():
        page = raw.decode("utf-8")
        assert "<script" not in page, (name, page[page.find("<script") - 300 : page.find("<script") + 50])
        assert "&lt;script&gt;" in page, name
        assert not lxml.html.fromstring(raw).xpath("//script")
    index = lxml.html.fromstring(files["index.html"])
    assert any(HOSTILE in text(a) for a in index.xpath("//section[h2[@id='wards']]//a"))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans(max_wards=8))
def test_random_plans_give_a_whole_web_edition(plan: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("plan")
    data = plan.write(root)  # type: ignore[attr-defined]
    year = plan.year  # type: ignore[attr-defined]
    build(data, root / "out", year)
    folder = root / "out" / str(year)
    index = parse(folder / "html" / "index.html")
    assert len(index.xpath("//h1")) == 1
    for name in ("table1", "table2"):
        assert _html_table(index, f"data-{name}") == [[c or "―" for c in r] for r in read_csv(folder / "csv" / f"{name}.csv")]
    for svg in index.xpath("//*[local-name()='svg']"):
        title, desc = svg.get("aria-labelledby").split()
        assert text(index.xpath(f"//*[@id='{title}']")[0]) and text(index.xpath(f"//*[@id='{desc}']")[0])
    pages = sorted((folder / "html" / "wards").glob("*.html"))
    assert len(pages) == len(plan.wards)  # type: ignore[attr-defined]
    ids = [f"1.{n // 26 + 1}.{'abcdefghijklmnopqrstuvwxyz'[n % 26]}" for n in range(len(plan.kinds))]  # type: ignore[attr-defined]
    for path in pages:
        page = parse(path)
        assert [text(tr[0]) for tr in page.xpath("//table[@class='ward']/tbody/tr")] == ids
        assert text(page.xpath("//th[@id='w-now']")[0]) == fiscal_year_label(year)  # the publication's 年度, 元年 included
        before = page.xpath("//th[@id='w-before']")
        assert [text(b) for b in before] == ([f"{fiscal_year_label(year - 1)}（前年度）"] if year > plan.start else [])  # type: ignore[attr-defined]
    for raw in (p.read_bytes() for p in (folder / "html").rglob("*.html")):
        assert re.search(rb"<script", raw) is None
        assert re.search(r"[0-9]{4}年度", raw.decode("utf-8")) is None  # never 「2019年度」 where the report says 令和元年度


def test_every_table_and_link_is_reachable_by_keyboard(built: dict[int, Path]) -> None:
    """Each table sits in a focusable region named by its caption (Tab reaches it and scrolls it); each link has an href."""
    for path in [built[2016] / "html" / "index.html", *sorted((built[2016] / "html" / "wards").glob("*.html"))[:3]]:
        page = parse(path)
        tables = page.xpath("//table")
        assert tables
        for table in tables:
            region = table.getparent()
            assert region.get("tabindex") == "0" and region.get("role") == "region"
            assert region.get("aria-labelledby") == table.xpath("./caption")[0].get("id")
        assert all(a.get("href") for a in page.xpath("//a"))
        assert page.xpath("//a[@class='skip' and @href='#main']") and page.xpath("//main[@id='main']")


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans(max_wards=5))
def test_a_ward_named_with_markup_in_a_random_plan_stays_text(plan: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("hostile")
    data = plan.write(root)  # type: ignore[attr-defined]
    first = plan.wards[0]  # type: ignore[attr-defined]
    hostile = "<b>x</b><script>区"  # ward names are at most 20 characters
    for path in data.rglob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace(first, hostile), encoding="utf-8")
    year = plan.year  # type: ignore[attr-defined]
    build(data, root / "out", year)
    folder = root / "out" / str(year) / "html"
    shown = []
    for path in folder.rglob("*.html"):
        page = parse(path)
        assert not page.xpath("//script"), path
        shown += [text(e) for e in page.xpath("//a | //h1 | //th | //*[local-name()='text']") if hostile in text(e)]
    assert shown  # the name is on the pages, as the text it is


def test_ward_pages_write_the_years_as_the_publication_across_the_era_change(tmp_path: Path) -> None:
    """FY2019 is 令和元年度 (never 2019年度 or 令和1年度) and its previous year 平成30年度, on the ward pages and in the charts."""
    first = {w: ("30", "500") for w in WARDS}
    data = make_data(tmp_path, start=2018, end=2020, years={2018: first, 2019: {w: ("45", "500") for w in WARDS}})
    build(data, tmp_path / "out", 2019)
    folder = tmp_path / "out" / "2019" / "html"
    pages = sorted((folder / "wards").glob("*.html"))
    assert len(pages) == len(WARDS)
    for path in pages:
        page = parse(path)
        assert text(page.xpath("//th[@id='w-now']")[0]) == "令和元年度"
        assert text(page.xpath("//th[@id='w-before']")[0]) == "平成30年度（前年度）"
        assert text(page.xpath("//figcaption")[0]).endswith("（令和元年度）")
        assert "（令和元年度の実施状況）" in text(page.xpath("//h1")[0])
    for path in [folder / "index.html", *pages]:
        shown = path.read_text(encoding="utf-8")
        assert not re.search(r"[0-9]{4}年度|令和1年度", shown), path

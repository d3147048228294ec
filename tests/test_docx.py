"""report.docx read back: structure (styles, merges, header rows, fonts, sections) and content."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import DATA, ROOT, read_table
from lxml import etree

from reportgen.build import TEMPLATES, render_outputs
from reportgen.document import Cell, Document, EditionDate, Paragraph, Table
from reportgen.errors import OutputError
from reportgen.render import pdf
from reportgen.render.docx import PAGE_UNKNOWN, render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def report(built) -> docx.document.Document:
    return docx.Document(str(built[2016] / "report.docx"))


def table_rows(table) -> list[list[str]]:
    """Each row's cells as the grid sees them: a gridSpan cell repeated, a continued vMerge as ''."""
    rows = []
    for tr in table._tbl.iter(f"{W}tr"):
        cells = []
        for tc in tr.iter(f"{W}tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            cells.extend([text] * (int(span.get(f"{W}val")) if span is not None else 1))
        rows.append(cells)
    return rows


def test_headings_use_the_heading_styles_in_order(report) -> None:
    headings = [(p.style.name, p.text) for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Ⅰ．全体の総括")
    assert ("Heading 1", "Ⅱ．取組の実施状況及び成果目標値の達成に向けた進捗状況") in headings
    assert ("Heading 3", "(1)豊かなコミュニティの実現") in headings
    assert ("Heading 4", "㋐人と人とのつながりづくりの促進") in headings
    assert sum(1 for style, _ in headings if style == "Heading 4") == 13  # one per item
    assert not [p for p in report.paragraphs if not p.text.strip() and p._p.find(f"{W}pPr/{W}sectPr") is None and not p._p.findall(f".//{W}fldChar") and not p._p.findall(f".//{W}drawing")]  # a chart's picture is content


def test_no_direct_formatting_in_the_body(report) -> None:
    body = report.element.body
    assert not list(body.iter(f"{W}rPr")) or all(r.find(f"{W}rStyle") is not None for r in body.iter(f"{W}rPr"))
    for p_pr in body.iter(f"{W}pPr"):
        allowed = {f"{W}pStyle", f"{W}sectPr"}
        if p_pr.getparent().getparent().tag == f"{W}tc":
            allowed.add(f"{W}keepNext")  # rows of a merged label kept on one page
        elif p_pr.find(f"{W}pStyle").get(f"{W}val") == "Caption":
            allowed.add(f"{W}pageBreakBefore")  # a page-long table starts on a new page
        assert {child.tag for child in p_pr} <= allowed


def test_tables_have_merges_repeating_headers_and_the_csv_figures(report, built) -> None:
    table1, table2 = report.tables
    assert [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in table1._tbl.iter(f"{W}tr")][:4] == [True, True, True, False]
    assert len(table2._tbl.findall(f".//{W}tblHeader")) == 3
    header = table_rows(table2)[:3]
    assert header[0][7] == "前年度との比較" and header[0][12] == "前年度との比較"
    assert header[1][7] == "平成27年度※平成28年度結果が参考数値のものを除く"  # two lines in the cell
    assert header[1][10] == "差引（平成28年度－平成27年度）"
    assert table1._tbl.findall(f".//{W}gridSpan") and table1._tbl.findall(f".//{W}vMerge[@{W}val='restart']")

    csv1 = read_table(built[2016] / "csv" / "table1.csv")[1:]
    rows1 = [r for r in table_rows(table1)[3:] if len(set(r)) > 1]
    assert [r[-7:] for r in rows1] == [row[2:] for row in csv1]

    csv2 = read_table(built[2016] / "csv" / "table2.csv")[1:]
    by_group = {(row[0], row[2]): row[3:] for row in csv2}
    ids = [row[0] for row in read_table(built[2016] / "csv" / "table1.csv")[1:]]
    upper = [r for r in table_rows(table2)[3:] if len(set(r)) > 1 and not r[3].startswith("参考")]
    assert len(upper) == len(ids)

    def plain(text: str) -> str:
        return text.replace("▲ ", "-").strip("()").replace("―", "")

    for ident, row in zip(ids, upper, strict=True):
        assert [plain(t) for t in row[3:7]] == by_group[(ident, "件数カウント対象")][:4]  # the CSV also has 目標値を達成していない
        assert [plain(t) for t in row[7:10]] == by_group[(ident, "前年度")][1:4]
        assert [plain(t) for t in row[10:13]] == by_group[(ident, "差引")][1:4]
    lower = [r for r in table_rows(table2) if r[3].startswith("参考：")]
    assert [r[3] for r in lower] == ["参考：24"] * 5 + ["参考：337"]


def test_every_generated_sentence_is_in_the_document(report, edition_2016) -> None:
    texts = [p.text for p in report.paragraphs]
    # as Word shows them before fields are updated: a page reference's number is 〇〇 (render/docx.py)
    generated = [p.paged_text(PAGE_UNKNOWN) for p in edition_2016.document.paragraphs() if p.source and p.source.startswith("generated:")]
    position = 0
    for sentence in generated:
        position = texts.index(sentence, position)  # present, and in the same order


def test_fonts_language_properties_and_sections(report, built) -> None:
    with zipfile.ZipFile(built[2016] / "report.docx") as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        settings = etree.fromstring(z.read("word/settings.xml"))
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
        footer = z.read("word/footer1.xml").decode("utf-8")
        header = z.read("word/header1.xml").decode("utf-8")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "ja-JP"
    # opening the file is not an edit: Word is not asked to refresh fields (it would prompt and rewrite),
    # the header's TITLE field already shows the title
    assert settings.find(f"{W}updateFields") is None
    assert "TITLE" in header and "（文書のタイトル）" not in header
    assert "「豊かな地域社会の形成に向けた区政運営基本方針」平成28年度の実施状況について" in header
    assert settings.find(f"{W}footnotePr") is not None  # the separators Word expects
    assert "PAGE" in footer
    assert "地域公共人材とは、" in footnotes
    props = report.core_properties
    assert props.title == "「豊かな地域社会の形成に向けた区政運営基本方針」平成28年度の実施状況について"
    assert props.author == "大阪市" and props.language == "ja-JP"
    orientations = [s.orientation for s in report.sections]
    assert orientations == [0, 0, 1, 0]  # the title page with its contents, portrait text, landscape 表2, portrait again
    assert report.sections[2].page_width > report.sections[2].page_height


def test_each_table_repeats_the_cell_margins_of_the_templates_table_style(report) -> None:
    # LibreOffice ignores a table style's top and bottom margins: the renderer copies them from
    # the template, so a restyled template still decides them.
    style = report.styles.element.find(f"{W}style[@{W}styleId='ReportTable']")
    def margins(element) -> list[tuple[str, str]]:
        return [(edge.tag, edge.get(f"{W}w")) for edge in element.find(f"{W}tblCellMar")]

    wanted = margins(style.find(f"{W}tblPr"))
    assert (f"{W}top", "30") in wanted
    for table in report.tables:
        assert margins(table._tbl.tblPr) == wanted


def test_a_restyled_table_margin_reaches_the_tables() -> None:
    template = docx.Document(str(TEMPLATES / "report.docx"))
    style = template.styles.element.find(f"{W}style[@{W}styleId='ReportTable']")
    style.find(f"{W}tblPr/{W}tblCellMar/{W}top").set(f"{W}w", "99")
    buffer = io.BytesIO()
    template.save(buffer)
    table = Table("＜表＞", ((Cell("a"), Cell("b")),), 2)
    out = docx.Document(io.BytesIO(render_docx(Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1)), (table,)), buffer.getvalue())))
    assert out.tables[0]._tbl.tblPr.find(f"{W}tblCellMar/{W}top").get(f"{W}w") == "99"


def test_two_builds_in_other_time_zones_and_hash_seeds_give_the_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for n, (tz, seed) in enumerate((("UTC", "1"), ("Asia/Tokyo", "2"))):
        env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        out = tmp_path / f"out{n}"
        subprocess.run([sys.executable, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)], env=env, check=True, capture_output=True, cwd=ROOT)
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys() and Path("2016/report.docx") in outputs[0]
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(io.BytesIO(outputs[0][Path("2016/report.docx")])) as z:
        assert {i.date_time for i in z.infolist()} == {(2017, 4, 1, 0, 0, 0)}


def test_a_template_without_a_needed_style_is_named() -> None:
    template = (TEMPLATES / "report.docx").read_bytes()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/styles.xml":
                data = data.replace("w:val=\"箇条\"".encode(), "w:val=\"箇条2\"".encode())
            target.writestr(info, data)
    document = Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1)), (Paragraph("x"),))
    with pytest.raises(OutputError) as error:
        render_docx(document, broken.getvalue(), "templates/report.docx")
    assert "スタイル「箇条」" in str(error.value) and "templates/report.docx" in str(error.value)


def test_table_spans_become_grid_span_and_vertical_merge() -> None:
    table = Table("＜表＞", ((Cell("a", rowspan=2), Cell("b", colspan=2)), (Cell("c"), Cell("d"))), 3, header_rows=1)
    data = render_docx(Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1)), (table,)), (TEMPLATES / "report.docx").read_bytes())
    tbl = docx.Document(io.BytesIO(data)).tables[0]._tbl
    trs = tbl.findall(f"{W}tr")
    first, second = ([tc for tc in tr.findall(f"{W}tc")] for tr in trs)
    assert first[0].find(f"{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"
    assert first[1].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    assert second[0].find(f"{W}tcPr/{W}vMerge").get(f"{W}val") is None
    assert [tc.xpath("string(.)") for tc in second] == ["", "c", "d"]


def test_pdf_without_libreoffice_says_so_in_japanese(monkeypatch) -> None:
    monkeypatch.setattr(pdf, "find_office", lambda *args, **kwargs: None)
    with pytest.raises(OutputError, match="LibreOffice が見つからない"):
        pdf.docx_to_pdf(b"")


NEED_PDF = os.environ.get("REPORTGEN_REQUIRE_PDF") == "1"


@pytest.mark.skipif(pdf.find_office() is None and not NEED_PDF, reason="LibreOffice is not installed")
def test_pdf_is_sensible_and_every_font_is_a_real_embedded_japanese_font() -> None:
    files, _ = render_outputs(DATA, 2016, pdf=True)
    data = files["report.pdf"]
    assert data.startswith(b"%PDF")
    again, _ = render_outputs(DATA, 2016, pdf=True)
    assert again["report.pdf"] == data  # same input, same bytes: no wall clock, no random /ID
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.M)  # structure tags for screen readers (JIS X 8341-3)
    assert re.search(r"^CreationDate:\s+Sat Apr  1 00:00:00 2017 UTC$", info, re.M)  # the edition's date
    assert "区政運営基本方針" in next(line for line in info.splitlines() if line.startswith("Title:"))
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 8 <= pages <= 40
    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert re.search(r"全体の総括\.{5,}\s*2\b", first_page)  # the TOC was refreshed: Ⅰ starts on p.2, after the title page
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode().splitlines()[2:]
    assert fonts
    for line in fonts:
        name, emb = line.split()[0], line.split()[-5]
        assert emb == "yes", line
        assert "BIZUD" in name or "NotoSerifCJK" in name or "NotoSansCJK" in name, line


def _style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, style_id
    return found


def _size(styles: etree._Element, style: etree._Element) -> int:
    """The style's font size in half-points, through its basedOn chain."""
    while (size := style.find(f"{W}rPr/{W}sz")) is None:
        style = _style(styles, style.find(f"{W}basedOn").get(f"{W}val"))
    return int(size.get(f"{W}val"))


def test_page_layout_a_city_publishes(report, built) -> None:
    with zipfile.ZipFile(built[2016] / "report.docx") as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        settings = etree.fromstring(z.read("word/settings.xml"))
        app = z.read("docProps/app.xml").decode("utf-8")
    # the title has no blue rule from python-docx's default template; body text is justified (両端揃え)
    assert _style(styles, "Title").find(f"{W}pPr/{W}pBdr") is None
    assert _style(styles, "BodyText").find(f"{W}pPr/{W}jc").get(f"{W}val") == "both"
    # 【成果指標と目標値】's lines are a block: every line indented, not only the first
    indicator = _style(styles, "ReportIndicator").find(f"{W}pPr/{W}ind")
    assert int(indicator.get(f"{W}left")) > 0 and int(indicator.get(f"{W}firstLine", "0")) == 0
    wording = [p for p in report.paragraphs if p.text.startswith("身近な地域の中で「声かけ」")]
    assert wording and all(p.style.name == "成果指標" for p in wording)
    # ㋐ (Heading 4) and ○取組の実施状況 (小見出し) differ in size and weight
    heading, marker = _style(styles, "Heading4"), _style(styles, "ReportMarker")
    assert _size(styles, heading) > _size(styles, marker)
    assert heading.find(f"{W}rPr/{W}b") is not None
    bold = marker.find(f"{W}rPr/{W}b")
    assert bold is None or bold.get(f"{W}val") in ("0", "false")
    # a current Word layout, and properties that do not claim another program or a page count
    modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting") if s.get(f"{W}name") == "compatibilityMode"]
    assert modes == ["15"]
    assert "<Application>reportgen</Application>" in app and "Macintosh" not in app and "<Pages>" not in app
    # the title page has no running header; later sections (landscape 表2 and after) start on ordinary pages
    sections = [s.find(f"{W}titlePg") is not None for s in report.element.body.iter(f"{W}sectPr")]
    assert sections == [True, False, False, False]  # title page (its own section), text, 表2, the rest
    assert report.sections[0].different_first_page_header_footer
    assert not report.sections[0].first_page_header.paragraphs[0].text.strip()


def test_term_notes_are_footnotes_marked_as_the_publication_marks_them(built) -> None:
    with zipfile.ZipFile(built[2016] / "report.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    references = list(body.iter(f"{W}footnoteReference"))
    assert references and all(r.get(f"{W}customMarkFollows") == "1" for r in references)
    assert all(r.getnext() is not None and r.getnext().text == "※" for r in references)
    texts = ["".join(n.itertext()) for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert texts and all(t.startswith("地域公共人材とは、") or "とは、" in t[:30] for t in texts)
    assert not any(t.startswith("\u3000") or "･" in t for t in texts)  # no leading full-width space, no half-width ･


def test_table_rows_name_strategies_as_the_headings_do_and_table2s_notes_have_their_heading(report, edition_2016) -> None:
    captions = [t for t in edition_2016.document.blocks if isinstance(t, Table)]
    for table in captions:
        strategy_rows = [row[0].text for row in table.rows if len(row) == 1]
        assert strategy_rows == ["1「大きな公共を担う活力ある地域社会づくり」に向けて", "2「自律した自治体型の区政運営」に向けて"], table.caption
    table2 = captions[1]
    assert table2.notes[0].text == "（「表2：成果目標値達成に向けた進捗状況」についての注記）"
    assert table2.notes[1].text.startswith("※1 ")


def test_rows_of_one_label_stay_together_and_a_long_table_starts_a_page(report) -> None:
    captions = [p for p in report.paragraphs if p.style.name == "Caption" and not p.text.startswith("図")]  # the tables' (charts have theirs)
    breaks = {p.text: p._p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in captions}
    assert breaks == {"＜表1：取組の実施状況＞": True, "＜表2：成果目標値達成に向けた進捗状況＞": False}  # 表2 has its own section
    for table in report.tables:
        rows = table._tbl.findall(f"{W}tr")
        keeps = [all(p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(f"{W}p")) for tr in rows]
        for r, tr in enumerate(rows[:-1]):
            continued = [tc for tc in rows[r + 1].findall(f"{W}tc") if (m := tc.find(f"{W}tcPr/{W}vMerge")) is not None and m.get(f"{W}val") is None]
            if continued and tr.find(f"{W}trPr/{W}tblHeader") is None:
                assert keeps[r], r  # a merged cell runs on: this row keeps with the next
        assert not keeps[-1]


def test_table_headers_break_between_words_not_inside_a_year() -> None:
    from reportgen.jp import header_lines

    assert header_lines("うち平成29年度までの目標値を達成", 5.2).split("\n")[1] == "平成29年度"
    assert header_lines("必ずしも順調ではない", 5.2) == "必ずしも順\n調ではない"
    assert header_lines("件数", 3) == "件数"
    assert header_lines("平成27年度\n※平成28年度結果が参考数値のものを除く", 12) == "平成27年度\n※平成28年度結果が\n参考数値のものを除く"
    for text, capacity in (("記載した取組をすべて実施", 3.3), ("区運営方針には記載していないが、別途取組", 4.3)):
        lines = header_lines(text, capacity).split("\n")
        assert "".join(lines) == text and all(len(line) <= capacity for line in lines)
        assert not any(line[0] in "、。" for line in lines[1:])  # kinsoku: no line starts with 、

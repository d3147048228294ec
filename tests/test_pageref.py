"""Page references (issue 15 item 9): ※2's 「（詳細はｐ10を参照）」 as a PAGEREF field to the item's heading.

The model keeps a readable text (「（詳細は1⑶㋐を参照）」, for report.txt) and a :class:`PageRef` at its
place; report.docx prints 「ｐ」 and a PAGEREF field to a bookmark on the heading, whose number
LibreOffice computes in the PDF and Word on updating fields; ``reportgen update``/``check`` never
take a computed page number for an editor's edit.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from editor import needs_office, open_doc, text_without_fields
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from scenario import RandomPlan, random_plans

from reportgen.build import TEMPLATES, compose_edition
from reportgen.cli import main
from reportgen.document import Heading, PageRef, Paragraph
from reportgen.living import wordxml
from reportgen.narrative import pagerefs
from reportgen.render.docx import PAGE_UNKNOWN, ref_bookmark

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_marker_becomes_the_items_mark_and_a_reference_at_its_place() -> None:
    line = f"※2 1⑶㋐については、全市で1件としています。（詳細は{pagerefs.page_of('1.3.a', 'ｐ')}を参照）"
    text, refs, unknown = pagerefs.resolve(line, {"item-1.3.a": "1⑶㋐"})
    assert text == "※2 1⑶㋐については、全市で1件としています。（詳細は1⑶㋐を参照）"
    assert unknown == []
    assert refs == (PageRef(text.rindex("1⑶㋐"), "1⑶㋐", "item-1.3.a", "ｐ"),)  # the second 1⑶㋐, not the first
    assert Paragraph(text, refs=refs).paged_text("11").endswith("（詳細はｐ11を参照）")


def test_widened_digits_still_name_the_item_and_an_unknown_item_is_reported() -> None:
    from reportgen import jp

    widened = jp.to_width(f"a{pagerefs.page_of('2.1.b')}b{pagerefs.page_of('9.9.z')}", "full")
    text, refs, unknown = pagerefs.resolve(widened, {"item-2.1.b": "2⑴㋑"})
    assert [r.anchor for r in refs] == ["item-2.1.b", "item-9.9.z"]
    assert unknown == ["item-9.9.z"]
    assert text == "a2⑴㋑bitem-9.9.z"
    assert pagerefs.resolve("参照なし", {}) == ("参照なし", (), [])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="あいう12（）", max_size=6), st.sampled_from(["1⑶㋐", "2⑴㋑", "x"])), max_size=4),
       st.text(alphabet="あい", max_size=3), st.sampled_from(["", "7", "123"]))
def test_pieces_cut_the_text_at_its_references_and_rejoin_to_it(parts: list[tuple[str, str]], tail: str, page: str) -> None:
    text, refs = "", []
    for before, name in parts:
        text += before
        refs.append(PageRef(len(text), name, f"item-{name}"))
        text += name
    text += tail
    paragraph = Paragraph(text, refs=tuple(reversed(refs)))  # any order: pieces sort them
    pieces = paragraph.pieces()
    assert "".join(p if isinstance(p, str) else p.text for p in pieces) == text
    assert [p for p in pieces if isinstance(p, PageRef)] == refs
    assert all(p for p in pieces if isinstance(p, str))  # no empty text pieces
    expected = text
    for ref in reversed(refs):
        expected = expected[:ref.at] + "ｐ" + page + expected[ref.at + len(ref.text):]
    assert paragraph.paged_text(page) == expected


def test_fy2016_note_refers_to_the_heading_of_its_item(edition_2016) -> None:
    notes = [p for p in edition_2016.document.paragraphs() if p.refs]
    assert len(notes) == 1 and notes[0].text.startswith("※2 1⑶㋐")
    anchors = {b.anchor: b for b in edition_2016.document.blocks if isinstance(b, Heading) and b.anchor}
    target = anchors[notes[0].refs[0].anchor]
    assert target.text == "㋐地域資源が活用されやすい仕組みづくり" and target.level == 4
    assert len(anchors) == 17 - 5 + 1  # every item of the plan (13 items, 17 indicators) has its anchor


def test_report_docx_has_a_pageref_field_to_a_bookmark_on_that_heading(built: dict[int, Path]) -> None:
    with zipfile.ZipFile(built[2016] / "report.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    instructions = [t.text for t in body.iter(f"{W}instrText") if "PAGEREF" in (t.text or "") and "_Toc" not in (t.text or "")]
    assert instructions == [f" PAGEREF {ref_bookmark('item-1.3.a')} \\h "]  # the contents' own are tested in test_contents.py
    starts = {b.get(f"{W}name"): b for b in body.iter(f"{W}bookmarkStart")}
    heading = starts[ref_bookmark("item-1.3.a")].getparent()
    assert wordxml.text(heading) == "㋐地域資源が活用されやすい仕組みづくり"
    assert heading.find(f"{W}pPr/{W}pStyle").get(f"{W}val").lower().startswith("heading")
    note = next(p for p in body.iter(f"{W}p") if "PAGEREF _Ref" in etree.tostring(p, encoding="unicode"))
    shown = "".join(t.text or "" for t in note.iter(f"{W}t"))
    assert shown.endswith(f"（詳細はｐ{PAGE_UNKNOWN}を参照）")
    assert wordxml.text(note).endswith("（詳細はｐを参照）")  # the living report reads it without the number


def test_bookmark_names_are_what_word_accepts() -> None:
    for anchor in ("item-1.3.a", "item-12.10.z", "項目-1", "x" * 80):
        name = ref_bookmark(anchor)
        assert name.startswith("_Ref_") and len(name) <= 40 and re.fullmatch(r"[_A-Za-z0-9]+", name)


@needs_office
def test_the_pdf_prints_the_page_the_heading_is_on(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", "--fiscal-year", "2016", "--output", str(out), "--pdf"]) == 0
    pdf = out / "2016" / "report.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True).stdout
             for n in range(1, pages + 1)]
    squashed = [re.sub(r"\s+", "", t) for t in texts]
    # the heading's page: the last page holding it (the first is the contents); its footer prints the same number
    heading_page = max(n for n, t in enumerate(squashed, start=1) if "㋐地域資源が活用されやすい仕組みづくり" in t)
    assert f"－{heading_page}－" in squashed[heading_page - 1]
    referred = re.findall(r"（詳細はｐ(\d+)を参照）", "".join(squashed))
    assert referred == [str(heading_page)]
    # the contents, refreshed in the same pass: each entry's page is where its heading starts a line,
    # looked for from the previous entry's page on (「1「…」に向けて」 is a heading under Ⅰ and under ◆)
    entries = re.findall(r"^(.+?)\.{3,}\s*(\d+)$", re.sub(r"[ \t]", "", texts[0]), re.M)
    assert len(entries) == 15
    lines = [[re.sub(r"\s+", "", line) for line in t.splitlines()] for t in texts]
    page = 2
    for title, number in entries:
        page = next(n for n in range(page, pages + 1) if any(line.startswith(title[:14]) for line in lines[n - 1]))
        assert int(number) == page, (title, number, page)


def test_a_page_number_libreoffice_or_word_filled_in_is_not_an_edit(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = out / "2016" / "report.docx"
    doc = open_doc(report.read_bytes())
    for t in doc.element.body.iter(f"{W}t"):
        if t.text == PAGE_UNKNOWN:
            t.text = "11"  # what updating the fields writes
    doc.save(str(report))
    capsys.readouterr()
    assert main(["check", "--fiscal-year", "2016", "--output", str(out), "--data", str(DATA)]) == 0
    assert "すべてデータと合っています" in capsys.readouterr().out


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans())
def test_in_any_plan_every_page_reference_names_a_heading_of_the_document(tmp_path_factory, plan: RandomPlan) -> None:
    data = plan.write(tmp_path_factory.mktemp("plan"))
    edition, problems = compose_edition(data, plan.year, TEMPLATES)
    assert not problems.errors, problems.errors[:3]
    anchors = {b.anchor: b.text for b in edition.document.blocks if isinstance(b, Heading) and b.anchor}
    citywide = [p for p in edition.document.paragraphs() if p.refs]
    for paragraph in citywide:
        for ref in paragraph.refs:
            assert ref.anchor in anchors
            assert paragraph.text[ref.at:ref.at + len(ref.text)] == ref.text
    # one reference per city-wide indicator's note (※ 全市で1件), none elsewhere
    assert len([p for p in edition.document.paragraphs() if "全市で1件としています" in p.text]) == len(citywide)


def test_a_template_naming_no_item_is_an_error_at_the_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    notes = templates / "sentences" / "edition" / "table2_notes.j2"
    notes.write_text(notes.read_text(encoding="utf-8").replace("i.item_key | page_of('ｐ')", "'9.9.z' | page_of('ｐ')"), encoding="utf-8")
    code = main(["build", "--fiscal-year", "2016", "--output", str(tmp_path / "out"), "--templates", str(templates)])
    said = capsys.readouterr().err
    assert code == 1
    assert "item-9.9.z" in said and "table2_notes" in said and "rules.yaml" in said
    assert not (tmp_path / "out" / "2016").exists()


def test_random_offsets_survive_the_docx_runs() -> None:
    import datetime as dt

    from reportgen.document import Document, EditionDate
    from reportgen.render.docx import render_docx

    rng = random.Random(7)
    for _ in range(5):
        name = rng.choice(["1⑶㋐", "2⑵㋑"])
        before, after = "前" * rng.randint(0, 5), "後" * rng.randint(0, 5)
        para = Paragraph(before + name + after, source="generated:x.y", refs=(PageRef(len(before), name, "item-a"),))
        doc = Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1)), blocks=(Heading("見出し", 4, "item-a"), para))
        body = open_doc(render_docx(doc, (TEMPLATES / "report.docx").read_bytes())).element.body
        p = [p for p in body.iter(f"{W}p") if "PAGEREF" in etree.tostring(p, encoding="unicode")][0]
        assert text_without_fields(p) == before + "ｐ" + after


def test_the_web_edition_links_the_reference_to_the_items_heading(built: dict[int, Path]) -> None:
    page = (built[2016] / "html" / "index.html").read_text(encoding="utf-8")
    note = re.search(r'<p[^>]*id="note-2"[^>]*>(.*?)</p>', page, re.S)
    assert note is not None
    link = re.search(r'（詳細は<a href="#(s\d+)">1⑶㋐</a>を参照）', note.group(1))
    assert link is not None, note.group(1)
    heading = re.search(rf'<h\d id="{link.group(1)}">(.*?)</h\d>', page)
    assert heading is not None and "地域資源が活用されやすい仕組みづくり" in heading.group(1)

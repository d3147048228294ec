"""report.docx's table of contents: a TOC field written as Word writes one, readable before anyone updates it.

A paragraph per heading (levels 1 to the contents' depth) in Word's ``toc N`` style, linked to a hidden
``_Toc…`` bookmark on its heading, with a PAGEREF field to the same bookmark for its page (〇〇 until the
fields are updated: Word F9, the PDF pass). Before, the entries were one paragraph of line breaks, which
Word and LibreOffice justify line by line: the title page showed 「Ⅰ　．　全　体　の　総　括」.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from editor import needs_office
from hypothesis import HealthCheck, given, settings
from lxml import etree
from scenario import RandomPlan, random_plans

from reportgen.build import TEMPLATES, compose_edition
from reportgen.document import Contents, Heading
from reportgen.render.docx import PAGE_UNKNOWN, render_docx, toc_bookmark

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATA = Path(__file__).resolve().parents[1] / "data"


def _parts(data: bytes) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")), etree.fromstring(z.read("word/styles.xml"))


def _style_names(styles: etree._Element) -> dict[str, str]:
    return {s.get(f"{W}styleId"): s.find(f"{W}name").get(f"{W}val") for s in styles.iter(f"{W}style")}


def _text(element: etree._Element) -> str:
    """The text a reader sees outside field instructions (the shown results included)."""
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _field_chars(p: etree._Element) -> list[str]:
    return [f.get(f"{W}fldCharType") for f in p.iter(f"{W}fldChar")]


def check_contents(data: bytes, headings: list[Heading], levels: int) -> None:
    """Every property of the contents that the docstring states, against the document's headings."""
    body, styles = _parts(data)
    names = _style_names(styles)
    paragraphs = list(body.iter(f"{W}p"))
    begin = next(i for i, p in enumerate(paragraphs) if any(" TOC " in (t.text or "") for t in p.iter(f"{W}instrText")))
    listed = [h for h in headings if h.level <= levels]
    entries = paragraphs[begin:begin + len(listed)]
    assert [names[p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")] for p in entries] == [f"toc {h.level}" for h in listed]
    assert [_text(p) for p in entries] == [f"{h.text}{PAGE_UNKNOWN}" for h in listed]
    assert not [br for p in entries for br in p.iter(f"{W}br")]  # no line breaks: nothing to justify
    # the TOC field opens in the first entry and closes in the last; each entry's PAGEREF is whole inside it
    chars = [_field_chars(p) for p in entries]
    assert chars[0][:2] == ["begin", "separate"] and chars[-1][-1] == "end"
    assert all(c[-3:] == ["begin", "separate", "end"] for c in chars[:-1])
    assert sum(c.count("begin") for c in chars) == sum(c.count("end") for c in chars) == len(listed) + 1
    # the title page's section ends in the paragraph after the contents, which shows nothing
    after = paragraphs[begin + len(listed)]
    assert after.find(f"{W}pPr/{W}sectPr") is not None and _text(after) == "" and not _field_chars(after)
    # each entry links to, and takes its page from, a bookmark on its own heading
    starts = {b.get(f"{W}name"): b.getparent() for b in body.iter(f"{W}bookmarkStart")}
    for p, heading in zip(entries, listed, strict=True):
        [link] = p.findall(f"{W}hyperlink")
        anchor = link.get(f"{W}anchor")
        assert anchor.startswith("_Toc") and len(anchor) <= 40
        target = starts[anchor]
        assert _text(target) == heading.text and names[target.find(f"{W}pPr/{W}pStyle").get(f"{W}val")] .lower() == f"heading {min(heading.level, 4)}"
        instructions = [t.text for t in p.iter(f"{W}instrText")]
        assert f" PAGEREF {anchor} \\h " in instructions
        # the page stands at the right margin: a tab (the style's, with leader dots) between the title and the field
        runs = list(link.iter(f"{W}r"))
        tab = next(i for i, r in enumerate(runs) if r.find(f"{W}tab") is not None)
        assert "".join(_text(r) for r in runs[:tab]) == heading.text
        assert runs[tab + 1].find(f"{W}fldChar").get(f"{W}fldCharType") == "begin"
    # field instructions keep their spaces (Word reads 「 PAGEREF _Toc… \h 」 as written)
    for p in entries:
        for t in p.iter(f"{W}instrText"):
            assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert len({p.find(f"{W}hyperlink").get(f"{W}anchor") for p in entries}) == len(entries)


def _edition_parts(data_dir: Path, year: int) -> tuple[bytes, list[Heading], int]:
    """report.docx of a data folder's edition, its headings and the contents' depth."""
    edition, _ = compose_edition(data_dir, year)
    document = edition.document
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    [contents] = [b for b in document.blocks if isinstance(b, Contents)]
    return render_docx(document, (TEMPLATES / "report.docx").read_bytes(), "report.docx"), headings, contents.levels


def test_fy2016_contents_are_a_paragraph_per_heading(edition_2016) -> None:
    document = edition_2016.document
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    [contents] = [b for b in document.blocks if isinstance(b, Contents)]
    data = render_docx(document, (TEMPLATES / "report.docx").read_bytes(), "report.docx")
    check_contents(data, headings, contents.levels)
    assert sum(1 for h in headings if h.level <= contents.levels) == 15


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan=random_plans(max_wards=6))
def test_any_plans_contents_list_its_headings(tmp_path_factory: pytest.TempPathFactory, plan: RandomPlan) -> None:
    data_dir = plan.write(tmp_path_factory.mktemp("contents"))
    check_contents(*_edition_parts(data_dir, plan.year))


def _template_without_toc_styles(rename: dict[str, str] | None = None) -> bytes:
    """The shipped template with its ``toc N`` styles removed, or renamed to other ids (``rename``: name → id)."""
    source = (TEMPLATES / "report.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/styles.xml":
                styles = etree.fromstring(data)
                for style in list(styles.iter(f"{W}style")):
                    name = style.find(f"{W}name").get(f"{W}val")
                    if name.startswith("toc "):
                        if rename and name in rename:
                            style.set(f"{W}styleId", rename[name])
                        else:
                            styles.remove(style)
                data = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    return out.getvalue()


def test_a_template_without_toc_styles_gets_word_s_built_in_ones(edition_2016) -> None:
    document = edition_2016.document
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    data = render_docx(document, _template_without_toc_styles(), "report.docx")
    check_contents(data, headings, 3)
    _, styles = _parts(data)
    section = docx.Document(io.BytesIO(data)).sections[0]
    width = round((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips
    for level in (1, 2, 3):
        [style] = [s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == f"toc {level}"]
        tab = style.find(f"{W}pPr/{W}tabs/{W}tab")
        assert (tab.get(f"{W}val"), tab.get(f"{W}leader")) == ("right", "dot")
        assert abs(int(tab.get(f"{W}pos")) - width) <= 2  # the page number at the right margin
        assert int(style.find(f"{W}pPr/{W}ind").get(f"{W}left")) == 210 * (level - 1)
        assert style.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left"
        # as Word defines its built-in toc N: on Normal, followed by Normal, shown in the gallery once used
        assert style.find(f"{W}basedOn").get(f"{W}val") == style.find(f"{W}next").get(f"{W}val") == "Normal"
        assert style.find(f"{W}uiPriority").get(f"{W}val") == "39" and style.find(f"{W}unhideWhenUsed") is not None


def test_a_template_s_own_toc_styles_are_used_under_their_own_ids(edition_2016) -> None:
    """Found by name, as the other styles: a city's template may give them any id (Word localises none)."""
    document = edition_2016.document
    renamed = {"toc 1": "Mokuji1", "toc 2": "Mokuji2", "toc 3": "Mokuji3"}
    data = render_docx(document, _template_without_toc_styles(renamed), "report.docx")
    body, styles = _parts(data)
    used = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in body.iter(f"{W}p") if p.find(f"{W}hyperlink") is not None}
    assert used == set(renamed.values())
    assert sum(1 for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val").startswith("toc ")) == 3  # none added


def test_a_document_without_headings_still_has_a_whole_toc_field(edition_2016) -> None:
    from dataclasses import replace

    document = edition_2016.document
    blocks = tuple(b for b in document.blocks if not isinstance(b, Heading))
    data = render_docx(replace(document, blocks=blocks), (TEMPLATES / "report.docx").read_bytes(), "report.docx")
    body, _ = _parts(data)
    [p] = [p for p in body.iter(f"{W}p") if any(" TOC " in (t.text or "") for t in p.iter(f"{W}instrText"))]
    assert _field_chars(p) == ["begin", "separate", "end"] and p.find(f"{W}pPr/{W}sectPr") is not None


def test_without_contents_no_heading_gets_a_toc_bookmark(edition_2016) -> None:
    from dataclasses import replace

    document = edition_2016.document
    blocks = tuple(b for b in document.blocks if not isinstance(b, Contents))
    body, _ = _parts(render_docx(replace(document, blocks=blocks), (TEMPLATES / "report.docx").read_bytes(), "report.docx"))
    names = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert names and not [n for n in names if n.startswith("_Toc")]
    assert not [t for t in body.iter(f"{W}instrText") if " TOC " in (t.text or "")]


def test_bookmark_names_are_hidden_unique_and_short() -> None:
    names = [toc_bookmark(n) for n in range(2000)]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"_Toc\d{9}", n) for n in names)


@needs_office
def test_a_plain_conversion_prints_the_entries_unstretched_and_the_title_page_s_number(tmp_path: Path, edition_2016) -> None:
    """What an editor sees before updating fields: each entry, leader dots, 〇〇; page 1 keeps its footer's number."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    document = edition_2016.document
    (tmp_path / "report.docx").write_bytes(render_docx(document, (TEMPLATES / "report.docx").read_bytes(), "report.docx"))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "report.docx")], check=True, capture_output=True, timeout=300)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(tmp_path / "report.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    listed = [h for h in document.blocks if isinstance(h, Heading) and h.level <= 3]
    for heading in listed:
        squashed = re.sub(r"\s+", "", heading.text)
        assert re.search(re.escape(squashed) + r"\.{3,}" + PAGE_UNKNOWN, re.sub(r"[ \t]+", "", first)), heading.text
    assert "－1－" in re.sub(r"\s+", "", first)

"""Attacks on the render side (issue 11): broken Office templates, SOURCE_DATE_EPOCH, the console, PDF.

Each case once ended the build as an internal error (exit 70) or a traceback; each must now stop
with a Japanese message naming the template and its part (and the style where there is one), or
the environment variable, with nothing written.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import warnings
import zipfile
from collections.abc import Callable
from datetime import date as day
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from reportgen.cli import main
from reportgen.document.nodes import DataTable, Document, EditionDate
from reportgen.errors import OutputError, ReportgenError
from reportgen.render.docx import render_docx
from reportgen.render.xlsx import render_xlsx

DOCX = (ROOT / "templates" / "report.docx").read_bytes()
XLSX = (ROOT / "templates" / "tables.xlsx").read_bytes()
W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Entries = list[tuple[str, bytes]]


def rezip(data: bytes, change: Callable[[Entries], Entries]) -> bytes:
    """``data`` unpacked, changed and packed again (entries in the order ``change`` returns)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist()]
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # a duplicate entry is one of the attacks
        for name, blob in change(entries):
            z.writestr(name, blob)
    return out.getvalue()


def drop(part: str) -> Callable[[Entries], Entries]:
    return lambda entries: [(n, b) for n, b in entries if n != part]


def edit(part: str, change: Callable[[bytes], bytes]) -> Callable[[Entries], Entries]:
    return lambda entries: [(n, change(b) if n == part else b) for n, b in entries]


def replace(part: str, old: bytes, new: bytes) -> Callable[[Entries], Entries]:
    def change(blob: bytes) -> bytes:
        assert old in blob, (part, old)
        return blob.replace(old, new)

    return edit(part, change)


def add(part: str, blob: bytes) -> Callable[[Entries], Entries]:
    return lambda entries: [*entries, (part, blob)]


def with_footnotes(footnotes: bytes) -> bytes:
    """The shipped report.docx with a footnotes part (it has none), holding ``footnotes``."""
    rel = b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
    kind = b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    data = rezip(DOCX, replace("word/_rels/document.xml.rels", b"</Relationships>", rel + b"</Relationships>"))
    data = rezip(data, replace("[Content_Types].xml", b"</Types>", kind + b"</Types>"))
    return rezip(data, add("word/footnotes.xml", footnotes))


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1000
FOOTNOTES = b'<w:footnotes xmlns:w="%s"><w:footnote w:id="%s"><w:p/></w:footnote></w:footnotes>'
SECT = re.compile(rb"<w:sectPr.*</w:sectPr>", re.S)

DOCX_CASES: dict[str, tuple[bytes, str, tuple[str, ...]]] = {
    # case: (template bytes, part named, words in the message)
    "no-document-part": (rezip(DOCX, drop("word/document.xml")), "_rels/.rels", ("word/document.xml", "ありません")),
    "no-styles-part": (rezip(DOCX, drop("word/styles.xml")), "word/_rels/document.xml.rels", ("word/styles.xml", "ありません")),
    "no-styles-relationship": (rezip(DOCX, replace("word/_rels/document.xml.rels", b'Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"', b'Id="rId3" Type="x"')), "word/styles.xml", ("スタイルの部品",)),
    "no-content-types": (rezip(DOCX, drop("[Content_Types].xml")), "[Content_Types].xml", ("部品の種類",)),
    "style-renamed": (rezip(DOCX, replace("word/styles.xml", b'w:val="Title"', b'w:val="Titel"')), "word/styles.xml", ("「Title」",)),
    "style-wrong-type": (rezip(DOCX, replace("word/styles.xml", b'w:type="table" w:customStyle="1" w:styleId="ReportTable"', b'w:type="paragraph" w:customStyle="1" w:styleId="ReportTable"')), "word/styles.xml", ("「報告書の表」", "表スタイル")),
    "styles-cut-short": (rezip(DOCX, edit("word/styles.xml", lambda b: b[:-20])), "word/styles.xml", ("XML",)),
    "document-cut-short": (rezip(DOCX, edit("word/document.xml", lambda b: b[:-20])), "word/document.xml", ("XML",)),
    "no-sectPr": (rezip(DOCX, edit("word/document.xml", lambda b: SECT.sub(b"", b))), "word/document.xml", ("w:sectPr",)),
    "no-page-margins": (rezip(DOCX, edit("word/document.xml", lambda b: re.sub(rb"<w:pgMar[^>]*/>", b"", b))), "word/document.xml", ("余白",)),
    "strict-namespace": (rezip(DOCX, replace("word/document.xml", W_NS, b"http://purl.oclc.org/ooxml/wordprocessingml/main")), "word/document.xml", ("Strict",)),
    "other-namespace": (rezip(DOCX, replace("word/document.xml", W_NS, b"urn:x")), "word/document.xml", ("w:document",)),
    "workbook-as-docx": (XLSX, "xl/workbook.xml", ("Excel のブック",)),
    "dotdot-entry": (rezip(DOCX, add("../evil.xml", b"<a/>")), "", ("../evil.xml",)),
    "duplicate-entry": (rezip(DOCX, add("word/styles.xml", b"<a/>")), "word/styles.xml", ("同じ名前",)),
    "encrypted": (OLE, "", ("パスワード",)),
    "empty": (b"", "", ("空のファイル",)),
    "settings-missing": (rezip(DOCX, drop("word/settings.xml")), "word/_rels/document.xml.rels", ("word/settings.xml",)),
    "settings-cut-short": (rezip(DOCX, edit("word/settings.xml", lambda b: b[:-10])), "word/settings.xml", ("XML",)),
    "footnotes-cut-short": (with_footnotes(b"<w:footnotes"), "word/footnotes.xml", ("XML",)),
    "footnotes-id-not-a-number": (with_footnotes(FOOTNOTES % (W_NS, b"x")), "word/footnotes.xml", ("w:id",)),
    # found by the fuzzer (see the module docstring of render/template_check.py)
    "relationship-without-target": (rezip(DOCX, replace("word/_rels/document.xml.rels", b' Target="numbering.xml"', b"")), "word/_rels/document.xml.rels", ("Target",)),
    "settings-content-type-gone": (rezip(DOCX, edit("[Content_Types].xml", lambda b: re.sub(rb'<Override PartName="/word/settings.xml"[^>]*/>', b"", b))), "[Content_Types].xml", ("word/settings.xml", "種類")),
    "core-properties-content-type-wrong": (rezip(DOCX, replace("[Content_Types].xml", b"application/vnd.openxmlformats-package.core-properties+xml", b"application/xml")), "[Content_Types].xml", ("docProps/core.xml",)),
    "doctype-in-a-part": (rezip(DOCX, edit("word/numbering.xml", lambda b: b'<!DOCTYPE x [<!ENTITY a "b">]>' + b.split(b"?>", 1)[1])), "word/numbering.xml", ("DOCTYPE",)),
    "core-properties-foreign-namespace": (rezip(DOCX, replace("docProps/core.xml", b"http://schemas.openxmlformats.org/package/2006/metadata/core-properties", b"urn:x")), "docProps/core.xml", ("cp:coreProperties",)),
    "content-type-without-part-name": (rezip(DOCX, replace("[Content_Types].xml", b'<Override PartName="/word/webSettings.xml"', b"<Override")), "[Content_Types].xml", ("PartName",)),
    "corrupt-deflate-stream": (DOCX[:200] + bytes(b ^ 0xFF for b in DOCX[200:260]) + DOCX[260:], "", ("壊れて",)),
}


@pytest.mark.parametrize("case", DOCX_CASES, ids=list(DOCX_CASES))
def test_a_broken_word_template_names_its_part(case: str, edition_2016) -> None:
    data, part, words = DOCX_CASES[case]
    with pytest.raises(OutputError) as error:
        render_docx(edition_2016.document, data, "templates/report.docx")
    text = str(error.value)
    where = f"エラー: templates/report.docx（{part}）" if part else "エラー: templates/report.docx"
    assert text.startswith(where), text
    assert all(w in text for w in words), text


def test_the_shipped_word_template_with_footnotes_still_renders(edition_2016) -> None:
    """The footnotes template of the cases above is sound but for the broken bit."""
    out = render_docx(edition_2016.document, with_footnotes(FOOTNOTES % (W_NS, b"0")), "templates/report.docx")
    assert zipfile.ZipFile(io.BytesIO(out)).read("word/footnotes.xml").count(b"<w:footnote ") > 1


def _chart_sheet(data: bytes) -> bytes:
    """tables.xlsx with a chart sheet (a bar chart of the first sheet) added, as Excel would save it."""
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference

    wb = load_workbook(io.BytesIO(data))
    sheet = wb.worksheets[0]
    sheet["A1"], sheet["A2"] = 1, 2
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=2))
    wb.create_chartsheet("グラフ").add_chart(chart)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _workbook_document(*data: DataTable) -> Document:
    """A document holding only ``data`` tables, for the workbook writer."""
    return Document("t", "s", "a", EditionDate(day(2017, 4, 1)), data=data)


XLSX_CASES: dict[str, tuple[bytes, str, tuple[str, ...]]] = {
    "document-as-xlsx": (DOCX, "word/document.xml", ("Word の文書",)),
    "no-named-style": (rezip(XLSX, replace("xl/styles.xml", "表題".encode(), "表x".encode())), "xl/styles.xml", ("「表題」",)),
    "no-styles-part": (rezip(XLSX, drop("xl/styles.xml")), "xl/_rels/workbook.xml.rels", ("xl/styles.xml",)),
    "no-workbook-part": (rezip(XLSX, drop("xl/workbook.xml")), "_rels/.rels", ("xl/workbook.xml",)),
    "no-content-types": (rezip(XLSX, drop("[Content_Types].xml")), "[Content_Types].xml", ("部品の種類",)),
    "styles-cut-short": (rezip(XLSX, edit("xl/styles.xml", lambda b: b[:-10])), "xl/styles.xml", ("XML",)),
    "encrypted": (OLE, "", ("パスワード",)),
    "empty": (b"", "", ("空のファイル",)),
    "named-style-index-out-of-range": (rezip(XLSX, edit("xl/styles.xml", lambda b: re.sub(rb'(<cellStyle [^>]*xfId=")\d+', rb"\g<1>99", b, count=1))), "", ("開けません",)),
}


@pytest.mark.parametrize("case", XLSX_CASES, ids=list(XLSX_CASES))
def test_a_broken_excel_template_names_its_part(case: str, edition_2016, capsys: pytest.CaptureFixture[str]) -> None:
    data, part, words = XLSX_CASES[case]
    with pytest.raises(OutputError) as error:
        render_xlsx(_workbook_document(), data, template_name="templates/tables.xlsx")
    assert capsys.readouterr() == ("", ""), "only the CLI prints"
    text = str(error.value)
    where = f"エラー: templates/tables.xlsx（{part}）" if part else "エラー: templates/tables.xlsx"
    assert text.startswith(where), text
    assert all(w in text for w in words), text


def test_a_chart_sheet_in_the_excel_template_is_dropped_with_the_other_sheets() -> None:
    assert b"chartsheet" in _chart_sheet(XLSX)
    table = DataTable("t", "t", ("a",), ((1,),))
    out = render_xlsx(_workbook_document(table), _chart_sheet(XLSX))
    names = zipfile.ZipFile(io.BytesIO(out)).namelist()
    assert not any("chart" in n for n in names), names


def test_an_out_of_range_window_size_in_the_excel_template_does_not_reach_the_output() -> None:
    """Found by fuzzing: openpyxl copied windowWidth="99999999999999999999" and could not read its own output."""
    from openpyxl import load_workbook

    template = rezip(XLSX, replace("xl/workbook.xml", b"<workbookView ", b'<workbookView windowWidth="99999999999999999999" '))
    out = render_xlsx(_workbook_document(DataTable("t", "t", ("a",), ((1,),))), template)
    assert load_workbook(io.BytesIO(out)).sheetnames == ["表紙", "目次", "t"]


# -- text XML cannot hold -------------------------------------------------------------------------

def test_a_control_character_reaching_the_word_renderer_is_named_with_its_prose_file(edition_2016) -> None:
    """The loaders reject these; a path that misses them still ends in a located message, not lxml's ValueError."""
    from dataclasses import replace as with_

    from reportgen.document import Paragraph

    bad = Paragraph("区の取組\x1b[2Jを進めました。", source="prose:data/2016/text/summary.md")
    document = with_(edition_2016.document, blocks=(*edition_2016.document.blocks, bad))
    with pytest.raises(ReportgenError) as error:
        render_docx(document, DOCX)
    text = str(error.value)
    assert text.startswith("エラー: data/2016/text/summary.md: ") and "U+001B" in text and "\x1b" not in text, text


def test_a_control_character_reaching_the_excel_renderer_is_named(edition_2016) -> None:
    table = DataTable("ward_results", "t", ("区名",), (("北区\x01",),))
    with pytest.raises(ReportgenError) as error:
        render_xlsx(_workbook_document(table), XLSX)
    assert str(error.value).startswith("エラー: tables.xlsx: ") and "U+0001" in str(error.value)


# -- through the command line ------------------------------------------------------------------

def _build(tmp_path: Path, templates: Path | None = None) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    argv = ["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)]
    if templates is not None:
        argv += ["--templates", str(templates)]
    try:
        code = main(argv)
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, "", out


@pytest.mark.parametrize(
    ("file", "data", "prefix"),
    [
        ("report.docx", DOCX_CASES["no-styles-part"][0], "エラー: templates/report.docx（word/_rels/document.xml.rels）: "),
        ("report.docx", DOCX_CASES["style-renamed"][0], "エラー: templates/report.docx（word/styles.xml）「Title」: "),
        ("tables.xlsx", DOCX, "エラー: templates/tables.xlsx（word/document.xml）: "),
        ("tables.xlsx", OLE, "エラー: templates/tables.xlsx: "),
    ],
    ids=["docx-no-styles", "docx-style-renamed", "docx-as-xlsx", "xlsx-encrypted"],
)
def test_the_build_stops_on_a_broken_template_naming_it(
    file: str, data: bytes, prefix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates" / file).write_bytes(data)
    code, _, out = _build(tmp_path, Path("templates"))
    err = capsys.readouterr().err
    assert code == OutputError.exit_code, err
    assert any(line.startswith(prefix) for line in err.splitlines()), err
    assert "内部エラー" not in err and "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*"))


def test_a_template_that_is_a_fifo_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates" / "tables.xlsx").unlink()
    fifo = tmp_path / "templates" / "tables.xlsx"
    os.mkfifo(fifo)  # reading it blocks until a writer comes: one comes after 20 s, so a failure ends

    def unblock() -> None:
        time.sleep(20)
        with contextlib.suppress(OSError), open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass

    threading.Thread(target=unblock, daemon=True).start()
    code, _, out = _build(tmp_path, Path("templates"))
    err = capsys.readouterr().err
    assert code == OutputError.exit_code and "エラー: templates/tables.xlsx: " in err and "通常のファイルではありません" in err, err
    assert not out.exists() or not any(out.rglob("*"))


# -- SOURCE_DATE_EPOCH -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value",
    ["4354819200", "99999999999999999999", "1e30", "abc", "1.5", "١٥٠٠٠٠٠٠٠٠", "+1500000000", " 1500000000"],
    ids=["after-2107", "huge", "exponent", "text", "fraction", "arabic-indic-digits", "plus-sign", "space"],
)
def test_a_source_date_epoch_that_no_document_can_hold_is_an_error_naming_it(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.errors import Problems
    from reportgen.load.edition import publication_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    problems = Problems()
    assert publication_date(DATA / "nowhere", 2016, problems) is None
    assert [str(p).split(": ")[1] for p in problems.errors] == ["SOURCE_DATE_EPOCH"], [str(p) for p in problems]
    assert repr(value) in str(problems.errors[0])


@pytest.mark.parametrize(("value", "date"), [("-1", "1980-01-01"), ("-99999999999", "1980-01-01"), ("0", "1980-01-01"), ("1500000000", "2017-07-14"), ("4354819199", "2107-12-31")])
def test_a_source_date_epoch_before_1980_is_clamped_as_reproducible_builds_recommends_for_zip(value: str, date: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.errors import Problems
    from reportgen.load.edition import publication_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    problems = Problems()
    found = publication_date(DATA / "nowhere", 2016, problems)
    assert found is not None and found.day.isoformat() == date and not found.published and not problems.errors


def test_a_source_date_epoch_after_2107_stops_the_build_without_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "5000000000")
    code, _, out = _build(tmp_path)
    err = capsys.readouterr().err
    assert code == 1 and "エラー: SOURCE_DATE_EPOCH: " in err and "内部エラー" not in err, err
    assert not out.exists()


# -- the console ---------------------------------------------------------------------------------

def test_printing_to_an_ascii_console_never_fails(tmp_path: Path) -> None:
    """PYTHONIOENCODING=ascii (or a cp932 console and a character it lacks) once ended in a traceback."""
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)],
        capture_output=True, env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "ascii", "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")},
        cwd=ROOT, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr.decode("ascii", "replace")[-2000:]
    assert b"Traceback" not in run.stderr
    assert "作成しました".encode("unicode_escape") in run.stdout  # shown escaped, not dropped


def test_the_console_setup_keeps_the_encoding_and_escapes_what_it_cannot_show(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.cli import console_never_fails

    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp932")
    monkeypatch.setattr(sys, "stdout", stream)
    console_never_fails()
    print("区\u2460㋐\U0001f600", file=sys.stdout)
    sys.stdout.flush()
    assert stream.buffer.getvalue() == "区①".encode("cp932") + b"\\u32d0\\U0001f600\n"


# -- PDF through LibreOffice -----------------------------------------------------------------------

FAKES = {
    "crashes": "kill -SEGV $$",
    "fails": "echo 'Error: source file could not be loaded' >&2; exit 1",
    "writes-nothing": "exit 0",
    "hangs": "exec /bin/sleep 60",
    "hangs-in-a-child": "/bin/sleep 60 & exit 0",
    "prints-garbage": "printf '\\033[2J\\033]0;pwned\\007\\377\\376garbage' >&2; exit 1",
    # the macro's job list (REPORTGEN_PDF_JOBS: source URL, tab, PDF URL) names where the PDF goes
    "writes-garbage": 'out=${REPORTGEN_PDF_JOBS#*\t}; printf "not a pdf" > "${out#file://}"; exit 0',  # shell built-ins only: PATH is the fake's
}


@pytest.fixture
def fake_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str | None], None]:
    """Put a ``soffice`` on PATH that behaves as ``FAKES[kind]`` (None: no LibreOffice at all)."""
    from reportgen.render import pdf

    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)

    def put(kind: str | None, script: str | None = None) -> None:
        folder = tmp_path / "bin"
        folder.mkdir(exist_ok=True)
        if kind is not None:
            program = folder / "soffice"
            program.write_text(script if script is not None else f"#!/bin/sh\n{FAKES[kind]}\n", encoding="utf-8")
            program.chmod(0o755)
        monkeypatch.setenv("PATH", str(folder))

    return put


@pytest.mark.parametrize("kind", [None, *FAKES], ids=["missing", *FAKES])
def test_libreoffice_failing_in_any_way_is_a_located_error(kind: str | None, fake_office: Callable[[str | None], None]) -> None:
    from reportgen.render.pdf import docx_to_pdf

    fake_office(kind)
    with pytest.raises(ReportgenError) as error:
        docx_to_pdf(DOCX)
    text = str(error.value)
    assert error.value.exit_code == 3 and text.startswith("エラー: report.pdf: ") and "LibreOffice" in text, text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", text), repr(text)  # no terminal escapes from its output


def test_a_soffice_that_cannot_be_started_is_a_located_error(fake_office: Callable[..., None]) -> None:
    from reportgen.render.pdf import docx_to_pdf

    fake_office("no-shebang", "this is not a program\n")
    with pytest.raises(ReportgenError) as error:
        docx_to_pdf(DOCX)
    assert str(error.value).startswith("エラー: report.pdf: ") and "起動できません" in str(error.value)


def test_a_hanging_libreoffice_is_stopped_with_its_children(fake_office: Callable[..., None], tmp_path: Path) -> None:
    """The timeout ends the whole process group: no LibreOffice left running for ever."""
    from reportgen.render.pdf import docx_to_pdf

    marker = tmp_path / "child.pid"
    fake_office("child", f"#!/bin/sh\n/bin/sleep 30 &\necho $! > {marker}\nwait\n")
    with pytest.raises(ReportgenError) as error:
        docx_to_pdf(DOCX)
    assert "秒で終わりませんでした" in str(error.value)
    child = int(marker.read_text())

    def gone() -> bool:
        try:
            return "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]
        except OSError:
            return True

    # SIGKILL is delivered at once but a busy machine may run the child a moment longer before it dies
    for _ in range(100):
        if gone():
            break
        time.sleep(0.05)
    assert gone()


def test_the_build_with_a_failing_libreoffice_writes_nothing(
    fake_office: Callable[[str | None], None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_office("hangs")
    out = tmp_path / "out"
    code = main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out), "--pdf"])
    err = capsys.readouterr().err
    assert code == 3 and "エラー: report.pdf: " in err and "内部エラー" not in err, err
    assert not out.exists() or not any(out.rglob("*"))


def test_a_libreoffice_writing_something_else_than_a_pdf_is_named_so(fake_office: Callable[..., None]) -> None:
    """The fake finds where to write in the macro's job list, as LibreOffice does: the check is on what it wrote."""
    from reportgen.render.pdf import docx_to_pdf

    fake_office("writes-garbage")
    with pytest.raises(ReportgenError) as error:
        docx_to_pdf(DOCX)
    assert str(error.value).startswith("エラー: report.pdf: ") and "PDF ではないファイル" in str(error.value)

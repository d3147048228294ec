"""report.pdf through LibreOffice: one process per run, whatever the number of documents, TOC refreshed in it."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import DATA

from reportgen.build import render_outputs
from reportgen.render import pdf

NEED_PDF = os.environ.get("REPORTGEN_REQUIRE_PDF") == "1"
needs_office = pytest.mark.skipif(pdf.find_office() is None and not NEED_PDF, reason="LibreOffice is not installed")


def _logging_office(tmp_path: Path) -> tuple[str, Path]:
    """A ``soffice`` that notes each start (one line of arguments) and runs the real one."""
    real = pdf.find_office()
    assert real is not None
    log = tmp_path / "starts.log"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper), log


def _first_page(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


@needs_office
def test_every_document_of_a_run_is_converted_in_one_libreoffice_start_each_with_its_own_contents(tmp_path: Path) -> None:
    soffice, log = _logging_office(tmp_path)
    reports = {f"report{year}.docx": render_outputs(DATA, year)[0]["report.docx"] for year in (2015, 2016)}
    moment = dt.datetime(2017, 4, 1, tzinfo=dt.UTC)
    converted = pdf.docxs_to_pdfs(reports, soffice, moment)
    starts = log.read_text(encoding="utf-8").splitlines()
    assert len(starts) == 1, starts  # one LibreOffice for both documents
    assert "--terminate_after_init" not in starts[0] and "macro:///Standard.Module1.ExportPdf()" in starts[0]
    assert list(converted) == ["report2015.pdf", "report2016.pdf"]
    for name, year in (("report2015.pdf", "平成 ?27"), ("report2016.pdf", "平成 ?28")):
        page = _first_page(converted[name])
        assert re.search(year + r" ?年度", page), page  # each PDF is its own document, in the order given
        assert re.search(r"全体の総括\.{5,}\s*\d+\b", page), page  # its TOC has page numbers: refreshed
    single = pdf.docx_to_pdf(reports["report2016.docx"], soffice, moment)
    assert single == converted["report2016.pdf"]  # converting with others changes nothing in a PDF


@needs_office
def test_a_plain_conversion_of_several_files_is_one_start_too(tmp_path: Path) -> None:
    soffice, log = _logging_office(tmp_path)
    files = render_outputs(DATA, 2016)[0]
    first, second = pdf.convert_all([(files["report.docx"], "a.docx"), (files["report.docx"], "b.docx")], "txt:Text", soffice=soffice)
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1
    assert first == second and "全体の総括".encode() in first
    assert pdf.convert(files["report.docx"], "c.docx", "txt:Text", soffice=soffice) == first  # plain unless asked to refresh
    starts = log.read_text(encoding="utf-8").splitlines()
    assert len(starts) == 2 and "--convert-to txt:Text" in starts[1] and "macro:" not in starts[1]


def test_the_same_name_twice_is_refused_before_libreoffice_starts(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="same file name"):
        pdf.convert_all([(b"", "a.docx"), (b"", "a.docx")], soffice=str(tmp_path / "no-such-program"))


def test_the_private_profile_is_ready_for_the_macro_on_its_first_start(tmp_path: Path) -> None:
    """LibreOffice drops a command-line macro on a profile's first start unless its setup is marked complete."""
    pdf._profile_with_macro(tmp_path)
    registry = (tmp_path / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert re.search(r'oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value>', registry)
    module = (tmp_path / "user" / "basic" / "Standard" / "Module1.xba").read_text(encoding="utf-8")
    assert "Environ(&quot;REPORTGEN_PDF_JOBS&quot;)" in module and "getDocumentIndexes" in module


def test_urls_of_any_file_name_keep_the_job_lists_separators_free(tmp_path: Path) -> None:
    """The macro splits its job list at newlines and tabs: a file URL escapes both."""
    odd = tmp_path / 'a b"c\td\ne.docx'
    assert "\t" not in odd.as_uri() and "\n" not in odd.as_uri()



@needs_office
def test_a_temporary_folder_with_a_space_and_a_quote_converts_as_any_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice decodes a macro:/// URL before reading its arguments: %20 and %22 in a path passed
    there became a space and a quote (a Windows temp folder under "C:\\Users\\Taro Yamada"). The
    macro reads its files from the environment instead."""
    import tempfile

    odd = tmp_path / 'Taro "T" Yamada'
    odd.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(odd))
    report = render_outputs(DATA, 2016)[0]["report.docx"]
    converted = pdf.docxs_to_pdfs({"report.docx": report, 'a "b" c.docx': report}, None, dt.datetime(2017, 4, 1, tzinfo=dt.UTC))
    assert converted["report.pdf"].startswith(b"%PDF-") and converted['a "b" c.pdf'] == converted["report.pdf"]
    assert re.search(r"全体の総括\.{5,}\s*\d+\b", _first_page(converted["report.pdf"]))


def test_the_job_list_is_split_so_that_no_process_gets_more_than_it_can_take(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_JOBS_CHARS", 25)
    jobs = [f"job{n:02d}-{'x' * n}" for n in range(12)]
    batches = pdf._batches(jobs)
    assert [line for batch in batches for line in batch.split("\n")] == jobs  # all, in order, once
    assert all(len(batch) <= 25 or "\n" not in batch for batch in batches)  # one over-long job still goes alone
    assert len(batches) > 1 and pdf._batches(jobs[:1]) == [jobs[0]]
    for batch, following in zip(batches, batches[1:], strict=False):  # each as full as it can be: as few processes as fit
        assert len(batch) + 1 + len(following.split("\n")[0]) > 25

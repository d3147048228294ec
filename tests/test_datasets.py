"""The CSV open data: columns.csv's publication date and source."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import DATA, read_csv

from reportgen.build import render_outputs
from reportgen.datasets import cited
from reportgen.errors import Problems
from reportgen.load.edition import EditionDate, is_published, publication_date

TITLE = "「豊かな地域社会の形成に向けた区政運営基本方針」平成28年度の実施状況について"
SOURCE = f"大阪市『{TITLE}』"


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def _about(rows: list[list[str]]) -> dict[str, str]:
    """columns.csv's first rows: タイトル, 作成者, 公表日, 出典 → value."""
    return {r[1]: r[2] for r in rows[1:] if r[0] == "（このファイル）"}


def _nested_kagi(text: str) -> bool:
    """True when a 「 opens inside another 「」 (which must be 『』)."""
    depth = 0
    for char in text:
        if char == "「":
            if depth:
                return True
            depth += 1
        elif char == "」":
            depth = max(0, depth - 1)
    return False


# == 出典: 『』 around a title that holds 「」 =========================================================

def test_source_names_the_publication_in_double_brackets(built: dict[int, Path]) -> None:
    rows = read_csv(built[2016] / "csv" / "columns.csv")
    about = _about(rows)
    assert about["タイトル"] == TITLE
    assert about["出典"] == SOURCE
    assert not any(_nested_kagi(cell) for row in rows for cell in row)


@pytest.mark.parametrize(("text", "want"), [
    (f"大阪市「{TITLE}」", SOURCE),
    ("大阪市「区政運営基本方針」", "大阪市「区政運営基本方針」"),
    ("「A」と「B「C」D」", "「A」と『B「C」D』"),
    ("「A「B」", "「A「B」"),  # unbalanced: left alone
    ("A」「B", "A」「B"),
    ("", ""),
])
def test_cited(text: str, want: str) -> None:
    assert cited(text) == want


# == 公表日: only a date the data gives ============================================================

def _core_created(docx: bytes) -> str:
    import zipfile

    core = zipfile.ZipFile(io.BytesIO(docx)).read("docProps/core.xml").decode("utf-8")
    found = re.search(r"<dcterms:created[^>]*>([^<]+)<", core)
    assert found
    return found.group(1)


def test_no_publication_date_in_the_data_leaves_it_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    files, _ = render_outputs(DATA, 2016)
    assert _about(_rows(files["csv/columns.csv"]))["公表日"] == ""
    assert _core_created(files["report.docx"]).startswith("2017-04-01")  # the stand-in still dates the file


def test_source_date_epoch_is_not_a_publication_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1504224000")  # 2017-09-01
    files, _ = render_outputs(DATA, 2016)
    assert _about(_rows(files["csv/columns.csv"]))["公表日"] == ""
    assert _core_created(files["report.docx"]).startswith("2017-09-01")


def test_published_date_is_stated(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1504224000")
    edition = data_copy / "2016" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + "published: 2017-09-15\n", encoding="utf-8")
    files, _ = render_outputs(data_copy, 2016)
    assert _about(_rows(files["csv/columns.csv"]))["公表日"] == "2017-09-15"
    assert _core_created(files["report.docx"]).startswith("2017-09-15")


def test_publication_date_marks_only_the_data_date(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stand_in = publication_date(data_copy, 2016, Problems())
    assert stand_in == "2017-04-01" and not is_published(stand_in)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1504224000")
    assert not is_published(publication_date(data_copy, 2016, Problems()))
    edition = data_copy / "2016" / "edition.yaml"
    edition.write_text("published: 2017-09-15\n", encoding="utf-8")
    date = publication_date(data_copy, 2016, Problems())
    assert date == "2017-09-15" and is_published(date)
    assert not is_published("2017-09-15") and not is_published(EditionDate())



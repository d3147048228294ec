"""Office files reportgen reads are checked before opening; openpyxl parses through defusedxml."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import DATA, ROOT

from reportgen.cli import main
from reportgen.errors import OutputError
from reportgen.safezip import MAX_ENTRIES, check_archive


def archive(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def test_openpyxl_uses_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "zip 形式"),
        (archive({"bomb.xml": b"\0" * 50_000_000}), "圧縮率"),
        (archive({f"f{n}.xml": b"x" for n in range(MAX_ENTRIES + 1)}), "部品が多すぎます"),
    ],
    ids=["not-zip", "ratio", "entries"],
)
def test_suspicious_archives_are_refused_with_their_name(data: bytes, message: str) -> None:
    with pytest.raises(OutputError) as error:
        check_archive(data, "templates/tables.xlsx")
    assert message in str(error.value) and "templates/tables.xlsx" in str(error.value)


def test_the_shipped_templates_pass() -> None:
    for name in ("report.docx", "tables.xlsx"):
        check_archive((ROOT / "templates" / name).read_bytes(), name)


@pytest.mark.parametrize("name", ["report.docx", "tables.xlsx"])
def test_a_broken_template_stops_the_build_naming_it(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / name).write_bytes(b"PK\x03\x04 broken")
    out = tmp_path / "out"
    code = main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out), "--templates", str(templates)])
    err = capsys.readouterr().err
    assert code == 3 and name in err and "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*"))

"""An editor rewording a copy of the templates folder (conftest's ``work``), then building with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA

from reportgen.cli import main


def edit_template(work: Path, folder: str, name: str, text: str) -> None:
    """Write ``text`` as template ``folder/name.j2`` of the copy's sentence templates."""
    (work / "templates" / "sentences" / folder / f"{name}.j2").write_text(text, encoding="utf-8")


def build_with_copy(work: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The FY2016 build with the copy as --templates into ``work/out``: exit code and what it printed to stderr."""
    code = main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(work / "out"), "--templates", str(work / "templates")])
    return code, capsys.readouterr().err


def nothing_written(work: Path) -> bool:
    """Whether ``work/out`` holds no file."""
    return not (work / "out").exists() or not any((work / "out").rglob("*"))

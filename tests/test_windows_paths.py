"""Names that must also work on Windows, where the city's staff run reportgen (simulated with PureWindowsPath)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from conftest import DATA

from reportgen import output
from reportgen.build import render_outputs
from reportgen.guard import MANIFEST, beside_name, inside, lock_names

FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def windows_safe(name: str) -> bool:
    """True when every part of the POSIX-relative ``name`` is a valid Windows file name."""
    for part in PurePosixPath(name).parts:
        if FORBIDDEN.search(part) or part.endswith((".", " ")) or part.split(".")[0].upper() in RESERVED:
            return False
    return True


@pytest.fixture(scope="module")
def names() -> list[str]:
    files, _ = render_outputs(DATA, 2016)
    return sorted(files)


def test_every_output_and_every_name_made_from_it_is_a_windows_name(names: list[str], tmp_path: Path) -> None:
    stamp = dt.datetime(2017, 6, 1, 9, 5, 7).strftime("%Y%m%d-%H%M%S")
    made = [*names, MANIFEST, output.JOURNAL]
    for name in names:
        made += [beside_name(name), *lock_names(name)]
        made.append(output._unique_backup(tmp_path, name, stamp).relative_to(tmp_path).as_posix())
        for suffix in output.TEMP_SUFFIXES:
            made.append(output._temp(tmp_path / name, suffix).relative_to(tmp_path).as_posix())
    bad = [n for n in made if not windows_safe(n) and not n.startswith(("~$", ".~lock."))]
    assert bad == []  # lock names are Office's own (it writes '#' and '~$' itself)


def test_each_output_maps_to_a_windows_path_inside_the_year_folder(names: list[str]) -> None:
    year = PureWindowsPath("C:/Users/kusei/output/2016")
    for name in names:
        assert inside(name)
        path = year.joinpath(*PurePosixPath(name).parts)
        assert path.is_relative_to(year) and path.drive == "C:" and "/" not in str(path)


@pytest.mark.parametrize("name", ["C:\\Windows\\x", "csv\\..\\..\\x", "\\\\server\\share\\x", "c:x", "D:/x"])
def test_a_manifest_cannot_name_a_windows_path_outside(name: str) -> None:
    assert not inside(name)


def test_crlf_data_files_read_as_lf(tmp_path: Path) -> None:
    import shutil

    from reportgen.cli import main

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for path in data.rglob("*"):
        if path.suffix in (".csv", ".yaml", ".md"):
            raw = path.read_bytes()
            path.write_bytes(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))  # as Notepad and Excel save
    out_lf, out_crlf = tmp_path / "lf", tmp_path / "crlf"
    assert main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out_lf)]) == 0
    assert main(["build", "--fiscal-year", "2016", "--data", str(data), "--output", str(out_crlf)]) == 0
    for path in (out_lf / "2016").rglob("*"):
        if path.is_file() and path.name != MANIFEST:
            assert (out_crlf / path.relative_to(out_lf)).read_bytes() == path.read_bytes(), path.name

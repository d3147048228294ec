"""Shared fixtures: the repository's data folder, the seed's expected figures, built outputs."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

SHARED_SEED = ROOT.parent / "shared" / "seed"
SEED = SHARED_SEED if SHARED_SEED.is_dir() else ROOT / "tests" / "seed"
"""The published FY2016 report and its figures: ../shared/seed when present, else the copy in tests/seed."""
SEED_EXPECTED = SEED / "fy2016-expected.json"


def read_csv(path: Path) -> list[list[str]]:
    """Read one of reportgen's CSV outputs (UTF-8 with BOM)."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path} has no BOM"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def read_table(path: Path) -> list[list[str]]:
    """table1.csv/table2.csv without their leading 年度 column (checked to be there and uniform)."""
    rows = read_csv(path)
    assert rows[0][0] == "年度" and len({r[0] for r in rows[1:]}) == 1
    return [r[1:] for r in rows]


@pytest.fixture(scope="session")
def expected() -> dict:
    """The published FY2016 figures (read from ../shared at test time)."""
    if not SEED_EXPECTED.exists():
        pytest.fail(f"seed not available: {SEED_EXPECTED}")
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """FY2015 and FY2016 built once for the session from data/: year → output folder."""
    from reportgen.build import build

    out = tmp_path_factory.mktemp("output")
    for year in (2015, 2016):
        build(DATA, out, year)
    return {year: out / str(year) for year in (2015, 2016)}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("reconstruction"))
    return target


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of templates/, as the current folder (messages show relative paths)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


SEED_TEXT = SEED / "000_abfc47c438626b8a.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The published FY2016 report's text (read from ../shared at test time)."""
    if not SEED_TEXT.exists():
        pytest.fail(f"seed not available: {SEED_TEXT}")
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def edition_2016():
    """The FY2016 edition composed in memory from data/ and templates/."""
    from reportgen.build import compose_edition

    edition, _ = compose_edition(DATA, 2016)
    return edition


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (POSIX relative name → bytes), to compare an output folder whole."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files of one FY2016 build into an empty output folder (the write-phase tests start from it)."""
    from reportgen.cli import main

    out = tmp_path_factory.mktemp("first")
    assert main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)]) == 0
    return snapshot(out)


@pytest.fixture
def out(tmp_path: Path, first_build: dict[str, bytes]) -> Path:
    """An output folder holding a previous build."""
    for name, data in first_build.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return tmp_path

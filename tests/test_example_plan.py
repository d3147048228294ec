"""The made-up plan of examples/: every year of its period builds, and no output holds anything of Osaka's."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT, read_csv

from reportgen.cli import main
from reportgen.errors import Problems
from reportgen.load.plan import load_plan

EXAMPLE = ROOT / "examples" / "data"
TEMPLATES = ROOT / "templates"

OSAKA_WARDS = [row["区名"] for row in csv.DictReader((DATA / "wards.csv").open(encoding="utf-8-sig"))]
OSAKA_PHRASES = [
    "大阪市", "平成27年度", "平成28年度", "平成29年度", "24区", "17項目", "400名", "33.4％", "66.7％",
    "区運営方針", "区政運営基本方針", "めざす姿",
]
"""Figures and words of Osaka's plan that a template or a module could print as if every plan's."""


def _example_plan():
    problems = Problems()
    plan = load_plan(EXAMPLE, problems)
    assert plan is not None and not problems.errors, problems.errors
    return plan


@pytest.fixture(scope="module")
def example_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Every fiscal year of the example plan's period built through the command line: year → folder."""
    plan = _example_plan()
    out = tmp_path_factory.mktemp("example")
    years = range(plan.period_start, plan.period_end + 1)
    for year in years:
        assert main(["build", "--fiscal-year", str(year), "--data", str(EXAMPLE), "--output", str(out)]) == 0, year
    return {year: out / str(year) for year in years}


def _texts(folder: Path) -> dict[str, str]:
    """Every text a reader or a program can see in an output folder: report.txt, the CSVs, and each
    XML part of the Office files both as written and with its tags removed (a phrase split over runs)."""
    texts: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.suffix in (".txt", ".csv"):
            texts[name] = path.read_text(encoding="utf-8-sig")
        elif path.suffix in (".docx", ".xlsx"):
            texts.update(_office_texts(path, name))
    return texts


def _office_texts(path: Path, name: str) -> dict[str, str]:
    texts = {}
    with zipfile.ZipFile(path) as package:
        for part in package.namelist():
            if part.endswith((".xml", ".rels")):
                xml = package.read(part).decode("utf-8")
                texts[f"{name}!{part}"] = xml
                texts[f"{name}!{part} (text)"] = re.sub(r"<[^>]+>", "", xml)
    return texts


def _osaka_in(texts: dict[str, str]) -> list[tuple[str, str]]:
    return [(where, word) for where, text in texts.items() for word in (*OSAKA_WARDS, *OSAKA_PHRASES) if word in text]


def test_the_osaka_words_searched_for_are_osakas_own() -> None:
    assert len(OSAKA_WARDS) == 24 and "東淀川区" in OSAKA_WARDS
    fy2016 = (ROOT / "tests" / "seed" / "000_abfc47c438626b8a.txt").read_text(encoding="utf-8")
    assert "大阪市" in fy2016 and "区運営方針" in fy2016 and "めざす姿" in fy2016


def test_the_example_is_another_city_with_every_measure_and_counting() -> None:
    plan = _example_plan()
    indicators = list(plan.indicators())
    assert (plan.period_start, plan.period_end) == (2019, 2023) and plan.city != "大阪市"
    assert 5 <= len(plan.wards) <= 7 and not set(plan.ward_names()) & set(OSAKA_WARDS)
    assert {i.measure for i in indicators} == {"survey", "inspection", "count", "milestone"}
    assert {i.counting for i in indicators} == {"per_ward", "citywide", "cumulative"}
    minimums = {i.min_respondents for i in indicators if i.measure == "survey"}
    assert plan.min_respondents in minimums and len(minimums) >= 3  # the plan's 必要数 and indicators' own


def test_every_year_of_the_example_builds_every_output(example_builds: dict[int, Path]) -> None:
    for year, folder in example_builds.items():
        names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        expected = {"report.docx", "report.txt", "tables.xlsx", *(f"csv/{t}.csv" for t in ("table1", "table2", "ward_results", "columns"))}
        assert expected <= names, (year, names)
        rows = read_csv(folder / "csv" / "ward_results.csv")
        wards, indicators = len(_example_plan().wards), len(list(_example_plan().indicators()))
        assert len(rows) - 1 == wards * indicators * (1 if year == 2019 else 2), year


def test_no_output_of_the_example_holds_anything_of_osaka(example_builds: dict[int, Path]) -> None:
    searched = 0
    for year, folder in example_builds.items():
        texts = _texts(folder)
        assert any("word/document.xml" in n for n in texts) and any("xl/worksheets/" in n for n in texts), year
        searched += len(texts)
        assert _osaka_in(texts) == [], year
    assert searched > 5 * 20


def test_the_example_reports_are_titled_and_dated_from_its_plan(example_builds: dict[int, Path]) -> None:
    plan = _example_plan()
    for year, folder in example_builds.items():
        texts = _texts(folder)
        core = texts["report.docx!docProps/core.xml"]
        assert f"<dc:title>「{plan.name}」" in core and f"<dc:creator>{plan.city}</dc:creator>" in core, year
        assert f"{plan.city}『「{plan.name}」" in texts["csv/columns.csv"], year
        assert f"区名（{plan.city}の区の公式の順）" in texts["csv/columns.csv"], year
        report = texts["report.txt"]
        assert "令和1年" not in report and "平成31年" not in report and "R1年" not in report, year
    first, second = (example_builds[y] / "report.txt" for y in (2019, 2020))
    assert "令和元年度の実施状況について" in first.read_text(encoding="utf-8")
    assert "令和元年度は" in second.read_text(encoding="utf-8") or "令和元年度の" in second.read_text(encoding="utf-8")


def _labels(plan) -> dict[str, int | None]:
    """How ※1 names each survey indicator (its item's title, or its wording when the item has several) → its 必要数."""
    return {
        (item.title if len(item.indicators) == 1 else i.wording): i.min_respondents
        for s in plan.strategies for d in s.directions for item in d.items for i in item.indicators if i.measure == "survey"
    }


def test_each_reference_note_states_the_indicators_own_minimum(example_builds: dict[int, Path]) -> None:
    labels = _labels(_example_plan())
    stated = set()
    for folder in example_builds.values():
        for line in (folder / "report.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith("●") and "必要数としていた" in line:
                figure = int(re.search(r"必要数としていた([\d,]+)名", line).group(1).replace(",", ""))
                named = [minimum for label, minimum in labels.items() if f"{label}」" in line.split("については")[0]]
                assert named and set(named) == {figure}, line
                stated.add(figure)
    assert len(stated) >= 3  # the plan's 300 and two indicators' own minimums


def test_the_office_templates_carry_no_city_title() -> None:
    """A title or author left in the template's header or properties would leak into every city's report."""
    texts = {**_office_texts(TEMPLATES / "report.docx", "report.docx"), **_office_texts(TEMPLATES / "tables.xlsx", "tables.xlsx")}
    assert any("word/header" in n for n in texts)
    assert _osaka_in(texts) == []
    core = texts["report.docx!docProps/core.xml"]
    assert "<dc:title></dc:title>" in core or "<dc:title/>" in core
    assert "<dc:creator></dc:creator>" in core or "<dc:creator/>" in core

"""reportgen intake: one workbook per ward and one for the city-wide indicators, locked except where a clerk types."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import DATA
from intake_helpers import data_without_year, fill
from openpyxl import load_workbook

from reportgen.cli import main
from reportgen.errors import InputError, OutputError, Problems
from reportgen.intake import layout
from reportgen.intake.commands import intake
from reportgen.load.plan import load_plan
from reportgen.load.year import load_year
from reportgen.model import CITYWIDE

CITYWIDE_IDS = {"1.3.a"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """FY2016's workbooks, pre-filled from data/2016 (a correction round)."""
    folder = tmp_path_factory.mktemp("intake") / "out"
    intake(DATA, 2016, folder, due="2017年5月31日（水）までに提出してください。")
    return folder


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    problems = Problems()
    loaded = load_plan(DATA, problems)
    assert loaded is not None and not problems.errors
    return loaded


def test_one_workbook_per_ward_in_official_order_and_one_for_the_citywide_indicator(written: Path, plan) -> None:  # type: ignore[no-untyped-def]
    names = sorted(p.name for p in written.iterdir() if not p.name.startswith("."))
    expected = sorted([f"2016_{w}_成果指標.xlsx" for w in plan.ward_names()] + ["2016_全市_成果指標.xlsx"])
    assert names == expected


def test_file_names_are_safe_on_windows() -> None:
    unit = layout.Unit('北:区/"A"?', "1")
    assert layout.file_name(2017, unit) == "2017_北_区__A___成果指標.xlsx"


def test_sheets_instructions_first_form_and_a_very_hidden_control_sheet(written: Path) -> None:
    wb = load_workbook(written / "2016_北区_成果指標.xlsx")
    assert wb.sheetnames == [layout.INSTRUCTIONS, layout.FORM, layout.CONTROL]
    assert wb[layout.CONTROL].sheet_state == "veryHidden"
    assert wb[layout.FORM].sheet_state == "visible"
    assert wb.security is not None and wb.security.lockStructure
    assert not wb.security.workbookPassword  # a lost password would lock the city out of its data
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password, ws.title


def test_identity_year_and_fingerprint_are_fixed_in_the_file(written: Path, plan) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(written / "2016_此花区_成果指標.xlsx")
    form, control = wb[layout.FORM], wb[layout.CONTROL]
    assert form["B2"].value == "此花区" and str(form["B3"].value) == "27104"
    assert form["B4"].value == "平成28年度（2016年度）"
    keys = {control.cell(r, 1).value: control.cell(r, 2).value for r in range(1, 6)}
    assert keys["形式"] == layout.FORMAT and keys["年度"] == 2016 and keys["区名"] == "此花区" and str(keys["区コード"]) == "27104"
    assert keys["計画の指紋"] == layout.fingerprint(plan, CITYWIDE_IDS, ("すべて実施", "一部実施", "実施せず", "別途取組", "取組なし"))


def _expected_inputs(plan, unit: layout.Unit) -> set[str]:  # type: ignore[no-untyped-def]
    refs = set()
    for offset, indicator in enumerate(layout.rows(plan, unit, CITYWIDE_IDS)):
        for name in layout.input_fields(unit, indicator, CITYWIDE_IDS):
            refs.add(f"{layout.BY_FIELD[name].letter}{layout.FIRST_ROW + offset}")
    return refs


@pytest.mark.parametrize("name", ["北区", "全市"])
def test_exactly_the_input_cells_are_unlocked_and_yellow(written: Path, plan, name: str) -> None:  # type: ignore[no-untyped-def]
    unit = layout.Unit(name, "27127" if name == "北区" else "")
    ws = load_workbook(written / f"2016_{name}_成果指標.xlsx")[layout.FORM]
    inputs = _expected_inputs(plan, unit)
    assert inputs  # a ward enters something on every row; 全市 the city-wide result
    unlocked = {c.coordinate for row in ws.iter_rows(min_row=1, max_row=ws.max_row + 2, max_col=14) for c in row if not c.protection.locked}
    assert unlocked == inputs
    for ref in inputs:
        assert ws[ref].fill.fgColor.rgb.endswith("FFF2A8"), ref


def test_a_ward_enters_only_the_status_of_a_citywide_indicator_and_no_respondents_outside_surveys(written: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws = load_workbook(written / "2016_北区_成果指標.xlsx")[layout.FORM]
    ids = plan.indicator_ids()
    citywide_row = layout.FIRST_ROW + ids.index("1.3.a")
    assert [ws[f"{c}{citywide_row}"].value for c in "EFG"] == ["―", "―", "―"]
    assert ws[f"H{citywide_row}"].value == "すべて実施"
    count_row = layout.FIRST_ROW + ids.index("1.3.b")
    assert ws[f"F{count_row}"].value == "―" and ws[f"F{count_row}"].protection.locked


def test_the_citywide_workbook_has_the_citywide_indicators_only(written: Path) -> None:
    ws = load_workbook(written / "2016_全市_成果指標.xlsx")[layout.FORM]
    assert ws["A8"].value == "1.3.a" and ws["A9"].value is None
    assert ws["E8"].value == 1 and ws["G8"].value == "はい" and ws["H8"].value == "―"


def test_prefilled_with_the_years_data_and_last_years_beside_it(written: Path, plan) -> None:  # type: ignore[no-untyped-def]
    problems = Problems()
    rules_statuses = ("すべて実施", "一部実施", "実施せず", "別途取組", "取組なし")
    now = load_year(DATA, 2016, plan, CITYWIDE_IDS, rules_statuses, problems)
    before = load_year(DATA, 2015, plan, CITYWIDE_IDS, rules_statuses, problems)
    assert not problems.errors
    for ward in ("北区", "西成区"):
        ws = load_workbook(written / f"2016_{ward}_成果指標.xlsx")[layout.FORM]
        for offset, indicator in enumerate(plan.indicators()):
            row = layout.FIRST_ROW + offset
            assert ws[f"A{row}"].value == indicator.id
            assert ws[f"H{row}"].value == now.implementation[(ward, indicator.id)].status
            assert ws[f"L{row}"].value == before.implementation[(ward, indicator.id)].status
            if indicator.id in CITYWIDE_IDS:
                continue
            result, last = now.results[(ward, indicator.id)], before.results[(ward, indicator.id)]
            assert Decimal(str(ws[f"E{row}"].value)) == result.value
            assert Decimal(str(ws[f"I{row}"].value)) == last.value
            assert ws[f"G{row}"].value == ("はい" if result.measured_as_defined else "いいえ")
            if indicator.measure == "survey":
                assert ws[f"F{row}"].value == result.respondents and ws[f"J{row}"].value == last.respondents


def test_a_value_keeps_its_decimal_places_through_the_number_format(written: Path) -> None:
    ws = load_workbook(written / "2016_北区_成果指標.xlsx")[layout.FORM]
    assert ws["E8"].value == 43 and ws["E8"].number_format == "0.0"  # 43.0 in results.csv


def test_every_input_cell_has_a_validation_with_a_japanese_message(written: Path, plan) -> None:  # type: ignore[no-untyped-def]
    ws = load_workbook(written / "2016_北区_成果指標.xlsx")[layout.FORM]
    covered: dict[str, object] = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.showInputMessage and dv.showErrorMessage and dv.prompt and dv.error
        assert any("\u3040" <= ch <= "\u30ff" for ch in dv.prompt + dv.error)
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for c in row:
                    assert c.coordinate not in covered
                    covered[c.coordinate] = dv
    assert set(covered) == _expected_inputs(plan, layout.Unit("北区", "27127"))
    assert covered["E8"].type == "decimal" and (covered["E8"].formula1, covered["E8"].formula2) == ("0", "100")  # ％
    assert covered["F8"].type == "whole"  # 回答者数
    assert covered["G8"].formula1 == '"はい,いいえ"'
    assert covered["H8"].formula1 == '"すべて実施,一部実施,実施せず,別途取組,取組なし"'
    assert covered["E12"].type == "whole"  # 1.3.b: a count
    row = layout.FIRST_ROW + plan.indicator_ids().index("2.3.a.2")
    assert (covered[f"E{row}"].formula1, covered[f"E{row}"].formula2) == ("0", "5")  # 5点満点


def test_instructions_say_what_how_by_when_and_whom_to_ask(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("reconstruction"))
    (data / "2016" / "edition.yaml").write_text("contact: |\n  市民局 区政支援室\n  電話 06-1234-5678\n", encoding="utf-8")
    intake(data, 2016, tmp_path / "out", due="2017年5月31日（水）までに提出してください。")
    ws = load_workbook(tmp_path / "out" / "2016_北区_成果指標.xlsx")[layout.INSTRUCTIONS]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for words in ("北区（区コード 27127）", "実績値", "回答者数", "定義どおり測定", "取組状況", "2017年5月31日（水）",
                  "市民局 区政支援室", "電話 06-1234-5678", "訂正のための再提出"):
        assert words in text, words


def test_a_year_without_data_gets_empty_inputs_and_no_correction_note(tmp_path: Path) -> None:
    data = data_without_year(tmp_path)
    intake(data, 2016, tmp_path / "out")
    wb = load_workbook(tmp_path / "out" / "2016_北区_成果指標.xlsx")
    ws = wb[layout.FORM]
    assert all(ws[f"{c}8"].value is None for c in "EFGH")
    last = next(line for line in (DATA / "2015" / "results.csv").read_text(encoding="utf-8").splitlines() if line.startswith("北区,1.1.a,"))
    assert Decimal(str(ws["I8"].value)) == Decimal(last.split(",")[2])  # last year's value is there
    assert ws["E8"].number_format == "0.0"  # the places of the indicator's values last year
    text = "\n".join(str(c.value) for c in wb[layout.INSTRUCTIONS]["A"] if c.value)
    assert "訂正" not in text and "依頼のメール" in text


def test_the_same_input_gives_the_same_bytes(tmp_path: Path, written: Path) -> None:
    intake(DATA, 2016, tmp_path / "again", due="2017年5月31日（水）までに提出してください。")
    for path in written.glob("*.xlsx"):
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_filled_workbook_in_the_folder_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    intake(DATA, 2016, out)
    fill(out / "2016_北区_成果指標.xlsx", {"E8": 50})
    filled = (out / "2016_北区_成果指標.xlsx").read_bytes()
    with pytest.raises(OutputError) as caught:
        intake(DATA, 2016, out)
    assert any("2016_北区_成果指標.xlsx" in p.location.file for p in caught.value.problems)
    assert (out / "2016_北区_成果指標.xlsx").read_bytes() == filled
    intake(DATA, 2016, out, force=True)
    assert (out / "2016_北区_成果指標.xlsx").read_bytes() != filled
    assert any(p.name.startswith("2016_北区_成果指標.edited-") for p in (out / "backups").iterdir())


def test_the_fingerprint_follows_the_indicators_wards_and_statuses(plan) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    statuses = ("すべて実施", "取組なし")
    base = layout.fingerprint(plan, CITYWIDE_IDS, statuses)
    assert base == layout.fingerprint(plan, set(CITYWIDE_IDS), list(statuses))
    assert base != layout.fingerprint(plan, CITYWIDE_IDS, ("すべて実施",))
    assert base != layout.fingerprint(plan, set(), statuses)
    assert base != layout.fingerprint(dataclasses.replace(plan, wards=plan.wards[1:]), CITYWIDE_IDS, statuses)
    strategy = plan.strategies[0]
    direction = strategy.directions[0]
    item = direction.items[0]
    changed = dataclasses.replace(item.indicators[0], wording=item.indicators[0].wording + "（改）")
    new_item = dataclasses.replace(item, indicators=(changed, *item.indicators[1:]))
    new_direction = dataclasses.replace(direction, items=(new_item, *direction.items[1:]))
    new_strategy = dataclasses.replace(strategy, directions=(new_direction, *strategy.directions[1:]))
    assert base != layout.fingerprint(dataclasses.replace(plan, strategies=(new_strategy, *plan.strategies[1:])), CITYWIDE_IDS, statuses)


def test_intake_outside_the_plan_period_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        intake(DATA, 2019, tmp_path / "out")
    assert "取組期間" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_cli_intake_lists_each_file_and_shows_the_due_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["intake", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path / "out"), "--due", "2017-05-31"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("作成しました:") == 25
    assert "提出用のブック 25冊を" in out and "reportgen import --fiscal-year 2016" in out
    ws = load_workbook(tmp_path / "out" / "2016_北区_成果指標.xlsx")[layout.INSTRUCTIONS]
    assert any("2017年5月31日（水）まで" in str(c.value) for c in ws["A"])
    with pytest.raises(SystemExit) as usage:
        main(["intake", "--fiscal-year", "2016", "--output", str(tmp_path / "x"), "--due", "5月末"])
    assert usage.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_openpyxl_reads_workbooks_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_city_wide_unit_is_last() -> None:
    problems = Problems()
    loaded = load_plan(DATA, problems)
    assert loaded is not None
    units = layout.units(loaded, CITYWIDE_IDS)
    assert units[-1].name == CITYWIDE and units[-1].citywide and not units[0].citywide
    assert [u.name for u in units[:-1]] == loaded.ward_names()
    assert layout.units(loaded, set())[-1].name != CITYWIDE


def test_a_mistake_in_the_years_data_stops_intake_at_its_row(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("reconstruction"))
    path = data / "2016" / "results.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("北区,1.1.a,43.0,", "北区,1.1.a,abc,", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        intake(data, 2016, tmp_path / "out")
    assert any("results.csv 2行目「実績値」列" in str(p) for p in caught.value.problems), caught.value.problems
    assert not (tmp_path / "out").exists()


def test_the_first_year_of_the_plan_shows_no_last_year_even_if_a_folder_for_it_exists(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("reconstruction"))
    (data / "2014").mkdir()
    (data / "2014" / "results.csv").write_text("区,指標ID,実績値,回答者数,定義どおり測定\n北区,9.9,1,,はい\n", encoding="utf-8")
    intake(data, 2015, tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "2015_北区_成果指標.xlsx")[layout.FORM]
    assert ws["I8"].value is None and ws["E8"].value is not None  # no last year; this year's (2015) pre-filled


def test_a_year_with_one_of_its_two_csvs_prefills_what_there_is(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("reconstruction"))
    (data / "2016" / "implementation.csv").unlink()
    intake(data, 2016, tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "2016_北区_成果指標.xlsx")[layout.FORM]
    assert ws["E8"].value == 43 and ws["F8"].value == 868 and ws["H8"].value is None

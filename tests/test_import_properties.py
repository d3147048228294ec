"""Round trips over random plans and data sets: intake → (pre-filled, or typed in as a ward would) → import gives the data back."""

from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from scenario import RandomPlan, random_plans

from reportgen.errors import Problems
from reportgen.intake import layout
from reportgen.intake.commands import import_workbooks, intake
from reportgen.load.plan import load_plan
from reportgen.model import YearData
from reportgen.pipeline import load_inputs

SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _year(data: Path, year: int) -> YearData:
    inputs, problems = load_inputs(data, year)
    assert inputs is not None, [str(p) for p in problems]
    return inputs.years[year]


def _without_year(data: Path, target: Path, year: int) -> Path:
    shutil.copytree(data, target)
    for name in ("results.csv", "implementation.csv"):
        (target / str(year) / name).unlink()
    return target


@SETTINGS
@given(plan=random_plans(max_wards=6))
def test_prefilled_workbooks_import_to_the_same_data(tmp_path_factory: pytest.TempPathFactory, plan: RandomPlan) -> None:
    root = tmp_path_factory.mktemp("prefilled")
    data = plan.write(root)
    intake(data, plan.year, root / "out")
    empty = _without_year(data, root / "empty", plan.year)
    done = import_workbooks(empty, plan.year, root / "out")
    assert not done.problems.errors
    original, imported = _year(data, plan.year), _year(empty, plan.year)
    assert imported.results == original.results
    assert imported.implementation == original.implementation
    for key, result in original.results.items():  # the places too: 3.0 stays 3.0
        assert str(imported.results[key].value) == str(result.value), key


@SETTINGS
@given(plan=random_plans(max_wards=5), seed=st.integers(0, 2**32 - 1))
def test_values_typed_in_by_the_wards_are_imported(tmp_path_factory: pytest.TempPathFactory, plan: RandomPlan, seed: int) -> None:
    """Blank workbooks filled as clerks type: numbers as numbers, sometimes as text, sometimes in full width."""
    rng = random.Random(seed)
    root = tmp_path_factory.mktemp("typed")
    data = plan.write(root)
    blank = _without_year(data, root / "blank", plan.year)
    intake(blank, plan.year, root / "out")
    original = _year(data, plan.year)
    problems = Problems()
    loaded_plan = load_plan(data, problems)
    assert loaded_plan is not None
    citywide = {i.id for i in loaded_plan.indicators() if i.counting == "citywide"}
    for unit in layout.units(loaded_plan, citywide):
        path = root / "out" / layout.file_name(plan.year, unit)
        wb = load_workbook(path)
        ws = wb[layout.FORM]
        for offset, indicator in enumerate(layout.rows(loaded_plan, unit, citywide)):
            row = layout.FIRST_ROW + offset
            fields = layout.input_fields(unit, indicator, citywide)
            result = original.results.get((unit.name, indicator.id))
            typed: dict[str, object] = {}
            if "value" in fields:
                assert result is not None
                value = result.value
                typed["value"] = rng.choice([float(value), str(value), str(value).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))])
                typed["as_defined"] = "はい" if result.measured_as_defined else "いいえ"
            if "respondents" in fields:
                assert result is not None and result.respondents is not None
                typed["respondents"] = rng.choice([result.respondents, str(result.respondents)])
            if "status" in fields:
                typed["status"] = original.implementation[(unit.name, indicator.id)].status
            for name, value in typed.items():
                ws[f"{layout.BY_FIELD[name].letter}{row}"] = value
        wb.save(path)
    done = import_workbooks(blank, plan.year, root / "out")
    assert not done.problems.errors, [str(p) for p in done.problems]
    imported = _year(blank, plan.year)
    assert imported.results == original.results
    assert imported.implementation == original.implementation
    for key, result in imported.results.items():
        assert result.value == Decimal(str(original.results[key].value))

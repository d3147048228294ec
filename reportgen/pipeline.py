"""One way through: load the input folder, check it whole, evaluate the rules for one edition."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Location, Problems, display_path
from reportgen.load.plan import load_plan
from reportgen.load.year import load_year
from reportgen.model import Plan, YearData
from reportgen.rules.evaluate import YearFacts, evaluate
from reportgen.rules.ruleset import RuleSet, load_rules

REQUIRED_FACTS = ("progress_percent", "reference_value", "on_track", "target_reached")
"""Ward facts the outputs read by name; rules.yaml must define them."""
REQUIRED_YEAR_FACTS = ("year_index", "plan_years", "threshold_percent")
REQUIRED_COLUMNS = ("count", "on_track", "target_reached", "not_on_track")
REQUIRED_GROUPS = ("counted", "including_reference", "previous", "difference")


@dataclass(frozen=True)
class Inputs:
    """Everything read for one edition."""

    data_dir: Path
    fiscal_year: int
    plan: Plan
    rules: RuleSet
    years: dict[int, YearData]


def _check_rules_against_plan(rules: RuleSet, plan: Plan, rules_file: str, problems: Problems) -> None:
    defined = {f.name for f in rules.unit_facts}
    for name in REQUIRED_FACTS:
        if name not in defined:
            problems.error(Location(rules_file, None, "ward_facts"), f"判定「{name}」の定義が必要です")
    year_defined = {f.name for f in rules.year_facts}
    for name in REQUIRED_YEAR_FACTS:
        if name not in year_defined:
            problems.error(Location(rules_file, None, "year_facts"), f"年度の値「{name}」の定義が必要です")
    columns = {c.name for c in rules.table2}
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.error(Location(rules_file, None, "table2.columns"), f"表2の列「{name}」の定義が必要です")
    groups = {g.name for g in rules.groups}
    for name in REQUIRED_GROUPS:
        if name not in groups:
            problems.error(Location(rules_file, None, "table2.groups"), f"表2の集計区分「{name}」の定義が必要です")
    for indicator in plan.indicators():
        if indicator.counting not in rules.counting:
            problems.error(
                indicator.location,
                f"指標 {indicator.id} の counting {indicator.counting!r} は rules.yaml にありません"
                f"（使える値: {', '.join(rules.counting)}）",
            )


def data_folder_hint(data_dir: Path) -> str | None:
    """One line for a ``--data`` that names a year folder or the project folder instead of the data folder."""
    if (data_dir / "plan.yaml").exists():
        return None
    for parent, what in ((data_dir.parent, "年度のフォルダ"), (data_dir / "data", "データのフォルダを含むフォルダ")):
        if (parent / "plan.yaml").is_file():
            shown = display_path(parent)
            return (f"ここは{what}です。--data にはデータのフォルダ（plan.yaml があるフォルダ）を指定してください: --data {shown}"
                    f" (not the data folder; try --data {shown})")
    return None


def load_inputs(data_dir: Path, fiscal_year: int) -> tuple[Inputs | None, Problems]:
    """Read and check everything the ``fiscal_year`` edition needs; report every problem found."""
    problems = Problems()
    if not data_dir.is_dir():
        problems.error(Location(display_path(data_dir)), "データのフォルダがありません (data folder not found)")
        return None, problems
    hint = data_folder_hint(data_dir)
    if hint is not None:
        problems.error(Location(display_path(data_dir)), hint)
        return None, problems
    plan = load_plan(data_dir, problems)
    rules_path = data_dir / "rules.yaml"
    rules = load_rules(rules_path, problems)
    if plan is None or rules is None:
        return None, problems
    _check_rules_against_plan(rules, plan, display_path(rules_path), problems)
    if not plan.period_start <= fiscal_year <= plan.period_end:
        problems.error(
            Location(display_path(data_dir / "plan.yaml"), None, "period"),
            f"{fiscal_year}年度は取組期間（{plan.period_start}〜{plan.period_end}年度）の外です",
        )
        return None, problems
    citywide = {i.id for i in plan.indicators() if rules.counting.get(i.counting) and rules.counting[i.counting].unit == "city"}
    years: dict[int, YearData] = {}
    for year in range(plan.period_start, fiscal_year + 1):
        folder = data_dir / str(year)
        if not folder.is_dir():
            problems.error(
                Location(display_path(folder)),
                f"{year}年度のデータのフォルダがありません（取組期間の初年度から{fiscal_year}年度までが必要です）",
            )
            continue
        years[year] = load_year(data_dir, year, plan, citywide, rules.statuses, problems)
    if problems.errors:
        return None, problems
    return Inputs(data_dir, fiscal_year, plan, rules, years), problems


def compute(inputs: Inputs) -> YearFacts:
    """Evaluate the rules for the edition (raises RuleError with its location on failure)."""
    return evaluate(inputs.rules, inputs.plan, inputs.fiscal_year, inputs.years)


def reference_warnings(facts: YearFacts, problems: Problems) -> None:
    """Note every reference value (参考数値) of the edition as a warning at its input row."""
    for indicator in facts.indicators:
        for unit in indicator.current:
            if unit["reference_value"]:
                result = unit.result
                why = []
                if unit.values.get("too_few_respondents"):
                    why.append(f"回答者数 {result.respondents}")
                if not result.measured_as_defined:
                    why.append("定義どおりの測定ではない")
                problems.warning(
                    Location(result.location.file, result.location.row),
                    f"{unit.ward}・{unit.indicator_id} は参考数値として件数から除きます（{'、'.join(why) or '参考数値'}）",
                )

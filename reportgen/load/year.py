"""Reading one fiscal year's tables (results.csv, implementation.csv) and checking them against the plan."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from reportgen.errors import Location, Problems, display_path
from reportgen.load.csvfile import Row, parse_decimal, parse_int, read_table
from reportgen.load.quote import clip, closest, did_you_mean, quote
from reportgen.model import CITYWIDE, Implementation, Indicator, Plan, Result, YearData

RESULT_COLUMNS = ("区", "指標ID", "実績値", "回答者数", "定義どおり測定")
IMPLEMENTATION_COLUMNS = ("区", "指標ID", "取組状況")
YES, NO = "はい", "いいえ"
_PERCENT_MAX = Decimal(100)


def _keys(row: Row, names: frozenset[str], indicators: dict[str, Indicator], citywide: set[str], problems: Problems) -> tuple[str, Indicator] | None:
    """Check the ward and indicator cells of a row; return them when both are known."""
    ward, ident = row.text("区"), row.text("指標ID")
    ok = True
    indicator = indicators.get(ident)
    if not ident:
        problems.error(row.at("指標ID"), "値が入力されていません (empty)")
        ok = False
    elif indicator is None:
        problems.error(row.at("指標ID"), f"plan.yaml にない指標IDです: {quote(ident)}。{did_you_mean(closest(ident, indicators))} (unknown indicator)".replace("。 (", " ("))
        ok = False
    if not ward:
        problems.error(row.at("区"), "値が入力されていません (empty)")
        ok = False
    elif ward == CITYWIDE:
        if indicator is not None and ident not in citywide:
            problems.error(row.at("区"), f"指標 {ident} は区ごとの指標です。「{CITYWIDE}」ではなく区名を書いてください")
            ok = False
    elif ward not in names:
        problems.error(row.at("区"), f"wards.csv にない区名です: {quote(ward)}。{did_you_mean(closest(ward, names, cutoff=0.5))} (unknown ward)".replace("。 (", " ("))
        ok = False
    return (ward, indicator) if ok and indicator is not None else None


def _expected_units(plan: Plan, indicator: Indicator, citywide: set[str]) -> list[str]:
    return [CITYWIDE] if indicator.id in citywide else plan.ward_names()


def _check_complete(
    file: str, seen: dict[tuple[str, str], int], plan: Plan, citywide: set[str], problems: Problems, units_for_citywide: bool
) -> None:
    """Report every (ward, indicator) the file should hold and does not."""
    for indicator in plan.indicators():
        units = plan.ward_names() if not units_for_citywide else _expected_units(plan, indicator, citywide)
        missing = [w for w in units if (w, indicator.id) not in seen]
        if missing:
            problems.error(
                Location(file, None, "区"),
                f"指標 {indicator.id} の行がない区があります: {clip('、'.join(missing))} (missing rows)",
            )


def _check_value(row: Row, indicator: Indicator, value: Decimal, problems: Problems) -> None:
    unit = indicator.target.unit
    where = row.at("実績値")
    if value < 0:
        problems.error(where, f"負の値は使えません: {quote(row.text('実績値'))}")
    elif unit == "％" and value > _PERCENT_MAX:
        problems.error(where, f"割合（％）が100を超えています: {quote(row.text('実績値'))}")
    elif indicator.scale_max is not None and value > indicator.scale_max:
        problems.error(where, f"満点（{indicator.scale_max}）を超えています: {quote(row.text('実績値'))}")
    elif unit in ("件", "milestone") and value != value.to_integral_value():
        problems.error(where, f"件数は整数です: {quote(row.text('実績値'))}")
    elif unit == "milestone" and value not in (0, 1):
        problems.error(where, f"達成状況は 1（達成）か 0（未達成）です: {quote(row.text('実績値'))}")


def load_results(
    path: Path, plan: Plan, citywide: set[str], problems: Problems, *, inside: Path | None = None
) -> dict[tuple[str, str], Result]:
    """Read results.csv (区, 指標ID, 実績値, 回答者数, 定義どおり測定); ``inside``: the data folder."""
    rows = read_table(path, RESULT_COLUMNS, problems, inside=inside)
    if rows is None:
        return {}
    indicators = {i.id: i for i in plan.indicators()}
    results: dict[tuple[str, str], Result] = {}
    seen: dict[tuple[str, str], int] = {}
    ward_set = frozenset(plan.ward_names())  # once per file, not per row
    for row in rows:
        keys = _keys(row, ward_set, indicators, citywide, problems)
        value = parse_decimal(row, "実績値", problems)
        respondents = parse_int(row, "回答者数", problems, required=False)
        if respondents is not None and respondents < 0:
            problems.error(row.at("回答者数"), f"回答者数が負の数です: {respondents}")
            respondents = None
        flag = row.text("定義どおり測定")
        if flag not in (YES, NO):
            problems.error(row.at("定義どおり測定"), f"「{YES}」か「{NO}」を入力してください: {quote(flag)}")
        if keys is None:
            continue
        ward, indicator = keys
        if ward != CITYWIDE and indicator.id in citywide:
            problems.error(row.at("区"), f"指標 {indicator.id} は全市で1件の指標です。区には「{CITYWIDE}」と書いてください")
            continue
        key = (ward, indicator.id)
        if key in seen:
            problems.error(row.at("区"), f"{ward}・{indicator.id} の行が重複しています（{seen[key]}行目と同じ） (duplicate row)")
            continue
        seen[key] = row.number
        if indicator.measure == "survey" and respondents is None and not row.text("回答者数"):
            problems.error(row.at("回答者数"), "アンケートの指標には回答者数が必要です (required for surveys)")
        if indicator.measure != "survey" and respondents is not None:
            # a respondents count would make the ward a reference value of a count or milestone
            problems.error(row.at("回答者数"), f"アンケート以外の指標（{indicator.id}）では回答者数は空欄です: {respondents} (only surveys have respondents)")
        if value is None or flag not in (YES, NO):
            continue
        _check_value(row, indicator, value, problems)
        results[key] = Result(ward, indicator.id, value, respondents, flag == YES, row.at("実績値"))
    _check_complete(display_path(path), seen, plan, citywide, problems, units_for_citywide=True)
    return results


def load_implementation(
    path: Path, plan: Plan, statuses: Sequence[str], problems: Problems, *, inside: Path | None = None
) -> dict[tuple[str, str], Implementation]:
    """Read implementation.csv (区, 指標ID, 取組状況): one row per ward and indicator; ``inside``: the data folder."""
    rows = read_table(path, IMPLEMENTATION_COLUMNS, problems, inside=inside)
    if rows is None:
        return {}
    indicators = {i.id: i for i in plan.indicators()}
    out: dict[tuple[str, str], Implementation] = {}
    seen: dict[tuple[str, str], int] = {}
    ward_set = frozenset(plan.ward_names())  # once per file, not per row
    for row in rows:
        keys = _keys(row, ward_set, indicators, set(), problems)
        status = row.text("取組状況")
        if status not in statuses:
            problems.error(row.at("取組状況"), f"取組状況は {'、'.join(statuses)} のいずれかです: {quote(status)}")
        if keys is None:
            continue
        ward, indicator = keys
        key = (ward, indicator.id)
        if key in seen:
            problems.error(row.at("区"), f"{ward}・{indicator.id} の行が重複しています（{seen[key]}行目と同じ） (duplicate row)")
            continue
        seen[key] = row.number
        if status in statuses:
            out[key] = Implementation(ward, indicator.id, status, row.at("取組状況"))
    _check_complete(display_path(path), seen, plan, set(), problems, units_for_citywide=False)
    return out


def load_year(
    data_dir: Path, fiscal_year: int, plan: Plan, citywide: set[str], statuses: Sequence[str], problems: Problems
) -> YearData:
    """Read ``data_dir/YEAR/results.csv`` and ``implementation.csv``."""
    folder = data_dir / str(fiscal_year)
    results = load_results(folder / "results.csv", plan, citywide, problems, inside=data_dir)
    implementation = load_implementation(folder / "implementation.csv", plan, statuses, problems, inside=data_dir)
    return YearData(fiscal_year, results, implementation)

"""The published tables as plain records (表1, 表2, ward results): what CSV and data sheets hold.

:func:`data_tables` builds them, with the 説明 table (columns) last, once where the document is
composed; the CSV and xlsx writers read them from the document. Each table carries what its columns mean (説明, 単位), worded from the plan, the rules and the
year's facts, so that columns.csv never states a year or a threshold the data does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportgen.document.nodes import DataTable, EditionDate, Value
from reportgen.jp import and_list, fiscal_year_label, percent, to_width
from reportgen.model import CITYWIDE, Indicator, Plan, Ward
from reportgen.rules.evaluate import IndicatorFacts, UnitFacts, YearFacts
from reportgen.rules.ruleset import RuleSet

TOTAL = "合計"
ON_TRACK, NOT_ON_TRACK = "概ね順調", "必ずしも順調ではない"
UNIT_LABELS = {"milestone": "達成（1=達成、0=未達成）"}
WARD, CITY = "区", CITYWIDE
"""集計単位 of a ward_results row: the ward's own value, or the one city-wide value (全市)."""
COUNT = "件"


@dataclass(frozen=True, slots=True)
class Dataset(DataTable):
    """A machine-readable table and what each of its columns means: (column, 説明, 単位)."""

    notes: tuple[tuple[str, str, str], ...] = ()


def _year(year: int) -> str:
    """「平成28年度（2016年度）」: 和暦 with the 西暦 beside it (統一ルール 2-10)."""
    return fiscal_year_label(year, western=True)


def _ids(items: list[IndicatorFacts]) -> str:
    return and_list(i.indicator.id for i in items)


def _cumulative(facts: YearFacts) -> list[IndicatorFacts]:
    """Indicators judged on a value other than the year's (the running total: 累計で判定)."""
    return [i for i in facts.indicators if i.counting.value is not None]


def _thresholds(facts: YearFacts) -> str:
    """「平成28年度（2016年度）が66.7％、平成27年度（2015年度）が33.4％」 from the year facts."""
    years = [(facts.fiscal_year, facts.year)]
    if facts.previous_year is not None:
        years.append((facts.fiscal_year - 1, facts.previous_year))
    return "、".join(f"{_year(y)}が{percent(values['threshold_percent'])}" for y, values in years)


def _target_years(facts: YearFacts) -> str:
    """「平成29年度（2017年度）までに達成する値。ただし1.3.aは平成27年度（2015年度）まで」."""
    years = Counter(i.indicator.target.year for i in facts.indicators)
    main = years.most_common(1)[0][0]
    text = f"{_year(main)}までに達成する値"
    others = sorted(y for y in years if y != main)
    for year in others:
        ids = [i for i in facts.indicators if i.indicator.target.year == year]
        text += f"。ただし{_ids(ids)}は{_year(year)}まで"
    return text


def _wording(item: IndicatorFacts) -> str:
    """The indicator's wording with half-width digits, as the publication prints it (「過去1年間」)."""
    return to_width(item.indicator.wording, "half")


def _total_wording(facts: YearFacts, table: str) -> str:
    """The 成果指標 cell of the 合計 row: never blank (統一ルール 2-5); says what the total leaves out."""
    if table == "table1":
        return TOTAL
    outside = [i for i in facts.indicators if not i.counting.in_total]
    return f"{TOTAL}（{_ids(outside)}を除く）" if outside else TOTAL


TABLE1_NOTES = {
    "count": "区×成果指標の件数（成果指標ごとに区の数。全市で1件の指標も区ごとに数える）",
    "stated": "{ward_plan}に記載して取り組んだ件数",
    "all_done": "{ward_plan}に記載した取組をすべて実施した件数",
    "partly_done": "{ward_plan}に記載した取組の一部を実施した件数",
    "not_done": "{ward_plan}に記載した取組を実施しなかった件数",
    "separately": "{ward_plan}には記載していないが、別途取り組んだ件数",
    "no_action": "取組を行わなかった件数",
}
"""表1's count columns by their rules.yaml name; ``{ward_plan}`` is the plan's name of each ward's yearly plan (Osaka: 区運営方針)."""


def _count_note(notes: dict[str, str], name: str, label: str, ward_plan: str = "") -> str:
    """The description of a count column, or plain words for a column rules.yaml added."""
    note = notes.get(name)
    return note.replace("{ward_plan}", ward_plan) if note is not None else f"「{label}」に当たる件数"


def table1(rules: RuleSet, facts: YearFacts, ward_plan: str) -> Dataset:
    """表1 取組の実施状況: one row per indicator, then the total."""
    year = facts.fiscal_year
    columns = ("年度", "指標ID", "成果指標", *(c.label for c in rules.table1))
    rows: list[tuple[Value, ...]] = [
        (year, i.indicator.id, _wording(i), *(i.table1[c.name] for c in rules.table1))
        for i in facts.indicators
    ]
    rows.append((year, TOTAL, _total_wording(facts, "table1"), *(facts.table1_total[c.name] for c in rules.table1)))
    notes = [
        _common("年度"), _common("指標ID"), ("成果指標", f"成果指標の文言。合計の行は「{_total_wording(facts, 'table1')}」", ""),
        *((c.label, _count_note(TABLE1_NOTES, c.name, c.label, ward_plan), COUNT) for c in rules.table1),
    ]
    return Dataset("table1", "表1 取組の実施状況", columns, tuple(rows), tuple(notes))


def _table2_notes(facts: YearFacts) -> dict[str, str]:
    cumulative = _cumulative(facts)
    by_total = f"（{_ids(cumulative)}は取組期間の累計で判定）" if cumulative else ""
    return {
        "count": "集計区分の対象とした件数（区×成果指標の数。全市で1件の指標は1件）",
        "on_track": f"概ね順調（進捗率が基準以上）と判定した件数（判定しない指標は空欄）。基準は、{_thresholds(facts)}",
        "target_reached": f"目標値を達成した件数{by_total}。目標値は{_target_years(facts)}",
        "not_on_track": "必ずしも順調ではない（進捗率が基準未満）と判定した件数（判定しない指標は空欄）",
        "not_reached": f"目標値を達成していない件数{by_total}。取組期間の最終年度の表2は、概ね順調の代わりにこの列で示す",
    }


def table2(rules: RuleSet, facts: YearFacts) -> Dataset:
    """表2 成果目標値達成に向けた進捗状況: per indicator and total, one row per 集計区分."""
    columns = ("年度", "指標ID", "成果指標", "集計区分", *(c.label for c in rules.table2))
    rows: list[tuple[Value, ...]] = []
    blocks = [(i.indicator.id, _wording(i), i.table2) for i in facts.indicators]
    blocks.append((TOTAL, _total_wording(facts, "table2"), facts.table2_total))
    for ident, wording, groups in blocks:
        for group in rules.groups:
            counts = groups[group.name]
            values = [None if counts is None else counts[c.name] for c in rules.table2]
            rows.append((facts.fiscal_year, ident, wording, group.label, *values))
    described = _table2_notes(facts)
    wording = f"成果指標の文言。合計の行は「{_total_wording(facts, 'table2')}」"
    notes = [
        _common("年度"), _common("指標ID"), ("成果指標", wording, ""), _common("集計区分"),
        *((c.label, _count_note(described, c.name, c.label), COUNT) for c in rules.table2),
    ]
    return Dataset("table2", "表2 成果目標値達成に向けた進捗状況", columns, tuple(rows), tuple(notes))


def _flag(value: bool) -> int:
    return 1 if value else 0


def _ward_row(year: int, ward: Ward, indicator: Indicator, item: IndicatorFacts, unit: UnitFacts) -> tuple[Value, ...]:
    applies = item.counting.columns
    rated = applies is None or "on_track" in applies
    reached = applies is None or "target_reached" in applies
    status = (ON_TRACK if unit["on_track"] else NOT_ON_TRACK) if rated else None
    judged: Decimal = unit["value"]
    return (
        year,
        ward.code,
        ward.name,
        indicator.id,
        CITY if item.counting.unit == "city" else WARD,
        unit.result.value,
        judged,
        UNIT_LABELS.get(indicator.target.unit, indicator.target.unit),
        indicator.target.value,
        unit["progress_percent"] if rated else None,
        unit.result.respondents,
        _flag(unit["reference_value"]),
        status,
        _flag(unit["target_reached"]) if reached else None,
    )


WARD_COLUMNS = (
    "年度", "区コード", "区", "指標ID", "集計単位", "実績値", "判定に使った値", "単位", "目標値", "進捗率",
    "回答者数", "参考数値", "進捗状況", "目標値達成",
)


def _ward_notes(facts: YearFacts, city_name: str) -> tuple[tuple[str, str, str], ...]:
    cumulative = _cumulative(facts)
    city = [i for i in facts.indicators if i.counting.unit == "city"]
    same = "「単位」列のとおり"
    value = "成果指標の実績値（入力データ results.csv の値）"
    judged = "進捗率・進捗状況・目標値達成の判定に使った値"
    if cumulative:
        start = int(facts.year["period_start"])
        value += f"。{_ids(cumulative)}はその年度に新たに創出した件数（累計ではない）"
        judged += f"。{_ids(cumulative)}は取組期間の初年度の{_year(start)}から当該年度までの累計、ほかの指標は実績値と同じ"
    else:
        judged += "（実績値と同じ）"
    unit_note = "区＝区ごとの値"
    if city:
        value += f"。{_ids(city)}は全市の値を各区の行に載せている"
        unit_note += (
            f"／全市＝全市で1件の指標（{_ids(city)}）。全市の1つの値を各区の行に同じく載せているため、"
            "区の行を足し合わせず、全市で1件として数える"
        )
    return (
        _common("年度"), ("区", f"区名（{city_name}の区の公式の順）", ""), _common("指標ID"),
        ("集計単位", unit_note, ""),
        ("実績値", value, same),
        ("判定に使った値", judged, same),
        _common("単位"),
        ("目標値", f"取組期間の目標値。{_target_years(facts)}", same),
        ("進捗率", "判定に使った値÷目標値×100、小数第1位に四捨五入（進捗状況を評価しない指標は空欄）", "％"),
        _common("回答者数"), _common("参考数値"),
        ("進捗状況", f"概ね順調＝進捗率が基準以上／必ずしも順調ではない＝基準未満（評価しない指標は空欄）。基準は、{_thresholds(facts)}", ""),
        ("目標値達成", "1＝判定に使った値が目標値以上、0＝未達成（判定しない指標は空欄）", ""),
    )


def ward_results(facts: YearFacts, wards: Sequence[Ward], city: str) -> Dataset:
    """Every ward × indicator of the previous year (when compared) and of the edition's year.

    A city-wide result (全市で1件) is repeated for each ward, so that every ward has every row;
    its 集計単位 says 全市 so that no one adds the copies up. 判定に使った値 is the value the
    judgement used: the running total for an indicator judged on it (累計), else 実績値.
    """
    rows = []
    years = [(facts.fiscal_year - 1, "previous"), (facts.fiscal_year, "current")]
    for year, which in years:
        for item in facts.indicators:
            units = getattr(item, which)
            if units is None:
                continue
            by_ward = {u.ward: u for u in units}
            for ward in wards:
                unit = by_ward.get(ward.name) or units[0]
                rows.append(_ward_row(year, ward, item.indicator, item, unit))
    return Dataset("ward_results", "区別の成果指標の実績", WARD_COLUMNS, tuple(rows), _ward_notes(facts, city))


COLUMN_NOTES: dict[str, tuple[str, str]] = {
    "年度": ("西暦の年度（その年の4月1日から翌年3月31日まで）", "年度"),
    "指標ID": ("成果指標の番号（基本戦略.取組の方向性.項目[.番号]。項目の a/b/c は印刷物の丸囲みのア・イ・ウ）", ""),
    "集計区分": ("件数カウント対象＝参考数値の区を除く／参考数値を含む＝すべての区／前年度＝前年度の件数（今年度が参考数値の区を除く）／差引＝件数カウント対象－前年度", ""),
    "区コード": ("全国地方公共団体コード（5桁、検査数字なし。data/wards.csv の区コード）。区を名前でなくコードで特定するため", ""),
    "単位": ("実績値・判定に使った値・目標値の単位", ""),
    "回答者数": ("区民アンケートの回答者数（アンケート以外は空欄）", "人"),
    "参考数値": ("1＝回答者数が必要数に満たない、又は定義どおりの測定でないため参考数値、0＝それ以外", ""),
}
"""What the columns shared by several tables mean, and their units."""


def _common(column: str) -> tuple[str, str, str]:
    return (column, *COLUMN_NOTES[column])


def describe(tables: Sequence[DataTable], title: str, author: str, date: EditionDate) -> DataTable:
    """The 説明 table: the file's title, author, publication date and source, then every column.

    The source names the publication in 『』 (書名), which keeps the official title's own 「」.

    公表日 is left empty unless ``date`` is the edition's publication date from the data (a
    stand-in that only dates the documents, not ``published``, is not stated).
    """
    rows: list[tuple[Value, ...]] = [
        ("（このファイル）", "タイトル", title, ""),
        ("（このファイル）", "作成者", author, ""),
        ("（このファイル）", "公表日", date.stated, ""),
        ("（このファイル）", "出典", f"{author}『{title}』", ""),
    ]
    for table in tables:
        notes = {column: (text, unit) for column, text, unit in getattr(table, "notes", ())}
        for column in table.columns:
            if column in notes:
                text, unit = notes[column]
            elif column in COLUMN_NOTES:
                text, unit = COLUMN_NOTES[column]
            else:
                raise ValueError(f"列「{column}」（{table.name}）の説明がありません")
            rows.append((table.name, column, text, unit))
    return DataTable("columns", "項目の説明", ("データ", "列", "説明", "単位"), tuple(rows))


def data_tables(rules: RuleSet, facts: YearFacts, plan: Plan, title: str, author: str, date: EditionDate) -> tuple[DataTable, ...]:
    """Every machine-readable table of the edition in the order written: 表1, 表2, ward results, columns."""
    tables = (table1(rules, facts, plan.phrases.ward_plan), table2(rules, facts), ward_results(facts, plan.wards, plan.city))
    return (*tables, describe(tables, title, author, date))

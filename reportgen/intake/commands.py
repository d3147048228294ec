"""``reportgen intake`` and ``reportgen import``: the ward workbooks out, the two CSVs of the year back in.

Both load the plan and rules as ``build`` does; import turns the workbooks into CSV text and runs
it through the very loaders of results.csv and implementation.csv (one set of data rules), with
each problem moved from its CSV row and column back to the workbook cell it came from. Both write
under the folder lock through the journal of :mod:`reportgen.output`: all files or none.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import guard, output
from reportgen.errors import InputError, Location, OutputError, Problem, Problems, display_path
from reportgen.folderlock import folder_lock
from reportgen.intake import layout
from reportgen.intake.read import CsvRow, Submission, read_workbook, shown_name
from reportgen.intake.write import Intake, workbook_bytes
from reportgen.load.edition import read_edition
from reportgen.load.plan import load_plan
from reportgen.load.year import (
    IMPLEMENTATION_COLUMNS,
    RESULT_COLUMNS,
    load_implementation,
    load_results,
)
from reportgen.model import Plan, YearData
from reportgen.rules.ruleset import RuleSet, load_rules

SPREADSHEETS = (".xls", ".xlsm", ".xlsb", ".ods", ".csv", ".numbers")
"""Files a clerk may have saved instead of the .xlsx: reported, not skipped."""


@dataclass
class Written:
    """What a command wrote, what it noticed, and (import --force) what changed."""

    written: list[Path]
    problems: Problems
    changes: list[str] = field(default_factory=list)


def _load(data_dir: Path, fiscal_year: int, problems: Problems) -> tuple[Plan, RuleSet, set[str]]:
    """The plan, the rules and the city-wide indicators; every problem raised at once."""
    if not (data_dir / "plan.yaml").is_file():
        problems.error(Location(display_path(data_dir)), "データのフォルダ（plan.yaml があるフォルダ）ではありません。--data を確かめてください (not the data folder)")
        problems.raise_if_errors()
    plan = load_plan(data_dir, problems)
    rules = load_rules(data_dir / "rules.yaml", problems)
    if plan is None or rules is None:
        raise InputError(list(problems))
    if not plan.period_start <= fiscal_year <= plan.period_end:
        problems.error(Location(display_path(data_dir / "plan.yaml"), None, "period"),
                       f"{fiscal_year}年度は取組期間（{plan.period_start}〜{plan.period_end}年度）の外です")
    problems.raise_if_errors()
    citywide = {i.id for i in plan.indicators() if (mode := rules.counting.get(i.counting)) is not None and mode.unit == "city"}
    return plan, rules, citywide


def _year(data_dir: Path, year: int, plan: Plan, rules: RuleSet, citywide: set[str], problems: Problems) -> YearData | None:
    """The year's data as far as its CSVs exist (a correction round, or last year's values), or None."""
    folder = data_dir / str(year)
    results_path, implementation_path = folder / "results.csv", folder / "implementation.csv"
    if not (results_path.exists() or implementation_path.exists()):
        return None
    results = load_results(results_path, plan, citywide, problems, inside=data_dir) if results_path.exists() else {}
    implementation = (load_implementation(implementation_path, plan, rules.statuses, problems, inside=data_dir)
                      if implementation_path.exists() else {})
    return YearData(year, results, implementation)


def _write(folder: Path, files: dict[str, bytes], problems: Problems, *, force: bool,
           checked: dict[str, str | None] | None = None) -> list[Path]:
    """Write ``files`` into ``folder`` under its lock, all or none.

    Without ``checked`` the folder keeps reportgen's manifest, so a file changed since it was
    written (a returned workbook saved over a blank one) is not overwritten without ``force``.
    ``checked``: each target's hash when the caller decided to write it; a target that changed
    since (another import meanwhile) makes the journal roll everything back.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError([Problem(Location(display_path(folder)), f"フォルダを作成できません: {exc.strerror} (cannot create the folder)")]) from None
    with folder_lock(folder):
        problems.extend(output.recover(folder))
        if checked is None:
            plan = guard.check(folder, files, force=force)
            problems.extend(plan.warnings)
        else:
            plan = guard.Plan(dict(files), dict(checked))
        published = output.publish(folder, plan)
    return published.written + published.backups


def intake(data_dir: Path, fiscal_year: int, folder: Path, *, due: str = "", force: bool = False) -> Written:
    """Write one workbook per ward (and one for the city-wide indicators) into ``folder``."""
    problems = Problems()
    plan, rules, citywide = _load(data_dir, fiscal_year, problems)
    # last year's values for reference: within the plan's period only (a year before it belongs to another plan)
    previous = _year(data_dir, fiscal_year - 1, plan, rules, citywide, problems) if fiscal_year > plan.period_start else None
    current = _year(data_dir, fiscal_year, plan, rules, citywide, problems)
    info = read_edition(data_dir, fiscal_year, problems)
    contact = info.contact if info is not None else ""
    if not contact and (data_dir / str(fiscal_year - 1) / "edition.yaml").exists():
        earlier = read_edition(data_dir, fiscal_year - 1, Problems())
        contact = earlier.contact if earlier is not None else ""
    problems.raise_if_errors()
    assert info is not None
    shared = Intake(plan, citywide, rules.statuses, fiscal_year, current, previous, contact, due, info.date)
    files = {layout.file_name(fiscal_year, unit): workbook_bytes(shared, unit) for unit in layout.units(plan, citywide)}
    written = _write(folder, files, problems, force=force)
    return Written(written, problems)


def _candidates(folder: Path, problems: Problems) -> list[Path]:
    """The workbooks of ``folder`` (any name); other spreadsheets are errors, other files notes, Excel's lock files warnings."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name))
    except FileNotFoundError:
        problems.error(Location(display_path(folder)), "フォルダがありません (folder not found)")
        return []
    except NotADirectoryError:
        problems.error(Location(display_path(folder)), "フォルダではありません。返ってきたブックを入れたフォルダを指定してください (not a folder)")
        return []
    except OSError as exc:
        problems.error(Location(display_path(folder)), f"フォルダを読めません: {exc.strerror} (cannot read)")
        return []
    found = []
    for entry in entries:
        path = Path(entry.path)
        suffix = path.suffix.lower()
        if entry.name.startswith("~$"):
            problems.warning(Location(shown_name(path, Problems())),
                             "Excel が開いているブックの印です。保存して閉じてから取り込んでください (a workbook is open in Excel)")
        elif entry.name.startswith(".") or entry.name == guard.MANIFEST:
            continue
        elif suffix == ".xlsx":
            found.append(path)
        elif suffix in SPREADSHEETS:
            problems.error(Location(shown_name(path, problems)),
                           "Excel のブック（.xlsx）ではありません。届いた .xlsx のブックに入力し、.xlsx のまま保存してください (not an .xlsx workbook)")
    if not found and not problems.errors:
        problems.error(Location(display_path(folder)), "提出用のブック（.xlsx）がありません (no workbooks)")
    return found


def _csv(columns: tuple[str, ...], rows: list[CsvRow]) -> bytes:
    """The CSV the loaders read: UTF-8 with BOM, header first, one record per row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.cells.get(c, "") for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _checked(plan: Plan, rules: RuleSet, citywide: set[str], results: list[CsvRow], implementation: list[CsvRow],
             problems: Problems) -> tuple[bytes, bytes]:
    """The two CSVs, after the loaders of results.csv and implementation.csv accepted them; their problems at the workbook cells."""
    files = {"results.csv": (_csv(RESULT_COLUMNS, results), results), "implementation.csv": (_csv(IMPLEMENTATION_COLUMNS, implementation), implementation)}
    with tempfile.TemporaryDirectory(prefix="reportgen-import-") as scratch:
        found = Problems()
        for name, (data, _) in files.items():
            (Path(scratch) / name).write_bytes(data)
        loaded = load_results(Path(scratch) / "results.csv", plan, citywide, found, inside=Path(scratch))
        load_implementation(Path(scratch) / "implementation.csv", plan, rules.statuses, found, inside=Path(scratch))
    for problem in found:
        name = Path(problem.location.file).name
        rows = files[name][1] if name in files else []
        row, column = problem.location.row, problem.location.column
        if row is not None and 2 <= row < len(rows) + 2 and column is not None and column in rows[row - 2].where:
            where = rows[row - 2].where[column]
        else:  # the file as a whole (rows missing): named as the result it would have been
            where = f"（取り込んだ結果の {name}）"
        problems.items.append(Problem(Location(where), problem.message, problem.severity))
    if found.errors:
        return b"", b""
    # The numbers as the loader read them: 「1,202」 or a full-width 「１２０２」 is written 1202, places kept (43.0)
    canonical = []
    for record in results:
        result = loaded[(record.cells["区"], record.cells["指標ID"])]
        respondents = "" if result.respondents is None else str(result.respondents)
        canonical.append(CsvRow({**record.cells, "実績値": format(result.value, "f"), "回答者数": respondents}, record.where))
    return _csv(RESULT_COLUMNS, canonical), files["implementation.csv"][0]


def _changes(before: YearData | None, after: YearData) -> list[str]:
    """One line per ward and indicator whose values differ between the old CSVs and the new ones."""
    if before is None:
        return []
    lines = []

    def show(value: object) -> str:
        return "（なし）" if value is None else str(value)

    keys = sorted({*before.results, *after.results, *before.implementation, *after.implementation})
    for key in keys:
        old, new = before.results.get(key), after.results.get(key)
        diffs = []
        for label, get in (("実績値", lambda r: r.value), ("回答者数", lambda r: r.respondents),
                           ("定義どおり測定", lambda r: "はい" if r.measured_as_defined else "いいえ")):
            a, b = (get(old) if old else None), (get(new) if new else None)
            if a != b:
                diffs.append(f"{label} {show(a)} → {show(b)}")
        a_status = before.implementation[key].status if key in before.implementation else None
        b_status = after.implementation[key].status if key in after.implementation else None
        if a_status != b_status:
            diffs.append(f"取組状況 {show(a_status)} → {show(b_status)}")
        if diffs:
            lines.append(f"{key[0]} {key[1]}: {'、'.join(diffs)}")
    return lines


def import_workbooks(data_dir: Path, fiscal_year: int, folder: Path, *, force: bool = False) -> Written:
    """Read every returned workbook in ``folder`` and write ``data_dir/YEAR/results.csv`` and ``implementation.csv``."""
    problems = Problems()
    plan, rules, citywide = _load(data_dir, fiscal_year, problems)
    statuses = list(rules.statuses)
    submissions: dict[str, Submission] = {}
    unreadable = 0
    for path in _candidates(folder, problems):
        submission = read_workbook(path, plan, citywide, statuses, fiscal_year, problems)
        if submission is None:
            unreadable += 1
            continue
        hint = _other_ward_in_name(submission, plan)
        if hint:
            problems.warning(Location(submission.file), hint)
        first = submissions.get(submission.unit.name)
        if first is not None:
            problems.error(Location(submission.file), f"{submission.unit.name}のブックが2つあります（{first.file} と同じ区）。"
                           "正しい方だけを残してください (the same ward twice)")
            continue
        submissions[submission.unit.name] = submission
    expected = [u.name for u in layout.units(plan, citywide)]
    missing = [name for name in expected if name not in submissions]
    if missing:
        unread = "（読めなかったブックの区もここに入ります）" if unreadable else ""
        problems.error(Location(display_path(folder)), f"ブックが届いていない区があります: {'、'.join(missing)}{unread} (missing workbooks)")
    problems.raise_if_errors()
    ordered = [submissions[name] for name in expected]
    results = sorted((r for s in ordered for r in s.results), key=_order(plan))
    implementation = sorted((r for s in ordered for r in s.implementation), key=_order(plan))
    results_csv, implementation_csv = _checked(plan, rules, citywide, results, implementation, problems)
    problems.raise_if_errors()
    target = data_dir / str(fiscal_year)
    files = {"results.csv": results_csv, "implementation.csv": implementation_csv}
    try:
        checked = {name: guard.file_digest(target / name) for name in files}
    except guard.NotRegularFile as exc:
        raise OutputError([Problem(Location(display_path(Path(str(exc.args[0])) if exc.args else target)),
            "ファイルではないもの（フォルダ・リンク・特殊ファイル）があるため書き込めません (not a regular file)")]) from None
    existing = [name for name, data in files.items() if checked[name] is not None and checked[name] != guard.digest(data)]
    if existing and not force:
        raise OutputError([*problems.warnings, *(Problem(Location(display_path(target / name)),
            "すでにあります。上書きしません。取り込んだ値で置き換えるときは --force を付けてください（変わる区・指標を表示します） (exists; use --force)")
            for name in existing)])
    if all(checked[name] == guard.digest(data) for name, data in files.items()):
        return Written([], problems)  # the same bytes: nothing to write
    changes = _changes(_year(data_dir, fiscal_year, plan, rules, citywide, Problems()), _after(plan, rules, citywide, files)) if existing else []
    written = _write(target, files, problems, force=force, checked=checked)
    return Written(written, problems, changes)


def _after(plan: Plan, rules: RuleSet, citywide: set[str], files: dict[str, bytes]) -> YearData:
    """The new CSVs as loaded (for the summary of changes)."""
    with tempfile.TemporaryDirectory(prefix="reportgen-import-") as scratch:
        for name, data in files.items():
            (Path(scratch) / name).write_bytes(data)
        ignored = Problems()
        results = load_results(Path(scratch) / "results.csv", plan, citywide, ignored, inside=Path(scratch))
        implementation = load_implementation(Path(scratch) / "implementation.csv", plan, rules.statuses, ignored, inside=Path(scratch))
    return YearData(0, results, implementation)


def _order(plan: Plan) -> Callable[[CsvRow], tuple[int, int]]:
    """Rows in the order of data/YEAR/*.csv: indicator by indicator, wards in official order (全市 last)."""
    indicators = {ident: n for n, ident in enumerate(plan.indicator_ids())}
    wards = {name: n for n, name in enumerate(plan.ward_names())}

    def key(row: CsvRow) -> tuple[int, int]:
        return indicators.get(row.cells["指標ID"], len(indicators)), wards.get(row.cells["区"], len(wards))

    return key


def _other_ward_in_name(submission: Submission, plan: Plan) -> str | None:
    """A note when the file's name names another ward than the one inside (the wrong ward's file sent)."""
    name = Path(submission.file).name
    named = [w for w in plan.ward_names() if w in name]
    named = [w for w in named if not any(w != other and w in other for other in named)]  # 淀川区 inside 東淀川区
    if named and submission.unit.name not in named:
        return (f"ファイル名は「{'・'.join(named)}」ですが、中身は{submission.unit.name}のブックです。"
                f"{submission.unit.name}の値として読みます。送り主が正しいか確かめてください (file name names another ward)")
    return None

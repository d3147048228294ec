"""``reportgen update``, ``check`` and ``pdf`` on an edited report.docx, through the folder lock, the guard and the journal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import guard, output
from reportgen.build import TEMPLATES, Edition, render_edition
from reportgen.document.marks import BASE, marks
from reportgen.errors import Location, OutputError, Problem, Problems, display_path
from reportgen.folderlock import folder_lock
from reportgen.guard import digest
from reportgen.living.check import Report
from reportgen.living.check import check as check_parts
from reportgen.living.merge import Merge, merge
from reportgen.living.package import Package

REPORT = "report.docx"
MAX_REPORT_BYTES = 200 * 1024 * 1024
CHARTS_MARKED = 2
"""The base version from which report.docx's charts carry marks (an older report's charts are left as they are)."""


@dataclass
class UpdateResult:
    """What ``update`` wrote and found."""

    merge: Merge
    problems: Problems
    report: str
    written: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    edition: Edition | None = None
    """The edition the data gives now (the console groups its reference values and carried-over sections)."""


def _read_report(folder: Path) -> bytes:
    path = folder / REPORT
    try:
        return guard.read_small(path, MAX_REPORT_BYTES)
    except FileNotFoundError:
        raise OutputError([Problem(Location(display_path(path)),
            "報告書がありません。先に reportgen build で作成してください (no report.docx; run reportgen build first)")]) from None
    except (OSError, ValueError, guard.NotRegularFile) as exc:
        raise OutputError([Problem(Location(display_path(path)), f"報告書を読めません: {exc} (cannot read)")]) from None


def _read_base(folder: Path) -> tuple[dict[str, dict[str, object]], int]:
    """The text of every generated part as last written (``.reportgen-base.json``), and the base's version."""
    path = folder / BASE
    try:
        raw = json.loads(guard.read_small(path, guard.MANIFEST_LIMIT).decode("utf-8"))
        parts = raw["parts"]
        version = raw.get("version", 1)
        if not isinstance(version, int):
            raise ValueError("no version")
        if not isinstance(parts, list) or not all(isinstance(p, dict) and isinstance(p.get("id"), str) for p in parts):
            raise ValueError("no parts")
    except FileNotFoundError:
        raise OutputError([Problem(Location(display_path(path)),
            "前回作成した文の記録がありません（この版の reportgen より前に作成した報告書です）。"
            "reportgen build --beside で作成し直した報告書に、編集を移してください (no update base)")]) from None
    except (OSError, ValueError, KeyError, TypeError, RecursionError, guard.NotRegularFile):
        raise OutputError([Problem(Location(display_path(path)),
            "前回作成した文の記録が壊れています。reportgen build --beside で作成し直してください (the update base is damaged)")]) from None
    return {str(p["id"]): p for p in parts}, version


def update(data_dir: Path, output_dir: Path, fiscal_year: int, templates: Path = TEMPLATES, *,
           pdf: bool = False, soffice: str | None = None) -> UpdateResult:
    """Merge the current data into the edited ``output_dir/YEAR/report.docx`` and rebuild the other outputs."""
    files, problems, edition = render_edition(data_dir, fiscal_year, templates)
    document = edition.document
    folder = output_dir / str(fiscal_year)
    shown = display_path(folder / REPORT)
    if not folder.is_dir():
        _read_report(folder)  # names the missing report
    with folder_lock(folder):
        problems.extend(output.recover(folder))
        edited = _read_report(folder)
        checked = digest(edited)
        base, version = _read_base(folder)
        result = merge(Package(edited, shown), Package(files[REPORT], "report.docx"), base, list(marks(document)), output.clock(),
                       charts_marked=version >= CHARTS_MARKED)
        files[REPORT] = result.data if result.data is not None else edited
        if pdf:
            from reportgen.render.pdf import docx_to_pdf  # only when asked: it needs LibreOffice

            files["report.pdf"] = docx_to_pdf(files[REPORT], soffice, document.date.moment)
        plan = guard.check(folder, files, merged={REPORT})
        if plan.current.get(REPORT) != checked:  # saved by an editor while the merge ran
            raise OutputError([Problem(Location(shown),
                "更新中に報告書が保存されました。上書きしていません。もう一度 reportgen update を実行してください (saved during the update)")])
        problems.extend(plan.warnings)
        published = output.publish(folder, plan)
    problems.extend(guard.stale_warnings(folder, plan.stale))
    for place, sentence in result.conflicts:
        if place in result.pictures:
            problems.warning(Location(shown, None, place),
                "差し替えられた図のデータが変わりました。差し替えた図を残し、新しい図の内容（代替テキスト）を Word のコメントに入れました"
                " (a chart the editors replaced and its data changed: kept, the new chart in words is in a comment)")
            continue
        problems.warning(Location(shown, None, place),
            f"編集された文のデータが変わりました。編集された文を残し、新しい文を Word のコメントに入れました: 「{sentence}」"
            " (edited and the data changed: kept, the new text is in a comment)")
    return UpdateResult(result, problems, shown, published.written, published.backups, edition)


def check(data_dir: Path, output_dir: Path, fiscal_year: int, templates: Path = TEMPLATES) -> tuple[Report, Problems]:
    """Compare the figures and generated statements of the edited report.docx with the current data."""
    files, problems, edition = render_edition(data_dir, fiscal_year, templates)
    document = edition.document
    folder = output_dir / str(fiscal_year)
    try:
        base: dict[str, dict[str, object]] = _read_base(folder)[0]
    except OutputError:
        base = {}  # without the base a chart dragged out of its paragraph is not found; the rest is checked
    report = check_parts(Package(_read_report(folder), display_path(folder / REPORT)), list(marks(document)),
                         Package(files[REPORT], REPORT), base)
    return report, problems


def pdf(output_dir: Path, fiscal_year: int, soffice: str | None = None) -> list[Path]:
    """report.pdf from the edited report.docx, written through the lock and the journal."""
    from reportgen.render.pdf import docx_to_pdf

    folder = output_dir / str(fiscal_year)
    report = _read_report(folder)
    # dated as the edition (the report's created date, which Word keeps): the same report, the same PDF bytes
    data = docx_to_pdf(report, soffice, Package(report, display_path(folder / REPORT)).created())
    with folder_lock(folder):
        output.recover(folder)
        plan = guard.check(folder, {"report.pdf": data}, partial=True)
        return output.publish(folder, plan).written

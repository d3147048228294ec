"""reportgen import: the returned workbooks into the year's CSVs; every mistake a ward makes named at its file, sheet and cell."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DATA
from intake_helpers import data_without_year, fill
from openpyxl import load_workbook

from reportgen.cli import main
from reportgen.errors import InputError, OutputError, Problems, Severity
from reportgen.intake import layout
from reportgen.intake.commands import import_workbooks, intake
from reportgen.load.plan import load_plan
from reportgen.load.year import load_year

STATUSES = ("すべて実施", "一部実施", "実施せず", "別途取組", "取組なし")
NORTH = "2016_北区_成果指標.xlsx"


@pytest.fixture(scope="module")
def blank_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """FY2016's workbooks pre-filled from data/2016, written once for the module."""
    folder = tmp_path_factory.mktemp("round") / "out"
    intake(DATA, 2016, folder)
    return folder


@pytest.fixture
def setup(tmp_path: Path, blank_round: Path) -> tuple[Path, Path]:
    """(data folder without FY2016's CSVs, a folder of FY2016 workbooks as the wards returned them)."""
    data = data_without_year(tmp_path)
    returned = tmp_path / "returned"
    shutil.copytree(blank_round, returned, ignore=shutil.ignore_patterns(".*"))
    return data, returned


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _errors(caught: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [str(p) for p in caught.value.problems if p.severity is Severity.ERROR]


def _fails(data: Path, returned: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        import_workbooks(data, 2016, returned)
    assert not (data / "2016" / "results.csv").exists() and not (data / "2016" / "implementation.csv").exists()  # nothing written
    return _errors(caught)


def test_round_trip_gives_the_original_csvs(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    done = import_workbooks(data, 2016, returned)
    assert not done.problems.errors
    for name in ("results.csv", "implementation.csv"):
        assert _rows(data / "2016" / name) == _rows(DATA / "2016" / name), name  # the same text, row for row (43.0 stays 43.0)
    problems = Problems()
    plan = load_plan(DATA, problems)
    assert plan is not None
    original = load_year(DATA, 2016, plan, {"1.3.a"}, STATUSES, problems)
    imported = load_year(data, 2016, plan, {"1.3.a"}, STATUSES, problems)
    assert not problems.errors
    assert imported.results == original.results and imported.implementation == original.implementation


def test_existing_csvs_are_kept_without_force_and_the_changes_listed_with_it(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    import_workbooks(data, 2016, returned)
    again = import_workbooks(data, 2016, returned)
    assert again.written == []  # the same bytes: nothing rewritten
    fill(returned / NORTH, {"E8": 45.2, "H9": "一部実施"})
    before = (data / "2016" / "results.csv").read_bytes()
    with pytest.raises(OutputError) as caught:
        import_workbooks(data, 2016, returned)
    assert "--force" in str(caught.value) and "results.csv" in str(caught.value)
    assert (data / "2016" / "results.csv").read_bytes() == before
    done = import_workbooks(data, 2016, returned, force=True)
    assert done.changes == ["北区 1.1.a: 実績値 43.0 → 45.2", "北区 1.2.a: 取組状況 すべて実施 → 一部実施"]
    assert ["北区", "1.1.a", "45.2", "868", "はい"] in _rows(data / "2016" / "results.csv")


def test_full_width_digits_are_read_as_half_width_with_a_warning_at_the_cell(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    fill(returned / NORTH, {"E8": "４５．２", "F8": "１，２０２"})
    done = import_workbooks(data, 2016, returned)
    warnings = [str(p) for p in done.problems.warnings]
    assert any(f"{NORTH} シート『入力』 E8: 全角の文字を半角として読みました" in w and "45.2" in w for w in warnings), warnings
    assert any("シート『入力』 F8" in w for w in warnings)
    assert ["北区", "1.1.a", "45.2", "1202", "はい"] in _rows(data / "2016" / "results.csv")


@pytest.mark.parametrize(("cells", "where", "words"), [
    ({"E8": "abc"}, "E8", "数値ではありません"),
    ({"E8": 120}, "E8", "100を超えています"),
    ({"E8": -1}, "E8", "負の値"),
    ({"F8": None}, "F8", "回答者数が必要です"),
    ({"F8": 12.5}, "F8", "整数ではありません"),
    ({"G8": "たぶん"}, "G8", "「はい」か「いいえ」"),
    ({"G8": None}, "G8", "「はい」か「いいえ」を入力してください"),
    ({"H8": "実施した"}, "H8", "取組状況は"),
    ({"E12": 1.5}, "E12", "件数は整数です"),
    ({"E8": "=40+3"}, "E8", "数式"),
    ({"E8": True}, "E8", "数値ではありません"),
])
def test_a_wrong_value_is_named_at_its_cell(setup: tuple[Path, Path], cells: dict[str, object], where: str, words: str) -> None:
    data, returned = setup
    fill(returned / NORTH, cells)
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 {where}: " in e and words in e for e in errors), errors
    assert len(errors) == 1, errors  # one mistake, one message (a formula is not also an empty cell)


def test_a_date_in_a_number_cell_is_named(setup: tuple[Path, Path]) -> None:
    import datetime as dt

    data, returned = setup
    fill(returned / NORTH, {"E8": dt.datetime(2017, 4, 1)})
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 E8: 日付" in e for e in errors), errors


def test_every_problem_of_every_workbook_is_listed(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    fill(returned / NORTH, {"E8": "abc", "G9": None})
    fill(returned / "2016_西成区_成果指標.xlsx", {"H24": "?"})
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 E8" in e for e in errors)
    assert any(f"{NORTH} シート『入力』 G9" in e for e in errors)
    assert any("2016_西成区_成果指標.xlsx シート『入力』 H24" in e for e in errors)


def test_a_value_typed_into_a_locked_cell_is_named(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    fill(returned / NORTH, {"B8": "書き換えた指標", "C9": 99, "F12": 10, "B2": "都島区"})
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 B8: 変更できないセル" in e and "書き換えた指標" in e for e in errors), errors
    assert any(f"{NORTH} シート『入力』 C9: 変更できないセル" in e for e in errors), errors
    assert any(f"{NORTH} シート『入力』 F12: この行では入力しないセル" in e for e in errors), errors  # 1.3.b is a count: no respondents
    assert any(f"{NORTH} シート『入力』 B2: 変更できないセル" in e for e in errors), errors


def _edit(path: Path, action: str) -> None:
    wb = load_workbook(path)
    ws = wb[layout.FORM]
    if action == "delete":
        ws.delete_rows(9)
    elif action == "insert":
        ws.insert_rows(9)
    else:
        ws["A40"] = "1.9.z"
    wb.save(path)


@pytest.mark.parametrize(("action", "where", "words"), [
    ("delete", "A9", "指標 1.2.a の行が削除されています"),
    ("insert", "A9", "指標 1.2.a の行のはずが"),
    ("below", "A25", "表の下に行があります"),
])
def test_a_row_deleted_or_inserted_is_named(setup: tuple[Path, Path], action: str, where: str, words: str) -> None:
    data, returned = setup
    if action == "below":
        wb = load_workbook(returned / NORTH)
        wb[layout.FORM]["A25"] = "メモ"
        wb.save(returned / NORTH)
    else:
        _edit(returned / NORTH, action)
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 {where}: " in e and words in e for e in errors), errors


def test_the_wrong_wards_file_is_the_same_ward_twice_and_one_missing(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    (returned / "2016_都島区_成果指標.xlsx").unlink()
    shutil.copy(returned / NORTH, returned / "都島区.xlsx")  # 北区's workbook filled in and sent as 都島区's
    with pytest.raises(InputError) as caught:
        import_workbooks(data, 2016, returned)
    text = [str(p) for p in caught.value.problems]
    assert any("都島区.xlsx: 北区のブックが2つあります" in t and NORTH in t for t in text), text
    assert any("ブックが届いていない区があります: 都島区" in t for t in text), text
    assert any("都島区.xlsx: ファイル名は「都島区」ですが、中身は北区のブック" in t for t in text), text


def test_a_missing_ward_is_named(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    (returned / "2016_全市_成果指標.xlsx").unlink()
    (returned / "2016_平野区_成果指標.xlsx").unlink()
    errors = _fails(data, returned)
    assert any("ブックが届いていない区があります: 平野区、全市" in e for e in errors), errors


def test_any_file_name_is_read_from_inside(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    (returned / NORTH).rename(returned / "返信 Re 提出します.xlsx")
    done = import_workbooks(data, 2016, returned)
    assert not done.problems.errors and not done.problems.warnings


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes on Linux only")
def test_a_cp932_file_name_is_shown_readably_and_does_not_crash(setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    data, returned = setup
    fill(returned / NORTH, {"E8": "abc"})
    raw = os.fsencode(returned) + b"/" + "北区.xlsx".encode("cp932")
    os.rename(returned / NORTH, raw)
    code = main(["import", "--fiscal-year", "2016", "--data", str(data), str(returned)])
    err = capsys.readouterr().err
    assert code == 1
    assert "北区.xlsx シート『入力』 E8: 数値ではありません" in err, err
    assert "ファイル名が UTF-8 ではありません" in err


def test_a_workbook_of_another_year_is_named(setup: tuple[Path, Path], tmp_path: Path) -> None:
    data, returned = setup
    intake(DATA, 2015, tmp_path / "old")
    (returned / NORTH).unlink()
    shutil.copy(tmp_path / "old" / "2015_北区_成果指標.xlsx", returned / "北区.xlsx")
    errors = _fails(data, returned)
    assert any("北区.xlsx シート『入力』 B4: 平成27年度（2015年度）のブックです" in e for e in errors), errors


def test_a_workbook_of_an_older_intake_is_named(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    plan = (data / "plan.yaml").read_text(encoding="utf-8")
    (data / "plan.yaml").write_text(plan.replace("wording: 身近な地域", "wording: 改定後の身近な地域", 1), encoding="utf-8")
    assert (data / "plan.yaml").read_text(encoding="utf-8") != plan
    errors = _fails(data, returned)
    assert sum("以前の intake で作ったブックです" in e for e in errors) == 25, errors


def test_a_workbook_not_made_by_intake_is_named(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    wb = load_workbook(returned / NORTH)
    wb.security = None
    del wb[layout.CONTROL]
    wb.save(returned / NORTH)
    errors = _fails(data, returned)
    assert any(f"{NORTH}: reportgen intake で作った提出用のブックではありません" in e for e in errors), errors


def _zip(entries: dict[str, bytes], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("content", "words"), [
    (b"this is not a workbook", "Office のファイル（zip 形式）として読めません"),
    (b"", "空のファイル"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "パスワードで保護"),
    (_zip({"xl/big.xml": b"0" * 5_000_000}), "zip 爆弾"),
])
def test_bytes_that_are_no_workbook_are_named(setup: tuple[Path, Path], content: bytes, words: str) -> None:
    data, returned = setup
    (returned / NORTH).write_bytes(content)
    errors = _fails(data, returned)
    assert any(e.startswith("エラー: ") and f"{NORTH}: " in e and words in e for e in errors), errors


def test_a_word_document_under_an_xlsx_name_is_named(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    shutil.copy(DATA.parent / "templates" / "report.docx", returned / NORTH)
    errors = _fails(data, returned)
    assert any(NORTH in e and "Word の文書" in e for e in errors), errors


def test_a_workbook_saved_as_xls_or_csv_is_named_and_lock_files_are_warned(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    (returned / NORTH).rename(returned / "2016_北区_成果指標.xls")
    (returned / "~$2016_西区_成果指標.xlsx").write_bytes(b"lock")
    (returned / "メモ.txt").write_text("note", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_workbooks(data, 2016, returned)
    text = [str(p) for p in caught.value.problems]
    assert any("2016_北区_成果指標.xls: Excel のブック（.xlsx）ではありません" in t for t in text), text
    assert any(t.startswith("警告:") and "~$2016_西区" in t and "開いている" in t for t in text), text
    assert not any("メモ.txt" in t for t in text)


def test_an_empty_or_absent_folder_is_named(tmp_path: Path) -> None:
    data = data_without_year(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.xlsx").write_bytes(b"")
    for folder, words in ((tmp_path / "empty", "ブック（.xlsx）がありません"), (tmp_path / "absent", "フォルダがありません"),
                          (tmp_path / "file.xlsx", "フォルダではありません")):
        with pytest.raises(InputError) as caught:
            import_workbooks(data, 2016, folder)
        assert words in str(caught.value)


def test_cli_exit_codes_and_summary(setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    data, returned = setup
    argv = ["import", "--fiscal-year", "2016", "--data", str(data), str(returned)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.count("作成しました:") == 2
    fill(returned / NORTH, {"E8": 44})
    assert main(argv) == 3  # existing CSVs kept: an output refusal, as build's
    assert "--force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0
    assert "変更: 北区 1.1.a: 実績値 43.0 → 44.0" in capsys.readouterr().out  # the cell shows one place: 44.0
    fill(returned / NORTH, {"E8": "x"})
    assert main([*argv, "--force"]) == 1
    assert "何も書き出しませんでした" in capsys.readouterr().err


def test_a_workbook_too_large_when_expanded_is_refused_before_openpyxl_opens_it(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    with zipfile.ZipFile(returned / NORTH, "a", zipfile.ZIP_DEFLATED) as archive:  # 40 MB expanded, 40 KB on disk
        archive.writestr("xl/padding.xml", b"0" * 40_000_000)
    errors = _fails(data, returned)
    assert any(f"{NORTH}: 展開後の大きさが提出用のブックとしては大きすぎます" in e for e in errors), errors


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_workbook_saved_by_libreoffice_calc_imports_the_same(setup: tuple[Path, Path], tmp_path: Path) -> None:
    import subprocess

    data, returned = setup
    fill(returned / NORTH, {"E8": 47.5})
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "saved"), str(returned / NORTH)],
                   check=True, capture_output=True, timeout=180)
    shutil.copy(tmp_path / "saved" / NORTH, returned / NORTH)
    done = import_workbooks(data, 2016, returned)
    assert not done.problems.errors
    assert ["北区", "1.1.a", "47.5", "868", "はい"] in _rows(data / "2016" / "results.csv")
    assert _rows(data / "2016" / "implementation.csv") == _rows(DATA / "2016" / "implementation.csv")


def test_csvs_written_by_another_import_meanwhile_are_not_overwritten(setup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    from reportgen.intake import commands

    data, returned = setup
    real_lock = commands.folder_lock
    theirs = b"\xef\xbb\xbf\xe5\x8c\xba,x\n"

    @contextlib.contextmanager
    def late(folder: Path):  # type: ignore[no-untyped-def]
        (folder / "results.csv").write_bytes(theirs)  # another import finished between the check and the lock
        with real_lock(folder):
            yield

    monkeypatch.setattr(commands, "folder_lock", late)
    with pytest.raises(OutputError) as caught:
        import_workbooks(data, 2016, returned)
    assert "変更されました" in str(caught.value)
    assert (data / "2016" / "results.csv").read_bytes() == theirs
    assert not (data / "2016" / "implementation.csv").exists()  # both or neither


def test_a_folder_where_a_csv_belongs_is_named(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    (data / "2016" / "results.csv").mkdir()
    with pytest.raises(OutputError) as caught:
        import_workbooks(data, 2016, returned)
    assert "results.csv" in str(caught.value) and "ファイルではないもの" in str(caught.value)


def test_a_line_break_typed_into_a_list_cell_is_named_at_the_cell(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    fill(returned / NORTH, {"H10": "すべて実施\n（予定どおり）"})
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 H10: " in e and "改行" in e for e in errors), errors


def test_a_value_pasted_from_a_calculation_is_read_as_excel_shows_it(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    assert repr(6.27 * 10) == "62.699999999999996"
    fill(returned / NORTH, {"E8": 6.27 * 10, "F8": 868.0})
    import_workbooks(data, 2016, returned)
    assert ["北区", "1.1.a", "62.7", "868", "はい"] in _rows(data / "2016" / "results.csv")


def test_a_percentage_typed_with_its_sign_is_named(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    wb = load_workbook(returned / NORTH)
    ws = wb[layout.FORM]
    ws["E8"] = 0.452  # Excel's reading of 「45.2%」, in a percent format
    ws["E8"].number_format = "0.0%"
    wb.save(returned / NORTH)
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 E8: ％の書式の値です" in e and "45.2％" in e for e in errors), errors


def _patched(path: Path, part: str, change: object) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    parts[part] = change(parts[part])  # type: ignore[operator]
    path.write_bytes(_zip(parts, level=6))


@pytest.mark.parametrize(("part", "change", "words"), [
    ("xl/worksheets/sheet2.xml",
     lambda xml: b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + xml, "DOCTYPE"),
    ("[Content_Types].xml",
     lambda xml: xml.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"), "Excel のブック（.xlsx）ではありません"),
    ("[Content_Types].xml",
     lambda xml: xml.replace(b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml"), "Excel のブック（.xlsx）ではありません"),
    ("xl/worksheets/sheet2.xml", lambda xml: xml[: len(xml) // 2], "XML として正しくありません"),
])
def test_a_crafted_workbook_is_refused_before_openpyxl_reads_it(setup: tuple[Path, Path], part: str, change: object, words: str) -> None:
    data, returned = setup
    _patched(returned / NORTH, part, change)
    errors = _fails(data, returned)
    assert any(NORTH in e and words in e for e in errors), errors


@pytest.mark.parametrize("cells", [{"B3": "架空区"}, {"B4": "99999"}])
def test_a_workbook_of_a_ward_not_in_wards_csv_is_named(setup: tuple[Path, Path], cells: dict[str, object]) -> None:
    data, returned = setup
    fill(returned / NORTH, cells, sheet=layout.CONTROL)
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 B2: wards.csv にない区のブックです" in e for e in errors), errors


def test_an_error_value_in_an_input_cell_is_named(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    fill(returned / NORTH, {"E8": "#N/A"})
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 E8: エラー値 '#N/A'" in e for e in errors), errors


def test_something_that_is_no_file_or_too_large_is_named_with_its_name(setup: tuple[Path, Path]) -> None:
    data, returned = setup
    (returned / "folder.xlsx").mkdir()
    (returned / NORTH).write_bytes(os.urandom(16 * 1024 * 1024 + 1024))
    errors = _fails(data, returned)
    assert any("folder.xlsx: ふつうのファイルではありません" in e for e in errors), errors
    assert any(f"{NORTH}: ファイルが大きすぎます" in e for e in errors), errors


@pytest.mark.parametrize(("cells", "where"), [({"A1": "版"}, "A1"), ({f"A{layout.CONTROL_TABLE_ROW}": "not a cell"}, "A1")])
def test_a_damaged_control_sheet_is_named(setup: tuple[Path, Path], cells: dict[str, object], where: str) -> None:
    data, returned = setup
    fill(returned / NORTH, cells, sheet=layout.CONTROL)
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『管理』 {where}: 提出用のブックの管理情報が壊れています" in e for e in errors), errors


@pytest.mark.parametrize("number", [b"1e999", b"-1e999"])
def test_a_float_that_is_no_number_is_named(setup: tuple[Path, Path], number: bytes) -> None:
    import re

    data, returned = setup  # openpyxl writes no infinity: the stored value is patched in, as a crafted file would hold it
    _patched(returned / NORTH, "xl/worksheets/sheet2.xml", lambda xml: re.sub(rb'(<c r="E8"[^>]*><v>)[^<]*', rb"\g<1>" + number, xml))
    errors = _fails(data, returned)
    assert any(f"{NORTH} シート『入力』 E8: 数値ではありません" in e for e in errors), errors


def test_a_formula_saved_by_excel_with_its_value_is_still_a_formula(setup: tuple[Path, Path]) -> None:
    import re

    data, returned = setup  # Excel stores the formula and its last value: the value is never taken for typed input
    _patched(returned / NORTH, "xl/worksheets/sheet2.xml",
             lambda xml: re.sub(rb'(<c r="E8"[^>]*>)<v>[^<]*</v>', rb"\g<1><f>SUM([1]Sheet1!A1,43)</f><v>43</v>", xml))
    errors = _fails(data, returned)
    assert errors == [e for e in errors if f"{NORTH} シート『入力』 E8: 数式が入っています" in e] and errors, errors


def test_a_data_option_that_is_no_data_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "returned").mkdir()
    for command in (lambda: import_workbooks(tmp_path, 2016, tmp_path / "returned"), lambda: intake(tmp_path, 2016, tmp_path / "out")):
        with pytest.raises(InputError) as caught:
            command()
        assert "データのフォルダ（plan.yaml があるフォルダ）ではありません" in str(caught.value)
    assert not (tmp_path / "out").exists()

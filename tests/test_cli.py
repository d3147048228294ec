"""The command line as people use it: --version, Japanese argparse messages with hints, one line per
repeated problem, a --data that names the wrong folder, and where the shipped templates are found."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from hypothesis import given
from hypothesis import strategies as st

from reportgen import __version__
from reportgen import build as building
from reportgen.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from reportgen.errors import Location, Problem, Severity, display_lines


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == EXIT_OK and out.strip() == f"reportgen {__version__}"


@pytest.mark.parametrize(("given_year", "western"), [("H29", 2017), ("平成29", 2017), ("平成29年度", 2017), ("令和元", 2019), ("R2", 2020), ("h28", 2016)])
def test_an_era_year_is_answered_with_its_western_year(capsys: pytest.CaptureFixture[str], given_year: str, western: int) -> None:
    code, _, err = run(capsys, "build", "--fiscal-year", given_year)
    assert code == EXIT_USAGE
    assert f"--fiscal-year {western}" in err and "西暦" in err and "invalid" not in err


def test_a_year_in_full_width_digits_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--fiscal-year", "２０１６", "--data", str(DATA))
    assert code == EXIT_OK and "2016年度" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["biuld", "--fiscal-year", "2016"], ["というコマンドはありません", "もしかして build"]),
    (["build", "--fiscal-year", "2016", "--forse"], ["知らない指定があります: --forse", "もしかして --force"]),
    (["build", "--fiscal_year", "2016"], ["次の指定が必要です: --fiscal-year", "もしかして --fiscal-year"]),
    (["build", "--fiscal-year"], ["値を1つ続けて指定してください"]),
    (["build", "--fiscal-year", "2016", "--force", "--beside"], ["--force と同時には使えません"]),
    (["build", "--fiscal-year", "abc"], ["年度は西暦4桁で指定してください"]),
])
def test_argparse_speaks_japanese_with_hints(capsys: pytest.CaptureFixture[str], argv: list[str], expected: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == EXIT_USAGE
    assert err.count("エラー:") == 1
    for phrase in expected:
        assert phrase in err
    assert "使い方:" in err and "usage:" not in err


@pytest.mark.parametrize("where", ["year", "project"])
def test_a_data_option_naming_the_wrong_folder_is_explained_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    project = tmp_path / "city"
    shutil.copytree(DATA, project / "data")
    wrong = project / "data" / "2016" if where == "year" else project
    code, _, err = run(capsys, "build", "--fiscal-year", "2016", "--data", str(wrong), "--output", str(tmp_path / "out"))
    assert code == EXIT_INPUT
    lines = [line for line in err.splitlines() if line.startswith("エラー:")]
    assert len(lines) == 1 and f"--data {project / 'data'}" in lines[0]
    assert not (tmp_path / "out").exists()


def test_one_message_on_many_rows_is_shown_once_with_its_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    results = data / "2016" / "results.csv"
    lines = results.read_text(encoding="utf-8-sig").splitlines()
    for n in range(1, 25):  # the respondents of every ward of the first survey indicator
        cells = lines[n].split(",")
        cells[3] = ""
        lines[n] = ",".join(cells)
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", "--fiscal-year", "2016", "--data", str(data))
    assert code == EXIT_INPUT
    errors = [line for line in err.splitlines() if line.startswith("エラー:")]
    assert len(errors) == 1
    assert "2〜25行目（24か所）「回答者数」列" in errors[0]


rows = st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=30)


@given(rows, rows)
def test_grouping_keeps_every_row_and_separates_different_messages(first: list[int], second: list[int]) -> None:
    problems = [Problem(Location("r.csv", row, "区"), "同じ問題") for row in first]
    problems += [Problem(Location("r.csv", row, "区"), "別の問題", Severity.WARNING) for row in second]
    lines = display_lines(problems)
    assert len(lines) == 2
    for line, group in zip(lines, (first, second), strict=True):
        shown: set[int] = set()
        spans = re.search(r" ([0-9〜、]+)行目", line)
        assert spans is not None
        for part in spans.group(1).split("、"):
            low, _, high = part.partition("〜")
            shown.update(range(int(low), int(high or low) + 1))
        assert shown == set(group)
        if len(group) > 1:
            assert f"（{len(group)}か所）" in line


def test_a_problem_without_a_row_is_never_merged() -> None:
    problems = [Problem(Location("plan.yaml"), "同じ"), Problem(Location("plan.yaml"), "同じ")]
    assert display_lines(problems) == [str(problems[0]), str(problems[1])]


def test_the_checkout_finds_its_own_templates() -> None:
    assert building.TEMPLATES == ROOT / "templates"


def test_an_installed_wheel_finds_the_packaged_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "reportgen"
    shutil.copytree(ROOT / "templates", package / "templates")
    from reportgen.narrative import loader

    monkeypatch.setattr(loader.importlib.resources, "files", lambda name: package)
    assert building.default_templates() == package / "templates"
    assert loader.shipped_sentences() == package / "templates" / "sentences"  # the wording sets' fallback: the same lookup


def test_misspelt_ward_indicator_and_header_get_the_name_they_were_meant_to_be(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    results = data / "2016" / "results.csv"
    lines = results.read_text(encoding="utf-8-sig").splitlines()
    ward, ident = lines[1].split(",")[:2]
    lines[1] = lines[1].replace(ward, ward[0] + "ク", 1)
    lines[2] = lines[2].replace(ident, ident[:-1] + "x", 1)
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    implementation = data / "2016" / "implementation.csv"
    text = implementation.read_text(encoding="utf-8-sig")
    implementation.write_text(text.replace("取組状況", "取組状態", 1), encoding="utf-8")
    code, _, err = run(capsys, "validate", "--fiscal-year", "2016", "--data", str(data))
    assert code == EXIT_INPUT
    assert f"2行目「区」列: wards.csv にない区名です: '{ward[0]}ク'。「{ward}」の書き間違いではありませんか" in err
    assert f"3行目「指標ID」列: plan.yaml にない指標IDです: '{ident[:-1]}x'。「{ident}」の書き間違いではありませんか" in err
    assert "1行目「取組状態」列: 想定していない列です。「取組状況」の書き間違いではありませんか。" in err


def test_a_name_like_nothing_known_gets_no_guess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    results = data / "2016" / "results.csv"
    lines = results.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "ＸＹＺ" + lines[1][lines[1].index(","):]
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, err = run(capsys, "validate", "--fiscal-year", "2016", "--data", str(data))
    assert "wards.csv にない区名です: 'ＸＹＺ' (unknown ward)" in err and "書き間違い" not in err


# -- LibreOffice where its installers put it ---------------------------------------------------

def _program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_libreoffice_is_found_in_program_files_on_windows(tmp_path: Path) -> None:
    from reportgen.render.pdf import find_office

    soffice = _program(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    env = {"PATH": str(tmp_path / "empty"), "ProgramFiles": str(tmp_path / "Program Files")}
    assert find_office(env, "win32") == str(soffice)
    assert find_office({"PATH": str(tmp_path / "empty")}, "win32") is None


def test_libreoffice_is_found_in_applications_on_macos(tmp_path: Path) -> None:
    from reportgen.render.pdf import find_office

    soffice = _program(tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert find_office({"PATH": str(tmp_path / "empty"), "HOME": str(tmp_path)}, "darwin") == str(soffice)


def test_the_setting_comes_first_and_a_wrong_one_is_an_error(tmp_path: Path) -> None:
    from reportgen.errors import OutputError
    from reportgen.render.pdf import find_office

    chosen = _program(tmp_path / "mine" / "soffice")
    _program(tmp_path / "bin" / "soffice")
    assert find_office({"PATH": str(tmp_path / "bin"), "REPORTGEN_SOFFICE": str(chosen)}, "linux") == str(chosen)
    with pytest.raises(OutputError) as error:
        find_office({"PATH": str(tmp_path / "bin"), "REPORTGEN_SOFFICE": str(tmp_path / "nowhere")}, "linux")
    assert "--soffice" in str(error.value) and "nowhere" in str(error.value)


def test_soffice_option_reaches_the_converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REPORTGEN_SOFFICE", "")  # unset for this test
    code, _, err = run(capsys, "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path / "out"),
                       "--pdf", "--soffice", str(tmp_path / "no-such-soffice"))
    assert code == 3 and "no-such-soffice" in err and "--soffice" in err
    assert not (tmp_path / "out").exists()
    import os

    assert os.environ["REPORTGEN_SOFFICE"] == ""  # the option is passed on, not left in the environment

"""The build's console: one line per file, reference values summarised, a closing summary; years in the text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from scenario import RandomPlan, random_plans

from reportgen.build import compose_edition
from reportgen.cli import EXIT_INPUT, EXIT_OK, main
from reportgen.errors import Problems, display_path
from reportgen.jp.era import fiscal_year_label
from reportgen.load.plan import load_plan
from reportgen.load.review import stray_years


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _reference_rows(folder: Path, year: int) -> dict[str, list[str]]:
    """Indicator → wards that are reference values, read back from the published ward_results.csv."""
    out: dict[str, list[str]] = {}
    with (folder / "csv" / "ward_results.csv").open(encoding="utf-8-sig") as stream:
        for row in csv.DictReader(stream):
            if row["年度"] == str(year) and row["参考数値"] == "1":
                out.setdefault(row["指標ID"], []).append(row["区"])
    return out


def _few_respondents(root: Path, year: int) -> set[tuple[str, str]]:
    """(indicator, ward) whose respondents are below the indicator's minimum, from the data folder's results.csv."""
    data = root / "data" if (root / "data" / "plan.yaml").is_file() else DATA
    problems = Problems()
    plan = load_plan(data, problems)
    assert plan is not None
    minimum = {i.id: i.min_respondents for i in plan.indicators()}  # the plan's, or the indicator's own (null: none)
    out = set()
    for row in csv.DictReader((data / str(year) / "results.csv").open(encoding="utf-8-sig")):
        need = minimum.get(row["指標ID"])
        if row["回答者数"] and need is not None and int(row["回答者数"]) < need:
            out.add((row["指標ID"], row["区"]))
    return out


def _check_console(out: str, err: str, folder: Path, year: int, verbose: bool) -> None:
    written = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    made = [line for line in out.splitlines() if line.startswith("作成しました: ")]
    assert len(made) == len(written) and {Path(line.split(": ", 1)[1]).resolve() for line in made} == {p.resolve() for p in written}
    references = _reference_rows(folder, year)
    lines = [line for line in out.splitlines() if line.startswith("参考数値: ")]
    assert [line.split()[1] for line in lines] == list(references)  # one line per indicator, in document order
    for line in lines:
        ident = line.split()[1]
        assert f" {len(references[ident])}区（" in line
        few = [w for w in references[ident] if (ident, w) in _few_respondents(folder.parent.parent, year)]
        assert (f"回答者数が必要数未満 {len(few)}区" in line) == bool(few)
        assert (f"定義どおりの測定でない {len(references[ident]) - len(few)}区" in line) == (len(few) < len(references[ident]))
    total = sum(len(w) for w in references.values())
    assert (f"参考数値は{len(references)}指標の計{total}件" in out) == bool(references)
    assert f"参考数値 {total}件" in out
    per_ward = [line for line in err.splitlines() + out.splitlines() if "参考数値として件数から除きます" in line]
    assert len(per_ward) == (total if verbose else 0)
    assert f"まとめ: {fiscal_year_label(year)}版（{year}年度）" in out
    table1 = list(csv.DictReader((folder / "csv" / "table1.csv").open(encoding="utf-8-sig")))
    table2 = list(csv.DictReader((folder / "csv" / "table2.csv").open(encoding="utf-8-sig")))
    [total] = [r for r in table2 if r["成果指標"].startswith("合計") and r["集計区分"] == "件数カウント対象"]
    wards = {r["区"] for r in csv.DictReader((folder / "csv" / "ward_results.csv").open(encoding="utf-8-sig"))}
    assert (f"  数値: 成果指標 {len(table1) - 1}・区 {len(wards)}・表2の件数カウント対象 {total['件数']}件・参考数値 {total}件"
            .replace(f"参考数値 {total}件", f"参考数値 {sum(len(w) for w in references.values())}件")) in out
    assert f"  出力: {display_path(folder)}/ に {len(written)}ファイル" in out
    warnings = [line for line in err.splitlines() if line.startswith("警告: ")]
    assert f"警告: {len(warnings)}件" in out or "引き継いで" in err  # carried-over sections are one line per file


@pytest.mark.parametrize("verbose", [False, True])
def test_fy2016_console(capsys: pytest.CaptureFixture[str], tmp_path: Path, verbose: bool) -> None:
    args = ["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path)] + (["--verbose"] if verbose else [])
    code, out, err = run(capsys, *args)
    assert code == EXIT_OK
    _check_console(out, err, tmp_path / "2016", 2016, verbose)
    assert "公表用の条件" in out and "警告: 0件" in out
    assert "警告:" not in err  # routine reference values are not warnings on the console


def test_strict_fails_writing_nothing_and_final_is_the_same(capsys: pytest.CaptureFixture[str], data_copy: Path, tmp_path: Path) -> None:
    summary = data_copy / "2016" / "text" / "summary.md"
    summary.write_text(summary.read_text(encoding="utf-8").replace("## 3 今後の取組について", "## 3 今後の取組について（旧）"), encoding="utf-8")
    for flag in ("--strict", "--final"):
        code, out, err = run(capsys, "build", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(tmp_path / flag), flag)
        assert code == EXIT_INPUT and not (tmp_path / flag).exists()
        assert "エラー:" in err and "3 今後の取組について" in err and "--strict" in err and "作成しました" not in out
    code, out, err = run(capsys, "build", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(tmp_path / "draft"))
    assert code == EXIT_OK and "編集者の文章がない見出し 1" in out and "公表用ではありません" in out


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan=random_plans(max_wards=8))
def test_console_on_random_plans(tmp_path_factory: pytest.TempPathFactory, plan: RandomPlan) -> None:
    """Any plan: the counts the console gives are those of the data the build published."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    root = tmp_path_factory.mktemp("console")
    data = plan.write(root)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["build", "--fiscal-year", str(plan.year), "--data", str(data), "--output", str(root / "out")])
    assert code == EXIT_OK
    _check_console(out.getvalue(), err.getvalue(), root / "out" / str(plan.year), plan.year, False)
    edition, _ = compose_edition(data, plan.year)
    assert f"編集者の文章がない見出し {len(edition.unfinished.placeholders)}" in out.getvalue()
    assert len(edition.unfinished.placeholders) > 0  # no text folder at all: every required heading is missing


@pytest.mark.parametrize(("line", "year", "found"), [
    ("・平成28年度は、この仕組みを拡充させるとともに", 2017, ["平成28年度"]),
    ("平成28年度には、２つの仕組みを統合し", 2017, ["平成28年度"]),
    ("平成２８年度のアンケート結果では", 2017, ["平成２８年度"]),
    ("2016年度の結果は", 2017, ["2016年度"]),
    ("ここでは、27年度及び28年度に新たに創出された件数", 2017, ["27年度及び28年度"]),
    ("平成27～28年度の2年間", 2017, ["平成27～28年度"]),
    ("28年度は、", 2017, ["28年度"]),
    ("令和5年度は、", 2024, ["令和5年度"]),
    # meant: the edition, the plan period, comparisons, events, history, plans ahead, relative words
    ("平成29年度は、", 2017, []),
    ("平成27～29年度の取組期間", 2017, []),
    ("平成27年度から平成29年度までの3年間", 2017, []),
    ("ここでは、27年度及び28年度に新たに創出された件数", 2016, []),
    ("平成28年度と比べて増加しました", 2017, []),
    ("平成28年度に比べ、平成28年度より、平成28年度からの増加", 2017, []),
    ("平成27年度に構築した", 2017, []),
    ("平成27年度中に２つの仕組みを構築し", 2017, []),
    ("平成27年度以降も", 2017, []),
    ("平成27年２月に策定し", 2017, []),
    ("平成29年1月に取りまとめました", 2018, []),
    ("平成24年度以降進めてきた", 2017, []),
    ("平成30年度以降は", 2017, []),
    ("前年度と比べ、昨年度は、今年度は", 2017, []),
    ("3年間で1,000件", 2017, []),
    ("令和元年度は、", 2019, []),
])
def test_stray_years(line: str, year: int, found: list[str]) -> None:
    start = 2015 if year < 2019 else 2019
    assert [line[m.start:m.end] for m in stray_years(line, year, (start, start + 4))] == found


def test_a_stray_year_is_named_with_file_line_and_heading(data_copy: Path) -> None:
    path = data_copy / "2016" / "text" / "overview.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "平成27年度は、試験の文です。")  # inside 「一部実施の理由」's paragraph (line 6)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edition, _ = compose_edition(data_copy, 2016)
    [problem] = edition.unfinished.years
    assert problem.location.row == 6 and problem.location.column == "一部実施の理由" and problem.location.file.endswith("2016/text/overview.md")
    assert "「平成27年度」" in problem.message and "平成28年度版" in problem.message


def test_stray_years_name_the_year_they_mean() -> None:
    mentions = stray_years("令和元年度は、2020年度は、２年度は、", 2021, (2019, 2023))
    assert [m.fiscal_year for m in mentions] == [2019, 2020, 2020]
    assert stray_years("平成100年度は、100年度は、", 2017, (2015, 2017)) == []


def test_the_message_fits_the_mention(data_copy: Path) -> None:
    path = data_copy / "2016" / "text" / "overview.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## 注\n\n平成27年度は、あ。平成26～27年度の2年間、い。\n", encoding="utf-8")
    edition, _ = compose_edition(data_copy, 2016)
    single, span = edition.unfinished.years
    assert "「平成27年度と比べ」" in single.message and "（「平成27年度は、あ。平成26…」）" in single.message
    assert "「平成26～27年度」" in span.message and "（「…27年度は、あ。平成26～27年度の2年間、い。」）" in span.message and "今年度までの期間に直してください" in span.message and "と比べ" not in span.message


def test_carried_sections_one_line_per_file(capsys: pytest.CaptureFixture[str], data_copy: Path, tmp_path: Path) -> None:
    import shutil

    from reportgen.yearly import init_year

    init_year(data_copy, 2017)
    for name in ("results.csv", "implementation.csv"):
        shutil.copy(data_copy / "2016" / name, data_copy / "2017" / name)
    problems = Problems()
    from reportgen.load.prose import load_prose

    prose = load_prose(data_copy / "2017" / "text", problems)
    code, out, err = run(capsys, "build", "--fiscal-year", "2017", "--data", str(data_copy), "--output", str(tmp_path))
    assert code == EXIT_OK
    lines = [line for line in err.splitlines() if "前年度から引き継いで" in line]
    marked = {f.file: f for f in prose.values() if f.carried}
    assert len(lines) == len(marked) and len(marked) > 1
    for line in lines:
        file = marked[line.split(": ")[1]]
        assert f"見出し {len(file.carried)}: " in line
        for name, (row, _) in file.carried.items():
            assert f"「{name}」（{row}行目）" in line
    assert f"引き継いで未確認の文章 {sum(len(f.carried) for f in marked.values())}" in out and "（取組期間の最終年度）" in out


def test_ward_lists_are_cut_after_six() -> None:
    from reportgen.console import _names

    wards = tuple(f"{c}区" for c in "あいうえおかき")
    assert _names(wards[:6]) == "、".join(wards[:6])
    assert _names(wards) == "、".join(wards[:6]) + " ほか1区"


def test_no_summary_without_an_edition() -> None:
    from reportgen.build import BuildResult
    from reportgen.console import closing_summary

    assert closing_summary(BuildResult([], Problems()), []) == []


@pytest.mark.parametrize("verbose", [False, True])
def test_validate_summarises_reference_values_as_build_does(capsys: pytest.CaptureFixture[str], tmp_path: Path, verbose: bool) -> None:
    """validate shows the same one line per indicator as build (per ward only with --verbose), and writes nothing."""
    code, built, _ = run(capsys, "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path), *(["--verbose"] if verbose else []))
    assert code == EXIT_OK
    code, out, err = run(capsys, "validate", "--fiscal-year", "2016", "--data", str(DATA), *(["--verbose"] if verbose else []))
    assert code == EXIT_OK and "誤りはありません" in out
    summary = [line for line in out.splitlines() if line.startswith("参考数値")]
    assert summary and summary == [line for line in built.splitlines() if line.startswith("参考数値")]
    total = sum(len(w) for w in _reference_rows(tmp_path / "2016", 2016).values())
    per_ward = [line for line in (out + err).splitlines() if "参考数値として件数から除きます" in line]
    assert len(per_ward) == (total if verbose else 0) and total > 0
    assert "警告:" not in err


def test_validate_still_shows_every_other_warning_at_its_place(capsys: pytest.CaptureFixture[str], data_copy: Path) -> None:
    """Grouping reference values must not swallow the other warnings (a carried-over section, here)."""
    summary = data_copy / "2016" / "text" / "summary.md"
    text = summary.read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    summary.write_text(text.replace(heading, f"{heading}\n<!-- 引き継ぎ 2015: 見直してからこの行を消す -->", 1), encoding="utf-8")
    code, out, err = run(capsys, "validate", "--fiscal-year", "2016", "--data", str(data_copy))
    assert code == EXIT_OK
    assert "まだ見直していない見出し 1" in err and heading.removeprefix("## ").strip() in err


def test_a_rebuild_lists_only_the_files_it_rewrote(capsys: pytest.CaptureFixture[str], data_copy: Path, tmp_path: Path) -> None:
    """Files made again with the same bytes are not "作成しました": the console names only what changed."""
    args = ("build", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(tmp_path))
    code, first, _ = run(capsys, *args)
    assert code == EXIT_OK
    outputs = sorted(p for p in (tmp_path / "2016").rglob("*") if p.is_file() and not p.name.startswith("."))
    assert first.count("作成しました: ") == len(outputs) and "書き換えていません" not in first
    code, again, _ = run(capsys, *args)
    assert code == EXIT_OK and "作成しました: " not in again
    assert f"前回と同じ内容のため書き換えていません: {len(outputs)}ファイル" in again
    assert f"に {len(outputs)}ファイル（うち作成・書き換え 0、前回と同じ内容 {len(outputs)}）" in again
    edition = data_copy / "2016" / "edition.yaml"  # a contact: on the workbook's cover, not in the CSV files
    before = {p: p.read_bytes() for p in outputs}
    edition.write_text(edition.read_text(encoding="utf-8") + "\ncontact: 市民局 区政支援室\n", encoding="utf-8")
    code, third, _ = run(capsys, *args)
    assert code == EXIT_OK
    changed = {p for p in outputs if p.read_bytes() != before[p]}
    named = {Path(line.split(": ", 1)[1]).resolve() for line in third.splitlines() if line.startswith("作成しました: ")}
    assert changed and named == {p.resolve() for p in changed} and len(changed) < len(outputs)


def test_update_summarises_reference_values_as_build_does(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """update shows one line per indicator (per ward only with --verbose), not 21 warnings before its own lines."""
    code, built, _ = run(capsys, "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path))
    assert code == EXIT_OK
    total = sum(len(w) for w in _reference_rows(tmp_path / "2016", 2016).values())
    for verbose in (False, True):
        code, out, err = run(capsys, "update", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path),
                             *(["--verbose"] if verbose else []))
        assert code == EXIT_OK and "更新 " in out
        lines = [line for line in out.splitlines() if line.startswith("参考数値: ")]
        assert lines and lines == [line for line in built.splitlines() if line.startswith("参考数値: ")]
        per_ward = [line for line in (out + err).splitlines() if "参考数値として件数から除きます" in line]
        assert len(per_ward) == (total if verbose else 0) and total > 0
        assert "警告:" not in err

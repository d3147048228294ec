"""Each kind of malformed input stops the build: non-zero exit, a located Japanese message, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.cli import main


def _edit(relative: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return apply


def _replace_line(relative: str, line_no: int, new: str) -> Callable[[Path], None]:
    def change(text: str) -> str:
        lines = text.split("\n")
        lines[line_no - 1] = new
        return "\n".join(lines)
    return _edit(relative, change)


def _line(data: Path, relative: str, line_no: int) -> str:
    return (data / relative).read_text(encoding="utf-8").split("\n")[line_no - 1]


RESULTS = "2016/results.csv"

# (name, breakage, expected fragments of one message: file, row, column, words)
CASES: list[tuple[str, Callable[[Path], None], tuple[str, ...]]] = [
    ("unknown ward", lambda d: _replace_line(RESULTS, 2, _line(d, RESULTS, 2).replace("北区", "北北区", 1))(d),
     ("data/2016/results.csv", "2行目", "「区」列", "北北区")),
    ("unknown indicator", lambda d: _replace_line(RESULTS, 3, _line(d, RESULTS, 3).replace("1.1.a", "9.9.z", 1))(d),
     ("data/2016/results.csv", "3行目", "「指標ID」列", "9.9.z")),
    ("duplicate row", lambda d: _replace_line(RESULTS, 3, _line(d, RESULTS, 2))(d),
     ("data/2016/results.csv", "3行目", "重複", "2行目")),
    ("missing row", lambda d: _replace_line(RESULTS, 2, "")(d),
     ("data/2016/results.csv", "北区", "行がない")),
    ("non-numeric value", lambda d: _replace_line(RESULTS, 4, _line(d, RESULTS, 4).split(",", 2)[0] + ",1.1.a,abc," + _line(d, RESULTS, 4).split(",", 3)[3])(d),
     ("data/2016/results.csv", "4行目", "「実績値」列", "数値ではありません", "abc")),
    ("percentage above 100", lambda d: _replace_line(RESULTS, 5, _line(d, RESULTS, 5).split(",")[0] + ",1.1.a,100.5," + ",".join(_line(d, RESULTS, 5).split(",")[3:]))(d),
     ("data/2016/results.csv", "5行目", "「実績値」列", "100を超えて")),
    ("negative respondents", lambda d: _replace_line(RESULTS, 6, ",".join(_line(d, RESULTS, 6).split(",")[:3]) + ",-5,はい")(d),
     ("data/2016/results.csv", "6行目", "「回答者数」列", "負")),
    ("wrong header", _edit(RESULTS, lambda t: t.replace("実績値", "実績", 1)),
     ("data/2016/results.csv", "1行目", "「実績値」列", "必要な列")),
    ("empty file", _edit("2016/implementation.csv", lambda t: ""),
     ("data/2016/implementation.csv", "空")),
    ("broken YAML", _edit("plan.yaml", lambda t: t.replace("period: {start: 2015, end: 2017}", "period: {start: 2015, end: [2017}")),
     ("data/plan.yaml", "行目", "YAML")),
    ("broken CSV row", _edit("2016/implementation.csv", lambda t: t.replace("\n", "\n北区,1.1.a\n", 1)),
     ("data/2016/implementation.csv", "2行目", "列の数")),
    ("unknown status", _edit("2016/implementation.csv", lambda t: t.replace("すべて実施", "ぜんぶ実施", 1)),
     ("data/2016/implementation.csv", "「取組状況」列", "ぜんぶ実施")),
    ("bad rule expression", _edit("rules.yaml", lambda t: t.replace("expr: value >= target", "expr: value >= targett")),
     ("data/rules.yaml", "行目", "targett")),
    ("rule syntax error", _edit("rules.yaml", lambda t: t.replace("expr: value >= target", "expr: value >=")),
     ("data/rules.yaml", "行目", "式の書き方")),
    ("neither UTF-8 nor CP932", lambda d: (d / "wards.csv").write_bytes("区コード,区名\n".encode() + b"27127,\x82 \n"),
     ("data/wards.csv", "2行目", "文字コード")),
]


@pytest.mark.parametrize(("name", "breakage", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_stops_with_a_located_message(
    name: str, breakage: Callable[[Path], None], fragments: tuple[str, ...], data_copy: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(data_copy.parent)
    breakage(data_copy)
    output = tmp_path / "out"
    code = main(["build", "--fiscal-year", "2016", "--data", "data", "--output", str(output)])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("エラー")]
    assert any(all(f in line for f in fragments) for line in lines), err
    assert "何も書き出しませんでした" in err
    assert not output.exists()


def test_every_problem_of_a_file_is_listed(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data_copy.parent)
    path = data_copy / RESULTS
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace("北区", "北北区", 1)
    lines[10] = ",".join(lines[10].split(",")[:2]) + ",x," + ",".join(lines[10].split(",")[3:])
    path.write_text("\n".join(lines), encoding="utf-8")
    (data_copy / "2015" / "implementation.csv").write_text("", encoding="utf-8")
    code = main(["validate", "--fiscal-year", "2016", "--data", "data"])
    err = capsys.readouterr().err
    assert code == 1
    assert "北北区" in err and "11行目「実績値」列" in err and "2015/implementation.csv" in err


def test_cp932_files_are_read(data_copy: Path, tmp_path: Path) -> None:
    for name in ("wards.csv", "2016/results.csv", "2016/implementation.csv"):
        path = data_copy / name
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))
    assert main(["build", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "2016" / "csv" / "table2.csv").exists()

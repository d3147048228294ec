"""Attacks on the input side (issue 11): typos, alias bombs, invisible characters, files that are not
files, negative zero, links out of the data folder and formulas behind blanks.

Each case runs the real command line on a broken copy of data/ and expects what a city's staff
should see: exit 1, a Japanese message at the file (and line, and column where there is one), no
traceback, nothing written — or, where the input is legitimate, the same outputs as without the attack.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

from reportgen.cli import main
from reportgen.document.nodes import DataTable
from reportgen.errors import Problems
from reportgen.load.text import read_bytes, unusable_characters
from reportgen.render.csv import csv_table, safe_text

PLAN = "plan.yaml"
WARDS = "wards.csv"
RULES = "rules.yaml"
RESULTS = "2016/results.csv"
ITEM = "2016/text/items/1.1.a.md"


# -- the harness -------------------------------------------------------------------------------

class Data:
    """A broken copy of data/ under the working folder (messages show it as ``data/…``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        self.path(relative).write_text(text, encoding="utf-8")

    def replace(self, relative: str, old: str, new: str, *, count: int = 1) -> int:
        """Replace ``old`` (``count`` times, -1 for all) and return the line of the first."""
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, count))
        return text[: text.index(old)].count("\n") + 1

    def line_of(self, relative: str, needle: str) -> int:
        return next(n for n, line in enumerate(self.read(relative).split("\n"), start=1) if needle in line)


@pytest.fixture
def data(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Data:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    return Data(data_copy)


def build(data: Data, out: Path) -> int:
    try:
        return main(["build", "--fiscal-year", "2016", "--data", str(data.root), "--output", str(out)])
    except SystemExit as stop:
        return int(stop.code or 0)


def stopped(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    """Run the build, check it stopped cleanly (exit 1, no traceback, nothing written); its stderr."""
    out = tmp_path / "out"
    code = build(data, out)
    err = capsys.readouterr().err
    assert code == 1, err[:3000]
    assert "Traceback" not in err and "内部エラー" not in err, err[:3000]
    assert "何も書き出しませんでした" in err, err[:3000]
    assert not out.exists() or not any(out.rglob("*")), "something was written"
    return err


def located(err: str, prefix: str, *words: str) -> str:
    """The message starting with ``prefix`` (「エラー: file N行目…」) that holds every one of ``words``.

    One message repeated on a line is shown once with its count (「2行目（9か所）:」), which also matches.
    """
    lines = [re.sub(r"行目（\d+か所）", "行目", line) for line in err.splitlines()]
    found = [line for line in lines if line.startswith(prefix) and all(w in line for w in words)]
    assert found, f"no message starting {prefix!r} with {words}:\n{err[:3000]}"
    return found[0]


# == item 6: unknown keys in plan.yaml and rules.yaml ===========================================

PLAN_TYPOS = [
    ("min_respondents: 400", "min_respondent: 400", "$.min_respondent", "min_respondents"),
    ("period: {start: 2015, end: 2017}", "period: {start: 2015, ends: 2017}", "$.period.ends", "end"),
    ("    title: 大きな公共を担う", "    titel: 大きな公共を担う", "$.strategies[0].titel", "title"),
    ("        title: 豊かなコミュニティの実現", "        title: 豊かなコミュニティの実現\n        item: []", "$.strategies[0].directions[0].item", "items"),
    ("            title: 人と人とのつながりづくりの促進", "            title: 人と人とのつながりづくりの促進\n            indicator: []",
     "$.strategies[0].directions[0].items[0].indicator", "indicators"),
    ("                measure: survey", "                measure: survey\n                scalemax: 5",
     "$.strategies[0].directions[0].items[0].indicators[0].scalemax", "scale_max"),
    ('target: {value: 50, unit: "％", year: 2017}', 'target: {value: 50, unit: "％", yaer: 2017}',
     "$.strategies[0].directions[0].items[0].indicators[0].target.yaer", "year"),
    ("  indicators: 「めざす姿", "  indicator: 「めざす姿", "$.phrases.indicator", "indicators"),
    ("  ward_plan: 区運営方針", "  ward_plans: 区運営方針", "$.phrases.ward_plans", "ward_plan"),
    ("  ward_plan_is: 各区の年度ごとの方針", "  ward_plan_iss: 各区の年度ごとの方針", "$.phrases.ward_plan_iss", "ward_plan_is"),
    ("                goal: 事業を創出する", "                goals: 事業を創出する",
     "$.strategies[0].directions[2].items[1].indicators[0].goals", "goal"),
]


@pytest.mark.parametrize(("old", "new", "path", "meant"), PLAN_TYPOS, ids=[t[2].rsplit(".", 1)[1] for t in PLAN_TYPOS])
def test_a_misspelt_plan_key_is_an_error_at_its_line_with_the_name_meant(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, path: str, meant: str
) -> None:
    line = data.replace(PLAN, old, new) + new.count("\n")
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/plan.yaml {line}行目「{path}」", "知らない項目", f"「{meant}」の書き間違い")


RULES_TYPOS = [
    ("    in_total: false", "    in_totl: false", "$.counting.cumulative.in_totl", "in_total"),
    ("year_facts:", "year_fact: []\nyear_facts:", "$.year_fact", "year_facts"),
    ("    expr: fiscal_year - period_start + 1", "    exp: fiscal_year - period_start + 1", "$.year_facts[0].exp", "expr"),
    ("  groups:", "  group: []\n  groups:", "$.table2.group", "groups"),
    ("      include: not reference_value", "      includes: not reference_value", "$.table2.groups[0].includes", "include"),
    ("      count_if: status == '一部実施'", "      count_if: status == '一部実施'\n      lable: x", "$.table1.columns[3].lable", "label"),
]


@pytest.mark.parametrize(("old", "new", "path", "meant"), RULES_TYPOS, ids=[t[2].rsplit(".", 1)[1] for t in RULES_TYPOS])
def test_a_misspelt_rules_key_is_an_error_at_its_line_with_the_name_meant(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, path: str, meant: str
) -> None:
    line = data.replace(RULES, old, new)
    line += next(n for n, part in enumerate(new.split("\n")) if path.rsplit(".", 1)[1] + ":" in part)
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/rules.yaml {line}行目「{path}」", "知らない項目", f"「{meant}」の書き間違い")


# == item 7: alias bombs and values quoted in messages ==========================================

ALIAS_BOMB = "a0: &a0 [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
)


def test_an_alias_bomb_is_refused_at_once_with_a_short_message(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data.write(PLAN, ALIAS_BOMB + data.read(PLAN).replace("name: 豊かな", "name: *a8\nxname: 豊かな", 1))
    start = time.monotonic()
    err = stopped(data, capsys, tmp_path)
    assert time.monotonic() - start < 10
    assert len(err) < 20_000
    located(err, "エラー: data/plan.yaml 1行目: ", "アンカー「&a0」は使えません")
    located(err, "エラー: data/plan.yaml 2行目: ", "別名「*a0」は使えません")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("city: 大阪市", "base: &city 大阪市\ncity: *city", ("アンカー",)),
        ("period: {start: 2015, end: 2017}", "period: {<<: {start: 2015}, end: 2017}", ("<<:",)),
    ],
    ids=["one-alias", "merge-key"],
)
def test_anchors_aliases_and_merge_keys_are_refused_at_their_line(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, words: tuple[str, ...]
) -> None:
    line = data.replace(PLAN, old, new)
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/plan.yaml {line}行目", *words)


def test_a_long_value_is_quoted_short_in_a_message(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = data.read(RESULTS).split("\n")
    lines[1] = lines[1].rsplit(",", 1)[0] + "," + "x" * 100_000
    data.write(RESULTS, "\n".join(lines))
    err = stopped(data, capsys, tmp_path)
    message = located(err, "エラー: data/2016/results.csv 2行目「定義どおり測定」列", "xxxx")
    assert "x" * 61 not in message and "…" in message
    assert len(err) < 5_000


# == item 9: characters no text may hold ========================================================

@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\x01", "U+0001"), ("\\x1b", "U+001B"), ("\\x85", "U+0085"), ("\\u202e", "U+202E"), ("\\u200d", "U+200D"),
     ("\\u200b", "U+200B"), ("\\ufeff", "U+FEFF"), ("\\u2028", "U+2028"), ("\\x7f", "U+007F")],
)
def test_a_yaml_escape_making_an_unusable_character_is_an_error_at_its_line(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, escape: str, code: str
) -> None:
    line = data.replace(PLAN, "title: 豊かなコミュニティの実現", f'title: "豊かな{escape}コミュニティの実現"')
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/plan.yaml {line}行目", code)


@pytest.mark.parametrize(
    ("inserted", "code"),
    [("\u202e", "U+202E"), ("\u200d", "U+200D"), ("\u200b", "U+200B"), ("\u0085", "U+0085"), ("\t", "U+0009")],
)
def test_an_invisible_character_in_a_ward_name_is_an_error_at_its_cell(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, inserted: str, code: str
) -> None:
    for relative in (WARDS, "2015/results.csv", "2015/implementation.csv", RESULTS, "2016/implementation.csv"):
        data.replace(relative, "北区", f"北{inserted}区", count=-1)
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/wards.csv {data.line_of(WARDS, '北')}行目「区名」列: ", code)


def test_a_newline_in_a_ward_name_is_an_error_not_a_second_paragraph(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for relative in (WARDS, "2015/results.csv", "2015/implementation.csv", RESULTS, "2016/implementation.csv"):
        data.replace(relative, "北区", '"北\n区"', count=-1)
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/wards.csv {data.line_of(WARDS, '北')}行目「区名」列: ", "改行", "U+000A")


def test_a_multi_line_wording_or_label_is_an_error(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    wording = data.replace(PLAN, "wording: 身近な地域の中で", "wording: |\n                  身近な\n                  地域の中で")
    label = data.replace(RULES, "    label: 進捗率（％）", '    label: "進捗率\\n（％）"')
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/plan.yaml {wording}行目", "wording", "U+000A")
    located(err, f"エラー: data/rules.yaml {label}行目", "label", "U+000A")


def test_a_format_character_in_prose_is_an_error_at_its_line(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = data.read(ITEM).split("\n")
    n = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))
    lines[n] = "\u202e" + lines[n]
    data.write(ITEM, "\n".join(lines))
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/{ITEM} {n + 1}行目", "U+202E")


def test_every_format_control_and_separator_character_is_unusable_and_japanese_is_not() -> None:
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cf", "Cs", "Zl", "Zp") or (category == "Cc" and char not in "\t\n"):
            assert unusable_characters(char, single_line=False), f"U+{code:04X}"
    japanese = "大阪市「声かけ」、見守り・ＮＰＯ（２４区）①㋐ー〜―葛\U000e0100城　区"  # an IVS (Mn) and a full-width space
    assert unusable_characters(japanese, single_line=True) == []
    assert unusable_characters("一行目\n\t二行目", single_line=False) == []
    assert [c for _, c in unusable_characters("一行目\n\t二行目", single_line=True)] == ["\n", "\t"]


# == item 10: only regular files, of a bounded size =============================================

def test_a_text_that_is_a_file_is_an_error_not_no_text(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import shutil

    shutil.rmtree(data.path("2016/text"))
    data.write("2016/text", "x")
    err = stopped(data, capsys, tmp_path)
    located(err, "エラー: data/2016/text: ", "フォルダではありません")


def test_an_unlistable_prose_folder_is_an_error_not_no_text(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.scandir

    def scandir(path: os.PathLike[str] | str = ".") -> object:
        if Path(path).name == "items":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)  # tests run as root, who can read any folder
    err = stopped(data, capsys, tmp_path)
    located(err, "エラー: data/2016/text/items: ", "権限")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_prose_folder_is_an_error(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    items = data.path("2016/text/items")
    items.chmod(0)
    try:
        err = stopped(data, capsys, tmp_path)
    finally:
        items.chmod(0o755)
    located(err, "エラー: data/2016/text/items: ", "権限")


def test_an_unreadable_file_is_an_error(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.open

    def opener(path: os.PathLike[str] | str, flags: int, *args: int, **kwargs: int) -> int:
        if str(path).endswith("results.csv") and "2016" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", opener)
    err = stopped(data, capsys, tmp_path)
    located(err, "エラー: data/2016/results.csv: ", "権限")


def _cli(data: Data, out: Path, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """The build in a process of its own, so that a hang fails the test instead of blocking it."""
    argv = [sys.executable, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(data.root), "--output", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(argv, capture_output=True, timeout=timeout, cwd=data.root.parent, env=env, check=False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_as_a_data_file_does_not_hang(data: Data, tmp_path: Path) -> None:
    data.path(RESULTS).unlink()
    os.mkfifo(data.path(RESULTS))
    done = _cli(data, tmp_path / "out", timeout=60)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1, err
    located(err, "エラー: data/2016/results.csv: ", "名前付きパイプ")


def test_a_device_is_refused_without_reading_it() -> None:
    problems = Problems()
    start = time.monotonic()
    assert read_bytes(Path("/dev/zero"), problems) is None
    assert time.monotonic() - start < 5
    assert "ふつうのファイルではありません" in str(problems.errors[0])


def test_a_huge_prose_file_is_refused_without_reading_it_whole(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with data.path(ITEM).open("r+b") as file:
        file.truncate(2 * 1024**3)  # sparse: 2 GiB of NUL bytes that take no room on disk
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/{ITEM}: ", "大きすぎ")


def test_a_link_to_a_device_is_refused(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data.path(ITEM).unlink()
    data.path(ITEM).symlink_to("/dev/zero")
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/{ITEM}: ")


# == item 11: negative zero =====================================================================

def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != "manifest.json"}


@pytest.mark.parametrize("zero", ["0", "0.0"])
def test_negative_zero_publishes_exactly_what_zero_does(data: Data, tmp_path: Path, capsys: pytest.CaptureFixture[str], zero: str) -> None:
    def with_value(text: str) -> Callable[[str], str]:
        return lambda line: ",".join([*line.split(",")[:2], text, *line.split(",")[3:]])

    lines = data.read(RESULTS).split("\n")
    lines[1] = with_value(zero)(lines[1])
    data.write(RESULTS, "\n".join(lines))
    assert build(data, tmp_path / "plain") == 0
    lines[1] = with_value("-" + zero)(lines[1])
    data.write(RESULTS, "\n".join(lines))
    assert build(data, tmp_path / "negative") == 0
    capsys.readouterr()
    plain, negative = _outputs(tmp_path / "plain"), _outputs(tmp_path / "negative")
    assert plain == negative
    assert b'"-0' not in negative["2016/csv/ward_results.csv"]


def test_a_negative_zero_decimal_is_written_as_zero_in_csv() -> None:
    table = DataTable("t", "t", ("値",), ((Decimal("-0"),), (Decimal("-0.0"),)))
    assert csv_table(table).decode("utf-8-sig").split("\r\n")[1:3] == ['"0"', '"0.0"']


# == item 13: links out of the data folder, formulas behind blanks =============================

def test_a_link_out_of_the_data_folder_is_refused_without_quoting_its_target(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FIRST-LINE,password\n", encoding="utf-8")
    data.path(RESULTS).unlink()
    data.path(RESULTS).symlink_to(secret)
    err = stopped(data, capsys, tmp_path)
    located(err, "エラー: data/2016/results.csv: ", "フォルダの外")
    assert "SECRET" not in err and "password" not in err


def test_a_link_inside_the_data_folder_is_read(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data.path("shared").mkdir()
    data.path(RESULTS).rename(data.path("shared/results-2016.csv"))
    data.path(RESULTS).symlink_to("../shared/results-2016.csv")
    assert build(data, tmp_path / "out") == 0, capsys.readouterr().err


@pytest.mark.parametrize("text", [" =2+2", "\t=2+2", "\u3000=2+2", "  +1", " @SUM(A1)", "\u3000－1", "=1", "\r=1", "\n=1"])
def test_text_that_a_spreadsheet_would_evaluate_is_neutralised_in_csv_and_xlsx(text: str) -> None:
    import io

    from reportgen.render.xlsx import put

    assert safe_text(text) == "'" + text
    workbook = openpyxl.Workbook()
    cell = workbook.active.cell(1, 1)
    put(cell, text)
    assert cell.data_type == "s" and cell.quotePrefix
    put(cell, Decimal("-152"))  # a real number stays a number
    assert cell.value == -152
    buffer = io.BytesIO()
    workbook.save(buffer)


@pytest.mark.parametrize("text", ["北区", "100", "―", "参考：24", "a=b"])
def test_plain_text_is_left_as_it_is(text: str) -> None:
    assert safe_text(text) == text


def test_a_wording_behind_a_blank_reaches_the_open_data_neutralised(data: Data, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = data.read(PLAN)
    start = text.index("wording: 身近な地域の中で")
    end = text.index("\n", start)
    data.write(PLAN, text[:start] + "wording: ' =2+2身近な地域の中で'" + text[end:])
    assert build(data, tmp_path / "out") == 0, capsys.readouterr().err
    table1 = (tmp_path / "out/2016/csv/table1.csv").read_text(encoding="utf-8-sig")
    assert "\"' =2+2身近な" in table1 and '" =2+2' not in table1
    workbook = openpyxl.load_workbook(tmp_path / "out/2016/tables.xlsx")
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(" =2+2")]
    assert cells and all(c.quotePrefix for c in cells)


# == found by attacking the loaders beyond the list =====================================

BEYOND = [
    # (file, old, new, file and line prefix word, words): each passed with exit 0, or gave exit 70 or a message elsewhere
    (PLAN, "min_respondents: 400", "min_respondents: -5", "$.min_respondents", ("0から",)),
    (PLAN, "period: {start: 2015, end: 2017}", "period: {start: 2015, end: 99999999999999}", "$.period.end", ("2107",)),
    (PLAN, "letter: a", "letter: abc", "$.strategies[0].directions[0].items[0].letter", ("a〜z",)),
    (PLAN, "      - number: 1\n        title: 豊かな", "      - number: 51\n        title: 豊かな", "$.strategies[0].directions[0].number", ("20",)),
    (PLAN, "value: 50,", "value: 1e300,", "$.strategies[0].directions[0].items[0].indicators[0].target.value", ("15桁",)),
    (PLAN, "                measure: survey\n", "                measure: survey\n                scale_max: -0.0\n",
     "$.strategies[0].directions[0].items[0].indicators[0].scale_max", ("0より大きい",)),
    (RULES, "    label: 進捗率（％）", "    label: [a]", "$.ward_facts[0].label", ("label",)),
    (RULES, "  - 取組なし", "  - ''", "$.implementation_statuses[4]", ("空",)),
    (RULES, "  - 取組なし", "  - 取組なし\n  - 取組なし", "$.implementation_statuses[5]", ("重複",)),
    (RULES, "    columns: [count, target_reached, not_reached]", "    columns: [count, target_reachd, not_reached]", "$.counting.cumulative.columns",
     ("表2にない列", "「target_reached」の書き間違い")),
]


@pytest.mark.parametrize(("relative", "old", "new", "path", "words"), BEYOND, ids=[f"{b[0]}:{b[3].rsplit('.', 1)[-1]}:{b[2][-12:]}" for b in BEYOND])
def test_values_the_outputs_cannot_hold_are_refused_at_their_line(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, relative: str, old: str, new: str, path: str, words: tuple[str, ...]
) -> None:
    line = data.replace(relative, old, new)
    line += new.rstrip("\n").count("\n") if new.startswith(old.rstrip("\n")) else 0  # a line added after ``old``
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/{relative} {line}行目「{path}」", *words)


def test_a_ward_code_must_be_a_code(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = data.replace(WARDS, "27127", "9" * 200)
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/wards.csv {line}行目「区コード」列: ", "5桁", "…")


def test_a_tab_separated_file_is_one_message_not_one_per_row(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data.write(RESULTS, data.read(RESULTS).replace(",", "\t"))
    err = stopped(data, capsys, tmp_path)
    located(err, "エラー: data/2016/results.csv 1行目: ", "タブ")
    assert err.count("エラー: data/2016/results.csv") == 1, err[:3000]


def test_a_broken_plan_is_reported_without_a_cascade_from_the_year_tables(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data.replace(PLAN, 'id: "1.1.a"', "id: 1.1")
    err = stopped(data, capsys, tmp_path)
    located(err, "エラー: data/plan.yaml ", "「id」の値の形")
    assert "results.csv" not in err and "implementation.csv" not in err


def test_a_private_use_character_is_refused(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = data.replace(PLAN, "title: 豊かなコミュニティの実現", "title: 豊かな\ue000コミュニティの実現")
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/plan.yaml {line}行目", "U+E000", "外字")


def test_a_folder_where_a_file_belongs_is_named_as_such(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data.path(RESULTS).unlink()
    data.path(RESULTS).mkdir()
    err = stopped(data, capsys, tmp_path)
    located(err, "エラー: data/2016/results.csv: ", "フォルダです")


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("\n  - number: 2\n", "\n  - number: 1\n", "$.strategies[1].number"),
        ("\n      - number: 2\n", "\n      - number: 1\n", "$.strategies[0].directions[1].number"),
        ("\n          - letter: b\n", "\n          - letter: a\n", "$.strategies[0].directions[1].items[1].letter"),
    ],
    ids=["strategy", "direction", "letter"],
)
def test_a_repeated_number_or_letter_is_an_error_not_two_sections_of_one_name(
    data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, path: str
) -> None:
    line = data.replace(PLAN, old, new) + 1
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/plan.yaml {line}行目「{path}」", "重複")


def test_a_ward_name_pasted_over_with_a_paragraph_is_one_short_message(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    line = data.replace(WARDS, "北区", "北" * 6000 + "区")
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/wards.csv {line}行目「区名」列: ", "長すぎ")
    assert len(err) < 10_000


# -- the final attack round --------------------------------------------------------------------

@pytest.mark.parametrize("written", ["050", "0400", "0x1F", "1:20", "1_000", "+050"])
def test_a_yaml_number_that_reads_as_another_value_is_refused_at_its_line(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path, written: str) -> None:
    plan = data.root / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if row.startswith("min_respondents:"))
    plan.write_text(re.sub(r"^min_respondents: \d+", f"min_respondents: {written}", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/plan.yaml {line}行目", "YAML では別の値として読まれます")


def test_respondents_on_a_count_indicator_are_refused_at_their_cell(data: Data, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    results = data.root / "2016" / "results.csv"
    lines = results.read_text(encoding="utf-8-sig").split("\n")
    row = next(n for n, text in enumerate(lines) if ",1.3.b," in text)
    cells = lines[row].split(",")
    cells[3] = "10"
    lines[row] = ",".join(cells)
    results.write_text("\n".join(lines), encoding="utf-8")
    err = stopped(data, capsys, tmp_path)
    located(err, f"エラー: data/2016/results.csv {row + 1}行目「回答者数」列", "アンケート以外の指標")

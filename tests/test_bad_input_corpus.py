"""A corpus of malformed inputs, one per case, each run through the real command line.

Every case breaks one input file (data/, or a copy of templates/ passed with --templates) and expects
the build to stop: a non-zero exit, a Japanese message that starts with the file as displayed (and,
where the problem has one, the row and the column), no traceback, and nothing at all in the output
folder. tests/test_bad_input.py holds the first 16 cases; the ones here are all different.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from reportgen.cli import main

# -- where things are --------------------------------------------------------------------------

PLAN = "plan.yaml"
WARDS = "wards.csv"
RULES = "rules.yaml"
RESULTS = "2016/results.csv"
IMPLEMENTATION = "2016/implementation.csv"
EDITION = "2016/edition.yaml"
SUMMARY = "2016/text/summary.md"
ITEM = "2016/text/items/1.1.a.md"
TERMS = "2016/text/items/1.4.a.md"
SENTENCES = "sentences/rules.yaml"
TARGET_J2 = "sentences/block/target.j2"
INTRODUCTION_J2 = "sentences/edition/introduction.j2"
PROGRESS_J2 = "sentences/edition/progress_with_comparison.j2"

JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
MEGABYTE = 1_000_000


@dataclass(frozen=True)
class Env:
    """The broken copies: ``data`` (data/) and ``templates`` (templates/), both under the working folder."""

    data: Path
    templates: Path

    def path(self, relative: str) -> Path:
        """A file of the data folder, or of the templates folder for ``sentences/…``."""
        return (self.templates if relative.startswith("sentences/") else self.data) / relative

    def shown(self, relative: str) -> str:
        """The file as messages display it (relative to the working folder)."""
        return self.path(relative).relative_to(self.data.parent).as_posix()

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        self.path(relative).write_text(text, encoding="utf-8")

    def write_bytes(self, relative: str, data: bytes) -> None:
        self.path(relative).write_bytes(data)

    def lines(self, relative: str) -> list[str]:
        return self.read(relative).split("\n")

    def line_of(self, relative: str, needle: str) -> int:
        """1-based number of the first line containing ``needle``."""
        return next(n for n, line in enumerate(self.lines(relative), start=1) if needle in line)

    def edit_line(self, relative: str, number: int, change: Callable[[str], str]) -> None:
        lines = self.lines(relative)
        lines[number - 1] = change(lines[number - 1])
        self.write(relative, "\n".join(lines))

    def insert_after(self, relative: str, number: int, text: str) -> None:
        lines = self.lines(relative)
        lines[number:number] = text.split("\n")
        self.write(relative, "\n".join(lines))

    def replace(self, relative: str, old: str, new: str) -> int:
        """Replace the first ``old`` and return the line it was on."""
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        number = text[: text.index(old)].count("\n") + 1
        self.write(relative, text.replace(old, new, 1))
        return number

    # CSV tables (the data's tables hold no quotes, so a line is a row)
    def row_of(self, relative: str, ward: str, ident: str) -> int:
        """Row (as a spreadsheet shows it) of a ward × indicator."""
        return next(n for n, line in enumerate(self.lines(relative), start=1) if line.startswith(f"{ward},{ident},"))

    def set_cell(self, relative: str, ward: str, ident: str, column: str, value: str) -> int:
        """Put ``value`` in a cell of the ward × indicator row; return its row."""
        lines = self.lines(relative)
        index = lines[0].split(",").index(column)
        number = self.row_of(relative, ward, ident)
        cells = lines[number - 1].split(",")
        cells[index] = f'"{value}"' if "," in value else value
        lines[number - 1] = ",".join(cells)
        self.write(relative, "\n".join(lines))
        return number

    def drop_row(self, relative: str, ward: str, ident: str) -> None:
        lines = self.lines(relative)
        del lines[self.row_of(relative, ward, ident) - 1]
        self.write(relative, "\n".join(lines))

    def map_rows(self, relative: str, change: Callable[[list[str]], list[str]]) -> None:
        """Apply ``change`` to every record, header included (for column edits)."""
        records = list(csv.reader(io.StringIO(self.read(relative), newline="")))
        self.write(relative, "\n".join(",".join(change(r)) for r in records) + "\n")


@dataclass(frozen=True)
class Expect:
    """Where the message must point: the file as displayed, and the row and column when there are any."""

    file: str
    row: int | None = None
    column: str | None = None
    words: tuple[str, ...] = ()

    def prefix(self) -> str:
        text = f"エラー: {self.file}"
        if self.row is not None:
            text += f" {self.row}行目"
        if self.column is not None:
            text += f"「{self.column}」"
        return text


Breakage = Callable[[Env], Expect]
CASES: list = []


def case(name: str, *, templates: bool = False, found: str | None = None) -> Callable[[Breakage], Breakage]:
    """Register a breakage as a parametrised case called ``name`` (``found``: the bug it revealed, since fixed)."""

    def register(breakage: Breakage) -> Breakage:
        CASES.append(pytest.param(breakage, templates, id=name))
        return breakage

    return register


def cp932_read_as_utf8(text: str) -> str:
    """What an editor gets by opening a Shift_JIS file as UTF-8 and saving it: U+FFFD for every lost byte."""
    return text.encode("cp932", errors="replace").decode("utf-8", errors="replace")


# == plan.yaml ==================================================================================

@case("plan.yaml-tab-indentation")
def _(e: Env) -> Expect:
    n = e.line_of(PLAN, "title: 大きな公共を担う")
    e.edit_line(PLAN, n, lambda line: "\t" + line.lstrip(" "))
    return Expect(e.shown(PLAN), n, None, ("YAML",))


@case("plan.yaml-bad-indentation")
def _(e: Env) -> Expect:
    n = e.line_of(PLAN, "    directions:")
    e.edit_line(PLAN, n, lambda line: line[1:])
    return Expect(e.shown(PLAN), n, None, ("YAML",))


@case("plan.yaml-duplicate-key")
def _(e: Env) -> Expect:
    n = e.line_of(PLAN, "city: 大阪市")
    e.insert_after(PLAN, n, "city: 大阪府")
    return Expect(e.shown(PLAN), n + 1, None, ("city", "重複"))


@case("plan.yaml-only-comments")
def _(e: Env) -> Expect:
    e.write(PLAN, "# 計画の定義（まだ書いていません）\n")
    return Expect(e.shown(PLAN), None, None, ("空",))


@case("plan.yaml-python-tag")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, "name: 豊かな", "name: !!python/object/apply:os.system ['echo pwned']\nx: 豊かな")
    return Expect(e.shown(PLAN), n, None, ("YAML",))


@case("plan.yaml-unhashable-key")
def _(e: Env) -> Expect:
    n = e.line_of(PLAN, "city: 大阪市")
    e.insert_after(PLAN, n, "? [a, b]\n: c")
    return Expect(e.shown(PLAN), n + 1, None, ("YAML",))


@case("plan.yaml-integer-tag-on-text")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, "min_respondents: 400", "min_respondents: !!int 四百")
    return Expect(e.shown(PLAN), n, None, ("四百",))


@case("plan.yaml-deeply-nested")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, "city: 大阪市", "city: " + "[" * 5000 + "]" * 5000)
    return Expect(e.shown(PLAN), n, None, ("YAML", "入れ子"))


@case("plan.yaml-cp932-opened-as-utf8")
def _(e: Env) -> Expect:
    e.write(PLAN, cp932_read_as_utf8(e.read(PLAN)))
    return Expect(e.shown(PLAN), 1, None, ("U+FFFD", "文字化け"))


@case("plan.yaml-invalid-utf8-byte")
def _(e: Env) -> Expect:
    n = e.line_of(PLAN, "title: 豊かなコミュニティの実現")
    raw = e.path(PLAN).read_bytes().split(b"\n")
    raw[n - 1] = raw[n - 1].replace("豊かな".encode(), "豊か".encode() + b"\xff", 1)
    e.write_bytes(PLAN, b"\n".join(raw))
    return Expect(e.shown(PLAN), n, None, ("文字コード", "0xff"))


@case("plan.yaml-noncharacter-uffff")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, "title: 豊かなコミュニティの実現", "title: 豊かなコミュニティ\uffffの実現")
    return Expect(e.shown(PLAN), n, None, ("U+FFFF",))


@case("plan.yaml-megabyte-wording")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, "wording: 身近な地域の中で", "wording: " + "あ" * MEGABYTE + "身近な地域の中で")
    return Expect(e.shown(PLAN), n, None, ("wording", "長すぎ"))


@case("plan.yaml-root-is-a-list")
def _(e: Env) -> Expect:
    e.write(PLAN, "- name: 計画\n- city: 大阪市\n")
    return Expect(e.shown(PLAN), None, "$", ("キー: 値",))


@case("plan.yaml-duplicate-indicator-id")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, 'id: "1.2.a"', 'id: "1.1.a"')
    return Expect(e.shown(PLAN), n, None, ("1.1.a", "重複"))


@case("plan.yaml-target-nan")
def _(e: Env) -> Expect:
    n = e.line_of(PLAN, 'target: {value: 50, unit: "％", year: 2017}')
    e.edit_line(PLAN, n, lambda line: line.replace("value: 50", "value: .nan"))
    return Expect(e.shown(PLAN), n, None, ("target.value", "数値ではありません"))


@case("plan.yaml-target-infinite")
def _(e: Env) -> Expect:
    n = e.line_of(PLAN, 'target: {value: 60, unit: "％", year: 2017}')
    e.edit_line(PLAN, n, lambda line: line.replace("value: 60", "value: .inf"))
    return Expect(e.shown(PLAN), n, None, ("target.value", "数値ではありません"))


@case("plan.yaml-target-negative")
def _(e: Env) -> Expect:
    n = e.line_of(PLAN, 'target: {value: 80, unit: "％", year: 2017}')
    e.edit_line(PLAN, n, lambda line: line.replace("value: 80", "value: -80"))
    return Expect(e.shown(PLAN), n, None, ("target.value", "目標値は0より大きい"))


@case("plan.yaml-unknown-measure")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, "measure: inspection", "measure: questionnaire")
    return Expect(e.shown(PLAN), n, None, ("measure", "questionnaire"))


@case("plan.yaml-half-width-percent-unit")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, 'unit: "％"', 'unit: "%"')
    return Expect(e.shown(PLAN), n, None, ("unit", "'%'"))


@case("plan.yaml-period-start-is-text")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, "period: {start: 2015,", 'period: {start: "平成27",')
    return Expect(e.shown(PLAN), n, None, ("start", "平成27"))


@case("plan.yaml-min-respondents-boolean")
def _(e: Env) -> Expect:
    n = e.replace(PLAN, "min_respondents: 400", "min_respondents: yes")
    return Expect(e.shown(PLAN), n, None, ("min_respondents", "True"))


# == wards.csv ==================================================================================

@case("wards.csv-empty-file")
def _(e: Env) -> Expect:
    e.write(WARDS, "")
    return Expect(e.shown(WARDS), None, None, ("空",))


@case("wards.csv-header-only")
def _(e: Env) -> Expect:
    e.write(WARDS, e.lines(WARDS)[0] + "\n")
    return Expect(e.shown(WARDS), None, None, ("データ行がありません",))


@case("wards.csv-renamed-column")
def _(e: Env) -> Expect:
    e.map_rows(WARDS, lambda r: ["名称" if c == "区名" else c for c in r])
    return Expect(e.shown(WARDS), 1, "区名", ("必要な列",))


@case("wards.csv-duplicate-code")
def _(e: Env) -> Expect:
    first = e.lines(WARDS)[1].split(",")[0]
    e.edit_line(WARDS, 4, lambda line: first + "," + line.split(",")[1])
    return Expect(e.shown(WARDS), 4, "区コード", ("重複", "2行目"))


@case("wards.csv-ward-named-citywide")
def _(e: Env) -> Expect:
    e.edit_line(WARDS, 6, lambda line: line.split(",")[0] + ",全市")
    return Expect(e.shown(WARDS), 6, "区名", ("全市", "予約語"))


@case("wards.csv-empty-code")
def _(e: Env) -> Expect:
    e.edit_line(WARDS, 5, lambda line: "," + line.split(",")[1])
    return Expect(e.shown(WARDS), 5, "区コード", ("値が入力されていません",))


@case("wards.csv-cp932-with-a-bad-byte-late")
def _(e: Env) -> Expect:
    lines = [line.encode("cp932") for line in e.lines(WARDS)]
    lines[19] = lines[19][:-2] + b"\x82\x20"  # a lead byte followed by a space: no such character
    e.write_bytes(WARDS, b"\n".join(lines))
    return Expect(e.shown(WARDS), 20, None, ("文字コード", "0x82"))


@case("wards.csv-two-boms")
def _(e: Env) -> Expect:
    e.write_bytes(WARDS, b"\xef\xbb\xbf\xef\xbb\xbf" + e.path(WARDS).read_bytes())
    return Expect(e.shown(WARDS), 1, None, ("BOM",))


# == results.csv ================================================================================

@case("results.csv-nan")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "都島区", "1.2.a", "実績値", "NaN")
    return Expect(e.shown(RESULTS), n, "実績値", ("数値ではありません", "NaN"))


@case("results.csv-infinity")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "福島区", "1.2.b", "実績値", "-Infinity")
    return Expect(e.shown(RESULTS), n, "実績値", ("数値ではありません", "-Infinity"))


@case("results.csv-full-width-digits")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "1.1.a", "実績値", "４３.０")
    return Expect(e.shown(RESULTS), n, "実績値", ("数値ではありません", "４３.０", "半角"))


@case("results.csv-decimal-comma")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "1.1.a", "回答者数", "86,8")
    return Expect(e.shown(RESULTS), n, "回答者数", ("数値ではありません", "86,8"))


@case("results.csv-underscore-digits")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "都島区", "1.1.a", "回答者数", "1_202")
    return Expect(e.shown(RESULTS), n, "回答者数", ("数値ではありません", "1_202"))


@case("results.csv-huge-respondents")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "此花区", "1.1.a", "回答者数", "1e999999999")
    return Expect(e.shown(RESULTS), n, "回答者数", ("大きすぎ",))


@case("results.csv-huge-count")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "1.3.b", "実績値", "1" + "0" * 20)
    return Expect(e.shown(RESULTS), n, "実績値", ("大きすぎ",))


@case("results.csv-negative-respondents-with-separator")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "1.2.a", "回答者数", "-1,200")
    return Expect(e.shown(RESULTS), n, "回答者数", ("負",))


@case("results.csv-fractional-respondents")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "福島区", "1.1.a", "回答者数", "378.5")
    return Expect(e.shown(RESULTS), n, "回答者数", ("整数ではありません",))


@case("results.csv-survey-without-respondents")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "1.4.a", "回答者数", "")
    return Expect(e.shown(RESULTS), n, "回答者数", ("回答者数が必要",))


@case("results.csv-boolean-yes")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "1.1.a", "定義どおり測定", "yes")
    return Expect(e.shown(RESULTS), n, "定義どおり測定", ("はい", "いいえ", "'yes'"))


@case("results.csv-boolean-circle-mark")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "都島区", "1.1.a", "定義どおり測定", "○")
    return Expect(e.shown(RESULTS), n, "定義どおり測定", ("'○'",))


@case("results.csv-boolean-empty")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "福島区", "1.1.a", "定義どおり測定", "")
    return Expect(e.shown(RESULTS), n, "定義どおり測定", ("はい", "いいえ"))


@case("results.csv-header-only")
def _(e: Env) -> Expect:
    e.write(RESULTS, e.lines(RESULTS)[0] + "\n")
    return Expect(e.shown(RESULTS), None, None, ("データ行がありません",))


@case("results.csv-missing-column")
def _(e: Env) -> Expect:
    e.map_rows(RESULTS, lambda r: r[:4])
    return Expect(e.shown(RESULTS), 1, "定義どおり測定", ("必要な列",))


@case("results.csv-extra-column")
def _(e: Env) -> Expect:
    e.map_rows(RESULTS, lambda r: [*r, "備考" if r[0] == "区" else ""])
    return Expect(e.shown(RESULTS), 1, "備考", ("想定していない列",))


@case("results.csv-duplicate-column")
def _(e: Env) -> Expect:
    e.edit_line(RESULTS, 1, lambda line: line.replace("回答者数", "実績値"))
    return Expect(e.shown(RESULTS), 1, "実績値", ("重複",))


@case("results.csv-trailing-comma")
def _(e: Env) -> Expect:
    n = e.row_of(RESULTS, "城東区", "2.2.a")
    e.edit_line(RESULTS, n, lambda line: line + ",")
    return Expect(e.shown(RESULTS), n, None, ("列の数",))


@case("results.csv-unclosed-quote")
def _(e: Env) -> Expect:
    n = e.row_of(RESULTS, "旭区", "1.1.a")
    e.edit_line(RESULTS, n, lambda line: line.replace("旭区,", '"旭区,', 1))
    return Expect(e.shown(RESULTS), n, None, ("列の数",))


@case("results.csv-citywide-row-missing")
def _(e: Env) -> Expect:
    e.drop_row(RESULTS, "全市", "1.3.a")
    return Expect(e.shown(RESULTS), None, "区", ("1.3.a", "全市", "行がない"))


@case("results.csv-ward-for-citywide-indicator")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "全市", "1.3.a", "区", "北区")
    return Expect(e.shown(RESULTS), n, "区", ("全市で1件",))


@case("results.csv-citywide-for-ward-indicator")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "2.2.a", "区", "全市")
    return Expect(e.shown(RESULTS), n, "区", ("区ごとの指標",))


@case("results.csv-ward-code-instead-of-name")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "2.3.b", "区", "27127")
    return Expect(e.shown(RESULTS), n, "区", ("wards.csv にない区名", "27127"))


@case("results.csv-megabyte-cell")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "1.1.a", "実績値", "4" * MEGABYTE)
    return Expect(e.shown(RESULTS), n, None, ("長すぎ",))


@case("results.csv-nul-byte")
def _(e: Env) -> Expect:
    n = e.set_cell(RESULTS, "北区", "1.2.b", "定義どおり測定", "は\x00い")
    return Expect(e.shown(RESULTS), n, None, ("U+0000",))


@case("results.csv-one-row-in-cp932")
def _(e: Env) -> Expect:
    n = e.row_of(RESULTS, "浪速区", "1.1.a")
    raw = e.path(RESULTS).read_bytes().split(b"\n")
    raw[n - 1] = raw[n - 1].decode("utf-8").encode("cp932")
    e.write_bytes(RESULTS, b"\n".join(raw))
    return Expect(e.shown(RESULTS), n, None, ("文字コード", "UTF-8"))


@case("results.csv-utf8-bom-on-cp932-text")
def _(e: Env) -> Expect:
    e.write_bytes(RESULTS, b"\xef\xbb\xbf" + e.read(RESULTS).encode("cp932"))
    return Expect(e.shown(RESULTS), 1, None, ("文字コード", "0x8b"))


@case("results.csv-second-file-pasted-with-its-bom")
def _(e: Env) -> Expect:
    lines = e.lines(RESULTS)
    n = len(lines)  # the file ends with a newline: the pasted header lands on the last (empty) line
    e.write(RESULTS, "\n".join(lines[:-1]) + "\n\ufeff" + lines[0] + "\n")
    return Expect(e.shown(RESULTS), n, None, ("BOM",))


@case("results.csv-cp932-opened-as-utf8")
def _(e: Env) -> Expect:
    e.write(RESULTS, cp932_read_as_utf8(e.read(RESULTS)))
    return Expect(e.shown(RESULTS), 1, None, ("U+FFFD", "文字化け"))


# == implementation.csv =========================================================================

@case("implementation.csv-header-only")
def _(e: Env) -> Expect:
    e.write(IMPLEMENTATION, e.lines(IMPLEMENTATION)[0] + "\n")
    return Expect(e.shown(IMPLEMENTATION), None, None, ("データ行がありません",))


@case("implementation.csv-renamed-column")
def _(e: Env) -> Expect:
    e.map_rows(IMPLEMENTATION, lambda r: ["状況" if c == "取組状況" else c for c in r])
    return Expect(e.shown(IMPLEMENTATION), 1, "取組状況", ("必要な列",))


@case("implementation.csv-duplicate-row")
def _(e: Env) -> Expect:
    first = e.row_of(IMPLEMENTATION, "北区", "1.2.a")
    n = e.set_cell(IMPLEMENTATION, "都島区", "1.2.a", "区", "北区")
    return Expect(e.shown(IMPLEMENTATION), n, "区", ("重複", f"{first}行目"))


@case("implementation.csv-missing-row")
def _(e: Env) -> Expect:
    e.drop_row(IMPLEMENTATION, "都島区", "2.2.a")
    return Expect(e.shown(IMPLEMENTATION), None, "区", ("2.2.a", "都島区", "行がない"))


@case("implementation.csv-unknown-indicator")
def _(e: Env) -> Expect:
    n = e.set_cell(IMPLEMENTATION, "北区", "2.3.b", "指標ID", "2.3.z")
    return Expect(e.shown(IMPLEMENTATION), n, "指標ID", ("plan.yaml にない指標ID", "2.3.z"))


@case("implementation.csv-unknown-ward")
def _(e: Env) -> Expect:
    n = e.set_cell(IMPLEMENTATION, "東成区", "1.1.a", "区", "東成")
    return Expect(e.shown(IMPLEMENTATION), n, "区", ("wards.csv にない区名", "東成"))


@case("implementation.csv-citywide-as-ward")
def _(e: Env) -> Expect:
    n = e.set_cell(IMPLEMENTATION, "北区", "1.3.a", "区", "全市")
    return Expect(e.shown(IMPLEMENTATION), n, "区", ("区名を書いてください",))


@case("implementation.csv-empty-status")
def _(e: Env) -> Expect:
    n = e.set_cell(IMPLEMENTATION, "北区", "1.1.a", "取組状況", "")
    return Expect(e.shown(IMPLEMENTATION), n, "取組状況", ("いずれか",))


@case("implementation.csv-bom-before-a-cell")
def _(e: Env) -> Expect:
    n = e.set_cell(IMPLEMENTATION, "此花区", "1.2.a", "指標ID", "\ufeff1.2.a")
    return Expect(e.shown(IMPLEMENTATION), n, None, ("BOM",))


@case("implementation.csv-invalid-utf8-bytes")
def _(e: Env) -> Expect:
    n = e.row_of(IMPLEMENTATION, "西区", "1.2.b")
    raw = e.path(IMPLEMENTATION).read_bytes().split(b"\n")
    raw[n - 1] += b"\xff\xfe"
    e.write_bytes(IMPLEMENTATION, b"\n".join(raw))
    return Expect(e.shown(IMPLEMENTATION), n, None, ("文字コード", "0xff"))


@case("implementation.csv-lone-surrogate-bytes")
def _(e: Env) -> Expect:
    n = e.row_of(IMPLEMENTATION, "港区", "1.1.a")
    raw = e.path(IMPLEMENTATION).read_bytes().split(b"\n")
    raw[n - 1] += b"\xed\xa0\x80"
    e.write_bytes(IMPLEMENTATION, b"\n".join(raw))
    return Expect(e.shown(IMPLEMENTATION), n, None, ("文字コード", "0xed"))


# == rules.yaml =================================================================================

def _add_ward_fact(e: Env, name: str, expr: str) -> int:
    """Add a ward fact after on_track (evaluated for every ward); return the line of its expr."""
    n = e.line_of(RULES, "  - name: target_reached")
    e.insert_after(RULES, n - 1, f"  - name: {name}\n    label: 追加\n    expr: {expr}")
    return n + 2


@case("rules.yaml-sandbox-mro")
def _(e: Env) -> Expect:
    n = _add_ward_fact(e, "escape", "\"().__class__.__mro__[1].__subclasses__()\"")
    return Expect(e.shown(RULES), n, None, ("__subclasses__",))


@case("rules.yaml-sandbox-cycler-globals")
def _(e: Env) -> Expect:
    n = _add_ward_fact(e, "escape", "cycler.__init__.__globals__.os")
    return Expect(e.shown(RULES), n, None, ("未定義の名前", "cycler"))


@case("rules.yaml-sandbox-format-string")
def _(e: Env) -> Expect:
    n = _add_ward_fact(e, "escape", "\"'{0.__class__.__init__.__globals__}'.format(value)\"")
    return Expect(e.shown(RULES), n, None, ("評価できません",))


@case("rules.yaml-sandbox-attr-filter", found=(
    "reportgen/rules/expr.py: Expression.__call__ returns the sandbox's StrictUndefined for an attribute "
    "the attr filter may not read, instead of failing; a fact nobody reads then holds it and the build "
    "succeeds silently (the fix belongs to expr.py, outside reportgen/load/)"))
def _(e: Env) -> Expect:
    n = _add_ward_fact(e, "escape", "\"value | attr('__class__') | attr('__base__')\"")
    return Expect(e.shown(RULES), n, None, ("評価できません",))


@case("rules.yaml-huge-string")
def _(e: Env) -> Expect:
    n = _add_ward_fact(e, "escape", "\"('x' * 10 ** 9) | length\"")
    return Expect(e.shown(RULES), n, None, ("評価できません",))


@case("rules.yaml-division-by-zero")
def _(e: Env) -> Expect:
    n = e.replace(RULES, "expr: (value / target * 100) | round_half_up(1)", "expr: (value / 0 * 100) | round_half_up(1)")
    return Expect(e.shown(RULES), n, None, ("評価できません",))


@case("rules.yaml-duplicate-key")
def _(e: Env) -> Expect:
    n = e.line_of(RULES, "table1:")
    e.insert_after(RULES, n - 1, "table2: {}")
    return Expect(e.shown(RULES), e.lines(RULES).index("table2:") + 1, None, ("table2", "重複"))


@case("rules.yaml-bad-indentation")
def _(e: Env) -> Expect:
    n = e.replace(RULES, "    label: 進捗率（％）", "   label: 進捗率（％）")
    return Expect(e.shown(RULES), n, None, ("YAML",))


@case("rules.yaml-only-comments")
def _(e: Env) -> Expect:
    e.write(RULES, "\n".join(line for line in e.lines(RULES) if line.startswith("#")) + "\n")
    return Expect(e.shown(RULES), None, None, ("空",))


@case("rules.yaml-no-statuses")
def _(e: Env) -> Expect:
    text = e.read(RULES)
    start = text.index("implementation_statuses:")
    end = text.index("\n\n", start)
    e.write(RULES, text[:start] + "implementation_statuses: []" + text[end:])
    return Expect(e.shown(RULES), text[:start].count("\n") + 1, None, ("取組状況",))


@case("rules.yaml-expression-not-text")
def _(e: Env) -> Expect:
    n = e.replace(RULES, "expr: value >= target", "expr: [value, target]")
    return Expect(e.shown(RULES), n, None, ("文字列ではありません",))


@case("rules.yaml-in-total-as-japanese-no", found=(
    "reportgen/rules/ruleset.py reads in_total/parenthesised with bool(), so the string 'いいえ' counts "
    "as true; the build then fails later in templates/sentences/edition/progress_with_comparison.j2 "
    "('<' between None and int) and the message never names rules.yaml (fix belongs to ruleset.py)"))
def _(e: Env) -> Expect:
    n = e.replace(RULES, "in_total: false", "in_total: いいえ")
    return Expect(e.shown(RULES), n, None, ("in_total",))


# == editors' prose (text/*.md, text/items/*.md) ================================================

def _put_in_line(e: Env, relative: str, number: int, text: str) -> int:
    e.edit_line(relative, number, lambda line: line[:3] + text + line[3:])
    return number


@case("text-control-character-x01")
def _(e: Env) -> Expect:
    n = _put_in_line(e, ITEM, e.line_of(ITEM, "・各区においては"), "\x01")
    return Expect(e.shown(ITEM), n, None, ("U+0001",))


@case("text-vertical-tab-x0b")
def _(e: Env) -> Expect:
    n = _put_in_line(e, ITEM, e.line_of(ITEM, "・これまで"), "\x0b")
    return Expect(e.shown(ITEM), n, None, ("U+000B",))


@case("text-noncharacter-ufffe")
def _(e: Env) -> Expect:
    n = _put_in_line(e, SUMMARY, e.line_of(SUMMARY, "・なお"), "\ufffe")
    return Expect(e.shown(SUMMARY), n, None, ("U+FFFE",))


@case("text-noncharacter-uffff")
def _(e: Env) -> Expect:
    n = _put_in_line(e, SUMMARY, e.line_of(SUMMARY, "・今後"), "\uffff")
    return Expect(e.shown(SUMMARY), n, None, ("U+FFFF",))


@case("text-lone-surrogate-bytes")
def _(e: Env) -> Expect:
    n = e.line_of(SUMMARY, "・なお")
    raw = e.path(SUMMARY).read_bytes().split(b"\n")
    raw[n - 1] = raw[n - 1][:6] + b"\xed\xa0\x80" + raw[n - 1][6:]
    e.write_bytes(SUMMARY, b"\n".join(raw))
    return Expect(e.shown(SUMMARY), n, None, ("文字コード",))


@case("text-invalid-utf8-byte")
def _(e: Env) -> Expect:
    n = e.line_of(ITEM, "・一方")
    raw = e.path(ITEM).read_bytes().split(b"\n")
    raw[n - 1] = raw[n - 1][:3] + b"\xff" + raw[n - 1][3:]
    e.write_bytes(ITEM, b"\n".join(raw))
    return Expect(e.shown(ITEM), n, None, ("文字コード", "0xff"))


@case("text-one-paragraph-in-cp932")
def _(e: Env) -> Expect:
    n = e.line_of(ITEM, "・一方")
    raw = e.path(ITEM).read_bytes().split(b"\n")
    raw[n - 1] = raw[n - 1].decode("utf-8").encode("cp932")
    e.write_bytes(ITEM, b"\n".join(raw))
    return Expect(e.shown(ITEM), n, None, ("文字コード", "UTF-8"))


@case("text-cp932-opened-as-utf8")
def _(e: Env) -> Expect:
    e.write(ITEM, cp932_read_as_utf8(e.read(ITEM)))
    return Expect(e.shown(ITEM), 1, None, ("U+FFFD", "文字化け"))


@case("text-saved-as-utf16")
def _(e: Env) -> Expect:
    e.write_bytes(SUMMARY, e.read(SUMMARY).encode("utf-16"))
    return Expect(e.shown(SUMMARY), 1, None, ("文字コード", "UTF-16"))


@case("text-bom-inside-file")
def _(e: Env) -> Expect:
    n = e.line_of(ITEM, "## 課題と改善策")
    e.edit_line(ITEM, n, lambda line: "\ufeff" + line)
    return Expect(e.shown(ITEM), n, None, ("BOM",))


@case("text-megabyte-line")
def _(e: Env) -> Expect:
    n = _put_in_line(e, ITEM, e.line_of(ITEM, "・これまで"), "あ" * MEGABYTE)
    return Expect(e.shown(ITEM), n, None, ("長すぎ",))


@case("text-megabyte-paragraph-of-wrapped-lines")
def _(e: Env) -> Expect:
    n = e.line_of(ITEM, "・これまで")
    e.insert_after(ITEM, n, "\n".join(["い" * 4_000] * 250))
    return Expect(e.shown(ITEM), n, None, ("長すぎ",))


@case("text-prose-before-first-heading")
def _(e: Env) -> Expect:
    n = e.line_of(SUMMARY, "## 1 取組")
    e.insert_after(SUMMARY, n - 2, "見出しの前に書いた文です。")
    return Expect(e.shown(SUMMARY), n - 1, None, ("見出し",))


@case("text-duplicate-heading")
def _(e: Env) -> Expect:
    n = e.line_of(ITEM, "## 課題と改善策")
    e.edit_line(ITEM, n, lambda line: "## 取組の実施状況")
    return Expect(e.shown(ITEM), n, None, ("取組の実施状況", "重複"))


@case("text-term-without-separator")
def _(e: Env) -> Expect:
    n = e.line_of(TERMS, "## 用語")
    e.replace(TERMS, "地域公共人材: ", "地域公共人材：")
    return Expect(e.shown(TERMS), n, "用語", ("用語: 説明",))


# == edition.yaml ===============================================================================

@case("edition.yaml-month-13")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 2017-13-01\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "published: 2017-13"), None, ("2017-13-01",))


@case("edition.yaml-february-30")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 2017-02-30\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "published: 2017-02"), None, ("2017-02-30",))


@case("edition.yaml-slashes")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 2017/09/01\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "published: 2017/"), "published", ("YYYY-MM-DD",))


@case("edition.yaml-japanese-era")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 平成29年9月1日\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "published: 平成"), "published", ("YYYY-MM-DD",))


@case("edition.yaml-before-1980")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 1970-01-01\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "published: 1970"), "published", ("1970-01-01",))


@case("edition.yaml-after-2107")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 2200-04-01\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "published: 2200"), "published", ("2200-04-01",))


@case("edition.yaml-date-and-time")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 2017-09-01 10:00:00\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "published: 2017-09-01 10"), "published", ("YYYY-MM-DD", "時刻"))


@case("edition.yaml-duplicate-key")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 2017-09-01\npublished: 2017-10-01\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "published: 2017-10"), None, ("published", "重複"))


@case("edition.yaml-misspelt-key")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "publised: 2017-09-01\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "publised:"), "publised", ("published",))


@case("edition.yaml-root-is-a-list")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "- published: 2017-09-01\n")
    return Expect(e.shown(EDITION), None, None, ("キー: 値",))


@case("edition.yaml-tab-indentation")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "published: 2017-09-01\n\tnote: x\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "\tnote"), None, ("YAML",))


@case("edition.yaml-contact-a-list")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "contact: [区政支援室, 06-0000-0000]\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "contact: ["), "contact", ("問い合わせ先", "文字"))


@case("edition.yaml-contact-invisible-character")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + 'contact: "区政支援室\\u202e"\n')
    return Expect(e.shown(EDITION), e.line_of(EDITION, 'contact: "'), None, ("U+202E",))  # refused where YAML is read


@case("edition.yaml-contact-too-long")
def _(e: Env) -> Expect:
    e.write(EDITION, e.read(EDITION) + "contact: " + "あ" * 501 + "\n")
    return Expect(e.shown(EDITION), e.line_of(EDITION, "contact: あ"), "contact", ("501文字", "500文字"))


# == templates/sentences/ =======================================================================

@case("template-unclosed-if", templates=True)
def _(e: Env) -> Expect:
    e.write(TARGET_J2, "{% if population %}" + e.read(TARGET_J2))
    return Expect(e.shown(TARGET_J2), 1, None, ("テンプレートの書き方",))


@case("template-unknown-variable", templates=True)
def _(e: Env) -> Expect:
    e.write(INTRODUCTION_J2, e.read(INTRODUCTION_J2).rstrip("\n") + "\n{{ fiscal_yaer }}\n")
    n = e.line_of(INTRODUCTION_J2, "fiscal_yaer")
    return Expect(e.shown(INTRODUCTION_J2), n, None, ("未定義の名前", "fiscal_yaer"))


@case("template-unknown-filter", templates=True)
def _(e: Env) -> Expect:
    e.write(INTRODUCTION_J2, e.read(INTRODUCTION_J2).rstrip("\n") + "\n{{ year | wareki }}\n")
    n = e.line_of(INTRODUCTION_J2, "wareki")
    return Expect(e.shown(INTRODUCTION_J2), n, None, ("wareki",))


@case("template-sandbox-mro", templates=True)
def _(e: Env) -> Expect:
    e.write(TARGET_J2, "{{ target.__class__.__mro__[1].__subclasses__() }}\n")
    return Expect(e.shown(TARGET_J2), None, None, ("適用できません",))


@case("template-sandbox-cycler-globals", templates=True)
def _(e: Env) -> Expect:
    e.write(TARGET_J2, "{{ cycler.__init__.__globals__.os.popen('id').read() }}\n")
    return Expect(e.shown(TARGET_J2), 1, None, ("未定義の名前", "cycler"))


@case("template-missing-file", templates=True)
def _(e: Env) -> Expect:
    n = e.replace(SENTENCES, "template: status/all_reached.j2", "template: status/all_reachd.j2")
    return Expect(e.shown(SENTENCES), n, None, ("all_reachd.j2", "がありません"))


@case("template-include-missing", templates=True)
def _(e: Env) -> Expect:
    e.write(PROGRESS_J2, e.read(PROGRESS_J2).replace("edition/_progress_main.j2", "edition/_progress.j2"))
    return Expect(e.shown(PROGRESS_J2), e.line_of(PROGRESS_J2, "edition/_progress.j2"), None, ("_progress.j2", "がありません"))


@case("template-rules-only-comments", templates=True)
def _(e: Env) -> Expect:
    e.write(SENTENCES, "# 文章ルール（空）\n")
    return Expect(e.shown(SENTENCES), None, None, ("空",))


@case("template-rules-unknown-name-in-when", templates=True)
def _(e: Env) -> Expect:
    n = e.replace(SENTENCES, "when: not on_track and risers", "when: not on_track and risen")
    return Expect(e.shown(SENTENCES), n, None, ("未定義の名前", "risen"))


@case("template-rules-syntax-error-in-when", templates=True)
def _(e: Env) -> Expect:
    n = e.replace(SENTENCES, "when: unit == 'milestone'", "when: unit == = 'milestone'")
    return Expect(e.shown(SENTENCES), n, None, ("式の書き方",))


@case("template-rules-duplicate-rule-name", templates=True)
def _(e: Env) -> Expect:
    n = e.replace(SENTENCES, "- name: none_on_track\n", "- name: none_on_track_some_rose\n")
    return Expect(e.shown(SENTENCES), n, None, ("none_on_track_some_rose", "重複"))


@case("template-rules-tab-indentation", templates=True)
def _(e: Env) -> Expect:
    n = e.replace(SENTENCES, "  leader: highest_value", "\tleader: highest_value")
    return Expect(e.shown(SENTENCES), n, None, ("YAML",))


@case("template-rules-no-rule-applies", templates=True, found=(
    "reportgen/narrative/engine.py names the file as str(folder / 'rules.yaml') instead of "
    "display_path(...), so the message shows an absolute path unlike every other message"))
def _(e: Env) -> Expect:
    e.replace(SENTENCES, 'when: "true"\n      template: edition/introduction.j2', 'when: "false"\n      template: edition/introduction.j2')
    return Expect(e.shown(SENTENCES), e.line_of(SENTENCES, "  introduction:"), "introduction", ("どのルールにも当てはまりません", "最後に"))


@case("template-rules-misspelt-slot", templates=True)
def _(e: Env) -> Expect:
    n = e.replace(SENTENCES, "  highlight:\n", "  higlight:\n")
    return Expect(e.shown(SENTENCES), n, "indicator_slots.higlight", ("知らないスロット", "「highlight」の書き間違い"))


@case("template-rules-missing-slot", templates=True)
def _(e: Env) -> Expect:
    lines = e.lines(SENTENCES)
    start = lines.index("  table2_notes:")
    end = next((n for n in range(start + 1, len(lines)) if lines[n] and not lines[n].startswith("    ")), len(lines))
    e.write(SENTENCES, "\n".join(lines[:start] + lines[end:]))
    return Expect(e.shown(SENTENCES), e.line_of(SENTENCES, "edition_slots:"), "edition_slots.table2_notes", ("table2_notes", "ルールがありません"))


@case("template-rules-slot-in-the-wrong-scope", templates=True)
def _(e: Env) -> Expect:
    e.write(SENTENCES, e.read(SENTENCES).rstrip("\n") + "\n  note:\n    - name: none\n      when: \"true\"\n")
    return Expect(e.shown(SENTENCES), len(e.lines(SENTENCES)) - 3, "edition_slots.note", ("indicator_slots に書きます",))


@case("template-control-character", templates=True, found=(
    "reportgen/narrative/engine.py reads templates with Path.read_text, not load.text.read_text: "
    "the U+0001 reaches render/docx.py and lxml's ValueError ends the build as an internal error "
    "that names no file or line (fix belongs to engine.py)"))
def _(e: Env) -> Expect:
    e.write(INTRODUCTION_J2, "\x01" + e.read(INTRODUCTION_J2))
    return Expect(e.shown(INTRODUCTION_J2), 1, None, ("U+0001",))


# == the test ===================================================================================

@pytest.fixture
def env(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    """Broken copies of data/ and templates/ in a working folder of their own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    return Env(data_copy, templates)


def _run(env: Env, out: Path, templates: bool) -> int:
    argv = ["build", "--fiscal-year", "2016", "--data", str(env.data), "--output", str(out)]
    if templates:
        argv += ["--templates", str(env.templates)]
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    except Exception as exc:  # what a user would see as a traceback
        pytest.fail(f"uncaught {type(exc).__name__}: {exc}"[:2000])


@pytest.mark.parametrize(("breakage", "templates"), CASES)
def test_bad_input_stops_the_build_with_a_located_japanese_message(
    breakage: Breakage, templates: bool, env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expect = breakage(env)
    out = tmp_path / "out"
    code = _run(env, out, templates)
    err = capsys.readouterr().err
    shown = err if len(err) < 4000 else err[:4000] + "…"

    assert code != 0, shown
    assert "Traceback" not in err and "内部エラー" not in err, shown
    prefix = expect.prefix()
    located = [line[len(prefix):] for line in err.splitlines() if line.startswith(prefix)]
    assert located, f"no message starting {prefix!r}:\n{shown}"
    fitting = [
        rest for rest in located
        if ": " in rest and JAPANESE.search(rest.split(": ", 1)[1]) and all(w in rest for w in expect.words)
    ]
    assert fitting, f"no Japanese message at {prefix!r} with {expect.words}:\n{shown}"
    assert "何も書き出しませんでした" in err, shown
    leftovers = sorted(str(p.relative_to(out)) for p in out.rglob("*")) if out.exists() else []
    assert leftovers == [], f"files left in the output folder: {leftovers}"


def test_the_corpus_is_large_and_covers_every_input_file() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 40
    for prefix in ("plan.yaml", "wards.csv", "rules.yaml", "results.csv", "implementation.csv", "text-", "edition.yaml", "template-"):
        assert any(i.startswith(prefix) for i in ids), prefix

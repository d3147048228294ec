"""reportgen check: the figures and generated statements of an edited report.docx against the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA
from editor import (
    Q,
    cell_at,
    cross_threshold,
    find,
    needs_office,
    open_doc,
    resave,
    save,
    set_text,
    table_after,
)

from reportgen.cli import main
from reportgen.living.check import numbers

EIGHTEEN = "・件数カウント対象としている19区のうち、中央区以外の18区においては"


def check(out: Path, data: Path = DATA) -> int:
    return main(["check", "--fiscal-year", "2016", "--data", str(data), "--output", str(out)])


def rewrite(report: Path, change: object) -> None:
    doc = open_doc(report.read_bytes())
    change(doc.element.body)  # type: ignore[operator]
    report.write_bytes(save(doc))


def test_a_fresh_build_agrees(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(out) == 0
    assert "すべてデータと合っています" in capsys.readouterr().out


@needs_office
def test_a_libreoffice_resave_agrees(out: Path) -> None:
    report = out / "2016" / "report.docx"
    report.write_bytes(resave(report.read_bytes()))
    assert check(out) == 0


def test_a_wrong_figure_in_a_table_is_found_with_its_caption_row_and_column(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def plant(body: object) -> None:
        table2 = table_after(body, "＜表2")
        total = next(tr for tr in table2.findall(f"{Q}tr") if "".join(t.text for t in tr.iter(f"{Q}t")).startswith("合計"))
        cells = total.findall(f"{Q}tc")
        assert "".join(t.text for t in cells[2].iter(f"{Q}t")) == "134"
        set_text(cells[2].find(f"{Q}p"), "143")

    rewrite(out / "2016" / "report.docx", plant)
    capsys.readouterr()
    assert check(out) == 1
    err = capsys.readouterr().err
    assert "不一致: " in err and "2016/report.docx ＜表2：成果目標値達成に向けた進捗状況＞ 合計「平成28年度・概ね順調」" in err
    assert "「143」はデータと合いません（データでは「134」）" in err and "1か所がデータと合いません" in err


def test_a_wrong_ward_count_in_a_sentence_is_found_and_a_rewording_is_not(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = out / "2016" / "report.docx"

    def reword(body: object) -> None:
        p = find(body, EIGHTEEN)
        set_text(p, "・19区のうち、中央区を除く18区で、進捗率が66.7％以上となり、概ね順調です（中央区は64.6％）。")

    rewrite(report, reword)
    assert check(out) == 0
    rewrite(report, lambda body: set_text(find(body, "・19区のうち、中央区を除く18区"), "・19区のうち、中央区を除く17区で、進捗率が66.7％以上です。"))
    capsys.readouterr()
    assert check(out) == 1
    err = capsys.readouterr().err
    assert "17 はデータと合いません" in err and "◆「取組の方向性」ごとの状況 ＞" in err and "中央区以外の18区" in err


def test_statements_the_corrected_data_no_longer_gives_are_found(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(tmp_path)]) == 0
    cross_threshold(data_copy)
    capsys.readouterr()
    assert check(tmp_path, data_copy) == 1
    err = capsys.readouterr().err
    assert "「8」はデータと合いません（データでは「9」）" in err
    assert "平野区をはじめ8区" in err


def test_numbers_read_full_width_commas_and_triangles() -> None:
    assert numbers("１８区、1,234件、▲ 5、参考：24、66.7％") == {"18": 1, "1234": 1, "-5": 1, "24": 1, "66.7": 1}
    assert numbers("平成28年度は28件") == {"28": 2}
    assert numbers("なし") == {}


def test_a_cell_found_by_row_and_order(built: dict[int, Path]) -> None:
    body = open_doc((built[2016] / "report.docx").read_bytes()).element.body
    assert "".join(t.text for t in cell_at(table_after(body, "＜表1"), (0, 0)).iter(f"{Q}t")) == "項目"


def test_every_generated_sentence_and_figure_is_counted(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    parts = json.loads((out / "2016" / ".reportgen-base.json").read_text(encoding="utf-8"))["parts"]
    expected = sum(1 for p in parts if "text" in p) + sum(1 for p in parts if "cells" in p for row in p["cells"] for c in row if c is not None)
    expected += 3 * sum(1 for p in parts if p.get("picture"))  # a chart: its picture, its alt text and its caption
    assert check(out) == 0
    assert f"表の数値と作成した文 {expected}か所は、すべてデータと合っています" in capsys.readouterr().out


def test_the_same_figure_in_another_width_agrees_and_a_changed_table_shape_is_noted(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def widen_and_drop_a_row(body: object) -> None:
        table1 = table_after(body, "＜表1")
        cell = cell_at(table1, (4, 3))
        assert "".join(t.text for t in cell.iter(f"{Q}t")) == "24"
        set_text(cell.find(f"{Q}p"), "２４")  # full width: the same figure
        table2 = table_after(body, "＜表2")
        table2.remove(table2.findall(f"{Q}tr")[-1])

    rewrite(out / "2016" / "report.docx", widen_and_drop_a_row)
    capsys.readouterr()
    assert check(out) == 0
    captured = capsys.readouterr()
    assert "＜表2：成果目標値達成に向けた進捗状況＞: 行・列の数が作成時と違うため、数値を確かめられませんでした" in captured.out


def test_a_generated_sentence_the_data_no_longer_gives_is_a_finding(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def plant(body: object) -> None:
        p = find(body, EIGHTEEN)
        start = p.find(f"{Q}bookmarkStart")
        start.set(f"{Q}name", "_RG_000000000000")

    rewrite(out / "2016" / "report.docx", plant)
    capsys.readouterr()
    assert check(out) == 1
    assert "今のデータでは作成されない文です" in capsys.readouterr().err

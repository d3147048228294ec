"""The CSV open data: documented headers, columns.csv wording and dates, ward_results' judged values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, ROOT, read_csv

from reportgen.build import build, render_outputs
from reportgen.datasets import describe
from reportgen.document.nodes import DataTable, EditionDate
from reportgen.errors import Problems
from reportgen.load.edition import publication_date
from reportgen.pipeline import load_inputs

TITLE = "「豊かな地域社会の形成に向けた区政運営基本方針」平成28年度の実施状況について"
SOURCE = f"大阪市『{TITLE}』"
NAMES = ("table1", "table2", "ward_results", "columns")
DOCUMENTED = re.compile(r"\*\*(\w+)\.csv\*\* `([^`]+)`")
"""A documented header in data/README.md: **table1.csv** `年度,指標ID,…`."""


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def _about(rows: list[list[str]]) -> dict[str, str]:
    """columns.csv's first rows: タイトル, 作成者, 公表日, 出典 → value."""
    return {r[1]: r[2] for r in rows[1:] if r[0] == "（このファイル）"}


def _described(rows: list[list[str]]) -> dict[tuple[str, str], tuple[str, str]]:
    return {(r[0], r[1]): (r[2], r[3]) for r in rows[1:] if r[0] != "（このファイル）"}


def _nested_kagi(text: str) -> bool:
    """True when a 「 opens inside another 「」 (which must be 『』)."""
    depth = 0
    for char in text:
        if char == "「":
            if depth:
                return True
            depth += 1
        elif char == "」":
            depth = max(0, depth - 1)
    return False


def _plan():
    inputs, problems = load_inputs(DATA, 2016)
    assert inputs is not None, list(problems)
    return inputs.plan


# == data/README.md documents exactly what is written =============================================

def test_documented_headers_are_the_written_headers(built: dict[int, Path]) -> None:
    documented: dict[str, list[str]] = {}
    for name, header in DOCUMENTED.findall((ROOT / "data" / "README.md").read_text(encoding="utf-8")):
        documented.setdefault(name, []).append(header)
    for name in NAMES:
        assert len(documented.get(name, [])) == 2, f"{name}.csv: documented once in Japanese and once in English"
        for year in (2015, 2016):
            written = ",".join(read_csv(built[year] / "csv" / f"{name}.csv")[0])
            assert documented[name] == [written, written], f"data/README.md documents {name}.csv as written ({year})"


# == columns.csv: natural descriptions, from the data ============================================

def test_every_column_is_described_in_plain_words(built: dict[int, Path]) -> None:
    rows = read_csv(built[2016] / "csv" / "columns.csv")
    described = _described(rows)
    for name in NAMES[:3]:
        for column in read_csv(built[2016] / "csv" / f"{name}.csv")[0]:
            text, _ = described.pop((name, column))
            assert text and not text.endswith(f"{column}の件数"), (name, column, text)
            assert not re.search(r"件数の件数|ないの件数|達成の件数|取組の件数|実施の件数|せずの件数|なしの件数", text), text
    assert not described, f"described but not written: {described}"
    counts = {(d, c): v for (d, c), v in _described(rows).items() if v[1] == "件"}
    assert counts and all(text.endswith("件数") or "件数。" in text or "件数（" in text for text, _ in counts.values())


def test_count_descriptions(built: dict[int, Path]) -> None:
    described = _described(read_csv(built[2016] / "csv" / "columns.csv"))
    assert described[("table1", "記載した取組を実施せず")] == ("区運営方針に記載した取組を実施しなかった件数", "件")
    assert described[("table1", "取組なし")] == ("取組を行わなかった件数", "件")
    on_track, _ = described[("table2", "概ね順調")]
    assert on_track.startswith("概ね順調（進捗率が基準以上）と判定した件数（判定しない指標は空欄）。基準は、")
    assert "平成28年度（2016年度）が66.7％" in on_track and "平成27年度（2015年度）が33.4％" in on_track
    reached, _ = described[("table2", "うち目標値を達成")]
    assert reached.startswith("目標値を達成した件数（1.3.b及び1.3.cは取組期間の累計で判定）")
    assert "平成29年度（2017年度）までに達成する値。ただし1.3.aは平成27年度（2015年度）まで" in reached
    assert described[("table2", "必ずしも順調ではない")][0].startswith("必ずしも順調ではない（進捗率が基準未満）と判定した件数")
    # the FY2015 edition has no previous year: only its own threshold
    first = _described(read_csv(built[2015] / "csv" / "columns.csv"))[("table2", "概ね順調")][0]
    assert "平成27年度（2015年度）が33.4％" in first and "平成28年度" not in first


def test_years_and_thresholds_in_descriptions_come_from_plan(data_copy: Path, tmp_path: Path) -> None:
    plan = (data_copy / "plan.yaml").read_text(encoding="utf-8")
    assert "year: 2017}" in plan and "end: 2017}" in plan
    plan = plan.replace("year: 2017}", "year: 2018}").replace("end: 2017}", "end: 2018}")
    (data_copy / "plan.yaml").write_text(plan, encoding="utf-8")
    build(data_copy, tmp_path, 2016)
    rows = read_csv(tmp_path / "2016" / "csv" / "columns.csv")
    texts = "\n".join(text for text, _ in _described(rows).values())
    assert "平成30年度（2018年度）までに達成する値" in texts
    assert "平成29年度" not in texts and "2017" not in texts
    assert "平成28年度（2016年度）が50.0％" in texts and "平成27年度（2015年度）が25.0％" in texts  # k/N of 4 years
    assert "66.7" not in texts and "33.4" not in texts


# == 出典: 『』 around a title that holds 「」 =========================================================

def test_source_names_the_publication_in_double_brackets(built: dict[int, Path]) -> None:
    rows = read_csv(built[2016] / "csv" / "columns.csv")
    about = _about(rows)
    assert about["タイトル"] == TITLE
    assert about["出典"] == SOURCE
    assert not any(_nested_kagi(cell) for row in rows for cell in row)


def test_a_column_without_a_description_is_an_error() -> None:
    with pytest.raises(ValueError, match="謎"):
        describe((DataTable("x", "x", ("謎",), ()),), "t", "a", EditionDate(dt.date(2017, 4, 1)))


# == 公表日: only a date the data gives ============================================================

def _core_created(docx: bytes) -> str:
    import zipfile

    core = zipfile.ZipFile(io.BytesIO(docx)).read("docProps/core.xml").decode("utf-8")
    found = re.search(r"<dcterms:created[^>]*>([^<]+)<", core)
    assert found
    return found.group(1)


def test_no_publication_date_in_the_data_leaves_it_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    files, _ = render_outputs(DATA, 2016)
    assert _about(_rows(files["csv/columns.csv"]))["公表日"] == ""
    assert _core_created(files["report.docx"]).startswith("2017-04-01")  # the stand-in still dates the file


def test_source_date_epoch_is_not_a_publication_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1504224000")  # 2017-09-01
    files, _ = render_outputs(DATA, 2016)
    assert _about(_rows(files["csv/columns.csv"]))["公表日"] == ""
    assert _core_created(files["report.docx"]).startswith("2017-09-01")


def test_published_date_is_stated(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1504224000")
    edition = data_copy / "2016" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + "published: 2017-09-15\n", encoding="utf-8")
    files, _ = render_outputs(data_copy, 2016)
    assert _about(_rows(files["csv/columns.csv"]))["公表日"] == "2017-09-15"
    assert _core_created(files["report.docx"]).startswith("2017-09-15")


def test_publication_date_marks_only_the_data_date(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert publication_date(data_copy, 2016, Problems()) == EditionDate(dt.date(2017, 4, 1), published=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1504224000")
    assert publication_date(data_copy, 2016, Problems()) == EditionDate(dt.date(2017, 9, 1), published=False)
    edition = data_copy / "2016" / "edition.yaml"
    edition.write_text("published: 2017-09-15\n", encoding="utf-8")
    assert publication_date(data_copy, 2016, Problems()) == EditionDate(dt.date(2017, 9, 15), published=True)


# == ward_results: what the judgement used, and the city-wide copies ===============================

def _ward_records(path: Path) -> list[dict[str, str]]:
    rows = read_csv(path)
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_ward_results_say_what_was_judged(built: dict[int, Path]) -> None:
    plan = _plan()
    counting = {i.id: i.counting for i in plan.indicators()}
    records = _ward_records(built[2016] / "csv" / "ward_results.csv")
    assert [sum(1 for r in records if r["年度"] == y) for y in ("2015", "2016")] == [408, 408]
    assert len(_ward_records(built[2015] / "csv" / "ward_results.csv")) == 408
    year_value = {(r["年度"], r["区"], r["指標ID"]): Decimal(r["実績値"]) for r in records}
    misleading = 0
    for r in records:
        judged, value = Decimal(r["判定に使った値"]), Decimal(r["実績値"])
        if counting[r["指標ID"]] == "cumulative":
            running = sum(year_value[(str(y), r["区"], r["指標ID"])] for y in range(plan.period_start, int(r["年度"]) + 1))
            assert judged == running, r
            assert r["進捗率"] == "" and r["進捗状況"] == ""
        else:
            assert judged == value, r
        assert r["目標値達成"] == ("1" if judged >= Decimal(r["目標値"]) else "0"), r
        assert r["集計単位"] == ("全市" if counting[r["指標ID"]] == "citywide" else "区"), r
        misleading += r["目標値達成"] == "1" and value < Decimal(r["目標値"])
    assert misleading  # 実績値 alone would contradict 目標値達成 on these rows: 判定に使った値 explains them


def test_city_wide_rows_are_one_value_repeated(built: dict[int, Path]) -> None:
    records = _ward_records(built[2016] / "csv" / "ward_results.csv")
    city = [r for r in records if r["集計単位"] == "全市"]
    assert {r["指標ID"] for r in city} == {"1.3.a"}
    for year in ("2015", "2016"):
        copies = [r for r in city if r["年度"] == year]
        assert len(copies) == 24
        assert len({tuple(v for k, v in r.items() if k not in ("区コード", "区")) for r in copies}) == 1


def test_new_columns_are_described(built: dict[int, Path]) -> None:
    described = _described(read_csv(built[2016] / "csv" / "columns.csv"))
    unit_text, unit = described[("ward_results", "集計単位")]
    assert "全市" in unit_text and "1.3.a" in unit_text and unit == ""
    judged, judged_unit = described[("ward_results", "判定に使った値")]
    assert "1.3.b及び1.3.c" in judged and "累計" in judged and "平成27年度（2015年度）" in judged
    assert judged_unit == "「単位」列のとおり"
    value, _ = described[("ward_results", "実績値")]
    assert "その年度に新たに創出した件数" in value


# == 統一ルール: keys never blank, text encodable ===================================================

KEYS = {"table1": ("年度", "指標ID", "成果指標"), "table2": ("年度", "指標ID", "成果指標", "集計区分"),
        "ward_results": ("年度", "区", "指標ID", "集計単位", "実績値", "判定に使った値", "単位", "目標値", "参考数値")}


@pytest.mark.parametrize("name", list(KEYS))
def test_key_columns_are_never_blank(built: dict[int, Path], name: str) -> None:
    rows = read_csv(built[2016] / "csv" / f"{name}.csv")
    where = [rows[0].index(k) for k in KEYS[name]]
    for row in rows[1:]:
        assert all(row[i] for i in where), row


def test_total_rows_name_themselves(built: dict[int, Path]) -> None:
    plan = _plan()
    table1 = read_csv(built[2016] / "csv" / "table1.csv")
    assert [r[1:3] for r in table1[1:] if r[1] == "合計"] == [["合計", "合計"]]
    outside = [i.id for i in plan.indicators() if i.counting == "cumulative"]
    assert outside == ["1.3.b", "1.3.c"]
    table2 = read_csv(built[2016] / "csv" / "table2.csv")
    totals = {r[2] for r in table2[1:] if r[1] == "合計"}
    assert totals == {"合計（1.3.b及び1.3.cを除く）"}


PLATFORM_DEPENDENT = re.compile("[\u32d0-\u32fe\u2460-\u2473\u2160-\u216b\u2474-\u2487]")  # ㋐ ① Ⅰ ⑴


def test_csv_text_has_no_platform_dependent_characters(built: dict[int, Path]) -> None:
    for name in NAMES:
        text = (built[2016] / "csv" / f"{name}.csv").read_bytes()[3:].decode("utf-8")
        assert not PLATFORM_DEPENDENT.search(text), name
        text.encode("cp932")  # opens in Excel saved as Shift_JIS too (㋐ has no CP932 code)


def test_wards_carry_their_official_code_and_wording_its_half_width_digits(built: dict[int, Path]) -> None:
    records = _ward_records(built[2016] / "csv" / "ward_results.csv")
    codes = {row["区名"]: row["区コード"] for row in csv.DictReader(io.StringIO((DATA / "wards.csv").read_text(encoding="utf-8")))}
    assert all(r["区コード"] == codes[r["区"]] for r in records)
    assert {r["区コード"] for r in records if r["区"] == "北区"} == {"27127"}
    wording = [row[2] for name in ("table1", "table2") for row in read_csv(built[2016] / "csv" / f"{name}.csv")[1:]]
    assert any("過去1年間" in w for w in wording) and not any(re.search("[０-９]", w) for w in wording)

"""The workbook's cover tells the truth about its charts (templates/sentences/web/sheet/visual.j2): the グラフ
sheet's Excel charts with their alternative text and figures when the report has charts, no picture when it has none."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from scenario import RandomPlan, random_plans

from reportgen.build import TEMPLATES, compose_edition
from reportgen.cli import main
from reportgen.document import Chart, Document
from reportgen.errors import Problems
from reportgen.narrative.engine import SentenceRules
from reportgen.render.xlsx import render_xlsx
from reportgen.render.xlsx_charts import SHEET
from reportgen.render.xlsx_cover import CONTENTS, COVER
from reportgen.web_wording import WebWording, worded

WORKBOOK = (TEMPLATES / "tables.xlsx").read_bytes()
NONE = "このブックに画像・図形・グラフはありません（すべての内容はセルの文字と数値です）。"


def cover_section(ws: Worksheet, heading: str) -> list[str]:
    """The lines under ``heading`` on the cover (down column A, up to the next heading or the end)."""
    values = [ws.cell(row, 1).value for row in range(2, ws.max_row + 1)]
    headings = [v for v, row in zip(values, range(2, ws.max_row + 1), strict=True) if ws.cell(row, 1).style == "データ見出し"]
    start = values.index(heading) + 1
    end = next((i for i in range(start, len(values)) if values[i] in headings), len(values))
    return [str(v) for v in values[start:end]]


def workbook(document: Document):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(render_xlsx(document, WORKBOOK)))


def charts_of(document: Document) -> int:
    return sum(isinstance(b, Chart) for b in document.blocks)


def test_fy2016s_cover_states_its_charts_in_the_shipped_words() -> None:
    """A golden check of the shipped wording on FY2016 (15 figures)."""
    document = compose_edition(DATA, 2016)[0].document
    wb = workbook(document)
    count = charts_of(document)
    assert count == len(wb[SHEET]._charts) > 0
    assert wb[COVER]["A2"].value == "対象期間"  # the facts start right under the title, no row left empty
    assert cover_section(wb[COVER], "このブックについて")[1] == (
        f"シート「グラフ」に、報告書の図{count}点をExcelのグラフにして載せています。"
        "各グラフには図の説明を代替テキストとして付け、その数値をグラフの左の表に載せています。"
        "このブックには、このほかに画像・図形はありません。")
    entry = f"報告書の図（{count}点）をExcelのグラフにしたもの（各グラフの数値はその左の表）"
    assert f"{SHEET}: {entry}" in cover_section(wb[COVER], "シートの内容")
    contents = {wb[CONTENTS].cell(row, 1).value: wb[CONTENTS].cell(row, 2).value for row in range(4, wb[CONTENTS].max_row + 1)}
    assert contents[SHEET] == entry
    assert NONE not in cover_section(wb[COVER], "このブックについて")


def without_charts(document: Document) -> Document:
    """``document`` with its charts left out and its words written again (as composing a report without charts would)."""
    plain = dataclasses.replace(document, blocks=tuple(b for b in document.blocks if not isinstance(b, Chart)))
    return worded(plain, WebWording(SentenceRules(TEMPLATES / "sentences", Problems()), Problems()))


def test_a_document_without_charts_says_there_is_no_picture_and_has_no_chart_sheet() -> None:
    document = without_charts(compose_edition(DATA, 2016)[0].document)
    wb = workbook(document)
    assert SHEET not in wb.sheetnames
    about = cover_section(wb[COVER], "このブックについて")
    assert about[1] == NONE and len(about) == 2
    assert not any(line.startswith(f"{SHEET}:") for line in cover_section(wb[COVER], "シートの内容"))


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans(max_wards=6))
def test_a_random_plans_cover_counts_the_charts_its_workbook_holds(plan: RandomPlan, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("plan")
    document = compose_edition(plan.write(root), plan.year)[0].document
    for case in (document, without_charts(document)):
        wb = workbook(case)
        held = len(wb[SHEET]._charts) if SHEET in wb.sheetnames else 0
        assert held == charts_of(case)
        line = cover_section(wb[COVER], "このブックについて")[1]
        if held:
            assert line.startswith(f"シート「{SHEET}」に、報告書の図{held}点をExcelのグラフにして") and "代替テキスト" in line, line
        else:
            assert line == NONE
    assert charts_of(document) > 0  # a random plan has charts: the other branch came from leaving them out


def edit(work: Path, text: str) -> None:
    (work / "templates" / "sentences" / "web" / "sheet" / "visual.j2").write_text(text, encoding="utf-8")


def test_the_template_edited_in_a_copy_changes_the_cover(work: Path) -> None:
    edit(work, "{% if count %}図は{{ count }}点、シート「{{ sheet }}」\nにあります。{% else %}図なし{% endif %}\n")
    document = compose_edition(DATA, 2016, work / "templates")[0].document
    count = charts_of(document)
    assert document.words.visual == f"図は{count}点、シート「グラフ」にあります。"
    assert cover_section(workbook(document)[COVER], "このブックについて")[1] == document.words.visual
    plain = dataclasses.replace(document, blocks=tuple(b for b in document.blocks if not isinstance(b, Chart)))
    plain = worded(plain, WebWording(SentenceRules(work / "templates" / "sentences", Problems()), Problems()))
    assert cover_section(workbook(plain)[COVER], "このブックについて")[1] == "図なし"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("{% if count %}\n{{ sheets }}\n{% endif %}\n", 2, "テンプレートに未定義の名前があります: sheets"),
    ("図\n{{ count | no_such }}\n", 2, "知らないフィルター「no_such」"),
    ("{% if count %}\n図\n{% endfor %}\n", 3, "テンプレートの書き方が正しくありません"),
    ("図\n\n{{ sheet | length / (count - count) }}\n", 3, "0 で割っています"),
])
def test_a_mistake_in_the_template_is_located_and_nothing_is_written(work: Path, capsys: pytest.CaptureFixture[str], text: str, line: int,
                                                                     words: str) -> None:
    edit(work, text)
    code = main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(work / "out"), "--templates", str(work / "templates")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"エラー: templates/sentences/web/sheet/visual.j2 {line}行目: " in err and words in err, err
    assert not (work / "out").exists() or not any((work / "out").rglob("*"))

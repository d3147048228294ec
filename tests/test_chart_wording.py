"""The charts' wording from templates (templates/sentences/charts/): an editor changes it without code, mistakes are located."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import DATA
from lxml import etree
from openpyxl import load_workbook
from wording import build_with_copy as run
from wording import edit_template

from reportgen.build import TEMPLATES, compose_edition
from reportgen.chart_wording import TEMPLATES as CHART_TEMPLATES
from reportgen.document import Chart
from reportgen.render.html import render_html
from reportgen.render.xlsx import render_xlsx

CHARTS = TEMPLATES / "sentences" / "charts"



def edit(work: Path, name: str, text: str) -> None:
    edit_template(work, "charts", name, text)


def charts(templates: Path) -> dict[str, Chart]:
    document = compose_edition(DATA, 2016, templates)[0].document
    return {c.key: c for c in (*(b for b in document.blocks if isinstance(b, Chart)), *document.charts)}


def test_every_chart_template_is_shipped_and_every_file_is_one_reportgen_reads() -> None:
    shipped = {p.relative_to(CHARTS).as_posix().removesuffix(".j2") for p in CHARTS.rglob("*.j2")}
    assert shipped == set(CHART_TEMPLATES)


def test_an_editor_rewords_every_chart_without_code(work: Path) -> None:
    """Titles, descriptions, legend, guides, units, the figures table and the Excel title all follow their templates."""
    edit(work, "rate/title", "グラフ{{ indicator }}（{{ year|fy }}）\n")
    edit(work, "rate/description", "{{ wording }}：{% for bar in judged %}{{ bar.label }}={{ bar.text }}{% endfor %}\n")
    edit(work, "ward/title", "{{ ward }}のグラフ\n")
    edit(work, "overview/description", "概観{{ first_total }}と{{ second_total }}\n")
    edit(work, "series", "順調\n順調でない\n参考\n")
    edit(work, "rate/reference_group", "{{ series.reference }}の区\n")
    edit(work, "guides/threshold", "しきい値{{ threshold }}\n")
    edit(work, "units/rate", "パーセント\n")
    edit(work, "table/wards", "行政区\n")
    edit(work, "table/caption", "{{ title }}の表\n")
    edit(work, "workbook_title", "エクセル：{{ title }}\n")
    found = charts(work / "templates")
    rate = found["rate-1.1.a"]
    assert rate.title == "グラフ1.1.a（平成28年度）"
    assert rate.description.startswith(rate.description.split("：")[0] + "：") and "北区=" in rate.description
    assert rate.series == ("順調", "順調でない", "参考") and rate.unit == "パーセント"
    assert rate.guides[0].label.startswith("しきい値") and rate.guides[1].label == "目標 100％"
    assert rate.labels.category == "行政区" and rate.labels.caption == "グラフ1.1.a（平成28年度）の表"
    assert rate.labels.workbook_title == "エクセル：グラフ1.1.a（平成28年度）"
    assert all(label in ("", "参考の区") for label, _ in rate.groups)
    assert found["ward-27102"].title == "都島区のグラフ"
    overview = found["overview"]
    assert overview.description == f"概観{sum(b.values[0] for b in overview.bars())}と{sum(b.values[1] for b in overview.bars())}"
    document = compose_edition(DATA, 2016, work / "templates")[0].document
    page = etree.HTML(render_html(document)["index.html"])
    assert page.xpath("//caption[text()='グラフ1.1.a（平成28年度）の表']")
    assert page.xpath("//*[local-name()='text' and text()='100パーセント']")  # the axis' unit
    assert page.xpath("//th[text()='行政区']")
    book = load_workbook(io.BytesIO(render_xlsx(document, (TEMPLATES / "tables.xlsx").read_bytes(), "tables.xlsx")))
    assert "行政区" in [c.value for c in book["グラフ"]["A"]]
    with zipfile.ZipFile(io.BytesIO(render_xlsx(document, (TEMPLATES / "tables.xlsx").read_bytes(), "tables.xlsx"))) as z:
        titles = ["".join(etree.fromstring(z.read(n)).xpath("/*/*[local-name()='chart']/*[local-name()='title']//*[local-name()='t']/text()"))
                  for n in sorted(z.namelist()) if n.startswith("xl/charts/chart")]
    assert "エクセル：グラフ1.1.a（平成28年度）" in titles


def test_the_shipped_wording_reads_as_the_publication(edition_2016) -> None:  # type: ignore[no-untyped-def]
    found = {c.key: c for c in edition_2016.document.blocks if isinstance(c, Chart)}
    rate = found["rate-1.1.a"]
    assert rate.title == "図 1.1.a 区ごとの進捗率（平成28年度）"
    assert rate.description.startswith("成果指標1.1.a「") and "の平成28年度の区ごとの進捗率の横棒グラフ。基準の" in rate.description
    assert [g.label for g in rate.guides] == [f"基準 {edition_2016.facts.year['threshold_percent']}％", "目標 100％"]
    assert rate.labels.caption == f"{rate.title}の数値（{rate.guides[0].label}、{rate.guides[1].label}）"
    assert rate.labels.workbook_title == f"{rate.title}（{rate.guides[0].label}、{rate.guides[1].label}）"
    assert (rate.labels.category, rate.labels.value, rate.labels.series) == ("区", "値", "区分")
    assert found["overview"].labels.category == "成果指標" and found["overview"].labels.caption == "図 表2の概観（平成28年度）の数値"
    ward = next(c for c in edition_2016.document.charts if c.key == "ward-27127")
    assert ward.title == "図 北区の成果指標ごとの進捗率（平成28年度）" and ward.labels.category == "成果指標"
    assert ward.description.startswith("北区の平成28年度の成果指標ごとの進捗率の横棒グラフ。")


@pytest.mark.parametrize(("name", "text", "line", "words"), [
    ("rate/title", "図\n{{ indicatr }}\n", 2, "未定義の名前があります: indicatr"),
    ("ward/description", "{{ ward | no_such }}\n", 1, "知らないフィルター「no_such」"),
    ("overview/title", "{% if %}\n", 1, "テンプレートの書き方が正しくありません"),
])
def test_a_mistake_in_a_chart_template_stops_the_build_at_its_line(work: Path, capsys: pytest.CaptureFixture[str], name: str, text: str,
                                                                   line: int, words: str) -> None:
    edit(work, name, text)
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert f"エラー: templates/sentences/charts/{name}.j2 {line}行目: " in err and words in err, err
    assert not (work / "out").exists() or not any((work / "out").rglob("*"))


def test_a_chart_template_that_fails_while_writing_names_its_file_and_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(work, "rate/description", "説明\n{{ judged_on / 0 }}\n")
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert "エラー: templates/sentences/charts/rate/description.j2 2行目: 図の文言のテンプレートを適用できません" in err, err
    assert not (work / "out").exists() or not any((work / "out").rglob("*"))


def test_a_missing_chart_template_and_a_legend_of_the_wrong_length_are_both_listed(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link left dangling is the folder's file, not a missing one the shipped folder would stand in for."""
    target = work / "templates" / "sentences" / "charts" / "guides" / "target.j2"
    target.unlink()
    target.symlink_to("gone.j2")
    edit(work, "series", "順調\n順調でない\n")
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert "テンプレート「charts/guides/target.j2」がありません" in err
    assert "エラー: templates/sentences/charts/series.j2: 凡例は3行" in err and "2行あります" in err, err
    assert not (work / "out").exists() or not any((work / "out").rglob("*"))


def test_a_character_no_office_file_can_hold_stops_the_build_at_the_template(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A control character made by an expression (the file's own text is checked on reading) never reaches a renderer."""
    edit(work, "rate/title", '図{{ "\\x01" }}{{ indicator }}\n')
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err and "内部エラー" not in err, err
    assert "エラー: templates/sentences/charts/rate/title.j2: 図の文言に書けない文字 制御文字 U+0001" in err, err
    assert not (work / "out").exists() or not any((work / "out").rglob("*"))


def test_a_chart_template_that_makes_too_much_is_stopped_by_the_sandbox(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loops = "".join("{% for x" + str(n) + " in bars %}" for n in range(5)) + "{{ x0.label }}" + "{% endfor %}" * 5
    edit(work, "ward/description", loops + "\n")
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert "エラー: templates/sentences/charts/ward/description.j2 1行目: 図の文言のテンプレートを適用できません" in err, err

"""The web edition's fixed words from templates (templates/sentences/web/): an editor changes them without code,
mistakes are located and nothing is written, and whatever a template or the data writes stays text on the page."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from scenario import RandomPlan, random_plans
from wording import build_with_copy as run
from wording import edit_template, nothing_written

from reportgen.build import TEMPLATES, build, compose_edition
from reportgen.render.html import render_html
from reportgen.render.xlsx import render_xlsx
from reportgen.web_wording import TEMPLATES as WEB_TEMPLATES

WEB = TEMPLATES / "sentences" / "web"



def edit(work: Path, name: str, text: str) -> None:
    edit_template(work, "web", name, text)


def test_every_web_template_is_shipped_and_every_file_is_one_reportgen_reads() -> None:
    shipped = {p.relative_to(WEB).as_posix().removesuffix(".j2") for p in WEB.rglob("*.j2")}
    assert shipped == set(WEB_TEMPLATES)


def test_an_editor_rewords_the_web_pages_and_the_chart_sheet_without_code(work: Path) -> None:
    edit(work, "ward/title", "{{ ward }}のページ：{{ subtitle }}\n")
    edit(work, "ward/lead", "{{ author }}の\n{{ ward }}について。\n")
    edit(work, "ward/caption", "表：{{ ward }}\n")
    edit(work, "ward/previous", "{{ ward }}の前の年（{{ year }}）\n")
    edit(work, "ward/results", "結果\n")
    edit(work, "ward/chart", "図\n")
    edit(work, "ward/city", "全市\n")
    edit(work, "ward/city_caption", "全市（{{ group }}）\n")
    edit(work, "page/skip", "スキップ\n")
    edit(work, "page/back", "戻る：{{ title }}\n")
    edit(work, "index/data", "数値\n")
    edit(work, "index/wards", "各区\n")
    edit(work, "sheet/title", "図の一覧\n")
    edit(work, "sheet/note", "一行目\n二行目\n")
    document = compose_edition(DATA, 2016, work / "templates")[0].document
    files = render_html(document)
    index = lxml.html.fromstring(files["index.html"])
    assert index.xpath("//a[@class='skip']")[0].text == "スキップ"
    assert index.xpath("//h2[@id='data']")[0].text == "数値" and index.xpath("//h2[@id='wards']")[0].text == "各区"
    assert [a.text for a in index.xpath("//nav[@class='toc']//a")][-2:] == ["数値", "各区"]
    ward = lxml.html.fromstring(files["wards/27127.html"])
    assert ward.xpath("//title")[0].text == ward.xpath("//h1")[0].text == f"北区のページ：{document.subtitle}"
    assert ward.xpath("//main/p")[0].text == f"{document.author}の北区について。"  # lines joined into one text
    assert ward.xpath("//caption[@id='w-c']")[0].text == "表：北区"
    assert ward.xpath("//th[@id='w-before']")[0].text == "北区の前の年（平成27年度）"
    assert [h.text for h in ward.xpath("//h2")] == ["結果", "図", "全市"]
    table2 = next(t for t in document.data if t.name == "table2")
    group = table2.rows[0][table2.columns.index("集計区分")]
    assert ward.xpath("//caption[@id='city-c']")[0].text == f"全市（{group}）"
    assert ward.xpath("//body/p/a")[0].text == f"戻る：{document.title}"
    sheet = load_workbook(io.BytesIO(render_xlsx(document, (work / "templates" / "tables.xlsx").read_bytes())))["グラフ"]
    assert (sheet["A1"].value, sheet["A2"].value) == ("図の一覧", "一行目二行目")


def test_the_shipped_words_are_the_publications(tmp_path: Path) -> None:
    """What an edition states today: a golden check of the shipped templates on FY2016's ward page of 北区."""
    document = compose_edition(DATA, 2016, TEMPLATES)[0].document
    ward = lxml.html.fromstring(render_html(document)["wards/27127.html"])
    assert ward.xpath("//h1")[0].text == "北区の成果指標の状況（平成28年度の実施状況）"
    assert ward.xpath("//main/p")[0].text == (f"{document.author}『{document.title}』から、北区の成果指標ごとの実績値・目標値・進捗率・進捗状況と、"
                                               "前年度の結果、市全体の件数をまとめたページです。")
    assert [h.text for h in ward.xpath("//h2")] == ["成果指標ごとの結果", "グラフ", "市全体の件数（比較のため）"]
    assert ward.xpath("//a[@class='skip']")[0].text == "本文へ移動"
    assert ward.xpath("//body/p/a")[0].text == f"{document.title}（目次へ）"


@pytest.mark.parametrize(("name", "text", "line", "words"), [
    ("ward/lead", "ページ\n{{ wardd }}\n", 2, "未定義の名前があります: wardd"),
    ("page/back", "{{ title | no_such }}\n", 1, "知らないフィルター「no_such」"),
    ("sheet/note", "説明\n\n{% if %}\n", 3, "テンプレートの書き方が正しくありません"),
])
def test_a_mistake_in_a_web_template_stops_the_build_at_its_line(work: Path, capsys: pytest.CaptureFixture[str], name: str, text: str,
                                                                 line: int, words: str) -> None:
    edit(work, name, text)
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert f"エラー: templates/sentences/web/{name}.j2 {line}行目: " in err and words in err, err
    assert nothing_written(work)


def test_a_web_template_that_fails_while_writing_names_its_file_and_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(work, "ward/caption", "表\n{{ ward | length / 0 }}\n")
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert "エラー: templates/sentences/web/ward/caption.j2 2行目: ウェブ版の文言のテンプレートを適用できません: 0 で割っています" in err, err
    assert nothing_written(work)


def test_a_missing_web_template_is_the_shipped_one_and_a_control_character_is_located(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "templates" / "sentences" / "web" / "index" / "wards.j2").unlink()
    code, err = run(work, capsys)
    assert code == 0 and "警告: templates/sentences/web: ウェブ版の文言のテンプレート1ファイルがこのフォルダにないため" in err, err
    assert "index/wards.j2" in err and "エラー" not in err
    shutil.rmtree(work / "out")
    shutil.copy(WEB / "index" / "wards.j2", work / "templates" / "sentences" / "web" / "index" / "wards.j2")
    edit(work, "ward/title", '{{ ward }}{{ "\\x01" }}\n')
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert "エラー: templates/sentences/web/ward/title.j2: ウェブ版の文言に書けない文字 制御文字 U+0001" in err, err
    assert nothing_written(work)


def test_markup_a_template_writes_is_shown_as_text(work: Path) -> None:
    edit(work, "ward/results", '<script>alert("x")</script>&amp;\n')
    document = compose_edition(DATA, 2016, work / "templates")[0].document
    raw = render_html(document)["wards/27127.html"].decode("utf-8")
    assert "<script" not in raw and '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;' in raw
    assert lxml.html.fromstring(raw).xpath("//h2[@id='results']")[0].text == '<script>alert("x")</script>&amp;'


HOSTILE = ['<script>区', 'A&B"区', "<b>'区"]


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans(max_wards=5))
def test_ward_names_with_markup_stay_text_in_every_worded_place(plan: RandomPlan, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A random plan whose first wards are named with markup: their titles, leads and captions are escaped text."""
    names = {old: new for old, new in zip(plan.wards, HOSTILE, strict=False)}
    hostile = dataclasses.replace(plan, wards=[names.get(w, w) for w in plan.wards],
                                  rows={y: {names.get(w, w): r for w, r in by.items()} for y, by in plan.rows.items()})
    root = tmp_path_factory.mktemp("plan")
    build(hostile.write(root), root / "out", plan.year)
    folder = root / "out" / str(plan.year) / "html"
    for path in (folder / "wards").glob("*.html"):
        raw = path.read_text(encoding="utf-8")
        assert re.search(r"<script|<b>", raw) is None, path
        page = lxml.html.fromstring(raw)
        ward = page.xpath("//caption[@id='w-c']")[0].text.removesuffix("の成果指標ごとの結果")
        assert page.xpath("//h1")[0].text == page.xpath("//title")[0].text == f"{ward}の成果指標の状況（{page.xpath('//h1')[0].text.split('（', 1)[1]}"
        assert ward in hostile.wards and f"、{ward}の成果指標ごとの" in page.xpath("//main/p")[0].text
    shown = {lxml.html.fromstring(p.read_bytes()).xpath("//caption[@id='w-c']")[0].text.removesuffix("の成果指標ごとの結果")
             for p in (folder / "wards").glob("*.html")}
    assert shown == set(hostile.wards)


def test_every_mistake_found_while_loading_is_listed_before_any_template_is_applied(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A template that would fail while writing must not hide the load mistakes of others (every problem listed)."""
    edit(work, "page/back", "{{ title | no_such }}\n")  # found when the templates load
    edit(work, "ward/lead", "ページ\n{{ wardd }}\n")  # found when the templates load
    edit(work, "ward/caption", "表\n{{ ward | length / 0 }}\n")  # would fail only when applied
    (work / "templates" / "sentences" / "charts" / "units" / "rate.j2").write_text("{{ nope }}\n", encoding="utf-8")
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert "templates/sentences/web/page/back.j2 1行目: " in err and "知らないフィルター「no_such」" in err, err
    assert "templates/sentences/web/ward/lead.j2 2行目: " in err and "wardd" in err, err
    assert "templates/sentences/charts/units/rate.j2 1行目: " in err and "nope" in err, err
    assert nothing_written(work)

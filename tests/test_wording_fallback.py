"""A city's templates folder copied before the chart and web wording existed keeps building: each missing
template of a fixed wording set is the one shipped with reportgen, with one warning per set; a file the city
has always wins (broken or not), rules.yaml's templates have no fallback, and the loader's rules hold for both folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.build import TEMPLATES, compose_edition, render_outputs
from reportgen.chart_wording import NAMED
from reportgen.chart_wording import TEMPLATES as CHART_TEMPLATES
from reportgen.cli import main
from reportgen.errors import Problems, ReportgenError, Severity
from reportgen.narrative.engine import SentenceRules
from reportgen.narrative.loader import SHIPPED, TemplateLoader
from reportgen.web_wording import TEMPLATES as WEB_TEMPLATES
from reportgen.web_wording import WebWording

SETS = {"charts": list(CHART_TEMPLATES), "web": list(WEB_TEMPLATES)}
"""Each fixed wording set's folder and its templates in declared order (the order the warning names them)."""
KINDS = {"charts": "図の文言", "web": "ウェブ版の文言"}


def fallback_warnings(problems: Problems) -> dict[str, str]:
    """The fallback warnings by wording folder (its location's last part)."""
    found = {}
    for p in problems.warnings:
        if "reportgen に付属のものを使いました" in p.message:
            folder = p.location.file.rsplit("/", 1)[-1]
            assert folder not in found, f"two warnings for {folder}"
            found[folder] = p.message
    return found


def remove(sentences: Path, folder: str, names: list[str]) -> None:
    for name in names:
        (sentences / folder / f"{name}.j2").unlink()


def run(work: Path, capsys: pytest.CaptureFixture[str], command: str = "build") -> tuple[int, str]:
    out = ["--output", str(work / "out")] if command == "build" else []
    code = main([command, "--fiscal-year", "2016", "--data", str(DATA), *out, "--templates", str(work / "templates")])
    return code, capsys.readouterr().err


def nothing_written(work: Path) -> bool:
    return not (work / "out").exists() or not any((work / "out").rglob("*"))


@pytest.fixture(scope="module")
def shipped_outputs() -> dict[str, bytes]:
    return render_outputs(DATA, 2016, TEMPLATES)[0]


@pytest.fixture(scope="module")
def shipped_document():  # type: ignore[no-untyped-def]
    return compose_edition(DATA, 2016, TEMPLATES)[0].document


def test_the_loaders_shipped_folder_is_the_builds() -> None:
    assert SHIPPED == TEMPLATES / "sentences"


def test_a_copy_without_the_wording_sets_builds_the_shipped_outputs_with_one_warning_per_set(
        work: Path, shipped_outputs: dict[str, bytes]) -> None:
    sentences = work / "templates" / "sentences"
    for folder in SETS:
        shutil.rmtree(sentences / folder)
    files, problems = render_outputs(DATA, 2016, work / "templates")
    assert files == shipped_outputs  # every output, byte for byte
    assert not problems.errors
    warnings = fallback_warnings(problems)
    assert set(warnings) == set(SETS)
    for folder, names in SETS.items():
        message = warnings[folder]
        assert message.startswith(f"{KINDS[folder]}のテンプレート{len(names)}ファイルがこのフォルダにないため"), message
        assert "、".join(f"{n}.j2" for n in names[:NAMED]) in message and f"ほか{len(names) - NAMED}ファイル" in message
        assert f"{names[NAMED]}.j2" not in message  # the first few only
        assert f"{TEMPLATES / 'sentences' / folder} のファイルを templates/sentences/{folder} にコピーして" in message, message
        assert f"copy them from {TEMPLATES / 'sentences' / folder} to templates/sentences/{folder}" in message


def test_the_cli_builds_and_shows_the_warning_once_per_set(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(work / "templates" / "sentences" / "web")
    code, err = run(work, capsys)
    assert code == 0, err
    assert err.count("警告: templates/sentences/web: ウェブ版の文言のテンプレート") == 1 and "図の文言のテンプレート" not in err, err
    assert (work / "out" / "2016" / "tables.xlsx").is_file()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(removed=st.fixed_dictionaries({folder: st.lists(st.sampled_from(names), unique=True) for folder, names in SETS.items()}))
def test_any_templates_removed_make_the_same_document_and_a_warning_counting_them(
        tmp_path_factory: pytest.TempPathFactory, shipped_document, removed: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("city")
    shutil.copytree(TEMPLATES, root / "templates")
    for folder, names in removed.items():
        remove(root / "templates" / "sentences", folder, names)
    edition, problems = compose_edition(DATA, 2016, root / "templates")
    assert edition.document == shipped_document
    warnings = fallback_warnings(problems)
    assert set(warnings) == {folder for folder, names in removed.items() if names}
    for folder, message in warnings.items():
        ordered = [n for n in SETS[folder] if n in removed[folder]]  # named in declared order
        assert f"{KINDS[folder]}のテンプレート{len(ordered)}ファイル" in message
        assert f"を使いました: {'、'.join(f'{n}.j2' for n in ordered[:NAMED])}" in message, message
        assert ("ほか" in message) == (len(ordered) > NAMED)


def test_a_file_the_city_has_wins_and_is_not_counted(work: Path) -> None:
    web = work / "templates" / "sentences" / "web"
    edited = (web / "sheet" / "title.j2").read_text(encoding="utf-8")
    shutil.rmtree(web)
    (web / "sheet").mkdir(parents=True)
    (web / "sheet" / "title.j2").write_text(edited.replace("グラフ", "市の図"), encoding="utf-8")
    edition, problems = compose_edition(DATA, 2016, work / "templates")
    assert edition.document.words.sheet_title == "市の図"
    assert edition.document.words.sheet_note != ""  # the rest from the shipped folder
    message = fallback_warnings(problems)["web"]
    assert f"{len(WEB_TEMPLATES) - 1}ファイル" in message and "sheet/title.j2" not in message


def test_a_broken_file_of_the_city_is_its_error_not_the_shipped_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    web = work / "templates" / "sentences" / "web"
    shutil.rmtree(web)
    (web / "page").mkdir(parents=True)
    (web / "page" / "back.j2").write_text("戻る\n{% if %}\n", encoding="utf-8")
    code, err = run(work, capsys)
    assert code == 1 and "Traceback" not in err
    assert "エラー: templates/sentences/web/page/back.j2 2行目: テンプレートの書き方が正しくありません" in err, err
    assert nothing_written(work)


@pytest.mark.parametrize("kind", ["folder", "link to the shipped file"])
def test_something_else_in_place_of_a_template_is_the_citys_error(work: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """A folder, or a link leading to the shipped file itself, is the city's: present, so used, so refused."""
    place = work / "templates" / "sentences" / "web" / "page" / "skip.j2"
    place.unlink()
    if kind == "folder":
        place.mkdir()
        expected = "テンプレート「web/page/skip.j2」がありません（templates/sentences/web/page/skip.j2）"
    else:
        place.symlink_to(TEMPLATES / "sentences" / "web" / "page" / "skip.j2")
        expected = "テンプレート「web/page/skip.j2」は templates/sentences の外のファイルへのリンクです"
    code, err = run(work, capsys)
    assert code == 1 and expected in err, err
    assert "reportgen に付属のものを使いました" not in err
    assert nothing_written(work)


def test_a_missing_template_rules_yaml_names_is_still_an_error(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "templates" / "sentences" / "block" / "target.j2").unlink()
    code, err = run(work, capsys, "validate")
    assert code == 1 and "テンプレート「block/target.j2」がありません（templates/sentences/block/target.j2）" in err, err


def test_rules_yaml_naming_a_wording_file_gets_no_fallback_either(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The fallback belongs to the wording sets, not to a folder: rules.yaml naming web/page/skip.j2 needs the city's own."""
    rules = work / "templates" / "sentences" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "template: block/target.j2" in text
    rules.write_text(text.replace("template: block/target.j2", "template: web/page/skip.j2", 1), encoding="utf-8")
    (work / "templates" / "sentences" / "web" / "page" / "skip.j2").unlink()
    code, err = run(work, capsys, "validate")
    assert code == 1 and "エラー: templates/sentences/rules.yaml" in err and "テンプレート「web/page/skip.j2」がありません" in err, err


@pytest.mark.parametrize("by", ["rules.yaml", "a wording template"])
def test_the_shipped_folder_is_not_reached_through_dotdot(work: Path, capsys: pytest.CaptureFixture[str], by: str) -> None:
    sentences = work / "templates" / "sentences"
    climb = os.path.relpath(TEMPLATES / "sentences" / "block" / "target.j2", sentences).replace(os.sep, "/")
    assert climb.startswith("../")
    (sentences / "block" / "target.j2").unlink()
    if by == "rules.yaml":
        rules = sentences / "rules.yaml"
        text = rules.read_text(encoding="utf-8")
        line = text[:text.index("template: block/target.j2")].count("\n") + 1
        rules.write_text(text.replace("template: block/target.j2", f"template: {climb}", 1), encoding="utf-8")
        where = f"templates/sentences/rules.yaml {line}行目"
    else:
        (sentences / "block" / "target.j2").write_text("目標\n", encoding="utf-8")
        (sentences / "web" / "page" / "skip.j2").write_text(f'{{% include "{climb}" %}}\n', encoding="utf-8")
        where = "templates/sentences/web/page/skip.j2 1行目"
    code, err = run(work, capsys, "validate")
    assert code == 1 and f"エラー: {where}" in err, err
    assert f"（「..」や絶対パスは使えません）: {climb!r}" in err, err


def test_the_shipped_folder_itself_or_a_link_to_it_gives_no_warning(tmp_path: Path) -> None:
    link = tmp_path / "templates"
    link.symlink_to(TEMPLATES)
    for folder in (TEMPLATES, link):
        problems = Problems()
        rules = SentenceRules(folder / "sentences", problems)
        loader: TemplateLoader = rules.env.loader  # type: ignore[assignment]
        assert loader.shipped is None
        WebWording(rules, problems)
        assert not problems.items


def shipped_copy(root: Path) -> Path:
    """A stand-in for reportgen's own sentence templates (so that a test may change what is 'shipped')."""
    shutil.copytree(TEMPLATES / "sentences", root / "shipped")
    return root / "shipped"


def city_without_web(root: Path) -> Path:
    shutil.copytree(TEMPLATES / "sentences", root / "city")
    shutil.rmtree(root / "city" / "web")
    return root / "city"


def test_a_shipped_template_that_imports_resolves_the_import_city_first(tmp_path: Path) -> None:
    shipped = shipped_copy(tmp_path)
    (shipped / "web" / "page" / "skip.j2").write_text('{% from "web/page/_words.j2" import skip %}{{ skip() }}\n', encoding="utf-8")
    (shipped / "web" / "page" / "_words.j2").write_text("{% macro skip() %}付属の言葉{% endmacro %}\n", encoding="utf-8")
    city = city_without_web(tmp_path)
    problems = Problems()
    assert WebWording(SentenceRules(city, problems, shipped), problems).text("page/skip") == "付属の言葉"
    assert not problems.errors
    message = fallback_warnings(problems)["web"]  # the helper is counted and named after the declared ones
    assert f"ウェブ版の文言のテンプレート{len(WEB_TEMPLATES) + 1}ファイル" in message and "page/_words.j2" not in message
    (city / "web" / "page").mkdir(parents=True)
    (city / "web" / "page" / "_words.j2").write_text("{% macro skip() %}市の言葉{% endmacro %}\n", encoding="utf-8")
    problems = Problems()
    assert WebWording(SentenceRules(city, problems, shipped), problems).text("page/skip") == "市の言葉"
    assert not problems.errors
    assert f"ウェブ版の文言のテンプレート{len(WEB_TEMPLATES)}ファイル" in fallback_warnings(problems)["web"]


def test_a_helper_a_shipped_template_imports_is_named_after_it(tmp_path: Path) -> None:
    shipped = shipped_copy(tmp_path)
    (shipped / "web" / "page" / "skip.j2").write_text('{% from "web/page/_words.j2" import skip %}{{ skip() }}\n', encoding="utf-8")
    (shipped / "web" / "page" / "_words.j2").write_text("{% macro skip() %}付属の言葉{% endmacro %}\n", encoding="utf-8")
    shutil.copytree(TEMPLATES / "sentences", tmp_path / "city")
    (tmp_path / "city" / "web" / "page" / "skip.j2").unlink()
    problems = Problems()
    WebWording(SentenceRules(tmp_path / "city", problems, shipped), problems)
    assert "ウェブ版の文言のテンプレート2ファイルがこのフォルダにないため、reportgen に付属のものを使いました: page/skip.j2、page/_words.j2。" in (
        fallback_warnings(problems)["web"])


def test_a_name_a_wording_template_computes_while_writing_falls_back_too(tmp_path: Path) -> None:
    """Names given as constants are located while loading; a computed one when it is written, by the same rule."""
    shipped = shipped_copy(tmp_path)
    (shipped / "web" / "page" / "_extra.j2").write_text("付属の続き\n", encoding="utf-8")
    city = tmp_path / "city"
    shutil.copytree(TEMPLATES / "sentences", city)
    (city / "web" / "page" / "skip.j2").write_text('本文へ{% include "web/page/_ex" ~ "tra.j2" %}\n', encoding="utf-8")
    problems = Problems()
    wording = WebWording(SentenceRules(city, problems, shipped), problems)
    assert not problems.items  # nothing of the set was missing when it loaded
    assert wording.text("page/skip") == "本文へ付属の続き"
    (city / "web" / "page" / "_extra.j2").write_text("市の続き\n", encoding="utf-8")
    assert WebWording(SentenceRules(city, Problems(), shipped), Problems()).text("page/skip") == "本文へ市の続き"


def test_rules_yaml_templates_computing_a_name_outside_the_wording_sets_get_no_fallback(tmp_path: Path) -> None:
    shipped = shipped_copy(tmp_path)
    (shipped / "block" / "_extra.j2").write_text("付属\n", encoding="utf-8")
    (shipped / "web" / "page" / "_extra.j2").write_text("付属\n", encoding="utf-8")
    rules = SentenceRules(city_without_web(tmp_path), Problems(), shipped)
    WebWording(rules, Problems())
    loader: TemplateLoader = rules.env.loader  # type: ignore[assignment]
    assert loader.locate("web/page/_extra.j2", fallback="web" in loader.shared)[1]
    with pytest.raises(Exception, match="block/_extra.j2"):
        rules.env.from_string('{% include "block/_ex" ~ "tra.j2" %}').render()


def test_a_missing_city_folder_is_not_the_shipped_one(tmp_path: Path) -> None:
    assert TemplateLoader(tmp_path / "nowhere", SHIPPED).shipped == SHIPPED
    assert TemplateLoader(SHIPPED / "web" / "..", SHIPPED).shipped is None


def test_a_shipped_file_is_checked_and_located_as_the_citys(tmp_path: Path) -> None:
    shipped = shipped_copy(tmp_path)
    (shipped / "web" / "ward" / "lead.j2").write_text("ページ\n{{ wardd }}\n", encoding="utf-8")
    (tmp_path / "outside.j2").write_text("外\n", encoding="utf-8")
    (shipped / "web" / "page" / "skip.j2").unlink()
    (shipped / "web" / "page" / "skip.j2").symlink_to(tmp_path / "outside.j2")
    city = city_without_web(tmp_path)
    problems = Problems()
    WebWording(SentenceRules(city, problems, shipped), problems)
    errors = [str(p) for p in problems.errors]
    assert f"エラー: {shipped / 'web' / 'ward' / 'lead.j2'} 2行目: テンプレートに未定義の名前があります: wardd" in errors, errors
    assert any("「web/page/skip.j2」は" in e and "の外のファイルへのリンクです" in e for e in errors), errors


def test_a_shipped_template_failing_while_writing_names_the_shipped_file(tmp_path: Path) -> None:
    shipped = shipped_copy(tmp_path)
    (shipped / "web" / "ward" / "caption.j2").write_text("表\n{{ ward | length / 0 }}\n", encoding="utf-8")
    city = city_without_web(tmp_path)
    problems = Problems()
    wording = WebWording(SentenceRules(city, problems, shipped), problems)
    assert not problems.errors
    with pytest.raises(ReportgenError) as caught:
        wording.text("ward/caption", ward="北区")
    where = caught.value.problems[0]
    assert where.severity is Severity.ERROR and where.location.file.endswith("shipped/web/ward/caption.j2") and where.location.row == 2


def test_without_a_shipped_folder_a_missing_wording_template_is_an_error(tmp_path: Path) -> None:
    city = city_without_web(tmp_path)
    problems = Problems()
    WebWording(SentenceRules(city, problems, None), problems)
    assert len(problems.errors) == len(WEB_TEMPLATES) and not problems.warnings

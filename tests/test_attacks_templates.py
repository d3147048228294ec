"""Attacks on the sandbox, through the real command line: each must stop the build with the template (or rules.yaml) line.

A case fails if it escapes the sandbox, runs long, eats memory, ends in an internal error, or gives
a message without file and line. The limits are made small here (10,000 characters, 0.5 s) so that
a case that would make 300 MB on unbounded code makes 20 kB instead and every test stays fast.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import DATA

from reportgen import sandbox
from reportgen.cli import main
from reportgen.errors import Location, Problems, RuleError
from reportgen.rules.expr import compile_expression

INTRO = "sentences/edition/introduction.j2"
RULES = "sentences/rules.yaml"


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_TEXT", 10_000)
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)



def build(work: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, float]:
    """Run ``build`` with the copied templates: exit code, stderr and seconds taken."""
    start = time.perf_counter()
    code = main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(work / "out"), "--templates", str(work / "templates")])
    seconds = time.perf_counter() - start
    return code, capsys.readouterr().err, seconds


def assert_located(code: int, err: str, prefix: str, work: Path) -> None:
    """Exit 1, the first error starting with ``prefix`` (file and line), no traceback, nothing written."""
    assert code == 1, err[:2000]
    assert "Traceback" not in err and "内部エラー" not in err, err[:2000]
    errors = [line for line in err.splitlines() if line.startswith("エラー: ")]
    assert errors and errors[0].startswith(prefix), err[:2000]
    assert len(err) < 5_000, "the message quotes too much"
    assert not (work / "out").exists() or not any((work / "out").rglob("*"))


# Each payload is written on line 2 of the introduction's template, after a line of plain text.
TEMPLATE_PAYLOADS = {
    "percent_width": "{{ '%020000d' % 1 }}",
    "percent_star_width": "{{ '%*d' % (20000, 1) }}",
    "center_filter": "{{ 'a' | center(20000) }}",
    "indent_filter": "{{ ('a\\n' * 3000) | indent(10) }}",
    "format_width": "{{ '{:>20000}'.format(1) }}",
    "format_fields_total": "{{ ('{0}' * 1000).format('a' * 100) }}",
    "format_map_width": "{{ '{x:>20000}'.format_map({'x': 1}) }}",
    "format_filter": "{{ '%20000s' | format('a') }}",
    "join_filter": "{{ ('a' * 100) | list | join('x' * 200) }}",
    "str_join_method": "{{ ('x' * 200).join('a' * 100) }}",
    "replace_filter": "{{ ('a' * 1000) | replace('a', 'b' * 30) }}",
    "replace_method": "{{ ('a' * 1000).replace('a', 'b' * 30) }}",
    "zfill_method": "{{ '1'.zfill(20000) }}",
    "expandtabs_method": "{{ ('\\t' * 100).expandtabs(300) }}",
    "to_bytes_method": "{{ (1).to_bytes(20000, 'big') | length }}",
    "batch_filter": "{{ 'abc' | batch(200000, 'x') | list | length }}",
    "wordwrap_filter": "{{ ('a ' * 2000) | wordwrap(1, wrapstring='x' * 10) }}",
    "repetition_chain": "{{ 'a' * 5000 * 3 }}",
    "list_repetition": "{{ (([1] * 1000) * 200) | length }}",
    "nested_literals": "{% set a = ['x','x','x','x','x','x','x','x','x','x'] %}{% set b = [a,a,a,a,a,a,a,a,a,a] %}"
    "{% set c = [b,b,b,b,b,b,b,b,b,b] %}{% set d = [c,c,c,c,c,c,c,c,c,c] %}{{ d | length }}",
    "concat_tilde": "{% set s = 'a' * 4000 %}{{ s ~ s ~ s }}",
    "output_loop": "{% for i in 'x' * 100 %}{{ 'y' * 200 }}{% endfor %}",
    "macro_output": "{% macro m() %}{% for i in 'x' * 100 %}{{ 'y' * 200 }}{% endfor %}{% endmacro %}{{ m() | length }}",
    "int_power_chain": "{% set x = 2 ** 64 %}{% set y = x ** 64 %}{% set z = y ** 64 %}{{ z > 0 }}",
    "int_product_chain": "{% set x = 7 ** 60 %}{% set y = x * x * x * x * x * x * x * x %}{% set z = y * y * y * y * y * y * y * y %}{% set w = z * z * z * z * z * z * z * z %}{{ w > 0 }}",
    "decimal_scaleb": "{{ (threshold.scaleb(400000) | int) > 0 }}",
    "view_written_as_text": "{{ indicators }}",
    "view_in_format": "{{ '{}'.format(indicators[0]) }}",
    "macro_recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "runaway_loops": "{% for i in 'x' * 5000 %}{% for j in 'x' * 5000 %}{% if j == 'y' %}z{% endif %}{% endfor %}{% endfor %}",
    "refused_attribute_in_a_list": "{{ [year] | map(attribute='__class__') | list }}",
    "int_of_a_long_string": "{{ ('9' * 5000) | int }}",
    "huge_int_literal": "{{ 1" + "0" * 5000 + " }}",
    "deep_parentheses": "{{ " + "(" * 300 + "1" + ")" * 300 + " }}",
    "long_filter_chain": "{{ 1" + " | abs" * 1000 + " }}",
    "long_operator_chain": "{{ 1" + " + 1" * 1000 + " }}",
}


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS.values(), ids=TEMPLATE_PAYLOADS.keys())
@pytest.mark.usefixtures("small_limits")
def test_template_payload_stops_at_its_line(payload: str, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "templates" / INTRO).write_text("前文\n" + payload + "\n", encoding="utf-8")
    code, err, seconds = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{INTRO} 2行目", work)
    assert seconds < 10


def write(work: Path, relative: str, text: str) -> None:
    path = work / "templates" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def rules_line(work: Path, needle: str) -> int:
    lines = (work / "templates" / RULES).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def point_introduction_at(work: Path, name: str) -> int:
    """Make the introduction rule use template ``name``; return the line of ``template:``."""
    path = work / "templates" / RULES
    path.write_text(path.read_text(encoding="utf-8").replace("template: edition/introduction.j2", f"template: {name}"), encoding="utf-8")
    return rules_line(work, f"template: {name}")


def test_a_template_including_itself_is_named_at_its_include_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work, INTRO, "前文\n{% include 'edition/introduction.j2' %}\n")
    code, err, _ = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{INTRO} 2行目: テンプレートの読み込みが循環しています", work)


def test_two_templates_importing_each_other_are_named(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work, INTRO, "{% import 'edition/a.j2' as a %}{{ a.x() }}\n")
    write(work, "sentences/edition/a.j2", "{% import 'edition/b.j2' as b %}\n{% macro x() %}{{ b.y() }}{% endmacro %}\n")
    write(work, "sentences/edition/b.j2", "\n\n{% from 'edition/a.j2' import x %}\n{% macro y() %}{{ x() }}{% endmacro %}\n")
    code, err, _ = build(work, capsys)
    assert_located(code, err, "エラー: templates/sentences/edition/b.j2 3行目: テンプレートの読み込みが循環しています", work)
    assert "edition/a.j2 → edition/b.j2 → edition/a.j2" in err


def test_a_template_extending_itself_is_named(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work, INTRO, "{% extends 'edition/introduction.j2' %}\n")
    code, err, _ = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{INTRO} 1行目: テンプレートの読み込みが循環しています", work)


@pytest.mark.parametrize("name", ["../outside.j2", "ABSOLUTE"])
def test_a_template_named_outside_the_folder_is_refused_at_its_line(name: str, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = work / "templates" / "outside.j2"
    outside.write_text("フォルダの外の文章\n", encoding="utf-8")
    line = point_introduction_at(work, str(outside.resolve()) if name == "ABSOLUTE" else name)
    code, err, _ = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{RULES} {line}行目「introduction.default.template」: テンプレートは", work)


def outside_file(work: Path) -> Path:
    secret = work / "secret.txt"
    secret.write_text("フォルダの外の秘密\n", encoding="utf-8")
    return secret


def test_a_symlinked_include_leading_outside_is_refused_at_the_include(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink(outside_file(work), work / "templates" / "sentences" / "edition" / "link.j2")
    write(work, INTRO, "前文\n{% include 'edition/link.j2' %}\n")
    code, err, _ = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{INTRO} 2行目: テンプレート「edition/link.j2」は", work)
    assert "秘密" not in err


def test_a_symlinked_template_leading_outside_is_refused_in_the_rules(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink(outside_file(work), work / "templates" / "sentences" / "link.j2")
    line = point_introduction_at(work, "link.j2")
    code, err, _ = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{RULES} {line}行目", work)


def test_a_dynamic_include_of_a_symlink_is_refused_when_it_runs(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.symlink(outside_file(work), work / "templates" / "sentences" / "edition" / "link.j2")
    write(work, INTRO, "前文\n{% set n = 'edition/link' ~ '.j2' %}\n{% include n %}\n")
    code, err, _ = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{INTRO} 3行目", work)
    assert "秘密" not in err


def test_an_include_of_a_file_above_the_folder_is_refused(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work, INTRO, "前文\n{% include '../report.docx' %}\n")
    code, err, _ = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{INTRO} 2行目: テンプレートは", work)


def test_a_huge_template_is_refused(work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.narrative import loader

    monkeypatch.setattr(loader, "MAX_TEMPLATE_CHARS", 5_000)
    write(work, INTRO, "前文" * 3_000 + "\n")
    code, err, _ = build(work, capsys)
    assert_located(code, err, f"エラー: templates/{INTRO}: テンプレートが大きすぎます", work)


# rules.yaml expressions: compiled and evaluated directly (the build reaches them the same way)
EXPRESSION_PAYLOADS = {
    "scaleb_to_int": "value.scaleb(400000) | int",
    "scaleb": "value.scaleb(5000) > 0",
    "percent_width": "'%0300000000d' % 1",
    "format_width": "'{:>300000000}'.format(value)",
    "repeat": "('a' * 99999 * 99999) | length",
    "power_chain": "((2 ** 64) ** 64) ** 64 > 0",
    "view_like_repr": "('{0!r}'.format([['x'] * 99999] * 99999)) | length",
}


@pytest.mark.parametrize("source", EXPRESSION_PAYLOADS.values(), ids=EXPRESSION_PAYLOADS.keys())
def test_expression_payloads_fail_fast_with_their_line(source: str) -> None:
    problems = Problems()
    where = Location("data/rules.yaml", 12, "ward_facts.x")
    expression = compile_expression(source, where, ["value"], problems)
    assert expression is not None, problems.items
    start = time.perf_counter()
    with pytest.raises(RuleError) as error:
        expression({"value": sandbox.Decimal("12.5")}, "テスト")
    assert time.perf_counter() - start < 1
    assert str(error.value).startswith("エラー: data/rules.yaml 12行目")


def test_a_slow_expression_meets_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.02)
    problems = Problems()
    expression = compile_expression("(('a ' * 40000) | wordwrap(1)) | length", Location("data/rules.yaml", 7), ["value"], problems)
    assert expression is not None
    with pytest.raises(RuleError) as error:
        expression({"value": 1}, "テスト")
    assert "0.02秒" in str(error.value) and "data/rules.yaml 7行目" in str(error.value)


@pytest.mark.parametrize("source", ["1" + "0" * 5000, "(" * 300 + "1" + ")" * 300, "1" + " | abs" * 1000])
def test_an_expression_beyond_pythons_parser_is_a_located_problem(source: str) -> None:
    problems = Problems()
    assert compile_expression(source, Location("data/rules.yaml", 9), ["value"], problems) is None
    assert str(problems.errors[0]).startswith("エラー: data/rules.yaml 9行目: 式")
    assert len(str(problems.errors[0])) < 400


def test_the_repositorys_templates_still_build_within_the_limits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The bounds refuse nothing the real templates do (the published sentences are unchanged elsewhere)."""
    code = main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err


def test_the_random_filter_is_not_offered_outputs_must_repeat() -> None:
    from reportgen.build import TEMPLATES
    from reportgen.errors import Problems
    from reportgen.narrative.engine import make_environment
    from reportgen.rules.expr import make_environment as expression_environment

    assert "random" not in make_environment(TEMPLATES / "sentences", "highest_value", "half").filters
    assert "random" not in expression_environment().filters
    assert Problems().items == []


# -- templates compiled when first used (issue 17): what loading checked stays checked at load ------

@pytest.mark.parametrize(("payload", "what"), [("{{ year | no_such_filter }}", "フィルター「no_such_filter」"),
                                                ("{% if year is no_such_test %}x{% endif %}", "テスト「no_such_test」")])
def test_an_unknown_filter_or_test_is_refused_at_load_even_in_a_template_never_used(
    payload: str, what: str, work: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    write(work, "sentences/edition/unused.j2", "前文\n" + payload + "\n")
    path = work / "templates" / RULES
    text = path.read_text(encoding="utf-8")
    rule = "    - name: default\n      when: \"true\"\n      template: edition/introduction.j2\n"
    assert rule in text
    path.write_text(text.replace(rule, rule.replace("- name: default", "- name: never\n      when: \"false\"\n      template: edition/unused.j2\n    - name: default")), encoding="utf-8")
    code, err, _ = build(work, capsys)
    assert_located(code, err, "エラー: templates/sentences/edition/unused.j2 2行目: 知らない" + what, work)


def test_an_imported_template_beyond_pythons_parser_is_named_at_its_own_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(work, "sentences/edition/deep.j2", "{% macro m() %}\n{{ " + "(" * 300 + "1" + ")" * 300 + " }}\n{% endmacro %}\n")
    write(work, INTRO, "前文\n{% import 'edition/deep.j2' as d %}{{ d.m() }}\n")
    code, err, _ = build(work, capsys)
    assert_located(code, err, "エラー: templates/sentences/edition/deep.j2 2行目", work)

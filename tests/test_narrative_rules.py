"""Sentence rules on hand-made data: shapes, a ward crossing a threshold, broken templates, year 1."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario import WARDS, make_data, three_years
from test_narrative_fy2016 import achievement_blocks

from reportgen.build import TEMPLATES, compose_edition
from reportgen.cli import main
from reportgen.compose import INDICATOR_SLOTS
from reportgen.errors import InputError, Location, Problem, Problems, RuleError, display_path
from reportgen.narrative.engine import SLOTS, SentenceRules

PREVIOUS = {w: ("30", "500") for w in WARDS}


def first_block(data: Path, year: int = 2016, templates: Path = TEMPLATES) -> tuple[str, dict]:
    edition, _ = compose_edition(data, year, templates)
    item = edition.facts.indicators[0]
    return "".join(achievement_blocks(edition.document)[0]), dict(item.table2["counted"])


def test_all_wards_on_track(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: {w: ("45", "500") for w in WARDS}})
    text, counts = first_block(data)
    assert counts["on_track"] == 3
    assert text == "・すべての区において、進捗率が66.7％以上となっており、目標達成に向けた進捗状況は、概ね順調です。"


def test_no_ward_on_track_and_none_rose(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: {w: ("20", "500") for w in WARDS}})
    text, counts = first_block(data)
    assert counts["on_track"] == 0
    assert text == "・すべての区において、進捗率が66.7％未満であり、必ずしも順調とはいえない状況です。"


def test_no_ward_on_track_some_rose_names_the_leader(tmp_path: Path) -> None:
    values = {"東区": ("31", "500"), "西区": ("32", "500"), "南区": ("20", "500")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: values})
    text, _ = first_block(data)
    assert text.startswith("・西区をはじめ2区においては、平成27年度に比べて成果指標が上がっているものの、")


def test_all_reached_and_reference_note(tmp_path: Path) -> None:
    values = {"東区": ("55", "500"), "西区": ("60", "500"), "南区": ("52", "12")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: values})
    text, counts = first_block(data)
    assert counts == {"count": 2, "on_track": 2, "target_reached": 2, "not_on_track": 0, "not_reached": 0}
    # 南区 is a reference value that reached the target too: 「すべての区」 is true of all three (the seed's 1.4.b)
    assert "・すべての区において、平成29年度までの目標値を達成することができました。" in text
    assert "（・なお、件数カウントの対象としていない1区においても、参考数値ではあるものの、平成29年度までの目標値を達成することができています。）" in text


def test_all_counted_reached_but_a_reference_ward_did_not(tmp_path: Path) -> None:
    values = {"東区": ("55", "500"), "西区": ("60", "500"), "南区": ("20", "12")}
    text, _ = first_block(make_data(tmp_path, years={2015: PREVIOUS, 2016: values}))
    # 南区 is a reference value below the target: 「すべての区」 would be false of it
    assert "・件数カウント対象としている2区すべてにおいて、平成29年度までの目標値を達成することができました。" in text
    assert "すべての区" not in text


def test_every_ward_counted_and_reached_reads_as_every_ward(tmp_path: Path) -> None:
    values = {"東区": ("55", "500"), "西区": ("60", "500"), "南区": ("52", "500")}
    text, counts = first_block(make_data(tmp_path, years={2015: PREVIOUS, 2016: values}))
    assert counts["count"] == 3 and counts["target_reached"] == 3
    assert "・すべての区において、平成29年度までの目標値を達成することができました。" in text
    assert "件数カウント対象としている" not in text


def test_the_leader_parameter_changes_the_named_ward(tmp_path: Path) -> None:
    values = {"東区": ("31", "500"), "西区": ("32", "500"), "南区": ("20", "500")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: values})
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    rules = templates / "sentences" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("leader: highest_value", "leader: first_in_order"), encoding="utf-8")
    text, _ = first_block(data, templates=templates)
    assert text.startswith("・東区をはじめ2区においては")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.decimals(min_value=Decimal("0.0"), max_value=Decimal("100.0"), places=1))
def test_a_ward_crossing_the_threshold_changes_table_and_sentence_together(tmp_path_factory, value: Decimal) -> None:
    root = tmp_path_factory.mktemp("cross")
    values = {"東区": (str(value), "500"), "西区": ("45", "500"), "南区": ("45", "500")}
    data = make_data(root, years={2015: PREVIOUS, 2016: values})
    text, counts = first_block(data)
    progress = (value / 50 * 100).quantize(Decimal("0.1"))
    on_track = progress >= Decimal("66.7")
    assert counts["on_track"] == (3 if on_track else 2)
    assert counts["target_reached"] == (1 if value >= 50 else 0)
    if on_track:
        assert "すべての区において、進捗率が66.7％以上" in text
        assert ("特に、東区においては" in text) == (value >= 50)
    else:
        assert "東区以外の2区においては、進捗率が66.7％以上" in text
        assert f"（東区の進捗率は{progress}％でした）" in text


def test_fy2015_reads_as_year_one(tmp_path: Path) -> None:
    edition, _ = compose_edition(ROOT / "data", 2015)
    text = "".join(b.text for b in edition.document.paragraphs())
    assert "33.4％" in text and "66.7％" not in text
    assert "前年度との比較" not in text and "平成26年度" not in text
    assert "取組期間3年間の1年目" in text


@pytest.mark.parametrize(("broken", "fragment"), [
    ("・{{ year | fy }は、", "status/all_on_track.j2 1行目"),
    ("・{{ no_such_name }}", "status/all_on_track.j2 1行目"),
])
def test_a_broken_template_fails_the_build_naming_file_and_line(tmp_path: Path, capsys, broken: str, fragment: str) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "sentences" / "status" / "all_on_track.j2").write_text(broken + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        compose_edition(ROOT / "data", 2016, templates)
    assert any(fragment in str(p) for p in error.value.problems), [str(p) for p in error.value.problems]


def test_an_unknown_name_in_a_sentence_condition_is_reported_with_its_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    rules = templates / "sentences" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("when: not on_track and risers", "when: not on_track and risers_typo"), encoding="utf-8")
    line = next(n for n, text_line in enumerate(rules.read_text(encoding="utf-8").split("\n"), start=1) if "risers_typo" in text_line)
    with pytest.raises(InputError) as error:
        compose_edition(ROOT / "data", 2016, templates)
    assert any(f"rules.yaml {line}行目" in str(p) and "risers_typo" in str(p) for p in error.value.problems)


def test_cli_reports_a_broken_template_without_traceback(tmp_path: Path, capsys) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "sentences" / "block" / "highlight.j2").write_text("{% if %}\n", encoding="utf-8")
    code = main(["build", "--fiscal-year", "2016", "--data", str(ROOT / "data"), "--templates", str(templates), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "highlight.j2 1行目" in err
    assert not (tmp_path / "out").exists()


def test_templates_saved_in_cp932_are_read_like_other_text_files(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    intro = templates / "sentences" / "edition" / "introduction.j2"
    intro.write_bytes(intro.read_text(encoding="utf-8").encode("cp932"))
    edition, _ = compose_edition(ROOT / "data", 2016, templates)
    reference, _ = compose_edition(ROOT / "data", 2016)
    assert [p.text for p in edition.document.paragraphs()] == [p.text for p in reference.document.paragraphs()]


def test_no_counted_ward_says_so_and_the_reference_note_does_not_say_also(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: {w: ("45", "100") for w in WARDS}})
    text, counts = first_block(data)
    assert counts["count"] == 0
    assert text.startswith("・すべての区の結果が参考数値であるため、件数カウントの対象となる区はありません。")
    assert "（・なお、件数カウントの対象としていない3区においては、参考数値ではあるものの、いずれも進捗率が66.7％以上" in text
    assert "未満" not in text


def test_a_single_ward_of_creations_is_named_alone(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: {w: ("45", "500") for w in WARDS}})
    edition, _ = compose_edition(data, 2016, TEMPLATES)
    creations = "".join(achievement_blocks(edition.document)[1])
    # what was created, where and how many (issue 20, item 2): the noun from the indicator's wording
    assert "平成28年度は、東区において、1件の取組が新たに創出されました。" in creations


def test_year_on_year_states_the_falls_and_the_rises_each_with_its_own_sum(data_copy: Path) -> None:
    # Three wards were not on track on 2.2.a in FY2015: that item now rises by 3 while nine items fall by 152.
    results = data_copy / "2015" / "results.csv"
    lines = results.read_text(encoding="utf-8").splitlines()
    changed = 0
    for n, line in enumerate(lines):
        ward, ident, *rest = line.split(",")
        if ident == "2.2.a" and ward in ("北区", "都島区", "福島区"):
            lines[n] = ",".join([ward, ident, "20.0", *rest[1:]])
            changed += 1
    assert changed == 3
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edition, _ = compose_edition(data_copy, 2016, TEMPLATES)
    text = "".join(p.text for p in edition.document.paragraphs())
    assert "概ね順調であった件数は、昨年度の283件から" in text
    # the net change first, the rises and falls after it (issue 20, item 5)
    assert "概ね順調であった件数は、昨年度の283件から149件減少し134件（増加3件、減少152件）となっています。" in text


def test_the_rise_shape_is_used_only_when_every_reached_count_rose(edition_2016) -> None:
    summary = [p.text for p in edition_2016.document.paragraphs() if p.source == "generated:summary_strategy.default"]
    first, second = summary[0], next(t for t in summary if "自律" not in t and "地域住民の意見" in t)
    assert "8区（平成27年度は13区）で" in first and "増加しています" not in first  # 1.1.a fell from 13 to 8 (表2: ▲5)
    assert "の項目で0区から1区に、" in second and "それぞれ昨年度から増加しています。" in second


# -- the rules file itself: slots, lines of values and names ---------------------------------------

def minimal_rules(folder: Path, edit: Callable[[str], str] = lambda text: text, templates: dict[str, str] | None = None) -> Path:
    """A sentences folder of our own (independent of templates/): every slot, each writing nothing."""
    lines = ["parameters:", "  leader: highest_value"]
    for scope, slots in SLOTS.items():
        lines.append(f"{scope}:")
        for slot in slots:
            lines += [f"  {slot}:", "    - name: nothing", '      when: "true"']
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rules.yaml").write_text(edit("\n".join(lines) + "\n"), encoding="utf-8")
    for name, text in (templates or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def load_rules(folder: Path) -> tuple[SentenceRules, list[Problem]]:
    problems = Problems()
    rules = SentenceRules(folder, problems)
    return rules, problems.errors


def line_of(folder: Path, needle: str) -> int:
    return next(n for n, line in enumerate((folder / "rules.yaml").read_text(encoding="utf-8").split("\n"), start=1) if needle in line)


def test_the_minimal_rules_load_cleanly(tmp_path: Path) -> None:
    rules, errors = load_rules(minimal_rules(tmp_path / "s"))
    assert errors == []
    assert set(rules.slots) == {s for slots in SLOTS.values() for s in slots}


def test_a_misspelt_slot_is_reported_when_the_rules_are_loaded(tmp_path: Path) -> None:
    folder = minimal_rules(tmp_path / "s", lambda t: t.replace("  highlight:", "  higlight:"))
    _, errors = load_rules(folder)
    [error] = errors  # one message: the typo, not also a separate "highlight is missing"
    assert error.location == Location(display_path(folder / "rules.yaml"), line_of(folder, "higlight:"), "indicator_slots.higlight")
    assert "知らないスロット「higlight」です。「highlight」の書き間違いではありませんか" in error.message


def test_a_missing_slot_is_reported_at_its_scope(tmp_path: Path) -> None:
    folder = minimal_rules(tmp_path / "s", lambda t: t.replace('  note:\n    - name: nothing\n      when: "true"\n', ""))
    _, errors = load_rules(folder)
    [error] = errors
    assert (error.location.row, error.location.column) == (line_of(folder, "indicator_slots:"), "indicator_slots.note")
    assert "スロット「note」のルールがありません" in error.message


def test_a_slot_under_the_wrong_scope_names_the_right_one(tmp_path: Path) -> None:
    moved = '  introduction:\n    - name: nothing\n      when: "true"\n'
    folder = minimal_rules(tmp_path / "s", lambda t: t.replace(moved, "").replace("indicator_slots:\n", "indicator_slots:\n" + moved))
    _, errors = load_rules(folder)
    [error] = errors
    assert (error.location.row, error.location.column) == (line_of(folder, "introduction:"), "indicator_slots.introduction")
    assert "edition_slots に書きます" in error.message


def test_a_misspelt_scope_is_one_message_with_the_right_name(tmp_path: Path) -> None:
    folder = minimal_rules(tmp_path / "s", lambda t: t.replace("edition_slots:", "edition_slot:"))
    _, errors = load_rules(folder)
    [error] = errors
    assert error.location.row == line_of(folder, "edition_slot:")
    assert "「edition_slots」の書き間違い" in error.message


def test_slots_the_composer_renders_are_exactly_the_known_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: set[str] = set()
    original = SentenceRules.render

    def recording(self: SentenceRules, slot: str, context, what: str):
        rendered.add(slot)
        return original(self, slot, context, what)

    monkeypatch.setattr(SentenceRules, "render", recording)
    compose_edition(ROOT / "data", 2016)
    assert rendered == {s for slots in SLOTS.values() for s in slots}
    assert set(INDICATOR_SLOTS) <= set(SLOTS["indicator_slots"])


def test_no_rule_applying_names_the_slot_line_and_the_fix(tmp_path: Path) -> None:
    folder = minimal_rules(tmp_path / "s", lambda t: t.replace('  introduction:\n    - name: nothing\n      when: "true"', '  introduction:\n    - name: nothing\n      when: "false"'))
    rules, errors = load_rules(folder)
    assert errors == []
    with pytest.raises(RuleError) as error:
        rules.render("introduction", {}, "前文")
    [problem] = error.value.problems
    assert problem.location.row == line_of(folder, "introduction:")
    assert "最後に when: \"true\" のルールを置いてください" in problem.message and "最后" not in problem.message


def with_intro_template(folder: Path, template: str) -> Path:
    """Minimal rules whose introduction is written by ``intro.j2`` holding ``template``."""
    rule = '  introduction:\n    - name: nothing\n      when: "true"'
    return minimal_rules(folder, lambda t: t.replace(rule, rule + "\n      template: intro.j2"), {"intro.j2": template})


def test_an_unknown_name_is_reported_at_the_line_that_reads_it(tmp_path: Path) -> None:
    # 'yea' occurs as text on lines 1 and 2 (inside 'year', in a comment); only line 3 reads it
    template = "{{ year }}年\n{# yea: 年の略 #}\n{{ yea }}\n"
    folder = with_intro_template(tmp_path / "s", template)
    _, errors = load_rules(folder)
    [error] = errors
    assert (error.location.file, error.location.row) == (display_path(folder / "intro.j2"), 3)
    assert "未定義の名前があります: yea" in error.message


def test_a_template_value_on_its_own_line_is_located_there(tmp_path: Path) -> None:
    folder = minimal_rules(
        tmp_path / "s",
        lambda t: t.replace('  introduction:\n    - name: nothing\n      when: "true"', '  introduction:\n    - name: nothing\n      when:\n        true and yeer\n      template:\n        edition/intro.j2'),
    )
    _, errors = load_rules(folder)
    rows = {e.location.column: (e.location.row, e.message) for e in errors}
    assert rows["introduction.nothing.template"][0] == line_of(folder, "edition/intro.j2")
    assert "edition/intro.j2" in rows["introduction.nothing.template"][1]
    assert rows["introduction.nothing.when"][0] == line_of(folder, "true and yeer")


def test_a_missing_included_template_is_reported_at_the_include(tmp_path: Path) -> None:
    template = "{{ year }}\n\n{% include 'parts/none.j2' %}\n"
    folder = with_intro_template(tmp_path / "s", template)
    _, errors = load_rules(folder)
    [error] = errors
    assert (error.location.file, error.location.row) == (display_path(folder / "intro.j2"), 3)
    assert "parts/none.j2" in error.message


def _with_parameters(tmp_path: Path, replacements: dict[str, str]) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    rules = templates / "sentences" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    rules.write_text(text, encoding="utf-8")
    return templates


def test_the_examples_parameter_sets_how_many_items_a_sentence_names(tmp_path: Path) -> None:
    templates = _with_parameters(tmp_path, {"examples: 2": "examples: 1"})
    edition, _ = compose_edition(ROOT / "data", 2016, templates)
    text = "".join(p.text for p in edition.document.paragraphs())
    assert "昨年度の286件から「多様な区民の意見やニーズの的確な把握と区政情報の発信」などの9項目において、152件減少し134件" in text
    assert "うち「地域活動協議会を核とした自律した地域運営の支援」など72件" in text


def test_the_item_share_parameter_decides_which_items_read_as_mostly_on_track(tmp_path: Path) -> None:
    # 1.1.a has 18 of 19 counted wards on track: under a share of 1 it is no longer among them.
    templates = _with_parameters(tmp_path, {"item_on_track_share: 0.5": "item_on_track_share: 1"})
    edition, _ = compose_edition(ROOT / "data", 2016, templates)
    first = next(p.text for p in edition.document.paragraphs() if p.source == "generated:summary_strategy.default")
    assert "「地域活動協議会を核とした自律した地域運営の支援」など2項目については" in first
    assert "8区（平成27年度は13区）" not in first


@pytest.mark.parametrize("line", ["examples: 0", "examples: many", "item_on_track_share: 1.5"])
def test_a_parameter_out_of_range_is_reported_at_its_line(tmp_path: Path, line: str) -> None:
    name = line.split(":")[0]
    default = {"examples": "examples: 2", "item_on_track_share": "item_on_track_share: 0.5"}[name]
    templates = _with_parameters(tmp_path, {default: line})
    with pytest.raises(InputError) as caught:
        compose_edition(ROOT / "data", 2016, templates)
    lines = (templates / "sentences" / "rules.yaml").read_text(encoding="utf-8").splitlines()
    message = str(caught.value)
    assert f"rules.yaml {lines.index('  ' + line) + 1}行目" in message and f"parameters.{name}" in message


# In the plan's last year the threshold is 100 %: on track and reached are the same, so blocks speak of reaching.
FY2016 = {w: ("30", "500") for w in WARDS}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"東区": ("55", "500"), "西区": ("40", "500"), "南区": ("30", "500")},
            "・東区においては、平成29年度までの目標値を達成することができました。"
            "・一方で、西区をはじめ2区においては、目標値の達成には至りませんでした。",
        ),
        (
            {"東区": ("55", "500"), "西区": ("40", "500"), "南区": ("52", "500")},
            "・西区以外の2区においては、平成29年度までの目標値を達成することができました。（西区の進捗率は80.0％でした）",
        ),
        (
            {"東区": ("31", "500"), "西区": ("20", "500"), "南区": ("20", "500")},
            "・東区においては、平成28年度に比べて成果指標が上がっているものの、すべての区において、平成29年度までの目標値の達成には至りませんでした。",
        ),
        (
            {"東区": ("25", "500"), "西区": ("20", "500"), "南区": ("10", "500")},
            "・すべての区において、平成29年度までの目標値の達成には至りませんでした。",
        ),
    ],
)
def test_the_final_year_speaks_of_reaching_the_target(tmp_path: Path, values: dict, expected: str) -> None:
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: FY2016, 2017: values})
    text, counts = first_block(data, 2017)
    assert text == expected
    assert "進捗率が100.0％" not in text and "特に、" not in text


def test_the_final_year_overview_counts_what_reached_the_target(tmp_path: Path) -> None:
    values = {"東区": ("55", "500"), "西区": ("40", "500"), "南区": ("30", "500")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: FY2016, 2017: values})
    edition, _ = compose_edition(data, 2017, TEMPLATES)
    text = "".join(p.text for p in edition.document.paragraphs())
    assert "のうち、2件（全体の5割を占める）については、平成29年度までの目標値を達成しました（※" in text
    # the last year compares what reached the target (on track and reached are the same that year)
    assert "・前年度との比較（※4）では、平成29年度までの目標値を達成した件数は、昨年度の1件から「項目」の項目において、1件増加し2件となっています。" in text
    assert "概ね順調であった件数" not in text
    assert "・一方、平成29年度までの目標値の達成に至らなかったものは、" in text and "2件あり" in text
    assert "概ね順調に進捗しており" not in text.split("○成果目標値の達成に向けた進捗状況")[-1].split("前年度との比較")[0]


# Shapes no sentence may take, whatever the data: doubled or dangling punctuation, a group of no
# wards, Python leaking into the text, a doubled verb ending.
MALFORMED = re.compile(r"全体のなし|全体のすべて|、、|。。|、。|「」|（）|をはじめ[01]区|(?<![0-9])0区において|None|Undefined|\[|\]|いるいます|ますます|ましたました")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(st.integers(min_value=0, max_value=80), st.sampled_from(["500", "500", "120"])),
        min_size=9, max_size=9,
    ),
)
def test_no_generated_sentence_is_malformed_in_any_year(tmp_path_factory, rows: list[tuple[int, str]]) -> None:
    root = tmp_path_factory.mktemp("shapes")
    data = make_data(root, years=three_years(rows))
    for year in (2015, 2016, 2017):
        edition, _ = compose_edition(data, year, TEMPLATES)
        for paragraph in edition.document.paragraphs():
            if paragraph.source and paragraph.source.startswith("generated:"):
                assert not MALFORMED.search(paragraph.text), (year, paragraph.source, paragraph.text)


def test_reference_wards_are_explained_each_by_its_own_reason(tmp_path: Path) -> None:
    values = {"東区": ("45", "120"), "西区": ("45", "500"), "南区": ("45", "500")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: values})
    results = data / "2016" / "results.csv"
    results.write_text(results.read_text(encoding="utf-8").replace("西区,1.1.a,45,500,はい", "西区,1.1.a,45,500,いいえ"), encoding="utf-8")
    edition, _ = compose_edition(data, 2016, TEMPLATES)
    notes = [p.text for p in edition.document.paragraphs() if p.source == "generated:table2_notes.default" and p.text.startswith("●「")]
    assert len(notes) == 2
    assert "東区において、成果指標測定のために実施した区民アンケートの回答者数が" in notes[0] and "西区" not in notes[0]
    assert "西区において、成果指標が、定義どおりに測定した数値でないことから" in notes[1] and "東区" not in notes[1]


def test_creations_add_up_years_only_after_the_first_and_name_a_run_of_years(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: FY2016, 2017: FY2016})
    first_year, _ = compose_edition(data, 2015, TEMPLATES)
    last_year, _ = compose_edition(data, 2017, TEMPLATES)
    assert "を合わせると" not in "".join(achievement_blocks(first_year.document)[1])
    assert "・平成27年度から29年度までを合わせると、東区で計3件の取組が創出されました。" in "".join(achievement_blocks(last_year.document)[1])


@pytest.mark.parametrize("year", [2016, 2017])
def test_an_overview_with_nothing_on_track_says_so(tmp_path: Path, year: int) -> None:
    low = {w: ("5", "500") for w in WARDS}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: low, 2017: low})
    for folder in ("2016", "2017"):
        results = data / folder / "results.csv"
        results.write_text(results.read_text(encoding="utf-8").replace("全市,1.1.c,1,", "全市,1.1.c,0,"), encoding="utf-8")
    edition, _ = compose_edition(data, year, TEMPLATES)
    overview = next(p.text for p in edition.document.paragraphs() if p.source and "progress" in p.source)
    wanted = "成果目標値達成に向け概ね順調に進捗しているものはありませんでした" if year == 2016 else "平成29年度までの目標値を達成したものはありませんでした"
    assert wanted in overview and "0件" not in overview, overview


def test_a_strategy_with_nothing_on_track_keeps_the_lead_and_does_not_open_with_however(tmp_path: Path) -> None:
    low = {w: ("5", "500") for w in WARDS}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: low})
    for folder in ("2015", "2016"):  # nothing created either: no positive sentence at all
        results = data / folder / "results.csv"
        text = results.read_text(encoding="utf-8").replace("全市,1.1.c,1,", "全市,1.1.c,0,").replace("東区,1.1.b,1,", "東区,1.1.b,0,")
        results.write_text(text, encoding="utf-8")
    text_dir = data / "2016" / "text"
    text_dir.mkdir()
    (text_dir / "summary.md").write_text("## 1 取組\n\n地域と協力して様々な取組に\n", encoding="utf-8")
    edition, _ = compose_edition(data, 2016, TEMPLATES)
    summary = [p.text for p in edition.document.paragraphs() if p.source == "generated:summary_strategy.default"]
    assert summary[0] == "・平成28年度は、地域と協力して様々な取組に取り組みました。"
    assert summary[1:] == ["・「割合の指標」の項目では3区で、目標値達成に向けた進捗が昨年度は概ね順調であったものが、平成28年度の結果としては必ずしも順調ではありませんでした。"]


def test_year_on_year_with_no_change_says_the_same_count(tmp_path: Path) -> None:
    same = {w: ("45", "500") for w in WARDS}
    data = make_data(tmp_path, years={2015: same, 2016: same})
    edition, _ = compose_edition(data, 2016, TEMPLATES)
    text = "".join(p.text for p in edition.document.paragraphs())
    assert "概ね順調であった件数は、昨年度と同じ4件となっています。" in text and "変わらず" not in text


def test_a_gain_without_a_loss_in_reached_counts_reads_as_one_verb(tmp_path: Path) -> None:
    values = {"東区": ("55", "500"), "西区": ("40", "500"), "南区": ("30", "500")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: values})
    edition, _ = compose_edition(data, 2016, TEMPLATES)
    text = "".join(p.text for p in edition.document.paragraphs())
    assert "平成29年度までの目標を達成した件数は、昨年度の1件から「項目」の項目において、1件増加し2件となっています。" in text


def test_the_final_year_summary_speaks_of_reaching_not_of_being_on_track(tmp_path: Path) -> None:
    values = {"東区": ("55", "500"), "西区": ("52", "500"), "南区": ("30", "500")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: FY2016, 2017: values})
    edition, _ = compose_edition(data, 2017, TEMPLATES)
    summary = [p.text for p in edition.document.paragraphs() if p.source == "generated:summary_strategy.default"]
    assert summary[0] == "・平成29年度は、目標値を達成した区が、「割合の指標」の項目で0区から2区に、昨年度から増加しました。"  # the year once; 「それぞれ」 only for several items
    assert not any("概ね順調に進捗" in t or "必ずしも順調" in t for t in summary)


def test_a_note_on_an_indicator_whose_every_ward_is_a_reference_value(tmp_path: Path) -> None:
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: {w: ("45", "100") for w in WARDS}})
    edition, _ = compose_edition(data, 2016, TEMPLATES)
    notes = [p.text for p in edition.document.paragraphs() if p.source == "generated:table2_notes.default" and p.text.startswith("●「")]
    assert notes == [
        "●「1⑴㋐①割合の指標」については、すべての区において、成果指標測定のために実施した区民アンケートの回答者数が、"
        "必要数としていた400名を満たしていないことから、成果指標は「参考数値」として取り扱い、表2における件数にはカウントしていません。"
        "（カウント対象となる区はありません）"
    ]


def test_each_template_is_compiled_once_and_kept_for_the_whole_build(tmp_path: Path) -> None:
    """Templates are compiled when first used (issue 17), then Jinja2 keeps them: never again in a build."""
    from reportgen.build import TEMPLATES

    rules, problems = load_rules(TEMPLATES / "sentences")
    assert not [p for p in problems if p.severity.value == "エラー"]
    compiled: list[str] = []
    real = rules.env.compile

    def counting(source, name=None, filename=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(name)
        return real(source, name, filename, *args, **kwargs)

    rules.env.compile = counting  # type: ignore[method-assign]
    assert compiled == []  # loading parsed and checked them, compiled none
    first = rules.env.get_template("edition/introduction.j2")
    assert rules.env.get_template("edition/introduction.j2") is first
    assert compiled == ["edition/introduction.j2"]

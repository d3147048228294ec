"""A plan's own words (plan.yaml ``phrases``, an indicator's ``goal``) reach the sentences; without them, neutral words."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import DATA
from scenario import WARDS, make_data

from reportgen.build import TEMPLATES, compose_edition
from reportgen.errors import Problems
from reportgen.load.plan import load_plan
from reportgen.model import Phrases
from reportgen.narrative.views import cumulative_goal, cumulative_markers, reference_groups

YEARS = {2015: {w: ("30", "500") for w in WARDS}, 2016: {w: ("40", "500") for w in WARDS}}


def _text(data: Path, year: int = 2016) -> str:
    edition, problems = compose_edition(data, year, TEMPLATES)
    assert not problems.errors, problems.errors
    return "\n".join(p.text for p in edition.document.paragraphs())


def _with(data: Path, old: str, new: str) -> Path:
    plan = data / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def test_osakas_phrases_are_read_from_its_plan() -> None:
    problems = Problems()
    plan = load_plan(DATA, problems)
    assert plan is not None and not problems.errors
    assert plan.phrases.ward_plan == "区運営方針" and plan.phrases.ward_plan_is == "各区の年度ごとの方針"
    assert plan.phrases.indicators.startswith("「めざす姿（将来像）") and plan.phrases.indicators.endswith("に掲げる成果指標")
    assert {i.id: i.goal for i in plan.indicators() if i.goal} == {"1.3.b": "事業を創出する", "1.3.c": "事業を創出する"}


def test_a_plan_without_phrases_gets_neutral_words_in_every_sentence(tmp_path: Path) -> None:
    text = _text(make_data(tmp_path, years=YEARS))
    assert "「テスト方針」の成果指標3項目9件（3項目×3区）の目標値の達成に向けた平成28年度の取組については、「区の年度計画」に記載したものが9件、" in text
    assert "「区の年度計画」に記載した9件のうち" in text
    assert "※2 1⑴㋐②については、平成29年度までの累計で判定する成果目標であり、" in text
    assert Phrases() == Phrases("成果指標", "区の年度計画", None)


def test_a_plans_phrases_and_goal_are_its_sentences_words(tmp_path: Path) -> None:
    data = make_data(tmp_path, years=YEARS)
    _with(data, "min_respondents: 400\n", "min_respondents: 400\nphrases:\n  indicators: 計画に掲げる指標\n  ward_plan: 区の実行計画\n  ward_plan_is: 区長が毎年定める計画\n")
    _with(data, "                counting: cumulative\n", "                goal: 店を開く\n                counting: cumulative\n")
    text = _text(data)
    assert "「テスト方針」の計画に掲げる指標3項目9件" in text
    assert "、区長が毎年定める計画である「区の実行計画」に記載したものが9件、「区の実行計画」には記載せず" in text
    assert text.count("区長が毎年定める計画") == 1
    assert "※2 1⑴㋐②については、「平成29年度までに店を開く」といった成果目標であり、" in text


def test_a_phrase_left_out_keeps_its_neutral_word(tmp_path: Path) -> None:
    data = _with(make_data(tmp_path, years=YEARS), "strategies:\n", "phrases:\n  ward_plan: 区の実行計画\nstrategies:\n")
    problems = Problems()
    plan = load_plan(data, problems)
    assert plan is not None and not problems.errors, problems.errors
    assert plan.phrases == Phrases(ward_plan="区の実行計画")
    assert "「テスト方針」の成果指標3項目9件（3項目×3区）の目標値の達成に向けた平成28年度の取組については、「区の実行計画」に記載したものが" in _text(data)


@pytest.mark.parametrize(("phrases", "message"), [
    ("phrases: 区運営方針\n", "「phrases」の値の形が正しくありません"),
    ("phrases:\n  ward_plan: ''\n", "「ward_plan」が空です"),
    ("phrases:\n  ward_plan: [区運営方針]\n", "「ward_plan」の値の形が正しくありません"),
    ("phrases:\n  ward_plan: 区運営\u202e方針\n", "U+202E"),
    ("phrases:\n  ward_plan_of: 区運営方針\n", "「ward_plan」の書き間違い"),
])
def test_a_bad_phrase_is_an_error_at_its_line(tmp_path: Path, phrases: str, message: str) -> None:
    data = _with(make_data(tmp_path, years=YEARS), "strategies:\n", phrases + "strategies:\n")
    problems = Problems()
    assert load_plan(data, problems) is None
    line = 5 if phrases.count("\n") == 1 else 6  # plan.yaml line 5, or its key on the next line
    found = [p for p in problems.errors if message in p.message]
    assert found and found[0].location.row == line, [str(p) for p in problems.errors]


# -- the notes' groups, decided in Python (reportgen/narrative/views.py) -------------------------

def _view(marker: tuple[str, str, str], *, minimum: int | None = 300, few: tuple[str, ...] = (), undefined: tuple[str, ...] = (),
          counted: int = 3, population: str | None = None, cumulative: bool = False, goal: str | None = None) -> SimpleNamespace:
    reference = [SimpleNamespace(name=w, too_few_respondents=True) for w in few]
    reference += [SimpleNamespace(name=w, too_few_respondents=False) for w in undefined]
    return SimpleNamespace(
        marker="".join(marker), marker_parts=marker, label="項目", reference=tuple(reference), counted=(None,) * counted,
        min_respondents=minimum, population=population, all_wards=counted + len(reference), cumulative=cumulative,
        goal=goal, target_year=2017,
    )


def test_reference_values_are_grouped_by_reason_minimum_wards_and_counted_figure() -> None:
    a = _view(("1", "⑴", "㋐"), few=("東区",))
    b = _view(("1", "⑴", "㋑"), few=("東区",))  # same as a: one sentence
    c = _view(("1", "⑵", "㋐"), minimum=200, few=("東区",))  # its own 必要数: its own sentence
    d = _view(("2", "⑴", "㋐"), few=("東区",), undefined=("西区",), counted=2)  # another counted figure
    d.reference = d.reference[::-1]  # 西区 (not as defined) read first: too few respondents still comes first
    e = _view(("2", "⑵", "㋐"), undefined=("西区", "南区"), counted=0, population="来庁者")
    groups = reference_groups([a, b, c, d, e])
    assert [(g.reason, g.wards, g.min_respondents, g.counted, len(g.indicators)) for g in groups] == [
        ("respondents", ("東区",), 300, 3, 2),
        ("respondents", ("東区",), 200, 3, 1),
        ("respondents", ("東区",), 300, 2, 1),
        ("definition", ("西区",), None, 2, 1),
        ("population", ("西区", "南区"), None, 0, 1),
    ]
    assert [g.every_ward for g in groups] == [False, False, False, False, True]
    assert groups[0].labels == ["「1⑴㋐項目」", "「1⑴㋑項目」"] and groups[4].population == "来庁者"


def test_cumulative_markers_drop_what_the_one_before_shares() -> None:
    views = [_view(m, cumulative=True) for m in (("1", "⑶", "㋑"), ("1", "⑶", "㋒"), ("1", "⑷", "㋐"), ("2", "⑷", "㋐"))]
    views.insert(1, _view(("1", "⑶", "㋒")))  # not cumulative: not named
    assert cumulative_markers(views) == ["1⑶㋑", "㋒", "⑷㋐", "2⑷㋐"]
    assert cumulative_markers([]) == []
    assert cumulative_goal(views) is None
    views[1] = _view(("1", "⑶", "㋒"), goal="店を開く")  # not cumulative: its goal is not the note's
    views.append(_view(("3", "⑴", "㋐"), cumulative=True, goal="事業を創出する"))
    views.append(_view(("3", "⑴", "㋑"), cumulative=True, goal="ほかの目標"))
    goal = cumulative_goal(views)
    assert goal is not None and (goal.year, goal.text) == (2017, "事業を創出する")

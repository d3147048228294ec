"""The style checker for generated text, and the FY2015/FY2016 and random editions it reads clean."""

from __future__ import annotations

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario import WARDS, make_data, three_years

from reportgen.build import TEMPLATES, compose_edition
from reportgen.document import Paragraph
from reportgen.narrative.style import StyleLimits, check_paragraphs, sentences, wording_variants

LONG = {
    "generated:implementation.default": "issue 19's file: the seed's opening sentence of Ⅱ (183 characters), split on that branch",
    "generated:table2_notes.default": "issue 19's file: ※1's bullets name the indicators and the reason in one sentence, as the seed does",
    "generated:status.creations": "the editors' 「創出の例」 clause is quoted whole inside the sentence (the seed's 1.3.b/1.3.c)",
    "generated:summary_strategy.default": "Ⅰ's bullets carry the editors' lead and reasons and name each item reached with 表2's previous-year "
    "figure, as the seed's Ⅰ.1 does (297 characters in FY2016); left for the editors (see the report of issue 20)",
    "generated:progress.with_comparison": "Ⅱ's overview sentence of the seed (154 characters in FY2016)",
}
LIMITS = StyleLimits(long_sources=LONG)
OTHER_BRANCH = {
    ("generated:table2_notes.default", "並列は「A、B及びC」"): "※1's list style is issue 19's (table2_notes.j2); the seed writes 「A、B、C」 there",
}


def _unlisted(found: list) -> list[str]:
    return [str(f) for f in found if (f.source, f.rule) not in OTHER_BRANCH]


def _generated(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, "body", (), "generated:test") for t in texts]


@pytest.mark.parametrize(("texts", "rule"), [
    (["・一方で、東区においては、進捗率が66.7％未満であり、必ずしも順調とはいえない状況です。", "・特に、西区においては、目標値を達成することができました。"], "「特に」が否定の文の後"),
    (["・" + "あ" * 160 + "。"], "150字を超える文（162字）"),
    (["・東区、西区、南区、北区、中区、港区及び旭区の7区において、達成しました。"], "区名を7区並べている（6区まで）"),
    (["・東区、西区、南区の3区において、達成しました。"], "並列は「A、B及びC」"),
    (["・件数カウント対象としている2区のうち、すべての区において、達成しました。"], "「すべての区」「全区」が全区を指していない"),
    (["・東区において、、達成しました。"], "「、、」"),
    (["・東区において達成しました。。"], "「。。」"),
    (["・「」について達成しました。"], "空の「」"),
    (["・東区のの目標を達成しました。"], "助詞の重複「のの」"),
    (["・「仕組みを立ち上げる。」については達成しました。"], "「」の中に文末の「。」"),
])
def test_each_rule_finds_what_an_editor_would_mark(texts: list[str], rule: str) -> None:
    wards = ["東区", "西区", "南区", "北区", "中区", "港区", "旭区"]
    found = check_paragraphs(_generated(*texts), wards)
    assert [f.rule for f in found] == [rule]


def test_good_sentences_and_editors_prose_are_not_marked() -> None:
    wards = ["東区", "西区", "南区"]
    good = _generated(
        "・東区をはじめ2区においては、進捗率が66.7％以上となっており、目標達成に向けた進捗状況は、概ね順調です。",
        "・特に、東区においては、平成29年度までの目標値を達成することができました。",
        "・東区、西区及び南区の3区において、計5件の取組が新たに創出されました。",
        "・すべての区において、進捗率が66.7％以上となっています。",
        "・ものの見方。",
    )
    prose = [Paragraph("・一方で、未満。特に、東区、、のの", "body", (), "prose:items/1.1.a")]
    assert check_paragraphs([*good, *prose], wards) == []


def test_sentences_keep_a_closing_bracket_with_their_end() -> None:
    assert sentences("（・なお、A。）B。C") == ["（・なお、A。）", "B。", "C"]


@pytest.mark.parametrize("year", [2015, 2016])
def test_the_published_editions_read_clean(year: int) -> None:
    edition, _ = compose_edition(DATA, year, TEMPLATES)
    wards = [w.name for w in edition.inputs.plan.wards]
    assert _unlisted(check_paragraphs(edition.document.paragraphs(), wards, LIMITS)) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(st.integers(min_value=0, max_value=80), st.sampled_from(["500", "500", "120"])), min_size=9, max_size=9))
def test_random_editions_read_clean_in_every_year(tmp_path_factory, rows: list[tuple[int, str]]) -> None:
    data = make_data(tmp_path_factory.mktemp("style"), years=three_years(rows))
    for year in (2015, 2016, 2017):
        edition, _ = compose_edition(data, year, TEMPLATES)
        found = check_paragraphs(edition.document.paragraphs(), WARDS, LIMITS)
        assert _unlisted(found) == [], year


def test_the_plans_wordings_use_their_headings_kanji() -> None:
    """公用文: 越えた and 聴く as in the item headings (issue 20, item 8); a 超えた beside 越えた is flagged."""
    plan = compose_edition(DATA, 2016, TEMPLATES)[0].inputs.plan
    flagged = [
        (item.title, indicator.wording)
        for strategy in plan.strategies for direction in strategy.directions for item in direction.items
        for indicator in item.indicators if wording_variants(item.title, indicator.wording)
    ]
    assert flagged == []
    assert wording_variants("校区等地域を越えた支援", "校区等地域を超えた活動") == ["超え（見出しは「越え」）"]
    assert wording_variants("区民の意見を聴く", "意見を聞く") == ["聞（見出しは「聴」）"]
    assert wording_variants("校区等地域を越えた支援", "校区等地域を越えた活動") == []

"""Publication-grade Japanese on generated data (issue 20): each finding of the issue, shown on data."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA
from scenario import WARDS, make_data
from test_narrative_fy2016 import achievement_blocks

from reportgen.build import TEMPLATES, compose_edition
from reportgen.narrative.phrases import (
    FALLBACK_NOUN,
    clause,
    created_noun,
    result_predicate,
    result_subject,
)

FIRST = {w: ("30", "500") for w in WARDS}


def _block(data: Path, year: int, n: int = 0) -> list[str]:
    edition, _ = compose_edition(data, year, TEMPLATES)
    return achievement_blocks(edition.document)[n]


def _text(data: Path, year: int) -> str:
    edition, _ = compose_edition(data, year, TEMPLATES)
    return "\n".join(p.text for p in edition.document.paragraphs())


def test_especially_follows_the_positive_sentence_it_sharpens(tmp_path: Path) -> None:
    """Item 1: 「特に」 right after 「…概ね順調です。」, before 「一方で、…」; the reference note then says は."""
    values = {"東区": ("55", "500"), "西区": ("20", "500"), "南区": ("60", "120")}
    block = _block(make_data(tmp_path, years={2015: FIRST, 2016: values}), 2016)
    assert block == [
        "・東区においては、進捗率が66.7％以上となっており、目標達成に向けた進捗状況は、概ね順調です。",
        "・特に、東区においては、平成29年度までの目標値を達成することができました。",
        "・一方で、西区においては、進捗率が66.7％未満であり、必ずしも順調とはいえない状況です。",
        "（・なお、件数カウントの対象としていない1区においては、参考数値ではあるものの、平成29年度までの目標値を達成することができています。）",
    ]


def test_creations_say_what_was_created_where_and_how_many(tmp_path: Path) -> None:
    """Item 2: the noun comes from the indicator's wording; 「N区計M件の…が創出されました」."""
    data = make_data(tmp_path, years={2015: FIRST, 2016: FIRST})
    block = _block(data, 2016, 1)
    assert block == ["・平成28年度は、東区において、1件の取組が新たに創出されました。", "・平成27年度、28年度を合わせると、東区で計2件の取組が創出されました。"]
    plan = data / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("wording: 創出件数", "wording: 住民が新たに取り組む活動（コミュニティ・ビジネス）が創出された件数"), encoding="utf-8")
    assert "計2件のコミュニティ・ビジネスが創出されました。" in "".join(_block(data, 2016, 1))


def test_creations_in_the_publication_name_the_wards_in_one_list_style() -> None:
    """Items 2 and 6: 「A、B及びC」, the count and the noun (FY2015 1.3.b)."""
    text = _text(DATA, 2015)
    assert "・平成27年度は、西区、鶴見区、東住吉区及び西成区の4区において、計5件のコミュニティ・ビジネス、ソーシャル・ビジネスが新たに創出されました。" in text
    assert "・平成27年度、28年度を合わせると、7区計13件のコミュニティ・ビジネス、ソーシャル・ビジネスが創出されました。" in _text(DATA, 2016)


def test_a_citywide_target_says_what_was_aimed_at_and_what_happened(tmp_path: Path) -> None:
    """Item 3: no 「全市で1件の取組として」 counting jargon; the target as a clause without its 「。」."""
    data = make_data(tmp_path, years={2015: FIRST, 2016: FIRST})
    assert _block(data, 2016, 2) == ["・全市で一つの取組として、「仕組みの立ち上げ」という目標を達成しています。"]
    results = data / "2016" / "results.csv"
    results.write_text(results.read_text(encoding="utf-8").replace("全市,1.1.c,1,", "全市,1.1.c,0,"), encoding="utf-8")
    (not_yet,) = _block(data, 2016, 2)
    assert not_yet == "・全市で一つの取組として、「仕組みの立ち上げ」という目標に取り組みましたが、平成27年度までの達成には至りませんでした。"
    assert "「平成27年度中に地域資源に関する情報が得られる仕組みを立ち上げる」という目標を達成しています。" in _text(DATA, 2015)


def test_the_summary_says_all_items_and_names_a_few_of_many_that_fell() -> None:
    """Item 4: 「9項目すべて」 when it is all of them; at most parameters.examples items named, 表2 for the rest."""
    assert "・平成27年度は、9項目すべてについて、成果目標値達成に向けて概ね順調に進捗しており" in _text(DATA, 2015)
    # the wards behind an item called 概ね順調 are never left out (11 of 24 on 2.1.b.2 in FY2015)
    assert "・ただし、「区役所が、区の様々な取組" in _text(DATA, 2015) and "については鶴見区をはじめ11区で、" in _text(DATA, 2015)
    assert "・ただし、" not in _text(DATA, 2016)  # 1.1.a: only 中央区 behind, said in its own block
    fell = next(t for t in _text(DATA, 2016).split("\n") if "昨年度は概ね順調であったもの" in t)
    assert "など6項目の計127件で" in fell and fell.endswith("（表2参照）。") and fell.count("「") == 2


def test_half_the_wards_on_track_is_not_called_mostly_on_track(tmp_path: Path) -> None:
    """Item 7: item_on_track_share 0.5 means more than half: one of two counted wards is not 概ね順調."""
    values = {"東区": ("45", "500"), "西区": ("20", "500"), "南区": ("60", "120")}
    edition, _ = compose_edition(make_data(tmp_path, years={2015: FIRST, 2016: values}), 2016, TEMPLATES)
    summary = "".join(p.text for p in edition.document.paragraphs() if p.source == "generated:summary_strategy.default")
    assert "概ね順調に進捗" not in summary and "「割合の指標」の項目" in summary


def test_below_the_threshold_joins_its_predicates(tmp_path: Path) -> None:
    """Item 9: 「…未満であり、必ずしも順調とはいえない」, never 「未満、必ずしも」."""
    values = {"東区": ("20", "500"), "西区": ("20", "500"), "南区": ("20", "120")}
    block = "".join(_block(make_data(tmp_path, years={2015: FIRST, 2016: values}), 2016))
    assert "進捗率が66.7％未満であり、必ずしも順調とはいえない状況であると考えられます" in block
    assert "未満、必ずしも" not in block


def test_phrases_from_the_plans_wording() -> None:
    assert created_noun("継続的な活動（コミュニティ・ビジネス、ソーシャル・ビジネス）が創出された件数") == "コミュニティ・ビジネス、ソーシャル・ビジネス"
    assert created_noun("社会的ビジネス効果が見込まれる事務事業件数") == "社会的ビジネス効果が見込まれる事務事業"
    assert created_noun("創出件数") == FALLBACK_NOUN
    assert created_noun("子ども食堂が新たに創出された件数") == "子ども食堂"
    assert result_subject("新たにコミュニティ・ビジネスが創出されました") == "コミュニティ・ビジネス"
    assert result_predicate("本市事務事業の社会的ビジネス化が新たに実施されました。") == "新たに実施されました"
    assert result_subject("創出されました") == "創出されました" and result_predicate("創出されました") == "創出されました"
    assert clause("仕組みを立ち上げる。") == "仕組みを立ち上げる"


def test_indicators_of_one_item_are_numbered_and_quoted_without_a_full_stop(tmp_path: Path) -> None:
    """Item 7: 「1⑴㋐③」 as the item's 【成果指標と目標値③】, never 「1⑴㋐」 for three indicators; a target
    sentence of the plan is quoted without its 「。」 (※2)."""
    data = make_data(tmp_path, years={2015: FIRST, 2016: FIRST})
    plan = data / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("wording: 仕組みの立ち上げ", "wording: 仕組みを立ち上げる。"), encoding="utf-8")
    notes = [line for line in _text(data, 2016).split("\n") if line.startswith("※")]
    assert any(n.startswith("※1 1⑴㋐③「仕組みを立ち上げる」については") for n in notes), notes
    assert any(n.startswith("※2 1⑴㋐②については") for n in notes), notes
    assert not any("。」" in n for n in notes)


def test_each_only_when_several_items_are_listed(tmp_path: Path) -> None:
    """An editor's mark on a random edition: 「それぞれ」 after a single item."""
    values = {"東区": ("55", "500"), "西区": ("40", "500"), "南区": ("40", "500")}
    edition, _ = compose_edition(make_data(tmp_path, years={2015: FIRST, 2016: values}), 2016, TEMPLATES)
    first = next(p.text for p in edition.document.paragraphs() if p.source == "generated:summary_strategy.default")
    assert first.endswith("「割合の指標」の項目で0区から1区に、昨年度から増加しています。"), first
    assert "それぞれ昨年度から増加しています" in "".join(p.text for p in compose_edition(DATA, 2016, TEMPLATES)[0].document.paragraphs())

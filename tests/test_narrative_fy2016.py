"""The FY2016 【達成状況】 blocks against the published report: named facts, and sentences verbatim."""

from __future__ import annotations

import re

from scenario import achievement_blocks

from reportgen.document import Paragraph
from reportgen.jp import to_width

# What each block must state (from named_facts_in_the_narrative of fy2016-expected.json).
NAMED_FACTS = {
    "1.1.a": ["件数カウント対象としている19区のうち", "中央区以外の18区", "中央区の進捗率は64.6％", "平野区をはじめ8区", "5区においても", "いずれも進捗率が66.7％以上"],
    "1.2.a": ["すべての区において、平成29年度までの目標値を達成", "5区においても", "いずれも平成29年度までの目標値を達成"],
    "1.2.b": ["旭区をはじめ7区", "平成27年度に比べて成果指標が上がっている", "件数カウント対象としている19区すべてにおいて、進捗率が66.7％未満", "大正区において、進捗率が66.7％以上"],
    "1.3.a": ["目標を達成しました"],
    "1.3.b": ["こども0円食堂（淀川区）", "4区において", "（4区計8件）", "7区計13件"],
    "1.3.c": ["プレーパーク事業（西成区）", "6区において", "（6区計11件）", "8区計16件"],
    "1.4.a": ["住吉区をはじめ9区", "すべての区において、進捗率が66.7％未満", "いずれも進捗率が66.7％未満"],
    "1.4.b": ["すべての区において、平成29年度までの目標値を達成", "1区においても"],
    "2.1.a.1": ["福島区においては、進捗率が66.7％以上", "北区をはじめ23区"],
    "2.1.a.2": ["すべての区において、進捗率が66.7％未満"],
    "2.1.a.3": ["すべての区において、進捗率が66.7％未満"],
    "2.1.b.1": ["すべての区において、進捗率が66.7％未満"],
    "2.1.b.2": ["すべての区において、進捗率が66.7％未満"],
    "2.2.a": ["すべての区において、進捗率が66.7％以上", "特に、阿倍野区においては"],
    "2.3.a.1": ["すべての区において、進捗率が66.7％以上", "西区をはじめ9区"],
    "2.3.a.2": ["すべての区において、進捗率が66.7％以上", "住之江区をはじめ11区"],
    "2.3.b": ["すべての区において、進捗率が66.7％未満"],
}

# The seed words the same situation in different ways; reportgen writes one form. Each entry:
# generated sentence (normalised) → why it differs from the seed.
NORMALISED = {
    "・すべての区において、平成29年度までの目標値を達成することができました。":
        "1.2.a: the seed says 「件数カウント対象としている19区すべてにおいて」 here and 「すべての区において」 for 1.4.b, of one "
        "situation (every counted ward reached the target and every reference ward too, as the note after it says): reportgen "
        "writes the seed's 1.4.b form whenever the statement holds of every ward, and names the counted wards only when the "
        "reference wards differ (1.2.b) — issue 20: 「すべての区において」 reverted to the seed's form",
    "・旭区をはじめ7区においては、平成27年度に比べて成果指標が上がっているものの、件数カウント対象としている19区すべてにおいて、進捗率が66.7％未満であり、必ずしも順調とはいえない状況です。":
        "1.2.b: the seed's 「すべての区において、進捗率が66.7％未満」 is false of 大正区 (a reference value at 66.7％ or more, "
        "as the next sentence says): the counted wards are named as such",
    "・福島区においては、進捗率が66.7％以上となっており、目標達成に向けた進捗状況は、概ね順調です。":
        "2.1.a.1 prints 「進捗状況が概ね順調です」; every other block prints 「進捗状況は、概ね順調です」",
    "・平成27年度、28年度を合わせると、8区計16件の本市事務事業の社会的ビジネス化が新たに実施されました。":
        "1.3.c: the seed's 「8区計16件において、本市事務事業の社会的ビジネス化が…」 has the 16 件 without a noun; reportgen "
        "writes 1.3.b's form (the seed's 「7区計13件のコミュニティ・ビジネス…が創出されました」) for both: what, where, how many (issue 20, item 2)",
    "（・なお、件数カウントの対象としていない5区においても、参考数値ではあるものの、いずれも進捗率が66.7％未満であり、必ずしも順調とはいえない状況であると考えられます。）":
        "1.4.a: the seed's 「66.7％未満、必ずしも順調とはいえない」 joins two predicates without a verb: 「未満であり、」 (issue 20, item 9)",
}


# Ⅰ 全体の総括, Ⅱ and the 表2 notes: generated paragraph → why it differs from the seed.
NORMALISED_EDITION = {
    '・一方で、「校区等地域を越えた多様な主体のネットワーク拡充の支援」については、支援に必要な情報が不足していることなどにより、市民活動団体と企業等との連携協働に向けた十分な支援に至っていないことから、件数カウント対象としている19区すべてにおいて、目標値達成に向けた進捗が必ずしも順調ではありませんでした。また、「地域公共人材の充実と活用の促進」については、制度の周知不足などにより、活用が十分に進んでいないことから、全区において、目標値達成に向けた進捗が必ずしも順調ではありませんでした。':
        "Ⅰ.1: the seed's first 「全区において」 is false of 大正区 (a reference value at 66.7％ or more on 1.2.b): the counted 19 are "
        "named as such; the second (1.4.a, every ward below) is the seed's",
    '・平成28年度は、中間支援組織を活用しながら、人と人とのつながりづくりに向けた啓発や各種イベントの開催、及び自律的な地域運営の核となる地域活動協議会に対する様々な支援などに積極的に取り組んだ結果、「人と人とのつながりづくりの促進」など3項目については、成果目標値達成に向けて概ね順調に進捗しており、「人と人とのつながりづくりの促進」については8区（平成27年度は13区）で、「地域活動協議会を核とした自律した地域運営の支援」については19区（平成27年度も19区）で、「中間支援組織の活用」については23区（平成27年度は22区）で、それぞれ平成29年度までの目標値を達成することができました。':
        "Ⅰ.1: items in the plan's order (the seed puts 地域活動協議会 first); every count and its 平成27年度 figure on 表2's basis "
        "(the 前年度 row, this year's counted wards): 8区（13区）, 19区（19区）, 23区（22区） where the seed mixes last edition's figures "
        "(17; 「全区」 for 19 counted wards; 23) with this year's (inconsistencies_in_the_seed); 「全区」 only for every ward of the plan",
    '・平成28年度は、地域住民の意見・要望やニーズの適切な把握、区の実情や特性に応じた区政運営、区役所サービスの的確迅速な提供や効率的な運営などに取り組んだ結果、「区における市政の総合窓口機能の充実」など3項目については、成果目標値達成に向けて、概ね順調に進捗しています。特に、平成29年度までの目標値をすでに達成した区が、「区における市政の総合窓口機能の充実」の項目で0区から1区に、「区役所を過去1年間に訪れた区民のうち、来庁者への案内サービスや窓口での応対が良いと感じた区民の割合」の項目で5区から9区に、「区役所来庁者に対する窓口サービスに係る民間事業者の覆面調査員による調査（5点満点）での点数」の項目で7区から11区に、それぞれ昨年度から増加しています。':
        "Ⅰ.2: the seed's 「4区から9区」「4区から11区」 contradict 表2 (5 → 9, 7 → 11); every indicator whose reached count rose is named (the seed leaves out 総合窓口 0 → 1 and frames the two 2.3.a indicators by their item 「庁舎案内や窓口業務におけるサービス向上」)",
    '・一方で、「区役所が、区政運営について区民の意見や要望を反映していると思う区民の割合」「区の様々な取組（施策・事業・イベントなど）の中に、区の特性や地域実情に応じたものがあると感じる区民の割合」など6項目の計127件で、目標値達成に向けた進捗が昨年度は概ね順調であったものが、平成28年度の結果としては必ずしも順調ではありませんでした（表2参照）。':
        "Ⅰ.2: the seed names every item that fell (312 characters) and its 「など5項目では24区で」 contradicts 表2; reportgen names "
        "parameters.examples items, counts the rest and the 件 that fell (表2's 差引 ▲23, ▲24 ×3, ▲13, ▲19 of the six indicators = 127) "
        "and points to 表2 (issue 20, item 4)",
    '・前年度との比較（※5）では、成果目標値達成に向けた進捗状況が、概ね順調であった件数は、昨年度の286件から「多様な区民の意見やニーズの的確な把握と区政情報の発信」「区民の参画と協働による区政運営」などの9項目において、152件減少し134件となっています。また、平成29年度までの目標を達成した件数は、昨年度の67件から5件増加し72件（増加10件、減少5件）となっています。':
        "Ⅱ: the seed's second sentence 「…など4項目において10件増加している一方、…5件減少しています」 never states the net change; "
        "reportgen states it first, 67 → 72 as in 表2's 合計, with the rises and falls after it (issue 20, item 5)",
    '●「1⑴㋐人と人とのつながりづくりの促進」、「1⑵㋐地域活動協議会を核とした自律した地域運営の支援」、「1⑵㋑校区等地域を越えた多様な主体のネットワーク拡充の支援」及び「1⑷㋐地域公共人材の充実と活用の促進」の4項目については、福島区、西区、大正区、天王寺区及び住之江区の5区において、成果指標測定のために実施した区民アンケートの回答者数が、必要数としていた400名を満たしていないことから、成果指標は「参考数値」として取り扱い、表2における件数にはカウントしていません。（カウント対象件数は19件となります）':
        '※1: the seed prints 「１⑴①」 for 1⑴㋐ (a typo); its lists 「A、B、C、D」 have no 及び, where 【達成状況】 and the '
        'rest of the report list nouns as 公用文 does, 「A、B及びC」: ※1 lists its indicators and wards the same way',
    '●「1⑷㋑中間支援組織の活用」については、東淀川区において、成果指標が、地域活動協議会の構成団体を対象としたアンケート結果に基づく数値でないことから、成果指標は「参考数値」として取り扱い、表2における件数にはカウントしていません。（カウント対象件数は23件となります）':
        '※1: the seed ends this bullet 「件数にカウントしていません。（カウント対象件数は23区となります）」, the other 「件数にはカウントしていません。（…19件となります）」: one form',
    '※2 1⑶㋐「地域資源が活用されやすい仕組みづくり」については、効率的・効果的観点から、区政を支援する市民局において仕組みを構築したため、件数を全市で1件としています。（詳細は1⑶㋐を参照）':
        "※2: the editors' reason follows the item (the seed puts 「効率的・効果的観点から、」 first); the seed's 「（仕組みの詳細はｐ10を参照）」 "
        "is a page reference to the item's heading, 「（詳細はｐ10を参照）」 in report.docx and the PDF (a PAGEREF field), "
        "「（詳細は1⑶㋐を参照）」 in the text without pages (this model text); 「仕組みの」 is the seed's word for this one item",
}


def _squash(text: str) -> str:
    return to_width(re.sub(r"\s+", "", text), "half")


def test_every_block_states_the_named_facts_in_document_order(edition_2016, expected) -> None:
    assert set(NAMED_FACTS) == set(expected["indicators"])
    blocks = achievement_blocks(edition_2016.document)
    assert len(blocks) == 17
    for ident, paragraphs in zip(expected["indicators"], blocks, strict=True):
        text = "".join(paragraphs)
        missing = [fact for fact in NAMED_FACTS[ident] if fact not in text]
        assert not missing, f"{ident}: {missing} not in {text}"


def test_sentences_are_the_seeds_verbatim_except_listed_normalisations(edition_2016, seed_text) -> None:
    seed = _squash(seed_text)
    blocks = achievement_blocks(edition_2016.document)
    differing = []
    for paragraphs in blocks:
        for sentence in paragraphs:
            if _squash(sentence) not in seed and sentence not in NORMALISED:
                differing.append(sentence)
    assert differing == []
    used = {s for paragraphs in blocks for s in paragraphs}
    assert set(NORMALISED) <= used, "a listed normalisation is no longer produced"


def test_summary_and_overview_counts(edition_2016) -> None:
    text = "".join(b.text for b in edition_2016.document.paragraphs())
    for fact in [
        "「人と人とのつながりづくりの促進」については8区（平成27年度は13区）で",  # 表2's 前年度 row; the seed's 17 is last edition's basis (inconsistencies_in_the_seed)
        "「地域活動協議会を核とした自律した地域運営の支援」については19区（平成27年度も19区）で",  # not 「全区」: 5 wards are reference values
        "「地域資源の循環による継続的な地域活動の促進」については7区（平成27年度は4区）で",
        "「本市事務事業の社会的ビジネス化の推進」については8区（平成27年度は4区）で",
        "成果指標17項目408件（17項目×24区）",
        "「区運営方針」に記載したものが346件",
        "別途取組を実施したものが62件",
        "すべて実施したものが322件",
        "一部を実施したものが24件",
        "成果指標15項目316件（※1、※2及び※3参照）のうち、134件（全体の約4割を占める）",
        "72件（約2割）",
        "など182件あり",
        "昨年度の286件から「多様な区民の意見やニーズの的確な把握と区政情報の発信」「区民の参画と協働による区政運営」などの9項目において、152件減少し134件",
        "平成29年度までの目標を達成した件数は、昨年度の67件から5件増加し72件（増加10件、減少5件）",
        "の項目で5区から9区に",  # the seed's Ⅰ.2 says 「4区から9区」, contradicting 表2 (5 → 9)
        "の項目で7区から11区に、それぞれ昨年度から増加しています。",  # 「4区から11区」 in the seed; 表2 says 7 → 11
        "このたび、平成28年度の成果指標（全17項目）",
    ]:
        assert fact in text, fact


def test_table2_notes_name_the_reference_wards_and_thresholds(edition_2016) -> None:
    notes = [b.text for b in edition_2016.document.paragraphs() if b.source and "table2_notes" in b.source]
    text = "".join(notes)
    assert "福島区、西区、大正区、天王寺区及び住之江区の5区において" in text
    assert "400名を満たしていない" in text and "（カウント対象件数は19件となります）" in text
    assert "東淀川区において、成果指標が、地域活動協議会の構成団体を対象としたアンケート結果に基づく数値でない" in text
    assert "件数を全市で1件" in text and "1⑶㋑及び㋒については" in text
    assert "取組期間3年間の2年目" in text and "進捗率が66.7％以上" in text and "進捗率が33.4％未満" in text
    assert [n[:2] for n in notes if n.startswith("※")] == ["※1", "※2", "※3", "※4", "※5"]


def test_term_definition_becomes_a_footnote_on_first_use(edition_2016) -> None:
    with_notes = [b for b in edition_2016.document.blocks if isinstance(b, Paragraph) and b.footnotes]
    assert len(with_notes) == 1
    note = with_notes[0].footnotes[0]
    assert note.term == "地域公共人材" and note.term in with_notes[0].text
    assert note.text.startswith("地域における市民活動の振興に向けて")


def test_edition_paragraphs_are_the_seeds_verbatim_except_listed_normalisations(edition_2016, seed_text) -> None:
    """Every generated paragraph of Ⅰ, Ⅱ and the 表2 notes is in the seed, or listed with its reason."""
    seed = _squash(seed_text)
    generated = [
        p.text for p in edition_2016.document.paragraphs()
        if p.source and p.source.startswith("generated:") and p.source.split(":")[1].split(".")[0]
        in ("introduction", "summary_strategy", "implementation", "progress", "table2_notes")
    ]
    assert len(generated) > 20
    differing = [t for t in generated if _squash(t) not in seed and t not in NORMALISED_EDITION]
    assert differing == []
    assert set(NORMALISED_EDITION) <= set(generated), "a listed normalisation is no longer produced"

"""One fact set: the sentences count and name the wards of the rule engine's own 表2 groups.

Change a group in rules.yaml and 表2 and every sentence change together; over random data in which
wards change reference status between years, every count a sentence states is the matching 表2
figure, and no fall is called a rise; over random plans (any period, 3–30 wards, every measure and
counting mode, indicators with their own 必要数) the sentences' counts are 表1's and 表2's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario import WARDS, RandomPlan, achievement_blocks, make_data, random_plans, three_years

from reportgen.build import TEMPLATES, Edition, compose_edition
from reportgen.narrative.findings import indicator_findings


def _edition(data: Path, year: int = 2016) -> Edition:
    edition, _ = compose_edition(data, year, TEMPLATES)
    return edition


def _text(edition: Edition) -> str:
    return "\n".join(p.text for p in edition.document.paragraphs())


def _with_group(tmp_path: Path, group: str, include: str) -> Path:
    """A copy of data/ whose rules.yaml gives the 表2 group ``group`` another ``include``."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    rules = data / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    pattern = re.compile(rf"(- name: {group}\n(?:\s+(?:\w+: |#).*\n)*?\s+include: ).*\n")
    assert pattern.search(text), group
    rules.write_text(pattern.sub(lambda m: m.group(1) + include + "\n", text, count=1), encoding="utf-8")
    return data


def test_counting_every_ward_changes_table2_and_every_sentence_together(tmp_path: Path) -> None:
    before = _edition(DATA)
    after = _edition(_with_group(tmp_path, "counted", '"true"'))
    first_before, first_after = before.facts.indicators[0], after.facts.indicators[0]
    assert first_before.table2["counted"]["count"] == 19 and first_after.table2["counted"]["count"] == 24
    text_before, text_after = _text(before), _text(after)
    for phrase in ("件数カウント対象としている19区", "件数カウントの対象としていない5区", "（カウント対象件数は19件となります）"):
        assert phrase in text_before and phrase not in text_after, phrase
    assert "件数カウント対象としている" not in text_after and "参考数値ではあるものの" not in text_after
    # the 表2 counts the sentences read are the new ones
    total = after.facts.table2_total["counted"]
    assert total is not None and f"成果指標15項目{total['count']:,}件" in text_after


def test_the_previous_year_basis_of_the_rules_is_the_one_the_sentences_compare_with(tmp_path: Path) -> None:
    before = _edition(DATA)
    after = _edition(_with_group(tmp_path, "previous", '"true"'))  # compare every ward of last year
    item_before = next(i for i in before.facts.indicators if i.indicator.id == "1.1.a")
    item_after = next(i for i in after.facts.indicators if i.indicator.id == "1.1.a")
    previous_before, previous_after = item_before.table2["previous"], item_after.table2["previous"]
    assert previous_before is not None and previous_after is not None
    assert previous_before["count"] == 19 and previous_after["count"] == 24
    reached = item_after.table2["counted"]["target_reached"]
    assert f"8区（平成27年度は{previous_before['target_reached']}区）" in _text(before)
    assert f"{reached}区（平成27年度は{previous_after['target_reached']}区）" in _text(after)


def test_findings_are_the_members_table2_counts() -> None:
    edition = _edition(DATA)
    for item in edition.facts.indicators:
        found = indicator_findings(item)
        counted, every = item.table2["counted"], item.table2["including_reference"]
        assert counted is not None and every is not None
        assert len(found.counted) == counted["count"]
        assert len(found.counted) + len(found.reference) == every["count"]
        if counted["on_track"] is not None:
            assert len(found.on_track) == counted["on_track"] and len(found.not_on_track) == counted["not_on_track"]
            assert len(found.on_track) + len(found.reference_on_track) == every["on_track"]
        assert len(found.reached) == counted["target_reached"]
        previous = item.table2["previous"]
        assert previous is not None and found.previously_reached is not None
        assert len(found.previously_reached) == previous["target_reached"]


# -- every stated count is a 表2 figure, over random years -------------------------------------

STATED = [
    # (pattern, which 表2 figure each group must equal)
    (re.compile(r"件数カウント対象としている(\d+)区"), lambda t2: [t2["counted"]["count"]]),
    (re.compile(r"件数カウントの対象としていない(\d+)区"), lambda t2: [t2["including_reference"]["count"] - t2["counted"]["count"]]),
    (re.compile(r"（カウント対象件数は(\d+)件となります）"), lambda t2: [t2["counted"]["count"]]),
]
RISE = re.compile(r"「割合の指標」の項目で(\d+)区から(\d+)区に")
WITH_PREVIOUS = re.compile(r"「割合の指標」については(全区|\d+区)（平成\d+年度(?:は|も)(全区|\d+区)）")


def _wards(text: str) -> int:
    return len(WARDS) if text == "全区" else int(text.removesuffix("区"))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(st.integers(min_value=0, max_value=80), st.sampled_from(["500", "500", "120"])), min_size=9, max_size=9))
def test_every_count_a_sentence_states_is_the_table2_figure(tmp_path_factory, rows: list[tuple[int, str]]) -> None:
    root = tmp_path_factory.mktemp("facts")
    data = make_data(root, years=three_years(rows))
    for year in (2016, 2017):
        edition = _edition(data, year)
        item = edition.facts.indicators[0]  # 「割合の指標」, the one indicator counted per ward
        t2 = item.table2
        text = _text(edition)
        for pattern, expected in STATED:
            for match in pattern.finditer(text):
                assert int(match.group(1)) in expected(t2), (year, match.group(0), dict(t2["counted"]))
        previous = t2["previous"]
        assert previous is not None
        for match in RISE.finditer(text):
            before, now = int(match.group(1)), int(match.group(2))
            assert (before, now) == (previous["target_reached"], t2["counted"]["target_reached"]), (year, match.group(0))
            assert now > before, (year, match.group(0))  # 「増加」 only for a rise
        for match in WITH_PREVIOUS.finditer(text):
            now, before = _wards(match.group(1)), _wards(match.group(2))
            assert (now, before) == (t2["counted"]["target_reached"], previous["target_reached"]), (year, match.group(0))
            assert ("も" in match.group(0)) == (now == before), (year, match.group(0))
        assert not re.search(r"(平成\d+年度|令和\S+?年度)は、[^。]*?\1まで", text), year  # the year said once
        if t2["counted"]["count"] < len(WARDS):
            # some ward is a reference value: 「すべての区」 only when what it says holds of every ward, the
            # reference values too (the seed's 1.4.b): 表2's 参考数値を含む row says so
            every = t2["including_reference"]
            assert every is not None
            holds = {
                "以上となっており": every["on_track"] == every["count"],
                "達成することができました": every["target_reached"] == every["count"],
                "未満であり": every["on_track"] == 0,
                "必ずしも順調ではありませんでした": every["on_track"] == 0,
                "至りませんでした": every["target_reached"] == 0,
            }
            for sentence in re.findall(r"[^。]*(?:全区|すべての区)において[^。]*。", text):
                if "参考数値" in sentence or "件数カウントの対象となる区はありません" in sentence:
                    continue
                claims = [ok for words, ok in holds.items() if words in sentence]
                assert claims and all(claims), (year, sentence, dict(every))


PREVIOUS = {w: ("30", "500") for w in WARDS}


def _first_block(data: Path, year: int = 2016) -> str:
    from test_narrative_fy2016 import achievement_blocks

    return "".join(achievement_blocks(_edition(data, year).document)[0])


def test_also_only_when_the_reference_wards_agree_with_the_sentence_before(tmp_path: Path) -> None:
    # 東区 reached the target, 西区 is behind, 南区 (a reference value) is behind too: the sentence
    # before the note says 東区 reached it, so 南区 is not 「も」 behind
    mixed = {"東区": ("55", "500"), "西区": ("10", "500"), "南区": ("10", "120")}
    text = _first_block(make_data(tmp_path / "mixed", years={2015: PREVIOUS, 2016: mixed}))
    assert "・特に、東区においては" in text
    assert "件数カウントの対象としていない1区においては、参考数値ではあるものの、進捗率が66.7％未満" in text
    assert "においても" not in text
    # every counted ward behind, and the reference ward too: 「も」
    behind = {"東区": ("10", "500"), "西区": ("10", "500"), "南区": ("10", "120")}
    text = _first_block(make_data(tmp_path / "behind", years={2015: PREVIOUS, 2016: behind}))
    assert "件数カウントの対象としていない1区においても、参考数値ではあるものの、進捗率が66.7％未満" in text


def test_the_last_year_never_prints_a_rounded_100_percent(tmp_path: Path) -> None:
    # 西区 is below the target, 南区 a reference value above it: the final year speaks of the target
    values = {"東区": ("55", "500"), "西区": ("10", "500"), "南区": ("52", "120")}
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: PREVIOUS, 2017: values})
    text = _text(_edition(data, 2017))
    assert "100.0％" not in text
    assert re.findall(r"進捗率が[\d.]+％", text) == [], "the final year judges by the target, not a progress rate"


def test_a_placeholder_names_the_file_inside_the_data_folder_not_this_machines_path(tmp_path: Path) -> None:
    data = tmp_path / "城東" / "data"
    shutil.copytree(DATA, data)
    text = _text(_edition(data.resolve(), 2015))
    placeholders = re.findall(r"【編集者の文章を入れてください: ([^ ]+) の", text)
    assert placeholders and all(p.startswith("2015/text/") for p in placeholders), placeholders
    assert str(tmp_path) not in text and "城東" not in text


def test_a_long_list_of_reference_wards_is_named_by_the_few_left_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    plan = data / "plan.yaml"
    plan.write_text(re.sub(r"min_respondents: \d+", "min_respondents: 100000", plan.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    edition = _edition(data)
    notes = [p.text for p in edition.document.paragraphs() if p.source and "table2_notes" in p.source]
    bullets = [n for n in notes if n.startswith("●") and "回答者数" in n]
    assert bullets
    for bullet in bullets:
        named = re.search(r"については、(.+?)において", bullet)
        assert named is not None
        wards = named.group(1)
        # every survey ward is a reference value now: either all of them, or the few left out named
        assert wards == "すべての区" or "以外の" in wards or wards.count("、") < 6, wards
        assert len(wards) < 80, wards


def test_the_overview_rises_and_falls_add_up_to_table2s_difference(tmp_path: Path) -> None:
    from reportgen.narrative.progress import progress_findings
    from reportgen.narrative.views import indicator_view, item_views, note_numbers

    for data, year in ((DATA, 2016), (_with_group(tmp_path, "counted", '"true"'), 2016)):
        edition = _edition(data, year)
        views = [indicator_view(i, edition.inputs.plan, year) for i in edition.facts.indicators]
        counted = edition.facts.table2_total["counted"]
        found = progress_findings(views, item_views(views), note_numbers(views, True), counted)
        difference = edition.facts.table2_total["difference"]
        assert difference is not None and counted is not None
        assert found.not_reached == (counted["count"] or 0) - (counted["target_reached"] or 0) > 0
        assert found.note_refs == ((1, 2, 3) if data == DATA else (1, 2))  # ※1 参考数値 only while a ward is one
        assert found.rise - found.fall == difference["on_track"]
        assert found.gained - found.lost == difference["target_reached"]
        assert all(v.in_total for v in found.rated) and len(found.rated) == sum(1 for v in views if v.in_total)
        text = _text(edition)
        total = edition.facts.table2_total["previous"]
        assert total is not None and f"昨年度の{total['on_track']:,}件から" in text


def test_counting_modes_are_read_by_their_properties_not_their_names(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    renames = {"per_ward": "kubetsu", "citywide": "zenshi", "cumulative": "ruikei"}
    for name in ("rules.yaml", "plan.yaml"):
        path = data / name
        text = path.read_text(encoding="utf-8")
        for old, new in renames.items():
            text = re.sub(rf"\b{old}\b", new, text)
        path.write_text(text, encoding="utf-8")
    assert "kubetsu" in (data / "plan.yaml").read_text(encoding="utf-8")
    assert _text(_edition(data)) == _text(_edition(DATA))


# -- any plan: the sentences' counts are 表1's and 表2's --------------------------------------

def _n(text: str) -> int:
    return int(text.replace(",", ""))


def _check_overview(edition: Edition, plan: RandomPlan, text: str) -> None:
    """Ⅱ: 表1's total (indicators × wards) and 表2's total (counted, on track, not on track)."""
    facts = edition.facts
    indicators, wards = len(plan.kinds), len(plan.wards)
    assert f"成果指標{indicators}項目{facts.table1_total['count']:,}件（{indicators}項目×{wards}区）" in text
    assert facts.table1_total["count"] == indicators * wards
    total = facts.table2_total["counted"]
    rated = sum(1 for i in facts.indicators if i.counting.in_total)
    lead = re.findall(r"・成果指標(\d+)項目([\d,]+)件(?:（[^）]*参照）)?のうち、", text)
    assert lead and all((int(k), _n(c)) == (rated, total["count"]) for k, c in lead), lead
    for figure in re.findall(r"のうち、([\d,]+)件（[^）]*）が成果目標値達成に向け概ね順調", text):
        assert _n(figure) == total["on_track"]
    for figure in re.findall(r"必ずしも順調ではないと評価されたものは、(?:「[^」]*」など)?([\d,]+)件あり", text):
        assert _n(figure) == total["not_on_track"]


def _check_blocks(edition: Edition) -> None:
    """Each indicator's 【達成状況】 counts its own 表2 row: counted wards and reference wards."""
    blocks = achievement_blocks(edition.document)
    assert len(blocks) == len(edition.facts.indicators)
    for item, paragraphs in zip(edition.facts.indicators, blocks, strict=True):
        t2, block = item.table2, "".join(paragraphs)
        for figure in re.findall(r"件数カウント対象としている(\d+)区", block):
            assert int(figure) == t2["counted"]["count"], (item.indicator.id, block)
        for figure in re.findall(r"件数カウントの対象としていない(\d+)区", block):
            assert int(figure) == t2["including_reference"]["count"] - t2["counted"]["count"], (item.indicator.id, block)


def _check_reference_note(edition: Edition, text: str) -> None:
    """※1: each bullet's indicators have the counted figure and the 必要数 it states (each its own)."""
    by_number = {int(i.indicator.wording.rsplit("の指標", 1)[1]): i for i in edition.facts.indicators}
    named = set()
    for bullet in re.findall(r"^●「.*$", text, flags=re.MULTILINE):
        head, rest = bullet.split("については", 1)
        items = [by_number[int(n)] for n in re.findall(r"の項目(\d+)」", head)]
        assert items, bullet
        counted = re.search(r"（カウント対象件数は(\d+)件となります）", rest)
        minimum = re.search(r"必要数としていた([\d,]+)名", rest)
        for item in items:
            named.add(item.indicator.id)
            assert (int(counted.group(1)) if counted else 0) == item.table2["counted"]["count"], bullet
            if minimum:
                assert _n(minimum.group(1)) == item.indicator.min_respondents, bullet
    with_reference = {i.indicator.id for i in edition.facts.indicators
                      if i.table2["including_reference"]["count"] != i.table2["counted"]["count"]}
    assert named == with_reference


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans())
def test_in_any_plan_every_count_the_sentences_state_is_table1s_or_table2s(tmp_path_factory, plan: RandomPlan) -> None:
    data = plan.write(tmp_path_factory.mktemp("plan"))
    edition, problems = compose_edition(data, plan.year, TEMPLATES)
    assert not problems.errors, problems.errors[:3]
    text = _text(edition)
    _check_overview(edition, plan, text)
    _check_blocks(edition)
    _check_reference_note(edition, text)

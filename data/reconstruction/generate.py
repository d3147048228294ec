"""区別データの再構成（RECONSTRUCTION）/ Reconstruction of per-ward data.

【日本語】
このスクリプトが出力する区ごとの数値は、公表資料「『豊かな地域社会の形成に向けた区政運営
基本方針』平成28年度の実施状況について」の集計値と矛盾しないように作成した「再構成値」であり、
大阪市の公式な数値ではありません。区ごとの実績値・回答者数は公表されていないため、固定の乱数
シードで作成した、もっともらしい架空の値です。集計（件数・区数）と本文で名指しされた事実のみが
公表資料と一致します。個々の区の値を実際の調査結果として引用しないでください。

【English】
The per-ward values written by this script are a RECONSTRUCTION made to be consistent with the
published totals of the FY2016 (平成28年度) report; they are NOT official figures of Osaka City.
Per-ward results and respondent counts were never published, so the values are plausible,
invented numbers drawn with a fixed random seed. Only the aggregates (counts of wards) and the
facts named in the report's narrative match the publication. Do not quote any single ward's value
as a real survey result.

出力 / Output (relative to data/):
    2015/results.csv, 2016/results.csv            区,指標ID,実績値,回答者数,定義どおり測定
    2015/implementation.csv, 2016/implementation.csv  区,指標ID,取組状況

満たす制約 / Constraints satisfied (by construction; self_check() at the end asserts the main ones):
  集計規則 / counting rules
    - 取組期間 平成27～29年度（N=3）。進捗率 = 実績値 ÷ 目標値（百分率、小数第1位で四捨五入）。
      概ね順調 = 進捗率 ≥ 33.4％（1年目・平成27年度）/ 66.7％（2年目・平成28年度）。
      目標値を達成 = 実績値 ≥ 目標値。
      Progress = actual / target, shown in percent rounded half-up to 1 decimal; on track when
      >= 33.4 (year 1, FY2015) / 66.7 (year 2, FY2016); reached when actual >= target.
    - 参考数値 = 回答者数 < 400（区民アンケート）または 定義どおり測定 = いいえ。
      Reference value = fewer than 400 respondents (resident survey) or not measured as defined.
    - 平成27年度比較欄は平成28年度に件数カウント対象となった区のみで集計（1年目の基準 33.4％）。
      The FY2015 comparison column counts only the wards counted in FY2016 (threshold 33.4).
  表１・表２ / Table 1 and Table 2
    - 平成28年度の取組状況は表１の件数（指標ごと）と一致。平成27年度は未公表のため近い形で作成。
      FY2016 implementation statuses reproduce Table 1 per indicator; FY2015 is invented.
    - 表２の全セル（平成28年度、参考（全24区）、平成27年度、差引）と一致。
      Every cell of Table 2 (FY2016, reference row over all 24 wards, FY2015, difference).
  参考数値 / reference values
    - 平成28年度：福島区・西区・大正区・天王寺区・住之江区は 1.1.a, 1.2.a, 1.2.b, 1.4.a の
      回答者数が400未満（平成27年度は400以上）。東淀川区は 1.4.b が定義どおりでない（平成28年度のみ）。
      それ以外に参考数値はない。
      FY2016: the five wards above have < 400 respondents on those four indicators (>= 400 in
      FY2015); 東淀川区 1.4.b not measured as defined (FY2016 only); no other reference values.
  本文で名指しされた事実 / named facts
    - 1.1.a：件数対象19区のうち中央区のみ概ね順調でない（32.3％、進捗率64.6％）。達成8区、
      その中で平野区が最高値。参考5区はすべて概ね順調、うち2区が達成。平成27年度は対象19区中
      13区達成・全区概ね順調、参考5区のうち4区が達成（平成27年度版の集計では17区達成）。
    - 1.2.a：両年度とも全24区が達成。
    - 1.2.b：平成28年度は対象区に概ね順調なし。前年度より上昇したのは対象19区中7区で、
      旭区が最高値かつ最大の上昇幅。参考5区では大正区のみ概ね順調。平成27年度は対象19区中
      18区概ね順調・達成0。
    - 1.3.a：全市1件、両年度とも立ち上げ済（実績値1）。
    - 1.3.b：平成27年度 4区5件、平成28年度 4区8件（淀川区を含む）、累計7区13件。
    - 1.3.c：平成27年度 4区5件、平成28年度 6区11件（西成区を含む）、累計8区16件。
    - 1.4.a：平成28年度は全24区（参考含む）概ね順調でない。上昇は対象19区中9区、住吉区が
      最高値かつ最大の上昇幅。平成27年度は対象19区中6区概ね順調・13区順調でない。
    - 1.4.b：平成28年度は対象23区すべて達成、東淀川区（参考）も達成。平成27年度は対象23区中
      22区達成・全区概ね順調、東淀川区も達成。
    - 2.1.a.1：平成28年度は福島区のみ概ね順調、他23区では北区が最高値。平成27年度は全区概ね順調・
      達成なし。
    - 2.1.a.2, 2.1.a.3, 2.1.b.1：平成28年度は全区概ね順調でない。平成27年度は全区概ね順調・達成なし。
    - 2.1.b.2：平成28年度は全区順調でない。平成27年度は13区概ね順調、11区順調でない。
    - 2.2.a（目標80％）：平成28年度は全区概ね順調、阿倍野区のみ達成。平成27年度は全区概ね順調・
      達成なし。
    - 2.3.a.1（目標80％）：平成28年度は全区概ね順調、9区達成、その中で西区が最高値。
      平成27年度は全区概ね順調、5区達成。
    - 2.3.a.2（目標3.5点）：平成28年度は全区概ね順調、11区達成、その中で住之江区が最高値。
      平成27年度は全区概ね順調、7区達成。
    - 2.3.b：平成28年度は全区順調でない。平成27年度は19区概ね順調、5区順調でない。
    - 2.1.a.2, 2.1.a.3, 2.1.b.1, 2.1.b.2, 2.3.b（【達成状況】が「すべての区において、進捗率が
      66.7％未満であり、必ずしも順調とはいえない状況です。」のみの指標）：平成28年度は全24区で
      前年度より0.5～5.5ポイント低下し、前年度より上昇した区はない。
      On these five indicators every ward's FY2016 value is 0.5 to 5.5 points below its FY2015
      value (no ward rose).
  もっともらしさ / plausibility
    - 進捗率は 33.4、66.7、100 から1.0ポイント以上離す（境界付近の値を作らない）。
      Every progress rate is at least 1.0 point away from 33.4, 66.7 and 100.
    - 割合は5～95％、点数は1.5～5.0点。区民アンケート回答者数は概ね400～1,200人
      （参考数値の区は400未満）、1.4.b（団体アンケート）は60～250団体。
    - 回答者数は調査全体の有効回答者数（母集団を限定する指標でも同じ）。
      Respondents = valid respondents of the whole survey, also for indicators whose
      population is a subgroup.

再実行 / Rerun:
    python data/reconstruction/generate.py
Python 3.11 標準ライブラリのみ使用。同じ入力から常にバイト単位で同一の出力を作る。
Standard library only; the output is byte-identical on every run.
"""

from __future__ import annotations

import csv
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

SEED = 20160331

DATA_DIR = Path(__file__).resolve().parent.parent

WARDS = [
    "北区",
    "都島区",
    "福島区",
    "此花区",
    "中央区",
    "西区",
    "港区",
    "大正区",
    "天王寺区",
    "浪速区",
    "西淀川区",
    "淀川区",
    "東淀川区",
    "東成区",
    "生野区",
    "旭区",
    "城東区",
    "鶴見区",
    "阿倍野区",
    "住之江区",
    "住吉区",
    "東住吉区",
    "平野区",
    "西成区",
]
CITYWIDE = "全市"

# 指標ID -> (measure, 目標値（10分の1単位）)。目標値は plan.yaml と同じ。
INDICATORS = {
    "1.1.a": ("survey", 500),
    "1.2.a": ("survey", 500),
    "1.2.b": ("survey", 500),
    "1.3.a": ("milestone", None),
    "1.3.b": ("count", None),
    "1.3.c": ("count", None),
    "1.4.a": ("survey", 500),
    "1.4.b": ("survey", 500),
    "2.1.a.1": ("survey", 600),
    "2.1.a.2": ("survey", 600),
    "2.1.a.3": ("survey", 600),
    "2.1.b.1": ("survey", 600),
    "2.1.b.2": ("survey", 600),
    "2.2.a": ("survey", 800),
    "2.3.a.1": ("survey", 800),
    "2.3.a.2": ("inspection", 35),
    "2.3.b": ("survey", 600),
}

# 平成28年度に区民アンケートの回答者数が400未満だった区と指標（表２※１）
REFERENCE_WARDS = ["福島区", "西区", "大正区", "天王寺区", "住之江区"]
RESIDENT_SURVEY_1 = ["1.1.a", "1.2.a", "1.2.b", "1.4.a"]
# 平成28年度、1.4.b が地域活動協議会の構成団体を対象としたアンケートでなかった区
NOT_AS_DEFINED = ("東淀川区", "1.4.b", 2016)

MIN_RESPONDENTS = 400
THRESHOLDS = (Decimal("33.4"), Decimal("66.7"), Decimal("100"))
ON_TRACK = {2015: Decimal("33.4"), 2016: Decimal("66.7")}
# 平成28年度に全区で進捗率66.7％未満・すべての区で低下した指標 -> 平成27年度の概ね順調の区数
FALLING = {"2.1.a.2": 24, "2.1.a.3": 24, "2.1.b.1": 24, "2.1.b.2": 13, "2.3.b": 19}
# 前年度より上昇した区が名指しされた指標 -> (最高値かつ最大の上昇幅の区, 上昇した区数（件数対象）)
RISERS = {"1.2.b": ("旭区", 7), "1.4.a": ("住吉区", 9)}
# 全区で低下した指標の低下幅（10分の1単位：0.5～5.5ポイント）と平成28年度の下限（5％）
MIN_FALL, MAX_FALL, FLOOR = 5, 55, 50

# 表１（平成28年度）：[すべて実施, 一部実施, 実施せず, 別途取組, 取組なし]
TABLE1_2016 = {
    "1.1.a": [21, 2, 0, 1, 0],
    "1.2.a": [22, 1, 0, 1, 0],
    "1.2.b": [22, 1, 0, 1, 0],
    "1.3.a": [17, 1, 0, 6, 0],
    "1.3.b": [17, 0, 0, 7, 0],
    "1.3.c": [18, 0, 0, 6, 0],
    "1.4.a": [22, 0, 0, 2, 0],
    "1.4.b": [23, 0, 0, 1, 0],
    "2.1.a.1": [20, 0, 0, 4, 0],
    "2.1.a.2": [20, 0, 0, 4, 0],
    "2.1.a.3": [20, 0, 0, 4, 0],
    "2.1.b.1": [19, 0, 0, 5, 0],
    "2.1.b.2": [19, 0, 0, 5, 0],
    "2.2.a": [14, 3, 0, 7, 0],
    "2.3.a.1": [14, 7, 0, 3, 0],
    "2.3.a.2": [14, 7, 0, 3, 0],
    "2.3.b": [20, 2, 0, 2, 0],
}
STATUSES = ["すべて実施", "一部実施", "実施せず", "別途取組", "取組なし"]
# 同じ項目の指標は区ごとに同じ取組状況とする（区運営方針は項目単位で記載されるため）
SAME_STATUS_AS = {
    "2.1.a.2": "2.1.a.1",
    "2.1.a.3": "2.1.a.1",
    "2.1.b.2": "2.1.b.1",
    "2.3.a.2": "2.3.a.1",
}

rng = random.Random(SEED)


# ---------------------------------------------------------------- helpers
def progress(v: int, t: int) -> Decimal:
    """進捗率（％、小数第1位で四捨五入）。v, t は10分の1単位の整数。"""
    return (Decimal(v) * 100 / Decimal(t)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def clear_of_thresholds(v: int, t: int) -> bool:
    """進捗率（丸め前・丸め後とも）が 33.4 / 66.7 / 100 から1.0ポイント以上離れているか。"""
    raw = Decimal(v) * 100 / Decimal(t)
    shown = progress(v, t)
    return all(abs(raw - th) >= 1 and abs(shown - th) >= 1 for th in THRESHOLDS)


def draw(lo: int, hi: int, t: int) -> int:
    """[lo, hi] の一様乱数（境界付近を除く）。"""
    for _ in range(1000):
        v = rng.randint(lo, hi)
        if clear_of_thresholds(v, t):
            return v
    raise RuntimeError(f"no value in [{lo}, {hi}]")


def draw_near(prev: int, lo: int, hi: int, t: int, spread: int) -> int:
    """前年度の値の近く（±spread）で [lo, hi] に入る値。前年度が範囲外なら範囲内の最も近い値の近く。"""
    center = min(max(prev, lo), hi)
    for _ in range(1000):
        v = center + rng.randint(-spread, spread)
        if lo <= v <= hi and clear_of_thresholds(v, t):
            return v
    return draw(lo, hi, t)


def draw_fall(prev: int, cap: int, t: int) -> int:
    """前年度より MIN_FALL～MAX_FALL 低い値（cap 以下、FLOOR 以上、境界付近を除く）。"""
    lo, hi = max(FLOOR, prev - MAX_FALL), min(cap, prev - MIN_FALL)
    if lo <= hi:
        for _ in range(1000):
            v = rng.randint(lo, hi)
            if clear_of_thresholds(v, t):
                return v
    raise RuntimeError(f"no fall from {prev} below {cap}")


def others(excluded) -> list[str]:
    return [w for w in WARDS if w not in set(excluded)]


def sample(pool, k) -> list[str]:
    """pool から k 区を選ぶ（結果は公式の区順）。"""
    chosen = set(rng.sample(list(pool), k))
    return [w for w in WARDS if w in chosen]


def split_total(total: int, parts: int) -> list[int]:
    """total 件を parts 区に1件以上ずつ配分する。"""
    counts = [1] * parts
    for _ in range(total - parts):
        counts[rng.randrange(parts)] += 1
    return counts


# ---------------------------------------------------------------- values
V: dict[int, dict[str, dict[str, int]]] = {2015: {}, 2016: {}}  # 年度 -> 指標 -> 区 -> 値
COUNTED_1 = others(REFERENCE_WARDS)  # 1.1.a 等の件数対象19区


def gen_1_1_a() -> None:
    t = 500
    v15, v16 = {}, {}
    # 平成28年度：対象19区 = 中央区（32.3％）+ 達成8区（平野区が最高）+ 概ね順調・未達成10区
    reached16 = ["平野区"] + sample(others(REFERENCE_WARDS + ["中央区", "平野区"]), 7)
    ref_reached16 = sample(REFERENCE_WARDS, 2)
    # 平成27年度：対象19区のうち13区達成（残り6区も概ね順調）、参考5区のうち4区達成
    reached15 = sample(COUNTED_1, 13)
    ref_reached15 = ref_reached16 + sample(others(ref_reached16 + COUNTED_1), 2)
    for w in WARDS:
        if w in reached15 or w in ref_reached15:
            v15[w] = draw(505, 600, t)
        else:
            v15[w] = draw(400, 495, t)
    for w in WARDS:
        if w == "中央区":
            v16[w] = 323
        elif w == "平野区":
            continue
        elif w in reached16 or w in ref_reached16:
            v16[w] = draw_near(v15[w], 505, 585, t, 40)
        else:
            v16[w] = draw_near(v15[w], 360, 495, t, 60)
    v16["平野区"] = max(v16[w] for w in v16) + rng.randint(6, 18)
    V[2015]["1.1.a"], V[2016]["1.1.a"] = v15, v16


def gen_all_reached(ind: str, lo: int, hi: int) -> None:
    """1.2.a：両年度とも全区で目標値を達成。"""
    t = INDICATORS[ind][1]
    v15 = {w: draw(lo, hi, t) for w in WARDS}
    v16 = {w: draw_near(v15[w], lo, hi, t, 40) for w in WARDS}
    V[2015][ind], V[2016][ind] = v15, v16


def gen_risers(
    ind: str,
    leader: str,
    n_risers: int,
    n_on15: int,
    on15: tuple[int, int],
    off15: tuple[int, int],
    riser_cap: int,
    leader_on15: bool,
) -> dict[str, int]:
    """対象19区：前年度より上昇した n_risers 区（leader が最高値かつ最大の上昇幅）、
    他は低下。平成28年度はすべて進捗率66.7％未満。平成27年度は n_on15 区が33.4％以上。"""
    t = 500
    v15, v16 = {}, {}
    pool = [w for w in COUNTED_1 if w != leader]
    on_wards = sample(pool, n_on15 - 1) + [leader] if leader_on15 else sample(pool, n_on15)
    for w in COUNTED_1:
        v15[w] = draw(*on15, t) if w in on_wards else draw(*off15, t)
    candidates = [w for w in pool if v15[w] <= riser_cap - 30]
    risers = sample(candidates, n_risers - 1)
    incs = {}
    for w in risers:
        for _ in range(1000):
            inc = rng.randint(4, 45)
            if v15[w] + inc <= riser_cap and clear_of_thresholds(v15[w] + inc, t):
                break
        else:
            raise RuntimeError(w)
        incs[w] = inc
        v16[w] = v15[w] + inc
    for w in pool:
        if w not in risers:
            v16[w] = draw_near(v15[w] - 30, max(60, v15[w] - 70), v15[w] - 4, t, 25)
    # leader：最高値かつ最大の上昇幅（平成28年度も進捗率66.7％未満）
    top16 = max(v16[w] for w in risers) + rng.randint(6, 16)
    top_inc = max(incs.values()) + rng.randint(8, 20)
    if leader_on15:
        v16[leader] = top16
        v15[leader] = top16 - top_inc
    else:
        v16[leader] = max(top16, v15[leader] + top_inc)
    V[2015][ind], V[2016][ind] = v15, v16
    return v16


def gen_1_2_b() -> None:
    v16 = gen_risers("1.2.b", "旭区", 7, 18, (190, 310), (110, 158), 290, True)
    v15 = V[2015]["1.2.b"]
    for w in REFERENCE_WARDS:  # 参考5区：大正区のみ進捗率66.7％以上
        v15[w] = draw(275, 320, 500) if w == "大正区" else draw(190, 320, 500)
        v16[w] = draw(345, 385, 500) if w == "大正区" else draw_near(v15[w], 150, 315, 500, 40)


def gen_1_4_a() -> None:
    v16 = gen_risers("1.4.a", "住吉区", 9, 6, (180, 255), (70, 158), 240, False)
    v15 = V[2015]["1.4.a"]
    for w in REFERENCE_WARDS:  # 参考5区：平成28年度も進捗率66.7％未満
        v15[w] = draw(80, 240, 500)
        v16[w] = draw_near(v15[w], 80, 300, 500, 40)


def gen_1_4_b() -> None:
    t = 500
    v15, v16 = {}, {}
    counted = [w for w in WARDS if w != "東淀川区"]
    on_only = sample(counted, 1)  # 平成27年度：対象23区のうち1区のみ未達成（概ね順調）
    for w in WARDS:
        v15[w] = draw(410, 490, t) if w in on_only else draw(510, 760, t)
        v16[w] = draw_near(v15[w], 510, 780, t, 50)
    V[2015]["1.4.b"], V[2016]["1.4.b"] = v15, v16


def gen_split(
    ind: str,
    n_on15: int,
    on15: tuple[int, int],
    off15: tuple[int, int],
    r16: tuple[int, int],
    spread: int = 50,
) -> None:
    """平成28年度は全区で66.7％未満、平成27年度は n_on15 区が33.4％以上（未達成）。"""
    t = INDICATORS[ind][1]
    on_wards = sample(WARDS, n_on15)
    v15 = {w: draw(*on15, t) if w in on_wards else draw(*off15, t) for w in WARDS}
    v16 = {w: draw_near(v15[w], *r16, t, spread) for w in WARDS}
    V[2015][ind], V[2016][ind] = v15, v16


def gen_falling(
    ind: str, n_on15: int, on15: tuple[int, int], off15: tuple[int, int], cap16: int
) -> None:
    """平成28年度は全区で66.7％未満かつ前年度より0.5ポイント以上低下（上昇した区はない）。
    平成27年度は n_on15 区が33.4％以上（未達成）。"""
    t = INDICATORS[ind][1]
    on_wards = sample(WARDS, n_on15)
    v15 = {w: draw(*on15, t) if w in on_wards else draw(*off15, t) for w in WARDS}
    v16 = {w: draw_fall(v15[w], cap16, t) for w in WARDS}
    V[2015][ind], V[2016][ind] = v15, v16


def gen_2_1_a_1() -> None:
    gen_split("2.1.a.1", 24, (240, 420), (0, 0), (200, 370))
    v16 = V[2016]["2.1.a.1"]
    v16["福島区"] = draw(412, 445, 600)  # 唯一の概ね順調
    v16["北区"] = max(v for w, v in v16.items() if w not in ("福島区", "北区")) + rng.randint(
        5, 15
    )  # 他23区で最高（66.7％未満）


def gen_top(
    ind: str,
    n15: int,
    n16: int,
    leader: str | None,
    reached: tuple[int, int],
    not_reached: tuple[int, int],
    spread: int,
) -> None:
    """全区で概ね順調。平成27年度 n15 区、平成28年度 n16 区が達成（leader が最高値）。"""
    t = INDICATORS[ind][1]
    # leader は前年度も達成（達成区がない年度は未達成の上位）とする
    r15 = ([leader] + sample(others([leader]), n15 - 1)) if n15 else []
    v15 = {w: draw(*reached, t) if w in r15 else draw(*not_reached, t) for w in WARDS}
    if leader is not None and not n15:
        v15[leader] = draw(
            not_reached[1] - (not_reached[1] - not_reached[0]) // 4, not_reached[1], t
        )
    if leader is None:
        r16 = []
    else:
        # 前年度達成の区を優先しつつ選ぶ
        keep = [w for w in r15 if w != leader]
        k = min(len(keep), max(0, n16 - 1 - rng.randint(1, 3)))
        r16 = sample(keep, k)
        r16 = [leader] + r16 + sample(others(r16 + [leader]), n16 - 1 - k)
    v16 = {}
    for w in WARDS:
        if w == leader:
            continue
        v16[w] = draw_near(v15[w], *(reached if w in r16 else not_reached), t, spread)
    if leader is not None:
        step = rng.randint(*((3, 12) if t > 100 else (1, 2)))
        v16[leader] = max(max(v16.values()) + step, draw(*reached, t))
    V[2015][ind], V[2016][ind] = v15, v16


def gen_creations(
    ind: str, n15: int, total15: int, n16: int, total16: int, overlap: int, named: str
) -> None:
    """1.3.b / 1.3.c：年度ごとの新規創出件数（累計で1件以上 = 目標達成）。"""
    w16 = [named] + sample(others([named]), n16 - 1)
    both = sample(w16, overlap)
    w15 = both + sample(others(w16), n15 - overlap)
    w15 = [w for w in WARDS if w in w15]
    c15 = dict(zip(w15, split_total(total15, n15), strict=True))
    c16 = dict(zip(w16, split_total(total16, n16), strict=True))
    V[2015][ind] = {w: c15.get(w, 0) for w in WARDS}
    V[2016][ind] = {w: c16.get(w, 0) for w in WARDS}


def generate_values() -> None:
    gen_1_1_a()
    gen_all_reached("1.2.a", 510, 720)
    gen_1_2_b()
    gen_creations("1.3.b", 4, 5, 4, 8, 1, "淀川区")
    gen_creations("1.3.c", 4, 5, 6, 11, 2, "西成区")
    gen_1_4_a()
    gen_1_4_b()
    gen_2_1_a_1()
    gen_falling("2.1.a.2", 24, (250, 430), (0, 0), 390)
    gen_falling("2.1.a.3", 24, (230, 420), (0, 0), 390)
    gen_falling("2.1.b.1", 24, (215, 380), (0, 0), 390)
    gen_falling("2.1.b.2", 13, (210, 330), (120, 192), 390)
    gen_falling("2.3.b", 19, (212, 360), (110, 192), 390)
    gen_top("2.2.a", 0, 1, "阿倍野区", (810, 860), (570, 785), 50)
    gen_top("2.3.a.1", 5, 9, "西区", (810, 865), (600, 790), 50)
    gen_top("2.3.a.2", 7, 11, "住之江区", (36, 41), (24, 34), 3)


# ---------------------------------------------------------------- respondents
def respondents() -> dict[int, dict[str, dict[str, int | None]]]:
    """回答者数。区民アンケート（基本戦略1用・基本戦略2用）と団体アンケート（1.4.b）。"""
    out: dict[int, dict[str, dict[str, int | None]]] = {2015: {}, 2016: {}}
    # 区ごとの調査規模（年度による増減は±10％程度）
    size1 = {w: rng.randint(480, 1100) for w in WARDS}
    size2 = {w: rng.randint(500, 1100) for w in WARDS}
    size_org = {w: rng.randint(70, 220) for w in WARDS}

    def vary(n: int) -> int:
        return round(n * rng.uniform(0.9, 1.1))

    for year in (2015, 2016):
        base1, base2, base_org = {}, {}, {}
        for w in WARDS:
            if year == 2016 and w in REFERENCE_WARDS:
                base1[w] = rng.randint(290, 392)
            else:
                base1[w] = vary(size1[w])
            base2[w] = vary(size2[w])
            base_org[w] = vary(size_org[w])
        for ind, (measure, _t) in INDICATORS.items():
            if measure != "survey":
                continue
            out[year][ind] = {}
            for w in WARDS:
                if ind == "1.4.b":
                    n = base_org[w] - rng.randint(0, 4)
                else:
                    base = base1[w] if ind in RESIDENT_SURVEY_1 else base2[w]
                    n = base - rng.randint(0, 12)  # 設問ごとの無回答（400の前後をまたがない）
                out[year][ind][w] = n
    return out


# ---------------------------------------------------------------- implementation
def implementation() -> dict[int, dict[str, dict[str, str]]]:
    out: dict[int, dict[str, dict[str, str]]] = {2015: {}, 2016: {}}
    for ind, counts in TABLE1_2016.items():
        if ind in SAME_STATUS_AS:
            out[2016][ind] = dict(out[2016][SAME_STATUS_AS[ind]])
            continue
        labels = [s for s, c in zip(STATUSES, counts, strict=True) for _ in range(c)]
        rng.shuffle(labels)
        out[2016][ind] = dict(zip(WARDS, labels, strict=True))
    # 平成27年度（未公表）：平成28年度と近い形になるよう一部の区だけ変える
    weights = [("すべて実施", 80), ("一部実施", 9), ("実施せず", 1), ("別途取組", 10)]
    pool = [s for s, k in weights for _ in range(k)]
    for ind in TABLE1_2016:
        if ind in SAME_STATUS_AS:
            out[2015][ind] = dict(out[2015][SAME_STATUS_AS[ind]])
            continue
        out[2015][ind] = {
            w: (rng.choice(pool) if rng.random() < 0.15 else s) for w, s in out[2016][ind].items()
        }
    return out


# ---------------------------------------------------------------- checks
def self_check(resp) -> None:
    """主要な制約の自己点検（詳細な照合は別の検査スクリプトで行う）。"""
    for year in (2015, 2016):
        for ind, (measure, t) in INDICATORS.items():
            if measure in ("survey", "inspection"):
                for w, v in V[year][ind].items():
                    if not (year == 2016 and ind == "1.1.a" and w == "中央区"):
                        assert clear_of_thresholds(v, t), (year, ind, w, v)
                    lo, hi = (15, 50) if measure == "inspection" else (50, 950)
                    assert lo <= v <= hi, (year, ind, w, v)
            if measure == "survey":
                for w, n in resp[year][ind].items():
                    ref = year == 2016 and w in REFERENCE_WARDS and ind in RESIDENT_SURVEY_1
                    if ind != "1.4.b":
                        assert (n < MIN_RESPONDENTS) == ref, (year, ind, w, n)
    assert progress(V[2016]["1.1.a"]["中央区"], 500) == Decimal("64.6")
    # 全区で低下：平成28年度は全区66.7％未満・未達成で、どの区も前年度より0.5ポイント以上低い
    for ind, n_on15 in FALLING.items():
        t = INDICATORS[ind][1]
        v15, v16 = V[2015][ind], V[2016][ind]
        assert sum(progress(v, t) >= ON_TRACK[2015] for v in v15.values()) == n_on15, ind
        assert all(v < t for v in v15.values()), ind
        for w in WARDS:
            assert progress(v16[w], t) < ON_TRACK[2016], (ind, w)
            assert MIN_FALL <= v15[w] - v16[w] <= MAX_FALL, (ind, w, v15[w], v16[w])
    # 上昇した区（件数対象19区）：区数と、最高値かつ最大の上昇幅の区
    for ind, (leader, n_risers) in RISERS.items():
        v15, v16 = V[2015][ind], V[2016][ind]
        risers = [w for w in COUNTED_1 if v16[w] > v15[w]]
        assert len(risers) == n_risers and leader in risers, (ind, risers)
        for w in risers:
            if w != leader:
                assert v16[leader] > v16[w], (ind, w)
                assert v16[leader] - v15[leader] > v16[w] - v15[w], (ind, w)
    # 2.1.a.1：福島区のみ概ね順調、他23区では北区が最高値
    v16 = V[2016]["2.1.a.1"]
    assert [w for w in WARDS if progress(v16[w], 600) >= ON_TRACK[2016]] == ["福島区"]
    assert all(v16["北区"] > v for w, v in v16.items() if w not in ("福島区", "北区"))


# ---------------------------------------------------------------- output
def fmt(v: int) -> str:
    return f"{v // 10}.{v % 10}"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    generate_values()
    resp = respondents()
    impl = implementation()
    self_check(resp)
    for year in (2015, 2016):
        rows = []
        for ind, (measure, _t) in INDICATORS.items():
            if measure == "milestone":
                rows.append([CITYWIDE, ind, "1", "", "はい"])
                continue
            for w in WARDS:
                v = V[year][ind][w]
                value = str(v) if measure == "count" else fmt(v)
                n = str(resp[year][ind][w]) if measure == "survey" else ""
                as_defined = "いいえ" if (w, ind, year) == NOT_AS_DEFINED else "はい"
                rows.append([w, ind, value, n, as_defined])
        write_csv(
            DATA_DIR / str(year) / "results.csv",
            ["区", "指標ID", "実績値", "回答者数", "定義どおり測定"],
            rows,
        )
        write_csv(
            DATA_DIR / str(year) / "implementation.csv",
            ["区", "指標ID", "取組状況"],
            [[w, ind, impl[year][ind][w]] for ind in INDICATORS for w in WARDS],
        )


if __name__ == "__main__":
    main()

"""Checks of the editors' text against its edition: sections carried over unreviewed, other years' 年度.

Text copied from last year's edition reads wrong in this one (「平成28年度は、…」 in the FY2017
report). Two warnings catch it, each naming file, line and heading: a section still bearing the mark
``reportgen init`` put on carried-over text (:data:`reportgen.load.prose.CARRIED`), and a year in the
text that is not the edition's where nothing shows it is meant (:func:`stray_years`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reportgen.errors import Location, Problem, Severity
from reportgen.jp.era import ERAS, era_year, fiscal_year_label
from reportgen.load.prose import ProseFile

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_ERA_START = {era.name: era.start.year for era in ERAS}
_ERA = "|".join(_ERA_START)
_YEAR = re.compile(
    rf"(?P<era>{_ERA})?(?P<n>元|[0-9]{{1,4}})(?P<suffix>年度|年(?:[0-9]{{1,2}}月)?)?"
)
_LINK = re.compile(rf"\s*(?:～|〜|~|－|-|から|及び|および|、|・|と)\s*(?=(?:{_ERA})?(?:元|[0-9]{{1,4}})(?:年度|～|〜|~|－|-|から|及び|および|、|・|と))")
"""What joins the years of a span or a list (「平成27～29年度」「27年度及び28年度」), before another year."""
_COMPARISON = re.compile(r"(?:と比べ|に比べ|と比較|との比較|比|より|から(?:の)?(?:増|減|上昇|低下|改善|向上|悪化)|の[0-9.]+(?:％|%|件|点|区)から)")
_EVENT = re.compile(r"(?:中に|末に|に(?![はも]))")
_FROM = re.compile(r"(?:以降|から)")


@dataclass(frozen=True)
class YearMention:
    """A year written in the text: where it starts and ends on its line, and the fiscal year it names."""

    start: int
    end: int
    fiscal_year: int


def _western(era: str | None, number: str, suffix: str, context_era: str) -> int | None:
    """The western year a mention names, or None when the number is no year.

    A number with 年度 and no era (「28年度」) is of the era written before it on the line, or else the
    edition's: publications drop the era once it is clear. Four digits are a western year (2016年度).
    """
    if era or (suffix == "年度" and len(number) <= 2):
        return _ERA_START[era or context_era] - 1 + (1 if number == "元" else int(number))
    if len(number) == 4:
        return int(number)
    return None


def stray_years(line: str, fiscal_year: int, period: tuple[int, int]) -> list[YearMention]:
    """The years on ``line`` that do not belong in the ``fiscal_year`` edition's text.

    Only a past year of the plan period (its first year up to the year before the edition) can be
    stray; and not when the text shows what it is:

    - a span or list of years that reaches this edition or later (the plan period 「平成27～29年度」,
      「27年度及び28年度」 in the FY2016 text); one that ends before the edition is stray as a whole;
    - the plan's first year as the start of something (「平成27年度以降」「平成27年度から」);
    - a comparison (「平成28年度と比べ」「に比べ」「と比較」「より」「から増加」);
    - the date of an event (「平成27年度に構築した」「平成27年度中に」), and any date with a month
      (「平成29年1月に取りまとめ」);
    - relative words (「前年度」「昨年度」「今年度」) hold no number and are never years here.

    Years before the plan (history: 「平成24年度以降」) and after the edition (plans ahead) are
    never stray. What stays is a past year as the topic of a sentence (「平成28年度は、」「平成28年度には、」
    「平成28年度のアンケート結果では」): last year's text telling last year's story.
    """
    text = line.translate(_DIGITS)  # the same length: positions stay those of ``line``
    start, _ = period
    context_era = era_year(fiscal_year)[0]
    stray: list[YearMention] = []
    position = 0
    while (match := _YEAR.search(text, position)) is not None:
        position = match.end()
        context_era = match["era"] or context_era
        # a span or list: years joined by ～, から, 及び, 、 (each may drop its era and its 年度)
        chain = [match]
        while (link := _LINK.match(text, chain[-1].end())) is not None and (following := _YEAR.match(text, link.end())):
            chain.append(following)
        if len(chain) > 1:
            position = chain[-1].end()
            years = [_western(m["era"], m["n"], "年度", context_era) for m in chain]
            known = [y for y in years if y is not None]
            if chain[-1]["suffix"] == "年度" and known and start <= max(known) < fiscal_year:
                stray.append(YearMention(match.start(), chain[-1].end(), max(known)))
            continue
        suffix = match["suffix"]
        if suffix is None or "月" in suffix:
            continue  # a number with no 年, or a date with its month (an event)
        year = _western(match["era"], match["n"], suffix, context_era)
        if year is None or not start <= year < fiscal_year:
            continue
        after = text[match.end():]
        if _COMPARISON.match(after) or _EVENT.match(after) or (year == start and _FROM.match(after)):
            continue
        stray.append(YearMention(match.start(), match.end(), year))
    return stray


@dataclass(frozen=True)
class Review:
    """What the review of the editors' text found: warnings for carried-over sections and stray years."""

    carried: tuple[Problem, ...]
    years: tuple[Problem, ...]


def review_text(prose: Mapping[str, ProseFile], fiscal_year: int, period: tuple[int, int]) -> Review:
    """Warnings (file, line, heading) for every section still carried over and every stray year."""
    edition = fiscal_year_label(fiscal_year)
    carried: list[Problem] = []
    years: list[Problem] = []
    for file in prose.values():
        for section, (line, year) in file.carried.items():
            state = "本文がありません" if not any(file.get(section)) else "まだ見直していません"
            carried.append(Problem(
                Location(file.file, line, section),
                f"{fiscal_year_label(year)}版から引き継いだ文章で、{state}。{edition}の内容に直し、"
                "見直したら「<!-- 引き継ぎ … -->」の行を消してください (carried over from last year, not reviewed)",
                Severity.WARNING,
            ))
        for line, section, text in file.body:
            for mention in stray_years(text, fiscal_year, period):
                found = text[mention.start:mention.end]
                context = ("…" if mention.start > 8 else "") + text[max(0, mention.start - 8): mention.end + 8] + ("…" if len(text) > mention.end + 8 else "")
                hint = f"前年度と比べる文なら「{found}と比べ」のように書けば警告は出ません" if mention.end - mention.start <= 8 else "今年度までの期間に直してください"
                years.append(Problem(
                    Location(file.file, line, section),
                    f"「{found}」とありますが、この報告書は{edition}版です（「{context}」）。前年度の文章のままでないか確かめてください。{hint}"
                    f" ({found}: not this edition's year)",
                    Severity.WARNING,
                ))
    return Review(tuple(carried), tuple(years))

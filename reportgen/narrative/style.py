"""A style checker for generated text: what a city editor would mark in the sentences reportgen writes.

Only generated paragraphs (``Paragraph.source`` starting ``generated``) are read; the editors' prose is
theirs. Each finding names the paragraph's source and the rule it breaks. The checks:

- 「特に」 opens a sentence only right after a positive one, never after 「一方で」 or a negative one;
- no sentence longer than :attr:`StyleLimits.sentence_length` characters, unless its source is listed
  in :attr:`StyleLimits.long_sources` with the reason;
- no list of more than :attr:`StyleLimits.ward_names` ward names (「浜風区を除く10区」 or a count instead);
- one list style 「A、B及びC」: a list of ward names ends in 及び;
- 「すべての区」「全区」 only when every ward of the plan is meant;
- never 「、、」「。。」, an empty 「」, a whole sentence quoted in 「」 (「…。」) or a doubled particle (「のの」「をを」…);
- an indicator's wording uses the same kanji as its item heading for the same word (越えた／超えた).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from reportgen.document import Paragraph


@dataclass(frozen=True)
class StyleLimits:
    """The checker's parameters."""

    sentence_length: int = 150
    """Characters in one sentence (「。」 to 「。」)."""
    ward_names: int = 6
    """Ward names in a row (the sentence rules' ``wards_named``)."""
    long_sources: Mapping[str, str] = field(default_factory=dict)
    """Paragraph sources allowed longer sentences, each with the reason."""


@dataclass(frozen=True)
class Finding:
    """One thing an editor would mark."""

    source: str
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.source}: {self.rule}: {self.text}"


NEGATIVE = ("一方で", "一方、", "必ずしも順調", "至りませんでした", "至っていません", "未満")
"""Marks of a sentence that reports lagging wards."""
_DOUBLED = re.compile(r"(?<![ぁ-ん])(のの|をを|にに|がが|はは|でで|へへ|とと)(?![ぁ-ん])")
_SENTENCE = re.compile(r"[^。]*。[）)]?|[^。]+$")
VARIANTS = (("越え", "超え"), ("聴", "聞"))
"""Kanji written differently for the same word; 公用文 (and this plan's headings) use the first."""


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (a closing bracket after 「。」 stays with its sentence)."""
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def _ward_runs(text: str, wards: Sequence[str]) -> list[tuple[list[str], str]]:
    """Runs of two or more ward names joined by 「、」 or 「及び」: (the names, the run as written)."""
    if not wards:
        return []
    name = "|".join(re.escape(w) for w in sorted(wards, key=len, reverse=True))
    run = re.compile(rf"(?:{name})(?:(?:、|及び)(?:{name}))+")
    return [(re.findall(name, m.group()), m.group()) for m in run.finditer(text)]


def check_paragraphs(paragraphs: Iterable[Paragraph], wards: Sequence[str],
                     limits: StyleLimits | None = None) -> list[Finding]:
    """Every finding in the generated paragraphs of a document, in order."""
    limits = limits or StyleLimits()
    found: list[Finding] = []
    previous = ""
    for paragraph in paragraphs:
        source = paragraph.source or ""
        if not source.startswith("generated"):
            previous = ""
            continue
        text = paragraph.text

        def mark(rule: str, what: str, source: str = source) -> None:
            found.append(Finding(source, rule, what))

        for sentence in sentences(text):
            body = sentence.lstrip("・（")
            if body.startswith("特に") and any(n in previous for n in NEGATIVE):
                mark("「特に」が否定の文の後", sentence)
            if len(sentence) > limits.sentence_length and source not in limits.long_sources:
                mark(f"{limits.sentence_length}字を超える文（{len(sentence)}字）", sentence)
            previous = sentence
        for names, written in _ward_runs(text, wards):
            if len(names) > limits.ward_names:
                mark(f"区名を{len(names)}区並べている（{limits.ward_names}区まで）", written)
            if not written.endswith("及び" + names[-1]):
                mark("並列は「A、B及びC」", written)
        if not _every_ward_meant(text):
            mark("「すべての区」「全区」が全区を指していない", text)
        for bad, rule in (("、、", "「、、」"), ("。。", "「。。」"), ("「」", "空の「」"), ("。」", "「」の中に文末の「。」")):
            if bad in text:
                mark(rule, text)
        for doubled in _DOUBLED.finditer(text):
            mark(f"助詞の重複「{doubled.group()}」", text)
    return found


def _every_ward_meant(text: str) -> bool:
    """「すべての区」 next to a statement that only some wards are counted (件数カウント対象としているN区) or
    that some are not (参考数値) contradicts itself in the same sentence."""
    for sentence in sentences(text):
        if ("全区" in sentence or "すべての区" in sentence) and "件数カウント対象としている" in sentence:
            return False
    return True


def wording_variants(heading: str, wording: str) -> list[str]:
    """Words an indicator's wording writes with other kanji than its item heading (越えた in the heading,
    超えた in the wording): the plan's wording is data, kept in the heading's (公用文) form."""
    return [f"{b}（見出しは「{a}」）" for a, b in VARIANTS if a in heading and b in wording]

"""Phrases sentences take from the plan's and the editors' wording: what was created, a target as a clause.

The sentence templates say what happened (「7区計13件のコミュニティ・ビジネス、ソーシャル・ビジネスが創出
されました」) with nouns taken from data, never hard-coded: the indicator's wording (成果指標の文言) or the
editors' 「創出の結果」 text.
"""

from __future__ import annotations

import re

FALLBACK_NOUN = "取組"
"""What was created when the wording names nothing but the counting (「創出件数」)."""

_BRACKETED = re.compile(r"（([^（）]+)）(?:が新たに|が)?[^（）]*?(?:創出|実施|立ち上げ)[^（）]*件数$")
_RESULT = re.compile(r"^(?:新たに)?(?P<subject>.+)が(?P<predicate>(?:新たに)?[^が]+)$")


def created_noun(wording: str) -> str:
    """The thing an indicator counts the creation of, from its wording.

    「…継続的な活動（コミュニティ・ビジネス、ソーシャル・ビジネス）が創出された件数」 → the words in brackets;
    「社会的ビジネス効果が見込まれる事務事業件数」 → 「社会的ビジネス効果が見込まれる事務事業」;
    a wording that names only the counting (「創出件数」) → :data:`FALLBACK_NOUN`.
    """
    text = wording.strip().rstrip("。")
    bracketed = _BRACKETED.search(text)
    if bracketed:
        return bracketed.group(1)
    for ending in ("件数", "の数", "数"):
        if text.endswith(ending):
            text = text[: -len(ending)]
            break
    text = re.sub(r"(?:が新たに|が)?(?:創出|実施)(?:された|した)?$", "", text)
    return text if text and not text.endswith(("創出", "実施")) else FALLBACK_NOUN


def result_subject(result: str) -> str:
    """The subject of the editors' 「創出の結果」 clause: 「新たにXが創出されました」 → X (else the clause)."""
    found = _RESULT.match(str(result).strip().rstrip("。"))
    return found.group("subject") if found else str(result)


def result_predicate(result: str) -> str:
    """The predicate of that clause: 「新たにXが創出されました」 → 「創出されました」, 「Xが新たに実施されました」 →
    「新たに実施されました」 (else 「創出されました」)."""
    found = _RESULT.match(str(result).strip().rstrip("。"))
    return found.group("predicate") if found else "創出されました"


def clause(text: str) -> str:
    """A sentence of the plan used inside another sentence: without its closing 「。」
    (「…仕組みを立ち上げる。」 → 「…仕組みを立ち上げる」), so no whole sentence sits inside 「」 or before 「という」."""
    return str(text).strip().rstrip("。")

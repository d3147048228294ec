"""The workbook's cover facts, sheet names and numbered notes (reportgen/about.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportgen.about import about, numbered_notes, plain_marks, sheeted
from reportgen.document import DataTable, Note, Paragraph


def test_each_mark_starts_a_note_and_the_lines_under_it_join_it() -> None:
    paragraphs = [
        Paragraph("前置き（※の前の行は注記ではない）"),
        Paragraph("※1 1⑶㋐については、全市で1件としています。"),
        Paragraph("●表2では、欄の下段に記載しています。"),
        Paragraph("※2 ①の成果指標は累計です。"),
        Paragraph("・概ね順調 … 進捗率が66.7％以上"),
        Paragraph("※ 番号のない※は前の注記の続き"),
    ]
    assert numbered_notes(paragraphs) == (
        Note("※1", "1(3)アについては、全市で1件としています。\n●表2では、欄の下段に記載しています。"),
        Note("※2", "1の成果指標は累計です。\n・概ね順調 … 進捗率が66.7％以上\n※ 番号のない※は前の注記の続き"),
    )


@given(st.text(alphabet="①⑳⑴⒇㋐㋾あ1(", max_size=30))
def test_plain_marks_leave_no_platform_dependent_character(text: str) -> None:
    out = plain_marks(text)
    assert not any("\u2460" <= ch <= "\u2487" or "\u32d0" <= ch <= "\u32fe" for ch in out)
    assert out.count("あ") == text.count("あ")


def test_data_tables_get_japanese_sheet_names_and_only_table2_refers_to_the_notes() -> None:
    notes = (Note("※1", "a"), Note("※2", "b"))
    table2 = sheeted(DataTable("table2", "表2", ("年度",), ()), notes)
    assert (table2.sheet, table2.refers) == ("表2データ", ("※1", "※2")) and table2.summary
    wards = sheeted(DataTable("ward_results", "区別", ("年度",), ()), notes)
    assert (wards.sheet, wards.refers) == ("区別実績", ())
    other = sheeted(DataTable("extra", "追加", ("年度",), ()), notes)
    assert (other.sheet, other.refers) == ("extra", ())


def test_the_cover_facts_come_from_the_year_the_author_and_the_title() -> None:
    facts = about(2019, "テスト市", "「方針」令和元年度の実施状況について", "", ())
    assert facts.period == "令和元年度（2019年度）、2019-04-01から2020-03-31まで"
    assert facts.source == "テスト市『「方針」令和元年度の実施状況について』"
    assert facts.contact == "" and "edition.yaml" in facts.contact_hint and "大阪" not in facts.contact_hint

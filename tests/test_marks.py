"""Identities of the generated parts: from heading path, slot and ordinal, never from the text; the update base."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import DATA
from editor import cross_threshold

from reportgen.build import compose_edition
from reportgen.document import Cell, Document, EditionDate, Heading, Paragraph, Table
from reportgen.document.marks import (
    base_record,
    cell_columns,
    cell_place,
    marks,
    slot_of,
    table_texts,
)


def doc(*blocks: object) -> Document:
    import datetime as dt

    return Document("t", "s", "a", EditionDate(dt.date(2017, 4, 1)), tuple(blocks))  # type: ignore[arg-type]


def test_slot_of_reads_the_rule_family() -> None:
    assert slot_of("generated:progress.with_comparison") == "progress"
    assert slot_of("generated:table2_notes.default") == "table2_notes"
    assert slot_of("prose:introduction#前文") is None and slot_of(None) is None and slot_of("plan:wording") is None


def test_ids_come_from_place_slot_and_ordinal_not_text() -> None:
    a = list(marks(doc(Heading("Ⅰ", 1), Paragraph("一", source="generated:s.a"), Paragraph("二", source="generated:s.b"),
                       Paragraph("編集者", source="prose:x"), Heading("1", 2), Paragraph("三", source="generated:s.a"),
                       Heading("Ⅱ", 1), Paragraph("四", source="generated:s.a"))))
    assert [m.place for m in a] == [("Ⅰ",), ("Ⅰ",), ("Ⅰ", "1"), ("Ⅱ",)]
    assert len({m.id for m in a}) == 4 and all(len(m.id) == 12 and m.bookmark == "_RG_" + m.id for m in a)
    b = list(marks(doc(Heading("Ⅰ", 1), Paragraph("別の文", source="generated:s.other"), Paragraph("も", source="generated:s.a"),
                       Heading("1", 2), Paragraph("三", source="generated:s.a"), Heading("Ⅱ", 1), Paragraph("x", source="generated:s.a"))))
    assert [m.id for m in a] == [m.id for m in b]  # same places, other wording and rules: same ids
    assert a[2].where == "Ⅰ ＞ 1"


def test_a_data_correction_keeps_every_id(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("reconstruction"))
    cross_threshold(data)
    before, _ = compose_edition(DATA, 2016)
    after, _ = compose_edition(data, 2016)
    old, new = list(marks(before.document)), list(marks(after.document))
    assert [m.id for m in old] == [m.id for m in new]
    assert any(o.paragraph and n.paragraph and o.paragraph.text != n.paragraph.text for o, n in zip(old, new, strict=True))


def test_tables_by_row_and_order_and_their_places() -> None:
    table = Table("＜表＞", ((Cell("項目", header=True, rowspan=2), Cell("件数", header=True, colspan=2)),
                            (Cell("今年", header=True), Cell("前年", header=True)),
                            (Cell("合計"), Cell("5", 5), Cell("▲ 1", -1))), columns=3, header_rows=2)
    assert cell_columns(table) == [[0, 1], [0, 1, 2], [0, 1, 2]]
    assert table_texts(table) == [["項目", "件数"], [None, "今年", "前年"], ["合計", "5", "▲ 1"]]
    assert cell_place(table, 2, 2) == "＜表＞ 合計「件数・前年」"
    assert cell_place(table, 0, 1) == "＜表＞ 項目「件数」"
    record = json.loads(base_record(doc(table, Paragraph("文", source="generated:x.y"))))
    assert record["version"] == 2 and [("cells" in p, "text" in p) for p in record["parts"]] == [(True, False), (False, True)]
    assert record["parts"][0]["cells"][1] == [None, "今年", "前年"]

"""init and the text review against what people and files do: bad bytes, odd headings, comments, marks left behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.build import compose_edition
from reportgen.errors import InputError, Problems
from reportgen.load.prose import load_prose, parse_prose
from reportgen.yearly import CHECKLIST, init_year


def test_unreadable_text_of_last_year_stops_init_naming_the_file(data_copy: Path) -> None:
    bad = data_copy / "2016" / "text" / "overview.md"
    bad.write_bytes(bad.read_bytes() + "\n## 追加\n壊れた\n".encode() + b"\xff\xfe\x00")
    with pytest.raises(InputError) as caught:
        init_year(data_copy, 2017)
    assert any(p.location.file.endswith("2016/text/overview.md") for p in caught.value.problems)
    assert not (data_copy / "2017").exists() and not [p for p in data_copy.iterdir() if p.name.startswith(".2017")]


def test_headings_the_report_no_longer_reads_are_listed_not_carried(data_copy: Path) -> None:
    path = data_copy / "2016" / "text" / "overview.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## 古い見出し\n\n前年度だけの文。\n", encoding="utf-8")
    init_year(data_copy, 2017)
    checklist = (data_copy / "2017" / CHECKLIST).read_text(encoding="utf-8")
    assert "text/overview.md「古い見出し」" in checklist
    assert [line for line in checklist.splitlines() if line.startswith("- text/")] == ["- text/overview.md「古い見出し」"]  # only it
    assert "古い見出し" not in (data_copy / "2017" / "text" / "overview.md").read_text(encoding="utf-8")


def test_the_plans_first_year_gets_headings_only(data_copy: Path) -> None:
    import shutil

    shutil.rmtree(data_copy / "2015")
    result = init_year(data_copy, 2015)
    assert result.carried == 0 and result.empty > 0
    problems = Problems()
    prose = load_prose(data_copy / "2015" / "text", problems)
    assert not problems.errors and all(not any(p) for f in prose.values() for p in f.sections.values())
    edition = (data_copy / "2015" / "edition.yaml").read_text(encoding="utf-8")
    assert "# published: 2016-MM-DD" in edition and "# 要記入: contact" in edition and "\n# contact: |\n#   " in edition and "\ncontact:" not in edition


def test_contact_is_carried_and_the_new_edition_yaml_reads(data_copy: Path) -> None:
    (data_copy / "2016" / "edition.yaml").write_text("published: 2017-09-01\ncontact: |\n  市民局 区政支援室\n  電話 06-0000-0000\n", encoding="utf-8")
    init_year(data_copy, 2017)
    text = (data_copy / "2017" / "edition.yaml").read_text(encoding="utf-8")
    assert "2017-09-01" in text and "  市民局 区政支援室\n  電話 06-0000-0000\n" in text
    assert "# 要確認: contact（問い合わせ先）は平成28年度版のままです" in text
    from reportgen.load.edition import read_edition

    problems = Problems()
    info = read_edition(data_copy, 2017, problems)
    assert not problems.errors and info is not None and info.contact == "市民局 区政支援室\n電話 06-0000-0000"
    assert not info.date.published  # the 公表日 is left for the editors


def test_comments_are_not_printed_and_an_open_comment_is_an_error() -> None:
    problems = Problems()
    prose = parse_prose("## 前文\n<!-- 説明 -->\n本文。\n<!-- 引き継ぎ 2016: 印 -->\n", "a.md", problems)
    assert prose.get("前文") == ("本文。",) and prose.carried == {"前文": (4, 2016)} and not problems.errors
    parse_prose("## 前文\n<!-- 閉じていない\n本文。\n", "b.md", problems)
    assert [p.location.row for p in problems.errors] == [2]


def test_a_mark_left_on_an_emptied_section_says_so(data_copy: Path) -> None:
    path = data_copy / "2016" / "text" / "overview.md"
    text = path.read_text(encoding="utf-8").replace("## 今後\n", "## 今後\n<!-- 引き継ぎ 2015: x -->\n")
    path.write_text(text, encoding="utf-8")
    edition, _ = compose_edition(data_copy, 2016)
    [carried] = edition.unfinished.carried
    assert carried.location.column == "今後" and "平成27年度版から引き継いだ" in carried.message and "まだ見直していません" in carried.message
    path.write_text(re.sub(r"(## 今後\n<!-- 引き継ぎ 2015: x -->\n)\n[^\n]+\n", r"\1", text), encoding="utf-8")
    edition, _ = compose_edition(data_copy, 2016)
    assert any("本文がありません" in p.message for p in edition.unfinished.carried)


def test_a_year_folder_given_as_data_is_named(data_copy: Path) -> None:
    with pytest.raises(InputError) as caught:
        init_year(data_copy / "2016", 2017)
    [problem] = caught.value.problems
    assert "--data" in problem.message and not (data_copy / "2016" / "2017").exists()


@pytest.mark.parametrize("theirs", [True, False])
def test_a_year_made_meanwhile_is_left_alone(data_copy: Path, monkeypatch: pytest.MonkeyPatch, theirs: bool) -> None:
    """Another init (or a person) creates the year between the check and the write: theirs stays, ours goes."""
    import os

    from reportgen import yearly
    from reportgen.errors import OutputError

    real_mkdir = os.mkdir

    def racing(path: Path, *args: object) -> None:
        if Path(path) == data_copy / "2017":
            real_mkdir(path)
            if theirs:
                (Path(path) / "theirs.txt").write_text("x", encoding="utf-8")
        real_mkdir(path)

    monkeypatch.setattr(yearly.os, "mkdir", racing)
    with pytest.raises(OutputError):
        init_year(data_copy, 2017)
    assert [p.name for p in (data_copy / "2017").iterdir()] == (["theirs.txt"] if theirs else [])  # an empty one too
    assert not [p for p in data_copy.iterdir() if p.name.startswith(".2017")]


def test_no_data_folder_and_a_year_outside_the_plan(tmp_path: Path, data_copy: Path) -> None:
    with pytest.raises(InputError) as caught:
        init_year(tmp_path / "nothing", 2017)
    assert [p.message for p in caught.value.problems] == ["データのフォルダがありません (data folder not found)"]
    with pytest.raises(InputError) as caught:
        init_year(data_copy, 2018)
    assert [p.message for p in caught.value.problems] == ["2018年度は取組期間（2015〜2017年度）の外です"]


def test_the_checklist_counts_each_file(data_copy: Path) -> None:
    init_year(data_copy, 2017)
    checklist = (data_copy / "2017" / CHECKLIST).read_text(encoding="utf-8")
    problems = Problems()
    for key, file in load_prose(data_copy / "2017" / "text", problems).items():
        carried = len(file.carried)
        empty = sum(1 for paragraphs in file.sections.values() if not any(paragraphs))
        parts = [f"見直す {carried}"] * bool(carried) + [f"書く {empty}"] * bool(empty)
        assert f"- [ ] text/{key}.md（{'・'.join(parts)}）\n" in checklist


def test_a_failed_rename_leaves_no_year_behind(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    from reportgen import yearly
    from reportgen.errors import OutputError

    def failing(source: object, target: object) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(yearly.os, "rename", failing)
    with pytest.raises(OutputError) as caught:
        init_year(data_copy, 2017)
    assert "Permission denied" in caught.value.problems[0].message
    assert not os.path.lexists(data_copy / "2017") and not [p for p in data_copy.iterdir() if p.name.startswith(".2017")]

"""Editors' prose never disappears silently: a section no sentence uses, or a missing one, is a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario import WARDS, make_data

from reportgen.build import compose_edition
from reportgen.cli import main
from reportgen.errors import Problems, Severity
from reportgen.load.prose import parse_prose
from reportgen.narrative.placement import PlacedText, ProseUse
from reportgen.rules.expr import BoundedSandbox

PREVIOUS = {w: ("30", "500") for w in WARDS}
LEAD = "地域の皆さんと力を合わせて"


def _unplaced(problems: Problems) -> list[str]:
    return [str(p) for p in problems if p.severity is Severity.WARNING and "報告書に入っていません" in p.message]


def _text(edition) -> str:
    return "\n".join(p.text for p in edition.document.paragraphs())


def _with_summary(tmp_path: Path, value: str) -> Path:
    data = make_data(tmp_path, years={2015: PREVIOUS, 2016: {w: (value, "500") for w in WARDS}})
    folder = data / "2016" / "text"
    folder.mkdir()
    (folder / "summary.md").write_text(f"# 総括\n\n## 1 取組\n\n{LEAD}\n\n## 2 今後の取組について\n\n今後も続けます。\n", encoding="utf-8")
    return data


def test_a_lead_the_summary_uses_is_placed_and_not_warned_about(tmp_path: Path) -> None:
    edition, problems = compose_edition(_with_summary(tmp_path, "45"), 2016)  # every ward on track
    assert f"{LEAD}取り組んだ結果" in _text(edition)
    assert _unplaced(problems) == []


def test_a_lead_is_placed_even_when_nothing_is_on_track(tmp_path: Path) -> None:
    edition, problems = compose_edition(_with_summary(tmp_path, "20"), 2016)  # no ward on track
    assert f"・平成28年度は、{LEAD}取り組みました。" in _text(edition)
    assert _unplaced(problems) == []


def test_a_section_read_but_left_out_of_the_sentence_is_warned_about_at_its_heading(tmp_path: Path) -> None:
    # summary_strategy.j2 reads every 「1 理由 KEY」, but writes one only for an item that is not on track
    data = _with_summary(tmp_path, "45")  # every ward on track: the reason has nowhere to go
    summary = data / "2016" / "text" / "summary.md"
    summary.write_text(summary.read_text(encoding="utf-8") + "\n## 1 理由 1.1.a\n\n周知が十分でなかった\n", encoding="utf-8")
    edition, problems = compose_edition(data, 2016)
    assert "周知が十分でなかった" not in _text(edition)
    [warning] = _unplaced(problems)
    line = summary.read_text(encoding="utf-8").splitlines().index("## 1 理由 1.1.a") + 1
    assert warning.startswith(f"警告: {summary} {line}行目「1 理由 1.1.a」: 編集者の文章が報告書に入っていません")


@pytest.fixture
def in_copy(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data_copy, with the working folder set so that messages show ``data/…``."""
    monkeypatch.chdir(data_copy.parent)
    return data_copy


def _build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["build", "--fiscal-year", "2016", "--data", "data", "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    report = (tmp_path / "out" / "2016" / "report.txt").read_text(encoding="utf-8") if code == 0 else ""
    return code, err, report


def test_the_fy2016_prose_is_placed_whole() -> None:
    _, problems = compose_edition(Path(__file__).resolve().parent.parent / "data", 2016)
    assert _unplaced(problems) == []


def test_sections_no_sentence_uses_are_warned_about_and_the_build_still_succeeds(
    in_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    summary = in_copy / "2016" / "text" / "summary.md"
    summary.write_text(summary.read_text(encoding="utf-8").rstrip("\n") + "\n\n## 1 理由 9.9.z\n\nない項目の理由です。\n", encoding="utf-8")
    reason_line = summary.read_text(encoding="utf-8").split("\n").index("## 1 理由 9.9.z") + 1
    item = in_copy / "2016" / "text" / "items" / "1.1.a.md"
    item.write_text(item.read_text(encoding="utf-8").rstrip("\n") + "\n\n## 達成状況\n\n全市で1件の指標だけが使う見出しです。\n", encoding="utf-8")
    status_line = item.read_text(encoding="utf-8").split("\n").index("## 達成状況") + 1

    code, err, report = _build(tmp_path, capsys)

    assert code == 0, err
    warnings = [line for line in err.splitlines() if "報告書に入っていません" in line]
    assert warnings == [
        f"警告: data/2016/text/items/1.1.a.md {status_line}行目「達成状況」: " + warnings[0].split(": ", 2)[2],
        f"警告: data/2016/text/summary.md {reason_line}行目「1 理由 9.9.z」: " + warnings[1].split(": ", 2)[2],
    ]
    assert "ない項目の理由です" not in report and "全市で1件の指標だけが使う見出しです" not in report


def test_a_misspelt_heading_warns_twice_missing_and_unplaced(in_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = in_copy / "2016" / "text" / "items" / "1.2.a.md"
    item.write_text(item.read_text(encoding="utf-8").replace("## 課題と改善策", "## 課題と改善"), encoding="utf-8")
    code, err, report = _build(tmp_path, capsys)
    assert code == 0, err
    assert "警告: data/2016/text/items/1.2.a.md「課題と改善策」: 編集者の文章がありません" in err
    assert "警告: data/2016/text/items/1.2.a.md 7行目「課題と改善」: 編集者の文章が報告書に入っていません" in err
    assert "【編集者の文章を入れてください: 2016/text/items/1.2.a.md の「課題と改善策」】" in report


def test_a_missing_section_prints_a_warning_naming_file_and_section(in_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = in_copy / "2016" / "text" / "summary.md"
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text[: text.index("## 3 今後の取組について")], encoding="utf-8")
    (in_copy / "2016" / "text" / "items" / "2.2.a.md").unlink()
    code, err, report = _build(tmp_path, capsys)
    assert code == 0, err
    assert "警告: data/2016/text/summary.md「3 今後の取組について」: 編集者の文章がありません" in err
    assert "警告: data/2016/text/items/2.2.a.md「取組の実施状況」: 編集者の文章がありません" in err
    assert "警告: data/2016/text/items/2.2.a.md「課題と改善策」: 編集者の文章がありません" in err
    assert "【編集者の文章を入れてください: 2016/text/summary.md の「3 今後の取組について」】" in report


def test_an_empty_section_is_warned_about_at_its_heading(in_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = in_copy / "2016" / "text" / "summary.md"
    lines = summary.read_text(encoding="utf-8").split("\n")
    heading = lines.index("## 3 今後の取組について")
    summary.write_text("\n".join(lines[: heading + 1]) + "\n", encoding="utf-8")
    code, err, _ = _build(tmp_path, capsys)
    assert code == 0, err
    assert f"警告: data/2016/text/summary.md {heading + 1}行目「3 今後の取組について」: 編集者の文章がありません" in err


# -- the tracking itself -------------------------------------------------------------------------

def _usage() -> ProseUse:
    problems = Problems()
    prose = parse_prose("## 取組\n\n前半\n\n後半\n\n## 空\n\n## 理由\n\n理由です\n", "t.md", problems)
    assert problems.items == []
    return ProseUse({"summary": prose})


@pytest.mark.parametrize(("source", "placed"), [
    ("{% set lead = text.summary.get('取組') %}{% if lead %}あり{% endif %}", set()),
    ("{{ 'ok' if '取組' in text.summary else '' }}{{ text.summary | length }}{{ text.summary.keys() | list }}", set()),
    ("{{ text.summary.get('取組') }}", {"取組"}),
    ("{{ text.summary['理由'] ~ 'ので' }}", {"理由"}),
    ("{{ text.summary.get('取組') | trim }}{{ '%s' | format(text.summary['理由']) }}", {"取組", "理由"}),
    ("{% set short = text.summary.get('取組') | trim | upper %}{{ short | length }}{{ short[:1] | length }}", set()),
    ("{{ (text.summary.get('取組') | replace('前', '後'))[:2] ~ '' }}{{ ['「', text.summary['理由']] | join }}", {"取組", "理由"}),
    ("{{ text.summary.get('取組').split('\n')[0].strip() }}", {"取組"}),
])
def test_only_writing_a_section_into_the_output_places_it(source: str, placed: set[str]) -> None:
    usage = _usage()
    BoundedSandbox().from_string(source).render(text=usage.text())
    assert {section for _, section in usage.placed} == placed
    assert {section for _, section in usage.unplaced()} == {"取組", "理由"} - placed  # 「空」 has no text to lose


def test_placed_text_is_still_the_text() -> None:
    marks: list[int] = []
    text = PlacedText("前半\n後半", lambda: marks.append(1))
    assert text == "前半\n後半" and type(str(text)) is str and f"{text}" == "前半\n後半" and len(marks) == 2
    derived = [text + "。", "「" + text, text.strip(), text[:2], text.split("\n")[1], text.replace("前", "後")]
    assert derived == ["前半\n後半。", "「前半\n後半", "前半\n後半", "前半", "後半", "後半\n後半"]
    assert all(isinstance(d, PlacedText) for d in derived) and len(marks) == 2  # made from it, not yet written
    assert "前半" in text and text.startswith("前半") and len(text) == 5 and len(marks) == 2  # reading is not writing
    assert str(derived[4]) == "後半" and len(marks) == 3

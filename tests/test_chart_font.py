"""The chart font: one lacking a character a chart draws stops the build (never a box), a found one without Japanese is passed over."""

from __future__ import annotations

import string
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import given
from hypothesis import strategies as st

from reportgen.cli import main
from reportgen.document import Bar, Chart
from reportgen.errors import OutputError
from reportgen.render import chart_font, charts_png
from reportgen.render.chart_font import SAMPLE, draws_japanese, has_glyph, missing, require

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
JAPANESE = next((Path(p) for p in charts_png.FONT_FILES if Path(p).is_file()), None)
latin_only = pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans (fonts-dejavu-core) not installed")
japanese = pytest.mark.skipif(JAPANESE is None, reason="no Japanese font installed")


@latin_only
def test_a_latin_only_font_lacks_kanji_and_kana_and_has_latin() -> None:
    assert not draws_japanese(DEJAVU)
    assert missing(DEJAVU, ["北区 86.0％", "図"]) == ["北", "区", "％", "図"]  # each once, in order; digits and spaces drawn
    assert has_glyph(DEJAVU, "A") and has_glyph(DEJAVU, " ") and has_glyph(DEJAVU, "\u3000")
    assert not has_glyph(DEJAVU, chart_font.UNMAPPED)


@latin_only
@given(st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " ", max_size=40))
def test_a_latin_font_draws_any_latin_text(text: str) -> None:
    assert missing(DEJAVU, [text]) == []


@japanese
def test_the_japanese_font_found_draws_what_charts_need() -> None:
    assert JAPANESE is not None and draws_japanese(JAPANESE) and missing(JAPANESE, [SAMPLE, "北区都島区▲…―"]) == []


@latin_only
@japanese
def test_a_found_font_without_japanese_is_passed_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTGEN_CHART_FONT", raising=False)
    monkeypatch.setattr(charts_png, "FONT_FILES", (str(DEJAVU), str(JAPANESE)))
    assert charts_png.find_font() == JAPANESE
    monkeypatch.setattr(charts_png, "FONT_FILES", (str(DEJAVU),))
    assert charts_png.find_font() is None  # the Word edition then states each chart in words


@latin_only
def test_the_message_names_the_font_the_characters_and_the_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_CHART_FONT", str(DEJAVU))
    with pytest.raises(OutputError) as caught:
        require(DEJAVU, ["図区の進捗率と参考数値"], "図 1.1.a")
    message = str(caught.value)
    assert message.startswith("エラー: REPORTGEN_CHART_FONT")
    assert "DejaVuSans.ttf" in message and "「図」(U+56F3)" in message and "ほか" in message and "図「図 1.1.a」" in message
    assert "「数」" not in message  # at most five characters named, the rest counted
    monkeypatch.delenv("REPORTGEN_CHART_FONT")
    with pytest.raises(OutputError) as caught:
        require(DEJAVU, ["区"], "図 2")
    assert str(caught.value).startswith(f"エラー: {DEJAVU}") and "ほか" not in str(caught.value)
    require(DEJAVU, ["Kita 86.0"], "x")  # nothing lacking: no error


@latin_only
def test_a_latin_only_chart_font_stops_the_build_with_nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REPORTGEN_CHART_FONT", str(DEJAVU))
    code = main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert "エラー: REPORTGEN_CHART_FONT" in err and "DejaVuSans.ttf" in err and "豆腐" in err, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


@latin_only
def test_render_png_refuses_a_font_lacking_a_wards_character(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORTGEN_CHART_FONT", raising=False)
    chart = Chart("k", "図 x", "d", "%", ("a",), (("", (Bar("Kita", (Decimal(5),), ("5%",)),)),), (), 10)
    assert charts_png.render_png(chart, DEJAVU).startswith(b"\x89PNG")  # all Latin: drawn
    chart = Chart("k", "図 x", "d", "%", ("a",), (("", (Bar("北", (Decimal(5),), ("5%",)),)),), (), 10)
    with pytest.raises(OutputError, match="「北」"):
        charts_png.render_png(chart, DEJAVU)

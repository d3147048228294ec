"""YAML reading: syntax errors in Japanese at the line of the mistake, lines of keys and values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reportgen.cli import main
from reportgen.errors import Problems
from reportgen.load.yamlfile import LineDict, describe_yaml_error, load_yaml

LOADERS = [pytest.param(yaml.SafeLoader, id="python")]
if getattr(yaml, "CSafeLoader", None) is not None:
    LOADERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))

JAPANESE_START = re.compile("^[^A-Za-z]*[\u3040-\u30ff\u3400-\u9fff]")

# (name, text, line to report, words the Japanese part must contain)
SNIPPETS = [
    ("unclosed flow sequence", "a: 1\nb: [1, 2\nc: 3\nd: 4\n", 2, ("「[」", "閉じていません", "3行目")),
    ("unclosed flow mapping", "a: {x: 1, y: 2\nb: 3\n", 1, ("「{」", "閉じていません", "2行目")),
    ("unclosed quote", 'a: "abc\nb: 3\n', 1, ("引用符", "閉じていません")),
    ("tab indentation", "a:\n\tb: 1\n", 2, ("タブ",)),
    ("bad indentation", "a:\n  b: 1\n c: 2\n", 3, ("字下げ",)),
    ("colon in a value", "a: b: c\n", 1, ("「: 」",)),
    ("key without colon", "a: 1\nb\nc: 2\n", 2, ("「:」がありません",)),
    ("list item in a mapping", "a: 1\n- b\n", 2, ("字下げ",)),
    ("undefined alias", "a: *x\n", 1, ("別名",)),
    ("python tag", "a: !!python/object:os.system x\n", 1, ("タグ",)),
    ("two documents", "a: 1\n---\nb: 2\n", 2, ("文書",)),
    ("bad escape", 'a: "\\q"\n', 1, ("「\\」",)),
    ("reserved character", "a: @x\n", 1, ("「@」",)),
]


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(("name", "text", "line", "words"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_yaml_syntax_errors_are_described_in_japanese(loader: type, name: str, text: str, line: int, words: tuple[str, ...]) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.load(text, Loader=loader)  # noqa: S506 - safe loaders only
    row, message = describe_yaml_error(caught.value, text)
    assert row == line, message
    assert JAPANESE_START.match(message), message  # the sentence is Japanese; English only as detail
    japanese, _, english = message.partition(" (")
    assert all(w in japanese for w in words), message
    assert english.endswith(")") and (caught.value.problem or "") in english, message


def _broken_plan(data: Path) -> tuple[int, int]:
    """Drop the closing brace of the first ``target: {…}`` of plan.yaml; its line, and PyYAML's line."""
    path = data / "plan.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    broken = next(n for n, line in enumerate(lines) if line.strip().startswith("target: {"))
    lines[broken] = lines[broken].rstrip().rstrip("}")
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
    return broken + 1, caught.value.problem_mark.line + 1


def test_an_unclosed_brace_is_reported_at_its_own_line_not_where_pyyaml_gave_up(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(data_copy.parent)
    line, gave_up = _broken_plan(data_copy)
    assert gave_up > line  # the case the review found: PyYAML names a later line
    code = main(["validate", "--fiscal-year", "2016", "--data", "data"])
    err = capsys.readouterr().err
    assert code == 1
    messages = [m for m in err.splitlines() if m.startswith("エラー: data/plan.yaml")]
    assert len(messages) == 1, err
    assert messages[0].startswith(f"エラー: data/plan.yaml {line}行目: YAMLの書式が正しくありません: {line}行目"), err
    assert "「{」で始まる" in messages[0] and f"{gave_up}行目" in messages[0], err
    assert messages[0].endswith(")") and "expected ',' or '}'" in messages[0].rpartition(" (")[2], err  # PyYAML's words as detail


def test_load_yaml_reports_the_line_of_the_mistake(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: [1, 2\nc: 3\nd: 4\n", encoding="utf-8")
    problems = Problems()
    assert load_yaml(path, problems) is None
    [problem] = problems.errors
    assert problem.location.row == 2
    assert "YAMLの書式が正しくありません: 2行目4文字目の「[」で始まる一覧が閉じていません" in problem.message


def test_line_dicts_know_the_line_of_each_value(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb:\n  long/value.j2\nc:\n  d: 2\n", encoding="utf-8")
    data = load_yaml(path, Problems())
    assert isinstance(data, LineDict)
    assert (data.line_of("b"), data.value_line("b")) == (2, 3)
    assert (data.line_of("a"), data.value_line("a")) == (1, 1)
    assert data.value_line("missing") == data.line
    assert LineDict().value_line("x") == 0  # a mapping made in code answers too

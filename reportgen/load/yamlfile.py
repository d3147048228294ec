"""Safe YAML reading that remembers the line of every mapping key and value, and explains syntax errors in Japanese."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from reportgen.errors import Location, Problems, display_path
from reportgen.load.quote import clip, closest, did_you_mean, quote
from reportgen.load.text import describe_unusable, read_text, unusable_characters


class LineDict(dict[Any, Any]):
    """A YAML mapping that knows the line of each of its keys and of each value (1-based).

    Keys and values are whatever the YAML holds (Any): each loader checks them against its schema.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict[Any, int] = {}
        self.value_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """Line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)

    def value_line(self, key: Any) -> int:
        """Line where the value of ``key`` starts (``template:`` and its value may be on different lines)."""
        return self.value_lines.get(key, self.line_of(key))


class LineList(list[Any]):
    """A YAML sequence that knows the line of each of its items (1-based); items as in :class:`LineDict`."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int | None:
        """Line of item ``index``, if known."""
        return self.lines[index] if 0 <= index < len(self.lines) else None


if TYPE_CHECKING:
    # checked as the pure-Python loader: CSafeLoader has the same interface (libyaml's parser under
    # the same constructor and resolver), but whether PyYAML has it is known only at run time
    _SAFE_BASE = yaml.SafeLoader
else:
    _SAFE_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (several times faster), else the pure-Python one."""


class _LineLoader(_SAFE_BASE):
    """SafeLoader whose mappings are :class:`LineDict` (no arbitrary objects are ever built).

    A value its tag cannot hold (``2017-13-01``, ``!!int 四百``) is a located YAML error,
    not a ValueError from deep inside PyYAML. Every text (key or value) is checked for characters
    no text may hold, which YAML's escapes (``"\\x01"``, ``"\\u202e"``) make from plain ASCII; they
    are collected in ``unusable`` (line, message) so that all are reported.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.unusable: list[tuple[int, str]] = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            value = f" {quote(node.value)} " if isinstance(node, yaml.ScalarNode) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"値{value}を読めません（{exc}） (invalid value)", node.start_mark
            ) from None
        if isinstance(value, str):
            bad = unusable_characters(value, single_line=False)
            if bad:
                self.unusable.append((node.start_mark.line + 1, describe_unusable(bad)))
        return value


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                None, None, "「<<:」（ほかの「キー: 値」の組の取り込み）は使えません。キーをそれぞれ書いてください (merge keys are not supported)",
                key_node.start_mark,
            )
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "キーに一覧や「キー: 値」は使えません (unhashable key)", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"キー {quote(key)} が重複しています (duplicate key)", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
        result.value_lines[key] = value_node.start_mark.line + 1
    return result


_AMBIGUOUS_NUMBER = re.compile(r"[-+]?(0[0-9_]+|0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[0-9]+_[0-9_]*(\.[0-9_]*)?)")
"""Plain scalars YAML 1.1 reads as numbers unlike their look: ``050`` is octal 40, ``0x1F``, ``1:20``
(sexagesimal 80), ``1_000``. Nobody writing a target or a count means those; they are refused."""


def _construct_number(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    if _AMBIGUOUS_NUMBER.fullmatch(node.value):
        raise yaml.constructor.ConstructorError(
            None, None,
            f"数 {quote(node.value)} は YAML では別の値として読まれます（0で始まる数は8進数など）。"
            "先頭の0や区切りを付けずに書くか、文字として読ませるなら引用符で囲んでください (ambiguous YAML 1.1 number)",
            node.start_mark,
        )
    if node.tag == "tag:yaml.org,2002:int":
        return loader.construct_yaml_int(node)
    return loader.construct_yaml_float(node)


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_number)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")

_OPENED_BY_CONTEXT = ("flow sequence", "flow mapping", "quoted scalar", "simple key")
"""Contexts whose mark is where the mistake was made (an unclosed ``[``, ``{`` or quote, a key without
``:``); PyYAML's problem mark is only where it gave up, often lines further down."""


def _at(mark: yaml.Mark) -> str:
    return f"{mark.line + 1}行目{mark.column + 1}文字目"


def _char_at(text: str, mark: yaml.Mark) -> str:
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _explain(context: str, problem: str, exc: yaml.MarkedYAMLError, text: str) -> str:
    """The Japanese sentence for one of PyYAML's (or libyaml's) messages."""
    start = exc.context_mark
    where = _at(exc.problem_mark) if exc.problem_mark else ""
    opened = _at(start) if start else ""
    if "nesting depth" in problem:  # libyaml's own limit
        return "入れ子が深すぎます"
    if "flow sequence" in context:
        return f"{opened}の「[」で始まる一覧が閉じていません（{where}に「,」か「]」が必要です）"
    if "flow mapping" in context:
        return f"{opened}の「{{」で始まる「キー: 値」の組が閉じていません（{where}に「,」か「}}」が必要です）"
    if "escape" in problem:
        return f"{where}の「\\」のあとの文字は使えません（「\\」を文字として書くときは値全体を ' で囲んでください）"
    if "quoted scalar" in context:
        return f"{opened}で始まる引用符（\" または '）が閉じていません"
    if "simple key" in context:
        return f"{opened}のキーのあとに「:」がありません（{where}まで探しました）"
    if "cannot start any token" in problem:
        char = _char_at(text, exc.problem_mark) if exc.problem_mark else ""
        if char == "\t":
            return f"{where}にタブ文字があります（字下げには半角スペースを使ってください）"
        shown = f"「{char}」" if char.strip() else "この文字"
        return f"{where}の{shown}では値を始められません（値全体を ' で囲んでください）"
    if "mapping values are not allowed" in problem:
        return f"{where}に「: 」があります（値に「: 」を含めるときは値全体を ' で囲んでください。キーなら字下げを確かめてください）"
    if "expected key" in problem or "<block end>" in problem:
        return f"{where}の字下げがそろっていません（同じ階層のキーや「- 」は同じ字下げにしてください）"
    if "'-' indicator" in problem:
        return f"{where}の字下げがそろっていません（一覧の中の行は「- 」で始めるか、字下げを確かめてください）"
    if "undefined alias" in problem:
        return f"{where}の別名（*）の参照先（&）がありません"
    if "constructor for the tag" in problem:
        return f"{where}のタグ（!!…）は使えません"
    if "single document" in context or "document start" in problem or "directive" in context:
        return f"{where}で文書の区切りが正しくありません（1つのファイルには文書を1つだけ書きます。「---」「...」「%」で始まる行を確かめてください）"
    if "end of stream" in problem:
        return f"{where}でファイルが終わっています（閉じていない括弧や引用符がないか確かめてください）"
    return f"{where}の書き方が正しくありません"


def describe_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line to report and a Japanese description of a YAML error, PyYAML's English kept as detail.

    The line is the problem mark's, except for an unclosed bracket or quote and a key without ``:``,
    where the context mark is where the mistake is.
    """
    context, problem = exc.context or "", exc.problem or ""
    if _JAPANESE.search(problem):  # our own constructor messages are written in Japanese already
        mark = exc.problem_mark or exc.context_mark
        return (mark.line + 1 if mark else None), problem
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and any(c in context for c in _OPENED_BY_CONTEXT) and "escape" not in problem:
        mark = exc.context_mark
    english = "; ".join(part for part in (context, problem) if part) or str(exc)
    return (mark.line + 1 if mark else None), f"{_explain(context, problem, exc, text)} ({english})"


class _Mark(Protocol):
    """PyYAML's mark, or libyaml's (a class of its own with the same 0-based ``line``)."""

    @property
    def line(self) -> int: ...


def _line(mark: _Mark | None) -> int | None:
    """The 1-based line of a mark (PyYAML's events and nodes have one; its types allow none)."""
    return None if mark is None else mark.line + 1


def _anchors(text: str) -> list[tuple[int | None, str]]:
    """(line, message) of every anchor (``&a``) and alias (``*a``), which reportgen's files do not use.

    None of reportgen's files needs them, an alias makes one edit change places far apart, and nine
    lines of aliases expand to hundreds of millions of values (a "billion laughs"): refusing them is
    simpler and safer than bounding the expansion. Syntax errors are left to the loader.
    """
    found: list[tuple[int | None, str]] = []
    try:
        for event in yaml.parse(text, Loader=_SAFE_BASE):
            if isinstance(event, yaml.AliasEvent):
                found.append((_line(event.start_mark), f"別名「*{clip(str(event.anchor))}」は使えません。値をそのまま書いてください (aliases are not supported)"))
            elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                found.append((_line(event.start_mark), f"アンカー「&{clip(str(event.anchor))}」は使えません。値をそのまま書いてください (anchors are not supported)"))
    except yaml.YAMLError:
        pass
    return found


def check_keys(file: str, node: LineDict, known: Sequence[str], path: str, problems: Problems) -> bool:
    """Report every key of ``node`` that is not in ``known`` at its line, with the closest known name.

    ``path`` is the mapping's place (``$.strategies[0]``), the key is added to it; with no ``path`` the
    key is named alone. True when all are known.
    """
    ok = True
    for key in node:
        if key in known:
            continue
        ok = False
        problems.error(
            Location(file, node.line_of(key), f"{path}.{clip(str(key))}" if path else clip(str(key))),
            f"知らない項目「{clip(str(key))}」です。{did_you_mean(closest(key, known))}（使える項目: {', '.join(known)}） (unknown key)",
        )
    return ok


MAX_DEPTH = 100
"""Nesting deeper than this is no definition anyone writes (and Python's recursion would give out)."""


def _too_deep(text: str) -> int | None:
    """Line where collections first nest deeper than :data:`MAX_DEPTH` (the parser itself does not recurse)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return _line(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def load_yaml(path: Path, problems: Problems, *, allow_empty: bool = False, inside: Path | None = None) -> Any | None:
    """Read a YAML file; on any problem record it with its line and return ``None``.

    A file with no content (only blanks or comments) is an error unless ``allow_empty``. ``inside``:
    the folder the file must not lead out of through a link (see :func:`read_text`).
    """
    text = read_text(path, problems, inside=inside)
    if text is None:
        return None
    name = display_path(path)
    if not text.strip():
        if not allow_empty:
            problems.error(Location(name), "ファイルが空です (empty file)")
        return None
    refused = _anchors(text)
    for row, message in refused:
        problems.error(Location(name, row), f"YAMLの書式が正しくありません: {message}")
    if refused:
        return None
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        row, detail = describe_yaml_error(exc, text)
        problems.error(Location(name, row), f"YAMLの書式が正しくありません: {detail}")
        return None
    except yaml.reader.ReaderError as exc:
        row = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        problems.error(Location(name, row), f"YAMLの書式が正しくありません: 使用できない文字 U+{char:04X} があります ({exc.reason})")
        return None
    except yaml.YAMLError as exc:
        problems.error(Location(name), f"YAMLの書式が正しくありません: {exc}")
        return None
    except RecursionError:
        problems.error(Location(name, _too_deep(text)), "YAMLの書式が正しくありません: 入れ子が深すぎます (nesting too deep)")
        return None
    finally:
        loader.dispose()
    for row, message in loader.unusable:
        problems.error(Location(name, row), message)
    if loader.unusable:
        return None
    if data is None and not allow_empty:
        problems.error(Location(name), "ファイルが空です（コメントしかありません） (empty file)")
    return data

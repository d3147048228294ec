"""Safe YAML reading that remembers the line of every mapping key, for located messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import Location, Problems
from reportgen.load.paths import display_path
from reportgen.load.text import read_text


class LineDict(dict):
    """A YAML mapping that knows the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """Line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)


_SAFE_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (several times faster), else the pure-Python one."""


class _LineLoader(_SAFE_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader whose mappings are :class:`LineDict` (no arbitrary objects are ever built).

    A value its tag cannot hold (``2017-13-01``, ``!!int 四百``) is a located YAML error,
    not a ValueError from deep inside PyYAML.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            value = f" {node.value!r} " if isinstance(node, yaml.ScalarNode) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"値{value}を読めません（{exc}） (invalid value)", node.start_mark
            ) from None


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
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
                None, None, f"キー {key!r} が重複しています (duplicate key)", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


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
                    return event.start_mark.line + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def load_yaml(path: Path, problems: Problems, *, allow_empty: bool = False) -> Any | None:
    """Read a YAML file; on any problem record it with its line and return ``None``.

    A file with no content (only blanks or comments) is an error unless ``allow_empty``.
    """
    text = read_text(path, problems)
    if text is None:
        return None
    name = display_path(path)
    if not text.strip():
        if not allow_empty:
            problems.error(Location(name), "ファイルが空です (empty file)")
        return None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row = mark.line + 1 if mark else None
        detail = exc.problem or str(exc)
        if "nesting depth" in detail:  # libyaml's own limit
            detail = f"入れ子が深すぎます ({detail})"
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
    if data is None and not allow_empty:
        problems.error(Location(name), "ファイルが空です（コメントしかありません） (empty file)")
    return data

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


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are :class:`LineDict` (no arbitrary objects are ever built)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"キー {key!r} が重複しています (duplicate key)", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, problems: Problems) -> Any | None:
    """Read a YAML file; on any problem record it with its line and return ``None``."""
    text = read_text(path, problems)
    if text is None:
        return None
    name = display_path(path)
    if not text.strip():
        problems.error(Location(name), "ファイルが空です (empty file)")
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row = mark.line + 1 if mark else None
        detail = exc.problem or str(exc)
        problems.error(Location(name, row), f"YAMLの書式が正しくありません: {detail}")
    except yaml.YAMLError as exc:
        problems.error(Location(name), f"YAMLの書式が正しくありません: {exc}")
    return None

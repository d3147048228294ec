"""Where sentence templates come from: files of the templates folder only, read as every text file reportgen reads."""

from __future__ import annotations

import importlib.resources
import os
import re
from collections.abc import Callable, MutableMapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from jinja2 import BaseLoader, Environment, Template, TemplateError, TemplateNotFound, nodes

from reportgen.errors import Location, Problem, Problems, display_path
from reportgen.load.text import read_text

MAX_TEMPLATE_CHARS = 200_000
"""Characters of one template file: a sentence template is a few hundred; parsing megabytes of
template syntax takes seconds and gigabytes."""


class TemplateRefused(TemplateError):
    """A template that may not be used: a name leading out of the folder, an unreadable or too large file."""

    def __init__(self, message: str, problems: list[Problem] | None = None, location: Location | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.location = location

    @property
    def message(self) -> str:
        """The Japanese reason (the problems' own text when reading failed)."""
        return "; ".join(str(p) for p in self.problems) if self.problems else str(self.args[0])


def shipped_templates() -> Path:
    """The templates shipped with reportgen (sentence rules, report.docx, tables.xlsx).

    An installed wheel carries them as the package data ``reportgen/templates``; a source checkout
    (and its editable install) keeps them in ``templates/`` at the top of the repository, where a
    city restyles them. ``--templates DIR`` names a city's own copy instead.
    """
    packaged = Path(str(importlib.resources.files("reportgen"))) / "templates"
    if (packaged / "sentences" / "rules.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates"


def shipped_sentences() -> Path:
    """The sentence templates shipped with reportgen: the wording sets' fallback."""
    return shipped_templates() / "sentences"


SHIPPED = shipped_sentences()


def _same_folder(one: Path, other: Path) -> bool:
    """Whether two names lead to one folder (a link or another spelling of the shipped folder is the shipped folder)."""
    try:
        return os.path.samefile(one, other)
    except OSError:  # ``one`` does not exist (``other``, the shipped folder, was found): no folder is a missing one
        return False


class TemplateLoader(BaseLoader):
    """Templates of one folder: no ``..``, no absolute names, no links leading outside the folder.

    Files are read with :func:`reportgen.load.text.read_text` (UTF-8 or CP932, regular files of a
    sane size, XML-illegal characters refused at their line), as every other input.

    ``shipped`` is a second folder, looked in after ``folder`` (as Django's and Hugo's template
    folders are) only for the names a caller allows (:meth:`locate`'s ``fallback``): the fixed wording
    sets a city's copy of an older release lacks. A name found in ``folder`` (a file, a link, even a
    broken one) is always ``folder``'s; a shipped file is held to the same rules inside its own folder.
    ``None`` (or ``folder`` itself) looks in ``folder`` alone.
    """

    def __init__(self, folder: Path, shipped: Path | None = None) -> None:
        self.folder = folder
        self.root = folder.resolve()
        self.shipped = shipped if shipped is not None and shipped.is_dir() and not _same_folder(folder, shipped) else None
        self.shipped_root = self.shipped.resolve() if self.shipped is not None else None
        self.shared: set[str] = set()
        """Folders (first part of a name) whose templates may come from ``shipped`` when a template computes
        their name while writing (names given as constants are resolved while loading, see :meth:`locate`)."""
        self.files: set[str] = set()
        """Every template file handed to Jinja2, to find template frames in a traceback."""
        self.parsed: dict[str, tuple[str, nodes.Template, str]] = {}
        """Templates read, parsed and checked while loading the rules: name → source, tree, file."""
        self.fallen: set[str] = set()
        """Names kept from the ``shipped`` folder (``folder`` has no such file)."""

    def _relative(self, name: str) -> PurePosixPath:
        """``name`` as a relative path inside a folder, refused when it is absolute or has ``..``."""
        pure = PurePosixPath(name)
        if "\\" in name or pure.is_absolute() or PureWindowsPath(name).drive or ".." in pure.parts or not pure.parts:
            raise TemplateRefused(
                f"テンプレートは {display_path(self.folder)} の中のファイルを、このフォルダからの相対パスで指定してください"
                f"（「..」や絶対パスは使えません）: {name!r} (template names are relative paths inside the folder)"
            )
        return pure

    @staticmethod
    def _inside(folder: Path, root: Path, name: str, pure: PurePosixPath) -> Path:
        """The file of ``name`` in ``folder``, checked to stay inside it (symbolic links resolved)."""
        path = folder.joinpath(*pure.parts)
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links
            raise TemplateRefused(f"テンプレート「{name}」のリンクをたどれません (cannot resolve the link)") from None
        if not resolved.is_relative_to(root):
            raise TemplateRefused(
                f"テンプレート「{name}」は {display_path(folder)} の外のファイルへのリンクです。フォルダの中にファイルを置いてください"
                " (a link leading outside the templates folder)"
            )
        return path

    def locate(self, name: str, fallback: bool) -> tuple[Path, bool]:
        """The file of template ``name``, checked to stay inside its folder (symbolic links resolved),
        and whether it is the shipped folder's.

        ``folder``'s own, whether it exists or not, unless ``fallback`` allows the shipped folder and
        ``folder`` has nothing by that name while the shipped folder has the file.
        """
        pure = self._relative(name)
        own = self._inside(self.folder, self.root, name, pure)
        if not fallback or self.shipped is None or self.shipped_root is None or os.path.lexists(own):
            return own, False
        shipped = self._inside(self.shipped, self.shipped_root, name, pure)
        return (shipped, True) if shipped.is_file() else (own, False)

    def file(self, name: str) -> Path:
        """The file template ``name`` was kept from (:meth:`keep`), else its file in ``folder``."""
        kept = self.parsed.get(name)
        return Path(kept[2]) if kept else self.folder.joinpath(*PurePosixPath(name).parts)

    def check_size(self, path: Path, source: str) -> None:
        """Refuse a template file larger than :data:`MAX_TEMPLATE_CHARS`."""
        if len(source) > MAX_TEMPLATE_CHARS:
            problems = Problems()
            problems.error(
                Location(display_path(path)),
                f"テンプレートが大きすぎます（{len(source):,}文字、上限 {MAX_TEMPLATE_CHARS:,}文字） (template too large)",
            )
            raise TemplateRefused("", problems.items)

    def keep(self, name: str, source: str, tree: nodes.Template, path: Path, shipped: bool) -> None:
        """Remember a template read from ``path`` (the shipped folder's when ``shipped``) and parsed (and
        checked) while loading the rules, so that Jinja2 compiles it from this tree when it is first
        used, without reading or parsing it again."""
        self.files.add(str(path))
        self.parsed[name] = (source, tree, str(path))
        if shipped:
            self.fallen.add(name)

    def load(self, environment: Environment, name: str, globals: MutableMapping[str, Any] | None = None) -> Template:
        """A template kept by :meth:`keep` compiled from its tree; any other read as Jinja2 does.

        Compiling is where Python's own parser meets the generated code: nesting or a number
        beyond it is refused here with the template's line, as when the rules are loaded.
        """
        if name not in self.parsed:
            return super().load(environment, name, globals)
        source, tree, file = self.parsed[name]
        try:
            code = environment.compile(tree, name, file)
        except (RecursionError, MemoryError, SyntaxError, ValueError) as exc:
            where = Location(display_path(Path(file)), too_deep_line(source))
            problems = [Problem(where, f"テンプレートの式が長すぎるか、入れ子が深すぎます (too deeply nested or too large: {type(exc).__name__})")]
            raise TemplateRefused("", problems, where) from None
        return environment.template_class.from_code(environment, code, {} if globals is None else globals, lambda: True)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        # a name computed while writing (a constant one was located while loading): a wording set's falls back
        path = self.locate(template, fallback=template.split("/", 1)[0] in self.shared)[0]
        if not path.is_file():
            raise TemplateNotFound(template)
        problems = Problems()
        source = read_text(path, problems)
        if source is None:
            raise TemplateRefused("", problems.items)
        self.check_size(path, source)
        self.files.add(str(path))
        return source, str(path), lambda: True  # templates do not change during a build


_OPENING, _CLOSING = "([{", ")]}"


def too_deep_line(source: str) -> int:
    """The line a too-deeply nested or too long expression most likely sits on: where brackets nest
    deepest, else the line with the most filters and operators (Python's parser gave no line)."""
    depth, deepest, deepest_line = 0, 0, 1
    for number, line in enumerate(source.split("\n"), start=1):
        for char in line:
            if char in _OPENING:
                depth += 1
                if depth > deepest:
                    deepest, deepest_line = depth, number
            elif char in _CLOSING:
                depth = max(depth - 1, 0)
    if deepest >= 20:
        return deepest_line
    counts = [len(re.findall(r"[|+*~%/-]|\d{1000,}", line)) for line in source.split("\n")]
    return counts.index(max(counts)) + 1 if counts else 1

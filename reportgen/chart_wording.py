"""The charts' wording (図の題・説明・凡例・軸・表の見出し) from templates, in the sentence templates' sandbox.

The words around a chart's figures are an editor's, as the sentences are: they live in
``templates/sentences/charts/`` and are read by the same loader and sandbox as the sentence
templates (:class:`~reportgen.narrative.engine.SentenceRules`), checked when the rules are loaded
(syntax, the names each may read, filters), every problem with its file and line. Lines of a
template's output are joined into one text; ``series.j2`` gives one legend entry a line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError, UndefinedError

from reportgen.document.nodes import PART_SLOTS, PartWords
from reportgen.errors import Location, Problems, RuleError, display_path, single
from reportgen.load.text import character_name, illegal_characters
from reportgen.narrative.engine import SentenceRules
from reportgen.narrative.loader import TemplateLoader
from reportgen.rules.expr import describe
from reportgen.sandbox import bounded_work

FOLDER = "charts"
"""The chart templates' folder inside the sentence templates' folder."""
_SHARED = ("year", "threshold", "target", "series")
TEMPLATES: dict[str, tuple[str, ...]] = {
    "rate/title": ("indicator", "wording", *_SHARED),
    "rate/description": ("indicator", "wording", *_SHARED, "judged", "apart", "judged_on", "judged_off", "highest", "lowest"),
    "rate/reference_group": ("series",),
    "overview/title": ("year", "first", "second", "first_total", "second_total", "bars"),
    "overview/description": ("year", "first", "second", "first_total", "second_total", "bars"),
    "ward/title": ("ward", *_SHARED),
    "ward/description": ("ward", *_SHARED, "bars", "on_track", "not_on_track", "reference"),
    "series": (),
    "guides/threshold": ("threshold",),
    "guides/target": ("target",),
    "units/rate": (),
    "units/count": (),
    "table/wards": (),
    "table/indicators": (),
    "table/value": (),
    "table/series": (),
    "table/caption": ("title", "guides"),
    "workbook_title": ("title", "guides"),
    "part/caption": ("title", "number", "count"),
    "part/description": ("title", "description", "number", "count", "first", "last"),
}
"""Every chart template (without ``.j2``) and the names it may read."""
SERIES = ("on_track", "not_on_track", "reference")
"""What the lines of ``series.j2`` name, in order: a ward on track (概ね順調), not on track, a reference value (参考数値)."""
NAMED = 3
"""How many of the templates taken from reportgen's own folder the warning names."""


class TemplateWording:
    """Wording templates of one folder of a sentence rules' folder, checked on loading; :meth:`text` writes one.

    A subclass names its folder, its templates with the names each may read, and what its wording
    is called in messages (``kind``, Japanese and English).

    A template the rules' folder lacks (a city's copy of templates/ made before the set had it) is
    the one shipped with reportgen, read and checked as the folder's own; one warning names them
    and where to copy them from. A file in the folder always wins, even a broken one.
    """

    folder: str = FOLDER
    templates: dict[str, tuple[str, ...]] = TEMPLATES
    kind: tuple[str, str] = ("図の文言", "chart wording")

    def __init__(self, rules: SentenceRules, problems: Problems) -> None:
        self.rules = rules
        self.usable: set[str] = set()
        loader = self.loader
        loader.shared.add(self.folder)  # a name computed while writing falls back as the declared ones do
        for name, names in self.templates.items():
            file = self.file(name)
            where = Location(display_path(rules.folder / self.folder / f"{name}.j2"))
            # the sentence rules' own check (one mechanism for every template), the shipped file where the folder has none
            if rules._template(file, where, names, problems, fallback=True):
                self.usable.add(name)
        declared = [self.file(name) for name in self.templates]
        helpers = sorted(n for n in loader.fallen if n.startswith(f"{self.folder}/") and n not in declared)  # imported by them
        self.shipped = tuple(n.removeprefix(f"{self.folder}/") for n in (*declared, *helpers) if n in loader.fallen)
        """The templates of the set's folder taken from reportgen's own (the rules' folder has none of that name)."""
        if self.shipped and loader.shipped is not None:
            self._warn_shipped(loader.shipped, problems)

    def _warn_shipped(self, shipped: Path, problems: Problems) -> None:
        """One warning for the set: how many templates came from ``shipped``, the first few, and how to take them over."""
        kind, english = self.kind
        count, first = len(self.shipped), "、".join(self.shipped[:NAMED])
        more = f" ほか{count - NAMED}ファイル" if count > NAMED else ""
        source, target = display_path(shipped / self.folder), display_path(self.rules.folder / self.folder)
        problems.warning(
            Location(target),
            f"{kind}のテンプレート{count}ファイルがこのフォルダにないため、reportgen に付属のものを使いました: {first}{more}。"
            f"文言を変えるときは、{source} のファイルを {target} にコピーして編集してください"
            f" ({count} {english} templates are not in this folder; reportgen's own were used. To change their words,"
            f" copy them from {source} to {target} and edit them)")

    @property
    def loader(self) -> TemplateLoader:
        """The rules' template loader (which knows the file each template was read from)."""
        loader: TemplateLoader = self.rules.env.loader  # type: ignore[assignment]
        return loader

    def file(self, name: str) -> str:
        """The template name of template ``name`` in the sentence templates' folder."""
        return f"{self.folder}/{name}.j2"

    def lines(self, name: str, **context: Any) -> tuple[str, ...]:
        """The non-blank lines template ``name`` writes for ``context`` (none when it failed to load: that is an error already)."""
        if name not in self.usable:
            return ()
        template = self.file(name)
        kind, english = self.kind
        try:
            with bounded_work():
                text = self.rules.env.get_template(template).render(context)
        except (TemplateError, SecurityError, UndefinedError, ArithmeticError, TypeError, ValueError, AttributeError, LookupError,
                RecursionError, MemoryError) as exc:
            reason = (describe(exc) or type(exc).__name__)[:300]
            raise single(self.rules._failed_at(exc, template), f"{kind}のテンプレートを適用できません: {reason} ({english})", RuleError) from None
        illegal = illegal_characters(text)
        if illegal:  # from an expression of the template (its file's own text was checked on reading): no Office file can hold it
            raise single(Location(display_path(self.loader.file(template))),
                         f"{kind}に書けない文字 {character_name(illegal[0][2])} がテンプレートの出力にあります (a character XML cannot hold)",
                         RuleError)
        return tuple(line.strip() for line in text.split("\n") if line.strip())

    def text(self, name: str, **context: Any) -> str:
        """Template ``name``'s output for ``context``, its lines joined into one text."""
        return "".join(self.lines(name, **context))


class ChartWording(TemplateWording):
    """The chart templates of a sentence rules' folder, checked on loading; :meth:`text` writes one."""

    def __init__(self, rules: SentenceRules, problems: Problems) -> None:
        super().__init__(rules, problems)
        self.series: dict[str, str] = dict.fromkeys(SERIES, "")
        if "series" in self.usable:
            lines = self.lines("series")
            if len(lines) != len(SERIES):
                problems.error(Location(display_path(self.loader.file(self.file("series")))),
                               f"凡例は{len(SERIES)}行（概ね順調の区、そうでない区、参考数値の区の順）で書いてください: {len(lines)}行あります"
                               f" (one legend entry a line, {len(SERIES)} lines)")
            else:
                self.series = dict(zip(SERIES, lines, strict=True))

    def pattern(self, name: str, **names: str) -> str:
        """Template ``name`` as a pattern: each of ``names`` given its value here, every other name it reads
        standing as its slot (:data:`~reportgen.document.PART_SLOTS`), filled when report.docx is written."""
        context = {slot: PART_SLOTS[slot] for slot in self.templates[name]} | names
        return "".join(self.lines(name, **context))

    def part_words(self) -> PartWords:
        """The words of the pictures of a chart that report.docx splits to fit a page (templates part/)."""
        return PartWords(self.pattern("part/caption"), self.pattern("part/description", description=""),
                         self.pattern("part/description"))

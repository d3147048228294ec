"""Loading and applying sentence rules: slots of named rules, each a condition and a sandboxed template."""

from __future__ import annotations

import dis
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import (
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    nodes,
)
from jinja2.exceptions import SecurityError, UndefinedError

from reportgen import jp
from reportgen.errors import Location, Problems, RuleError, display_path, single
from reportgen.load.quote import closest, did_you_mean
from reportgen.load.text import read_text
from reportgen.load.yamlfile import LineDict, load_yaml
from reportgen.narrative import pagerefs
from reportgen.narrative.loader import SHIPPED, TemplateLoader, TemplateRefused, too_deep_line
from reportgen.narrative.phrases import clause, result_predicate, result_subject
from reportgen.narrative.views import FINDINGS, IndicatorView, WardView
from reportgen.rules.expr import (
    Expression,
    ceil_to,
    compile_expression,
    describe,
    floor_to,
    round_half_up,
)
from reportgen.sandbox import BoundedSandbox, WorkLimitError, bounded_work, measure

IMPLICIT_NAMES = frozenset({"loop", "caller", "varargs", "kwargs"})
"""Names Jinja2 itself provides inside loops and macros."""

EDITION_NAMES = (
    "year", "previous_year", "period_start", "period_end", "plan_name", "city", "threshold",
    "previous_threshold", "year_index", "plan_years", "final_year", "min_respondents", "phrases", "cumulative_goal", "citywide_indicators", "cumulative_markers", "indicators", "strategies",
    "table1_total", "table2_total", "text", "items", "reference_groups", "reference_strategy", "notes", "ward_count", "ward_names", "strategy", "summary", "progress",
    "parameters",
)
INDICATOR_NAMES = (*EDITION_NAMES, *(f.name for f in fields(IndicatorView)), *FINDINGS, "item_text")
LEADERS = ("highest_value", "first_in_order")
SCOPES = {"indicator_slots": INDICATOR_NAMES, "edition_slots": EDITION_NAMES}
SLOTS: dict[str, tuple[str, ...]] = {
    "indicator_slots": ("target", "table_target", "status", "highlight", "reference_note", "note"),
    "edition_slots": ("introduction", "summary_strategy", "implementation", "progress", "table2_notes"),
}
"""The slots reportgen/compose.py writes, by scope: rules.yaml defines rules for exactly these."""
TOP_KEYS = ("parameters", *SCOPES)


@dataclass(frozen=True)
class SentenceRule:
    """A named rule: when its condition holds, its template writes the slot (no template: nothing).

    ``template`` is the template's name: it was parsed and checked when the rules were loaded, and
    is compiled the first time a slot uses it (an edition renders about half of the templates).
    """

    name: str
    when: Expression
    template: str | None
    location: Location


@dataclass(frozen=True)
class Paragraphs:
    """What a slot produced: the paragraphs and the rule that wrote them."""

    rule: str
    lines: tuple[str, ...]


def _leader_filter(kind: str) -> Callable[[Iterable[WardView]], WardView]:
    def leader(wards: Iterable[WardView]) -> WardView:
        wards = list(wards)
        if not wards:
            raise ValueError("leader: 区の一覧が空です")
        if kind == "first_in_order":
            return min(wards, key=lambda w: w.order)
        return min(wards, key=lambda w: (-w.value, w.order))

    return leader


def _name(ward: Any) -> str:
    """A ward's name for the ``names`` filter; plain text passes through, other objects are refused."""
    if isinstance(ward, WardView):
        return ward.name
    measure(ward, as_text=True)
    return str(ward)


def make_environment(folder: Path, leader: str, digit_width: jp.DigitWidth, shipped: Path | None = None) -> BoundedSandbox:
    """The sandbox every sentence template runs in, with the Japanese formatting filters (templates of
    ``folder``, and of ``shipped`` for the names allowed to fall back: see :class:`TemplateLoader`)."""
    env = BoundedSandbox(
        loader=TemplateLoader(folder, shipped), undefined=StrictUndefined, autoescape=False,
        trim_blocks=False, lstrip_blocks=True, keep_trailing_newline=False,
    )
    # |random would make two builds of the same input differ (outputs are reproducible)
    env.filters.pop("random", None)
    env.filters.update(
        round_half_up=round_half_up, ceil_to=ceil_to, floor_to=floor_to,
        percent=jp.percent, boundary=jp.boundary, number=jp.number, triangle=jp.triangle, share=jp.share,
        fy=jp.fiscal_year_label, fys=jp.fiscal_years_label, fy_span=jp.fiscal_year_span_label, fy_short=lambda y: jp.fiscal_year_label(y, short=True),
        fy_short_era=jp.era_abbrev_label,
        names=lambda wards: [_name(w) for w in wards],
        plain=lambda value: format(value.normalize(), "f") if hasattr(value, "normalize") else str(value),
        and_list=jp.and_list, joined=jp.joined, leader=_leader_filter(leader),
        width=lambda text: jp.to_width(str(text), digit_width),
        clause=clause, result_subject=result_subject, result_predicate=result_predicate,
        page_of=pagerefs.page_of,
    )
    return env


class SentenceRules:
    """Every slot's ordered rules, compiled; :meth:`render` applies the first rule that matches.

    ``shipped`` is the folder of reportgen's own sentence templates, where a fixed wording set's
    template missing from ``folder`` is found (:meth:`_template`'s ``fallback``); rules.yaml's are ``folder``'s only.
    """

    def __init__(self, folder: Path, problems: Problems, shipped: Path | None = SHIPPED) -> None:
        self.folder = folder
        self.checked: dict[tuple[str, tuple[str, ...], bool], bool] = {}  # each template checked once
        self.loading: list[str] = []  # the templates being checked, outermost first: a cycle is an error
        self.slots: dict[str, tuple[SentenceRule, ...]] = {}
        self.scope: dict[str, str] = {}
        self.slot_lines: dict[str, int] = {}
        path = folder / "rules.yaml"
        self.file = file = display_path(path)
        raw = load_yaml(path, problems)
        if not isinstance(raw, LineDict):
            if raw is not None:
                problems.error(Location(file), "文章ルールの形が正しくありません")
            self.env = make_environment(folder, "highest_value", "half", shipped)
            self.parameters = dict(PARAMETER_DEFAULTS)
            return
        found = raw.get("parameters")
        params = found if isinstance(found, LineDict) else LineDict()
        leader = params.get("leader", "highest_value")
        if leader not in LEADERS:
            problems.error(Location(file, params.line_of("leader"), "parameters.leader"), f"leader は {', '.join(LEADERS)} のいずれかです: {leader!r}")
            leader = "highest_value"
        given = params.get("digit_width", "half")
        if given not in ("half", "full"):
            problems.error(Location(file, params.line_of("digit_width"), "parameters.digit_width"), f"digit_width は half か full です: {given!r}")
        width: jp.DigitWidth = "full" if given == "full" else "half"
        self.digit_width = width
        self.parameters = _sentence_parameters(file, params, problems)
        self.env = make_environment(folder, leader, width, shipped)
        explained = _check_keys(file, raw, problems)
        for scope, names in SCOPES.items():
            node = raw.get(scope)
            if not isinstance(node, LineDict):
                if scope not in explained:
                    line = raw.line_of(scope) if scope in raw else None
                    problems.error(Location(file, line, scope), f"「{scope}」の定義が必要です（「スロット名: ルールの一覧」の組）")
                continue
            for slot, entries in node.items():
                if slot not in SLOTS[scope]:
                    continue  # reported by _check_keys
                self.scope[slot] = scope
                self.slot_lines[slot] = node.line_of(slot)
                self.slots[slot] = tuple(self._rules(file, slot, node, entries, names, problems))

    def _rules(self, file: str, slot: str, node: LineDict, entries: Any, names: tuple[str, ...], problems: Problems) -> list[SentenceRule]:
        if not isinstance(entries, list) or not entries:
            problems.error(Location(file, node.line_of(slot), slot), "ルールの一覧が必要です")
            return []
        rules, seen = [], set()
        for index, entry in enumerate(entries):
            where = Location(file, getattr(entry, "line", None), f"{slot}[{index}]")
            if not isinstance(entry, LineDict) or not isinstance(entry.get("name"), str):
                problems.error(where, "ルールには name が必要です")
                continue
            name = entry["name"]
            if name in seen:
                problems.error(Location(file, entry.line_of("name"), f"{slot}.{name}"), f"ルール名「{name}」が重複しています")
                continue
            seen.add(name)
            when = compile_expression(entry.get("when", "true"), Location(file, entry.value_line("when"), f"{slot}.{name}.when"), names, problems)
            given = entry.get("template")
            template = self._template(given, Location(file, entry.value_line("template"), f"{slot}.{name}.template"), names, problems)
            if when is not None and template is not False:
                chosen = given if isinstance(given, str) and template is True else None
                rules.append(SentenceRule(name, when, chosen, Location(file, entry.line_of("name"), f"{slot}.{name}")))
        return rules

    def _template(self, name: Any, where: Location, names: tuple[str, ...], problems: Problems, fallback: bool = False) -> bool | None:
        """Load and check a template: True when it is usable, None for 'write nothing', False when it is broken.

        ``fallback``: when the folder has no file by that name, the shipped folder's is used (a fixed
        wording set's template, and what it imports); rules.yaml's templates are the folder's only.
        """
        if name is None:
            return None
        if not isinstance(name, str):
            problems.error(where, f"template はファイル名です: {name!r}")
            return False
        if name in self.loading:
            chain = " → ".join([*self.loading[self.loading.index(name):], name])
            problems.error(where, f"テンプレートの読み込みが循環しています: {chain} (templates include each other)")
            return False
        key = (name, names, fallback)
        if key not in self.checked:
            self.loading.append(name)
            try:
                self.checked[key] = self._check_template(name, where, names, problems, fallback)
            finally:
                self.loading.pop()
        return self.checked[key]

    def _check_template(self, name: str, where: Location, names: tuple[str, ...], problems: Problems, fallback: bool) -> bool:
        """Read and parse template ``name`` once, and check what can be checked without running it:
        its syntax, the names it reads, its filters and tests, and every template it imports (found
        as ``name`` is: the folder first, then, with ``fallback``, the shipped folder)."""
        loader: TemplateLoader = self.env.loader  # type: ignore[assignment]
        try:
            path, shipped = loader.locate(name, fallback)
        except TemplateRefused as exc:
            problems.error(where, exc.message)
            return False
        file = display_path(path)
        if not path.is_file():
            problems.error(where, f"テンプレート「{name}」がありません（{file}）")
            return False
        source = read_text(path, problems)  # encodings and XML-illegal characters, with their line
        if source is None:
            return False
        try:
            loader.check_size(path, source)
            ast = self.env.parse(source, name, str(path))
            found = _analyse(ast)
        except TemplateSyntaxError as exc:
            problems.error(Location(display_path(Path(exc.filename)) if exc.filename else file, exc.lineno), f"テンプレートの書き方が正しくありません: {exc.message}")
            return False
        except TemplateRefused as exc:
            problems.extend(exc.problems) if exc.problems else problems.error(Location(file), exc.message)
            return False
        except (RecursionError, MemoryError, SyntaxError, ValueError) as exc:  # beyond Python's parser: nesting, huge numbers
            problems.error(Location(file, too_deep_line(source)), f"テンプレートの式が長すぎるか、入れ子が深すぎます (too deeply nested or too large: {type(exc).__name__})")
            return False
        unknown = [(name, line) for name, line in found.free if name not in names]
        for name, line in unknown:  # each at the first line that reads it (from the parsed template)
            problems.error(Location(file, line), f"テンプレートに未定義の名前があります: {name}")
        # Jinja2 would refuse these when compiling; compiling waits until the template is used
        for kind, known, used in (("フィルター", self.env.filters, found.filters), ("テスト", self.env.tests, found.tests)):
            for what, line in used:
                if what not in known:
                    unknown.append((what, line))
                    problems.error(Location(file, line), f"知らない{kind}「{what}」です。{did_you_mean(closest(what, list(known)))}")
        if unknown:
            return False
        loader.keep(name, source, ast, path, shipped)  # compiled by Jinja2 the first time it is rendered or imported
        for imported, line in found.referenced:
            if self._template(imported, Location(file, line), names, problems, fallback) is False:
                return False
        return True

    def render(self, slot: str, context: Mapping[str, Any], what: str) -> Paragraphs:
        """Apply ``slot``'s first matching rule to ``context``; lines of its output are paragraphs."""
        context = {**context, "parameters": self.parameters}
        if slot not in self.slots:  # a slot missing from SLOTS: loading did not check it (a bug, not an input error)
            raise single(Location(self.file, None, slot), f"文章ルールにスロット「{slot}」がありません（{what}）", RuleError)
        for rule in self.slots[slot]:
            if not rule.when(context, what):  # it reads only its own names: no copy of the context
                continue
            if rule.template is None:
                return Paragraphs(rule.name, ())
            try:
                with bounded_work():  # compiling runs filters on constants: within the limits too
                    template = self.env.get_template(rule.template)  # compiled on first use, then kept by Jinja2
                    text = template.render(context)
            except (TemplateError, SecurityError, UndefinedError, ArithmeticError, TypeError, ValueError, AttributeError, LookupError, AssertionError, RecursionError, MemoryError) as exc:
                inner = exc.__context__  # Jinja2's traceback rewriting can fail on a frame the timer interrupted
                if isinstance(inner, WorkLimitError | RecursionError | MemoryError) and not isinstance(exc, WorkLimitError | TemplateRefused):
                    exc = inner
                where = self._failed_at(exc, rule.template)
                if isinstance(exc, TemplateRefused) and exc.location is not None:  # compiling it failed: the problem is the reason
                    reason = "; ".join(problem.message for problem in exc.problems)
                else:
                    reason = exc.message if isinstance(exc, TemplateRefused) else describe(exc) or type(exc).__name__
                if len(reason) > 300:  # a message may quote a value: keep the screen readable
                    reason = reason[:300] + "…"
                raise single(where, f"テンプレートを適用できません（{what}、ルール {rule.name}）: {reason}", RuleError) from None
            lines = tuple(jp.to_width(line.strip(), self.digit_width) for line in text.split("\n") if line.strip())
            return Paragraphs(rule.name, lines)
        raise single(
            Location(self.file, self.slot_lines.get(slot), slot),
            f"どのルールにも当てはまりません（{what}）。最後に when: \"true\" のルールを置いてください",
            RuleError,
        )


    def _failed_at(self, exc: BaseException, template: str) -> Location:
        """The template file and line where rendering failed: the innermost template frame of the
        traceback (Jinja2 rewrites the traceback to template lines), else the rule's template."""
        if isinstance(exc, TemplateSyntaxError) and exc.filename:
            return Location(display_path(Path(exc.filename)), exc.lineno)
        if isinstance(exc, TemplateRefused) and exc.location is not None:  # compiling it failed (see TemplateLoader.load)
            return exc.location
        loader: TemplateLoader = self.env.loader  # type: ignore[assignment]
        place: Location | None = None
        frames = exc.__traceback__
        while frames is not None:
            frame = frames.tb_frame
            if frame.f_code.co_filename in loader.files:
                line = frames.tb_lineno or _line_before(frame.f_code, frames.tb_lasti)
                if "environment" in frame.f_globals and "name" in frame.f_globals:  # compiled code, not rewritten
                    line = frame.f_globals["environment"].get_template(frame.f_globals["name"]).get_corresponding_lineno(line)
                place = Location(display_path(Path(frame.f_code.co_filename)), line)
            frames = frames.tb_next
        if isinstance(exc, TemplateRefused) and exc.problems and place is not None:
            return place
        return place or Location(display_path(loader.file(template)))


# Numeric parameters the templates read as ``parameters.NAME``: name → (default, smallest, largest).
PARAMETER_DEFAULTS: dict[str, Any] = {"examples": 2, "item_on_track_share": Decimal("0.5"), "wards_named": 6}
_PARAMETER_RANGES = {"examples": (1, 10), "item_on_track_share": (Decimal("0.01"), Decimal(1)), "wards_named": (1, 30)}


def _sentence_parameters(file: str, params: LineDict, problems: Problems) -> dict[str, Any]:
    """``examples`` and ``wards_named`` (whole numbers) and ``item_on_track_share`` (a share), checked against their ranges."""
    values = dict(PARAMETER_DEFAULTS)
    for name, default in PARAMETER_DEFAULTS.items():
        if name not in params:
            continue
        raw, (low, high) = params[name], _PARAMETER_RANGES[name]
        try:
            value = type(default)(str(raw)) if not isinstance(raw, bool) else None
        except (ArithmeticError, ValueError):
            value = None
        if value is None or not low <= value <= high:
            problems.error(Location(file, params.line_of(name), f"parameters.{name}"), f"{name} は {low} 以上 {high} 以下の数です: {raw!r}")
            continue
        values[name] = value
    return values


def _check_keys(file: str, raw: LineDict, problems: Problems) -> set[str]:
    """Every key of rules.yaml and every slot is one reportgen knows, and no slot is missing.

    An unknown name is reported at its line with the closest known one (a typo), a slot under the
    wrong scope names the right one, and a missing slot is reported at its scope's line, unless a
    message at a misspelt or misplaced key already explains it. Returns the names so explained.
    """
    covered: set[str] = set()
    for key in raw:
        if key not in TOP_KEYS:
            close = closest(key, TOP_KEYS)
            covered.update(close)
            problems.error(Location(file, raw.line_of(key), str(key)), f"知らない項目「{key}」です。{did_you_mean(close)}（使える項目: {', '.join(TOP_KEYS)}）")
    scopes = {scope: raw.get(scope) for scope in SLOTS}
    present = {scope: node if isinstance(node, LineDict) else LineDict() for scope, node in scopes.items()}
    for scope, node in present.items():
        known = SLOTS[scope]
        for slot in node:
            if slot in known:
                continue
            where = Location(file, node.line_of(slot), f"{scope}.{slot}")
            home = next((other for other, slots in SLOTS.items() if slot in slots), None)
            if home is not None:
                covered.add(slot)
                problems.error(where, f"スロット「{slot}」は {home} に書きます（{scope} ではありません）")
                continue
            close = closest(slot, known)
            covered.update(close)
            problems.error(where, f"知らないスロット「{slot}」です。{did_you_mean(close)}（{scope} のスロット: {', '.join(known)}）")
    for scope, given in scopes.items():
        if not isinstance(given, LineDict):
            continue  # reported as a missing scope
        for slot in SLOTS[scope]:
            if slot not in given and slot not in covered:
                problems.error(
                    Location(file, raw.line_of(scope), f"{scope}.{slot}"),
                    f"スロット「{slot}」のルールがありません。{scope} に「{slot}:」と、最後に when: \"true\" のルールを書いてください",
                )
    return covered


def _line_before(code: CodeType, offset: int) -> int:
    """The source line of the instruction at ``offset``, or of the nearest one before it with a line
    (a frame the timer interrupted can stand on an instruction without one)."""
    lines = [line for start, line in dis.findlinestarts(code) if start <= offset and line is not None]
    return lines[-1] if lines else 1


@dataclass(frozen=True)
class _Found:
    """What one walk over a parsed template finds, each with the first line where it appears."""

    free: tuple[tuple[str, int], ...]
    """Names it reads without defining them."""
    referenced: tuple[tuple[str, int], ...]
    """Templates named by include, import or extends (constant names only)."""
    filters: tuple[tuple[str, int], ...]
    tests: tuple[tuple[str, int], ...]


def _first(found: dict[str, int], name: str, line: int) -> None:
    found[name] = min(found.get(name, line), line)


def _analyse(ast: nodes.Template) -> _Found:
    """One walk over the tree (jinja2.meta and repeated ``find_all`` walk it once per question)."""
    assigned: set[str] = set()
    loaded: dict[str, int] = {}
    filters: dict[str, int] = {}
    tests: dict[str, int] = {}
    referenced: list[tuple[str, int]] = []
    stack: list[nodes.Node] = [ast]
    while stack:
        node = stack.pop()
        stack.extend(reversed(list(node.iter_child_nodes())))  # in the order of the file, as find_all walks
        if isinstance(node, nodes.Name):
            if node.ctx in ("store", "param"):
                assigned.add(node.name)
            elif node.ctx == "load" and node.name not in IMPLICIT_NAMES:
                _first(loaded, node.name, node.lineno)
        elif isinstance(node, nodes.Macro):
            assigned.add(node.name)
        elif isinstance(node, nodes.Filter | nodes.Test):
            _first(filters if isinstance(node, nodes.Filter) else tests, node.name, node.lineno)
        if isinstance(node, nodes.Import):
            assigned.add(node.target)
        elif isinstance(node, nodes.FromImport):
            assigned.update(item if isinstance(item, str) else item[1] for item in node.names)
        if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
            referenced.extend((value, node.lineno) for value in _constant_names(node.template))
    free = tuple(sorted((name, line) for name, line in loaded.items() if name not in assigned))
    return _Found(free, tuple(referenced), tuple(sorted(filters.items())), tuple(sorted(tests.items())))


def _constant_names(target: nodes.Expr) -> list[str]:
    """The template names an include/import gives as constants (a name computed at run time is checked when it runs)."""
    if isinstance(target, nodes.Const):
        values = target.value if isinstance(target.value, list | tuple) else [target.value]
    elif isinstance(target, nodes.Tuple | nodes.List):
        values = [item.value for item in target.items if isinstance(item, nodes.Const)]
    else:
        return []
    return [value for value in values if isinstance(value, str)]

"""Sandboxed Jinja2 expressions: compiled once at load time, unknown names rejected with their line."""

from __future__ import annotations

import decimal
import reprlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Decimal,
    DivisionByZero,
    DivisionUndefined,
    InvalidOperation,
)
from types import CodeType
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, nodes
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.parser import Parser

from reportgen.errors import Location, Problems, RuleError, single
from reportgen.sandbox import BoundedSandbox, WorkLimitError, bounded_work, time_limit

__all__ = ["BoundedSandbox", "Expression", "WorkLimitError", "compile_expression", "time_limit"]


def _quantize(value: Any, digits: int, rounding: str) -> Decimal:
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number.quantize(Decimal(1).scaleb(-digits), rounding=rounding)


def round_half_up(value: Any, digits: int = 0) -> Decimal:
    """Round to ``digits`` decimals, halves away from zero (四捨五入)."""
    return _quantize(value, digits, ROUND_HALF_UP)


def ceil_to(value: Any, digits: int = 0) -> Decimal:
    """Round up to ``digits`` decimals (切り上げ): 33.33… → 33.4."""
    return _quantize(value, digits, ROUND_CEILING)


def floor_to(value: Any, digits: int = 0) -> Decimal:
    """Round down to ``digits`` decimals (切り捨て)."""
    return _quantize(value, digits, ROUND_FLOOR)


def make_environment() -> BoundedSandbox:
    """The one environment every rule expression is compiled in."""
    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False)
    env.filters.pop("random", None)  # two builds of the same input must not differ
    env.filters.update(round_half_up=round_half_up, ceil_to=ceil_to, floor_to=floor_to)
    return env


ENVIRONMENT = make_environment()


_MISSING = object()

CACHE_LIMIT = 4096
"""Results remembered per expression (rules are pure: the same inputs give the same result)."""


@dataclass(frozen=True)
class Expression:
    """A compiled rule expression, with the place it was written and the names it reads.

    Only those names are passed in, and results are remembered by their values (with their
    types, so that 1 and True stay apart): most rules see few distinct inputs (a status, two
    booleans), and a sandboxed expression has no side effects.
    """

    source: str
    location: Location
    function: Callable[..., Any]
    names: tuple[str, ...] = ()
    cache: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, context: Mapping[str, Any], what: str = "") -> Any:
        """Evaluate against ``context``; a failure becomes a located :class:`RuleError`."""
        key: tuple[Any, ...] | None
        try:
            values = [context[name] for name in self.names]
        except KeyError:  # a name the context lacks: Jinja2 reports it as undefined (nothing remembered)
            arguments = {name: context[name] for name in self.names if name in context}
            key = None
        else:
            arguments = dict(zip(self.names, values, strict=True))
            key = (*values, *map(type, values))  # with the types, so that 1 and True stay apart
            try:
                found = self.cache.get(key, _MISSING)
                if found is not _MISSING:
                    return found
            except TypeError:  # an unhashable input (a list, a mapping): evaluate every time
                key = None
        result = self._evaluate(arguments, what)
        if key is not None and len(self.cache) < CACHE_LIMIT:
            self.cache[key] = result
        return result

    def _evaluate(self, arguments: dict[str, Any], what: str) -> Any:
        suffix = f"（{what}）" if what else ""
        try:
            with bounded_work():
                result = self.function(**arguments)
        # Jinja2's filters also raise TemplateError (FilterArgumentError: round(method='x')) and
        # AssertionError (truncate with a length below its ellipsis) on arguments they refuse.
        except (TemplateError, UndefinedError, SecurityError, ArithmeticError, TypeError, ValueError, AttributeError,
                LookupError, AssertionError, RecursionError, MemoryError) as exc:
            raise single(self.location, f"式 {shown(self.source)} を評価できません{suffix}: {describe(exc)}", RuleError) from None
        if isinstance(result, Undefined):  # an attribute the sandbox refused, returned unused
            raise single(self.location, f"式 {shown(self.source)} を評価できません{suffix}: 使えない名前や属性があります", RuleError)
        return result


def shown(source: str, limit: int = 120) -> str:
    """``source`` as quoted in a message: shortened, so that a huge expression does not flood the screen."""
    return repr(source if len(source) <= limit else source[:limit] + "…")


def describe(exc: BaseException) -> str:
    """A readable reason: decimal's signals print as a list of classes, so name them in Japanese."""
    if isinstance(exc, ZeroDivisionError | DivisionByZero | DivisionUndefined):
        return "0 で割っています (division by zero)"
    if isinstance(exc, RecursionError):
        return "入れ子や呼び出しが深すぎます (recursion too deep)"
    if isinstance(exc, decimal.Overflow):
        return "数が大きすぎます (decimal overflow)"
    if isinstance(exc, InvalidOperation):
        return "計算できない値です (invalid operation)"
    return str(exc)


_COMPILED: dict[str, tuple[frozenset[str], CodeType]] = {}
"""Each expression's names and code, compiled once per process (in memory only: see README, 'no cache')."""


def _compile(source: str) -> tuple[frozenset[str], CodeType]:
    """Parse once, as Environment.compile_expression does, so the same tree gives the names it reads."""
    try:
        parser = Parser(ENVIRONMENT, source, state="variable")
        tree = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("式のあとに余分なものがあります", parser.stream.current.lineno, None, None)
        tree.set_environment(ENVIRONMENT)
        code = ENVIRONMENT.compile(nodes.Template([nodes.Assign(nodes.Name("result", "store"), tree, lineno=1)], lineno=1))
    except (RecursionError, MemoryError, SyntaxError, ValueError) as exc:  # nesting beyond Python's parser, huge literals
        if isinstance(exc, TemplateSyntaxError):
            raise
        raise TemplateSyntaxError(f"式が長すぎるか、入れ子が深すぎます (expression too deeply nested or too large: {type(exc).__name__})", 1) from None
    used = {node.name for node in (tree, *tree.find_all(nodes.Name)) if isinstance(node, nodes.Name) and node.ctx == "load"}
    return frozenset(used), code


def compile_expression(source: Any, location: Location, names: Iterable[str], problems: Problems) -> Expression | None:
    """Compile ``source`` checking its syntax and that it only uses ``names``; record problems."""
    if isinstance(source, bool):
        source = "true" if source else "false"
    if not isinstance(source, str) or not source.strip():
        problems.error(location, f"式が空か、文字列ではありません: {reprlib.repr(source)}")
        return None
    compiled = _COMPILED.get(source)
    if compiled is None:
        try:
            compiled = _compile(source)
        except TemplateSyntaxError as exc:
            row = (location.row or 1) + (exc.lineno or 1) - 1
            problems.error(Location(location.file, row, location.column), f"式の書き方が正しくありません: {exc.message} — {shown(source)}")
            return None
        _COMPILED[source] = compiled
    used, code = compiled
    template = ENVIRONMENT.template_class.from_code(ENVIRONMENT, code, ENVIRONMENT.make_globals(None))
    function = TemplateExpression(template, False)
    unknown = sorted(used - set(names))
    if unknown:
        problems.error(
            location,
            f"式に未定義の名前があります: {', '.join(unknown)}（使える名前: {', '.join(sorted(names))}）",
        )
        return None
    return Expression(source, location, function, tuple(sorted(used)))

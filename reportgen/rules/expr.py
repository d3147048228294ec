"""Sandboxed Jinja2 expressions: compiled once at load time, unknown names rejected with their line."""

from __future__ import annotations

import contextlib
import operator
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
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
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, nodes
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.errors import Location, Problems, RuleError, single
from reportgen.rules import codecache

MAX_POWER_EXPONENT = 64
MAX_SEQUENCE_LENGTH = 100_000
"""Bounds on the work one expression may ask for (no ``10**200000``, no ``'a'*10**8``)."""
RENDER_SECONDS = 5.0
"""Wall-clock bound on one template rendering (runaway loops), where the platform has timers."""


class WorkLimitError(SecurityError):
    """A template or expression asked for more work than reportgen allows."""


@contextlib.contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise :class:`WorkLimitError` inside the block after ``seconds`` (Unix main thread only).

    Elsewhere the static bounds still hold: no ``range`` and no other globals, bounded ``*``/``**``.
    """
    seconds = RENDER_SECONDS if seconds is None else seconds
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise WorkLimitError(f"処理が{seconds:g}秒を超えたため中止しました（繰り返しが多すぎます）")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, with StrictUndefined and a bound on ``**`` and ``*``."""

    intercepted_binops = frozenset({"**", "*"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.clear()  # no range, cycler, joiner, lipsum, namespace, dict: nothing to loop on or escape by

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int | Decimal | float) and abs(right) > MAX_POWER_EXPONENT:
                raise WorkLimitError(f"指数が大きすぎます（{MAX_POWER_EXPONENT}まで）")
            return operator.pow(left, right)
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(count, int):
                if len(seq) * count > MAX_SEQUENCE_LENGTH:
                    raise WorkLimitError("文字列・リストの繰り返しが長すぎます")
        return operator.mul(left, right)


def make_environment() -> BoundedSandbox:
    """The one environment every rule expression is compiled in."""
    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False)
    env.filters.update(round_half_up=round_half_up, ceil_to=ceil_to, floor_to=floor_to)
    return env


ENVIRONMENT = make_environment()


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
        arguments = {name: context[name] for name in self.names if name in context}
        key: tuple[Any, ...] | None = tuple((type(v), v) for v in arguments.values())
        try:
            if key in self.cache:
                return self.cache[key]
        except TypeError:  # an unhashable input (a list, a mapping): evaluate every time
            key = None
        result = self._evaluate(arguments, what)
        if key is not None and len(self.cache) < CACHE_LIMIT:
            self.cache[key] = result
        return result

    def _evaluate(self, arguments: dict[str, Any], what: str) -> Any:
        suffix = f"（{what}）" if what else ""
        try:
            result = self.function(**arguments)
        except (UndefinedError, SecurityError, ArithmeticError, TypeError, ValueError, AttributeError) as exc:
            raise single(self.location, f"式 {self.source!r} を評価できません{suffix}: {describe(exc)}", RuleError) from None
        if isinstance(result, Undefined):  # an attribute the sandbox refused, returned unused
            raise single(self.location, f"式 {self.source!r} を評価できません{suffix}: 使えない名前や属性があります", RuleError)
        return result


def describe(exc: BaseException) -> str:
    """A readable reason: decimal's signals print as a list of classes, so name them in Japanese."""
    if isinstance(exc, ZeroDivisionError | DivisionByZero | DivisionUndefined):
        return "0 で割っています (division by zero)"
    if isinstance(exc, InvalidOperation):
        return "計算できない値です (invalid operation)"
    return str(exc)


def compile_expression(source: Any, location: Location, names: Iterable[str], problems: Problems) -> Expression | None:
    """Compile ``source`` checking its syntax and that it only uses ``names``; record problems."""
    if isinstance(source, bool):
        source = "true" if source else "false"
    if not isinstance(source, str) or not source.strip():
        problems.error(location, f"式が空か、文字列ではありません: {source!r}")
        return None
    cache_key = codecache.key("expression", source)
    cached = codecache.STORE.get(cache_key)
    if cached is not None:
        names_used, code = cached
        used = set(names_used)
    else:
        try:
            # Parsed once, as Environment.compile_expression does, so the same tree gives the names.
            parser = Parser(ENVIRONMENT, source, state="variable")
            tree = parser.parse_expression()
            if not parser.stream.eos:
                raise TemplateSyntaxError("式のあとに余分なものがあります", parser.stream.current.lineno, None, None)
            tree.set_environment(ENVIRONMENT)
            code = ENVIRONMENT.compile(nodes.Template([nodes.Assign(nodes.Name("result", "store"), tree, lineno=1)], lineno=1))
        except TemplateSyntaxError as exc:
            row = (location.row or 1) + (exc.lineno or 1) - 1
            problems.error(Location(location.file, row, location.column), f"式の書き方が正しくありません: {exc.message} — {source!r}")
            return None
        used = {node.name for node in (tree, *tree.find_all(nodes.Name)) if isinstance(node, nodes.Name) and node.ctx == "load"}
        codecache.STORE.put(cache_key, (tuple(sorted(used)), code))
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

"""The sandbox rule expressions and sentence templates run in: Jinja2's immutable sandbox, with bounded work.

Jinja2's sandbox stops attribute escapes, not work: one C-level call can build 300 MB
(``'%0300000000d' % 1``, ``'a'|center(10**9)``) or run for minutes (``value.scaleb(400000)|int``),
and a timer cannot stop it, since Python runs a signal handler only between bytecodes (a 5 s
alarm once fired 24 s late). So every operation that can make a large value is checked *before*
it runs, from the sizes of its arguments: binary operators, method calls, filters, ``~``,
``str.format`` fields, list literals and the text a template writes out. The timer stays, for
loops that are long but made of small steps.
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import itertools
import operator
import re
import signal
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from markupsafe import EscapeFormatter, Markup

MAX_TEXT = 1_000_000
"""Characters of one string a template or expression may make (a report paragraph is a few hundred)."""
MAX_ITEMS = 100_000
"""Items of one list, tuple or mapping, nested ones included (2,400 wards × 17 indicators fit)."""
MAX_INT_BITS = 65_536
"""Bits of one integer (about 19,700 digits)."""
MAX_POWER_EXPONENT = 64
MAX_DECIMAL_EXPONENT = 4_000
"""Decimal arithmetic runs with Emax/Emin at ±this: no 1E+400000 to convert to an int for minutes."""
MAX_NUMBER_CHARS = 1_000
"""Characters of a number written as text that ``|int`` and ``|float`` accept."""
RENDER_SECONDS = 2.0
"""Wall-clock bound on one template rendering or expression (long loops of small steps)."""


class WorkLimitError(SecurityError):
    """A template or expression asked for more work than reportgen allows."""


_TIMER = threading.local()


def _stop(signum: int, frame: Any) -> None:
    raise WorkLimitError(f"処理が{getattr(_TIMER, 'seconds', RENDER_SECONDS):g}秒を超えたため中止しました（繰り返しが多すぎます） (time limit)")


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def timer_session() -> Iterator[None]:
    """Keep the SIGALRM handler installed for many time limits (each still arms its own timer).

    Installing and restoring a signal handler costs more than the small expressions a build
    evaluates thousands of times; inside a session :func:`time_limit` only arms and disarms the
    timer. Outside one, each limit installs the handler itself, as before.
    """
    if not _usable() or getattr(_TIMER, "installed", False):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _stop)
    _TIMER.installed = True
    try:
        yield
    finally:
        _TIMER.installed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class time_limit(contextlib.AbstractContextManager[None]):  # noqa: N801 (used as the function it was)
    """Raise :class:`WorkLimitError` inside the block after ``seconds`` (Unix main thread only).

    Re-entrant: inside another limit (a template's condition evaluated while it renders) the outer
    one holds. Elsewhere the size bounds of this module still hold.
    """

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = RENDER_SECONDS if seconds is None else seconds
        self.armed = False
        self.previous: Any = None

    def __enter__(self) -> None:
        if getattr(_TIMER, "active", False):
            return
        if not getattr(_TIMER, "installed", False):  # a session is only ever installed where timers are usable
            if not _usable():
                return
            self.previous = signal.signal(signal.SIGALRM, _stop)
        _TIMER.seconds = self.seconds
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        _TIMER.active = self.armed = True

    def __exit__(self, *exc: object) -> None:
        if not self.armed:
            return
        _TIMER.active = self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        if self.previous is not None:
            signal.signal(signal.SIGALRM, self.previous)


class bounded_work(contextlib.AbstractContextManager[None]):  # noqa: N801 (used as the function it was)
    """The time limit and a decimal context whose exponents stay within ±MAX_DECIMAL_EXPONENT."""

    def __init__(self, seconds: float | None = None) -> None:
        self.limit = time_limit(seconds)
        self.context = decimal.localcontext()

    def __enter__(self) -> None:
        self.limit.__enter__()
        try:
            context = self.context.__enter__()
            context.Emax, context.Emin = MAX_DECIMAL_EXPONENT, -MAX_DECIMAL_EXPONENT
            context.traps[decimal.Overflow] = True
        except BaseException:
            self.limit.__exit__(None, None, None)
            raise

    def __exit__(self, *exc: Any) -> None:
        try:
            self.context.__exit__(*exc)
        finally:
            self.limit.__exit__(*exc)


def _refuse(what: str) -> WorkLimitError:
    return WorkLimitError(f"{what}が大きすぎます（上限: 文字列{MAX_TEXT:,}文字、一覧{MAX_ITEMS:,}項目） (size limit)")


_CONTAINERS = (list, tuple, set, frozenset, dict)


def measure(value: Any, *, as_text: bool = False) -> int:
    """About how many characters ``str(value)`` has; raise :class:`WorkLimitError` over the limits.

    Lists, tuples, sets and dicts are walked (without recursion: nesting can be deep), shared
    items counted every time, as ``str()`` would write them. With ``as_text`` the value is about
    to become text, and only strings, numbers and containers of them may: anything else (a ward
    view, a macro, a generator) would print as Python (``WardView(name=…)``), at any size.
    """
    kind = type(value)  # one number or string (most calls): the loop below, unrolled
    if kind is str:
        if len(value) > MAX_TEXT:
            raise _refuse("文字列")
        return len(value)
    if kind is Decimal:
        return _decimal_chars(value)
    if kind is int:
        bits: int = value.bit_length()
        if bits > MAX_INT_BITS:
            raise _refuse("整数")
        if bits // 3 + 2 > MAX_TEXT:
            raise _refuse("文字列")
        return bits // 3 + 2
    chars = items = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str | bytes):
            chars += len(item)
        elif isinstance(item, bool) or item is None:
            chars += 5
        elif isinstance(item, int):
            bits = item.bit_length()
            if bits > MAX_INT_BITS:
                raise _refuse("整数")
            chars += bits // 3 + 2
        elif isinstance(item, Decimal):
            chars += _decimal_chars(item)
        elif isinstance(item, float):
            chars += 330  # '%f' % 1e308 has 316 characters
        elif isinstance(item, _CONTAINERS):
            items += len(item)
            if items > MAX_ITEMS:
                raise _refuse("一覧")
            chars += 2 + 4 * len(item)
            stack.extend(itertools.chain.from_iterable(item.items()) if isinstance(item, dict) else item)
        elif isinstance(item, Undefined):
            if as_text and item is not value:
                str(item)  # StrictUndefined raises its own, clearer error; inside a list it would print "Undefined"
        elif as_text:
            raise WorkLimitError(
                f"{type(item).__name__} の値は文章に書けません。文字列か数を書いてください"
                " (only text and numbers can be written out)"
            )
        else:
            chars += 1
        if chars > MAX_TEXT:
            raise _refuse("文字列")
    return chars


def _decimal_chars(item: Decimal) -> int:
    """About how many characters ``str()`` of a Decimal has; refused beyond MAX_DECIMAL_EXPONENT."""
    if not item.is_finite():
        return 50
    if abs(item.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise _refuse("数の桁")
    exponent = item.as_tuple().exponent
    chars = 50 + max(exponent, 0) if isinstance(exponent, int) else 50
    if chars > MAX_TEXT:
        raise _refuse("文字列")
    return chars


def checked(value: Any) -> Any:
    """``value`` after checking its size (what every operator, call and filter returns)."""
    kind = type(value)
    if kind is bool or value is None:  # most results of a rule: nothing to measure
        return value
    if kind is Decimal:
        _decimal_chars(value)
        return value
    if isinstance(value, str | bytes):
        if len(value) > MAX_TEXT:
            raise _refuse("文字列")
    elif isinstance(value, (int, Decimal, *_CONTAINERS)):
        measure(value)
    return value


def _materialised(value: Any) -> Any:
    """An iterator (``map``, ``select``) as a list, no longer than MAX_ITEMS, so that it can be measured."""
    if isinstance(value, (str, bytes, Undefined, *_CONTAINERS)) or not hasattr(value, "__next__"):
        return value
    items = list(itertools.islice(value, MAX_ITEMS + 1))
    if len(items) > MAX_ITEMS:
        raise _refuse("一覧")
    return items


def _number(value: Any, name: str) -> int:
    """A width or count argument, refused above MAX_TEXT."""
    if isinstance(value, int) and value > MAX_TEXT:
        raise _refuse(name)
    return value if isinstance(value, int) else 0


def _spec_numbers(spec: str) -> None:
    """Widths and precisions in a format spec (``>300000000``, ``.999999999f``) stay under MAX_TEXT."""
    for digits in re.findall(r"\d+", spec):
        if len(digits) > 7 or int(digits) > MAX_TEXT:
            raise _refuse("書式の幅")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def percent_size(template: str, values: Any) -> int:
    """Upper bound of the length of ``template % values`` (printf-style formatting)."""
    specs = _PERCENT_SPEC.findall(template)
    args = values.values() if isinstance(values, dict) else values if isinstance(values, tuple) else (values,)
    largest = max((measure(arg, as_text=True) for arg in args), default=0)
    total = len(template)
    for width, precision in specs:
        if "*" in (width, precision):
            raise WorkLimitError("「%*d」のような「*」の幅は使えません (no '*' widths)")
        _spec_numbers(width + " " + precision)
        total += int(width or 0) + int(precision or 0) + largest
    return total


def _str_method_size(owner: str | bytes, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """Upper bound of the length of ``owner.name(*args, **kwargs)`` for the methods that can grow text."""
    size = len(owner)
    arg = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(size, _number(kwargs.get("width", arg), "幅"))
    if name == "expandtabs":
        tab = kwargs.get("tabsize", arg if args else 8)
        return size + owner.count("\t" if isinstance(owner, str) else b"\t") * max(_number(tab, "タブ幅"), 0)  # type: ignore[arg-type]
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str | bytes) and isinstance(args[1], str | bytes):
        count = owner.count(args[0]) if args[0] else size + 1  # type: ignore[arg-type]
        limit = args[2] if len(args) > 2 else kwargs.get("count", -1)
        if isinstance(limit, int) and limit >= 0:
            count = min(count, limit)
        return size + count * len(args[1])
    if name == "join" and args:
        parts = args[0]
        if isinstance(parts, str | bytes):
            return len(parts) * (size + 1)
        return len(parts) * size + measure(parts, as_text=True) if isinstance(parts, _CONTAINERS) else 0
    if name == "translate" and isinstance(arg, dict):
        longest = max((len(v) for v in arg.values() if isinstance(v, str | bytes)), default=1)
        return size * max(longest, 1)
    return 0


def binop(operator_name: str, left: Any, right: Any) -> Any:
    """``left OP right`` for the arithmetic operators, refused before it runs when the result would be too large."""
    if operator_name == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, str | bytes | list | tuple) and isinstance(count, int) and count > 0:
                if measure(seq) * count > MAX_TEXT or (not isinstance(seq, str | bytes) and len(seq) * count > MAX_ITEMS):
                    raise _refuse("繰り返し")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _refuse("整数")
    elif operator_name == "**":
        # one isinstance per abs(): mypy types abs() of int | Decimal | float as object
        if (isinstance(right, int | float) and abs(right) > MAX_POWER_EXPONENT) or (isinstance(right, Decimal) and abs(right) > MAX_POWER_EXPONENT):
            raise WorkLimitError(f"指数が大きすぎます（{MAX_POWER_EXPONENT}まで） (exponent limit)")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() * abs(right) > MAX_INT_BITS:
            raise _refuse("整数")
    elif operator_name == "%" and isinstance(left, str | bytes):
        if isinstance(left, str) and percent_size(left, right) > MAX_TEXT:
            raise _refuse("書式の結果")
    elif operator_name == "+" and isinstance(left, str | bytes | list | tuple) and isinstance(right, str | bytes | list | tuple):
        if len(left) + len(right) > MAX_TEXT:
            raise _refuse("連結の結果")
    for operand in (left, right):
        checked(operand)
    return checked(_BINOPS[operator_name](left, right))


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow,
}

_TEXT_FILTERS = frozenset({
    "string", "e", "escape", "forceescape", "safe", "trim", "upper", "lower", "title", "capitalize", "center",
    "indent", "replace", "truncate", "wordwrap", "wordcount", "striptags", "urlize", "urlencode", "format", "join",
    "tojson", "pprint", "xmlattr", "filesizeformat", "plain", "width", "and_list", "joined",
})
"""Filters that turn their input into text (``str()`` or ``repr()`` of it)."""


def _filter_size(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """Upper bound of the size of what filter ``name`` makes from ``value``, for the filters that can grow it."""
    text = len(value) if isinstance(value, str) else measure(value)
    lines = value.count("\n") + 1 if isinstance(value, str) else 1
    first = args[0] if args else None
    if name == "center":
        return max(text, _number(kwargs.get("width", first), "幅"))
    if name == "indent":
        width = kwargs.get("width", first if args else 4)
        unit = len(width) if isinstance(width, str) else _number(width, "字下げ")
        return text + lines * unit
    if name == "wordwrap":
        wrapstring = kwargs.get("wrapstring", args[2] if len(args) > 2 else "\n")
        return text + (text + 1) * len(wrapstring if isinstance(wrapstring, str) else "\n")
    if name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = (value.count(old) if isinstance(value, str) and old else text + 1)
        return text + count * len(new)
    if name in ("join", "joined"):
        separator = kwargs.get("d", kwargs.get("sep", first if args else ""))
        count = len(value) if isinstance(value, _CONTAINERS) else text
        return text + count * len(separator if isinstance(separator, str) else str(separator))
    if name in ("batch", "slice"):
        _number(kwargs.get("linecount" if name == "batch" else "slices", first), "分割の数")
        if isinstance(first, int) and first > MAX_ITEMS:
            raise _refuse("分割の数")
    if name == "format" and isinstance(value, str):
        return percent_size(value, kwargs or args)
    if name in ("int", "float") and isinstance(value, str) and len(value.strip()) > MAX_NUMBER_CHARS:
        # Jinja2 would quietly give 0 (Python refuses over 4,300 digits)
        raise WorkLimitError(f"数字として読む文字列が長すぎます（{MAX_NUMBER_CHARS:,}文字まで） (number too long)")
    if name == "truncate":
        end = kwargs.get("end", args[2] if len(args) > 2 else "...")
        return text + len(end if isinstance(end, str) else "")
    return text


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` as a filter whose arguments and result are checked, and whose growth is bounded first."""
    passes = 1 if getattr(function, "jinja_pass_arg", None) else 0  # context or environment comes first
    as_text = name in _TEXT_FILTERS and name != "join"

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        head, rest = args[:passes], list(args[passes:])
        if rest:
            rest[0] = _materialised(rest[0])
            joined_by_attribute = name == "join" and ("attribute" in kwargs or len(rest) > 2)
            measure(rest[0], as_text=as_text or (name == "join" and not joined_by_attribute))
            for arg in (*rest[1:], *kwargs.values()):
                measure(arg)
            if _filter_size(name, rest[0], tuple(rest[1:]), kwargs) > MAX_TEXT:
                raise _refuse("フィルターの結果")
        return checked(function(*head, *rest, **kwargs))

    return bounded


class _BoundedFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox, each field measured before it is formatted, the total bounded."""

    written = 0

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self.written = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        measure(value, as_text=True)  # !r and !s run before format_field
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        _spec_numbers(format_spec)
        self.written += measure(value, as_text=True)
        text = super().format_field(value, format_spec)
        self.written += len(text)
        if self.written > MAX_TEXT:
            raise _refuse("書式の結果")
        return text


class _BoundedEscapeFormatter(_BoundedFormatter, EscapeFormatter):
    pass


class BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with ``~`` and list, tuple and dict literals checked at run time.

    Literals matter because they share: ten nested lists of ten items each are 10**10 strings to
    compare or print, from a few lines of template.
    """

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile or frame.eval_ctx.autoescape:
            super().visit_Concat(node, frame)  # Markup joins: reportgen's environments never autoescape
            return
        self.write("environment.concat_text((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _checked_literal(self, visit: Callable[[Any, Frame], None], node: Any, frame: Frame) -> None:
        self.write("environment.checked(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._checked_literal(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._checked_literal(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx == "load":
            self._checked_literal(super().visit_Tuple, node, frame)
        else:
            super().visit_Tuple(node, frame)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with StrictUndefined-friendly bounds on size and work (see the module)."""

    code_generator_class = BoundedCodeGenerator
    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("finalize", self._finalize)
        # No constant folding: Jinja2's optimizer would run an expression's filters while compiling it,
        # outside the time limit and decimal context of bounded_work; and it is a fifth of the compile
        # time. (A template's {{ … }} output is still folded by the code generator itself: templates
        # are compiled inside bounded_work, see SentenceRules.render.)
        kwargs.setdefault("optimized", False)
        super().__init__(*args, **kwargs)
        self.globals.clear()  # no range, cycler, joiner, lipsum, namespace, dict: nothing to loop on or escape by
        self.filters = _BoundedFilters(self.filters)

    @staticmethod
    def _finalize(value: Any) -> Any:
        """What ``{{ … }}`` writes: text and numbers only, bounded."""
        if not isinstance(value, str):
            measure(value, as_text=True)
        return value

    @staticmethod
    def checked(value: Any) -> Any:
        """A literal list, tuple or dict, checked (called from the generated code)."""
        return checked(value)

    @staticmethod
    def concat_text(parts: tuple[Any, ...]) -> str:
        """``a ~ b ~ c``: each part measured as text before ``str()``, the result bounded."""
        total = sum(len(p) if isinstance(p, str) else measure(p, as_text=True) for p in parts)
        if total > MAX_TEXT:
            raise _refuse("連結の結果")
        return "".join(map(str, parts))

    @staticmethod
    def concat(parts: Any) -> str:
        """What a template or macro writes, joined; refused as soon as it passes MAX_TEXT."""
        pieces, total = [], 0
        for piece in parts:
            total += len(piece)
            if total > MAX_TEXT:
                error = _refuse("テンプレートの出力")
                if hasattr(parts, "throw"):  # raised where the template wrote it, so that the message has its line
                    parts.throw(error)
                raise error
            pieces.append(piece)
        return "".join(pieces)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        return binop(operator_name, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        args = tuple(_materialised(a) for a in args)
        for arg in (*args, *kwargs.values()):
            measure(arg)
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, str | bytes) and _str_method_size(owner, name, args, kwargs) > MAX_TEXT:
            raise _refuse(f"{name} の結果")
        if isinstance(owner, int) and name == "to_bytes":
            _number(kwargs.get("length", args[0] if args else 1), "長さ")
        return checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja2's sandboxed ``str.format``/``format_map``, with each field bounded."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner: str = value.__self__  # a str or Markup: Jinja2 wraps only their format and format_map
        formatter = _BoundedEscapeFormatter(self, escape=owner.escape) if isinstance(owner, Markup) else _BoundedFormatter(self)
        is_map = value.__name__ == "format_map"

        @functools.wraps(wrapped)
        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                return type(owner)(formatter.vformat(owner, (), args[0]))
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return bounded


class _BoundedFilters(dict[str, Callable[..., Any]]):
    """The environment's filters, each wrapped by :func:`bounded_filter` as it is added."""

    def __init__(self, filters: dict[str, Callable[..., Any]]) -> None:
        super().__init__()
        self.update(filters)

    def __setitem__(self, name: str, function: Callable[..., Any]) -> None:
        super().__setitem__(name, bounded_filter(name, function))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, function in dict(*args, **kwargs).items():
            self[name] = function

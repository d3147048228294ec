"""A rule expression is evaluated once per distinct input (rules are pure), and never mixes inputs up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.errors import Location, Problems, RuleError
from reportgen.rules import expr
from reportgen.rules.expr import Expression, compile_expression


def _counting(source: str, names: list[str]) -> tuple[Expression, list[dict[str, Any]]]:
    """The compiled expression, with every real evaluation recorded (its arguments)."""
    compiled = compile_expression(source, Location("rules.yaml", 3), names, Problems())
    assert compiled is not None
    calls: list[dict[str, Any]] = []

    def spy(**arguments: Any) -> Any:
        calls.append(arguments)
        return compiled.function(**arguments)

    return Expression(compiled.source, compiled.location, spy, compiled.names), calls


def test_the_same_inputs_are_evaluated_once_and_only_the_names_read_are_passed() -> None:
    expression, calls = _counting("value >= target", ["value", "target", "unit"])
    context = {"value": Decimal(5), "target": Decimal(4), "unit": "件", "other": object()}
    assert expression(context) is True
    assert expression(dict(context, unit="％", other=object())) is True  # names it does not read do not matter
    assert calls == [{"target": Decimal(4), "value": Decimal(5)}]
    assert expression(dict(context, value=Decimal(3))) is False
    assert len(calls) == 2


def test_equal_values_of_other_types_are_not_taken_for_each_other() -> None:
    expression, calls = _counting("x", ["x"])
    assert expression({"x": 1}) == 1 and type(expression({"x": 1})) is int
    assert expression({"x": True}) is True
    assert type(expression({"x": Decimal(1)})) is Decimal
    assert len(calls) == 3


def test_a_missing_name_is_reported_and_never_remembered() -> None:
    expression, calls = _counting("a ~ b", ["a", "b"])
    for context in ({"a": "x"}, {"b": "x"}, {"a": "x"}):
        with pytest.raises(RuleError, match="rules.yaml 3行目"):
            expression(context, "テスト")
    assert len(calls) == 3  # each evaluated: {"a": "x"} and {"b": "x"} would share the key ("x", str)
    assert expression.cache == {}


def test_unhashable_inputs_are_evaluated_every_time() -> None:
    expression, calls = _counting("values | sum", ["values"])
    assert expression({"values": [Decimal(1), Decimal(2)]}) == 3
    assert expression({"values": [Decimal(1), Decimal(2)]}) == 3
    assert len(calls) == 2 and expression.cache == {}


def test_at_most_cache_limit_results_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(expr, "CACHE_LIMIT", 3)
    expression, calls = _counting("n + 1", ["n"])
    for n in range(5):
        assert expression({"n": Decimal(n)}) == n + 1
    assert len(expression.cache) == 3
    assert expression({"n": Decimal(4)}) == 5 and len(calls) == 6  # beyond the limit: evaluated again
    assert expression({"n": Decimal(0)}) == 1 and len(calls) == 6  # within it: remembered


@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=1, max_size=30))
def test_remembered_results_are_the_results(pairs: list[tuple[int, int]]) -> None:
    expression, calls = _counting("(a * 10 + b) | round_half_up(0)", ["a", "b"])
    for a, b in pairs:
        assert expression({"a": Decimal(a), "b": Decimal(b)}) == a * 10 + b
    assert len(calls) == len(set(pairs))
